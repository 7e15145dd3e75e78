"""Never stale: after a change to tags, an incremental build equals a clean build of the same sources.

Each scenario builds the tags root, changes one thing, builds again incrementally, then builds a
copy of the changed sources from scratch, serially and with ``-j 2``.  Compared: the set of files
under ``tags/``, every one of them byte for byte (index, pages, feeds), the tag badges on every
essay and the front page's tag summary.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_tag(src: Path) -> None:  # a tag gains an essay
    _replace(src / "essays" / "channels.md", "tags: [golang, CONCURRENCY]", "tags: [golang, CONCURRENCY, tests]")


def _remove_tag(src: Path) -> None:  # 'testing' loses its only listed essay: its page and feed must go
    _replace(src / "essays" / "actors.md", "```{tags} tests\n```", "")


def _rename_tag(src: Path) -> None:  # the sphinx-tags way: go -> testing in a body directive
    _replace(src / "essays" / "fenced.md", ":::{tags} go, Concurrency", ":::{tags} testing, Concurrency")


def _delete_essay(src: Path) -> None:
    (src / "essays" / "channels.md").unlink()


def _unknown_tag(src: Path) -> None:  # a tag outside the vocabulary appears: a page of its own
    _replace(src / "notes" / "select.md", "tags: [go]", "tags: [go, Brand New]")


def _retitle_in_vocabulary(src: Path) -> None:  # every page showing the tag follows tags.yaml
    _replace(src / "tags.yaml", "title: Go\n", "title: Golang <3\n")


def _reslug_in_vocabulary(src: Path) -> None:  # the slug changes: the old page and feed vanish
    _replace(src / "tags.yaml", "go:\n", "go-lang:\n")


SCENARIOS = {
    "add": _add_tag,
    "remove": _remove_tag,
    "rename": _rename_tag,
    "delete": _delete_essay,
    "unknown": _unknown_tag,
    "vocabulary-title": _retitle_in_vocabulary,
    "vocabulary-slug": _reslug_in_vocabulary,
}


def _tag_outputs(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outdir / "tags").iterdir())}


def _filled(outdir: Path) -> dict[str, str]:
    """What this feature fills in source pages: each essay's badges and the front page's summary."""
    out = {}
    for page in sorted(outdir.rglob("*.html")):
        if "tags" in page.relative_to(outdir).parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        h1 = soup.find("h1")
        badges = h1.find_next("p", class_="longform-tags") if h1 else None
        summary = soup.find("p", class_="longform-tag-summary")
        out[str(page.relative_to(outdir))] = f"{badges}\n{summary}"
    return out


def _own(app, previous) -> str:
    """The warnings of ``app``'s build alone (apps of one test may share a warning stream)."""
    text, before = app.warnings, previous.warnings
    return text[len(before) :] if before and text.startswith(before) else text


def _longform_warnings(text: str, srcdir: Path) -> list[str]:
    return sorted(line.replace(str(srcdir), "SRC") for line in text.splitlines() if "[longform." in line)


def _clean_copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_incremental_equals_clean(copy_root, build, tmp_path, scenario, parallel):
    src = copy_root("tags")
    first = build(src, parallel=parallel)
    before = _tag_outputs(Path(first.outdir))
    SCENARIOS[scenario](src)
    incremental = build(src, parallel=parallel)
    clean = build(_clean_copy(src, tmp_path / "clean"), parallel=parallel, freshenv=True)
    assert _longform_warnings(_own(incremental, first), src) == _longform_warnings(
        _own(clean, incremental), Path(clean.srcdir)
    )
    inc_out, clean_out = Path(incremental.outdir), Path(clean.outdir)
    assert set(_tag_outputs(inc_out)) == set(_tag_outputs(clean_out))
    assert _tag_outputs(inc_out) == _tag_outputs(clean_out)
    assert _filled(inc_out) == _filled(clean_out)
    # The scenario changed what the tags show (so the comparison above proves something).
    assert _tag_outputs(inc_out) != before


def test_a_vanished_tag_leaves_no_page_or_feed_behind(copy_root, build):
    src = copy_root("tags")
    app = build(src)
    tags = Path(app.outdir) / "tags"
    assert (tags / "testing.html").is_file() and (tags / "testing.xml").is_file()
    _remove_tag(src)
    build(src)
    assert not (tags / "testing.html").exists() and not (tags / "testing.xml").exists()
    _reslug_in_vocabulary(src)
    build(src)
    assert not (tags / "go.html").exists() and not (tags / "go.xml").exists()
    assert (tags / "go-lang.html").is_file() and (tags / "go-lang.xml").is_file()


def _mtimes(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (outdir / "tags").iterdir()}


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_a_body_only_edit_rewrites_no_tag_page(copy_root, build, parallel):
    src = copy_root("tags")
    app = build(src, parallel=parallel)
    outdir = Path(app.outdir)
    before = _mtimes(outdir)
    essay_before = (outdir / "essays" / "channels.html").read_bytes()
    # Same number of words, so the reading time (shown on tag pages) does not change.
    _replace(src / "essays" / "channels.md", "makes them meet", "makes them wait")
    first_status = kit.status_of(app)
    again = build(src, parallel=parallel)
    status = kit.status_of(again).removeprefix(first_status)
    assert re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status) == ["essays/channels"]
    assert (outdir / "essays" / "channels.html").read_bytes() != essay_before  # the essay itself was rebuilt
    assert _mtimes(outdir) == before


def test_a_no_change_rebuild_reads_and_writes_nothing(copy_root, build):
    """What keeps ``nox -s serve`` (sphinx-autobuild) from rebuilding forever: nothing written to the sources."""
    src = copy_root("tags")
    app = build(src)
    sources = {p: p.stat().st_mtime_ns for p in src.rglob("*") if "_build" not in p.parts}
    before = _mtimes(Path(app.outdir))
    first_status = kit.status_of(app)
    again = build(src)
    status = kit.status_of(again).removeprefix(first_status)
    assert "no targets are out of date" in status
    assert re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status) == []
    assert _mtimes(Path(app.outdir)) == before
    assert {p: p.stat().st_mtime_ns for p in src.rglob("*") if "_build" not in p.parts} == sources
