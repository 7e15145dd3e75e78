"""A feed for every way of reading: per series, per topic, per author (and per tag, and the site's).

Every feed of the authors root is validated against RFC 4287 (the RELAX NG schema of ``test_feed``)
and for the elements a reader needs (feed id, title, updated; each entry's id, title, updated, link
and full summary); each is announced by ``<link rel="alternate">`` on its page; its entries are the
page's members, newest first, computed here from the root's sources (tests/sources.py).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
import sources
import yaml
from bs4 import BeautifulSoup
from lxml import etree
from test_feed import ATOM_RNG

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/site/"


@pytest.fixture(scope="module")
def site(built_root):
    app = built_root("authors")
    assert app.warnings == ""
    return app


def _newest(entries) -> list[str]:
    return [e.docname for e in sorted(entries, key=lambda e: (-e.date.toordinal(), e.title.lower()))]


def _expected(app) -> dict[str, tuple[str, list[str]]]:
    """feed path -> (the page announcing it, the docnames it lists), from the sources."""
    records = sources.listed(app.srcdir, "essay", "archived", "note")  # the sources', not the catalogue's
    essays = [e for e in records if e.kind in ("essay", "archived")]
    srcdir = Path(app.srcdir)
    series = yaml.safe_load((srcdir / "series.yaml").read_text(encoding="utf-8"))
    authors = yaml.safe_load((srcdir / "authors.yaml").read_text(encoding="utf-8"))
    topic = (srcdir / "topics" / "one.md").read_text(encoding="utf-8")
    in_topic = {line.strip().lstrip("/") for line in topic.splitlines() if line.strip().startswith("/essays/")}
    out = {
        "series/pipes.xml": ("series/pipes.html", _newest(e for e in essays if e.series in series)),
        "topics/one.xml": ("topics/one.html", _newest(e for e in essays if e.docname in in_topic)),
    }
    for slug in authors:
        mine = [e for e in essays if slug in e.authors]
        if mine:
            out[f"authors/{slug}.xml"] = (f"authors/{slug}.html", _newest(mine))
    return out


def test_every_feed_is_valid_atom_with_the_required_elements(site):
    schema = etree.RelaxNG(etree.fromstring(ATOM_RNG.encode()))
    feeds = sorted(Path(site.outdir).rglob("*.xml"))
    names = {p.relative_to(site.outdir).as_posix() for p in feeds}
    assert set(_expected(site)) <= names
    assert {"atom.xml", "notes.xml", "tags/go.xml"} <= names
    for path in feeds:
        if path.name in ("sitemap.xml",):
            continue
        document = etree.parse(str(path), etree.XMLParser(resolve_entities=False))
        assert schema.validate(document), (path, schema.error_log)
        feed = document.getroot()
        for tag in ("id", "title", "updated"):
            assert (feed.findtext(ATOM + tag) or "").strip(), (path, tag)
        for entry in feed.findall(ATOM + "entry"):
            for tag in ("id", "title", "updated", "summary"):
                assert (entry.findtext(ATOM + tag) or "").strip(), (path, tag)
            assert entry.find(ATOM + "link").get("href", "").startswith(BASE)


@pytest.mark.parametrize("feed", ["series/pipes.xml", "topics/one.xml", "authors/ines-varga.xml"])
def test_each_feed_lists_its_pages_members_newest_first_and_is_announced(site, feed):
    page, docnames = _expected(site)[feed]
    assert len(docnames) >= 2, docnames  # an empty feed would match an empty expectation
    essays = sources.pages(site.srcdir)
    root = etree.parse(str(Path(site.outdir) / feed)).getroot()
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links == {"self": BASE + feed, "alternate": BASE + page}
    entries = root.findall(ATOM + "entry")
    assert [e.findtext(ATOM + "id") for e in entries] == [f"{BASE}{doc}.html" for doc in docnames]
    for entry, doc in zip(entries, docnames, strict=True):
        record = essays[doc]
        assert entry.findtext(ATOM + "summary") == record.description  # the whole description
        assert entry.findtext(ATOM + "updated").startswith((record.updated or record.date).isoformat())
    soup = BeautifulSoup((Path(site.outdir) / page).read_text(encoding="utf-8"), "html.parser")
    announced = {
        posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
        for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
    }
    assert announced == {"atom.xml", feed}


def _leave_topic(src: Path) -> None:  # the topic's toctree loses an essay: its feed follows
    text = (src / "topics" / "one.md").read_text(encoding="utf-8")
    (src / "topics" / "one.md").write_text(text.replace("/essays/pipes-two\n", ""), encoding="utf-8")


def _retitle_series(src: Path) -> None:
    text = (src / "series.yaml").read_text(encoding="utf-8")
    (src / "series.yaml").write_text(text.replace("title: Pipes in two parts", "title: Pipes, twice"), encoding="utf-8")


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("change", [_leave_topic, _retitle_series], ids=lambda f: f.__name__)
def test_feeds_follow_their_pages_incrementally(tmp_path, change, parallel):
    import shutil

    from proofkit import build, compare, tree, without_pruned_search_terms

    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-authors", src)
    first = build(src, parallel=parallel, freshenv=True)
    before = tree(first.outdir)
    change(src)
    incremental = build(src, parallel=parallel)
    after = tree(incremental.outdir)
    feed = "topics/one.xml" if change is _leave_topic else "series/pipes.xml"
    assert before[feed] != after[feed]
    clean = build(Path(shutil.copytree(src, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))))
    problems = compare(
        without_pruned_search_terms(after), without_pruned_search_terms(tree(clean.outdir)), labels=("inc", "clean")
    )
    assert not problems, problems


def _listed_on(page: Path) -> int:
    """How many entries a written page lists: its items (cards) and archive lines, or its toctree's entries."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    listed = len(article.select(".longform-item")) + len(article.select("ul.longform-compact > li"))
    return listed or len(article.select(".toctree-wrapper li.toctree-l1"))  # a topic page listing by its toctree


def test_every_feed_has_as_many_entries_as_its_page_lists(tmp_path, build):
    """A tag page saying "2 essays and 1 note" has a feed of 3 entries (up to longform_feed_length); the site
    feed has the archive's essays.  Counted on the written pages and feeds, every feed of the site."""
    import shutil

    src = tmp_path / "authors"
    shutil.copytree(Path(__file__).parent / "roots" / "test-authors", src)
    note = src / "notes" / "queue-note.md"
    note.write_text(note.read_text(encoding="utf-8").replace("authors:", "tags: [queues]\nauthors:"), encoding="utf-8")
    site = build(src)
    assert site.warnings == ""
    out = Path(site.outdir)
    assert "1 note" in (out / "tags" / "queues.html").read_text(encoding="utf-8")
    limit = site.config.longform_feed_length
    checked = 0
    for path in sorted(out.rglob("*.xml")):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
        if root.tag != f"{ATOM}feed":
            continue  # the sitemap
        entries = len(root.findall(f"{ATOM}entry"))
        name = path.relative_to(out).as_posix()
        if name == "atom.xml":  # the newest essays: the archive lists them all
            page = out / "archive.html"
        else:
            alternate = next(link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate")
            page = out / alternate.removeprefix(BASE) if alternate.startswith(BASE) else out / alternate
        listed = _listed_on(page)
        assert listed, f"{page.relative_to(out)} lists nothing for {name}"
        assert entries == min(listed, limit), f"{name} has {entries} entries; {page.relative_to(out)} lists {listed}"
        checked += 1
    assert checked >= 8, checked
