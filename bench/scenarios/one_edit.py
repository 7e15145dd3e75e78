"""One change to one essay, rebuilt incrementally: a body edit (a sentence added), a tag replaced, the title
changed (:mod:`edits`).  Each is applied and reverted ``plan.pairs`` times; the first application records which
pages were rewritten and why (:func:`edits.justify`), and for the changes in ``plan.stale_check`` the incremental
output is compared byte for byte with a clean build of the same sources."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from builds import digests
from edits import Edit, justify, make_edits, toctree_parents

from . import no_change

if TYPE_CHECKING:
    from run import Runner


def stale_check(runner: Runner, n: int, edit: Edit) -> dict[str, Any]:
    """Never stale: the incremental FULL output against a clean FULL build of the same sources."""
    runner.build("FULL", n, "check", clean=True, tag="-check", record=False)
    incremental, _ = runner.dirs(n, "FULL")
    clean, _ = runner.dirs(n, "FULL", "-check")
    a, b = digests(incremental), digests(clean)
    return {
        "edit": edit.describe,
        "differ": sorted(p for p in a.keys() & b.keys() if a[p] != b[p]),
        "only_incremental": sorted(a.keys() - b.keys()),
        "only_clean": sorted(b.keys() - a.keys()),
        "compared": len(a.keys() & b.keys()),
    }


def measure(runner: Runner, n: int, variants: list[str], anchors: list[str], *, every: bool = True) -> None:
    """Rebuilds after each change (the anchors: the body edit only, once); with ``every`` false (larger sizes)
    the body edit alone, unchecked.  Every variant starts up to date (:func:`no_change.up_to_date`)."""
    corp = runner.corpus(n)
    src = Path(corp.srcdir).parent
    kinds = runner.plan.edits if every else [k for k in runner.plan.edits if k == "body"]
    chosen = [e for e in make_edits(corp, [src / "docs", src / "docs-stags"]) if e.kind in kinds]
    for edit in chosen:
        who = variants + (anchors if edit.kind == "body" else [])
        runner.results.edits[f"{n}:{edit.kind}"] = {"docname": edit.docname, "describe": edit.describe}
        for pair in range(runner.plan.pairs):
            for step, action in (("apply", edit.apply), ("revert", edit.revert)):
                action()
                for variant in who:
                    if variant in anchors and pair > 0:
                        continue
                    b = runner.build(variant, n, edit.kind, step=step)
                    if step == "apply" and pair == 0:
                        outdir, _ = runner.dirs(n, variant)
                        runner.results.edits[f"{n}:{edit.kind}"][variant] = {
                            "tags": edit.tags,
                            "html": b.written_html,
                            "other": b.written_other,
                            "removed": b.removed,
                            "identical": b.identical,
                            "why": justify(outdir, b, edit.docname, edit.tags, toctree_parents(src / "docs")),
                        }
                        if variant == "FULL" and every and edit.kind in runner.plan.stale_check:
                            runner.results.stale[f"{n}:{edit.kind}"] = stale_check(runner, n, edit)
    runner.save(f"incremental N={n}")


def first_size(runner: Runner) -> None:
    """Section ``incremental``: at the first size, FULL and BASE after every change, the anchors after the body
    edit, each variant brought up to date first (the no-change rebuild)."""
    n = runner.plan.sizes[0]
    if n not in runner.plan.incremental_at:
        return
    no_change.up_to_date(runner, n, ["FULL", "BASE", "ABLOG", "STAGS"])
    measure(runner, n, ["FULL", "BASE"], ["ABLOG", "STAGS"])
