"""The writing index as a reader meets it: the front page's latest few, the archive's dense lines, the way to
subscribe on every kind of page that has a feed, and a note's own page pointing at the piece it discusses.

Built from a copy of the listings root; every assertion reads the written HTML (and the written feeds).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    from proofkit import build

    src = tmp_path_factory.mktemp("index") / "listings"
    shutil.copytree(Path(__file__).parent / "roots" / "test-listings", src)
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("```{essay-list}\n```", "```{essay-list}\n:limit: 2\n```")
    )
    note = src / "notes" / "small-go.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("tags: [go]", "tags: [go]\nlink: https://www.example.com/piece"),
        encoding="utf-8",
    )
    alpha = src / "essays" / "alpha-go.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8")
        .replace("description: Alpha describes Go.", "description: Why \"we'll stay flat\" -- and 'Go' -- fails.")
        .replace("# Alpha on Go", '# Alpha on "Go"'),
        encoding="utf-8",
    )
    built = build(src)
    assert built.warnings == ""
    return built


def _essays(site) -> list:
    listed = [e for e in site.essays.values() if e.kind == "essay" and not e.draft]
    return sorted(listed, key=lambda e: (-e.date.toordinal(), e.title.lower()))


def test_the_front_page_shows_the_latest_few_and_sends_the_rest_to_the_archive(site) -> None:
    front = _soup(site.outdir / "index.html")
    newest = _essays(site)
    titles = [a.get_text() for a in front.select("article .longform-item-title a")]
    assert titles == [e.title for e in newest[:2]]
    more = front.select_one("article .longform-more")
    assert more is not None, "the cut listing does not say where the rest is"
    assert more.get_text(" ", strip=True) == f"Showing 2 of {len(newest)} essays · All {len(newest)} essays →"
    assert more.select_one("a")["href"] == "archive.html"


def test_the_archive_is_one_line_per_essay_title_date_minutes(site) -> None:
    archive = _soup(site.outdir / "archive.html")
    assert not archive.select("article .longform-item"), "the archive repeats full cards"
    lines = [li.get_text(" ", strip=True) for li in archive.select("article ul.longform-compact > li")]
    essays = {e.title: e for e in site.essays.values() if not e.draft and e.kind != "note"}
    assert len(lines) == len(essays)
    for line in lines:
        match = re.fullmatch(r"(.+) · (\d{1,2} \w+ \d{4}) · (\d+) min", line)
        assert match, line
        assert int(match[3]) == essays[match[1]].minutes


def _subscribe(soup: BeautifulSoup) -> tuple[str, str]:
    link = soup.select_one("article .longform-subscribe a")
    assert link is not None, "no visible subscribe link"
    return link.get_text(), link["href"]


@pytest.mark.parametrize(
    ("page", "feed", "label"),
    [
        ("essays/alpha-go.html", "atom.xml", "Subscribe to new essays (Atom feed)"),
        ("topics/alpha.html", "topics/alpha.xml", "Subscribe to this topic (Atom feed)"),
        ("notes/small-go.html", "notes.xml", "Subscribe to the notes (Atom feed)"),
    ],
)
def test_a_page_with_a_feed_shows_a_subscribe_link_to_a_real_feed(site, page: str, feed: str, label: str) -> None:
    text, href = _subscribe(_soup(site.outdir / page))
    assert text == label
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    assert target == feed
    assert etree.parse(str(site.outdir / target)).getroot().tag == f"{ATOM}feed"


def test_a_feed_link_without_a_title_says_what_it_follows(site) -> None:
    notes = _soup(site.outdir / "notes" / "index.html")
    link = notes.select_one("article a.longform-feed-link")
    assert link.get_text() == "Subscribe to the notes (Atom feed)" and link["href"] == "../notes.xml"
    assert "notes.xml" not in notes.select_one("article").get_text()


def test_a_notes_own_page_links_to_the_piece_as_its_listing_does(site) -> None:
    page = _soup(site.outdir / "notes" / "small-go.html").select_one("article .longform-note-link")
    listing = _soup(site.outdir / "notes" / "index.html").select(
        "article .longform-item-note .longform-note-link a[href='https://www.example.com/piece']"
    )
    assert page is not None and len(listing) == 1
    assert page.get_text(" ", strip=True) == listing[0].parent.get_text(" ", strip=True) == "→ the piece: example.com"
    assert page.a["href"] == "https://www.example.com/piece"


def test_a_description_has_the_titles_typography_in_listings_feeds_and_meta(site) -> None:
    curly = "Why “we’ll stay flat” – and ‘Go’ – fails."
    essay = _soup(site.outdir / "essays" / "alpha-go.html")
    assert essay.select_one("h1").get_text().startswith("Alpha on “Go”")  # Sphinx's smart quotes on the title
    assert essay.select_one('meta[name="description"]')["content"] == curly
    tag = _soup(site.outdir / "tags" / "go.html")
    described = [p.get_text() for p in tag.select(".longform-item-description")]
    assert curly in described and not any('"' in text or "'" in text for text in described)
    feed = etree.parse(str(site.outdir / "atom.xml")).getroot()
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert curly in summaries


def test_a_long_stream_of_notes_comes_in_pages_of_whole_notes(tmp_path) -> None:
    import shutil

    from proofkit import build

    src = tmp_path / "listings"
    shutil.copytree(Path(__file__).parent / "roots" / "test-listings", src)
    for number in range(1, 13):
        (src / "notes" / f"extra-{number:02d}.md").write_text(
            f"---\ndate: 2025-01-{number:02d}\ndescription: Extra note {number}.\n"
            f"link: https://example.com/piece-{number}\n---\n\n# Extra note {number}\n\n"
            f"Why piece {number} is worth reading, in a sentence of its own.\n",
            encoding="utf-8",
        )
    built = build(src, longform_page_size=5)
    assert built.warnings == ""
    notes = sorted(
        (e for e in built.essays.values() if e.kind == "note" and not e.draft),
        key=lambda e: (-e.date.toordinal(), e.title.lower()),
    )
    assert len(notes) == 14
    seen: list[str] = []
    page = built.outdir / "notes" / "index.html"
    for _number in range(3):
        soup = _soup(page)
        items = soup.select("article .longform-item-note")
        assert 1 <= len(items) <= 5 and not soup.select("article ul.longform-compact")
        for item in items:  # each note whole: its text and the piece it discusses
            assert item.select_one(".longform-note-commentary").get_text(strip=True)
            seen.append(item.select_one(".longform-item-title a").get_text())
        older = soup.select_one("article a.longform-pager-next")
        if older is None:
            break
        page = (page.parent / older["href"]).resolve()
    assert seen == [n.title for n in notes], seen
