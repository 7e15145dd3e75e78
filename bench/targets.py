"""The bench's targets: the table in ``targets.toml``, the measurement each one reads, and its verdict.

Each target of the table names a function of :data:`MEASURES` (same name) that reads the run's results and returns
a :class:`Measured` — the value compared with the threshold, the corpus size it was measured at and the numbers
behind it — or None when the run did not measure it.  :func:`evaluate` judges every target of the table, in its
order: a missing measurement is "not measured" (never met), one taken at another size than the target's ``at`` is
"indicative".  Adding a target is a table entry and one function here; a test holds the two to each other.
"""

from __future__ import annotations

import operator
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builds import ALWAYS_WRITTEN
from edits import SPHINX_PARENT

if TYPE_CHECKING:
    from report import View

TABLE = Path(__file__).with_name("targets.toml")

COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}
SYMBOL = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}
MET, NOT_MET, NOT_MEASURED, INDICATIVE = "**met**", "**not met**", "not measured", "indicative"


@dataclass(frozen=True)
class Target:
    name: str
    measures: str
    compare: str
    threshold: float
    unit: str
    at: int | None = None

    def holds(self, value: float) -> bool:
        return COMPARE[self.compare](value, self.threshold)

    def shown(self, value: float) -> str:
        if self.unit == "x":
            return f"{value:.2f}×"
        if self.unit == "share":
            return f"{value:.1%}"
        if self.unit == "s":
            return f"{value:.2f} s"
        if float(value).is_integer():
            unit = self.unit.removesuffix("s") if value == 1 and self.unit not in ("KB", "MiB") else self.unit
            return f"{int(value):,} {unit}"
        return f"{value:,.1f} {self.unit}"

    def wording(self) -> str:
        limit = self.shown(self.threshold)
        where = f" at N = {self.at:,}" if self.at else ""
        return f"`{self.name}`: {self.measures} {SYMBOL[self.compare]} {limit}{where}"


@dataclass(frozen=True)
class Measured:
    value: float
    n: int | None  # the corpus size it was measured at (None: not tied to one)
    detail: str


def load(path: Path = TABLE) -> list[Target]:
    """The table, in its order; an unknown comparison or a duplicate name is an error here, not a silent pass."""
    rows = tomllib.loads(path.read_text(encoding="utf-8"))["target"]
    targets = [Target(**row) for row in rows]
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: a target name is used twice")
    for target in targets:
        if target.compare not in COMPARE:
            raise ValueError(f"{path}: target {target.name}: compare must be one of {', '.join(COMPARE)}")
    return targets


def verdict(target: Target, measured: Measured | None) -> str:
    if measured is None:
        return NOT_MEASURED
    holds = target.holds(measured.value)
    if target.at is not None and measured.n != target.at:
        where = f"N = {measured.n:,}" if measured.n else "another size"
        return f"{INDICATIVE} (measured at {where}, not {target.at:,}: {'holds' if holds else 'does not hold'} there)"
    return MET if holds else NOT_MET


def evaluate(results: dict[str, Any], view: View) -> list[tuple[Target, Measured | None, str]]:
    """Every target of the table with its measurement (None: not measured) and verdict, in the table's order."""
    out = []
    for target in load():
        measure = MEASURES.get(target.name)
        if measure is None:
            raise KeyError(f"targets.toml names {target.name!r}, which bench/targets.py does not measure")
        measured = measure(results, view)
        out.append((target, measured, verdict(target, measured)))
    return out


# -- what each target reads from the results -----------------------------------------------------------------------


def _largest(sizes: list[int], prefer: int | None = None) -> int | None:
    if not sizes:
        return None
    return prefer if prefer in sizes else max(sizes)


def _stale_count(stale: dict[str, Any] | None) -> int | None:
    if not stale:
        return None
    return len(stale["differ"] + stale["only_incremental"] + stale["only_clean"])


def _pages(build: dict[str, Any]) -> list[str]:
    return [p for p in build["written_html"] if p not in ALWAYS_WRITTEN]


def clean_build_overhead(r: dict[str, Any], v: View) -> Measured | None:
    sizes = [n for n in v.sizes("clean") if v.median(n, "FULL", "clean") and v.median(n, "BASE", "clean")]
    n = _largest(sizes, 1000)
    if n is None:
        return None
    full, base = v.median(n, "FULL", "clean"), v.median(n, "BASE", "clean")
    assert full is not None and base is not None
    cpu_full, cpu_base = v.cpu(n, "FULL", "clean"), v.cpu(n, "BASE", "clean")
    cpu = f"; CPU {cpu_full / cpu_base:.2f}×" if cpu_full and cpu_base else ""
    return Measured(full / base, n, f"wall {full:.1f} s / {base:.1f} s{cpu}")


def _body_sizes(r: dict[str, Any]) -> list[int]:
    return sorted({b["essays"] for b in r["builds"] if b["kind"] == "body" and b["variant"] == "FULL"})


def body_edit_rereads(r: dict[str, Any], v: View) -> Measured | None:
    n = _largest(_body_sizes(r), 1000)
    if n is None:
        return None
    reread = sorted({b["reread"] for b in v.samples(n, "FULL", "body")})
    if not reread:
        return None
    return Measured(max(reread), n, f"re-read per rebuild: {', '.join(map(str, reread))}")


def body_edit_needless_rewrites(r: dict[str, Any], v: View) -> Measured | None:
    n = _largest(_body_sizes(r), 1000)
    if n is None:
        return None
    full, base = v.samples(n, "FULL", "body"), v.samples(n, "BASE", "body")
    if not full or not base:
        return None
    unneeded = sorted({p for b in full for p in _pages(b) if p in b.get("identical", [])})
    base_unneeded = {p for b in base for p in _pages(b) if p in b.get("identical", [])}
    own = [p for p in unneeded if p not in base_unneeded]
    changed = sorted({p for b in full for p in _pages(b) if p not in b.get("identical", [])})
    detail = (
        f"pages with changed content: {', '.join(f'`{p}`' for p in changed) or 'none'}; identical rewrites: "
        f"{len(unneeded)} ({len(unneeded) - len(own)} in BASE too)"
        + (f"; Longform's own: {', '.join(f'`{p}`' for p in own)}" if own else "")
    )
    return Measured(len(own), n, detail)


def body_edit_overhead(r: dict[str, Any], v: View) -> Measured | None:
    n = _largest(_body_sizes(r), 1000)
    if n is None:
        return None
    full, base = v.median(n, "FULL", "body"), v.median(n, "BASE", "body")
    if not full or not base:
        return None
    return Measured(full / base, n, f"wall {full:.2f} s / {base:.2f} s")


def _tag_info(r: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, Any]] | None:
    sizes = sorted(int(key.split(":")[0]) for key in r["edits"] if key.endswith(":tag") and r["edits"][key].get("FULL"))
    n = _largest(sizes, 1000)
    if n is None:
        return None
    edit = r["edits"][f"{n}:tag"]
    return n, edit["FULL"], edit.get("BASE") or {}


def tag_change_needless_rewrites(r: dict[str, Any], v: View) -> Measured | None:
    found = _tag_info(r)
    if found is None:
        return None
    n, info, base_info = found
    pages = [p for p in info["html"] if p not in ALWAYS_WRITTEN]
    same = [p for p in pages if p in info.get("identical", [])]
    base_same = set(base_info.get("identical", []))
    # Sphinx rewrites the toctree parent of every page it writes (BASE shows it for the essay's own topic): the
    # bench labels those rewrites (edits.SPHINX_PARENT), and they are not Longform's.
    parent = [p for p in same if p not in base_same and SPHINX_PARENT in info.get("why", {}).get(p, "")]
    own = [p for p in same if p not in base_same and p not in parent]
    detail = (
        f"{len(pages)} HTML pages + {len(info['other'])} other files rewritten; identical: {len(same)} "
        f"({len(same) - len(own) - len(parent)} in BASE too, {len(parent)} by Sphinx's toctree-parent rule)"
        + (f"; Longform's own: {', '.join(f'`{p}`' for p in own)}" if own else "")
    )
    return Measured(len(own), n, detail)


def tag_change_never_stale(r: dict[str, Any], v: View) -> Measured | None:
    sizes = sorted(int(key.split(":")[0]) for key in r["stale"] if key.endswith(":tag"))
    n = _largest(sizes, 1000)
    if n is None:
        return None
    stale = r["stale"][f"{n}:tag"]
    count = _stale_count(stale)
    return None if count is None else Measured(count, n, f"{stale['compared']} files compared")


def growth_per_fourfold(r: dict[str, Any], v: View) -> Measured | None:
    g = r["plan"].get("growth") or []
    if len(g) < 2:
        return None
    lo, hi = min(g), max(g)
    a, b = v.median(lo, "FULL", "clean"), v.median(hi, "FULL", "clean")
    if not a or not b:
        return None
    base_a, base_b = v.median(lo, "BASE", "clean"), v.median(hi, "BASE", "clean")
    reference = f"; BASE: {base_b / base_a:.2f}" if base_a and base_b else ""
    return Measured((b / a) * 4 / (hi / lo), None, f"t({hi:,})/t({lo:,}) = {b:.1f} s / {a:.1f} s{reference}")


def faster_than_furo(r: dict[str, Any], v: View) -> Measured | None:
    sizes = sorted({b["essays"] for b in r["builds"] if b["variant"] == "FURO"})
    n = _largest(sizes, 1000)
    if n is None:
        return None
    full, furo = v.median(n, "FULL", "clean"), v.median(n, "FURO", "clean")
    timed = v.timed_out(n, "FURO", "clean")
    if full and furo:
        return Measured(furo / full, n, f"FURO {furo:.1f} s, FULL {full:.1f} s")
    if full and timed:
        return Measured(timed["wall"] / full, n, f"FURO stopped unfinished after {timed['wall']:.0f} s (at least)")
    return None


def parallel_speedup(r: dict[str, Any], v: View) -> Measured | None:
    sizes = [n for n in v.sizes("clean-j2") if v.median(n, "FULL", "clean-j2") and v.median(n, "FULL", "clean")]
    n = _largest(sizes, 1000)
    if n is None:
        return None
    serial, j2 = v.median(n, "FULL", "clean"), v.median(n, "FULL", "clean-j2")
    assert serial is not None and j2 is not None
    return Measured(serial / j2, n, f"{serial:.1f} s / {j2:.1f} s")


def peak_memory(r: dict[str, Any], v: View) -> Measured | None:
    sizes = [
        b["essays"] for b in r["builds"] if b["variant"] == "FULL" and b["kind"] == "clean" and b["returncode"] == 0
    ]
    n = max(sizes, default=None)
    rss = v.rss(n, "FULL", "clean") if n else None
    return None if rss is None else Measured(rss, n, f"{rss:.0f} MiB")


def largest_page(r: dict[str, Any], v: View) -> Measured | None:
    sized = [
        (int(key.split(":")[0]), stats["largest_page"])
        for key, stats in (r.get("outputs") or {}).items()
        if key.endswith(":FULL") and stats.get("largest_page")
    ]
    if not sized:
        return None
    n, (path, size) = max(sized)
    return Measured(size / 1000, n, f"`{path}`")


def no_worse_than_before(r: dict[str, Any], v: View) -> Measured | None:
    sizes = sorted({b["essays"] for b in r["builds"] if b["kind"] == "cmp" and b["variant"] == "BEFORE"})
    for n in reversed(sizes):
        base, before, after = (v.median(n, name, "cmp") for name in ("BASE", "BEFORE", "AFTER"))
        if base and before and after:
            revision = (r["meta"].get("against") or {}).get("revision", "?")
            detail = f"against {revision}: before {before / base:.2f}, after {after / base:.2f} (FULL/BASE)"
            return Measured((after / base) / (before / base), n, detail)
    return None


def _pr(r: dict[str, Any]) -> int | None:
    return _largest(sorted(int(k) for k in r.get("pr") or {}), 1000)


def pull_request_cost(r: dict[str, Any], v: View) -> Measured | None:
    n = _pr(r)
    if n is None:
        return None
    pr = v.median(n, "FULL", "pr")
    clean = v.median(n, "FULL", "pr-main") or v.median(n, "FULL", "clean")
    if not pr or not clean:
        return None
    env_only = v.median(n, "FULL", "pr-env")
    more = f"; environment only, into an empty output folder: {env_only / clean:.2f}×" if env_only else ""
    return Measured(pr / clean, n, f"wall {pr:.2f} s / {clean:.1f} s{more}")


def pull_request_never_stale(r: dict[str, Any], v: View) -> Measured | None:
    n = _pr(r)
    if n is None:
        return None
    stale = (r["pr"][str(n)].get("stale") or {}).get("pr")
    count = _stale_count(stale)
    return None if count is None or stale is None else Measured(count, n, f"{stale['compared']} files compared")


def search_bytes_per_query(r: dict[str, Any], v: View) -> Measured | None:
    search = r.get("search") or {}
    n = _largest(sorted(int(k) for k in search), 1000)
    if n is None:
        return None
    info = search[str(n)]
    detail = f"{info['pagefind']['requests']} requests (Sphinx's search: {info['sphinx']['bytes'] / 1000:.0f} KB)"
    return Measured(info["pagefind"]["bytes"] / 1000, n, detail)


def search_indexing_share(r: dict[str, Any], v: View) -> Measured | None:
    search = r.get("search") or {}
    timed = [int(k) for k, info in search.items() if info.get("pagefind_index_s") is not None]
    if not timed:
        return None
    n = max(timed)
    info = search[str(n)]
    detail = f"{info['pagefind_index_s']:.2f} s / {info['full_build_s']:.1f} s"
    return Measured(info["pagefind_index_s"] / info["full_build_s"], n, detail)


def _heaviest(r: dict[str, Any]) -> dict[str, Any] | None:
    w = r.get("weight") or {}
    return (w.get("heaviest") or w) if w else None


def reader_assets(r: dict[str, Any], v: View) -> Measured | None:
    w = _heaviest(r)
    if w is None:
        return None
    detail = (
        f"`{w['page']}`: {w.get('css_file_bytes', 0):,} bytes of it the site's one stylesheet, cached after one page"
    )
    return Measured(w["total_bytes"] / 1000, None, detail)


def reader_blocking_requests(r: dict[str, Any], v: View) -> Measured | None:
    w = _heaviest(r)
    if w is None:
        return None
    return Measured(len(w["extra_blocking"]), None, ", ".join(w["extra_blocking"]) or "none")


def _devserver(r: dict[str, Any]) -> int | None:
    timed = [int(k) for k, info in (r.get("devserver") or {}).items() if info.get("median_s") is not None]
    return _largest(sorted(timed), 1000)


def devserver_save_to_served(r: dict[str, Any], v: View) -> Measured | None:
    n = _devserver(r)
    if n is None:
        return None
    info = r["devserver"][str(n)]
    times = [e["seconds"] for e in info["edits"]]
    loads = [e["load"][0] for e in info["edits"]]
    detail = (
        f"{len(times)} edits: {', '.join(f'{s:.2f}' for s in times)} s; load average "
        f"{min(loads):.1f}–{max(loads):.1f} on {r['meta'].get('nproc', '?')} CPUs"
    )
    return Measured(info["median_s"], n, detail)


def devserver_never_stale(r: dict[str, Any], v: View) -> Measured | None:
    n = _devserver(r)
    if n is None:
        return None
    stale = r["devserver"][str(n)].get("stale")
    count = _stale_count(stale)
    return None if count is None or stale is None else Measured(count, n, f"{stale['compared']} files compared")


def reader_features_cost(r: dict[str, Any], v: View) -> Measured | None:
    """(FULL − READER-OFF) / BASE from the interleaved rounds of ``scenarios/reader.py``, at the largest size.

    Judged on CPU time (user + system of the build and its children, medians): the difference sought is a few
    per cent of a build, and on a shared machine the wall times of the same build vary by more than that (the
    wall-time figure is in the detail, beside it)."""
    sizes = sorted({b["essays"] for b in r["builds"] if b["kind"] == "reader" and b["variant"] == "READER-OFF"})
    for n in reversed(sizes):
        base, off, full = (v.cpu(n, name, "reader") for name in ("BASE", "READER-OFF", "FULL"))
        wall_base, wall_off, wall_full = (v.median(n, name, "reader") for name in ("BASE", "READER-OFF", "FULL"))
        if base and off and full and wall_base and wall_off and wall_full:
            rounds = len(v.samples(n, "FULL", "reader"))
            detail = (
                f"medians of {rounds} rounds, CPU: FULL {full:.1f} s, features off {off:.1f} s, BASE {base:.1f} s; "
                f"wall: {wall_full:.1f} s, {wall_off:.1f} s, {wall_base:.1f} s "
                f"(wall (FULL − off)/BASE {(wall_full - wall_off) / wall_base:+.1%})"
            )
            return Measured((full - off) / base, n, detail)
    return None


#: target name (targets.toml) -> the function that reads its measurement from the results.
MEASURES: dict[str, Callable[[dict[str, Any], View], Measured | None]] = {
    "clean-build-overhead": clean_build_overhead,
    "body-edit-rereads": body_edit_rereads,
    "body-edit-needless-rewrites": body_edit_needless_rewrites,
    "body-edit-overhead": body_edit_overhead,
    "tag-change-needless-rewrites": tag_change_needless_rewrites,
    "tag-change-never-stale": tag_change_never_stale,
    "growth-per-fourfold": growth_per_fourfold,
    "faster-than-furo": faster_than_furo,
    "parallel-speedup": parallel_speedup,
    "peak-memory": peak_memory,
    "largest-page": largest_page,
    "no-worse-than-before": no_worse_than_before,
    "pull-request-cost": pull_request_cost,
    "pull-request-never-stale": pull_request_never_stale,
    "search-bytes-per-query": search_bytes_per_query,
    "search-indexing-share": search_indexing_share,
    "reader-assets": reader_assets,
    "reader-blocking-requests": reader_blocking_requests,
    "devserver-save-to-served": devserver_save_to_served,
    "devserver-never-stale": devserver_never_stale,
    "reader-features-cost": reader_features_cost,
}
