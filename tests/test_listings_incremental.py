"""Never stale: after adding, deleting, re-dating or re-describing an essay, an incremental build gives the
front page, topic listings, archive, notes, related essays and feeds a clean build gives (serial and -j 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

ROOTS = Path(__file__).resolve().parent / "roots"
#: Pages with listings or counts; every essay, note and earlier piece has a related-essays footer.
FILLED = ("index.html", "topics/alpha.html", "topics/beta.html", "archive.html", "notes/index.html", "filters.html")
FEEDS = ("atom.xml", "notes.xml")


def _build(src: Path, *, parallel: int) -> tuple[Path, str]:
    app = kit.build_app(src, parallel=parallel)
    return Path(app.outdir), app.warnings


def _snapshot(outdir: Path) -> tuple[set[str], dict[str, str]]:
    """The set of output files, and what our features fill: each page's article, the feeds' bytes."""
    files = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file() and ".doctrees" not in p.parts}
    pages = [
        *FILLED,
        *sorted(f for f in files if f.startswith(("essays/", "earlier/", "notes/")) and f.endswith(".html")),
    ]
    shown = {}
    for page in pages:
        soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
        shown[page] = str(soup.find("article"))
    for feed in FEEDS:
        shown[feed] = (outdir / feed).read_text(encoding="utf-8") if (outdir / feed).exists() else ""
    return files, shown


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _add(src: Path) -> None:
    (src / "essays" / "new-one.md").write_text(
        "---\ndate: 2026-08-08\ndescription: Brand new.\ntags: [go, rare]\n---\n\n# A new one\n\nNew body.\n",
        encoding="utf-8",
    )


def _delete(src: Path) -> None:
    (src / "essays" / "gamma-testing.md").unlink()


def _redate(src: Path) -> None:
    _replace(src / "essays" / "beta-queues.md", "date: 2025-11-20", "date: 2026-03-31")


def _redescribe(src: Path) -> None:
    _replace(src / "essays" / "alpha-go.md", "Alpha describes Go.", "Alpha, described anew.")


def _retag_and_draft(src: Path) -> None:
    _replace(src / "essays" / "zeta-pipes-two.md", "tags: [go, rare]", "tags: [go]")
    _replace(src / "notes" / "small-go.md", "tags: [go]", "tags: [go]\ndraft: true")


CHANGES = {"add": _add, "delete": _delete, "re-date": _redate, "re-describe": _redescribe, "retag": _retag_and_draft}


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_every_change_gives_the_clean_build(tmp_path, parallel):
    src = tmp_path / "incremental"
    shutil.copytree(ROOTS / "test-listings", src)
    _build(src, parallel=parallel)
    for name, change in CHANGES.items():
        before = _snapshot(src / "_build" / "html")
        change(src)
        outdir, warnings = _build(src, parallel=parallel)
        assert warnings == "", name
        clean_src = tmp_path / f"clean-{name}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean_out, clean_warnings = _build(clean_src, parallel=parallel)
        assert clean_warnings == ""
        after, clean = _snapshot(outdir), _snapshot(clean_out)
        assert after[0] == clean[0], name  # the same set of files
        for page in clean[1]:
            assert after[1][page] == clean[1][page], f"{name}: {page} is stale"
        assert after[1] != before[1], f"{name} changed nothing shown: the test would prove nothing"


def test_a_body_only_edit_rewrites_no_listing(tmp_path):
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-listings", src)
    outdir, _ = _build(src, parallel=0)
    # Not the topic pages: Sphinx itself rewrites the toctree parents of every changed page.
    unrelated = [page for page in FILLED if not page.startswith("topics/")]
    watched = [outdir / page for page in (*unrelated, *FEEDS, "essays/zeta-pipes-two.html")]
    stamps = {path: path.stat().st_mtime_ns for path in watched}
    _replace(src / "essays" / "alpha-go.md", "Body of", "A longer body, still short, of")
    _build(src, parallel=0)
    assert {path: path.stat().st_mtime_ns for path in watched} == stamps


def _counting_builds(src: Path, monkeypatch) -> list[str]:
    """Docnames whose views get computed, collected across builds (every view goes through Views.compute)."""
    from longform.core import views

    computed: list[str] = []
    real_compute = views.Views.compute

    def compute(self, app, kind, docname, options):
        if kind in self.registry.views:
            computed.append(docname)
        return real_compute(self, app, kind, docname, options)

    monkeypatch.setattr(views.Views, "compute", compute)
    return computed


def test_a_body_only_edit_computes_only_the_edited_pages_views(tmp_path, monkeypatch):
    """Nothing another page shows changed, so no view elsewhere is computed again (and the result
    is still what a clean build gives); a metadata edit computes them all again."""
    src = tmp_path / "listings"
    shutil.copytree(ROOTS / "test-listings", src)
    computed = _counting_builds(src, monkeypatch)
    _build(src, parallel=0)
    assert {"index", "archive", "essays/alpha-go", "essays/beta-queues"} <= set(computed)

    computed.clear()
    _replace(src / "essays" / "alpha-go.md", "Body of Alpha on Go.", "Body of Alpha, on Go.")
    outdir, warnings = _build(src, parallel=0)
    assert warnings == ""
    # Resolved only for the pages Sphinx rewrites: the essay and the topic pages whose toctree lists
    # it (Sphinx's own rule); not for the front page, the archive or the other essays.
    assert "essays/alpha-go" in computed
    assert set(computed) <= {"essays/alpha-go", "topics/alpha", "topics/beta"}
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    assert _snapshot(outdir) == _snapshot(_build(clean, parallel=0)[0])

    computed.clear()
    _replace(src / "essays" / "alpha-go.md", "description: Alpha describes Go.", "description: Alpha on Go, anew.")
    outdir, warnings = _build(src, parallel=0)
    assert warnings == ""
    assert {"index", "archive", "essays/beta-queues"} <= set(computed)  # the description is listed there
    assert "Alpha on Go, anew." in (outdir / "index.html").read_text(encoding="utf-8")


def _pages(outdir: Path) -> dict[str, tuple[int, bytes]]:
    """Every page and feed written (not Sphinx's own index and search pages, which it writes on every build):
    path -> (mtime, bytes)."""
    own = {"genindex.html", "search.html"}
    return {
        p.relative_to(outdir).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in outdir.rglob("*")
        if p.suffix in (".html", ".xml") and p.name not in own and ".doctrees" not in p.parts
    }


def _rewritten(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> set[str]:
    return {page for page, (mtime, _) in after.items() if before.get(page, (None,))[0] != mtime}


def _changed(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> set[str]:
    return {page for page, (_, content) in after.items() if before.get(page, (None, None))[1] != content}


def _toctree_parents(page: str) -> set[str]:
    """The pages whose toctree lists ``page``, as test-listings' sources write them: Sphinx writes these whenever
    it writes ``page`` (its own rule, Builder.write)."""
    folder = page.partition("/")[0]
    if folder == "essays":
        return {"topics/alpha.html", "topics/beta.html"}  # topics/beta globs essays/*; topics/alpha names some
    if folder == "notes" and page != "notes/index.html":
        return {"notes/index.html"}
    if folder == "earlier":
        return {"archive.html"}
    if page in ("topics/alpha.html", "topics/beta.html", "archive.html", "notes/index.html", "filters.html"):
        return {"index.html"}
    return set()


def test_a_sentence_added_rewrites_only_the_pages_that_show_the_change(tmp_path, monkeypatch):
    """A real body edit: a sentence added to one essay.  While the rounded reading time stays, no view elsewhere
    is computed and only the essay (and the topic pages whose toctree lists it: Sphinx's own rule) is written;
    when the minutes change, exactly the pages whose bytes change are rewritten (listings, tag pages and the
    related-essays footers that show the minutes), never the feeds (which do not show them)."""
    src = tmp_path / "listings"
    shutil.copytree(ROOTS / "test-listings", src)
    computed = _counting_builds(src, monkeypatch)
    outdir, _ = _build(src, parallel=0)
    toctree_parents = _toctree_parents("essays/alpha-go.html")
    essay = src / "essays" / "alpha-go.md"

    before = _pages(outdir)
    computed.clear()
    _replace(essay, "Body of Alpha on Go.", "Body of Alpha on Go. A second sentence says a little more about it.")
    _, warnings = _build(src, parallel=0)
    assert warnings == ""
    after = _pages(outdir)
    assert _changed(before, after) == {"essays/alpha-go.html"}
    assert _rewritten(before, after) <= {"essays/alpha-go.html", *toctree_parents}
    assert "essays/alpha-go.html" in _rewritten(before, after)
    assert set(computed) <= {"essays/alpha-go", *(page.removesuffix(".html") for page in toctree_parents)}

    # 600 more words at the default 238 a minute: from 1 minute to 3.
    before = after
    essay.write_text(essay.read_text(encoding="utf-8") + "\n" + "word " * 600 + "\n", encoding="utf-8")
    _, warnings = _build(src, parallel=0)
    assert warnings == ""
    after = _pages(outdir)
    changed = _changed(before, after)
    assert {"essays/alpha-go.html", "index.html", "archive.html", "tags/go.html"} <= changed
    assert not any(page.endswith(".xml") for page in changed)
    assert _rewritten(before, after) <= changed.union(*map(_toctree_parents, changed))
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    assert _snapshot(outdir) == _snapshot(_build(clean, parallel=0)[0])
