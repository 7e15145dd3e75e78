"""Turn the benchmark results (bench/run.py) into BENCHMARKS.md.

Everything here is derived from the measured builds: medians per (N, variant,
kind), ratios against BASE from the same run, and a verdict per target of
``targets.toml`` (:mod:`targets`) with the numbers behind it.  Missing measurements
are said to be missing.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

import targets
from lighthouse import CATEGORIES as LIGHTHOUSE_CATEGORIES
from lighthouse import KINDS as LIGHTHOUSE_KINDS

ORDER = ("FULL", "BASE", "FURO", "ABLOG", "STAGS")
LABELS = {
    "FULL": "myst_parser, sphinx_design, longform",
    "BASE": "myst_parser, sphinx_design, longform.navigation",
    "FURO": "myst_parser, sphinx_design (furo's whole-site navigation)",
    "ABLOG": "BASE + ablog (tags, archives, categories, per-tag Atom feeds)",
    "STAGS": "BASE + sphinx_tags (tag pages out of the root toctree)",
}
ALWAYS_WRITTEN = {"genindex.html", "search.html"}
#: What ``python bench/lighthouse.py`` writes (by hand, not in the timed run); read by :func:`_lighthouse`.
LIGHTHOUSE = Path(__file__).with_name("lighthouse.json")
NOTES = (
    "Only `extensions` differs between FULL, BASE and FURO; the site's other extensions in `conf.py` "
    "(sphinxext-opengraph, sphinx-sitemap, notfound, reredirects) are off in every configuration, so the ratios "
    "measure Longform and nothing else.",
    "BASE, FURO and the anchors do not know Longform's directives and roles (`essay-list`, `tag-index`, "
    "`path-list`, `reading-path`, `site-count`): MyST warns once per use and renders nothing, which their "
    "warnings column counts. FULL must build the corpus without any warning (a unit test checks a small one).",
    "ABlog is made to work with furo: `skip_injecting_base_ablog_templates = True` keeps furo's `page.html` "
    "(ABlog's own would replace it) and ABlog's `ablog/` templates come in through `templates_path`. "
    "`blog_post_pattern = essays/*` makes the same essays posts (ABlog reads their front-matter `date` and "
    "`tags`); `blog_feed_archives = True` gives per-tag Atom feeds like Longform's. ABlog regenerates every "
    "tag, archive and category page and every feed on every build (see its no-change rebuild).",
    "sphinx-tags reads tags from a `{tags}` directive in the body, not from front matter (it scans the sources "
    "with regular expressions at `builder-inited`), so STAGS builds a copy of the corpus with one such directive "
    "under each H1. It rewrites its tag sources in `_tags/` on every build, so every tag page is re-read every "
    "time. Its tag index is kept out of the root toctree (with the tag pages in the toctree, furo's whole-tree "
    "navigation would list them on every page).",
    "Sphinx itself writes `genindex.html` and `search.html` on every build and rewrites the parent page of a "
    "re-read document (its topic page) even when nothing on it changed: BASE shows both; they are not Longform's.",
    "Peak memory is `ru_maxrss` of the build process from `os.wait4` (which also covers its waited-for "
    "children): for `-j 2` it is the largest single process, not the sum of the two workers.",
    "The machine is shared: the load average printed above says how busy it was; ratios come from builds run "
    "one after the other in the same run, which keeps them more stable than the absolute times.",
)


class View:
    """Queries over the list of builds."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.r = results
        self.builds = results["builds"]

    def samples(self, n: int, variant: str, kind: str) -> list[dict[str, Any]]:
        """Successful builds of one kind; if several runs measured it, only the latest run's."""
        found = [
            b
            for b in self.builds
            if b["essays"] == n
            and b["variant"] == variant
            and b["kind"] == kind
            and b["returncode"] == 0
            and not b["timed_out"]
        ]
        latest = max((b.get("run", 0) for b in found), default=0)
        return [b for b in found if b.get("run", 0) == latest]

    def timed_out(self, n: int, variant: str, kind: str) -> dict[str, Any] | None:
        for b in self.builds:
            if b["essays"] == n and b["variant"] == variant and b["kind"] == kind and b["timed_out"]:
                return b
        return None

    def median(self, n: int, variant: str, kind: str) -> float | None:
        s = self.samples(n, variant, kind)
        return statistics.median(b["wall"] for b in s) if s else None

    def cpu(self, n: int, variant: str, kind: str) -> float | None:
        s = [b for b in self.samples(n, variant, kind) if "cpu" in b]
        return statistics.median(b["cpu"] for b in s) if s else None

    def rss(self, n: int, variant: str, kind: str) -> float | None:
        s = self.samples(n, variant, kind)
        return max(b["maxrss_mib"] for b in s) if s else None

    def sizes(self, kind: str = "clean") -> list[int]:
        return sorted({b["essays"] for b in self.builds if b["kind"] == kind})


def _f(value: float | None, unit: str = "s", digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f} {unit}".strip()


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def _as_dict(results: Any) -> dict[str, Any]:
    return asdict(results) if is_dataclass(results) else results


@dataclass(frozen=True)
class _Context:
    """What every section of the report reads: the results, queries over them, the run's plan, and ``add``."""

    r: dict[str, Any]
    v: View
    meta: dict[str, Any]
    plan: dict[str, Any]
    sizes: list[int]
    main_n: int
    add: Callable[[str], None]


def render(results: Any) -> str:
    """BENCHMARKS.md for one run's results: a header, then one section per function below, in order."""
    r = _as_dict(results)
    v = View(r)
    meta, plan = r["meta"], r["plan"]
    out: list[str] = []
    add = out.append
    status = (
        "complete"
        if r.get("finished")
        else "INCOMPLETE — stopped after: " + (r["sections_done"][-1] if r["sections_done"] else "nothing")
    )
    add("# Benchmarks\n")
    add(
        "Generated by `nox -s bench` (`python bench/run.py`); do not edit by hand. What is measured: the docstrings "
        "of `bench/run.py` and `bench/scenarios/`; what it is held to: `bench/targets.toml`.\n"
    )
    previous = meta.get("previous", [])
    for index, prev in enumerate(previous):
        groups = sorted({(b["essays"], b["kind"]) for b in r["builds"] if b.get("run", 0) == index})
        what = ", ".join(f"N = {n} {k}" for n, k in groups)
        add(
            f"- Run {index + 1} (kept in this report): **{prev['plan']['mode']}**, {prev['date']}, arguments "
            f"`{' '.join(prev['argv']) or '(none)'}`, Longform at {prev['commit']}, load average at start "
            f"{', '.join(f'{x:.2f}' for x in prev['load_start'])}; clean builds per configuration "
            f"{prev['plan']['repeat']}, edit/revert pairs {prev['plan']['pairs']}; it measured: {what}."
        )
    label = f"Run {len(previous) + 1}: " if previous else "Run: "
    add(f"- {label}**{plan['mode']}** ({status}), {meta['date']}; arguments: `{' '.join(meta['argv']) or '(none)'}`.")
    add(
        f"- Machine: {meta['nproc']} CPUs ({meta['cpu']}), {meta['memory_gib']} GiB RAM, {meta['os']}; "
        f"load average at start {', '.join(f'{x:.2f}' for x in meta['load_start'])}, "
        f"at the last section {', '.join(f'{x:.2f}' for x in meta.get('load_now', meta['load_start']))}."
    )
    versions = ", ".join(f"{k} {val}" for k, val in meta["versions"].items())
    add(
        f"- Versions: Python {meta['python']}, {versions}; Longform at {meta['commit']}, code snapshot "
        f"{meta.get('code_digest', '?')} (conf.py and extensions/ copied when the run started, so every build of "
        "the run uses the same code)."
    )
    add(
        f"- {label}clean builds per configuration: {plan['repeat']} (FURO: {plan['furo_repeat']}); edit/revert "
        f"pairs per change: {plan['pairs']}. Times are medians of a run's builds; every ratio is against BASE "
        "measured in the same run, and where several runs measured the same thing the report keeps the latest."
    )
    add("")

    sizes = v.sizes()
    main_n = plan["sizes"][0] if plan["sizes"] else (sizes[0] if sizes else 0)
    ctx = _Context(r, v, meta, plan, sizes, main_n, add)
    _targets(ctx)
    _analysis(ctx)
    _clean(ctx)
    _parallel(ctx)
    _incremental(ctx)
    _peers(ctx)
    _before_after(ctx)
    _pull_request(ctx)
    _growth(ctx)
    _reader_side(ctx)
    _search(ctx)
    _devserver(ctx)
    _lighthouse(ctx)
    _profile(ctx)
    _notes(ctx)
    _how(ctx)
    return "\n".join(out) + "\n"


def _targets(ctx: _Context) -> None:
    """The verdict of every target of targets.toml (:func:`targets.evaluate`)."""
    r, v, add = ctx.r, ctx.v, ctx.add
    add("## Targets\n")
    add(
        "Each row is a target of `bench/targets.toml`: what is measured, the comparison and the threshold, and the "
        "corpus size it is set at. A target this run did not measure says so; one measured at another size is "
        "indicative only.\n"
    )
    add(_header("target", "measured", "verdict"))
    for target, measured, verdict in targets.evaluate(r, v):
        shown = "—" if measured is None else target.shown(measured.value)
        where = "" if measured is None or measured.n is None else f" at N = {measured.n:,}"
        detail = "" if measured is None else f" ({measured.detail})"
        add(f"| {target.wording()} | {shown}{where}{detail} | {verdict} |")
    add("")


def _analysis(ctx: _Context) -> None:
    """bench/analysis.md as it is: written by hand after a run."""
    add = ctx.add
    analysis = Path(__file__).with_name("analysis.md")
    if analysis.is_file():
        add("## Analysis\n")
        add(analysis.read_text(encoding="utf-8").strip() + "\n")


def _clean(ctx: _Context) -> None:
    """Clean builds at each size: medians, ratios against BASE, warnings, output sizes."""
    r, v, plan, sizes, add = ctx.r, ctx.v, ctx.plan, ctx.sizes, ctx.add
    add("## Clean builds\n")
    add(
        _header(
            "N",
            "configuration",
            "median wall",
            "runs",
            "ratio to BASE",
            "CPU (user+sys)",
            "CPU ratio",
            "peak RSS",
            "HTML pages",
            "output",
            "essay page (mean / max)",
            "warnings",
        )
    )
    for n in sizes:
        base = v.median(n, "BASE", "clean")
        for variant in ORDER:
            s = v.samples(n, variant, "clean")
            stats = r["outputs"].get(f"{n}:{variant}", {})
            timed = v.timed_out(n, variant, "clean")
            if not s and not timed:
                continue
            med = v.median(n, variant, "clean")
            if not s and timed:
                add(
                    _row(
                        n,
                        variant,
                        f"> {timed['wall']:.0f} s (stopped)",
                        0,
                        f"> {_ratio(timed['wall'], base)}",
                        *"—" * 7,
                    )
                )
                continue
            page = f"{stats['essay_page_kib_mean']:.1f} / {stats['essay_page_kib_max']:.1f} KiB" if stats else "—"
            add(
                f"| {n} | {variant} | {_f(med)} | {len(s)} | {_ratio(med, base)} "
                f"| {_f(v.cpu(n, variant, 'clean'))} | {_ratio(v.cpu(n, variant, 'clean'), v.cpu(n, 'BASE', 'clean'))} "
                f"| {_f(v.rss(n, variant, 'clean'), 'MiB', 0)} "
                f"| {stats.get('pages', '—')} | {_f(stats.get('total_mib'), 'MiB')} | {page} | {s[-1]['warnings']} |"
            )
    add("")
    add(
        "Configurations (each is the repository's `conf.py` with only `extensions` and the anchors' settings "
        "changed):\n"
    )
    for variant in ORDER:
        add(f"- **{variant}**: {LABELS[variant]}")
    add("")
    corpora = r.get("corpora", {})
    if corpora:
        add("Corpora (`bench/corpus.py`, seed {}):\n".format(plan["seed"]))
        add(_header("N", "words", "tags", "series", "paths", "topics", "drafts"))
        for key in sorted(corpora, key=int):
            c = corpora[key]
            add(_row(c["essays"], f"{c['words']:,}", c["tags"], c["series"], c["paths"], c["topics"], c["drafts"]))
        add("")


def _parallel(ctx: _Context) -> None:
    """Clean builds with `-j 2` against serial ones."""
    v, add = ctx.v, ctx.add
    par = [n for n in v.sizes("clean-j2")]
    if par:
        add("## Parallel clean build (`-j 2`)\n")
        add(_header("N", "configuration", "serial", "`-j 2`", "speed-up", "peak RSS (largest process)"))
        for n in par:
            for variant in ORDER:
                j2 = v.median(n, variant, "clean-j2")
                if j2 is None:
                    continue
                serial = v.median(n, variant, "clean")
                add(
                    _row(
                        n, variant, _f(serial), _f(j2), _ratio(serial, j2), _f(v.rss(n, variant, "clean-j2"), "MiB", 0)
                    )
                )
        add("")


def _incremental(ctx: _Context) -> None:
    """Rebuilds after each change: times, documents re-read, pages rewritten and why."""
    r, v, add = ctx.r, ctx.v, ctx.add
    inc_sizes = sorted({b["essays"] for b in r["builds"] if b["kind"] in ("body", "tag", "title", "noop")})
    for n in inc_sizes:
        add(f"## Incremental rebuilds, N = {n}\n")
        edits = {k.split(":", 1)[1]: e for k, e in r["edits"].items() if k.startswith(f"{n}:")}
        if edits:
            first = next(iter(edits.values()))
            add(
                f"Edited essay: `{first['docname']}` (listed, in a series, two tags or more). Each change is applied "
                "and reverted; both rebuilds are samples. Pages are counted without `genindex.html` and "
                "`search.html`, which Sphinx writes on every build; *identical* = rewritten with the same bytes.\n"
            )
        add(
            _header(
                "change",
                "configuration",
                "median wall",
                "samples",
                "ratio to BASE",
                "CPU ratio",
                "docs re-read",
                "HTML pages rewritten",
                "of which identical",
                "other files rewritten",
            )
        )
        for kind in ("noop", "body", "tag", "title"):
            base = v.median(n, "BASE", kind)
            for variant in ORDER:
                s = v.samples(n, variant, kind)
                if not s:
                    continue
                reread = sorted({b["reread"] for b in s})
                pages = sorted({len(_pages(b)) for b in s})
                same = sorted({len([p for p in b.get("identical", []) if p not in ALWAYS_WRITTEN]) for b in s})
                other = sorted({len(b["written_other"]) for b in s})
                desc = edits.get(kind, {}).get("describe", "no change") if kind != "noop" else "no change"
                add(
                    f"| {kind}: {desc} | {variant} | {_f(v.median(n, variant, kind), 's', 2)} | {len(s)} | "
                    f"{_ratio(v.median(n, variant, kind), base)} "
                    f"| {_ratio(v.cpu(n, variant, kind), v.cpu(n, 'BASE', kind))} "
                    f"| {_span(reread)} | {_span(pages)} | {_span(same)} "
                    f"| {_span(other)} |"
                )
        add("")
        for kind in ("body", "tag", "title"):
            for variant in ("FULL", "BASE"):
                info = edits.get(kind, {}).get(variant)
                if not info:
                    continue
                what = edits[kind]["describe"]
                add(f"**{kind.capitalize()} change, {variant}** ({what}), first rebuild: pages rewritten:\n")
                for page in info["html"]:
                    if page not in ALWAYS_WRITTEN:
                        add(f"- `{page}` — {info['why'].get(page, '')}")
                if info["other"]:
                    add(f"- other files: {', '.join(f'`{p}`' for p in info['other'])}")
                if info["removed"]:
                    add(f"- removed: {', '.join(f'`{p}`' for p in info['removed'])}")
                add("")
        stale = {k.split(":", 1)[1]: e for k, e in r["stale"].items() if k.startswith(f"{n}:")}
        if stale:
            add(
                "**Never stale**: FULL's incremental output after the change, compared byte for byte with a clean FULL "
                "build of the same sources (every HTML page and feed):\n"
            )
            for kind, info in stale.items():
                bad = info["differ"] + info["only_incremental"] + info["only_clean"]
                shown = ", ".join(f"`{p}`" for p in bad[:15]) + (" …" if len(bad) > 15 else "")
                add(
                    f"- {kind} change: {info['compared']} files compared, {len(info['differ'])} differ, "
                    f"{len(info['only_incremental'])} only in the incremental output, "
                    f"{len(info['only_clean'])} only in "
                    f"the clean one{': ' + shown if bad else ''}"
                )
            add("")


#: The peers' table: its columns (configurations and peers, as the peers section measured them) and their names.
PEER_COLUMNS = {"FULL": "Longform FULL", "BASE": "BASE", "ABLOG": "ABlog", "MKDOCS": "MkDocs Material", "HUGO": "Hugo"}


def _peer_samples(r: dict[str, Any], n: int, system: str, kind: str, step: str = "peers") -> list[dict[str, Any]]:
    """The peers section's own builds (its ``step`` starts with ``peers``), of the latest run that made any."""
    found = [
        b
        for b in r["builds"]
        if b["essays"] == n
        and b["variant"] == system
        and b["kind"] == kind
        and str(b.get("step", "")).startswith(step)
        and b["returncode"] == 0
        and not b["timed_out"]
    ]
    latest = max((b.get("run", 0) for b in found), default=0)
    return [b for b in found if b.get("run", 0) == latest]


def _peer_cells(r: dict[str, Any], n: int, columns: list[str], kind: str) -> list[str]:
    """One row of the peers' table: each system's median and its ratio to BASE's (the same section's builds)."""
    base = _peer_samples(r, n, "BASE", kind)
    base_median = statistics.median(b["wall"] for b in base) if base else None
    out = []
    for column in columns:
        samples = _peer_samples(r, n, column, kind)
        if not samples:
            out.append("—")
            continue
        median = statistics.median(b["wall"] for b in samples)
        out.append(f"{_f(median, 's', 2)} ({_ratio(median, base_median)})")
    return out


def _peers(ctx: _Context) -> None:
    """Hugo and MkDocs Material beside FULL, BASE and ABLOG: every number from the peers section of one run."""
    r, add = ctx.r, ctx.add
    for key, info in sorted(r.get("peers", {}).items(), key=lambda item: int(item[0])):
        n = int(key)
        columns = [c for c in PEER_COLUMNS if c in info.get("systems", PEER_COLUMNS)]
        add(f"## Peers: Hugo and MkDocs Material, N = {n}\n")
        loads = [f"{x[0]:.2f}" for x in info.get("rounds", [])]
        add(
            f"Every system on the same essays ({n}; the peers' copies converted from the Sphinx corpus by "
            "`bench/corpus.py --peers`), in this run's peers section alone: "
            f"clean builds in {info.get('repeat', '?')} round(s), the systems interleaved in each (1-minute "
            f"load average at the start of each round: {', '.join(loads) or '—'}; at the end "
            f"{', '.join(f'{x:.2f}' for x in info.get('load_end', [])) or '—'}), then a rebuild with nothing "
            f"changed, then the body edit to `{info.get('essay', '?')}` and its revert, "
            f"{info.get('pairs', '?')} time(s) (both rebuilds are samples). Hugo and MkDocs build everything "
            "again every time: they have no incremental build. Each cell: the median, and in brackets the ratio "
            "to BASE from the same builds.\n"
        )
        add(_header("", *(PEER_COLUMNS[c] for c in columns)))

        add(_row("clean build", *_peer_cells(r, n, columns, "clean")))
        add(_row("one sentence added to one essay, rebuild", *_peer_cells(r, n, columns, "body")))
        add(_row("no change, rebuild", *_peer_cells(r, n, columns, "noop")))
        served = info.get("served", {})
        row = []
        for column in columns:
            times = served.get(column, {}).get("served_s", [])
            if times:
                row.append(f"{_f(statistics.median(times), 's', 2)} (median of {len(times)})")
            elif column == "FULL":
                # Longform's own loop is the devserver section's (timed in Chromium until the reloaded page shows it)
                own = r.get("devserver", {}).get(key, {})
                median = own.get("median_s")
                row.append(f"{_f(median, 's', 2)} (dev-server section, in Chromium)" if median else "—")
            else:
                row.append("—")
        add(_row("save → page served with the change", *row))
        memory = []
        for column in columns:
            samples = _peer_samples(r, n, column, "clean")
            memory.append(_f(max(b["maxrss_mib"] for b in samples), "MiB", 0) if samples else "—")
        add(_row("peak memory, clean build", *memory))
        add("")
        full = _peer_samples(r, n, "FULL", "clean")
        if full:
            full_median = statistics.median(b["wall"] for b in full)
            against = []
            for column in columns:
                samples = _peer_samples(r, n, column, "clean")
                if column != "FULL" and samples:
                    against.append(
                        f"{PEER_COLUMNS[column]} {_ratio(statistics.median(b['wall'] for b in samples), full_median)}"
                    )
            add(f"Clean build against FULL, same builds: {', '.join(against)}.\n")
        if served:
            add(
                "Save → served: the peer's own development server (`hugo server`, `mkdocs serve`) on this corpus; "
                "the body edit saved and reverted in turn, timed from the file write to the first HTTP response "
                "of the essay's page that shows the change (asked every 10 ms; `bench/serving.py`). A browser's "
                "reload would add its own parsing and painting, the same for every system.\n"
            )


def _before_after(ctx: _Context) -> None:
    """This commit's Longform against the revision of `--against`, both against BASE."""
    r, v, meta, add = ctx.r, ctx.v, ctx.meta, ctx.add
    against = meta.get("against")
    cmp_sizes = sorted({b["essays"] for b in r["builds"] if b["kind"] == "cmp" and b["variant"] == "BEFORE"})
    if against and cmp_sizes:
        add("## Before and after\n")
        add(
            f"`--against {against['revision']}`: Longform at {against['commit'][:7]} (BEFORE) and at this commit "
            "(AFTER), each with every feature, and BASE, built clean one after the other in turns (site search "
            "left to Sphinx in all three), so the two ratios to BASE come from the same minutes of the machine.\n"
        )
        add(_header("N", "configuration", "median wall", "runs", "ratio to BASE", "CPU", "CPU ratio", "peak RSS"))
        for n in cmp_sizes:
            base, base_cpu = v.median(n, "BASE", "cmp"), v.cpu(n, "BASE", "cmp")
            for variant in ("BEFORE", "AFTER", "BASE"):
                med = v.median(n, variant, "cmp")
                cpu = v.cpu(n, variant, "cmp")
                add(
                    _row(
                        n,
                        variant,
                        _f(med),
                        len(v.samples(n, variant, "cmp")),
                        _ratio(med, base),
                        _f(cpu),
                        _ratio(cpu, base_cpu),
                        _f(v.rss(n, variant, "cmp"), "MiB", 0),
                    )
                )
        add("")


def _pull_request(ctx: _Context) -> None:
    """A pull request built from main's cache: its time against a clean build, and whether it is stale."""
    r, v, add = ctx.r, ctx.v, ctx.add
    for key in sorted(r.get("pr") or {}, key=int):
        n, info = int(key), r["pr"][key]
        clean = _pr_clean(v, n)
        add(f"## Pull request from main's cache, N = {n}\n")
        add(
            "What CI does for a pull request (`.github/workflows/site.yml`, `.ci/sphinx_cache.py`): the environment "
            "and pages of a clean FULL build (*main*) are restored with their times, every source file is made new "
            "(as a checkout leaves it), `sphinx_cache.py restore` gives the unchanged ones an old time, and FULL "
            f"builds incrementally after one essay's change (`{info['docname']}`: {info['describe']}). Ratios are "
            f"against main's clean build, made just before ({_f(clean)}). *Environment only* restores "
            "`build/doctrees` "
            "alone, into an empty output folder: Sphinx then writes every page again.\n"
        )
        add(
            _header(
                "cached",
                "wall",
                "ratio to a clean build",
                "CPU ratio",
                "docs re-read",
                "HTML pages written",
                "of which identical",
                "stale against a clean build",
            )
        )
        for kind, label in (("pr", "environment + pages (CI)"), ("pr-env", "environment only")):
            s_ = v.samples(n, "FULL", kind)
            if not s_:
                continue
            stale = (info.get("stale") or {}).get(kind)
            bad = "not checked" if stale is None else _stale_text(stale)
            same = sorted({len([p for p in b.get("identical", []) if p not in ALWAYS_WRITTEN]) for b in s_})
            add(
                _row(
                    label,
                    _f(v.median(n, "FULL", kind), "s", 2),
                    _ratio(v.median(n, "FULL", kind), clean),
                    _ratio(v.cpu(n, "FULL", kind), _pr_clean_cpu(v, n)),
                    _span(sorted({b["reread"] for b in s_})),
                    _span(sorted({len(_pages(b)) for b in s_})),
                    _span(same),
                    bad,
                )
            )
        add("")
        for kind, said in (info.get("restore") or {}).items():
            add(f"- `{kind}`: `sphinx_cache.py restore` said: {said}")
        add("")


def _growth(ctx: _Context) -> None:
    """Clean build times as the corpus grows."""
    r, v, plan, add = ctx.r, ctx.v, ctx.plan, ctx.add
    growth = plan.get("growth") or []
    if growth:
        add("## Growth (FULL, clean, serial)\n")
        add(_header("N", "wall", "CPU", "peak RSS", "essay page (mean / max)", "output", "run"))
        for n in sorted(set(growth) | set(plan["sizes"])):
            med = v.median(n, "FULL", "clean")
            if med is None:
                add(_row(n, "not measured", *"—" * 5))
                continue
            stats = r["outputs"].get(f"{n}:FULL", {})
            page = f"{stats['essay_page_kib_mean']:.1f} / {stats['essay_page_kib_max']:.1f} KiB" if stats else "—"
            run = v.samples(n, "FULL", "clean")[0].get("run", 0) + 1
            rss = _f(v.rss(n, "FULL", "clean"), "MiB", 0)
            add(_row(n, _f(med), _f(v.cpu(n, "FULL", "clean")), rss, page, _f(stats.get("total_mib"), "MiB"), run))
        add("")


def _reader_side(ctx: _Context) -> None:
    """What Longform adds to a page for a reader (page weight)."""
    r, main_n, add = ctx.r, ctx.main_n, ctx.add
    w = r.get("weight") or {}
    if w:
        add("## Reader side\n")
        add(
            f"Essay page `{w['page']}` at N = {main_n}: Longform's inline CSS {w['inline_css_bytes']:,} bytes, "
            f"its stylesheet {w.get('css_file_bytes', 0):,} bytes ({', '.join(w.get('css_files', [])) or 'none'}), "
            f"its scripts {w['js_bytes']:,} bytes ({', '.join(w['js_files']) or 'none'}), together "
            f"{w['total_bytes'] / 1024:.1f} KiB; render-blocking requests FULL makes that BASE does not: "
            f"{', '.join(w['extra_blocking']) or 'none'}. Page size FULL {w['full_page_bytes'] / 1024:.1f} KiB, "
            f"BASE {w['base_page_bytes'] / 1024:.1f} KiB.\n"
        )
        h = w.get("heaviest")
        if h:
            add(
                f"Heaviest page of the site for Longform's CSS and scripts: `{h['page']}`, "
                f"{h['total_bytes']:,} bytes ({h['inline_css_bytes']:,} inline CSS + "
                f"{h.get('css_file_bytes', 0):,} stylesheet + {h['js_bytes']:,} script: "
                f"{', '.join(h['js_files']) or 'none'}); extra render-blocking requests on any page: "
                f"{', '.join(h['extra_blocking']) or 'none'}.\n"
            )


def _search(ctx: _Context) -> None:
    """What one search query costs a reader, with Pagefind and with Sphinx's search."""
    r, add = ctx.r, ctx.add
    search = r.get("search") or {}
    if search:
        add("## Search: one query, as a reader sends it\n")
        add(
            "The FULL site is served over HTTP with gzip for text types (HTML, CSS, JavaScript, JSON, SVG), as "
            "GitHub Pages and Read the Docs serve them, and `Cache-Control: max-age=600`; Pagefind's own files "
            "are compressed already and served as they are. In Chromium, `index.html` is opened, the query is "
            "typed into furo's sidebar search box and Enter pressed; from then until the results are shown and "
            "the network is idle, every response is summed as Chrome counts it (`encodedDataLength`: bytes on "
            "the wire, headers included; files the browser holds from `index.html` come from its cache). "
            'Sphinx\'s search is the same site built with `longform_search = "sphinx"`: it fetches '
            "`searchindex.js` whole, then each result page's HTML for its excerpt. The query is a code "
            "identifier found in a few essays (`search_word` in `bench/run.py`: each prose word of the corpus "
            "is in nearly every essay).\n"
        )
        add(
            _header(
                "N",
                "query",
                "essays containing it",
                "search",
                "bytes on the wire",
                "requests (from cache)",
                "results (shown)",
                "time to results",
                "index on disk",
            )
        )
        for key in sorted(search, key=int):
            info = search[key]
            for engine, label, disk in (
                ("pagefind", "Pagefind (FULL)", info.get("pagefind_bundle_kib")),
                ("sphinx", "Sphinx", info.get("searchindex_kib")),
            ):
                q = info[engine]
                add(
                    _row(
                        f"{int(key):,}",
                        f"`{info['word']}`",
                        len(info["essays_with_word"]),
                        label,
                        f"{q['bytes']:,} ({q['bytes'] / 1000:.0f} KB)",
                        f"{q['requests']} ({q['from_cache']})",
                        f"{q['results']} ({q['shown']})",
                        _f(q["seconds"], "s", 2),
                        _f(disk, "KiB", 0) + (" (`_pagefind/`)" if engine == "pagefind" else " (`searchindex.js`)"),
                    )
                )
        add("")
        for key in sorted(search, key=int):
            info = search[key]
            index_s = info.get("pagefind_index_s")
            if index_s is None:
                continue
            add(
                f"- N = {int(key):,}: Pagefind indexes the built site in {index_s:.2f} s "
                f"(`run_pagefind` of `longform.site.search`, run again on the output, as the build runs it), "
                f"{index_s / info['full_build_s']:.1%} of the FULL clean build ({info['full_build_s']:.1f} s"
                + (", the run's own clean build" if info.get("full_build_reused") else "")
                + f"); the same site with Sphinx's search builds in {info['sphinx_build_s']:.1f} s."
            )
            for engine in ("pagefind", "sphinx"):
                largest = ", ".join(f"`{u}` {b:,}" for u, b in info[engine]["largest"][:5])
                add(f"  - {engine}, largest responses: {largest}")
        add("")


def _devserver(ctx: _Context) -> None:
    """The dev server's loop: a saved edit until the browser shows it (bench/scenarios/devserver.py)."""
    r, add = ctx.r, ctx.add
    served = r.get("devserver") or {}
    if not served:
        return
    add("## The dev server: save → served page\n")
    add(
        "`python -m longform serve` is started on the corpus as an adopter starts it (FULL's configuration with "
        "Sphinx's own search, which the server uses) and the essay of the body edit is opened in Chromium. Each "
        "edit writes the essay's source with one sentence added (replacing the previous edit's), and is timed from "
        "the write until the reloaded page shows the sentence and has finished loading; the server's whole rebuild "
        "(the edited page first, then the pages listing it, the feeds and the search index) is beside it. Each save "
        "waits until the server is idle again. After the edits the served folder is compared with a clean build of "
        "the same sources (the live-reload script tag aside). The load average (1 minute) is the machine's at each "
        "edit.\n"
    )
    add(_header("N", "edit", "saved → served", "whole rebuild (server)", "load average"))
    for key in sorted(served, key=int):
        info = served[key]
        for number, edit in enumerate(info.get("edits") or [], start=1):
            rebuild = edit.get("rebuild_s")
            add(
                _row(
                    f"{int(key):,}",
                    number,
                    _f(edit["seconds"], "s", 2),
                    _f(rebuild, "s", 2) if rebuild is not None else "—",
                    ", ".join(f"{x:.2f}" for x in edit["load"]),
                )
            )
    add("")
    for key in sorted(served, key=int):
        info = served[key]
        stale = info.get("stale")
        if info.get("median_s") is None:
            continue
        add(
            f"- N = {int(key):,} (`{info['docname']}`): median {info['median_s']:.2f} s; first build and start "
            f"{info.get('first_build_s', 0):.1f} s; against a clean build: "
            + ("not checked" if stale is None else _stale_text(stale))
            + f". Command: `python {info['command']}`."
        )
    add("")


def _lighthouse_scores(ctx: _Context) -> tuple[dict[str, Any], str]:
    """The Lighthouse scores: the results' own ``lighthouse`` entry, else bench/lighthouse.json; and what went
    wrong reading them ("" when nothing did)."""
    scores = ctx.r.get("lighthouse")
    if isinstance(scores, dict):
        return scores, ""
    if not LIGHTHOUSE.is_file():
        return {}, ""
    try:
        data = json.loads(LIGHTHOUSE.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return {}, f"`{LIGHTHOUSE.name}` could not be read ({error}); run `python bench/lighthouse.py` again."
    if not isinstance(data, dict):
        return {}, f"`{LIGHTHOUSE.name}` is not an object of pages; run `python bench/lighthouse.py` again."
    return data, ""


def _lighthouse(ctx: _Context) -> None:
    """Lighthouse's four categories (mobile) for the four kinds of page, from ``python bench/lighthouse.py``;
    a page or category it did not measure reads "not measured"."""
    add = ctx.add
    scores, problem = _lighthouse_scores(ctx)
    add("## Lighthouse (mobile)\n")
    add(
        "Lighthouse 12 with its default mobile settings (a throttled mid-range phone) in Chromium, on the built "
        "site served locally: `python bench/lighthouse.py [HTML_DIR]` (writes `bench/lighthouse.json`, which this "
        "section reads; it is not part of the timed run). The target is 95 or more in every category; the search "
        "page is `noindex` on purpose, which costs it SEO points. The numbers depend on the machine: they are "
        "recorded here, never asserted in CI.\n"
    )
    if problem:
        add(problem + "\n")
    about = scores.get("about")
    if isinstance(about, dict) and about:
        add(
            f"Measured {about.get('measured', '(date not recorded)')} with Lighthouse {about.get('lighthouse', '?')}"
            f" in {about.get('browser', 'Chromium')}; the site served with {about.get('served', 'no compression')}.\n"
        )
    add(_header("page", *LIGHTHOUSE_CATEGORIES))
    for kind in LIGHTHOUSE_KINDS:
        row = scores.get(kind)
        row = row if isinstance(row, dict) else {}
        page = row.get("page")
        label = f"{kind} (`{page}`)" if isinstance(page, str) and page else kind
        cells = []
        for category in LIGHTHOUSE_CATEGORIES:
            value = row.get(category)
            ok = isinstance(value, int) and not isinstance(value, bool)
            cells.append(str(value) if ok else "not measured")
        add(_row(label, *cells))
    add("")


def _profile(ctx: _Context) -> None:
    """Where a FULL build's time goes (cProfile): Longform's share, and a `-j 2` build's main process."""
    r, add = ctx.r, ctx.add
    p = r.get("profile") or {}
    if "total_s" in p:
        add(f"## Profile of a FULL clean build (N = {p['essays']}, cProfile)\n")
        add(f"Command: `{p['command']}` ({p['wall_s']:.1f} s under the profiler).\n")
        add(
            f"- Total (cumulative at the top): {p['total_s']:.1f} s. Time under Longform's functions, entered "
            f"from Sphinx: {p['longform_s']:.1f} s = **{p['longform_share']:.1%}** (without MyST's own parsing under "
            f"Longform's parser wrapper, {p.get('parser_s', 0):.1f} s); of that, the scoped navigation "
            f"(also in BASE): {p['navigation_s']:.1f} s; Longform without the navigation: "
            f"**{p['longform_without_nav_share']:.1%}**. furo's own handlers: {p['furo_s']:.1f} s."
        )
        add("- Longform functions by cumulative time:\n")
        add("```")
        for line in p["top"]:
            add(line)
        add("```")
        add("")
    par = p.get("parallel")
    if par:
        add(f"## What serialises `-j 2` (FULL, N = {par['essays']}, cProfile of the main process)\n")
        add(
            f"Command: `{par['command']}` ({par['wall_s']:.1f} s under the profiler). The workers are not "
            "profiled; what the main process does itself, rather than wait for them, cannot run in parallel.\n"
        )
        add(_header("phase", "seconds"))
        for phase, seconds in par["phases"].items():
            depth = (len(phase) - len(phase.lstrip())) // 2
            add(_row("… " * depth + phase.strip(), f"{seconds:.1f}"))
        add("")


def _notes(ctx: _Context) -> None:
    """What a reader of these numbers should know (:data:`NOTES`)."""
    add = ctx.add
    add("## Notes on the method\n")
    for note in NOTES:
        add(f"- {note}")
    add("")


def _how(ctx: _Context) -> None:
    """How to run the bench again."""
    add = ctx.add
    add("## How to reproduce\n")
    add("```console")
    add("$ nox -s bench              # full run: N = 300 and 1,000, growth 500 and 2,000 (about an hour)")
    add("$ nox -s bench -- --quick   # N = 300, one build each (about ten minutes on an idle machine)")
    add("$ python bench/run.py --help   # the same without nox, in an environment with the bench group")
    add("```\n")
    add(
        "Each build is `SOURCE_DATE_EPOCH=1767225600 PYTHONHASHSEED=0 python -m sphinx -b html -c "
        "build/bench/conf/<CONFIG> -d <doctrees> build/bench/corpus-<N>/docs <out>` (`-j 2` for the parallel "
        "builds; `docs-stags` for STAGS), run as a subprocess; wall time around it, peak memory from `os.wait4` "
        "(`ru_maxrss`), documents re-read = doctree files rewritten, pages rewritten = output files whose mtime "
        "changed. The logs of every build are in `build/bench/logs/`; all numbers in `build/bench/results.json`."
    )
    add("")


def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _header(*cells: str) -> str:
    return _row(*cells) + "\n" + _row(*("---" for _ in cells))


def _pages(build: dict[str, Any]) -> list[str]:
    return [p for p in build["written_html"] if p not in ALWAYS_WRITTEN]


def _pr_clean(v: View, n: int) -> float | None:
    """The clean build a pull request is compared with: its own main build (clean FULL, just before it: paired,
    so a busy machine slows both), else FULL's clean median."""
    return v.median(n, "FULL", "pr-main") or v.median(n, "FULL", "clean")


def _pr_clean_cpu(v: View, n: int) -> float | None:
    return v.cpu(n, "FULL", "pr-main") or v.cpu(n, "FULL", "clean")


def _ratio3(a: float | None, b: float | None) -> str:
    """A ratio with three digits: the verdict compares the exact value with its limit."""
    return "—" if a is None or b is None or b == 0 else f"{a / b:.3f}×"


def _stale_text(stale: dict[str, Any]) -> str:
    bad = stale["differ"] + stale["only_incremental"] + stale["only_clean"]
    text = (
        f"{stale['compared']} files compared, {len(stale['differ'])} differ, {len(stale['only_incremental'])} only "
        f"in the incremental output, {len(stale['only_clean'])} only in the clean one"
    )
    return text + (": " + ", ".join(f"`{p}`" for p in bad[:10]) if bad else "")


def _span(values: list[int]) -> str:
    if not values:
        return "—"
    return str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"


def lighthouse_section() -> str:
    """The report's "Lighthouse (mobile)" section alone, from ``bench/lighthouse.json``."""
    out: list[str] = []
    _lighthouse(_Context({}, View({"builds": []}), {}, {}, [], 0, out.append))
    return "\n".join(out) + "\n"


def splice_lighthouse(markdown: str, section: str) -> str:
    """``markdown`` (a BENCHMARKS.md) with its Lighthouse section replaced by ``section`` (or, when it has none,
    put where :func:`render` puts it: before the profile, else before the notes, else at the end); nothing else
    changes."""
    heading = "## Lighthouse (mobile)\n"
    if heading in markdown:
        before, rest = markdown.split(heading, 1)
        after = rest.split("\n## ", 1)
        return before + section + ("## " + after[1] if len(after) > 1 else "")
    for following in ("## Profile of", "## What serialises", "## Notes on the method", "## How to reproduce"):
        where = markdown.find("\n" + following)
        if where >= 0:
            return markdown[: where + 1] + section + markdown[where + 1 :]
    return markdown.rstrip("\n") + "\n\n" + section


def main(argv: list[str] | None = None) -> None:
    """``python bench/report.py RESULTS.json [OUT.md]``: render saved results again.
    ``python bench/report.py --lighthouse [BENCHMARKS.md]``: only put the Lighthouse section from
    ``bench/lighthouse.json`` into the report (after ``python bench/lighthouse.py``), the rest as it is."""
    import json
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--lighthouse":
        target = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
        target.write_text(splice_lighthouse(target.read_text(encoding="utf-8"), lighthouse_section()), encoding="utf-8")
        return
    results = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    text = render(results)
    if len(args) > 1:
        Path(args[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
