"""Reproducible builds: two clean builds of one commit are byte-identical.

The real site (``docs/`` with the real ``conf.py``) is built twice from scratch
with ``SOURCE_DATE_EPOCH`` set, the way ``nox -s build`` builds it, into two
different folders and under two different ``PYTHONHASHSEED`` values (so set and
dict iteration orders that leak into output show up).  Every file must match:
HTML pages, feeds, the sitemap, the search index, static assets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from proofkit import compare, tree

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: any fixed value will do


def _start_build(out: Path, *, hashseed: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": hashseed}
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-c",
        str(REPO),
        "-d",
        str(out / "doctrees"),
        "-E",
        "-q",
        str(REPO / "docs"),
        str(out / "html"),
    ]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _announced_feeds(html_dir: Path) -> set[str]:
    """Feeds the front page and the tag pages announce with <link rel="alternate">."""
    feeds: set[str] = set()
    for page in [html_dir / "index.html", *sorted((html_dir / "tags").glob("*.html"))]:
        if not page.is_file():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = page.parent.relative_to(html_dir)
        for link in soup.find_all("link", rel="alternate", type="application/atom+xml"):
            feeds.add(os.path.normpath(base / link["href"]).replace(os.sep, "/"))
    return feeds


def test_two_clean_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second-build"
    runs = [_start_build(first, hashseed="1"), _start_build(second, hashseed="2")]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, f"sphinx-build of the real site failed:\n{output}"

    left, right = tree(first / "html"), tree(second / "html")
    problems = compare(left, right, labels=("first", "second"))
    assert not problems, f"two clean builds of the same commit (SOURCE_DATE_EPOCH={EPOCH}) differ:\n{problems}"

    # The comparison covered what readers subscribe to and what search engines read.
    feeds = _announced_feeds(first / "html")
    assert feeds, "the front page announces no Atom feed, so no feed was compared"
    missing = sorted(feed for feed in feeds if feed not in left)
    assert not missing, f"feeds announced but not written: {missing}"
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    if "sphinx_sitemap" in conf:
        assert "sitemap.xml" in left, "sphinx_sitemap is configured but the build wrote no sitemap.xml"
