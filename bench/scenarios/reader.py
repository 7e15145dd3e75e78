"""What issue 28's reader features cost a clean build: FULL with them (previews, sidenotes, section times and
changed-since, cite) against FULL without them (READER-OFF: the same conf.py with ``longform_previews``,
``longform_sidenotes``, ``longform_section_times`` and ``longform_cite`` False), BASE beside both.

The three are built clean in interleaved rounds (BASE, READER-OFF, FULL, then again), so a load that comes and
goes on a shared machine falls on all three alike; the target (``reader-features-cost``) is the difference of
the medians over BASE's median: (FULL − READER-OFF) / BASE, what the features add to the FULL/BASE ratio, in CPU
time (wall time beside it: on a loaded machine it varies by more than the few per cent sought).  At every size of
the run (``--sizes``), at least three rounds (``--repeat`` more).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from builds import Variant, log, write_conf

if TYPE_CHECKING:
    from run import Runner

VARIANT = "READER-OFF"
KIND = "reader"
#: The settings that turn the features off, one conf.py line each.
OFF = ("longform_previews", "longform_sidenotes", "longform_section_times", "longform_cite")
ORDER = ("BASE", VARIANT, "FULL")


def _register(runner: Runner) -> None:
    """READER-OFF beside the run's other configurations: FULL's extensions, the four settings False, the same
    snapshot of conf.py (``builds.snapshot_code`` put it in the work folder) as every other build of the run."""
    if VARIANT in runner.confdirs:
        return
    full = runner.variants["FULL"]
    variant = Variant(
        VARIANT,
        list(full.extensions),
        extra=full.extra + "".join(f"{name} = False\n" for name in OFF),
        label="FULL with issue 28's reader features off",
    )
    runner.variants[VARIANT] = variant
    runner.confdirs[VARIANT] = write_conf(runner.workdir, variant, runner.workdir / "snapshot" / "conf.py")


def run(runner: Runner) -> None:
    _register(runner)
    rounds = max(runner.plan.repeat, 3)
    for n in runner.plan.sizes:
        log(f"reader features at N={n}: {rounds} rounds of {', '.join(ORDER)}")
        for _ in range(rounds):
            for variant in ORDER:
                runner.build(variant, n, KIND, clean=True, tag="-reader")
        runner.save(f"reader features N={n}")
