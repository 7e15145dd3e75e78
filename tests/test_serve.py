"""``python -m longform serve``: the warm application's output equals a clean build after every kind of edit,
its warnings reach the page's state, and the server serves the edited text.

The edits are the property test's (tests/test_incremental_property.py): the same model of a small site, the same
edit kinds, applied to the sources while one :class:`WarmBuild` stays in memory and rebuilds after each step. The
clean build of each step is a new application in a new folder with the same settings (the live-reload script
included), as ``sphinx-build`` would build it from scratch.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from proofkit import compare, registered_directives, tree, without_pruned_search_terms
from test_incremental_property import EVERY_EDIT, NOW, apply, initial, render, steps_strategy, write

from longform.cli import serve


@pytest.fixture(autouse=True)
def _own_docutils_registry() -> Iterator[None]:
    """The warm server's applications stay alive for the test (that is the point), so nothing unregisters what
    their extensions registered with docutils: undo it when the test ends, as Sphinx's test applications do, or
    every later application in this process warns "node class ... is already registered"."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield


def _warm(srcdir: Path, out: Path, *, isolate: bool = True, more: dict[str, Any] | None = None) -> serve.WarmBuild:
    return serve.WarmBuild(
        srcdir,
        out / "html",
        doctreedir=out / "doctrees",
        overrides={"longform_now": NOW, **(more or {})},
        status=StringIO(),
        isolate=isolate,
    )


def check_warm_equals_clean(steps: list[list[tuple[Any, ...]]], tmp: Path, more: dict[str, Any] | None = None) -> None:
    available = registered_directives()
    corpus = initial()
    source = tmp / "src"
    write(render(corpus, available=available), source)
    with _warm(source, tmp / "warm", more=more) as warm:
        assert warm.build().version == 1
        for number, step in enumerate(steps, start=1):
            for edit in step:
                corpus = apply(corpus, edit)
            files = render(corpus, available=available)
            write(files, source)
            outcome = warm.build()
            fresh = tmp / f"clean-src-{number}"
            write(files, fresh)
            with _warm(fresh, tmp / f"clean-{number}", isolate=False, more=more) as clean:  # beside the warm one
                clean_outcome = clean.build()
            assert clean_outcome.ok or clean_outcome.warnings, "the clean build neither finished nor said why"
            assert not any("Traceback" in line for line in outcome.warnings + clean_outcome.warnings)
            problems = compare(
                without_pruned_search_terms(tree(warm.outdir)),
                without_pruned_search_terms(tree(clean.outdir)),
                labels=("warm", "clean"),
            )
            assert not problems, f"after step {number} ({step}), the warm server's output differs:\n{problems}"
            # Every warning of the warm rebuild is one the clean build gives too (it repeats none of unread pages).
            stray = {w.replace(str(source), "<src>") for w in outcome.warnings} - {
                w.replace(str(fresh), "<src>") for w in clean_outcome.warnings
            }
            assert not stray, f"after step {number}, warnings a clean build does not give: {sorted(stray)}"


def test_warm_server_equals_clean_build_after_every_edit_kind(tmp_path: Path) -> None:
    check_warm_equals_clean(EVERY_EDIT, tmp_path)


def test_whole_essays_in_feeds_stay_true_in_a_warm_server(tmp_path: Path) -> None:
    """With whole essays in the feeds, each essay's feed HTML is kept from one build to the next (feeds.KEPT_CONTENT)
    and made again only for the essays read: after every kind of edit, the feeds equal a clean build's."""
    check_warm_equals_clean(EVERY_EDIT, tmp_path, more={"longform_feed_fulltext": True})


@settings(max_examples=2, deadline=None, derandomize=True)
@given(steps=steps_strategy)
def test_warm_server_equals_clean_build_by_property(steps: list[list[tuple[Any, ...]]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="longform-serve-") as tmp:
        check_warm_equals_clean(steps, Path(tmp))


# -- the server -----------------------------------------------------------------------------


@dataclass
class Running:
    """A warm server on a small site: its sources, its address, and how to wait for its next build."""

    source: Path
    url: str
    hub: serve.Hub

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + serve.STATE.lstrip("/"), timeout=10) as response:
            assert response.headers["Content-Type"] == "application/json"
            result: dict[str, Any] = json.loads(response.read())
        return result

    def after(self, version: str) -> dict[str, Any]:
        """The state of the first build after ``version`` once it is done (fails after 60 s); a build publishes
        first when the pages it read are written (``building``), then when it is done."""
        deadline = time.monotonic() + 60
        state = self.hub.wait(version, 60)
        while state["building"] and time.monotonic() < deadline:
            state = self.hub.wait(state["version"], max(0.1, deadline - time.monotonic()))
        assert state["version"] != version and not state["building"], "no rebuild within 60 s of the save"
        return state

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    """``python -m longform serve``'s pieces on the property test's first site, on a free port, watching."""
    source = tmp_path / "src"
    write(render(initial(), available=registered_directives()), source)
    warm = _warm(source, tmp_path / "out")
    hub = serve.Hub()
    hub.publish(warm.build())
    server = serve.serve_http(warm.outdir, hub, "127.0.0.1", 0)
    stop = threading.Event()

    def loop() -> None:
        for _outcome in serve.watch(warm, hub, stop):
            pass

    watcher = threading.Thread(target=loop, daemon=True)
    watcher.start()
    time.sleep(0.5)  # the watcher's first scan
    try:
        yield Running(source, f"http://127.0.0.1:{server.server_address[1]}/", hub)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        watcher.join(10)
        warm.close()


def _save(path: Path, old: str, new: str) -> None:
    """Save as editors do, whole at once (a temporary file renamed over the page): the watcher never sees the page
    half written, which would make this test depend on when a rebuild starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    partial = path.with_name(f".{path.name}.saving")
    partial.write_text(text.replace(old, new, 1), encoding="utf-8")
    partial.replace(path)


def test_a_save_is_served_and_warnings_reach_the_state(running: Running) -> None:
    first = running.state()
    page = running.get("essays/e0.html")
    assert "Written while the server ran." not in page
    assert "_static/longform-serve.js" in page  # the live-reload script, as a file (the CSP allows no inline one)
    assert "EventSource" in running.get("_static/longform-serve.js")

    _save(
        running.source / "essays" / "e0.md",
        "# Queues are promises\n",
        "# Queues are promises\n\nWritten while the server ran.\n",
    )
    state = running.after(first["version"])
    assert state["warnings"] == first["warnings"]  # the site's own warnings (a page Sphinx reads again gives its own)
    assert "Written while the server ran." in running.get("essays/e0.html")

    # A broken page: the build's warning (file and line) is in the state the page's script shows.
    _save(running.source / "essays" / "e0.md", "Written while the server ran.", "See {doc}`no-such-essay`.")
    broken = running.after(state["version"])
    assert not broken["ok"]
    assert len(broken["warnings"]) == len(first["warnings"]) + 1
    assert any("e0.md:" in line and "no-such-essay" in line for line in broken["warnings"]), broken["warnings"]
    assert "warnings" in broken["heading"]

    # Fixed again: no warnings left in the page's state.
    _save(running.source / "essays" / "e0.md", "See {doc}`no-such-essay`.", "Fixed.")
    fixed = running.after(broken["version"])
    assert fixed["warnings"] == first["warnings"]


def test_a_new_essay_and_a_deleted_one_are_picked_up(running: Running) -> None:
    first = running.state()
    essay = (running.source / "essays" / "e1.md").read_text(encoding="utf-8")
    (running.source / "essays" / "e77.md").write_text(essay.replace("Actors own state", "A late arrival"), "utf-8")
    state = running.after(first["version"])
    assert "A late arrival" in running.get("essays/e77.html")
    assert "A late arrival" in running.get("archive.html") or "A late arrival" in running.get("index.html")
    (running.source / "essays" / "e77.md").unlink()
    state = running.after(state["version"])
    assert "A late arrival" not in running.get("index.html")


def test_a_body_edit_beside_a_draft_reads_one_document(tmp_path: Path) -> None:
    """The draft a build withholds from writing stays in the warm environment (compat.restore_withheld): the next
    build does not find it "added" and read it again, with every page naming it."""
    available = registered_directives()
    corpus = apply(initial(), ("draft", 1))
    source = tmp_path / "src"
    write(render(corpus, available=available), source)
    with _warm(source, tmp_path / "warm") as warm:
        first = warm.build()
        assert "essays/e1" in first.read
        assert not (warm.outdir / "essays" / "e1.html").exists()  # withheld
        for text in ("Only the body changed", "The body changed again"):
            corpus = apply(corpus, ("body", 3, text))
            write(render(corpus, available=available), source)
            outcome = warm.build()
            assert outcome.read == ["essays/e3"], outcome.read
            assert text in (warm.outdir / "essays" / "e3.html").read_text(encoding="utf-8")


def test_a_restart_after_conf_py_changed_registers_nothing_twice(tmp_path: Path) -> None:
    """A change to conf.py starts a new application in the same process (WarmBuild.restart): held in its own
    docutils namespace, it registers its extensions' nodes, directives and roles afresh, so Sphinx warns of nothing
    "already registered"; it starts from the environment pickled for it, and its output equals a clean build's."""
    available = registered_directives()
    corpus = initial()
    source = tmp_path / "src"
    write(render(corpus, available=available), source)
    with _warm(source, tmp_path / "warm") as warm:
        first = warm.build()
        corpus = apply(corpus, ("body", 3, "Written before the restart"))
        write(render(corpus, available=available), source)
        edited = warm.build()
        assert edited.read == ["essays/e3"]
        conf = source / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + '\nhtml_title = "Renamed while serving"\n', "utf-8")
        warm.restart()  # as the watcher does for a change to conf.py
        restarted = warm.build()
        assert restarted.ok or restarted.warnings
        assert not [w for w in restarted.warnings if "already registered" in w], restarted.warnings
        assert set(restarted.warnings) == set(first.warnings)
        assert "Renamed while serving" in (warm.outdir / "essays" / "e3.html").read_text(encoding="utf-8")
        # The environment pickled before the restart is whole (the unpublished pages put back): a changed
        # configuration makes Sphinx read every page again, but it found the environment and no page is "added".
        with _warm(source, tmp_path / "clean", isolate=False) as clean:
            clean.build()
        restarted_tree = tree(warm.outdir)
        restarted_tree.pop(".buildinfo.bak", None)  # Sphinx keeps the old build info when the configuration changes
        problems = compare(
            without_pruned_search_terms(restarted_tree),
            without_pruned_search_terms(tree(clean.outdir)),
            labels=("restarted", "clean"),
        )
        assert not problems, problems
        # One more edit after the restart: warm again, one document read.
        corpus = apply(corpus, ("body", 3, "Written after the restart"))
        write(render(corpus, available=available), source)
        again = warm.build()
        assert again.read == ["essays/e3"], again.read
        assert not [w for w in again.warnings if "already registered" in w]
