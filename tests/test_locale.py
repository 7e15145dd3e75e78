"""Every string a reader sees goes through the message catalogue: a site in German reads German.

The German site is the listings root built with ``language = "de"``; every expected date and count below is
read off that root's sources (the front matter of tests/roots/test-listings) and written out by hand in German.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from proofkit import build as proof_build

ROOTS = Path(__file__).resolve().parent / "roots"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
#: RFC 3339, as Atom's <updated> and <published> must be (never translated).
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")

#: The group headings of a listing (h2 under the page's title, h3 under a section's).
HEADINGS = ".longform-year > h2, .longform-year > h3, .longform-month > h2, .longform-month > h3"
#: A listing by month, added to the copy of the root (the root itself groups by year only).
BY_MONTH = """

## By month

```{essay-list}
:group-by: month
```
"""


def _soup(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for pilcrow in soup.select("a.headerlink"):
        pilcrow.decompose()
    return soup


def _text(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(node.get_text(" ", strip=True).split()) for node in soup.select(selector)]


def _site(tmp_path_factory: pytest.TempPathFactory, language: str, root: str = "listings") -> Path:
    src = tmp_path_factory.mktemp(f"{root}-{language}") / root
    shutil.copytree(ROOTS / f"test-{root}", src)
    if root == "listings":
        with (src / "archive.md").open("a", encoding="utf-8") as archive:
            archive.write(BY_MONTH)
    built = proof_build(src, freshenv=True, language=language)
    assert built.warnings == "", built.warnings
    return built.outdir


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "de")


@pytest.fixture(scope="module")
def german_paths(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "de", "paths")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "en")


def test_an_essay_page_reads_german(german):
    page = _soup(german / "essays" / "alpha-go.html")  # date: 2026-03-01, a one-line body
    meta = _text(page, ".longform-meta")[0]
    assert meta.startswith("1. März 2026 · 1 Min. Lesezeit"), meta
    updated = _soup(german / "essays" / "beta-queues.html")  # date: 2025-11-20, updated: 2026-04-02
    meta = _text(updated, ".longform-meta")[0]
    assert meta.startswith("20. November 2025 · Aktualisiert 2. April 2026 · 1 Min. Lesezeit"), meta
    assert "min read" not in meta and "Updated" not in meta


def test_a_series_part_reads_german(german):
    page = _soup(german / "essays" / "zeta-pipes-two.html")  # series: pipes, part: 2 (of 2)
    assert "Teil 2 von 2 in Pipes, in order" in _text(page, ".longform-meta")[0]
    footer = _text(page, ".longform-series-footer")[0]
    assert footer.startswith("Dieser Essay gehört zur Reihe Pipes, in order"), footer
    assert "Zeta pipes, part two (dieser Essay)" in footer, footer
    assert "Vorheriger Teil · Teil 1" in footer, footer


def test_listings_count_and_date_in_german(german):
    index = _soup(german / "index.html")
    # 5 published essays (one draft left out), 2 notes, 2 pieces of earlier writing, 4 tags
    assert _text(index, ".longform-site-count") == ["5 Essays", "2 Notizen", "2 Essays", "4 Schlagwörter"]
    dates = _text(index, ".longform-item-meta .longform-date")
    assert dates[:2] == ["1. März 2026", "15. Januar 2026"], dates
    assert all("min read" not in line for line in _text(index, ".longform-item-meta"))
    filters = _soup(german / "filters.html")
    assert "Hier gibt es noch keine Essays." in _text(filters, ".longform-empty")


def test_archive_headings_in_german(german):
    archive = _soup(german / "archive.html")
    headings = _text(archive, HEADINGS)
    # by year: 2026 alpha, gamma; 2025 beta, zeta one, zeta two; earlier writing: 2019 and 2017, one each
    assert headings[:4] == ["2026 · 2 Essays", "2025 · 3 Essays", "2019 · 1 Essay", "2017 · 1 Essay"], headings
    # by month (essays only): March and January 2026, November, June and May 2025
    assert headings[4:] == [
        "März 2026 · 1 Essay",
        "Januar 2026 · 1 Essay",
        "November 2025 · 1 Essay",
        "Juni 2025 · 1 Essay",
        "Mai 2025 · 1 Essay",
    ], headings


def test_a_tag_page_reads_german(german):
    page = _soup(german / "tags" / "testing.html")  # gamma-testing (2026-01-15) and the note tiny-testing
    summary = " ".join(_text(page, ".longform-tag-summary"))
    assert "1 Essay und 1 Notiz" in summary, summary
    assert "Alle Schlagwörter" in summary, summary
    assert "15. Januar 2026" in _text(page, ".longform-date")
    index = _soup(german / "tags" / "index.html")
    assert "4 Schlagwörter" in _text(index, ".longform-tag-total")


def test_the_feeds_speak_german_and_keep_rfc3339_dates(german):
    site = etree.parse(german / "atom.xml")
    assert site.findtext("a:title", namespaces=ATOM) == "Listings"
    assert site.findtext("a:subtitle", namespaces=ATOM) == "Die neuesten Essays von Listings"
    # the newest change of the feed's entries: beta-queues' update, 2026-04-02
    assert site.findtext("a:updated", namespaces=ATOM).startswith("2026-04-02T")
    stamps = [node.text for node in site.iterfind(".//a:entry/a:updated", ATOM)]
    stamps += [node.text for node in site.iterfind(".//a:entry/a:published", ATOM)]
    assert stamps and all(RFC3339.fullmatch(stamp) for stamp in stamps), stamps
    notes = etree.parse(german / "notes.xml")
    assert notes.findtext("a:title", namespaces=ATOM) == "Listings: Notizen"
    assert notes.findtext("a:subtitle", namespaces=ATOM) == "Kurze Notizen von Listings"
    topic = etree.parse(german / "topics" / "alpha.xml")
    assert topic.findtext("a:subtitle", namespaces=ATOM) == "Essays zu Alpha"
    assert topic.findtext("a:title", namespaces=ATOM) == "Alpha — Listings"
    head = _soup(german / "notes" / "index.html")
    titles = [link["title"] for link in head.select('link[rel="alternate"][type="application/atom+xml"]')]
    assert "Listings: Notizen" in titles, titles


def test_english_is_unchanged(english):
    """The same site in English reads as it always has (wording and day-month-year dates)."""
    page = _soup(english / "essays" / "beta-queues.html")
    meta = _text(page, ".longform-meta")[0]
    assert meta.startswith("20 November 2025 · Updated 2 April 2026 · 1 min read"), meta
    index = _soup(english / "index.html")
    assert _text(index, ".longform-site-count") == ["5 essays", "2 notes", "2 essays", "4 tags"]
    archive = _soup(english / "archive.html")
    headings = _text(archive, HEADINGS)
    assert "2026 · 2 essays" in headings and "2017 · 1 essay" in headings and "March 2026 · 1 essay" in headings
    site = etree.parse(english / "atom.xml")
    assert site.findtext("a:subtitle", namespaces=ATOM) == "The newest essays from Listings"
    notes = etree.parse(english / "notes.xml")
    assert notes.findtext("a:title", namespaces=ATOM) == "Listings: notes"


def test_the_search_page_gives_its_script_the_german_words(german):
    """What Sphinx's catalogue does not translate for the Pagefind search page comes from ours, in an attribute."""
    page = _soup(german / "search.html")
    (script,) = [tag for tag in page.select("script[src]") if "longform-pagefind.js" in tag["src"]]
    assert script["data-longform-more"] == "Weitere Ergebnisse"
    assert script["data-longform-none"].startswith("Die Suche hat keine Seite gefunden.")
    found = json.loads(script["data-longform-found"])
    # the form for n is table[n] up to 199, then table[100 + n % 100]; German: one form for 1, one for the rest
    form = [found["forms"][int(found["table"][n if n < 200 else 100 + n % 100])] for n in (1, 2, 0, 21, 1001)]
    assert form[0] == "Suche abgeschlossen: eine Seite gefunden."
    assert set(form[1:]) == {"Suche abgeschlossen: %(count)s Seiten gefunden."}


def test_reading_paths_read_german(german_paths):
    """tests/roots/test-paths: the first path is alpha (5 min), beta (7), gamma (11); the second gamma, alpha."""
    first = _soup(german_paths / "paths" / "first.html")
    assert _text(first, ".longform-path-totals")[0].startswith("3 Essays · 23 Min."), _text(
        first, ".longform-path-totals"
    )
    assert "Warum hier:" in " ".join(_text(first, ".longform-path-note"))
    listing = _soup(german_paths / "paths" / "index.html")
    metas = _text(listing, ".longform-path-list-meta")
    assert [meta.split(" · ")[:2] for meta in metas] == [["3 Essays", "23 Min."], ["2 Essays", "16 Min."]], metas
    beta = _soup(german_paths / "essays" / "beta.html")
    assert _text(beta, ".longform-path-banner-text")[0].startswith("Lesepfad The first path · Schritt 2 von 3")
    onward = " ".join(_text(beta, ".longform-path-onward"))
    assert "Schritt 2 von 3 auf dem Lesepfad The first path" in onward, onward
    assert "Nächster Schritt: Gamma →" in onward, onward
    gamma = _soup(german_paths / "essays" / "gamma.html")
    assert "Der letzte Schritt dieses Pfads — zurück zum Pfad" in " ".join(_text(gamma, ".longform-path-onward"))
    # the words the progress script writes, given to it by the page (the script itself holds no English)
    assert {slot["data-longform-progress"] for slot in beta.select("[data-longform-progress]")} == {
        "%(read)s von %(total)s gelesen"
    }
    (toggle,) = beta.select("[data-longform-toggle]")
    assert toggle["data-longform-toggle-label"] == "Als gelesen markieren"
    states = {slot["data-longform-read-state"] for slot in first.select("[data-longform-read-state]")}
    assert states == {"✓ Gelesen"}


def _scripts(page: BeautifulSoup) -> list[str]:
    return [tag["src"].split("?")[0].rsplit("/", 1)[-1] for tag in page.select("script[src]")]


def test_sphinx_translations_get_their_policy_safe_loader_in_order(german, english):
    """On a site not in English, longform-translations.js comes after doctools.js and before translations.js
    (tests/browser/test_german_progress.py runs it); an English site does not load it."""
    scripts = _scripts(_soup(german / "essays" / "alpha-go.html"))
    assert "translations.js" in scripts, scripts
    order = [scripts.index(name) for name in ("doctools.js", "longform-translations.js", "translations.js")]
    assert order == sorted(order), scripts
    assert "longform-translations.js" not in _scripts(_soup(english / "essays" / "alpha-go.html"))
