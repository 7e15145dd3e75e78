"""The site feed atom.xml and the notes feed notes.xml: parsed field by field, announced on every page."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest
import sources
import yaml
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from lxml import etree

ROOTS = Path(__file__).resolve().parent / "roots"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/site/"  # html_baseurl of the listings root


@pytest.fixture(scope="module")
def site(listings_site):
    """The one shared build of the listings root (tests/conftest.py)."""
    return listings_site


#: RFC 4287's schema (appendix B) as RELAX NG, for the elements a feed of ours may hold; no extensions.
ATOM_RNG = r"""
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.w3.org/2005/Atom"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="feed"/></start>
  <define name="common">
    <optional><attribute><name ns="http://www.w3.org/XML/1998/namespace">base</name>
      <data type="anyURI"/></attribute></optional>
    <optional><attribute><name ns="http://www.w3.org/XML/1998/namespace">lang</name>
      <data type="language"/></attribute></optional>
  </define>
  <define name="text">
    <ref name="common"/>
    <optional><attribute name="type"><choice><value>text</value><value>html</value></choice></attribute></optional>
    <text/>
  </define>
  <define name="date">
    <ref name="common"/>
    <data type="dateTime"><param name="pattern">.*(Z|[+\-]\d\d:\d\d)</param></data>
  </define>
  <define name="person">
    <ref name="common"/>
    <interleave>
      <element name="name"><text/></element>
      <optional><element name="uri"><data type="anyURI"/></element></optional>
      <optional><element name="email"><text/></element></optional>
    </interleave>
  </define>
  <define name="category">
    <element name="category"><ref name="common"/>
      <attribute name="term"/><optional><attribute name="scheme"><data type="anyURI"/></attribute></optional>
      <optional><attribute name="label"/></optional><empty/></element>
  </define>
  <define name="link">
    <element name="link"><ref name="common"/>
      <attribute name="href"><data type="anyURI"/></attribute>
      <optional><attribute name="rel"/></optional><optional><attribute name="type"/></optional>
      <optional><attribute name="hreflang"/></optional><optional><attribute name="title"/></optional>
      <optional><attribute name="length"/></optional><empty/></element>
  </define>
  <define name="id"><element name="id"><ref name="common"/><data type="anyURI"/></element></define>
  <define name="feed">
    <element name="feed"><ref name="common"/>
      <interleave>
        <zeroOrMore><element name="author"><ref name="person"/></element></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <zeroOrMore><element name="contributor"><ref name="person"/></element></zeroOrMore>
        <optional><element name="generator"><ref name="common"/>
          <optional><attribute name="uri"/></optional><optional><attribute name="version"/></optional>
          <text/></element></optional>
        <optional><element name="icon"><ref name="common"/><data type="anyURI"/></element></optional>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="logo"><ref name="common"/><data type="anyURI"/></element></optional>
        <optional><element name="rights"><ref name="text"/></element></optional>
        <optional><element name="subtitle"><ref name="text"/></element></optional>
        <element name="title"><ref name="text"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
      <zeroOrMore><ref name="entry"/></zeroOrMore>
    </element>
  </define>
  <define name="entry">
    <element name="entry"><ref name="common"/>
      <interleave>
        <zeroOrMore><element name="author"><ref name="person"/></element></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <optional><element name="content"><ref name="text"/></element></optional>
        <zeroOrMore><element name="contributor"><ref name="person"/></element></zeroOrMore>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="published"><ref name="date"/></element></optional>
        <optional><element name="rights"><ref name="text"/></element></optional>
        <optional><element name="summary"><ref name="text"/></element></optional>
        <element name="title"><ref name="text"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
    </element>
  </define>
</grammar>
"""


def test_feeds_are_valid_atom(site):
    schema = etree.RelaxNG(etree.fromstring(ATOM_RNG.encode()))
    for name in ("atom.xml", "notes.xml"):
        document = etree.parse(str(Path(site.outdir) / name), etree.XMLParser(resolve_entities=False))
        assert schema.validate(document), (name, schema.error_log)
        feed = document.getroot()
        # RFC 4287 4.1.1 and 4.1.2, beyond the schema: an author for every entry (here the feed's), and
        # without content an entry needs an alternate link (a link with no rel is one).
        assert feed.find(ATOM + "author") is not None
        for entry in feed.findall(ATOM + "entry"):
            assert any(link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link"))


def _feed(app, name: str):
    return ElementTree.fromstring((Path(app.outdir) / name).read_bytes())


def _one(element, tag: str):
    found = element.findall(ATOM + tag)
    assert len(found) == 1, f"{tag}: {len(found)}"
    return found[0]


def _time(text: str) -> dt.datetime:
    """RFC 3339 date-time, with its offset (Atom requires both)."""
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text), text
    return dt.datetime.fromisoformat(text)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _tag_titles(app) -> dict[str, str]:
    vocabulary = yaml.safe_load((Path(app.srcdir) / "tags.yaml").read_text())
    return {slug: term["title"] for slug, term in vocabulary.items()}


def _expected(app, kind: str):
    """The newest ``longform_feed_length`` pages of ``kind``, read from the root's sources."""
    return sources.newest_first(sources.listed(app.srcdir, kind))[: app.config.longform_feed_length]


def _check_atom(feed, *, path: str, page: str, title: str, expected, app) -> None:
    """RFC 4287's requirements, and our values, field by field."""
    assert feed.tag == ATOM + "feed"
    assert _one(feed, "id").text == BASE + path
    assert _one(feed, "title").text == title
    links = {link.get("rel"): link.get("href") for link in feed.findall(ATOM + "link")}
    assert links == {"self": BASE + path, "alternate": BASE + page}
    assert _one(_one(feed, "author"), "name").text == app.config.author  # so entries need none
    newest = max(e.updated or e.date for e in expected)
    assert _time(_one(feed, "updated").text) == _midnight(newest)
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == len(expected)
    titles = _tag_titles(app)
    for entry, essay in zip(entries, expected, strict=True):
        url = BASE + essay.docname + ".html"
        assert _one(entry, "id").text == url
        assert _one(entry, "title").text == essay.title
        assert [link.get("href") for link in entry.findall(ATOM + "link")] == [url]
        assert _one(entry, "summary").text == essay.description
        assert _time(_one(entry, "published").text) == _midnight(essay.date)
        assert _time(_one(entry, "updated").text) == _midnight(essay.updated or essay.date)
        assert [c.get("term") for c in entry.findall(ATOM + "category")] == [titles[t] for t in essay.tags]


def test_site_feed_lists_the_newest_essays_field_by_field(site):
    expected = _expected(site, "essay")
    everything = sources.listed(site.srcdir, "essay")
    assert len(everything) > site.config.longform_feed_length  # so the limit is exercised
    _check_atom(
        _feed(site, "atom.xml"), path="atom.xml", page="index.html", title="Listings", expected=expected, app=site
    )


def test_updated_essays_carry_their_update(site):
    updated = [e for e in _expected(site, "essay") if e.updated]
    assert updated, "the root must have an updated essay among the newest"
    entry = next(
        x for x in _feed(site, "atom.xml").findall(ATOM + "entry") if x.find(ATOM + "title").text == updated[0].title
    )
    assert _time(entry.find(ATOM + "updated").text) > _time(entry.find(ATOM + "published").text)


def test_site_feed_leaves_out_drafts_earlier_writing_and_notes(site):
    entries = _feed(site, "atom.xml").findall(ATOM + "entry")
    ids = [x.find(ATOM + "id").text for x in entries]
    # Written out from the root's front matter: the four newest published essays (longform_feed_length = 4).
    # essays/draft-go (2026-05-01) would be the newest of all, and would push zeta-pipes-two out.
    assert ids == [
        BASE + "essays/alpha-go.html",  # 2026-03-01
        BASE + "essays/gamma-testing.html",  # 2026-01-15
        BASE + "essays/beta-queues.html",  # 2025-11-20
        BASE + "essays/zeta-pipes-two.html",  # 2025-06-06
    ]
    assert [x.find(ATOM + "title").text for x in entries] == [
        "Alpha on Go",
        "Gamma & <testing>",
        "Beta on queues",
        "Zeta pipes, part two",
    ]
    text = (Path(site.outdir) / "atom.xml").read_text(encoding="utf-8")
    for absent in ("draft-go", "Draft on Go", "earlier/", "notes/small-go", "notes/tiny-testing"):
        assert absent not in text, absent


def test_notes_feed_lists_the_notes(site):
    _check_atom(
        _feed(site, "notes.xml"),
        path="notes.xml",
        page="notes/index.html",
        title="Listings: notes",
        expected=_expected(site, "note"),
        app=site,
    )


def test_every_page_announces_the_site_feed(site):
    outdir = Path(site.outdir)
    pages = sorted(outdir.rglob("*.html"))
    assert len(pages) > 20  # sources, generated tag and series pages, genindex, search
    for page in pages:
        rel = page.relative_to(outdir).as_posix()
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        feeds = {
            posixpath.normpath(posixpath.join(posixpath.dirname(rel), link["href"])): link["title"]
            for link in head.find_all("link", rel="alternate", type="application/atom+xml")
        }
        assert feeds.get("atom.xml") == "Listings", rel
        assert ("notes.xml" in feeds) == rel.startswith("notes/"), rel


def test_feed_link_role_points_at_the_feed(site):
    soup = BeautifulSoup((Path(site.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("a.longform-feed-link")
    assert (link["href"], link.get_text()) == ("atom.xml", "The site feed")


def test_feeds_are_rewritten_only_when_what_they_show_changes(copy_root, build):
    src = copy_root("listings")
    app = build(src)
    feed = Path(app.outdir) / "atom.xml"
    before = feed.stat().st_mtime_ns, feed.read_bytes()
    essay = src / "essays" / "alpha-go.md"
    essay.write_text(essay.read_text().replace("Body of", "A new body of"))
    build(src)
    assert (feed.stat().st_mtime_ns, feed.read_bytes()) == before
    essay.write_text(essay.read_text().replace("Alpha describes Go.", "Alpha, described again."))
    build(src)
    assert b"<summary>Alpha, described again.</summary>" in feed.read_bytes()
