"""Adopting Longform: front matter in reST pages (docinfo field lists), and living beside sphinx-tags."""

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


def test_beside_sphinx_tags_one_warning_says_which_to_choose_and_nothing_breaks(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    built = build(site, freshenv=True, extensions=["myst_parser", "longform", "sphinx_tags"], tags_create_tags=True)
    ours = [line for line in built.warnings.splitlines() if "WARNING" in line]
    assert len(ours) == 1, built.warnings
    assert ours[0].endswith("[longform.sphinx-tags]") and "Choose one" in ours[0]
    assert "already registered" not in built.warnings
    assert (Path(built.outdir) / "tags" / "alpha.html").exists()


def test_essay_folders_that_hold_nothing_are_one_warning_saying_what_to_set(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    built = build(site, freshenv=True, longform_essay_dirs=["posts"])
    hits = [line for line in built.warnings.splitlines() if line.endswith("[longform.no-essays]")]
    assert len(hits) == 1, built.warnings
    assert "conf.py:1: WARNING: no page is in the essay folders ('posts/', from longform_essay_dirs)" in hits[0]
    assert "longform_essay_dirs = ['posts']" in hits[0]


def test_a_site_without_its_address_is_told_where_to_give_it(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "conf.py").write_text(
        (site / "conf.py").read_text(encoding="utf-8").replace('suppress_warnings = ["longform.no-baseurl"]', ""),
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    hits = [line for line in built.warnings.splitlines() if line.endswith("[longform.no-baseurl]")]
    assert len(hits) == 1 and "conf.py:1: WARNING: html_baseurl is not set" in hits[0], built.warnings
    feed = (Path(built.outdir) / "atom.xml").read_text(encoding="utf-8")
    assert "<id>urn:longform:" in feed and " " not in feed.split("<id>")[1].split("</id>")[0]
