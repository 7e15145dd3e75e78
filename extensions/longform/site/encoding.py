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

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.catalogue import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CODEC = "longform_utf_8_replace"


def _search(name: str) -> codecs.CodecInfo | None:
    if name != CODEC:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=CODEC,
        encode=base.encode,
        decode=lambda data, errors="strict": base.decode(data, "replace"),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=lambda errors="strict": base.incrementaldecoder("replace"),
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


def _register() -> None:
    try:
        codecs.lookup(CODEC)
    except LookupError:
        codecs.register(_search)


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: read sources through the forgiving codec (main process, before forking)."""
    if env.settings.get("input_encoding") in ("utf-8-sig", "utf-8", "utf8"):
        _register()
        env.settings["input_encoding"] = CODEC


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
    app.connect("env-before-read-docs", _before_read)
    app.connect("source-read", _check)
