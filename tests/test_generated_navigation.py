"""Generated pages (tag pages) follow the sidebar they show, and only that.

With the scoped navigation a generated page is in no toctree, so its sidebar shows the
root's toctrees (the topics) and nothing below them: retitling an essay must not rewrite
the tag pages that do not list it, while retitling a topic must rewrite them all.  Both
incremental results must equal a clean build of the same sources.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _tag_pages(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outdir / "tags").glob("*.html"))}


def _clean_build(build, src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return Path(build(dest, freshenv=True).outdir)


def test_retitling_an_essay_rewrites_only_the_generated_pages_that_show_it(copy_root, build, tmp_path):
    src = copy_root("generated-nav")
    out = Path(build(src).outdir)
    beta = out / "tags" / "beta.html"
    beta_written = beta.stat().st_mtime_ns
    _replace(src / "essays" / "x.md", "# Essay X", "# Essay X, retitled")
    build(src)
    assert "Essay X, retitled" in (out / "tags" / "alpha.html").read_text(encoding="utf-8")
    assert beta.stat().st_mtime_ns == beta_written, "tags/beta.html shows neither essay X nor its title"
    assert _tag_pages(out) == _tag_pages(_clean_build(build, src, tmp_path / "clean"))


def test_retitling_a_topic_rewrites_every_generated_page(copy_root, build, tmp_path):
    src = copy_root("generated-nav")
    out = Path(build(src).outdir)
    before = _tag_pages(out)
    _replace(src / "topics" / "b.md", "# Topic B", "# Topic B, retitled")
    build(src)
    after = _tag_pages(out)
    assert set(after) == set(before)
    for name, html in after.items():  # every sidebar lists the topics
        assert "Topic B, retitled" in html.decode("utf-8"), name
    assert after == _tag_pages(_clean_build(build, src, tmp_path / "clean"))
