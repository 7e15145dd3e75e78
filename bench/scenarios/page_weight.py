"""Page weight: what Longform adds to a page for a reader (inline CSS, its stylesheet and scripts, blocking
requests), on the measured essay and on the heaviest page FULL and BASE both wrote."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import edits

if TYPE_CHECKING:
    from run import Runner


class _Head(HTMLParser):
    """Collects inline <style> sizes, stylesheets and scripts (with their loading attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[tuple[str, int]] = []
        self.sheets: list[str] = []
        self.scripts: list[tuple[str, bool]] = []  # (src, blocking)
        self._style_id: str | None = None
        self._style_len = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "style":
            self._in_style, self._style_id, self._style_len = True, a.get("id") or "", 0
        elif tag == "link" and (a.get("rel") or "") == "stylesheet" and a.get("media", "all") in ("all", "screen"):
            self.sheets.append((a.get("href") or "").split("?")[0])
        elif tag == "script" and a.get("src"):
            blocking = "defer" not in a and "async" not in a and a.get("type") != "module"
            self.scripts.append(((a.get("src") or "").split("?")[0], blocking))

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._style_len += len(data.encode("utf-8"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self.styles.append((self._style_id or "", self._style_len))
            self._in_style = False


def page_weight(full_page: Path, base_page: Path, full_out: Path) -> dict[str, Any]:
    """What Longform adds to an essay page for a reader: inline CSS, scripts, blocking requests."""

    def parse(path: Path) -> _Head:
        parser = _Head()
        parser.feed(path.read_text(encoding="utf-8"))
        return parser

    full, base = parse(full_page), parse(base_page)
    css = sum(size for ident, size in full.styles if ident.startswith("longform"))
    # Longform's stylesheet (one file for the site, ``site/assets.py``), fetched once and cached
    css_files = [href for href in full.sheets if "longform" in href]
    css_file_bytes = sum(
        (full_page.parent / href).resolve().stat().st_size
        for href in css_files
        if (full_page.parent / href).resolve().is_file()
    )
    js_files = [src for src, _ in full.scripts if "longform" in src]
    js = 0
    for src in js_files:
        target = (full_page.parent / src).resolve()
        if target.is_file():
            js += target.stat().st_size
    base_blocking = set(base.sheets) | {s for s, b in base.scripts if b}
    full_blocking = set(full.sheets) | {s for s, b in full.scripts if b}
    return {
        "page": full_page.relative_to(full_out).as_posix(),
        "inline_css_bytes": css,
        "css_files": css_files,
        "css_file_bytes": css_file_bytes,
        "js_files": js_files,
        "js_bytes": js,
        "total_bytes": css + css_file_bytes + js,
        "extra_blocking": sorted(full_blocking - base_blocking),
        "full_page_bytes": full_page.stat().st_size,
        "base_page_bytes": base_page.stat().st_size,
    }


def run(runner: Runner, n: int) -> None:
    corp = runner.corpus(n)
    plan = edits.pick_essay(corp)
    full_out, _ = runner.dirs(n, "FULL")
    base_out, _ = runner.dirs(n, "BASE")
    page = f"{plan.docname}.html"
    if (full_out / page).exists() and (base_out / page).exists():
        runner.results.weight = page_weight(full_out / page, base_out / page, full_out)
        # the heaviest page of the site: every page FULL wrote that BASE wrote too
        heaviest = runner.results.weight
        for path in sorted(full_out.rglob("*.html")):
            rel = path.relative_to(full_out)
            if rel.parts[0].startswith("_") or not (base_out / rel).is_file():
                continue
            w = page_weight(path, base_out / rel, full_out)
            if w["total_bytes"] > heaviest["total_bytes"] or w["extra_blocking"]:
                heaviest = w
        runner.results.weight["heaviest"] = {k: v for k, v in heaviest.items() if k != "heaviest"}
    runner.save("page weight")
