"""Search that stays small: Pagefind indexes the essays' own text, and Sphinx's search is the fallback.

Pagefind (``pagefind[bin]``) is in the site's dependency group, which every test environment installs:
missing, these tests fail (never skip), as the site's strict build would.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from longform.core import catalogue
from longform.site import search

ROOTS = Path(__file__).resolve().parent / "roots"


def _fragments(out: Path) -> dict[str, dict]:
    """Every indexed page: its URL -> Pagefind's fragment (its text, title and metadata)."""
    pages = {}
    for path in sorted((out / "_pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{") :])  # after Pagefind's "pagefind_dcd" signature
        pages[fragment["url"]] = fragment
    return pages


@pytest.fixture(scope="module")
def basic(built_root):
    assert search.binary() is not None, "Pagefind is not installed: pip install 'pagefind[bin]' (the site group has it)"
    app = built_root("basic")  # the session's one build of the root: Pagefind indexes it by default
    assert app.warnings == ""
    return app


def test_the_index_is_written_inside_the_output(basic):
    out = Path(basic.outdir)
    entry = json.loads((out / "_pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 3
    assert (out / "_pagefind" / "pagefind.js").is_file()
    assert not list((out / "_pagefind").glob("pagefind-ui.*")), "the unused ready-made UI is left behind"
    assert not (Path(basic.srcdir) / "_pagefind").exists()


def test_only_the_essays_own_text_is_indexed(basic):
    pages = _fragments(Path(basic.outdir))
    assert sorted(pages) == ["/essays/code.html", "/essays/override.html", "/essays/plain.html"]
    plain = pages["/essays/plain.html"]
    assert plain["meta"]["title"] == "One two three four five six seven"  # no pilcrow
    assert plain["meta"]["date"] == "12 May 2026"  # as listings write it; the sort key stays ISO
    assert "word7" in plain["content"].split()
    for page in pages.values():
        # The header (date, reading time, tags) and footer (related essays) are views, not the text.
        for outside in ("min read", "Read next", "Architecture", "May 2026", "¶"):
            assert outside not in page["content"], (page["url"], outside)


def test_the_search_page_asks_pagefind(basic):
    page = (Path(basic.outdir) / "search.html").read_text(encoding="utf-8")
    assert "longform-pagefind.js" in page
    held = [line for line in page.splitlines() if "data-longform-sphinx-search" in line]
    # Sphinx's two scripts and the results' facts table (longform-search-facts.js): kept, never fetched (the
    # index's script is gone: no index is made where Pagefind answers).
    assert len(held) == 3 and all('type="text/plain"' in line for line in held)
    assert any('data-src="_static/longform-search-facts.js' in line for line in held)
    # A data block: its address in data-src (a script with a src must be JavaScript, says HTML).
    assert all(" src=" not in line and " data-src=" in line and "defer" not in line for line in held), held
    for script in ("searchtools.js", "language_data.js", "searchindex.js"):
        assert f'<script src="{script}' not in page and f'<script src="_static/{script}' not in page
    # One index: Sphinx's is not made where Pagefind answers, and nothing on the page names it.
    assert "searchindex.js" not in page
    assert not (Path(basic.outdir) / "searchindex.js").exists()


def test_a_page_opened_as_a_file_is_told_to_serve_the_site(basic):
    """Where Pagefind's bundle cannot load (file://) there is no second index to fall back on: the script carries
    what to say instead, in the site's language."""
    soup = BeautifulSoup((Path(basic.outdir) / "search.html").read_text(encoding="utf-8"), "html.parser")
    script = soup.find("script", src=lambda src: bool(src) and "longform-pagefind.js" in src)
    assert script is not None
    serve = script.get("data-longform-serve", "")
    assert "served site" in serve and "python -m http.server" in serve, serve


def test_the_message_to_serve_the_site_is_translated(tmp_path):
    app = kit.build_app(ROOTS / "test-basic", language="de", builddir=tmp_path / "build")
    soup = BeautifulSoup((Path(app.outdir) / "search.html").read_text(encoding="utf-8"), "html.parser")
    script = soup.find("script", src=lambda src: bool(src) and "longform-pagefind.js" in src)
    assert script is not None and "ausgelieferten Website" in script.get("data-longform-serve", "")


def test_the_search_page_script_starts_early_and_names_what_a_query_fetches_first(basic):
    out = Path(basic.outdir)
    page = BeautifulSoup((out / "search.html").read_text(encoding="utf-8"), "html.parser")
    (script,) = [tag for tag in page.select("script[src]") if "longform-pagefind.js" in tag["src"]]
    # async: it starts Pagefind while the stylesheets load, not after the whole page is parsed.
    assert script.has_attr("async") and not script.has_attr("defer")
    raw = (out / "_pagefind" / "pagefind-entry.json").read_bytes()
    english = json.loads(raw)["languages"]["en"]
    tag = script["data-longform-bundle"]
    assert script["data-longform-preload"].split() == [
        f"pagefind-entry.json?ts={tag}",
        f"wasm.{english['wasm']}.pagefind",
        f"pagefind.{english['hash']}.pf_meta",
    ]
    for name in script["data-longform-preload"].split()[1:]:
        assert (out / "_pagefind" / name).is_file(), name


def test_the_bundle_tag_follows_the_index(tmp_path):
    bundle = tmp_path / "_pagefind"
    bundle.mkdir()
    for name in ("wasm.de.pagefind", "pagefind.de_1.pf_meta", "wasm.en.pagefind", "pagefind.en_2.pf_meta"):
        (bundle / name).write_bytes(b"x")
    entry = {
        "de": {"hash": "de_1", "wasm": "de", "page_count": 3},
        "en": {"hash": "en_2", "wasm": "en", "page_count": 9},
    }
    (bundle / "pagefind-entry.json").write_text(json.dumps({"languages": entry}), encoding="utf-8")
    first = search.bundle_files(bundle, "de-AT")  # Pagefind's choice: the base language
    assert first is not None and first[1][1:] == ["wasm.de.pagefind", "pagefind.de_1.pf_meta"]
    other = search.bundle_files(bundle, "fr")  # none: the language with the most pages
    assert other is not None and other[1][1:] == ["wasm.en.pagefind", "pagefind.en_2.pf_meta"]
    entry["en"]["page_count"] = 10  # a new index: a new address for its entry
    (bundle / "pagefind-entry.json").write_text(json.dumps({"languages": entry}), encoding="utf-8")
    again = search.bundle_files(bundle, "fr")
    assert again is not None and again[0] != other[0]
    (bundle / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert search.bundle_files(bundle, "en") is None  # unreadable: no hints, the script finds its own way


def test_pages_that_are_not_essays_are_not_marked(basic):
    out = Path(basic.outdir)
    assert "data-pagefind-body" in (out / "essays" / "plain.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (out / "index.html").read_text(encoding="utf-8")


def _sphinx_search_is_live(out: Path) -> bool:
    page = (out / "search.html").read_text(encoding="utf-8")
    return '<script src="_static/searchtools.js' in page and "data-longform-sphinx-search" not in page


def _sphinx_index_holds(out: Path, *words: str) -> bool:
    """Whether Sphinx's searchindex.js was written and its terms hold every one of ``words``."""
    index = out / "searchindex.js"
    if not index.is_file():
        return False
    data = json.loads(index.read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    return all(word in data["terms"] for word in words)


def test_longform_search_sphinx_keeps_sphinxs_search(tmp_path):
    app = kit.build_app(ROOTS / "test-basic", longform_search="sphinx", builddir=tmp_path / "build")
    out = Path(app.outdir)
    assert app.warnings == ""
    assert not (out / "_pagefind").exists()
    assert _sphinx_search_is_live(out)
    assert _sphinx_index_holds(out, "word7")
    assert "data-pagefind-body" not in (out / "essays" / "plain.html").read_text(encoding="utf-8")
    # Its results say what they are, as Pagefind's do: the page loads the table the build wrote.
    page = BeautifulSoup((out / "search.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("script", src=lambda src: bool(src) and "_static/longform-search-facts.js" in src)
    text = (out / "_static" / "longform-search-facts.js").read_text(encoding="utf-8")
    table = json.loads(text.split("window.LONGFORM_SEARCH_FACTS = ", 1)[1].rstrip().removesuffix(";"))
    # The same date and reading time as the essay's own header says.
    header = BeautifulSoup((out / "essays" / "plain.html").read_text(encoding="utf-8"), "html.parser")
    minutes = header.select_one(".longform-meta .longform-reading-time").get_text(strip=True)
    assert minutes.endswith("min read")
    assert table["essays/plain.html"] == ["Essay", "12 May 2026", minutes]
    assert table["essays/override.html"] == ["Essay", "1 April 2026", "42 min read"]  # the author's reading_time
    assert "index.html" not in table  # not an essay, a note or earlier writing


def test_without_pagefind_auto_falls_back_quietly(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "binary", lambda: None)
    app = kit.build_app(ROOTS / "test-basic", builddir=tmp_path / "build")
    out = Path(app.outdir)
    assert app.warnings == ""  # an adopting site's strict build is not broken by an optional tool
    assert "Pagefind is not installed" in app.messages
    assert "pip install 'sphinx-longform[search]'" in app.messages
    assert not (out / "_pagefind").exists()
    assert _sphinx_search_is_live(out)


def test_without_pagefind_required_warns(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "binary", lambda: None)
    app = kit.build_app(ROOTS / "test-basic", longform_search="pagefind", builddir=tmp_path / "build")
    assert "longform_search = 'pagefind' but Pagefind is not installed" in app.warnings
    assert "[longform.search]" in app.warnings
    assert _sphinx_search_is_live(Path(app.outdir))


def _failing_binary(folder: Path) -> Path:
    script = folder / "pagefind"
    script.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 1\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_failing_pagefind_warns_and_keeps_sphinxs_search(tmp_path, monkeypatch):
    script = _failing_binary(tmp_path)
    monkeypatch.setattr(search, "binary", lambda: script)
    app = kit.build_app(ROOTS / "test-basic", builddir=tmp_path / "build")
    assert "Pagefind could not index the site (Error: could not read the site)" in app.warnings
    assert app.warnings.count("[longform.search]") == 1
    assert _sphinx_search_is_live(Path(app.outdir))
    assert not (Path(app.outdir) / "_pagefind").exists()
    # Sphinx's index was not made while Pagefind was expected to answer: it is made whole once Pagefind failed.
    assert _sphinx_index_holds(Path(app.outdir), "word7")


def test_the_index_of_an_earlier_build_goes_and_comes_back_whole(tmp_path, monkeypatch):
    """Sphinx's search (and its index) then Pagefind: the old searchindex.js leaves the output.  Then Pagefind gone
    with nothing changed (an incremental build that writes no page): every page is written again, so Sphinx's
    index is whole, without Sphinx's warning that it could not load the old one."""
    src = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", src)
    builddir = tmp_path / "build"
    out = Path(kit.build_app(src, longform_search="sphinx", builddir=builddir).outdir)
    assert _sphinx_index_holds(out, "word7")
    app = kit.build_app(src, builddir=builddir)
    assert app.warnings == ""
    assert not (out / "searchindex.js").exists() and (out / "_pagefind" / "pagefind-entry.json").is_file()
    monkeypatch.setattr(search, "binary", lambda: None)
    app = kit.build_app(src, builddir=builddir)
    assert app.warnings == "", app.warnings
    assert _sphinx_search_is_live(out)
    assert _sphinx_index_holds(out, "word7")


def test_pagefind_reads_only_the_catalogue_folders():
    assert search.glob(["essays"]) == "essays/**/*.html"
    assert search.glob(["essays/", "notes", "earlier", "notes"]) == "{earlier,essays,notes}/**/*.html"
    assert search.glob(["writing/essays", "notes"]) == "{notes,writing/essays}/**/*.html"
    # The source root, or a name a glob would read as a pattern: every page (what it indexes decides).
    for odd in ([""], ["."], ["essays", "/"], ["we{ird"], ["a,b"], ["*"], []):
        assert search.glob(odd) == "**/*.html", odd


def test_essays_in_a_nested_folder_are_indexed(tmp_path):
    for folder, dirs in (("writing/essays", ["writing/essays"]), ("we{ird", ["we{ird"])):
        src = tmp_path / (folder.replace("/", "-") or "root")
        src.mkdir()
        shutil.copy(ROOTS / "test-basic" / "conf.py", src / "conf.py")
        target = src / folder if folder else src
        target.mkdir(parents=True, exist_ok=True)
        meta = "date: 2026-01-02\ndescription: One.\ntags: [alpha]"
        text = f"---\n{meta}\n---\n\n# Nested\n\nThe word quixotrope is only here.\n"
        (target / "nested.md").write_text(text, encoding="utf-8")
        entry = f"{folder}/nested" if folder else "nested"
        (src / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{entry}\n```\n", encoding="utf-8")
        app = kit.build_app(src, longform_essay_dirs=dirs)
        assert app.warnings == ""
        pages = _fragments(Path(app.outdir))
        assert [url for url, page in pages.items() if "quixotrope" in page["content"]] == [f"/{entry}.html"], pages


def test_a_build_that_fails_stops_pagefind_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """Pagefind starts while the build finishes; when the build then fails, it is stopped, no bundle is
    written and its temporary folder is removed."""
    monkeypatch.setattr(search.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    src = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\ndef setup(app):\n"
            "    def fail(app, exception):\n"
            "        raise RuntimeError('a later step failed')\n"
            "    app.connect('html-collect-pages', lambda app: fail(app, None), priority=900)\n"
        )
    app = SphinxTestApp("html", srcdir=src)
    try:
        with pytest.raises(Exception, match="a later step failed"):
            app.build()
    finally:
        app.cleanup()
    assert not (Path(app.outdir) / "_pagefind").exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_dirhtml_is_indexed_with_directory_urls(tmp_path):
    app = kit.build_app(ROOTS / "test-basic", "dirhtml", builddir=tmp_path / "build")
    out = Path(app.outdir)
    assert app.warnings == ""
    assert "/essays/plain/" in _fragments(out)
    assert "data-longform-sphinx-search" in (out / "search" / "index.html").read_text(encoding="utf-8")


def test_other_builders_are_left_alone(tmp_path):
    app = kit.build_app(ROOTS / "test-basic", "singlehtml", builddir=tmp_path / "build")
    assert not (Path(app.outdir) / "_pagefind").exists()


def test_a_rebuild_rewrites_only_what_changed(tmp_path):
    src = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", src)
    out = Path(kit.build_app(src).outdir)
    before = {p: p.stat().st_mtime_ns for p in (out / "_pagefind").rglob("*") if p.is_file()}
    plain = src / "essays" / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8") + "\nA new word: zanzibarish.\n", encoding="utf-8")
    app = kit.build_app(src)
    assert app.warnings == ""
    after = {p: p.stat().st_mtime_ns for p in (out / "_pagefind").rglob("*") if p.is_file()}
    assert (out / "_pagefind" / "pagefind.js") in after and after[out / "_pagefind" / "pagefind.js"] == before[
        out / "_pagefind" / "pagefind.js"
    ], "an unchanged file of the bundle was rewritten"
    unchanged = [p for p in after if before.get(p) == after[p]]
    assert len(unchanged) >= len(after) // 2, "most of the bundle was rewritten after one edit"
    assert any("zanzibarish" in page["content"] for page in _fragments(out).values())
    assert all(p.exists() for p in after) and not [p for p in before if p not in after and p.exists()]


def test_pagefind_runs_only_when_an_indexed_page_was_written_or_removed(tmp_path, monkeypatch):
    """A rebuild that writes no essay, archived essay or note (nothing changed; a page that is not
    indexed changed) keeps the bundle as it is and does not run Pagefind; writing or removing one does."""
    real = search.binary()
    assert real is not None, "Pagefind is not installed: pip install 'pagefind[bin]' (the site group has it)"
    calls = tmp_path / "calls"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setattr(search, "binary", lambda: wrapper)

    def runs() -> int:
        return len(calls.read_text(encoding="utf-8").splitlines()) if calls.exists() else 0

    src = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", src)
    out = Path(kit.build_app(src).outdir)
    assert runs() == 1
    bundle = {p: p.read_bytes() for p in (out / "_pagefind").rglob("*") if p.is_file()}
    app = kit.build_app(src)
    assert app.warnings == "" and runs() == 1, "a rebuild with no change ran Pagefind"
    assert {p: p.read_bytes() for p in (out / "_pagefind").rglob("*") if p.is_file()} == bundle
    assert "data-longform-sphinx-search" in (out / "search.html").read_text(encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA line on the front page.\n", encoding="utf-8")
    assert kit.build_app(src).warnings == "" and runs() == 1, "a change to a page that is not indexed ran Pagefind"
    plain = src / "essays" / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8") + "\nA new word: zanzibarish.\n", encoding="utf-8")
    assert kit.build_app(src).warnings == "" and runs() == 2
    assert any("zanzibarish" in page["content"] for page in _fragments(out).values())
    before = set(_fragments(out))
    (src / "essays" / "override.md").unlink()
    app = kit.build_app(src)
    assert runs() == 3, "removing an essay did not index the site again"
    assert not [url for url in _fragments(out) if "override" in url] and len(_fragments(out)) == len(before) - 1
    # A bundle removed from the output folder is made again.
    shutil.rmtree(out / "_pagefind")
    kit.build_app(src)
    assert runs() == 4 and (out / "_pagefind" / "pagefind-entry.json").is_file()


def test_the_search_page_has_a_heading_a_visible_box_and_somewhere_to_start(basic):
    out = Path(basic.outdir)
    soup = BeautifulSoup((out / "search.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    heading = article.select_one("h1#longform-search-heading")
    assert heading is not None and heading.get_text() == "Search"
    assert heading["data-longform-results"] == "Results for “%s”"
    form = article.select_one("form.longform-search-form")
    assert form["action"] == "search.html" and form["method"] == "get"
    box = form.select_one("input#longform-search-input")
    assert box["name"] == "q" and box["type"] == "search"
    assert form.select_one("label")["for"] == "longform-search-input" and form.select_one("button[type=submit]")
    # The heading, box and starting points come before the results the scripts fill in.
    start = article.select_one("#longform-search-start")
    assert start.has_attr("hidden")  # shown by the page's script when there is no query: no shift when there is
    assert article.select_one("#search-results").find_previous(id="longform-search-start") is start
    latest = [a.get_text() for a in start.select("h2 + ul a")]
    essays = sorted(catalogue.essays(basic.env).values(), key=lambda e: (-e.date.toordinal(), e.title.lower()))
    assert latest == [e.title for e in essays if e.kind == "essay" and not e.draft][:5]
    for link in start.select("a"):
        assert (out / link["href"]).is_file(), link["href"]
    assert "min read" in start.get_text()


def test_each_indexed_page_says_what_it_is_and_how_long_it_takes(basic):
    pages = _fragments(Path(basic.outdir))
    for url, fragment in pages.items():
        essay = catalogue.essays(basic.env)[url.strip("/").removesuffix(".html")]
        assert fragment["meta"]["kind"] == "Essay", url
        assert fragment["meta"]["minutes"] == f"{essay.minutes} min read", url
