"""Never stale: after each kind of edit, an incremental build shows what a clean build shows.

For series and reading paths, serial and ``-j 2``: build, edit, rebuild, then
build the same sources from scratch and compare the set of output files and,
on every page, what these features render (series header and footer, path
banners, path pages, path lists, and the whole body of the generated series
pages).  Each edit also checks that its effect is visible, so a comparison of
two equally stale outputs cannot pass.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import proofkit as kit
from bs4 import BeautifulSoup

from longform.core import catalogue

#: What these features put on a page (class of the outermost element).
FRAGMENTS = (
    "longform-series",
    "longform-series-footer",
    "longform-path-banners",
    "longform-path-next-steps",
    "longform-path",
    "longform-path-list",
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(outdir: Path) -> set[str]:
    return {
        Path(dirpath, name).relative_to(outdir).as_posix()
        for dirpath, _dirs, names in os.walk(outdir)
        for name in names
    }


def _fragments(outdir: Path) -> dict[str, list[str]]:
    """Per HTML page: the markup of every series/path element, and the body of generated series pages."""
    out: dict[str, list[str]] = {}
    for name in sorted(_files(outdir)):
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            continue
        found = [str(el) for el in article.find_all(class_=lambda c: c in FRAGMENTS)]
        if name.startswith("series/"):
            found.append(str(article))
        if found:
            out[name] = found
    return out


def _text(outdir: Path, page: str, css_class: str) -> str:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    return " ".join(" ".join(el.get_text(" ").split()) for el in soup.find("article").find_all(class_=css_class))


class Sites:
    """Two copies of one root (built serially and with ``-j 2``) that receive the same edits."""

    def __init__(self, copy_root, build, tmp_path: Path, name: str) -> None:
        self.build = build
        self.tmp_path = tmp_path
        self.serial = copy_root(name)
        self.parallel = tmp_path / f"{name}-j2"
        shutil.copytree(self.serial, self.parallel)
        self.rounds = 0
        build(self.serial)
        build(self.parallel, parallel=2)

    def apply(self, edit: Callable[[Path], None]) -> None:
        edit(self.serial)
        edit(self.parallel)

    def check(self, label: str, expect: Callable[[Path, dict], None], *, allowed: tuple[str, ...] = ()) -> Path:
        """Rebuild both incrementally, build a clean copy, and compare; returns the clean output folder.

        ``allowed``: warning subtypes the edit is expected to cause (any other Longform warning fails).
        """
        self.rounds += 1
        serial = self.build(self.serial)
        parallel = self.build(self.parallel, parallel=2)
        clean_src = self.tmp_path / f"clean-{self.rounds}"
        shutil.copytree(self.serial, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean = self.build(clean_src, freshenv=True)
        clean_out = Path(clean.outdir)
        expect(clean_out, catalogue.essays(clean.env))
        want_files, want = _files(clean_out), _fragments(clean_out)
        for mode, app in (("serial", serial), ("-j 2", parallel)):
            out = Path(app.outdir)
            assert _files(out) == want_files, f"{label} ({mode}): output files differ"
            got = _fragments(out)
            for page in sorted(set(want) | set(got)):
                assert got.get(page) == want.get(page), f"{label} ({mode}): {page} is stale"
            subtypes = set(re.findall(r"\[longform\.([a-z-]+)\]", app.warnings))
            assert subtypes <= set(allowed), app.warnings
        return clean_out


def _words(count: int) -> str:
    return " ".join(f"extra{n}" for n in range(count))


# -- series -----------------------------------------------------------------------------------


def _series_edits() -> list[tuple[str, Callable[[Path], None], Callable[[Path, dict], None]]]:
    def title(src):
        _edit(src / "essays" / "two.md", "# Second of three", "# Second, retitled")

    def title_seen(out, essays):
        assert "Second, retitled" in _text(out, "essays/one.html", "longform-series-footer")
        assert "Second, retitled" in _text(out, "essays/three.html", "longform-series-footer")
        assert "Second, retitled" in _text(out, "series/trio.html", "longform-series-entry")

    def description(src):
        _edit(src / "essays" / "three.md", "description: About Third of three.", "description: A new summary.")

    def description_seen(out, essays):
        assert "A new summary." in _text(out, "series/trio.html", "longform-series-entry")

    def date(src):
        _edit(src / "essays" / "one.md", "date: 2026-01-01", "date: 2025-12-24")

    def date_seen(out, essays):
        assert "24 December 2025" in _text(out, "series/trio.html", "longform-series-entry")

    def reading_time(src):
        _edit(src / "essays" / "one.md", "Body of the first part.", "Body of the first part. " + _words(700))

    def reading_time_seen(out, essays):
        minutes = essays["essays/one"].minutes
        assert minutes > 1
        assert f"{minutes} min read" in _text(out, "series/trio.html", "longform-series-entry")
        total = sum(e.minutes for e in essays.values() if e.series == "trio")
        assert f"3 parts · {total} min" in _text(out, "series/index.html", "longform-item-meta")

    def leave(src):
        _edit(src / "essays" / "three.md", "series: trio\npart: 3\n", "")

    def leave_seen(out, essays):
        assert "Next part" not in _text(out, "essays/two.html", "longform-series-footer")
        assert "Part 2 of 2" in _text(out, "essays/two.html", "longform-series")
        assert _text(out, "essays/three.html", "longform-series-footer") == ""

    def renumber(src):
        _edit(src / "essays" / "one.md", "part: 1", "part: 2")
        _edit(src / "essays" / "two.md", "part: 2", "part: 1")

    def renumber_seen(out, essays):
        assert "Previous part · Part 1" in _text(out, "essays/one.html", "longform-series-footer")
        assert "Next part · Part 2" in _text(out, "essays/two.html", "longform-series-footer")

    def join(src):
        _edit(src / "essays" / "alone.md", "tags: [testing]\n", "tags: [testing]\nseries: trio\npart: 3\n")

    def join_seen(out, essays):
        assert "Next part · Part 3 Standalone" in _text(out, "essays/one.html", "longform-series-footer")

    def vocabulary(src):
        _edit(src / "series.yaml", "title: The trio", "title: The renamed trio")

    def vocabulary_seen(out, essays):
        assert "Part 1 of 3 in The renamed trio" in _text(out, "essays/two.html", "longform-series")
        assert "The renamed trio" in _text(out, "series/index.html", "longform-item-title")

    return [
        ("title", title, title_seen),
        ("description", description, description_seen),
        ("date", date, date_seen),
        ("reading time", reading_time, reading_time_seen),
        ("leave the series", leave, leave_seen),
        ("renumber parts", renumber, renumber_seen),
        ("join the series", join, join_seen),
        ("series vocabulary", vocabulary, vocabulary_seen),
    ]


def test_series_incremental_equals_clean_serial_and_parallel(copy_root, build, tmp_path):
    sites = Sites(copy_root, build, tmp_path, "series")
    for label, edit, expect in _series_edits():
        sites.apply(edit)
        sites.check(label, expect)


# -- reading paths ----------------------------------------------------------------------------


def _path_edits() -> list[tuple[str, Callable[[Path], None], Callable[[Path, dict], None]]]:
    def title(src):
        _edit(src / "essays" / "beta.md", "# Beta", "# Beta, retitled")

    def title_seen(out, essays):
        assert "Beta, retitled" in _text(out, "paths/first.html", "longform-path")
        assert "Next step: Beta, retitled →" in _text(out, "essays/alpha.html", "longform-path-next-steps")

    def description(src):
        _edit(src / "essays" / "gamma.md", "description: What Gamma says.", "description: Gamma, summarised anew.")

    def description_seen(out, essays):
        assert "Gamma, summarised anew." in _text(out, "paths/second.html", "longform-path")

    def reading_time(src):
        _edit(src / "essays" / "alpha.md", "reading_time: 5", "reading_time: 9")

    def reading_time_seen(out, essays):
        minutes = sum(essays[f"essays/{n}"].minutes for n in ("alpha", "beta", "gamma"))
        assert f"3 essays · {minutes} min" in _text(out, "paths/index.html", "longform-path-list-meta")
        assert "9 min read" in _text(out, "paths/first.html", "longform-path")

    def date(src):
        _edit(src / "essays" / "alpha.md", "date: 2026-01-01", "date: 2025-06-01")

    def date_seen(out, essays):
        assert str(essays["essays/alpha"].date) == "2025-06-01"

    def reorder(src):
        _edit(src / "paths" / "first.md", "- essays/alpha\n- essay: essays/beta\n", "- essay: essays/beta\n")
        _edit(
            src / "paths" / "first.md", "Gamma closes the argument.\n", "Gamma closes the argument.\n- essays/alpha\n"
        )

    def reorder_seen(out, essays):
        assert "step 3 of 3" in _text(out, "essays/alpha.html", "longform-path-banners")
        assert "Step 3 of 3 on the reading path" in _text(out, "essays/alpha.html", "longform-path-next-steps")
        assert "The last step of this path" in _text(out, "essays/alpha.html", "longform-path-next-steps")
        assert "step 1 of 3" in _text(out, "essays/beta.html", "longform-path-banners")
        assert "Next step: Gamma →" in _text(out, "essays/beta.html", "longform-path-next-steps")

    def path_title(src):
        _edit(src / "paths" / "second.md", "# The second path", "# The short way round")

    def path_title_seen(out, essays):
        assert "Reading path The short way round" in _text(out, "essays/gamma.html", "longform-path-banners")
        assert "The short way round" in _text(out, "paths/index.html", "longform-path-list")

    def path_description(src):
        _edit(src / "paths" / "first.md", "description: The first path, in three steps.", "description: Re-described.")

    def path_description_seen(out, essays):
        assert "Re-described." in _text(out, "paths/index.html", "longform-path-list")

    def draft(src):
        _edit(src / "essays" / "gamma.md", "reading_time: 11", "reading_time: 11\ndraft: true")

    def draft_seen(out, essays):
        assert "Gamma" not in _text(out, "paths/first.html", "longform-path")
        assert not (out / "essays" / "gamma.html").exists()  # a draft has no page in a published build
        assert "step 1 of 1" in _text(out, "essays/alpha.html", "longform-path-banners")
        assert "step 1 of 2" in _text(out, "essays/beta.html", "longform-path-banners")
        assert "Next step: Alpha →" in _text(out, "essays/beta.html", "longform-path-next-steps")

    return [
        ("title", title, title_seen),
        ("description", description, description_seen),
        ("reading time", reading_time, reading_time_seen),
        ("date", date, date_seen),
        ("reorder a path", reorder, reorder_seen),
        ("path title", path_title, path_title_seen),
        ("path description", path_description, path_description_seen),
        ("essay becomes a draft", draft, draft_seen),
    ]


def test_paths_incremental_equals_clean_serial_and_parallel(copy_root, build, tmp_path):
    sites = Sites(copy_root, build, tmp_path, "paths")
    for label, edit, expect in _path_edits():
        sites.apply(edit)
        # A draft left on a path is (rightly) a warning; the published paths skip it.
        sites.check(label, expect, allowed=("path-draft",) if label == "essay becomes a draft" else ())


# -- minimal rewrites -------------------------------------------------------------------------


def _written(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_body_only_edit_rewrites_no_neighbour_series_page_or_path_page(copy_root, build):

    series_src = copy_root("series")
    build(series_src)
    page = Path(series_src, "_build", "html", "series", "trio.html")
    before = page.stat().st_mtime_ns
    # essays/two has a fixed reading_time, so a body edit changes nothing the series shows.
    _edit(series_src / "essays" / "two.md", "Body of the second part.", "A rewritten body of the second part.")
    app = build(series_src)
    written = _written(kit.status_of(app))
    # Sphinx itself rewrites the page whose toctree lists the edited one ("index"); the neighbours stay.
    assert "essays/two" in written and not written & {"essays/one", "essays/three"}
    assert page.stat().st_mtime_ns == before

    paths_src = copy_root("paths")
    build(paths_src)
    _edit(paths_src / "essays" / "beta.md", "Body of beta.", "A new body of beta.")
    app = build(paths_src)
    written = _written(kit.status_of(app))
    assert "essays/beta" in written
    assert not written & {"essays/alpha", "essays/gamma", "paths/first", "paths/second", "paths/index"}
