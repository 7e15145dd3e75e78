"""cProfiles of a FULL build: Longform's share of a serial build, and what the main process of a ``-j 2`` build
does by itself (the phases no worker can take)."""

from __future__ import annotations

import os
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builds import ROOT, child_env, log, short, sphinx_command

if TYPE_CHECKING:
    from run import Runner


def profile_share(stats_file: Path) -> dict[str, Any]:
    """Longform's share of a cProfile: time under Longform functions entered from outside Longform."""
    stats = pstats.Stats(str(stats_file))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_f, _l, _n), (_cc, _nc, _tt, ct, _callers) in raw.items())

    def own(filename: str) -> bool:
        return f"{os.sep}extensions{os.sep}longform{os.sep}" in filename

    def furo(filename: str) -> bool:
        return f"{os.sep}furo{os.sep}" in filename

    def entered(pred: Callable[[str], bool], exclude: Callable[[str], bool] | None = None) -> float:
        out = 0.0
        for (filename, _line, _name), (_cc, _nc, _tt, _ct, callers) in raw.items():
            if not pred(filename) or (exclude and exclude(filename)):
                continue
            for (cfile, _cl, _cn), (_c1, _c2, _t, ct) in callers.items():
                if not pred(cfile):
                    out += ct
        return out

    nav = entered(lambda f: f.endswith(f"longform{os.sep}navigation.py"))
    # Longform's MyST parser (core/compat.py) only wraps MyST's: the parsing under it is MyST's, as in BASE.
    parser = sum(
        ct
        for (filename, _line, name), (_cc, _nc, _tt, _ct, callers) in raw.items()
        if f"{os.sep}myst_parser{os.sep}" in filename and name == "parse"
        for (cfile, _cl, cname), (_c1, _c2, _t, ct) in callers.items()
        if own(cfile) and cname == "parse"
    )
    longform = entered(own) - parser
    top: list[tuple[float, str]] = []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in raw.items():
        if own(filename):
            top.append((ct, f"{Path(filename).name}:{line}({name}) calls={nc} own={tt:.2f}s"))
    top.sort(reverse=True)
    return {
        "total_s": total,
        "longform_s": longform,
        "navigation_s": nav,
        "parser_s": parser,
        "furo_s": entered(furo),
        "longform_share": longform / total if total else 0.0,
        "longform_without_nav_share": (longform - nav) / total if total else 0.0,
        "top": [f"{ct:.2f}s {label}" for ct, label in top[:15]],
    }


def parallel_phases(stats_file: Path) -> dict[str, float]:
    """Where the main process of a ``-j 2`` build spends its time (the workers are not profiled).

    What the main process does itself, rather than waiting for workers (``time.sleep``
    in ``ParallelTasks.join``), cannot overlap with anything: it bounds the speed-up.
    """
    raw = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]

    def cum(file_end: str, name: str, caller: str | None = None) -> float:
        total = 0.0
        for (filename, _line, func), (_cc, _nc, _tt, ct, callers) in raw.items():
            if func != name or not filename.replace(os.sep, "/").endswith(file_end):
                continue
            if caller is None:
                total += ct
            else:
                total += sum(c[3] for (cf, _cl, cn), c in callers.items() if cn == caller)
        return total

    total = max(ct for (_cc, _nc, _tt, ct, _callers) in raw.values())
    sleep = sum(
        ct for (filename, _l, func), (_cc, _nc, _tt, ct, _c) in raw.items() if func == "<built-in method time.sleep>"
    )
    return {
        "total": total,
        "read phase (parallel)": cum("sphinx/builders/__init__.py", "_read_parallel"),
        "  unpickling and merging the workers' environments": cum("sphinx/builders/__init__.py", "merge"),
        "write phase (parallel)": cum("sphinx/builders/__init__.py", "_write_parallel"),
        "  resolving doctrees in the main process": cum(
            "sphinx/environment/__init__.py", "get_and_resolve_doctree", "_write_parallel"
        ),
        "  write_doc_serialized in the main process": cum(
            "sphinx/builders/html/__init__.py", "write_doc_serialized", "_write_parallel"
        ),
        "    of which indexing the page for search (index_page)": cum(
            "sphinx/builders/html/__init__.py", "index_page", "write_doc_serialized"
        ),
        "finish (search index, static files, generated pages)": cum("sphinx/builders/html/__init__.py", "finish"),
        "waiting for workers (sleep)": sleep,
        "main process busy (total - waiting)": total - sleep,
    }


def serial_at(runner: Runner, n: int) -> None:
    """A cProfile of a serial FULL build: Longform's share of it."""
    corp = runner.corpus(n)
    outdir, doctrees = runner.dirs(n, "FULL", "-profile")
    for folder in (outdir, doctrees):
        if folder.exists():
            shutil.rmtree(folder)
    stats_file = runner.workdir / f"profile-FULL-{n}.pstats"
    sphinx = sphinx_command(confdir=runner.confdirs["FULL"], srcdir=Path(corp.srcdir), outdir=outdir, doctrees=doctrees)
    # `python -m cProfile -o FILE -m sphinx ...`
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *sphinx[1:]]
    t0 = time.perf_counter()
    logfile = runner.workdir / "logs" / f"{n}-FULL-profile.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("w") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=str(ROOT), check=False)
    wall = time.perf_counter() - t0
    if stats_file.exists():
        runner.results.profile = {"essays": n, "wall_s": wall, "command": " ".join(short(c) for c in cmd)}
        runner.results.profile.update(profile_share(stats_file))
        log(f"  profile N={n}: Longform {runner.results.profile['longform_share']:.1%} of {wall:.1f}s")
    runner.save("profile")


def parallel_at(runner: Runner, n: int) -> None:
    """A cProfile of the main process of a FULL ``-j 2`` build: what it does serially."""
    corp = runner.corpus(n)
    outdir, doctrees = runner.dirs(n, "FULL", "-j2-profile")
    for folder in (outdir, doctrees):
        if folder.exists():
            shutil.rmtree(folder)
    stats_file = runner.workdir / f"profile-FULL-j2-{n}.pstats"
    sphinx = sphinx_command(
        confdir=runner.confdirs["FULL"], srcdir=Path(corp.srcdir), outdir=outdir, doctrees=doctrees, jobs=2
    )
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *sphinx[1:]]
    t0 = time.perf_counter()
    (runner.workdir / "logs").mkdir(parents=True, exist_ok=True)
    with (runner.workdir / "logs" / f"{n}-FULL-j2-profile.log").open("w") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=str(ROOT), check=False)
    wall = time.perf_counter() - t0
    if stats_file.exists():
        runner.results.profile["parallel"] = {
            "essays": n,
            "wall_s": wall,
            "command": " ".join(short(c) for c in cmd),
            "phases": parallel_phases(stats_file),
        }
        log(f"  -j 2 profile N={n}: {wall:.1f}s")
    runner.save("-j 2 profile")


def serial(runner: Runner) -> None:
    """Section ``profile``: the serial profile at ``plan.profile_at`` (0: none)."""
    if runner.plan.profile_at:
        serial_at(runner, runner.plan.profile_at)


def parallel(runner: Runner) -> None:
    """Section ``jprofile``: the ``-j 2`` profile at ``plan.profile_at`` (0: none)."""
    if runner.plan.profile_at:
        parallel_at(runner, runner.plan.profile_at)
