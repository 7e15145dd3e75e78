"""Listings: the essay-list directive (order, filters, groups, counts, drafts), site-count, bad options."""

from __future__ import annotations

from pathlib import Path

import proofkit as kit
import pytest
import sources
from bs4 import BeautifulSoup
from dateoracle import written_date

ROOTS = Path(__file__).resolve().parent / "roots"


def _items(node) -> list[str]:
    """Docnames of the listed items, in order (from their links, relative to any page)."""
    out = []
    anchors = node.select(".longform-item .longform-item-title a") or [
        li.a for li in node.select("ul.longform-compact > li")
    ]
    for anchor in anchors:
        href = anchor["href"].split("#")[0]
        out.append(href.removeprefix("../").removesuffix(".html"))
    return out


def _listing(soup: BeautifulSoup, section_id: str):
    found = soup.find("section", id=section_id)
    assert found is not None, section_id
    return found


def _newest_first(essays) -> list[str]:
    """The test's own ordering rule: date descending, then title."""
    return [e.docname for e in sources.newest_first(essays)]


def _listed(app, kind: str = "essay"):
    """What a listing of ``kind`` should show, read from the root's sources (not from the catalogue)."""
    return sources.listed(app.srcdir, kind)


@pytest.fixture(scope="module")
def site(listings_site):
    """The one shared build of the listings root (tests/conftest.py)."""
    return listings_site


def test_front_page_lists_every_current_essay_newest_first_without_drafts(site):
    soup = kit.soup(site, "index.html")
    listing = _listing(soup, "latest")
    expected = _newest_first(_listed(site))
    assert _items(listing) == expected
    assert "essays/draft-go" not in _items(soup)  # the draft is nowhere on the page
    assert not any(d.startswith(("earlier/", "notes/")) for d in _items(listing))


def test_each_item_shows_title_date_reading_time_description_and_tags(site):
    soup = kit.soup(site, "index.html")
    essays = sources.pages(site.srcdir)
    for box in _listing(soup, "latest").select(".longform-item"):
        docname = box.select_one(".longform-item-title a")["href"].removesuffix(".html")
        essay = essays[docname]
        assert box.select_one(".longform-item-title").get_text(strip=True) == essay.title
        assert box.select_one(".longform-date").get_text() == written_date(site.srcdir, docname)
        assert essay.words < 100  # every essay of the root is a line or two: under a minute, shown as 1
        assert box.select_one(".longform-reading-time").get_text() == "1 min read"
        assert box.select_one(".longform-item-description").get_text() == essay.description
        tag_links = box.select(".longform-tags a")
        assert [a["href"] for a in tag_links] == [f"tags/{t.lower()}.html" for t in essay.tags]
    # One written out: essays/alpha-go.md says 'date: 2026-03-01'.
    alpha = _listing(soup, "latest").find("a", href="essays/alpha-go.html").find_parent(class_="longform-item")
    assert alpha.select_one(".longform-date").get_text() == "1 March 2026"


def test_contributor_text_is_escaped_in_listings(site):
    html = (Path(site.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Gamma &amp; &lt;testing&gt;" in html
    assert "Gamma &lt;b&gt;describes&lt;/b&gt; tests &amp; more." in html
    assert "<b>describes</b>" not in html


def test_site_counts_are_computed_from_the_catalogue(site):
    text = " ".join(kit.soup(site, "index.html").find("h1").find_next("p").get_text().split())
    essays, notes, archived = _listed(site), _listed(site, "note"), _listed(site, "archived")
    used_tags = {t.lower() for e in [*essays, *notes, *archived] for t in e.tags}
    assert f"There are {len(essays)} essays, {len(notes)} notes, {len(archived)} essays of earlier writing" in text
    assert f"and {len(used_tags)} tags." in text


def test_topic_listing_follows_the_topic_toctree(site):
    soup = kit.soup(site, "topics/alpha.html")
    included = site.env.toctree_includes["topics/alpha"]
    listed = [d for d in included if not sources.read(site.srcdir, d).draft]
    essays = [sources.read(site.srcdir, d) for d in listed]
    assert _items(_listing(soup, "by-date")) == _newest_first(essays)
    assert _items(_listing(soup, "as-listed")) == listed  # :sort: toctree keeps the page's order
    # The topic's toctree names the draft: a published build drops the entry (and builds no page for it).
    assert "essays/draft-go" in (site.srcdir / "topics" / "alpha.md").read_text(encoding="utf-8")
    assert "essays/draft-go" not in included and "essays/draft-go" not in _items(soup)
    assert not (site.outdir / "essays" / "draft-go.html").exists()


def test_filters(site):
    soup = kit.soup(site, "filters.html")
    essays = _listed(site)

    def tagged(name: str):
        return [e for e in essays if name in e.tags]

    assert _items(_listing(soup, "by-tag-alias")) == _newest_first(tagged("go"))
    assert _items(_listing(soup, "by-tag-title")) == _newest_first(tagged("rare"))
    pipes = [e for e in essays if e.series == "pipes"]
    assert _items(_listing(soup, "by-series")) == _newest_first(pipes)
    assert _items(_listing(soup, "by-year")) == _newest_first([e for e in essays if e.date.year == 2025])
    by_title = [e.docname for e in sorted(essays, key=lambda e: e.title.casefold())][:3]
    assert _items(_listing(soup, "by-title-limited")) == by_title
    both = [e for e in [*essays, *_listed(site, "note")] if "go" in e.tags]
    assert _items(_listing(soup, "essays-and-notes")) == _newest_first(both)
    nothing = _listing(soup, "nothing")
    assert _items(nothing) == []
    assert nothing.select_one(".longform-empty").get_text() == "No essays here yet."


def test_archive_groups_by_year_newest_first_with_counts_and_keeps_earlier_writing_apart(site):
    soup = kit.soup(site, "archive.html")
    for kind, container in zip(("essay", "archived"), soup.select(".longform-by-year"), strict=True):
        entries = _listed(site, kind)
        years = sorted({e.date.year for e in entries}, reverse=True)
        sections = container.find_all("section", recursive=False)
        assert [s.find(["h2", "h3"]).get_text(" ", strip=True).split()[0] for s in sections] == [str(y) for y in years]
        for year, section in zip(years, sections, strict=True):
            members = [e for e in entries if e.date.year == year]
            heading = " ".join(section.find(["h2", "h3"]).get_text().replace("¶", "").split())
            noun = "essay" if len(members) == 1 else "essays"
            assert heading == f"{year} · {len(members)} {noun}"
            assert _items(section) == _newest_first(members)
    earlier = _listing(soup, "earlier")
    assert set(_items(earlier)) == {e.docname for e in _listed(site, "archived")}
    latest = _items(_listing(kit.soup(site, "index.html"), "latest"))
    assert not set(latest) & {e.docname for e in _listed(site, "archived")}


def test_notes_page_lists_the_notes(site):
    soup = kit.soup(site, "notes/index.html")
    assert _items(soup.find("article")) == [d.split("/")[1] for d in _newest_first(_listed(site, "note"))]
    assert soup.select_one("a.longform-feed-link")["href"] == "../notes.xml"


def test_previews_show_drafts_with_a_badge(built_root):
    app = built_root("listings", longform_show_drafts=True)
    listing = _listing(kit.soup(app, "index.html"), "latest")
    everything = sources.listed(app.srcdir, "essay", drafts=True)
    assert _items(listing) == _newest_first(everything)
    draft = next(box for box in listing.select(".longform-item") if "Draft on Go" in box.get_text())
    assert draft.select_one(".longform-draft").get_text() == "Draft"


# -- bad options: one located warning each, and the page still builds ----------------------

BAD = """# Bad listings

```{essay-list}
:kind: essays
```

```{essay-list}
:sort: newest
```

```{essay-list}
:limit: -2
```

```{essay-list}
:topic: topics/alpah
```

```{essay-list}
:tag: goo
```

```{essay-list}
:series: pipe
```

```{essay-list}
:sort: toctree
```

```{essay-list}
:group-by: week
```

Counting {site-count}`essay` and linking {feed-link}`atom.rss`.
"""

BAD_EXPECTED = [
    (3, "':kind: essays' is not one of essay, archived, note — did you mean 'essay'? [longform.essay-list]"),
    (7, "':sort: newest' is not one of date, title, toctree; using 'date' [longform.essay-list]"),
    (11, "':limit: -2' must be a whole number such as 5; the option is ignored [longform.essay-list]"),
    (
        15,
        "':topic: topics/alpah' is not a page — did you mean 'topics/alpha'? — give a topic page's path from the "
        "source folder, e.g. 'topics/concurrency' [longform.essay-list]",
    ),
    (19, "':tag: goo' is not a tag in tags.yaml — did you mean 'go'? [longform.essay-list]"),
    (23, "':series: pipe' is not a series in series.yaml — did you mean 'pipes'? [longform.essay-list]"),
    (
        27,
        "':sort: toctree' follows a topic's toctree — add ':topic: <page>' or sort by date; using date "
        "[longform.essay-list]",
    ),
    (31, "':group-by: week' is not one of year, month, none; using 'none' [longform.essay-list]"),
    (
        35,
        "{site-count}`essay` cannot be counted — use one of essays, notes, archived, tags, series — did you mean "
        "'essays'? [longform.site-count]",
    ),
    (
        35,
        "{feed-link}`atom.rss` names no feed of the site — link to one of atom.xml, notes.xml — did you mean "
        "'atom.xml'? [longform.feed-link]",
    ),
]


def test_bad_listing_options_give_one_located_warning_each(copy_root, build):
    src = copy_root("listings")
    (src / "bad.md").write_text(BAD, encoding="utf-8")
    (src / "index.md").write_text((src / "index.md").read_text().replace("filters\n", "filters\nbad\n"))
    app = build(src)
    lines = [line for line in app.warnings.splitlines() if "WARNING" in line]
    expected = [f"{src / 'bad.md'}:{line}: WARNING: {message}" for line, message in BAD_EXPECTED]
    assert sorted(lines) == sorted(expected)
    assert "Traceback" not in app.warnings
    soup = kit.soup(app, "bad.html")
    # Each listing still renders, with its bad option replaced by the default.
    assert len(soup.select(".longform-list")) + len(soup.select(".longform-empty")) == 8
    assert soup.find(string=lambda s: "Counting essay" in s) is not None


def _search_index(app) -> dict:
    """The search index Sphinx wrote (``Search.setIndex({...})``), as data."""
    import json

    raw = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])


def _pages_for(index: dict, term: str) -> set[str]:
    found = index["terms"].get(term, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def test_listings_are_left_out_of_the_search_index(site, built_root):
    """A search finds an essay, not every page that lists it: listings carry Sphinx's no-search class (Pagefind
    leaves it out too: site.search.EXCLUDE).  Sphinx's index, as ``longform_search = "sphinx"`` builds it."""
    index = _search_index(built_root("listings", longform_search="sphinx"))
    soup = kit.soup(site, "index.html")
    listing = _listing(soup, "latest")
    assert "describes" in listing.get_text()  # the descriptions are on the page ...
    assert listing.select(".longform-list.no-search")
    stem = site.builder.indexer.lang.stem("describes").lower()
    listing_pages = {"index", "archive", "topics/alpha", "topics/beta"}
    assert not _pages_for(index, stem) & listing_pages  # ... but not in its search entry
    # The pages' own prose is still indexed.
    assert "index" in _pages_for(index, site.builder.indexer.lang.stem("subscribe").lower())
