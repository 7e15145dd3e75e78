"""Front matter works in reST pages too: docinfo field lists, with lists written as text."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from proofkit import build

ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"


def test_a_rest_essay_carries_tags_authors_and_a_date_from_its_field_list(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "written-in-rest.rst").write_text(
        ":date: 2026-02-03\n:description: An essay written in reStructuredText.\n:tags: alpha, beta\n"
        ":authors: ada-park\n\nWritten in reST\n===============\n\nSome words in reST.\n",
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    assert "written-in-rest" not in built.warnings, built.warnings
    essay = built.essays["essays/written-in-rest"]
    assert essay.tags == ("alpha", "beta")
    assert essay.authors == ("ada-park",)
    assert str(essay.date) == "2026-02-03"
    soup = BeautifulSoup((Path(built.outdir) / "tags" / "beta.html").read_text(encoding="utf-8"), "html.parser")
    assert "Written in reST" in soup.get_text()
