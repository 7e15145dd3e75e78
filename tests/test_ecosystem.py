"""Beside the ecosystem: myst-nb loaded before or after Longform, notebook essays, and pages over the size bound.

The notebook is written by hand (nbformat 4 JSON): a Markdown cell and a code cell whose saved output is a PNG,
so nothing is executed (``nb_execution_mode = "off"``).
"""

from __future__ import annotations

import base64
import json
import shutil
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build

pytest.importorskip("myst_nb")

ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"


@pytest.fixture(autouse=True)
def _sphinx_default_source_suffix():
    """Sphinx's registry writes each registered suffix into ``config.source_suffix`` at config-inited; a site
    that does not set it reads Sphinx's own default dict, so myst-nb's ``'.md': 'myst-nb'`` would outlive this
    test in every later application of the process (which has no myst-nb parser): put the default back."""
    from sphinx.config import Config

    default = Config.config_values["source_suffix"].default
    saved = dict(default)
    yield
    default.clear()
    default.update(saved)


def _png(width: int, height: int) -> bytes:
    """A valid RGB PNG of ``width`` x ``height`` black pixels (written here, so its bytes are known)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PNG = _png(3, 2)


def _notebook(*, prose: str = "The notebook's prose mentions quokka.") -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "title": "A notebook essay",
                "date": "2026-02-14",
                "description": "An essay written as a Jupyter notebook.",
                "tags": ["alpha"],
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"},
            },
            "cells": [
                {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# A notebook essay\n", "\n", prose]},
                {
                    "cell_type": "code",
                    "id": "c1",
                    "metadata": {},
                    "execution_count": 1,
                    "source": ["draw()"],
                    "outputs": [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {"image/png": base64.b64encode(PNG).decode("ascii"), "text/plain": ["<Figure>"]},
                        }
                    ],
                },
            ],
        },
        indent=1,
    )


def _site(tmp_path: Path, extensions: list[str]) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    conf = site / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text = text.replace('extensions = ["myst_parser", "longform"]', f"extensions = {extensions!r}")
    conf.write_text(text + 'nb_execution_mode = "off"\n', encoding="utf-8")
    (site / "essays" / "notebook.ipynb").write_text(_notebook(), encoding="utf-8")
    return site


def _warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


@pytest.mark.parametrize(
    "extensions", [["myst_nb", "longform"], ["longform", "myst_nb"]], ids=["myst-nb-first", "longform-first"]
)
def test_a_notebook_essay_builds_with_myst_nb_in_either_order(tmp_path, extensions):
    built = build(_site(tmp_path, extensions), freshenv=True)
    assert "Traceback" not in built.warnings + built.status
    assert _warnings(built.warnings) == [], built.warnings
    page = Path(built.outdir) / "essays" / "notebook.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "quokka" in soup.get_text()
    images = [img for img in soup.select("img") if img.get("src", "").startswith("../_images/")]
    assert len(images) == 1, images
    copied = Path(built.outdir) / "_images" / Path(images[0]["src"]).name
    assert copied.read_bytes() == PNG  # the cell's output, as the notebook holds it
    assert "essays/notebook" in built.essays  # a catalogued essay: the alt-text rule applies to it
    assert built.essays["essays/notebook"].tags == ("alpha",)
    # The Markdown essays still go through Longform's parser: the matrix's pages are written.
    assert (Path(built.outdir) / "essays" / "valid-one.html").is_file()


@pytest.mark.parametrize("extensions", [["myst_nb", "longform"], ["longform", "myst_nb"]], ids=["first", "after"])
def test_eval_rst_stays_refused_on_markdown_parsed_by_myst_nb(tmp_path, extensions):
    site = _site(tmp_path, extensions)
    (site / "essays" / "hostile.md").write_text(
        "---\ndate: 2026-02-01\ndescription: Tries reST.\ntags: [alpha]\n---\n\n# Hostile\n\n"
        "```{eval-rst}\n.. raw:: html\n\n   <b>ECO_MARKER</b>\n```\n",
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    ours = [line for line in _warnings(built.warnings) if "[longform." in line]
    assert len(ours) == 1 and "hostile.md:" in ours[0] and ours[0].endswith("[longform.unsafe-directive]"), ours
    assert "ECO_MARKER" not in (Path(built.outdir) / "essays" / "hostile.html").read_text(encoding="utf-8")


def test_an_authored_image_without_alt_in_a_notebook_is_still_reported(tmp_path):
    site = _site(tmp_path, ["myst_nb", "longform"])
    (site / "essays" / "picture.png").write_bytes(PNG)
    (site / "essays" / "notebook.ipynb").write_text(_notebook(prose="An image: ![](picture.png)\n"), encoding="utf-8")
    built = build(site, freshenv=True)
    warnings = _warnings(built.warnings)
    assert len(warnings) == 1 and warnings[0].endswith("[longform.missing-alt]"), built.warnings
    assert "'picture.png' has no alt text" in warnings[0] and "notebook.ipynb:" in warnings[0]


@pytest.mark.parametrize("big", ["notebook.ipynb", "long.md"])
def test_a_page_over_the_bound_is_left_out_with_one_warning_and_the_rest_builds(tmp_path, big):
    site = _site(tmp_path, ["myst_nb", "longform"])
    source = site / "essays" / big
    # Larger than every other page and than the setting's lowest value (1000 bytes).
    if big == "notebook.ipynb":
        source.write_text(_notebook(prose="The notebook's prose mentions quokka. " * 80), encoding="utf-8")
    else:
        front = "---\ndate: 2026-02-02\ndescription: A long essay.\ntags: [alpha]\n---\n\n# Long\n"
        source.write_text(front + "\nMore prose about wombats.\n" * 120, encoding="utf-8")
    size = source.stat().st_size
    assert size - 1 >= 1000
    built = build(site, freshenv=True, longform_max_page_bytes=size - 1)
    warnings = _warnings(built.warnings)
    assert warnings == [
        f"{source}:1: WARNING: the page is {size:,} bytes, over the {(size - 1) / 1000:g} KB a page may be — split "
        "it (or a maintainer raises longform_max_page_bytes in conf.py); until then it is left out of the build "
        "[longform.too-large]"
    ], built.warnings
    assert "Traceback" not in built.warnings
    out = Path(built.outdir) / "essays"
    assert not (out / Path(big).with_suffix(".html")).exists()
    others = {"notebook.ipynb", "valid-one.md", "valid-two.md", "valid-three.md"} - {big}
    assert not (out / "long.html").exists()
    for name in others:
        assert (out / Path(name).with_suffix(".html")).is_file(), name
    # The glob toctree that lists the essays does not link the page left out.
    main = (Path(built.outdir) / "topics" / "main.html").read_text(encoding="utf-8")
    assert Path(big).stem + ".html" not in main and "valid-one.html" in main


def test_the_page_bound_at_its_default_keeps_a_small_notebook(tmp_path):
    built = build(_site(tmp_path, ["longform", "myst_nb"]), freshenv=True, longform_max_page_bytes=1_000_000)
    assert (Path(built.outdir) / "essays" / "notebook.html").is_file()
    assert _warnings(built.warnings) == [], built.warnings


def _with(notebook: str, change: dict) -> str:
    """``notebook`` with ``change`` applied: {"metadata": {...}} merged into its metadata, {"output": {...}} added
    as a display output of its code cell."""
    data = json.loads(notebook)
    data["metadata"].update(change.get("metadata", {}))
    if "output" in change:
        data["cells"][1]["outputs"].append({"output_type": "display_data", "metadata": {}, "data": change["output"]})
    return json.dumps(data, indent=1)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_notebook_metadata_cannot_turn_execution_on(tmp_path):
    site = _site(tmp_path, ["myst_nb", "longform"])
    ran = tmp_path / "the-notebook-ran"
    notebook = json.loads(_with(_notebook(), {"metadata": {"mystnb": {"execution_mode": "force"}}}))
    notebook["cells"][1]["source"] = [f"open({str(ran)!r}, 'w').write('ran')"]
    path = site / "essays" / "notebook.ipynb"
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    built = build(site, freshenv=True)
    assert not ran.exists(), "a contributor's notebook metadata made the build run its code"
    warnings = _warnings(built.warnings)
    line = _line_of(path, '"mystnb"')
    assert warnings == [
        f"{path}:{line}: WARNING: notebook metadata 'mystnb' changes how the notebook is "
        "parsed, run or shown — not allowed on this page; remove it (a maintainer's page may carry it) "
        "[longform.unsafe-front-matter]"
    ], built.warnings
    assert (Path(built.outdir) / "essays" / "notebook.html").is_file()


@pytest.mark.parametrize(
    "output",
    [
        {"text/html": ["<script>alert('ECO_MARKER')</script>"], "text/plain": ["fine"]},
        {"application/javascript": ["alert('ECO_MARKER')"]},
    ],
    ids=["html", "javascript"],
)
def test_a_cell_output_that_injects_markup_is_not_shown(tmp_path, output):
    site = _site(tmp_path, ["longform", "myst_nb"])
    path = site / "essays" / "notebook.ipynb"
    path.write_text(_with(_notebook(), {"output": output}), encoding="utf-8")
    built = build(site, freshenv=True, html_copy_source=False)  # as the site's conf.py: no copy of the source
    kind = next(iter(output))
    warnings = _warnings(built.warnings)
    assert len(warnings) == 1, built.warnings
    assert warnings[0].startswith(f"{path}:{_line_of(path, json.dumps(kind))}: WARNING: a cell's output of type ")
    assert warnings[0].endswith("[longform.unsafe-output-type]")
    for page in Path(built.outdir).rglob("*"):
        if page.is_file() and page.suffix in (".html", ".js", ".json", ".xml", ".txt"):
            assert "ECO_MARKER" not in page.read_text(encoding="utf-8", errors="replace"), page
    assert "quokka" in (Path(built.outdir) / "essays" / "notebook.html").read_text(encoding="utf-8")


def test_a_notebook_that_is_not_json_is_one_warning_and_the_rest_builds(tmp_path):
    site = _site(tmp_path, ["myst_nb", "longform"])
    path = site / "essays" / "notebook.ipynb"
    path.write_text('{\n "cells": [\n  {"cell_type": "markdown"\n', encoding="utf-8")
    built = build(site, freshenv=True)
    assert "Traceback" not in built.warnings + built.status
    ours = [line for line in _warnings(built.warnings) if "notebook.ipynb" in line]
    assert len(ours) >= 1 and ours[0].startswith(f"{path}:") and ours[0].endswith("[longform.bad-notebook]"), ours
    assert (Path(built.outdir) / "essays" / "valid-one.html").is_file()


def test_a_page_left_out_comes_back_in_an_explicit_toctree_once_it_is_split(tmp_path):
    site = _site(tmp_path, ["longform", "myst_nb"])
    names = ["valid-one", "valid-two", "valid-three", "notebook", "long"]
    (site / "topics" / "main.md").write_text(
        "# Everything\n\n```{toctree}\n:maxdepth: 1\n\n" + "".join(f"/essays/{n}\n" for n in names) + "```\n",
        encoding="utf-8",
    )
    front = "---\ndate: 2026-02-02\ndescription: A long essay.\ntags: [alpha]\n---\n\n# Long\n"
    (site / "essays" / "long.md").write_text(front + "\nMore prose about wombats.\n" * 120, encoding="utf-8")
    builddir = tmp_path / "build"
    first = build(site, builddir=builddir, freshenv=True, longform_max_page_bytes=2000)
    assert [line.rsplit("[", 1)[1] for line in _warnings(first.warnings)] == ["longform.too-large]"], first.warnings
    main = Path(first.outdir) / "topics" / "main.html"
    assert "long.html" not in main.read_text(encoding="utf-8") and "notebook.html" in main.read_text(encoding="utf-8")
    (site / "essays" / "long.md").write_text(front + "\nLess prose about wombats.\n", encoding="utf-8")
    second = build(site, builddir=builddir, longform_max_page_bytes=2000)  # incremental: the same settings
    assert _warnings(second.warnings) == [], second.warnings
    assert (Path(second.outdir) / "essays" / "long.html").is_file()
    assert "long.html" in main.read_text(encoding="utf-8")
