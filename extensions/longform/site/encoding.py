"""Sources that are not UTF-8: one located warning, never a crash.

Sphinx 9.0 reads each source with ``Path.read_text(encoding=...)`` and no error
handler, so one stray Latin-1 byte in an essay stops the whole build with a
``UnicodeDecodeError`` traceback.  Longform reads sources through a codec that is
UTF-8 (with an optional BOM, as Sphinx's default ``utf-8-sig``) but replaces an
undecodable byte with U+FFFD, and ``source-read`` then says which file and line
hold it and what to do.  Only the default encoding is replaced: a site that sets
``source_encoding`` to something else keeps it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core import compat, events
from ..core.log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: read sources through the forgiving codec (main process, before forking)."""
    if compat.docutils_setting(env, "input_encoding") in ("utf-8-sig", "utf-8", "utf8"):
        compat.set_docutils_setting(env, "input_encoding", compat.register_forgiving_codec())


def _check(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a replaced byte means the file is not UTF-8; say where."""
    if "\ufffd" not in source[0]:
        return
    raw = Path(app.env.doc2path(docname)).read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        warn(
            f"this file is not UTF-8 (byte 0x{raw[exc.start]:02x} on line {line} cannot be read, and is shown "
            "as '\ufffd') — save the file as UTF-8",
            subtype="encoding",
            location=(docname, line),
        )


def setup(app: Sphinx) -> None:
    events.connect(app, "env-before-read-docs", _before_read)
    events.connect(app, "source-read", _check)
