"""Every common builder builds a Longform site: no traceback, no warning, no dangling link.

``tests/roots/test-builders`` has a little of everything that lists or links essays: tags with a
vocabulary, a series, a reading path with a curator, authors, a note, ``{essay-list}``, related
essays, a backlink, ``{feed-link}`` and ``{site-count}``.  Builders that write no page per tag
(LaTeX, Texinfo, text, single HTML) show a tag as plain text, not as a link to nowhere.  The HTML
builders' output is checked link by link: every local ``href``/``src`` names a file that exists.
"""

from __future__ import annotations

import json
import pickle
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

# json and pickle: Sphinx's serializing builders (sphinxcontrib-serializinghtml), whose pathto takes one argument.
BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "texinfo", "text", "linkcheck", "json", "pickle")

#: linkcheck must make no request (no network here), and still read and resolve every page.
NO_NETWORK = {"linkcheck_ignore": [".*"], "linkcheck_anchors": False}


def _output(app, name: str) -> str:
    return Path(app.outdir, name).read_text(encoding="utf-8")


def _check_text_shows_the_header_and_tags_as_plain_text(site):
    text = _output(site, "essays/valid-one.txt")
    assert "Valid one" in text
    assert "min read" in text
    assert "Part 1 of 2" in text
    for tag in ("Alpha", "Beta"):
        assert tag in text


def _check_latex_shows_the_header_and_links_no_generated_page(site):
    (tex,) = Path(site.outdir).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert "Valid one" in text
    assert "min read" in text
    assert "Alpha" in text
    # A tag, an author or a feed has no place in the PDF: no link may point to one.
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", text))
    dangling = [ref for ref in re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", text) if ref not in labels]
    dangling += [url for url in re.findall(r"\\sphinxhref\{([^}]*)\}", text) if not url.startswith(("http:", "https:"))]
    assert dangling == []


def _check_texinfo_shows_the_header_and_links_no_generated_page(site):
    (texi,) = Path(site.outdir).glob("*.texi")
    text = texi.read_text(encoding="utf-8")
    assert "Valid one" in text
    assert "min read" in text
    assert "Alpha" in text
    anchors = set(re.findall(r"@anchor\{([^}]*)\}", text))
    refs = re.findall(r"@ref\{([^,}]*)", text)
    assert refs, "essays are linked"
    dangling = [ref for ref in refs if ref not in anchors]
    dangling += [url for url in re.findall(r"@uref\{([^,}]*)", text) if not url.startswith(("http:", "https:"))]
    assert dangling == []


def _check_singlehtml_shows_the_header_and_tags_as_plain_text(site):
    soup = BeautifulSoup(_output(site, "index.html"), "html.parser")
    text = soup.get_text(" ")
    assert "Valid one" in text
    assert "min read" in text
    tags = soup.select(".longform-tag")
    assert tags, "tag badges are shown"
    assert all(tag.name != "a" for tag in tags), "no page per tag: a badge is plain text"
    # furo links the index and the search page, which Sphinx's single-page builder does not write.
    broken = [
        link
        for link in _broken_links(Path(site.outdir), dirhtml=False)
        if "(no genindex.html)" not in link and "(no search.html)" not in link
    ]
    assert broken == [], "broken links:\n" + "\n".join(broken)


def _check_epub_shows_the_header(site):
    text = _output(site, "essays/valid-one.xhtml")
    assert "Valid one" in text
    assert "min read" in text


def _local(url: str) -> bool:
    if not url or url.startswith("#"):
        return False
    return not urlsplit(url).scheme and not url.startswith("//")


def _broken_links(outdir: Path, *, dirhtml: bool) -> list[str]:
    """Every local href/src of every .html file that names no file (or id, for Longform's own)."""
    pages = sorted(outdir.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    broken = []
    wanted = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[page.resolve()] = {tag["id"] for tag in soup.find_all(id=True)}
        here = page.parent.relative_to(outdir).as_posix()
        for tag in soup.find_all(["a", "link", "img", "script", "source"]):
            for attribute in ("href", "src"):
                url = tag.get(attribute)
                if not url or not _local(url):
                    continue
                parts = urlsplit(url)
                relpath = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
                target = outdir / relpath
                if target.is_dir() or parts.path.endswith("/") or not parts.path:
                    target = target / "index.html"
                name = f"{page.relative_to(outdir).as_posix()}: {attribute}={url!r}"
                if relpath.startswith("..") or not target.is_file():
                    broken.append(
                        f"{name} (no {target.relative_to(outdir) if not relpath.startswith('..') else relpath})"
                    )
                elif parts.fragment and "longform" in " ".join(tag.get("class", [])):
                    wanted.append((name, target.resolve(), unquote(parts.fragment)))
    for name, target, fragment in wanted:
        if target in ids and fragment not in ids[target]:
            broken.append(f"{name} (no id {fragment!r})")
    return broken


def _check_every_local_link_names_a_file(site):
    outdir = Path(site.outdir)
    broken = _broken_links(outdir, dirhtml=site.builder.name == "dirhtml")
    assert broken == [], "broken links:\n" + "\n".join(broken)
    # The generated pages were written where the builder puts pages, and their feeds beside them.
    pagename = "tags/alpha"
    outfile = Path(site.builder.get_outfilename(pagename))
    assert outfile.is_file()
    assert (outdir / "tags" / "alpha.xml").is_file()
    soup = BeautifulSoup(outfile.read_text(encoding="utf-8"), "html.parser")
    assert soup.select("a.longform-feed-link"), "the tag page links its feed"
    assert soup.select('link[rel="alternate"][type="application/atom+xml"]')


def _load(path: Path):
    if path.suffix == ".fjson":
        return json.loads(path.read_text(encoding="utf-8"))
    with path.open("rb") as handle:
        return pickle.load(handle)  # the test's own build output


def _check_serialized_pages_hold_the_header_and_the_generated_pages(site):
    """json and pickle write each page's context (its body, metatags, ...) for another site to render.

    Decision: they are HTML builders to Longform (``output.writes_pages``), so tag, author, series and listing
    pages are written too, through the builder's own ``handle_page`` (``tags/alpha.fjson``), with the feeds beside
    them; links and feed URLs are relative to each page's target URI (``tags/alpha/``), as Sphinx's own are."""
    outdir = Path(site.outdir)
    suffix = site.builder.out_suffix
    essay = _load(outdir / f"essays/valid-one{suffix}")
    assert "Valid one" in essay["body"]
    assert "min read" in essay["body"]
    assert 'class="longform-tag' in essay["body"]
    assert 'type="application/atom+xml"' in essay["metatags"]
    tag = _load(outdir / f"tags/alpha{suffix}")
    assert tag["title"] == "Alpha"
    assert "Valid one" in tag["body"]
    assert 'href="../alpha.xml"' in tag["body"], "the tag page's feed link, from its URI tags/alpha/"
    assert 'href="../alpha.xml"' in tag["metatags"]
    assert (outdir / "tags" / "alpha.xml").is_file()
    for page in ("tags/index", "authors/index", "series/index", "archive"):
        assert (outdir / f"{page}{suffix}").is_file(), page


CHECKS = {
    "text": _check_text_shows_the_header_and_tags_as_plain_text,
    "latex": _check_latex_shows_the_header_and_links_no_generated_page,
    "texinfo": _check_texinfo_shows_the_header_and_links_no_generated_page,
    "singlehtml": _check_singlehtml_shows_the_header_and_tags_as_plain_text,
    "epub": _check_epub_shows_the_header,
    "html": _check_every_local_link_names_a_file,
    "dirhtml": _check_every_local_link_names_a_file,
    "json": _check_serialized_pages_hold_the_header_and_the_generated_pages,
    "pickle": _check_serialized_pages_hold_the_header_and_the_generated_pages,
}


@pytest.mark.parametrize("name", BUILDERS)
def test_builder(name, copy_root, build):
    """One build per builder: no exception, no warning, and what that builder should show."""
    site = build(copy_root("builders"), name, freshenv=True, **(NO_NETWORK if name == "linkcheck" else {}))
    assert site.warnings == ""
    check = CHECKS.get(name)
    if check is not None:
        check(site)


def _own(app, previous) -> list[str]:
    """The warnings of ``app``'s build alone: apps of one test share a warning stream, and the second
    one's setup says every extension's nodes, roles and directives are registered again."""
    text, before = app.warnings, previous.warnings
    text = text[len(before) :] if before and text.startswith(before) else text
    return [line for line in text.splitlines() if "while setting up extension " not in line]


def test_dirhtml_rebuild_keeps_and_deletes_generated_pages_where_it_wrote_them(copy_root, build):
    """Under dirhtml a tag page is ``tags/<slug>/index.html``: an unchanged rebuild leaves it alone,
    and a tag no essay uses any more loses its page."""
    srcdir = copy_root("builders")
    app = build(srcdir, "dirhtml")
    assert app.warnings == ""
    alpha = Path(app.outdir, "tags", "alpha", "index.html")
    gamma = Path(app.outdir, "tags", "gamma", "index.html")
    assert alpha.is_file() and gamma.is_file()
    written = alpha.stat().st_mtime_ns
    app, previous = build(srcdir, "dirhtml"), app
    assert _own(app, previous) == []
    assert alpha.stat().st_mtime_ns == written, "an unchanged build rewrote a tag page"
    for name in ("essays/valid-three.md", "notes/a-note.md"):
        path = srcdir / name
        path.write_text(path.read_text(encoding="utf-8").replace("gamma", "beta"), encoding="utf-8")
    app, previous = build(srcdir, "dirhtml"), app
    assert [line.replace(str(srcdir), "SRC") for line in _own(app, previous)] == [
        "SRC/tags.yaml:7: WARNING: tag 'gamma' is in tags.yaml but no essay or note uses it — "
        "tag a page with it or remove it from tags.yaml [longform.unused-tag]"
    ]
    assert not gamma.exists(), "a tag no essay uses kept its page"


def test_a_deleted_generated_page_is_written_again_when_no_document_is(copy_root, build):
    """The only page to write is a generated one: Sphinx has written no document in this build."""
    srcdir = copy_root("builders")
    app = build(srcdir)
    page = Path(app.outdir, "tags", "alpha.html")
    page.unlink()
    again = build(srcdir)
    assert _own(again, app) == []
    assert page.is_file()


@pytest.mark.parametrize("suffix", [".fjson", ".fpickle"])
def test_the_output_contract_reads_a_serialized_page(tmp_path, suffix):
    """Wall 2 on json and pickle pages: the context's body is content (no script) and its metatags the head."""
    from longform.site.contract import Rules, check_serialized

    rules = Rules()  # http, https, mailto; no other host
    page = tmp_path / f"page{suffix}"

    def write(context):
        if suffix == ".fjson":
            page.write_text(json.dumps(context), encoding="utf-8")
        else:
            page.write_bytes(pickle.dumps(context))

    write({"body": "<p>Fine <a href='../x/'>text</a></p>", "metatags": '<meta name="description" content="x">'})
    assert check_serialized(page, rules) == []
    write({"body": "<p>Fine</p><script>alert('PAYLOAD')</script>", "metatags": ""})
    assert [finding.kind for finding in check_serialized(page, rules)] == ["script"]
    write({"body": "<p>Fine</p>", "metatags": '<link rel="stylesheet" href="https://evil.example/x.css">'})
    assert [finding.kind for finding in check_serialized(page, rules)] == ["request"]


def test_a_pickled_page_that_holds_an_object_is_not_loaded(tmp_path):
    """Reading a .fpickle back builds no object (an object's class could run code): it fails closed."""
    import datetime

    from longform.site.contract import Rules, check_serialized

    page = tmp_path / "page.fpickle"
    page.write_bytes(pickle.dumps({"body": "<p>Fine</p>", "date": datetime.date(2026, 1, 1)}))
    with pytest.raises(pickle.UnpicklingError, match=r"datetime\.date"):
        check_serialized(page, Rules())
