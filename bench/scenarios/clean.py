"""Clean builds: every configuration from empty output and doctree folders, at the first corpus size (with the
page weight of its output), and FULL and BASE at the larger sizes (FURO there in a section of its own: it is slow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builds import output_stats

from . import no_change, one_edit, page_weight

if TYPE_CHECKING:
    from run import Runner

#: Every configuration the first size compares (run.VARIANTS).
EVERY = ["BASE", "FULL", "FURO", "ABLOG", "STAGS"]
ANCHORS = ["ABLOG", "STAGS"]


def clean_builds(runner: Runner, n: int, variants: list[str]) -> None:
    """``plan.repeat`` clean builds of each variant (FURO ``furo_repeat`` times, stopped after ``furo_timeout``;
    the anchors once, except at ``anchors_at``), and the output's statistics."""
    for variant in variants:
        times = runner.plan.furo_repeat if variant == "FURO" else runner.plan.repeat
        if variant in ANCHORS:
            times = 1 if n not in runner.plan.anchors_at else times
        timeout = runner.plan.furo_timeout if variant == "FURO" else None
        stopped = False
        for _ in range(times):
            b = runner.build(variant, n, "clean", clean=True, timeout=timeout)
            if b.timed_out:
                stopped = True
                break
        outdir, _ = runner.dirs(n, variant)
        if outdir.exists() and not stopped:
            runner.results.outputs[f"{n}:{variant}"] = output_stats(outdir)
    runner.save(f"clean N={n}")


def first_size(runner: Runner) -> None:
    """Section ``main``: every configuration at the first size, then the page weight of FULL against BASE."""
    n = runner.plan.sizes[0]
    clean_builds(runner, n, EVERY)
    page_weight.run(runner, n)


def larger_sizes(runner: Runner) -> None:
    """Section ``sizes``: FULL and BASE (and the anchors where asked) at every further size; there, the body edit
    alone is measured (no stale check: that is the first size's)."""
    plan = runner.plan
    for n in plan.sizes[1:]:
        clean_builds(runner, n, ["BASE", "FULL"] + (ANCHORS if n in plan.anchors_at else []))
        if n in plan.incremental_at:
            no_change.up_to_date(runner, n, ["FULL", "BASE"])
            one_edit.measure(runner, n, ["FULL", "BASE"], [], every=False)


def furo(runner: Runner) -> None:
    """Section ``furo``: plain furo (its whole-site navigation on every page) at the larger sizes."""
    for n in runner.plan.sizes[1:]:
        clean_builds(runner, n, ["FURO"])
