"""A pull request as CI builds it: main's cached environment and pages restored, one essay changed, the output
compared byte for byte with a clean build of the changed sources."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import edits
from builds import ROOT, digests

if TYPE_CHECKING:
    from run import Runner


def _ci_module() -> Any:
    """``.ci/sphinx_cache.py``, what CI runs around its cached build (not a package: loaded from its path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sphinx_cache", ROOT / ".ci" / "sphinx_cache.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(runner: Runner, n: int) -> None:
    """A pull request as CI builds it (``.github/workflows/site.yml``): from main's cache, one essay changed.

    "Main" is a clean FULL build; its environment and pages are copied aside with their
    times (as the cache stores them) and its sources recorded (``sphinx_cache.stamp``).
    Then one essay gets a body and a tag change, and for each way of caching, the copy is
    put back, every source file is made new (as a checkout leaves it), ``sphinx_cache.restore``
    sets the times, and FULL builds incrementally: ``pr`` restores the environment and the
    pages (what CI caches), ``pr-env`` the environment alone, into an empty output folder.
    Each output is compared byte for byte with a clean build of the changed sources.
    """
    ci = _ci_module()
    corp = runner.corpus(n)
    src = Path(corp.srcdir)
    edit = next(e for e in edits.make_edits(corp, [src]) if e.kind == "pr")
    outdir, doctrees = runner.dirs(n, "FULL", "-pr")
    cache = outdir.parent / "cache"
    runner.build("FULL", n, "pr-main", clean=True, tag="-pr")
    ci.stamp(src, doctrees)
    if cache.exists():
        shutil.rmtree(cache)
    for folder in (doctrees, outdir):
        shutil.copytree(folder, cache / folder.name, symlinks=True)  # copy2: times kept, as a cache keeps them
    info: dict[str, Any] = {"docname": edit.docname, "describe": edit.describe, "restore": {}, "stale": {}}
    runner.results.pr[str(n)] = info
    edit.apply()
    try:
        outputs: dict[str, dict[str, str]] = {}
        for kind, folders in (("pr", (doctrees, outdir)), ("pr-env", (doctrees,))):
            for folder in (doctrees, outdir):
                if folder.exists():
                    shutil.rmtree(folder)
            for folder in folders:
                shutil.copytree(cache / folder.name, folder, symlinks=True)
            for path in src.rglob("*"):
                if path.is_file():
                    os.utime(path)  # a fresh checkout: every file is new
            info["restore"][kind] = ci.restore(src, doctrees, outdir)
            b = runner.build("FULL", n, kind, tag="-pr")
            info[kind] = {"html": b.written_html, "identical": b.identical, "removed": b.removed}
            outputs[kind] = digests(outdir)
        runner.build("FULL", n, "check", clean=True, tag="-pr-check", record=False)
        clean = digests(runner.dirs(n, "FULL", "-pr-check")[0])
        for kind, got in outputs.items():
            info["stale"][kind] = {
                "differ": sorted(p for p in got.keys() & clean.keys() if got[p] != clean[p]),
                "only_incremental": sorted(got.keys() - clean.keys()),
                "only_clean": sorted(clean.keys() - got.keys()),
                "compared": len(got.keys() & clean.keys()),
            }
    finally:
        edit.revert()
    runner.save(f"pull request N={n}")


def run(runner: Runner) -> None:
    for n in runner.plan.pr_at:
        measure(runner, n)
