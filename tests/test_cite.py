"""Cite this essay: the disclosure on every essay, its exports read back by reference managers' parsers
(bibtexparser with LaTeX decoding, citeproc-py rendering a CSL style), the Highwire ``citation_*`` tags,
hostile titles and authors, and other builders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from proofkit import build
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from longform.site import contract

ROOTS = Path(__file__).resolve().parent / "roots"
#: What the test root's front matter and authors.yaml say (written here, not taken from the code).
HOSTILE_TITLE = 'A </script><script>alert(1)</script> "quoted" & {braced} 100% $x_1 #2 ~ ^ \\ title'
ODD_NAME = "Sam {Hat} O'Neil & Co_ 100% #1 $5 ~x ^y \\z"
BASE = "https://example.org/site/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("cite") / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    built = build(src, freshenv=True)
    assert built.warnings == ""
    return built


def _page(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / name).read_text(encoding="utf-8"), "html.parser")


def _bib(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    return library.entries[0]


def _rendered(items: list[dict], key: str) -> str:
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(key)]))
    return "\n".join(str(item) for item in bibliography.bibliography())


def test_every_essay_has_one_cite_disclosure_and_notes_and_paths_none(site):
    for name in ("essays/queues.html", "essays/hostile.html"):
        blocks = _page(site, name).select("details.longform-cite")
        assert len(blocks) == 1
        assert blocks[0].summary.get_text() == "Cite this essay"
        assert "no-search" in blocks[0]["class"]
    for name in ("notes/short.html", "paths/start.html", "index.html"):
        assert _page(site, name).select("details.longform-cite") == []


def test_the_plain_citation_names_authors_title_site_dates_and_the_stable_url(site):
    plain = _page(site, "essays/queues.html").select_one(".longform-cite-plain").get_text()
    assert plain == (
        "Ines Varga. “Queues are promises.” Cite & Preview, 12 May 2026, updated 1 June 2026. "
        "https://example.org/site/essays/queues.html"
    )


def test_bibtex_export_parses_and_decodes_to_the_front_matter(site):
    text = (site.outdir / "_longform/cite/essays/queues.bib").read_text(encoding="utf-8")
    shown = _page(site, "essays/queues.html").select(".longform-cite-export pre")[0].get_text()
    assert shown == text  # the page shows what the file holds
    entry = _bib(text)
    assert entry.entry_type == "online"
    assert entry.key == "queues-2026"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == "Queues are promises"
    assert fields["author"] == ["Ines Varga"]
    assert fields["date"] == "2026-05-12"
    assert fields["year"] == "2026"
    assert fields["url"] == BASE + "essays/queues.html"
    assert fields["note"] == "Updated 2026-06-01"
    assert fields["howpublished"] == "Cite & Preview"


def test_bibtex_escapes_every_tex_special_character(site):
    text = (site.outdir / "_longform/cite/essays/hostile.bib").read_text(encoding="utf-8")
    # Balanced braces: a raw '{' or '}' of the title would end the field early.
    assert text.count("{") - text.count("\\{") == text.count("}") - text.count("\\}")
    fields = {f.key: f.value for f in _bib(text).fields}
    # pylatexenc decodes \textasciicircum{} to U+02C6 (the modifier letter); everything else round-trips.
    assert fields["title"].replace("\u02c6", "^") == HOSTILE_TITLE
    assert [name.replace("\u02c6", "^") for name in fields["author"]] == ["Ines Varga", ODD_NAME]


def test_csl_json_export_renders_with_citeproc(site):
    data = json.loads((site.outdir / "_longform/cite/essays/queues.json").read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert item["type"] == "post-weblog"
    assert item["issued"] == {"date-parts": [[2026, 5, 12]]}
    assert item["author"] == [{"given": "Ines", "family": "Varga"}]
    rendered = _rendered(data, item["id"])
    assert "Varga, I." in rendered
    assert "Queues are promises" in rendered
    assert "Cite & Preview" in rendered
    assert BASE + "essays/queues.html" in rendered


def test_csl_json_of_a_hostile_title_is_inert_and_round_trips(site):
    raw = (site.outdir / "_longform/cite/essays/hostile.json").read_bytes()
    assert b"<" not in raw and b">" not in raw  # escaped, so no server or sniffer sees markup
    data = json.loads(raw)
    assert data[0]["title"] == HOSTILE_TITLE
    assert data[0]["author"][1] == {"literal": ODD_NAME}  # not split into a made-up given and family name
    assert HOSTILE_TITLE.replace("\\", "\\") in _rendered(data, data[0]["id"])
    assert contract.check_data("hostile.json", raw) == []


def test_highwire_meta_tags(site):
    head = _page(site, "essays/queues.html").head

    def names(name: str) -> list[str]:
        return [m["content"] for m in head.find_all("meta", attrs={"name": name})]

    assert names("citation_title") == ["Queues are promises"]
    assert names("citation_author") == ["Ines Varga"]
    assert names("citation_publication_date") == ["2026/05/12"]
    assert names("citation_online_date") == ["2026/06/01"]
    assert names("citation_public_url") == [BASE + "essays/queues.html"]
    hostile = _page(site, "essays/hostile.html").head
    assert [m["content"] for m in hostile.find_all("meta", attrs={"name": "citation_title"})] == [HOSTILE_TITLE]
    assert [m["content"] for m in hostile.find_all("meta", attrs={"name": "citation_author"})] == [
        "Ines Varga",
        ODD_NAME,
    ]
    assert _page(site, "notes/short.html").head.find("meta", attrs={"name": "citation_title"}) is None


def test_nothing_hostile_runs(site):
    page = _page(site, "essays/hostile.html")
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":  # data the browser never runs; no '<' can close it
            assert "<" not in script.get_text() and json.loads(script.get_text())["headline"] == HOSTILE_TITLE
            continue
        assert "alert" not in script.get_text()
        assert "alert" not in (script.get("src") or "")
    assert "alert(1)" in page.select_one("details.longform-cite").get_text()  # shown as text


def test_download_links_lead_to_the_exports(site):
    links = _page(site, "essays/queues.html").select("a.longform-cite-download")
    assert [a["href"] for a in links] == ["../_longform/cite/essays/queues.bib", "../_longform/cite/essays/queues.json"]
    for a in links:
        assert (site.outdir / "essays" / a["href"]).resolve().is_file()


def test_a_retitled_essay_rewrites_its_exports_and_a_deleted_one_loses_them(site, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(site.srcdir, src, ignore=shutil.ignore_patterns("_build"))
    first = build(src, freshenv=True)
    assert first.warnings == ""
    page = src / "essays" / "queues.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Queues are promises", "# Queues keep promises"))
    (src / "essays" / "hostile.md").unlink()
    topic = src / "topics" / "one.md"
    topic.write_text(topic.read_text(encoding="utf-8").replace("/essays/hostile\n", ""))
    path = src / "paths" / "start.md"
    path.write_text(path.read_text(encoding="utf-8").replace("- essays/hostile\n", ""))
    queues = src / "essays" / "queues.md"
    queues.write_text(queues.read_text(encoding="utf-8").replace("[the hostile essay](hostile.md), ", ""))
    second = build(src)
    assert second.warnings == ""
    fields = {f.key: f.value for f in _bib((second.outdir / "_longform/cite/essays/queues.bib").read_text()).fields}
    assert fields["title"] == "Queues keep promises"
    assert not (second.outdir / "_longform/cite/essays/hostile.bib").exists()
    assert not (second.outdir / "_longform/cite/essays/hostile.json").exists()


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_write_no_cite_block_and_no_traceback(tmp_path, builder):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    app = SphinxTestApp(builder, srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = strip_colors(app._warning.getvalue())
    assert "Traceback" not in warnings
    assert "Cite this essay" not in "".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob("*.t*"))
    assert not (Path(app.outdir) / "_longform").exists()


def test_the_contract_refuses_data_files_that_are_pages_or_unparsed():
    assert contract.check_data("x.json", b'{"a": "\\u003cb\\u003e"}') == []
    assert contract.check_data("x.json", b'{"a": "<b>"}')
    assert contract.check_data("x.json", b"<!DOCTYPE html><p>")
    assert contract.check_data("x.json", b"{not json")
    assert contract.check_data("x.html", b"{}")
    assert contract.check_data("x.bib", b"@online{k, title={T}}") == []
