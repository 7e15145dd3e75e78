"""How Longform speaks to contributors: one warning function and one suggestion helper.

Every Longform warning is ``type="longform"`` with a subtype (so ``suppress_warnings =
["longform.<subtype>"]`` works) and a location (file and line).  Every "did you mean …?" comes from
:func:`suggest`, so all of them agree on what counts as close.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from docutils import nodes

logger = logging.getLogger("longform")

#: How alike a name must be to be offered as "did you mean": difflib's ratio.
CLOSE = 0.6


def warn(
    message: str,
    *,
    subtype: str,
    location: tuple[str, int] | str | nodes.Node | None,
) -> None:
    """Every Longform warning goes through here: type 'longform', a subtype, a location."""
    logger.warning(message, type="longform", subtype=subtype, location=location)


def suggest(name: str, candidates: Iterable[str] | Mapping[str, str]) -> str | None:
    """The candidate closest to ``name``, if one is close enough; for a mapping (written name -> what
    it stands for), what the closest key stands for."""
    keys = list(candidates)
    close = difflib.get_close_matches(name, keys, n=1, cutoff=CLOSE)
    if not close:
        return None
    return candidates[close[0]] if isinstance(candidates, dict) else close[0]


def conf_line(confdir: str | Path | None, *, setting: str | None = None, quoted: str | None = None) -> int | None:
    """The 1-based line of the site's ``conf.py`` that sets ``setting`` (``setting = …``) or first holds the
    string ``quoted`` in quotes (a redirect's source), or None when no line does (it was given with ``-D``,
    or by a test): the one place that finds a setting's line."""
    try:
        lines = Path(confdir or "", "conf.py").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if setting is not None:
        pattern = re.compile(rf"^\s*{re.escape(setting)}\s*=")
    else:
        pattern = re.compile(rf"""["']{re.escape(repr(str(quoted))[1:-1])}["']""")
    return next((number for number, line in enumerate(lines, start=1) if pattern.search(line)), None)


def conf_location(confdir: str | Path | None, *, setting: str | None = None, quoted: str | None = None) -> str:
    """``conf.py:<line>`` for a warning about a setting (:func:`conf_line`; line 1 when no line sets it)."""
    return f"{Path(confdir or '', 'conf.py')}:{conf_line(confdir, setting=setting, quoted=quoted) or 1}"


def line_of(node: Any) -> int:
    """The source line of a docutils node, or of its nearest ancestor that has one (1 if none does)."""
    current = node
    while current is not None:
        if getattr(current, "line", None):
            return int(current.line)
        current = current.parent
    return 1
