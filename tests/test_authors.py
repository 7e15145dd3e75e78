"""Authors: bylines, author pages and feeds, curators, warnings, escaping, incremental builds.

Expectations come from ``authors.yaml`` (read here with PyYAML) and the catalogue's records (the
authors each page's front matter names), not from ``longform.authors``.
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import proofkit as kit
import pytest
import sources
import yaml
from lxml import etree
from proofkit import build as proof_build
from proofkit import compare, hostile, listing, tree, without_pruned_search_terms
from test_feed import ATOM_RNG

from longform.core import catalogue

ATOM = "{http://www.w3.org/2005/Atom}"
ESSAY_KINDS = ("essay", "archived")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _vocabulary(srcdir: Path) -> dict[str, dict]:
    return yaml.safe_load((srcdir / "authors.yaml").read_text(encoding="utf-8"))


def _by(names: list[str]) -> str:
    """How a byline reads: 'By A', 'By A and B', 'By A, B and C'."""
    if len(names) == 1:
        return f"By {names[0]}"
    return f"By {', '.join(names[:-1])} and {names[-1]}"


def _listed(app, kinds=ESSAY_KINDS) -> list:
    """Published pages of ``kinds``, newest first, read from the root's sources (not from the catalogue)."""
    return sources.newest_first(sources.listed(app.srcdir, *kinds))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@pytest.fixture
def site(built_root):
    app = built_root("authors")
    assert app.warnings == ""
    return app


def test_the_root_covers_authors_author_and_drafts(site):
    essays = catalogue.essays(site.env)
    assert essays["essays/pipes-one"].authors == ("tomas-reyl",)  # written 'author: tomas-reyl'
    assert essays["essays/pipes-two"].authors == ("ines-varga", "tomas-reyl")
    # a draft is left out of published builds altogether: never counted, listed or linked
    assert "essays/draft" not in essays
    assert "authors: [priya-halden]" in (Path(site.srcdir) / "essays" / "draft.md").read_text(encoding="utf-8")


def test_each_essay_header_has_its_byline_linking_to_author_pages(site):
    vocab = _vocabulary(Path(site.srcdir))
    for essay in sources.listed(site.srcdir, "essay", "archived", "note"):
        soup = kit.soup(Path(site.outdir) / f"{essay.docname}.html")
        byline = soup.find("h1").find_next(class_="longform-byline")
        assert kit.text(byline) == _by([vocab[slug]["name"] for slug in essay.authors]), essay.docname
        links = [a["href"] for a in byline.find_all("a")]
        assert links == [f"../authors/{slug}.html" for slug in essay.authors]


def test_every_listing_item_has_a_byline(site):
    vocab = _vocabulary(Path(site.srcdir))
    essays = sources.pages(site.srcdir)
    seen = 0
    # (The archive is one line per essay, title · date · minutes: no item, no byline.)
    pages = ("index.html", "authors/ines-varga.html", "notes/index.html", "tags/queues.html", "essays/pipes-two.html")
    for page in pages:
        soup = kit.soup(Path(site.outdir) / page)
        for item in soup.select(".longform-item"):
            href = item.select_one(".longform-item-title a")["href"]
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(page), href)).removesuffix(".html")
            expected = _by([vocab[slug]["name"] for slug in essays[docname].authors])
            assert kit.text(item.select_one(".longform-item-meta .longform-byline")) == expected, (page, docname)
            seen += 1
    assert seen >= 8


def test_the_author_index_lists_every_author_with_their_count(site):
    vocab = _vocabulary(Path(site.srcdir))
    listed = _listed(site)
    notes = _listed(site, ("note",))
    soup = kit.soup(Path(site.outdir) / "authors" / "index.html")
    assert kit.text(soup.find("h1")) == "Authors"
    entries = soup.select(".longform-author-entry")
    expected = sorted(vocab, key=lambda slug: vocab[slug]["name"].casefold())
    assert [kit.text(e.select_one(".longform-author")) for e in entries] == [vocab[s]["name"] for s in expected]
    for entry, slug in zip(entries, expected, strict=True):
        count = sum(slug in e.authors for e in listed)
        note_count = sum(slug in e.authors for e in notes)
        words = _plural(count, "essay") + (f" and {_plural(note_count, 'note')}" if note_count else "")
        assert kit.text(entry.select_one(".longform-author-count")) == words
        assert kit.text(entry.select_one(".longform-author-entry-bio")) == vocab[slug]["bio"]
        link = entry.find("a")
        # the draft is never counted: Priya has no page, and no link to one
        assert (link["href"] if link else None) == (f"{slug}.html" if count + note_count else None)
    assert not (Path(site.outdir) / "authors" / "priya-halden.html").exists()


def test_each_author_page_says_how_many_essays_and_lists_them_newest_first(site):
    vocab = _vocabulary(Path(site.srcdir))
    outdir = Path(site.outdir)
    for slug in ("ines-varga", "tomas-reyl"):
        soup = kit.soup(outdir / "authors" / f"{slug}.html")
        name = vocab[slug]["name"]
        mine = [e for e in _listed(site) if slug in e.authors]
        notes = [e for e in _listed(site, ("note",)) if slug in e.authors]
        assert kit.text(soup.find("h1")) == name
        count = _plural(len(mine), "essay") + (f" and {_plural(len(notes), 'note')}" if notes else "")
        assert kit.text(soup.select_one(".longform-author-summary")).startswith(f"{count} by {name}")
        assert kit.text(soup.select_one(".longform-author-bio")) == vocab[slug]["bio"]
        titles = [kit.text(a) for a in soup.select("#longform-page > .longform-list .longform-item-title a")]
        assert titles == [e.title for e in mine]
        website = soup.select_one(".longform-author-url a")
        assert (website["href"] if website else None) == vocab[slug].get("url")
        alternate = soup.find("link", rel="alternate", href=f"{slug}.xml")  # the feed beside the page
        assert alternate is not None and alternate["type"] == "application/atom+xml"
        # not a source page, and in no toctree: absent from the sidebar
        assert f"authors/{slug}" not in site.env.all_docs
        assert not soup.select(f'.sidebar-tree a[href$="{slug}.html"]')


def test_author_feeds_are_valid_atom_with_real_authors(site):
    schema = etree.RelaxNG(etree.fromstring(ATOM_RNG.encode()))
    vocab = _vocabulary(Path(site.srcdir))
    essays = sources.pages(site.srcdir)
    for slug in ("ines-varga", "tomas-reyl"):
        path = Path(site.outdir) / "authors" / f"{slug}.xml"
        document = etree.parse(str(path), etree.XMLParser(resolve_entities=False))
        assert schema.validate(document), schema.error_log
        feed = document.getroot()
        for tag in ("id", "title", "updated"):
            assert feed.find(ATOM + tag) is not None
        entries = feed.findall(ATOM + "entry")
        expected = [e for e in _listed(site, (*ESSAY_KINDS, "note")) if slug in e.authors]  # what the page lists
        assert [e.find(ATOM + "title").text for e in entries] == [e.title for e in expected]
        for entry, essay in zip(entries, expected, strict=True):
            assert entry.find(ATOM + "id").text and entry.find(ATOM + "updated").text
            assert entry.find(ATOM + "link").get("href") == f"https://example.org/site/{essay.docname}.html"
            authors = [(a.findtext(ATOM + "name"), a.findtext(ATOM + "uri")) for a in entry.findall(ATOM + "author")]
            assert authors == [(vocab[s]["name"], vocab[s].get("url")) for s in essays[essay.docname].authors]
    # the site feed's entries carry their authors too
    site_feed = etree.parse(str(Path(site.outdir) / "atom.xml")).getroot()
    first = site_feed.find(ATOM + "entry")
    assert [a.findtext(ATOM + "name") for a in first.findall(ATOM + "author")] == ["Ines Varga", "Tomás Reyl"]


def test_a_reading_path_names_its_curator_on_its_page_and_card(site):
    outdir = Path(site.outdir)
    page = kit.soup(outdir / "paths" / "start.html").select_one("#longform-path .longform-curator")
    assert kit.text(page) == "Curated by Priya Halden"
    card = kit.soup(outdir / "paths" / "index.html").select_one(".longform-path-entry .longform-curator")
    assert kit.text(card) == "Curated by Priya Halden"
    assert card.find("a") is None  # nothing of hers is published: no page to link to


def test_unknown_authors_and_curators_and_plain_urls_are_located_warnings(copy_root, build):
    src = copy_root("authors")
    _replace(src / "essays" / "queues.md", "authors: [ines-varga]", "authors: [ines-vraga]")
    _replace(src / "paths" / "start.md", "curator: priya-halden", "curator: priya-haldn")
    _replace(src / "authors.yaml", "url: https://ines.example.org/", "url: http://ines.example.org/")
    app = build(src)
    warnings = app.warnings
    assert (
        f"{src / 'essays' / 'queues.md'}:5: WARNING: unknown author 'ines-vraga' (not in authors.yaml) — "
        "did you mean 'ines-varga'? Or add 'ines-vraga' to authors.yaml" in warnings
    )
    assert f"{src / 'paths' / 'start.md'}:3: WARNING: unknown author 'priya-haldn'" in warnings
    assert "did you mean 'priya-halden'?" in warnings
    assert f"{src / 'authors.yaml'}:1: WARNING: author 'ines-varga': url 'http://ines.example.org/' must be an" in (
        warnings
    )
    assert "[longform.unknown-author]" in warnings and "[longform.author-url]" in warnings
    assert "Traceback" not in warnings
    soup = kit.soup(Path(app.outdir) / "authors" / "ines-varga.html")
    assert soup.select_one(".longform-author-url") is None  # the refused url is not linked
    # the unknown name is still shown, as written, with a page of its own
    byline = kit.soup(Path(app.outdir) / "essays" / "queues.html").select_one(".longform-byline")
    assert kit.text(byline) == "By ines-vraga"


def test_without_a_vocabulary_names_are_free_form(copy_root, build):
    src = copy_root("authors")
    (src / "authors.yaml").unlink()
    _replace(src / "essays" / "queues.md", "authors: [ines-varga]", "authors: [Jane Q. Doe]")
    app = build(src)
    assert app.warnings == ""
    outdir = Path(app.outdir)
    byline = kit.soup(outdir / "essays" / "queues.html").select_one(".longform-byline")
    assert kit.text(byline) == "By Jane Q. Doe"
    assert byline.find("a")["href"] == "../authors/jane-q-doe.html"
    page = kit.soup(outdir / "authors" / "jane-q-doe.html")
    assert kit.text(page.select_one(".longform-author-summary")).startswith("1 essay by Jane Q. Doe")


def test_author_names_and_bios_are_escaped(copy_root, build):
    src = copy_root("authors")
    _replace(src / "authors.yaml", "name: Ines Varga", f"name: '{hostile('name')}'")
    _replace(
        src / "authors.yaml", "bio: Writes about queues and the databases behind them.", f"bio: '{hostile('bio')}'"
    )
    app = build(src)
    assert app.warnings == ""
    for page in ("essays/queues.html", "authors/ines-varga.html", "authors/index.html", "index.html"):
        html = (Path(app.outdir) / page).read_text(encoding="utf-8")
        assert '<script>alert("' not in html and "<img src=x" not in html, page
        assert '&lt;script&gt;alert("name")' in html or "&lt;script&gt;alert(&quot;name&quot;)" in html, page
    feed = (Path(app.outdir) / "authors" / "ines-varga.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed


# -- incremental builds -------------------------------------------------------------------------------


#: Each source page's toctree parent in the authors root (Sphinx rewrites a parent with its child).
_PARENT = {
    "essays/queues": "topics/one",
    "essays/pipes-one": "topics/one",
    "essays/pipes-two": "topics/one",
    "essays/draft": "topics/one",
    "topics/one": "index",
    "paths/index": "index",
    "archive": "index",
    "notes/index": "index",
    "paths/start": "paths/index",
    "notes/queue-note": "notes/index",
}


def _outputs(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith((".html", ".xml"))}


def _rename_author(src: Path) -> None:
    _replace(src / "authors.yaml", "name: Ines Varga", "name: Inès Varga-Lund")


def _change_authors(src: Path) -> None:
    _replace(src / "essays" / "pipes-one.md", "author: tomas-reyl", "authors: [tomas-reyl, ines-varga]")


def _change_curator(src: Path) -> None:
    _replace(src / "paths" / "start.md", "curator: priya-halden", "curator: ines-varga")


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("change", [_rename_author, _change_authors, _change_curator], ids=lambda f: f.__name__)
def test_an_author_change_rewrites_exactly_the_pages_that_show_it(tmp_path, change, parallel):
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-authors", src)
    first = proof_build(src, parallel=parallel, freshenv=True)
    before_files = _outputs(tree(first.outdir))
    before_times = listing(first.outdir)
    change(src)
    incremental = proof_build(src, parallel=parallel)
    after_files = _outputs(tree(incremental.outdir))
    after_times = listing(incremental.outdir)
    changed = {name for name in after_files if before_files.get(name) != after_files[name]}
    written = {name for name in after_files if before_times.get(name) != after_times[name]}
    assert changed, "the change must show somewhere"
    assert changed <= written
    # Sphinx's own rewrites: its index pages, and the toctree parents of every page it rewrites.
    parents = {_PARENT.get(name.removesuffix(".html")) for name in written}
    assert written - changed <= {"genindex.html", "search.html"} | {f"{p}.html" for p in parents if p}
    assert "notes/queue-note.html" not in written  # shows none of it
    clean = proof_build(_copy(src, tmp_path / "clean"), parallel=parallel, freshenv=True)
    assert incremental.warnings.count("WARNING") == clean.warnings.count("WARNING") == 0
    problems = compare(
        without_pruned_search_terms(tree(incremental.outdir)),
        without_pruned_search_terms(tree(clean.outdir)),
        labels=("incremental", "clean"),
    )
    assert not problems, problems


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def test_in_previews_a_drafts_author_is_counted_and_linked(built_root):
    app = built_root("authors", longform_show_drafts=True)
    outdir = Path(app.outdir)
    byline = kit.soup(outdir / "essays" / "draft.html").select_one(".longform-byline")
    assert kit.text(byline) == "By Priya Halden" and byline.find("a")["href"] == "../authors/priya-halden.html"
    page = kit.soup(outdir / "authors" / "priya-halden.html")
    assert kit.text(page.select_one(".longform-author-summary")).startswith("1 essay by Priya Halden")


def test_a_broken_authors_file_gives_located_warnings_never_a_traceback(copy_root, build):
    src = copy_root("authors")
    _replace(src / "authors.yaml", "url: https://ines.example.org/", "url: javascript:alert(1)\n  website: x")
    _replace(src / "authors.yaml", "name: Priya Halden\n", "")
    app = build(src)
    path = src / "authors.yaml"
    assert f"{path}:1: WARNING: author 'ines-varga' has unknown keys 'website'" in app.warnings
    assert f"{path}:1: WARNING: author 'ines-varga': url 'javascript:alert(1)' must be an https:// address" in (
        app.warnings
    )
    assert f"{path}:9: WARNING: author 'priya-halden' has no 'name' — add one" in app.warnings
    assert "Traceback" not in app.warnings
    html = (Path(app.outdir) / "authors" / "ines-varga.html").read_text(encoding="utf-8")
    assert "javascript:" not in html
