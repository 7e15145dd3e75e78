"""Tags: the tag index, a page and a feed per tag, badges on essays, the {tags} directive, links.

Expectations are derived independently of ``longform.tags``: from ``tags.yaml`` (read here with
PyYAML) and the catalogue's records (front matter and body tags as written), resolved with the
documented rule (case-insensitive match on slug, title or alias).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import proofkit as kit
import pytest
import yaml
from dateoracle import written_date
from defusedxml import ElementTree

from longform.core import catalogue

ATOM = "{http://www.w3.org/2005/Atom}"
ESSAY_KINDS = ("essay", "archived")


def _vocabulary(srcdir: Path) -> dict[str, dict]:
    return yaml.safe_load((srcdir / "tags.yaml").read_text(encoding="utf-8"))


def _names(vocab: dict[str, dict]) -> dict[str, str]:
    """Every way of writing each tag (slug, title, aliases), casefolded -> slug."""
    names: dict[str, str] = {}
    for slug, entry in vocab.items():
        for name in [slug, entry["title"], *entry.get("aliases", [])]:
            names.setdefault(name.casefold(), slug)
    return names


def _oracle(app) -> dict[str, dict]:
    """slug -> {title, description, essays: [Essay], notes: [Essay]} for listed pages, by the documented rule."""
    vocab = _vocabulary(Path(app.srcdir))
    names = _names(vocab)
    show_drafts = app.config.longform_show_drafts
    out = {slug: {**entry, "essays": [], "notes": []} for slug, entry in vocab.items()}
    listed = [e for e in catalogue.essays(app.env).values() if show_drafts or not e.draft]
    for essay in sorted(listed, key=catalogue.sort_key):
        for slug in dict.fromkeys(names[name.casefold()] for name in essay.tags):
            out[slug]["essays" if essay.kind in ESSAY_KINDS else "notes"].append(essay)
    return {slug: tag for slug, tag in out.items() if tag["essays"] or tag["notes"]}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(tag: dict) -> str:
    text = _plural(len(tag["essays"]), "essay")
    return f"{text} and {_plural(len(tag['notes']), 'note')}" if tag["notes"] else text


@pytest.fixture
def site(built_root):
    app = built_root("tags")
    assert app.warnings == ""
    return app


def test_the_oracle_sees_every_way_of_tagging(site):
    """The root exercises aliases, case, the {tags} directive, earlier writing, notes and a draft."""
    essays = catalogue.essays(site.env)
    assert essays["essays/fenced"].tags == ("go", "Concurrency")  # body directive only, no front-matter tags
    assert "tests" in essays["essays/actors"].tags  # front matter and body merged
    expected = _oracle(site)
    assert "essays/draft" not in essays  # a published build leaves drafts out entirely
    assert {e.kind for tag in expected.values() for e in tag["essays"]} == set(ESSAY_KINDS)
    assert any(tag["notes"] for tag in expected.values())


def test_tag_index_lists_every_tag_by_count_then_title(site):
    expected = _oracle(site)
    order = sorted(expected, key=lambda slug: (-len(expected[slug]["essays"]), expected[slug]["title"].casefold()))
    soup = kit.soup(Path(site.outdir) / "tags" / "index.html")
    assert kit.text(soup.find("p", class_="longform-tag-total")) == _plural(len(expected), "tag")
    entries = soup.select(".longform-tag-index .longform-tag-entry")
    assert [entry.find("a")["href"] for entry in entries] == [f"{slug}.html" for slug in order]
    for entry, slug in zip(entries, order, strict=True):
        tag = expected[slug]
        assert kit.text(entry.find("a")) == tag["title"]
        assert kit.text(entry.find(class_="longform-tag-count")) == _counts(tag)
        assert kit.text(entry.find(class_="longform-tag-entry-description")) == tag["description"]
    # The index is a source page: it is in the navigation of every page, and in the search index.
    nav = kit.soup(Path(site.outdir) / "essays" / "channels.html").select(".sidebar-tree a")
    assert "tags/index.html" in {a["href"].removeprefix("../") for a in nav}
    assert "tags/index" in site.env.all_docs


def test_front_page_summary_links_to_the_index(site):
    soup = kit.soup(Path(site.outdir) / "index.html")
    link = soup.find("p", class_="longform-tag-summary").find("a")
    assert link["href"] == "tags/index.html"
    assert kit.text(link) == f"Browse all {_plural(len(_oracle(site)), 'tag')}"


def test_each_tag_page_lists_its_essays_newest_first(site):
    outdir = Path(site.outdir)
    expected = _oracle(site)
    assert {p.name for p in (outdir / "tags").iterdir()} == {"index.html"} | {
        f"{slug}.{ext}" for slug in expected for ext in ("html", "xml")
    }
    for slug, tag in expected.items():
        soup = kit.soup(outdir / "tags" / f"{slug}.html")
        assert kit.text(soup.find("h1")) == tag["title"]
        assert kit.text(soup.find("p", class_="longform-tag-description")) == tag["description"]
        summary = soup.find("p", class_="longform-tag-summary")
        assert kit.text(summary).startswith(f"{_counts(tag)} on {tag['title']} ·")
        assert summary.find("a", class_="longform-all-tags")["href"] == "index.html"
        alternate = soup.find("link", rel="alternate", type="application/atom+xml", href=re.compile(slug))
        assert alternate["href"] == f"{slug}.xml"  # the feed beside the page
        assert (outdir / "tags" / alternate["href"]).resolve() == (outdir / "tags" / f"{slug}.xml").resolve()
        items = soup.select("#longform-page > .longform-list > .longform-item")
        assert len(items) == len(tag["essays"])
        for item, essay in zip(items, tag["essays"], strict=True):
            title = item.find(class_="longform-item-title").find("a")
            assert (kit.text(title), title["href"]) == (essay.title, f"../{essay.docname}.html")
            meta = item.find(class_="longform-item-meta")
            assert kit.text(meta.find(class_="longform-date")) == written_date(site.srcdir, essay.docname)
            assert kit.text(meta.find(class_="longform-reading-time")) == f"{essay.minutes} min read"
            assert kit.text(item.find(class_="longform-item-description")) == essay.description
            marked = item.find(class_="longform-archived") is not None
            assert marked == (essay.kind == "archived")
        notes = soup.select("#notes .longform-item-title a")
        assert [kit.text(a) for a in notes] == [note.title for note in tag["notes"]]


def test_each_essay_shows_its_tags_as_a_short_line_of_links(site):
    outdir = Path(site.outdir)
    vocab = _vocabulary(Path(site.srcdir))
    expected = _oracle(site)
    for essay in catalogue.essays(site.env).values():
        soup = kit.soup(outdir / f"{essay.docname}.html")
        badges = soup.find("h1").find_next("p", class_="longform-tag-line")
        slugs = [_names(vocab)[name.casefold()] for name in essay.tags]
        links = badges.find_all("a", class_="longform-tag")
        assert [kit.text(a) for a in links] == [vocab[s]["title"] for s in dict.fromkeys(slugs) if s in expected]
        assert [a["href"] for a in links] == [f"../tags/{s}.html" for s in dict.fromkeys(slugs) if s in expected]
        # One short line of links, no badges and no "All tags" (the sidebar has the way to every tag).
        assert badges.find(class_="sd-badge") is None and badges.find(class_="longform-all-tags") is None
        assert "no-search" in badges["class"]


def test_drafts_are_listed_only_in_previews(built_root):
    app = built_root("tags", longform_show_drafts=True)
    expected = _oracle(app)
    draft = catalogue.essays(app.env)["essays/draft"]
    assert draft in expected["testing"]["essays"]
    soup = kit.soup(Path(app.outdir) / "tags" / "testing.html")
    titles = [kit.text(a) for a in soup.select(".longform-item-title a")]
    assert titles == [e.title for e in expected["testing"]["essays"]]
    assert soup.find(class_="longform-draft") is not None


def test_each_tag_has_an_atom_feed_of_its_essays_and_notes(site):
    outdir = Path(site.outdir)
    for slug, tag in _oracle(site).items():
        feed = ElementTree.parse(outdir / "tags" / f"{slug}.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.findtext(f"{ATOM}title") == f"{tag['title']} — {site.config.project}"
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links == {"self": f"tags/{slug}.xml", "alternate": f"tags/{slug}.html"}
        entries = feed.findall(f"{ATOM}entry")
        limit = site.config.longform_feed_length
        # What the page lists, essays and notes, newest first.
        listed = sorted([*tag["essays"], *tag["notes"]], key=lambda e: (-e.date.toordinal(), e.title.lower()))
        assert [e.findtext(f"{ATOM}title") for e in entries] == [e.title for e in listed[:limit]]
        assert [e.find(f"{ATOM}link").get("href") for e in entries] == [f"{e.docname}.html" for e in listed[:limit]]
        for entry, essay in zip(entries, listed[:limit], strict=True):
            assert tag["title"] in {c.get("term") for c in entry.findall(f"{ATOM}category")}
            assert entry.findtext(f"{ATOM}published").startswith(essay.date.isoformat())
            assert entry.findtext(f"{ATOM}updated").startswith((essay.updated or essay.date).isoformat())
    assert any(e.updated for e in catalogue.essays(site.env).values())  # the root exercises 'updated'


def test_feed_length_is_honoured(built_root):
    app = built_root("tags", longform_feed_length=1)
    feed = ElementTree.parse(Path(app.outdir) / "tags" / "concurrency.xml").getroot()
    newest = _oracle(app)["concurrency"]["essays"][0]
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [newest.title]


def _local_targets(outdir: Path) -> list[tuple[Path, str]]:
    links = []
    for page in outdir.rglob("*.html"):
        soup = kit.soup(page)
        for tag, attr in (("a", "href"), ("link", "href")):
            for node in soup.find_all(tag):
                href = node.get(attr, "")
                if not href or href.startswith(("#", "http:", "https:", "mailto:", "data:")):
                    continue
                links.append((page, href.split("#", 1)[0].split("?", 1)[0]))
    return links


def test_every_local_link_resolves(site):
    """What linkcheck cannot see: every relative link in the built HTML names an existing file."""
    outdir = Path(site.outdir)
    links = _local_targets(outdir)
    assert any("tags/" in href for _page, href in links)
    broken = [(str(page.relative_to(outdir)), href) for page, href in links if not (page.parent / href).exists()]
    assert broken == []


def test_linkcheck_reports_no_broken_tag_link(copy_root, build):
    app = build(copy_root("tags"), "linkcheck")
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines if line.strip()]
    assert [r for r in results if r["status"] == "broken"] == []
    assert "broken" not in app.warnings


def test_a_tag_only_drafts_carry_is_shown_but_not_linked(copy_root, build):
    """A tag only a draft carries has no page (so no link to nowhere), and is not "unused" either."""
    src = copy_root("tags")
    actors = src / "essays" / "actors.md"
    actors.write_text(actors.read_text(encoding="utf-8").replace("```{tags} tests\n```", ""), encoding="utf-8")
    app = build(src)
    assert app.warnings == ""
    outdir = Path(app.outdir)
    assert "testing" not in _oracle(app)
    assert not (outdir / "tags" / "testing.html").exists()
    assert not (outdir / "essays" / "draft.html").exists()
    assert [(p, h) for p, h in _local_targets(outdir) if not (p.parent / h).exists()] == []
