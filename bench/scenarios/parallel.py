"""Clean builds with ``-j 2`` (two reading processes): FULL at every size in ``plan.parallel_at``, BASE beside it
at the first size."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from run import Runner


def run(runner: Runner) -> None:
    first = runner.plan.sizes[0]
    for n in runner.plan.parallel_at:
        for variant in ["FULL", "BASE"] if n == first else ["FULL"]:
            for _ in range(runner.plan.parallel_repeat):
                runner.build(variant, n, "clean-j2", jobs=2, clean=True)
        runner.save(f"-j 2 N={n}")
