"""Which files a page may publish (``longform.core.files``): the sniffers, the SVG rules, the allow-list,
and builds showing what is copied, what is not, and what a maintainer can widen.

The hostile cases (one essay each, every output file searched for the payload) are in
``tests/test_hostile.py`` under "files (wall 1)"; these tests pin down the parts one by one.
"""

from __future__ import annotations

import base64
import bz2
import gzip
import io
import lzma
import os
import re
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
from proofkit import build

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"

# A 1x1 PNG and a 1x1 GIF, as image tools write them (not built from the code under test).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
WEBP_HEAD = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
AVIF_HEAD = b"\x00\x00\x00\x20ftypavif\x00\x00\x00\x00avifmif1miafMA1B"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4">{}</svg>'


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    return buffer.getvalue()


# -- sniffing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "png"),
        (GIF, "gif"),
        (JPEG_HEAD, "jpeg"),
        (WEBP_HEAD, "webp"),
        (AVIF_HEAD, "avif"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (_zip(), "zip"),
        (_tar(), "tar"),
        (gzip.compress(b"hello", mtime=0), "gzip"),
        (bz2.compress(b"hello"), "bzip2"),
        (lzma.compress(b"hello"), "xz"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"),
        (b"name,count\nalpha,1\n", "text"),
        (b"BZh is how a bzip2 file starts.\n", "text"),
        (b'{"cells": [], "nbformat": 4}', "text"),
        ("Grüße, ünïcödé\n".encode(), "text"),
        (b"", "empty"),
        (b"<!DOCTYPE html><p>x", "markup"),
        (b"\xef\xbb\xbf \n\t<html>", "markup"),
        (b"<?xml version='1.0'?><r/>", "markup"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "markup"),
        (b"<script>alert(1)</script>", "markup"),
        (b"<!-- a comment --><p>", "markup"),
        ("<html>".encode("utf-16"), "binary"),
        (b"\x00\x01\x02\x03", "binary"),
        (b"\xc3\x28 not utf-8 at all, early on", "binary"),
    ],
)
def test_sniff_names_what_the_first_bytes_are(data, kind):
    from longform.core import files

    assert files.sniff(data) == kind


def test_a_character_cut_at_the_end_of_the_sniffed_head_is_still_text():
    from longform.core import files

    head = ("a" + "é" * 3000).encode()[: files.SNIFF_BYTES]
    assert head[-1:] == b"\xc3"  # the head ends half-way through a character
    assert files.sniff(head) == "text"


# -- SVG -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((REPO / "docs").rglob("*.svg")), ids=lambda p: p.name)
def test_the_sites_own_figures_are_plain_drawings(path):
    from longform.core import files

    assert files.svg_problem(path.read_bytes()) is None


@pytest.mark.parametrize(
    "inner",
    [
        '<use href="#a"/><rect id="a" width="1" height="1" fill="url(#g)" style="stroke: url( \'#g\' )"/>',
        '<a xlink:href="#part"><text>Part</text></a>',
        "<style>rect { fill: url(#g); }</style><!-- a comment -->",
        '<animate attributeName="opacity" from="0" to="1" dur="1s"/>',
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>',
    ],
)
def test_plain_svg_drawings_pass(inner):
    from longform.core import files

    assert files.svg_problem(SVG.format(inner).encode()) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (SVG.format("<script>alert(1)</script>"), "<script>"),
        (SVG.format('<rect onclick="alert(1)"/>'), "'onclick'"),
        (SVG.format('<rect ONLOAD="alert(1)"/>'), "'ONLOAD'"),
        (SVG.format("<foreignObject><div/></foreignObject>"), "<foreignObject>"),
        (SVG.format('<set attributeName="href" to="javascript:alert(1)"/>'), "animates 'href'"),
        (SVG.format('<animate attributeName="xlink:href" values="javascript:alert(1)"/>'), "'xlink:href'"),
        (SVG.format('<animateTransform attributeName="href"/>'), "animates 'href'"),
        (SVG.format('<a href="javascript:alert(1)"><text>x</text></a>'), 'href="javascript:alert(1)"'),
        (SVG.format('<image xlink:href="https://tracker.example/p.png"/>'), "https://tracker.example/p.png"),
        (SVG.format('<image href="data:image/png;base64,AAAA"/>'), "data:image/png"),
        (SVG.format('<use href="other.svg#a"/>'), "other.svg#a"),
        (SVG.format('<iframe src="https://evil.example/"/>'), "<iframe>"),
        (SVG.format('<embed src="x.swf"/>'), "<embed>"),
        (SVG.format('<object data="x.html"/>'), "<object>"),
        (SVG.format("<style>@import url(https://evil.example/a.css);</style>"), "@import"),
        (SVG.format("<style>rect { fill: url(https://evil.example/p.svg#g); }</style>"), "url(https://evil.example"),
        (SVG.format("<style>rect { background: \\75rl(x) }</style>"), "'\\'"),
        (SVG.format("<rect style=\"fill: url('https://evil.example/g')\"/>"), "url(https://evil.example/g)"),
        (SVG.format('<rect fill="url(//evil.example/g#x)"/>'), "url(//evil.example/g#x)"),
        (SVG.format('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), "xhtml"),
        (SVG.format('<m:math xmlns:m="http://www.w3.org/1998/Math/MathML"/>'), "MathML"),
        ('<!DOCTYPE svg [<!ENTITY e "x">]>' + SVG.format("<text>&e;</text>"), "DOCTYPE or ENTITY"),
        ('<!DOCTYPE svg SYSTEM "https://evil.example/svg.dtd">' + SVG.format(""), "DOCTYPE"),
        ("<?xml-stylesheet type='text/xsl' href='x.xsl'?>" + SVG.format(""), "<?xml-stylesheet?>"),
        (SVG.format("<?php echo 1 ?>"), "<?php?>"),
        ("<html><body><svg/></body></html>", "<html>"),
        ("<!doctype html><script>alert(1)</script>", "not well-formed"),
        (SVG.format("<text>unclosed"), "not well-formed"),
    ],
)
def test_an_svg_with_script_or_references_is_refused_naming_what_was_found(text, named):
    from longform.core import files

    problem = files.svg_problem(text.encode())
    assert problem is not None and named in problem, problem


def test_an_svg_bomb_is_refused_without_expanding_it():
    from longform.core import files

    lol = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    assert "DOCTYPE" in files.svg_problem((lol + SVG.format("<text>&b;&b;&b;</text>")).encode())
    big = SVG.format("<g/>" * (files.MAX_SVG_BYTES // 4)).encode()
    assert "over" in files.svg_problem(big)


# -- the allow-list --------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chart.png", PNG),
        ("photo.jpg", JPEG_HEAD),
        ("photo.JPEG", JPEG_HEAD),
        ("anim.gif", GIF),
        ("pic.webp", WEBP_HEAD),
        ("pic.avif", AVIF_HEAD),
        ("drawing.svg", SVG.format("<rect width='1' height='1'/>").encode()),
    ],
)
def test_images_whose_bytes_match_their_name_are_published(tmp_path, name, data):
    from longform.core import files

    assert files.image_type_problem(_write(tmp_path, name, data)) is None


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("chart.png", b"<html><script>alert(1)</script></html>", "its name says a PNG image but its bytes are HTML"),
        ("chart.png", GIF, "its name says a PNG image but its bytes are a GIF image"),
        ("photo.jpg", PNG, "a JPEG image but its bytes are a PNG image"),
        ("chart.bmp", b"BM\x00\x00", "'.bmp' is not an image type"),
        ("chart.pdf", b"%PDF-1.4", "'.pdf' is not an image type"),
        ("chart", PNG, "no extension"),
        ("drawing.svg", b"<svg><script/></svg>", "root element"),
    ],
)
def test_images_of_other_types_or_lying_names_are_refused(tmp_path, name, data, said):
    from longform.core import files

    problem = files.image_type_problem(_write(tmp_path, name, data))
    assert problem is not None and said in problem, problem


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("paper.pdf", b"%PDF-1.7\n"),
        ("data.csv", b"a,b\n1,2\n"),
        ("data.tsv", b"a\tb\n"),
        ("data.json", b'{"a": 1}'),
        ("config.yaml", b"a: 1\n"),
        ("pyproject.toml", b"[project]\n"),
        ("notes.txt", "Plain notes, ünïcödé.\n".encode()),
        ("empty.txt", b""),
        ("script.py", b"print('hello')\n"),
        ("main.go", b"package main\n"),
        ("lib.rs", b"fn main() {}\n"),
        ("query.sql", b"select 1;\n"),
        ("run.sh", b"#!/bin/sh\necho hi\n"),
        ("notebook.ipynb", b'{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}'),
        ("code.zip", _zip()),
        ("book.epub", _zip()),
        ("code.tar", _tar()),
        ("code.tar.gz", gzip.compress(_tar(), mtime=0)),
        ("code.tgz", gzip.compress(_tar(), mtime=0)),
        ("code.tar.bz2", bz2.compress(_tar())),
        ("code.tar.xz", lzma.compress(_tar())),
        ("chart.png", PNG),
    ],
)
def test_inert_downloads_are_published(tmp_path, name, data):
    from longform.core import files

    assert files.download_type_problem(_write(tmp_path, name, data)) is None


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("page.html", b"<p>hi</p>", "'.html' files open as pages"),
        ("page.HTM", b"hi", "'.htm' files"),
        ("page.xhtml", b"<html/>", "'.xhtml' files"),
        ("page.xht", b"<html/>", "'.xht' files"),
        ("data.xml", b"<r/>", "'.xml' files"),
        ("style.xsl", b"<x/>", "'.xsl' files"),
        ("drawing.svg", SVG.format("").encode(), "'.svg' files"),
        ("drawing.svgz", gzip.compress(SVG.format("").encode(), mtime=0), "'.svgz' files"),
        ("app.js", b"alert(1)", "'.js' files"),
        ("app.mjs", b"alert(1)", "'.mjs' files"),
        ("app.wasm", b"\x00asm\x01\x00\x00\x00", "'.wasm' files"),
        ("movie.swf", b"FWS", "'.swf' files"),
        ("app.jar", _zip(), "'.jar' files"),
        ("site.css", b"body{}", "'.css' files"),
        ("notes.txt", b"  <!doctype html><script>alert(1)</script>", "first bytes are HTML/XML markup"),
        ("data.csv", b"<svg onload=alert(1)>", "first bytes are HTML/XML markup"),
        ("data.json", b"<?xml version='1.0'?><x/>", "first bytes are HTML/XML markup"),
        ("notes.txt", "<html><script>alert(1)</script>".encode("utf-16"), "its bytes are binary data"),
        ("paper.pdf", b"<html>", "first bytes are HTML/XML markup"),
        ("paper.pdf", b"plain text", "its name says a PDF but its bytes are UTF-8 text"),
        ("code.zip", b"not a zip", "a zip archive but its bytes are UTF-8 text"),
        ("README", b"hello", "no extension"),
        ("notes.docx", _zip(), "'.docx' is not a type the site offers for download"),
    ],
)
def test_downloads_that_a_browser_could_run_are_refused(tmp_path, name, data, said):
    from longform.core import files

    problem = files.download_type_problem(_write(tmp_path, name, data))
    assert problem is not None and said in problem, problem


def test_a_maintainer_widens_downloads_but_never_to_what_a_browser_runs(tmp_path):
    from longform.core import files

    docx = _write(tmp_path, "notes.docx", _zip())
    assert files.download_type_problem(docx, [".DOCX"]) is None
    markup = _write(tmp_path, "notes.rtf", b"<html><script>alert(1)</script>")
    assert "markup" in files.download_type_problem(markup, ["rtf"])
    page = _write(tmp_path, "page.html", b"<p>hi</p>")
    assert "open as pages" in files.download_type_problem(page, ["html"])


def test_the_allow_list_tables_agree_with_themselves():
    from longform.core import files

    assert not (set(files.DOWNLOADS) | set(files.IMAGES)) & (files.NEVER - {"svg"})
    assert "svg" in files.IMAGES and "svg" not in files.DOWNLOADS
    kinds = {kind for _offset, _sig, kind in files.SIGNATURES} | {"webp", "avif", "text", "markup", "binary", "empty"}
    assert set(files.DOWNLOADS.values()) | (set(files.IMAGES.values()) - {"svg"}) <= kinds <= set(files.KIND_NAMES)


def test_policy_reads_hosts_and_downloads_from_longform_allow():
    from types import SimpleNamespace

    from longform.core import safety

    rules = safety.policy(SimpleNamespace(longform_allow={"hosts": [" IMG.Example "], "downloads": ["docx"]}))
    assert rules.hosts == frozenset({"img.example"})
    assert rules.downloads == frozenset({"docx"})
    empty = safety.policy(SimpleNamespace(longform_allow={}))
    assert empty.hosts == frozenset() and empty.downloads == frozenset()


# -- in a build ------------------------------------------------------------------------------------

ESSAY = "---\ndate: 2026-02-0{n}\ndescription: Files {n}.\ntags: [alpha]\n{extra}---\n\n# Files {n}\n\n{body}\n"


def _site(tmp_path: Path, essays: dict[str, str], figures: dict[str, bytes]) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    folder = site / "essays" / "figures"
    folder.mkdir()
    for name, data in figures.items():
        (folder / name).write_bytes(data)
    for n, (name, body) in enumerate(essays.items(), start=1):
        (site / "essays" / f"{name}.md").write_text(ESSAY.format(n=n, extra="", body=body), encoding="utf-8")
    return site


def _ours(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[longform." in line]


def test_allowed_files_are_copied_and_allowed_hosts_shown_without_a_warning(tmp_path):
    site = _site(
        tmp_path,
        {
            "glob": "![A chart](figures/chart.*)\n\n![A badge](https://img.example/badge.png)\n\n"
            "![The logo](https://site.example/_static/logo.png)",
            "downloads": "Get {download}`the data <figures/data.csv>`, [the notebook](figures/run.ipynb) and "
            "{download}`the notes <figures/notes.docx>`.",
            "card": "```{card} Title\n:img-top: figures/plain.svg\n:img-alt: A plain drawing\n\nBody.\n```",
        },
        {
            "chart.png": PNG,
            "plain.svg": SVG.format("<rect width='1' height='1' fill='url(#g)'/>").encode(),
            "data.csv": b"a,b\n1,2\n",
            "run.ipynb": b'{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
            "notes.docx": _zip(),
        },
    )
    built = build(
        site,
        freshenv=True,
        longform_allow={"hosts": ["img.example"], "downloads": ["docx"]},
        html_baseurl="https://site.example/",
    )
    assert _ours(built.warnings) == []
    out = Path(built.outdir)
    assert (out / "_images" / "chart.png").read_bytes() == PNG
    assert (out / "_images" / "plain.svg").is_file()
    downloads = {path.name for path in (out / "_downloads").rglob("*") if path.is_file()}
    assert downloads == {"data.csv", "run.ipynb", "notes.docx"}
    page = (out / "essays" / "glob.html").read_text(encoding="utf-8")
    assert 'src="https://img.example/badge.png"' in page
    assert 'src="https://site.example/_static/logo.png"' in page  # the site's own host


def test_each_refusal_is_one_located_warning_and_the_rest_of_the_page_builds(tmp_path):
    site = _site(
        tmp_path,
        {
            "mixed": "Before.\n\n![A drawing](figures/evil.svg)\n\nBetween.\n\n"
            "Get {download}`the page <figures/page.html>`.\n\n![A pixel](https://img.example/p.png)\n\nAfter.",
        },
        {"evil.svg": SVG.format("<script>alert('PWN-mixed')</script>").encode(), "page.html": b"<p>PWN-mixed</p>"},
    )
    built = build(site, freshenv=True)
    ours = _ours(built.warnings)
    assert [
        re.sub(r".*essays/mixed\.md:(\d+): WARNING: .*\[(longform\.[a-z-]+)\]$", r"\1 \2", line) for line in ours
    ] == [
        "11 longform.unsafe-file",
        "15 longform.unsafe-file",
        "17 longform.remote-resource",
    ], ours
    page = (Path(built.outdir) / "essays" / "mixed.html").read_text(encoding="utf-8")
    assert "Before." in page and "Between." in page and "After." in page and "the page" in page
    assert "img.example" not in page
    assert not (Path(built.outdir) / "_images").exists() or not list((Path(built.outdir) / "_images").iterdir())
    assert not (Path(built.outdir) / "_downloads").exists()


def test_a_page_source_is_refused_even_in_a_preview_that_shows_drafts(tmp_path):
    site = _site(tmp_path, {"source": "Get {download}`the source <valid-one.md>`."}, {})
    built = build(site, freshenv=True, longform_show_drafts=True)
    assert len(_ours(built.warnings)) == 1 and "is a page's source" in built.warnings, built.warnings
    assert not (Path(built.outdir) / "_downloads").exists()


def test_a_fixed_file_is_published_by_the_next_incremental_build(tmp_path):
    site = _site(
        tmp_path, {"fixed": "![A drawing](figures/d.svg)"}, {"d.svg": SVG.format("<script>x</script>").encode()}
    )
    first = build(site)
    assert "has a <script> element" in first.warnings
    assert not (Path(first.outdir) / "_images" / "d.svg").exists()
    (site / "essays" / "figures" / "d.svg").write_bytes(SVG.format("<rect width='1' height='1'/>").encode())
    second = build(site)
    assert _ours(second.warnings) == []
    assert (Path(second.outdir) / "_images" / "d.svg").is_file()


def test_what_the_collector_takes_is_checked_again_if_the_two_ever_disagree(tmp_path, monkeypatch):
    """Fail closed: if Longform's expansion of a glob missed a file Sphinx's collector takes, the check after
    the collector refuses it, takes it out of env.images, and nothing is copied."""
    from longform.core import files

    outside = tmp_path / "outside-secret.png"
    outside.write_bytes(PNG + b"OUTSIDE-SECRET")
    site = _site(tmp_path, {"glob": "![A chart](figures/x.*)\n\n![A drawing](figures/evil.svg)"}, {})
    os.symlink(outside, site / "essays" / "figures" / "x.png")
    (site / "essays" / "figures" / "evil.svg").write_bytes(SVG.format("<script>x</script>").encode())
    monkeypatch.setattr(files, "image_files", lambda env, docname, uri: [])
    built = build(site, freshenv=True)
    ours = [line for line in _ours(built.warnings) if "essays/glob.md" in line]
    assert len(ours) == 2, built.warnings
    assert "'essays/figures/x.png' is a symlink to outside the source folder" in ours[0]
    assert "has a <script> element" in ours[1]
    for path in Path(built.outdir).rglob("*"):
        assert not path.is_file() or b"OUTSIDE-SECRET" not in path.read_bytes(), path
    assert not (Path(built.outdir) / "_images").exists() or not list((Path(built.outdir) / "_images").iterdir())


def test_forget_image_takes_a_file_out_of_sphinxs_image_store_for_one_page(tmp_path):
    """compat.forget_image relies on env.images being Sphinx's FilenameUniqDict (path -> (docnames, unique))."""
    from types import SimpleNamespace

    from sphinx.testing.util import SphinxTestApp

    from longform.core import compat

    app = SphinxTestApp("html", srcdir=_site(tmp_path, {}, {}))
    try:
        images = app.env.images
    finally:
        app.cleanup()
    images.add_file("a", "essays/x.png")
    images.add_file("b", "essays/x.png")
    env = SimpleNamespace(images=images)
    compat.forget_image(env, "a", "essays/x.png")
    assert images["essays/x.png"][0] == {"b"}
    compat.forget_image(env, "b", "essays/x.png")
    assert "essays/x.png" not in images
    assert images.add_file("c", "other/x.png") == "x.png"  # its unique name is free again
