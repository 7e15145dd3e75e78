"""A rebuild with nothing changed (``kind = "noop"``): what an author pays for running the build twice, and the
up-to-date starting point every edit is measured from."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from run import Runner


def up_to_date(runner: Runner, n: int, variants: list[str]) -> None:
    """Each variant built once (clean, when it has no output yet), then rebuilt with nothing changed."""
    for variant in variants:
        outdir, _ = runner.dirs(n, variant)
        if not outdir.exists():
            runner.build(variant, n, "clean", clean=True)
        runner.build(variant, n, "noop")
