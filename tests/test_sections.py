"""An essay's sections and footnotes as the written page carries them (features/sections.py, features/sidenotes.py).

Built from ``tests/roots/test-sections`` (furo): ``essays/garden`` has an introduction, three sections (one with
a subsection), a code block, three footnotes and an ``updated:`` date; ``essays/short`` has no footnote;
``notes/aside`` is a note with two.  What the browser does with these hooks (sidenotes in the margin, time left,
changed since you last read) is measured in ``tests/browser/test_sections_in_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def site(copy_root, build):
    app = build(copy_root("sections"))
    assert app.warnings == ""
    return app


def _soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup(Path(app.outdir, page).read_text(encoding="utf-8"), "html.parser")


def _header_minutes(soup: BeautifulSoup) -> int:
    return int(re.match(r"\d+", soup.select_one(".longform-reading-time").get_text()).group())


def _fingerprints(app, page: str = "essays/garden.html") -> dict[str, str]:
    return {
        s["id"]: s["data-longform-fingerprint"] for s in _soup(app, page).select("section[data-longform-fingerprint]")
    }


def test_every_section_of_an_essay_carries_its_time_and_fingerprint(site):
    soup = _soup(site, "essays/garden.html")
    marked = soup.select("article section[data-longform-fingerprint]")
    assert [s["id"] for s in marked] == ["an-essay-in-sections", "soil", "drainage", "water", "shelter"]
    assert all(re.fullmatch(r"[0-9a-f]{16}", s["data-longform-fingerprint"]) for s in marked)
    assert len({s["data-longform-fingerprint"] for s in marked}) == len(marked)
    # The sections' own shares add up to the header's "N min read".
    total = sum(float(s["data-longform-seconds"]) for s in marked)
    assert total == pytest.approx(_header_minutes(soup) * 60, abs=0.5)
    # The end-of-essay views (read next, linked from) are not the essay's sections.
    assert not soup.select("section.longform-related[data-longform-fingerprint]")


def test_the_outline_shows_each_sections_time_and_they_add_up(site):
    soup = _soup(site, "essays/garden.html")
    entries = {
        li.a["href"]: li.find("span", class_="longform-toc-time", recursive=False).get_text()
        for li in soup.select(".toc-tree li")
        if li.find("span", class_="longform-toc-time", recursive=False)
    }
    assert set(entries) == {"#soil", "#drainage", "#water", "#shelter"}
    assert all(re.fullmatch(r"\d+ min|<1 min", text) for text in entries.values())
    top_level = [int(entries[h].split()[0]) for h in ("#soil", "#water", "#shelter")]
    # Rounded to the nearest minute each, and the introduction has no entry: within one minute per entry.
    assert abs(sum(top_level) - _header_minutes(soup)) <= len(top_level)
    # A section's entry includes its subsection's time.
    seconds = {s["id"]: float(s["data-longform-seconds"]) for s in soup.select("section[data-longform-seconds]")}
    assert int(entries["#soil"].split()[0]) == round((seconds["soil"] + seconds["drainage"]) / 60)


def test_the_top_section_carries_the_scripts_words_and_the_updated_date(site):
    top = _soup(site, "essays/garden.html").select_one("section.longform-page")
    assert top["data-longform-page"] == "essays/garden"
    assert top["data-longform-updated"] == "2026-06-10"
    assert top["data-longform-changed-one"] == "%(n)s section changed since you read this on %(date)s"
    assert top["data-longform-changed-other"] == "%(n)s sections changed since you read this on %(date)s"
    assert top["data-longform-left"] == "%(n)s min left"
    assert "data-longform-updated" not in _soup(site, "essays/short.html").select_one("section.longform-page").attrs


def test_scripts_go_only_where_they_are_used(site):
    def scripts(page: str) -> list[str]:
        return [Path(s["src"].split("?")[0]).name for s in _soup(site, page).select("script[src]")]

    assert {"longform-sections.js", "longform-sidenotes.js"} <= set(scripts("essays/garden.html"))
    assert "longform-sidenotes.js" not in scripts("essays/short.html")  # no footnote
    assert "longform-sections.js" in scripts("essays/short.html")
    assert "longform-sidenotes.js" in scripts("notes/aside.html")  # a note's footnote is a sidenote too
    assert "longform-sections.js" not in scripts("notes/aside.html")  # a note has no reading time
    for page in ("index.html", "archive.html", "tags/tests.html"):
        assert not {"longform-sections.js", "longform-sidenotes.js"} & set(scripts(page))
    [tag] = _soup(site, "essays/garden.html").select("script[src*='longform-sidenotes.js']")
    assert tag["data-longform-note"] == "Note %(n)s"


def test_footnotes_stay_ordinary_footnotes_in_the_html_and_feeds(site):
    soup = _soup(site, "essays/garden.html")
    refs = soup.select("article a.footnote-reference")
    notes = soup.select("article aside.footnote")
    assert [a.get_text() for a in refs] == ["[1]", "[2]", "[3]"]
    assert [n.select_one("a[role=doc-backlink]")["href"] for n in notes] == ["#id1", "#id2", "#id3"]
    assert [a["href"] for a in refs] == [f"#{n['id']}" for n in notes]
    # The sidenote is the browser's copy: the written page and every feed hold each note once, no sidenote markup.
    assert "longform-sidenote" not in str(soup.select_one("article"))
    for feed in Path(site.outdir).rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "longform-sidenote" not in text and "data-longform" not in text, feed


def test_print_hides_the_copies_and_the_reading_aids(site):
    css = Path(site.outdir, "_static", "longform.css").read_text(encoding="utf-8")
    prints = " ".join(re.findall(r"@media print\{(.*?\})\}", css))
    assert re.search(r"aside\.longform-sidenote[^{]*\{display:\s*none\s*!important", prints)
    assert re.search(r"p\.longform-time-left[^{]*\{display:\s*none\s*!important", prints)
    assert "p.longform-changed-line" in prints


def test_a_fingerprint_changes_with_its_sections_own_text_only(site, build):
    before = _fingerprints(site)
    source = Path(site.srcdir, "essays", "garden.md")
    text = source.read_text(encoding="utf-8")
    # Rewrapping a paragraph is no change.
    source.write_text(text.replace("suits the blueberries.", "suits the\nblueberries."), encoding="utf-8")
    assert _fingerprints(build(site.srcdir)) == before
    # A word in the subsection changes the subsection, not its parent.
    source.write_text(text.replace("## Water\n\n", "## Water\n\nA new first sentence.\n\n"), encoding="utf-8")
    after = _fingerprints(build(site.srcdir))
    assert {k for k in before if before[k] != after[k]} == {"water"}
    # A footnote's text counts for the section that cites it.
    source.write_text(text.replace("five butts", "six butts"), encoding="utf-8")
    after = _fingerprints(build(site.srcdir))
    assert {k for k in before if before[k] != after[k]} == {"water"}


def test_a_set_reading_time_scales_the_sections(copy_root, build):
    srcdir = copy_root("sections")
    source = Path(srcdir, "essays", "garden.md")
    source.write_text(source.read_text(encoding="utf-8").replace("tags: [tests]", "tags: [tests]\nreading_time: 30"))
    app = build(srcdir)
    assert app.warnings == ""
    soup = _soup(app, "essays/garden.html")
    assert _header_minutes(soup) == 30
    assert sum(float(s["data-longform-seconds"]) for s in soup.select("section[data-longform-seconds]")) == (
        pytest.approx(1800, abs=0.5)
    )


def test_german_words(copy_root, build):
    app = build(copy_root("sections"), language="de")
    assert app.warnings == ""
    top = _soup(app, "essays/garden.html").select_one("section.longform-page")
    assert top["data-longform-left"] == "noch %(n)s Min."
    assert top["data-longform-seen"] == "Als gesehen markieren"
    assert top["data-longform-changed-other"].startswith("%(n)s Abschnitte haben sich geändert")
    assert {t.get_text() for t in _soup(app, "essays/garden.html").select(".longform-toc-time")} <= {
        f"{n} Min." for n in range(1, 10)
    }


@pytest.mark.parametrize("buildername", ["text", "latex", "singlehtml"])
def test_other_builders_build_without_the_hooks(copy_root, build, buildername):
    app = build(copy_root("sections"), buildername)
    assert app.warnings == ""
    written = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in Path(app.outdir).rglob("*.*")
        if p.suffix in {".txt", ".tex", ".html"}
    )
    assert "sixty degrees" in written or buildername != "text"
    assert "data-longform-fingerprint" not in written


def test_another_theme_gets_the_hooks_without_an_outline(copy_root, build):
    app = build(copy_root("sections"), html_theme="alabaster")
    assert app.warnings == ""
    soup = _soup(app, "essays/garden.html")
    assert len(soup.select("section[data-longform-fingerprint]")) == 5
    assert soup.select("script[src*='longform-sidenotes.js']")
