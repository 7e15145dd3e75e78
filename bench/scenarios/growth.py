"""Growth: FULL clean at each size of ``plan.growth`` (the target), and BASE beside it, which shows how much of any
superlinear growth is Sphinx's and furo's own (the corpus has a topic per 40 essays, so the sidebar's list of
topics grows with the site)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builds import output_stats

if TYPE_CHECKING:
    from run import Runner


def run(runner: Runner) -> None:
    for n in [n for n in runner.plan.growth if n not in runner.plan.sizes]:
        for variant in ("FULL", "BASE"):
            runner.build(variant, n, "clean", clean=True)
            outdir, _ = runner.dirs(n, variant)
            runner.results.outputs[f"{n}:{variant}"] = output_stats(outdir)
        runner.save(f"growth N={n}")
