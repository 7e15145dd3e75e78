"""``python -m longform serve``: the warm application's output equals a clean build after every kind of edit,
its warnings reach the page's state, and the server serves the edited text.

The edits are the property test's (tests/test_incremental_property.py): the same model of a small site, the same
edit kinds, applied to the sources while one :class:`WarmBuild` stays in memory and rebuilds after each step. The
clean build of each step is a new application in a new folder with the same settings (the live-reload script
included), as ``sphinx-build`` would build it from scratch.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from proofkit import compare, registered_directives, tree, without_pruned_search_terms
from test_incremental_property import EVERY_EDIT, NOW, apply, initial, render, steps_strategy, write

from longform.cli import serve


def _warm(srcdir: Path, out: Path) -> serve.WarmBuild:
    return serve.WarmBuild(
        srcdir, out / "html", doctreedir=out / "doctrees", overrides={"longform_now": NOW}, status=StringIO()
    )


def check_warm_equals_clean(steps: list[list[tuple[Any, ...]]], tmp: Path) -> None:
    available = registered_directives()
    corpus = initial()
    source = tmp / "src"
    write(render(corpus, available=available), source)
    warm = _warm(source, tmp / "warm")
    assert warm.build().version == 1
    for number, step in enumerate(steps, start=1):
        for edit in step:
            corpus = apply(corpus, edit)
        files = render(corpus, available=available)
        write(files, source)
        outcome = warm.build()
        fresh = tmp / f"clean-src-{number}"
        write(files, fresh)
        clean = _warm(fresh, tmp / f"clean-{number}")
        clean_outcome = clean.build()
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


@settings(max_examples=2, deadline=None, derandomize=True)
@given(steps=steps_strategy)
def test_warm_server_equals_clean_build_by_property(steps: list[list[tuple[Any, ...]]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="longform-serve-") as tmp:
        check_warm_equals_clean(steps, Path(tmp))
