"""Before and after (``--against REVISION``): clean builds of BASE, BEFORE (the revision's Longform) and AFTER
(this one) at the first size, interleaved so that the machine's load falls on all three alike; the report gives
BEFORE/BASE and AFTER/BASE."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builds import log

if TYPE_CHECKING:
    from run import Runner


def run(runner: Runner) -> None:
    if not runner.plan.against:
        return
    n = runner.plan.sizes[0]
    log(f"before/after at N={n}: BEFORE is {runner.plan.against}")
    for _ in range(max(runner.plan.repeat, 2)):
        for variant in ("BASE", "BEFORE", "AFTER"):
            runner.build(variant, n, "cmp", clean=True, tag="-cmp")
    runner.save("against")
