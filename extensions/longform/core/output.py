"""Files Longform writes or deletes in the output folder, and the one rule they all keep: inside it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: HTML builders that write no generated page: linkcheck writes nothing, singlehtml writes one page.
NO_PAGES = ("linkcheck", "singlehtml")


def writes_pages(app: Sphinx) -> bool:
    """Whether this build writes Longform's generated pages and feeds (tag, author and series pages, feeds):
    the HTML builders (html, dirhtml, epub), not singlehtml or linkcheck, and no other format."""
    return getattr(app.builder, "format", "") == "html" and app.builder.name not in NO_PAGES


def safe_relpath(path: str) -> bool:
    """A generated path must stay inside the output folder."""
    if not path or path.startswith(("/", "\\")) or "\\" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts) and os.path.normpath(path) == path


def write_file(app: Sphinx, path: str, content: bytes) -> None:
    """Write a generated non-HTML file (a feed) inside the output folder."""
    if not safe_relpath(path):
        raise ValueError(f"unsafe output path {path!r}")
    target = Path(app.outdir, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def delete_pages(app: Sphinx, docnames: list[str] | set[str]) -> None:
    """Delete what an HTML build wrote for ``docnames``: the page and its ``_sources/`` copy.

    Only files inside the output folder; nothing for other builders.
    """
    outfilename = getattr(app.builder, "get_outfilename", None)
    if outfilename is None or getattr(app.builder, "format", "") != "html":
        return
    outdir = Path(app.outdir).resolve()
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    for docname in sorted(docnames):
        targets = [Path(outfilename(docname))]
        for suffix in app.config.source_suffix:
            name = docname + suffix
            targets.append(outdir / "_sources" / (name if name.endswith(link_suffix) else name + link_suffix))
        for target in targets:
            target = target.resolve()
            if target.is_file() and target.is_relative_to(outdir):
                target.unlink()
