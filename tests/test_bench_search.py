"""The bench's search scenario (bench/scenarios/search.py): its query and its gzip server, no browser, no build."""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402 (bench/ is not a package)
from scenarios import search  # noqa: E402


def test_the_query_is_deterministic_and_in_a_few_published_essays(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", essays=40, seed=8)
    word, essays = search.search_word(first)
    again = search.search_word(corpus.generate(tmp_path / "b", essays=40, seed=8))
    assert (word, essays) == again
    assert 1 <= len(essays) <= 5
    published = {p.docname for p in first.plans if not p.draft}
    for plan in first.plans:
        text = (Path(first.srcdir) / f"{plan.docname}.md").read_text(encoding="utf-8")
        assert (plan.docname in essays) == (plan.docname in published and word in text), plan.docname


def test_the_server_gzips_text_and_serves_pagefinds_files_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>" * 100, encoding="utf-8")
    (tmp_path / "chunk.pf_index").write_bytes(gzip.compress(b"binary"))
    server, url = search.serve(tmp_path)
    try:
        for name, encoded in (("index.html", True), ("", True), ("chunk.pf_index", False)):
            request = urllib.request.Request(url + name, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as response:
                body = response.read()
                assert (response.headers.get("Content-Encoding") == "gzip") == encoded, name
                assert "max-age" in response.headers.get("Cache-Control", "")
            if encoded:
                assert gzip.decompress(body) == (tmp_path / "index.html").read_bytes()
        with urllib.request.urlopen(url + "index.html") as response:  # not accepted: not compressed
            assert response.headers.get("Content-Encoding") is None
    finally:
        server.shutdown()
        server.server_close()
