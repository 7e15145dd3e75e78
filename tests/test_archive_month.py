"""``:group-by: month`` on ``essay-list``: an archive with a heading per month, newest first."""

from __future__ import annotations

from pathlib import Path

import proofkit as kit
import sources
from bs4 import BeautifulSoup
from dateoracle import MONTHS


def test_group_by_month_gives_a_heading_per_month_newest_first(copy_root, build):
    src = copy_root("authors")
    archive = src / "archive.md"
    archive.write_text(archive.read_text(encoding="utf-8").replace(":group-by: year", ":group-by: month"))
    app = build(src)
    assert app.warnings == ""
    listed = sources.listed(src, "essay")  # from the root's front matter, not the catalogue
    months: dict[tuple[int, int], list] = {}
    for essay in sources.newest_first(listed):
        months.setdefault((essay.date.year, essay.date.month), []).append(essay)
    assert len(months) >= 2  # the root spans months, so the grouping shows
    soup = BeautifulSoup((Path(app.outdir) / "archive.html").read_text(encoding="utf-8"), "html.parser")
    sections = soup.select(".longform-by-month > section")
    expected = sorted(months, reverse=True)
    assert [section["id"] for section in sections] == [f"essay-{y}-{m:02d}" for y, m in expected]
    for section, (year, month) in zip(sections, expected, strict=True):
        essays = months[(year, month)]
        noun = "essay" if len(essays) == 1 else "essays"
        assert kit.text(section.find(["h2", "h3"])) == f"{MONTHS[month - 1]} {year} · {len(essays)} {noun}"
        titles = [
            kit.text(line.find("a")) for line in section.select(".longform-compact > li")
        ]  # title · date · minutes
        assert titles == [e.title for e in essays]
    # Written out, from the root's front matter (its essays are dated October and November 2026).
    assert kit.text(sections[0].find(["h2", "h3"])).startswith("November 2026 · ")
    assert kit.text(sections[-1].find(["h2", "h3"])).startswith("October 2026 · ")
