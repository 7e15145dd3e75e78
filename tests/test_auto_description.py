"""A page without a ``description:`` is described by the opening of its own text: sphinxext-opengraph's card
(``og:description``), ``<meta name="description">`` and the essay's JSON-LD summary carry its first sentences, not
Longform's byline and cite block (tests/roots/test-auto-description)."""

from __future__ import annotations

import json
from typing import Any

import proofkit as kit
import pytest

from longform.site import social


@pytest.fixture(scope="module")
def site(built_root: Any) -> Any:
    return built_root("auto-description")


def _descriptions(app: Any, page: str) -> tuple[list[str], list[str]]:
    """(og:description contents, meta description contents) of a written page."""
    soup = kit.soup(app, page)
    og = [tag["content"] for tag in soup.find_all("meta", attrs={"property": "og:description"})]
    meta = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "description"})]
    return og, meta


def test_the_essay_without_a_description_is_warned_about_once(site):
    lines = [line for line in site.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1, site.warnings
    assert "backpressure.md" in lines[0] and "longform.missing-description" in lines[0]


def test_an_essay_without_a_description_is_described_by_its_first_sentences(site):
    og, meta = _descriptions(site, "essays/backpressure.html")
    # The first two sentences fit in 200 characters, the third does not; the footnote mark is not a word.
    expected = (
        "A queue that never says no is lying about its capacity. Every buffer ends somewhere, "
        "and the producer learns where only when memory runs out."
    )
    assert og == [expected] and meta == [expected]
    (block,) = kit.soup(site, "essays/backpressure.html").find_all("script", type="application/ld+json")
    assert json.loads(block.string)["description"] == expected


def test_no_byline_date_or_citation_leaks_into_a_description(site):
    for page in ("essays/backpressure.html", "notes/ring-buffers.html", "about.html"):
        og, meta = _descriptions(site, page)
        for text in og + meta:
            for leak in ("min read", "2026", "Longform", "Cite", "“", "Queues ·"):
                assert leak not in text, (page, leak, text)


def test_a_note_skips_its_code_and_a_page_its_aside(site):
    assert _descriptions(site, "notes/ring-buffers.html") == (
        ["io_uring hands requests to the kernel through two rings. Nothing is copied!"],
        ["io_uring hands requests to the kernel through two rings. Nothing is copied!"],
    )
    og, meta = _descriptions(site, "about.html")
    assert og == meta == ["We write about queues."]  # the second sentence would pass 200 characters


def test_the_opening_stops_at_the_first_subsection(site):
    og, meta = _descriptions(site, "notes/short-intro.html")
    assert og == meta == ["One sentence only."]  # not the next part's sentence, though it would fit


def test_a_written_description_still_wins(site):
    assert _descriptions(site, "essays/described.html") == (
        ["The front matter’s own sentence."],
        ["The front matter’s own sentence."],
    )


def test_a_first_sentence_longer_than_the_limit_is_cut_at_a_word():
    from docutils.core import publish_doctree

    doctree = publish_doctree("One two three four five six seven eight nine ten.")
    assert social.opening(doctree, limit=20) == "One two three four…"
