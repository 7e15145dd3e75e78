"""How Longform speaks to contributors: one warning function and one suggestion helper.

Every Longform warning is ``type="longform"`` with a subtype (so ``suppress_warnings =
["longform.<subtype>"]`` works) and a location (file and line).  Every "did you mean …?" comes from
:func:`suggest`, so all of them agree on what counts as close.
"""

from __future__ import annotations

import difflib
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


def line_of(node: Any) -> int:
    """The source line of a docutils node, or of its nearest ancestor that has one (1 if none does)."""
    current = node
    while current is not None:
        if getattr(current, "line", None):
            return int(current.line)
        current = current.parent
    return 1
