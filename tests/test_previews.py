"""Previews: one JSON card per essay, note, tag page and reading path, the script and its pointer on pages
with links, the setting that turns it off, hostile text kept inert, incremental builds, other builders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = Path(__file__).resolve().parent / "roots"
CARDS = "_longform/previews"
HOSTILE_TITLE = 'A </script><script>alert(1)</script> "quoted" & {braced} 100% $x_1 #2 ~ ^ \\ title'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("previews") / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    built = build(src, freshenv=True)
    assert built.warnings == ""
    return built


def _card(outdir: Path, key: str) -> dict:
    raw = (outdir / CARDS / f"{key}.json").read_bytes()
    assert b"<" not in raw and b">" not in raw and b"&" not in raw
    return json.loads(raw)


def _page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_an_essays_card(site):
    assert _card(site.outdir, "essays/queues") == {
        "kind": "Essay",
        "title": "Queues are promises",
        "byline": "Ines Varga",
        "date": "12 May 2026",
        "updated": "Updated 1 June 2026",
        "minutes": "1 min",
        "description": "What a queue promises, and what it never did.",
        "opening": "A queue is a promise that work will be done later, by someone else, in some order. The promise "
        "has fine print: ordering, delivery, and what happens when the consumer dies. See the hostile essay, the "
        "note, the path and the tag page /tags/queues.",
    }


def test_a_notes_a_tags_and_a_paths_card(site):
    assert _card(site.outdir, "notes/short") == {
        "kind": "Note",
        "title": "A short note",
        "date": "20 May 2026",
        "description": "A short note on queues.",
    }
    assert _card(site.outdir, "tags/queues") == {
        "kind": "Tag",
        "title": "Queues",
        "description": "Queues and what they promise.",
        "count": "2 essays",
    }
    assert _card(site.outdir, "paths/start") == {
        "kind": "Reading path",
        "title": "Where to start",
        "byline": "Ines Varga",
        "description": "Where to start with queues.",
    }
    # Pages that are none of these get no card.
    assert sorted(p.relative_to(site.outdir / CARDS).as_posix() for p in (site.outdir / CARDS).rglob("*.json")) == [
        "essays/hostile.json",
        "essays/queues.json",
        "notes/short.json",
        "paths/start.json",
        "tags/queues.json",
    ]


def test_the_list_of_pages_with_a_card_names_every_card_and_nothing_else(site):
    raw = (site.outdir / "_longform" / "previews.json").read_bytes()
    listed = json.loads(raw)["keys"]
    on_disk = sorted(
        p.relative_to(site.outdir / CARDS).as_posix()[: -len(".json")] for p in (site.outdir / CARDS).rglob("*.json")
    )
    assert listed == on_disk == ["essays/hostile", "essays/queues", "notes/short", "paths/start", "tags/queues"]
    # so a tag index, a feed, an author's page or a topic page (no card) is never asked for
    assert not {"tags", "tags/index", "tags/queues.xml", "authors/ines-varga", "topics/one"} & set(listed)


def test_hostile_text_is_data_not_markup(site):
    card = _card(site.outdir, "essays/hostile")
    assert card["title"] == HOSTILE_TITLE
    # as text, whole (quotes made typographic as every description is): the script inserts it as a text node
    assert card["description"] == "A description with <script>alert(‘x’)</script> and </script> & “quotes”."
    assert card["opening"].startswith("The opening lines hold <b>markup</b> that must stay text")


def test_pages_with_links_load_the_script_and_say_where_cards_are(site):
    page = _page(site.outdir, "essays/queues.html")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(src.startswith("../_static/longform-previews.js") for src in scripts)
    meta = page.head.find("meta", attrs={"name": "longform-previews"})
    assert meta["data-folder"] == CARDS
    assert meta["data-index"] == "_longform/previews.json"
    assert set(meta["content"].split()) == {"earlier", "essays", "notes", "paths", "series", "tags"}
    assert page.find("html")["data-content_root"] == "../"
    # A page without Longform's markup or links (the search page) does not load it.
    search = _page(site.outdir, "search.html")
    assert not any("longform-previews" in (s.get("src") or "") for s in search.find_all("script"))
    assert (site.outdir / "_static" / "longform-previews.js").is_file()


def test_the_script_inserts_text_only():
    script = (Path(__file__).resolve().parent.parent / "extensions/longform/static/longform-previews.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script


def test_longform_previews_false_writes_no_cards_and_no_script(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    built = build(src, freshenv=True, longform_previews=False)
    assert built.warnings == ""
    assert not (built.outdir / CARDS).exists()
    page = _page(built.outdir, "essays/queues.html")
    assert page.head.find("meta", attrs={"name": "longform-previews"}) is None
    assert not any("longform-previews" in (s.get("src") or "") for s in page.find_all("script"))


def test_incremental_builds_rewrite_only_what_changed_and_equal_a_clean_build(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    first = build(src, freshenv=True)
    assert first.warnings == ""
    note_before = (first.outdir / CARDS / "notes/short.json").stat().st_mtime_ns
    essay = src / "essays" / "queues.md"
    essay.write_text(
        essay.read_text(encoding="utf-8")
        .replace("What a queue promises, and what it never did.", "A new description.")
        .replace("A queue is a promise that", "A queue is an IOU that"),
        encoding="utf-8",
    )
    second = build(src)
    assert second.warnings == ""
    card = _card(second.outdir, "essays/queues")
    assert card["description"] == "A new description."
    assert card["opening"].startswith("A queue is an IOU that")
    assert (second.outdir / CARDS / "notes/short.json").stat().st_mtime_ns == note_before  # untouched
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, freshenv=True)
    for path in sorted((clean.outdir / CARDS).rglob("*.json")):
        relative = path.relative_to(clean.outdir)
        assert (second.outdir / relative).read_bytes() == path.read_bytes(), relative
    assert sorted(p.relative_to(second.outdir) for p in (second.outdir / "_longform").rglob("*")) == sorted(
        p.relative_to(clean.outdir) for p in (clean.outdir / "_longform").rglob("*")
    )


def test_dirhtml_cards_are_keyed_by_the_pages_addresses(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    app = SphinxTestApp("dirhtml", srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert strip_colors(app._warning.getvalue()) == ""
    out = Path(app.outdir)
    assert (out / CARDS / "essays/queues.json").is_file()
    assert (out / CARDS / "tags/queues.json").is_file()
    assert _page(out, "essays/queues/index.html").find("html")["data-content_root"] == "../../"


def test_the_text_builder_writes_no_cards(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    app = SphinxTestApp("text", srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "Traceback" not in strip_colors(app._warning.getvalue())
    assert not (Path(app.outdir) / "_longform").exists()


def test_cards_and_the_cite_block_speak_the_sites_language(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    built = build(src, freshenv=True, language="de")
    assert built.warnings == ""
    assert _card(built.outdir, "notes/short")["kind"] == "Notiz"
    assert _card(built.outdir, "tags/queues")["kind"] == "Schlagwort"
    assert _card(built.outdir, "essays/queues")["date"] == "12. Mai 2026"
    block = _page(built.outdir, "essays/queues.html").select_one("details.longform-cite")
    assert block.summary.get_text() == "Diesen Essay zitieren"
    assert block["data-copy"] == "Kopieren"
    assert "aktualisiert am 1. Juni 2026" in block.select_one(".longform-cite-plain").get_text()


def test_an_essays_opening_skips_asides_tables_and_footnotes(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    (src / "essays" / "aside.md").write_text(
        "---\ndate: 2026-03-01\ndescription: Asides first.\ntags: [queues]\n---\n\n# Asides first\n\n"
        "```{note}\nThis note is not the opening.\n```\n\n"
        "| a table | cell |\n|---|---|\n| not | the opening |\n\n"
        "The running text starts here.[^1]\n\n[^1]: A footnote, not the opening.\n",
        encoding="utf-8",
    )
    topic = src / "topics" / "one.md"
    topic.write_text(topic.read_text(encoding="utf-8").replace("/essays/hostile\n", "/essays/hostile\n/essays/aside\n"))
    built = build(src, freshenv=True)
    assert built.warnings == ""
    assert _card(built.outdir, "essays/aside")["opening"] == "The running text starts here."


def test_a_series_card_counts_its_visible_parts_and_their_time(tmp_path):
    """tests/roots/test-series: 'trio' has three parts; 'duo' two, one of them a draft, so one part shows."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-series", src)
    built = build(src, freshenv=True)
    assert built.warnings == ""
    minutes = {
        name: int(_page(built.outdir, f"essays/{name}.html").select_one(".longform-reading-time").get_text().split()[0])
        for name in ("one", "two", "three")
    }
    assert _card(built.outdir, "series/trio") == {
        "kind": "Series",
        "title": "The trio",
        "minutes": f"{sum(minutes.values())} min",
        "count": "3 parts",
        "description": "Three short essays that make one argument.",
    }
    assert _card(built.outdir, "series/duo")["count"] == "1 part"  # the draft is no part a reader sees
    listed = json.loads((built.outdir / "_longform" / "previews.json").read_bytes())["keys"]
    assert "series/trio" in listed and "series/duo" in listed and "series/index" not in listed
    meta = _page(built.outdir, "essays/two.html").head.find("meta", attrs={"name": "longform-previews"})
    assert "series" in meta["content"].split()
    # the essay's series navigation links to the series page, whose card the script now finds
    assert _page(built.outdir, "essays/two.html").select('article a[href="../series/trio.html"]')
