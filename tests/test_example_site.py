"""The example site (examples/alabaster-site): Longform on a theme other than furo, with nothing but
MyST and the extension, builds without a warning and gives tag pages, a tag index, feeds and reading
times. ``nox -s adopt`` builds it again in a brand-new environment with only the wheel built from
``extensions/`` installed."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from proofkit import build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
sys.path.insert(0, str(EXAMPLES))

import check  # noqa: E402


def test_the_example_site_builds_on_alabaster_with_everything_a_reader_expects(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLES / "alabaster-site", site)
    built = build(site, freshenv=True)
    assert built.warnings == ""
    assert check.check(Path(built.outdir)) == []
    index = (Path(built.outdir) / "tags" / "index.html").read_text(encoding="utf-8")
    assert index.count("longform-tag-entry-title") == 3


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme"])
def test_the_example_site_builds_on_every_supported_theme(tmp_path, theme):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLES / "alabaster-site", site)
    built = build(site, freshenv=True, html_theme=theme)
    assert built.warnings == ""
    out = Path(built.outdir)
    assert check.check(out) == []
    page = (out / "posts" / "small-tests.html").read_text(encoding="utf-8")
    assert re.search(r'id="longform-css"|longform[\w.-]*\.css', page), "Longform's stylesheet is not on the page"
    assert "Small tests" in page
    tag_page = (out / "tags" / "testing.html").read_text(encoding="utf-8")
    assert "The boring deploy" in tag_page and "Small tests" in tag_page
