"""A note's footnotes (core/commentary.py) on the notes page, on the note's own page and in the notes feed, and
an essay's footnotes in a feed of whole essays: numbered, each reference linked to its note and back, and the
number never glued to the word before it ("season1").

``tests/roots/test-sections``: ``notes/aside`` holds two footnotes (the second with emphasis and a link);
the tests add a second note whose footnote has the same name, so the notes page must keep their ids apart.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SECOND_NOTE = """---
date: 2026-06-04
description: Another note, with a footnote of the same name.
tags: [tests]
---

# A second note on heat

Heat is what kills the seeds[^heat].

[^heat]: Above fifty-five degrees for three days.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    from proofkit import ROOTS, build_app

    src = tmp_path_factory.mktemp("note-footnotes") / "src"
    shutil.copytree(ROOTS / "test-sections", src)
    (src / "notes" / "second.md").write_text(SECOND_NOTE, encoding="utf-8")
    app = build_app(src, freshenv=True, longform_feed_fulltext=True)
    assert app.warnings == ""
    return Path(app.outdir)


def _soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")


def _entries(outdir: Path, feed: str) -> dict[str, BeautifulSoup]:
    tree = etree.parse(str(outdir / feed))
    return {
        entry.findtext(f"{ATOM}title"): BeautifulSoup(entry.findtext(f"{ATOM}content") or "", "html.parser")
        for entry in tree.iter(f"{ATOM}entry")
    }


def _check_footnotes(scope: BeautifulSoup, page: BeautifulSoup) -> list[str]:
    """Every reference in ``scope`` links to a footnote of ``page`` that links back to it; the numbers, in order."""
    numbers = []
    for ref in scope.select("a.footnote-reference"):
        note = page.find(id=ref["href"].removeprefix("#"))
        assert note is not None and "footnote" in note["class"], ref
        assert [a["href"] for a in note.select("a[role=doc-backlink]")] == [f"#{ref['id']}"]
        numbers.append(ref.get_text())
    return numbers


def test_the_notes_page_shows_each_notes_footnotes_numbered_and_linked(site):
    page = _soup(site, "notes/index.html")
    aside = next(i for i in page.select(".longform-item") if "A note on compost" in i.get_text())
    text = aside.select_one(".longform-note-text").get_text()
    assert "season[1], and" in text and "season1" not in text and "hand[2]." in text
    assert _check_footnotes(aside, page) == ["[1]", "[2]"]
    notes = aside.select("aside.footnote")
    assert [n.select_one("p").get_text(" ", strip=True) for n in notes] == [
        "The heap reached sixty degrees in the second week.",
        "With a fork , every ten days; see the method .",
    ]
    assert notes[1].select_one("em").get_text() == "fork"
    assert notes[1].select_one("a.external")["href"] == "https://www.example.com/papers/compost#method"
    # The footnotes' text is shown once, as footnotes, not again as a paragraph of the note.
    assert aside.get_text().count("sixty degrees") == 1
    # Two notes with a footnote named alike: every id on the page is unique, each reference finds its own.
    second = next(i for i in page.select(".longform-item") if "A second note on heat" in i.get_text())
    assert _check_footnotes(second, page) == ["[1]"]
    second_note = second.select_one("aside.footnote").get_text(" ", strip=True)
    assert second_note.endswith("Above fifty-five degrees for three days.")
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    assert [name for name, count in ids.items() if count > 1] == []


def test_the_notes_own_page_keeps_docutils_footnotes(site):
    page = _soup(site, "notes/aside.html")
    assert _check_footnotes(page.select_one("article"), page) == ["[1]", "[2]"]
    assert len(page.select("aside.footnote")) == 2


def test_the_notes_feed_carries_the_footnotes_linked_to_the_notes_page(site):
    entry = _entries(site, "notes.xml")["A note on compost"]
    text = entry.get_text()
    assert "season[1], and" in text and "season1" not in text
    marks = entry.select("sup a")
    assert [a.get_text() for a in marks] == ["[1]", "[2]"]
    page = _soup(site, "notes/aside.html")
    url = "https://example.org/sections/notes/aside.html#"
    for mark in marks:  # each mark opens the note's page at its footnote, and the footnote's number links back
        assert mark["href"].startswith(url)
        note = page.find(id=mark["href"].removeprefix(url))
        assert note is not None and "footnote" in note["class"]
    notes = entry.select("p.footnote")
    assert [p.get_text() for p in notes] == [
        "[1] The heap reached sixty degrees in the second week.",
        "[2] With a fork, every ten days; see the method.",
    ]
    for back in (p.select_one("a") for p in notes):
        assert back["href"].startswith(url) and page.find(id=back["href"].removeprefix(url)).name == "a"


def test_an_essays_footnotes_are_ordinary_footnotes_in_a_feed_of_whole_essays(site):
    entry = _entries(site, "atom.xml")["An essay in sections"]
    refs = entry.select("a.footnote-reference")
    notes = entry.select("aside.footnote")
    assert [a.get_text() for a in refs] == ["[1]", "[2]", "[3]"]
    assert len(notes) == 3
    page = "https://example.org/sections/essays/garden.html"
    assert [a["href"] for a in refs] == [f"{page}#{n['id']}" for n in notes]
    assert [n.select_one("a[role=doc-backlink]")["href"] for n in notes] == [f"{page}#{a['id']}" for a in refs]
    # each note's text once: the sidenote is the browser's copy, never written into a feed
    for note in notes:
        words = note.select_one("p").get_text()
        assert entry.get_text().count(words) == 1
    assert "longform-sidenote" not in str(entry)
