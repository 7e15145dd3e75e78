"""The essay page's own marks (features/header.py): its kind as classes, quiet permalinks, the printed address.

Built from the reader root (``tests/roots/test-reader``: furo, ``html_baseurl`` https://example.org/reader/):
an essay, notes and a front page that is not a catalogue page.  What the classes and the address do in a
browser (the column, print) is measured in ``tests/browser/test_reading_page.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def reader(copy_root, build):
    app = build(copy_root("reader"))
    assert app.warnings == ""
    return app


def _soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup(Path(app.outdir, page).read_text(encoding="utf-8"), "html.parser")


def test_a_catalogue_page_says_its_kind_and_other_pages_do_not(reader):
    essay = _soup(reader, "essays/figure.html").select_one("article section")
    assert essay["class"] == ["longform-page", "longform-page-essay", "longform-article"]
    note = _soup(reader, "notes/piece.html").select_one("article section")
    assert "longform-page-note" in note["class"]
    assert _soup(reader, "index.html").select("section.longform-page") == []


def test_the_header_and_footer_parts_are_marked_apart_from_the_text(reader):
    soup = _soup(reader, "essays/figure.html")
    assert "longform-header" in soup.select_one("p.longform-meta")["class"]
    assert "longform-header" in soup.select_one("p.longform-tag-line")["class"]
    first = soup.select_one("article section > p:not([class])")
    assert first.get_text().startswith("The figure below is drawn for paper")


def test_permalinks_on_a_catalogue_page_carry_no_glyph_in_the_text(reader):
    soup = _soup(reader, "essays/figure.html")
    links = soup.select("article a.headerlink")
    assert links and all(a.get_text() == "" for a in links)
    assert all(a["aria-label"] == a["title"] and "longform-permalink" in a["class"] for a in links)
    assert "¶" not in soup.select_one("article").get_text()
    # A page that is not an essay keeps Sphinx's own permalink as it is.
    assert [a.get_text() for a in _soup(reader, "index.html").select("article h1 a.headerlink")] == ["¶"]


def test_the_printed_address_closes_the_essay_hidden_on_screen(reader):
    soup = _soup(reader, "essays/figure.html")
    [line] = soup.select("p.longform-print-url")
    assert line.has_attr("hidden")
    assert line.a["href"] == "https://example.org/reader/essays/figure.html"
    assert " ".join(line.get_text().split()) == "Online at https://example.org/reader/essays/figure.html"
    assert soup.select("article p.longform-print-url")  # in the article, after the essay's text
    assert not _soup(reader, "index.html").select("p.longform-print-url")


def test_without_a_site_address_nothing_is_printed_but_the_essay(copy_root, build):
    app = build(copy_root("reader"), html_baseurl="")
    assert not _soup(app, "essays/figure.html").select("p.longform-print-url")
