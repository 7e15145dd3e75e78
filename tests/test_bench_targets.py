"""The bench's targets (bench/targets.toml, judged by bench/targets.py in BENCHMARKS.md) and its body edit.

Every target of the table is judged by the report; a target whose measurement is missing reads "not measured",
never met; one measured at another size than its own is indicative only; the verdicts follow the table's
comparisons on hand-made results (the numbers below are written here, not taken from the code under test).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402 (bench/ is not a package)
import edits  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402

TABLE = tomllib.loads((ROOT / "bench" / "targets.toml").read_text(encoding="utf-8"))["target"]
NAMES = [row["name"] for row in TABLE]


def _results(builds: list[dict[str, Any]] | None = None, **sections: Any) -> dict[str, Any]:
    """Results as bench/run.py saves them, holding only what a test gives."""
    meta = {
        "date": "2026-12-07 00:00 UTC",
        "nproc": 2,
        "cpu": "test",
        "memory_gib": 4.0,
        "os": "Linux",
        "python": "3.11",
        "versions": {},
        "commit": "abc1234",
        "argv": [],
        "load_start": [0.0, 0.0, 0.0],
    }
    plan = {"mode": "quick", "sizes": [1000], "growth": [], "repeat": 1, "pairs": 1, "furo_repeat": 1}
    empty = ("corpora", "edits", "stale", "weight", "outputs", "profile", "pr", "search")
    return {
        "plan": plan,
        "meta": meta,
        "builds": builds or [],
        **{name: {} for name in empty},
        "sections_done": [],
        "finished": True,
        **sections,
    }


def _build(variant: str, n: int, kind: str, wall: float, **more: Any) -> dict[str, Any]:
    return {
        "variant": variant,
        "essays": n,
        "kind": kind,
        "wall": wall,
        "cpu": wall,
        "maxrss_mib": 300.0,
        "reread": 1,
        "written_html": [],
        "written_other": [],
        "removed": [],
        "warnings": 0,
        "returncode": 0,
        "timed_out": False,
        "identical": [],
        **more,
    }


def _rows(text: str) -> dict[str, str]:
    """target name -> its row of the report's Targets table."""
    section = text.split("## Targets\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([a-z-]+)`", line)
        if match:
            rows[match[1]] = line
    return rows


def test_the_table_names_what_it_checks_and_every_target_has_a_measure():
    assert NAMES, "the table is empty"
    assert len(set(NAMES)) == len(NAMES)
    assert set(NAMES) == set(targets.MEASURES), "a target without its measure, or a measure without its target"
    for row in TABLE:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", row["name"]), row["name"]  # a name, never an issue number
        assert row["compare"] in {"<=", "<", ">=", ">", "=="} and row["measures"] and row["unit"]


def test_every_target_is_in_the_report_and_nothing_measured_is_never_met():
    rows = _rows(report.render(_results()))
    assert list(rows) == NAMES  # every target, in the table's order
    for row in rows.values():
        assert row.endswith("| not measured |"), row


def test_measured_targets_are_judged_by_the_tables_comparison():
    builds = [
        _build("FULL", 1000, "clean", 105.0),
        _build("BASE", 1000, "clean", 100.0),  # 1.05 <= 1.10: met
        _build("FULL", 1000, "clean-j2", 80.0),  # 105 / 80 = 1.31 < 1.5: not met
        _build("FULL", 1000, "body", 3.0, written_html=["essays/a.html"]),
        _build("BASE", 1000, "body", 2.0, written_html=["essays/a.html"]),  # 1.5 > 1.2: not met
    ]
    rows = _rows(report.render(_results(builds)))
    assert "1.05× at N = 1,000" in rows["clean-build-overhead"] and rows["clean-build-overhead"].endswith("| **met** |")
    assert "1.31× at N = 1,000" in rows["parallel-speedup"] and rows["parallel-speedup"].endswith("| **not met** |")
    assert rows["body-edit-overhead"].endswith("| **not met** |")
    assert rows["body-edit-rereads"].endswith("| **met** |")
    assert rows["body-edit-needless-rewrites"].endswith("| **met** |")
    assert rows["peak-memory"].startswith("| `peak-memory`") and "indicative" in rows["peak-memory"]
    assert rows["search-bytes-per-query"].endswith("| not measured |")


def test_a_target_measured_at_another_size_is_indicative_not_met():
    builds = [_build("FULL", 50, "clean", 2.0), _build("BASE", 50, "clean", 2.0)]
    row = _rows(report.render(_results(builds)))["clean-build-overhead"]
    assert "1.00× at N = 50" in row
    assert row.endswith("| indicative (measured at N = 50, not 1,000: holds there) |")


@pytest.mark.parametrize(
    ("compare", "threshold", "value", "holds"),
    [("<=", 1.1, 1.1, True), ("<=", 1.1, 1.11, False), ("<", 1024, 1024, False), (">=", 1.5, 1.5, True),
     (">", 1.0, 1.0, False), ("==", 0, 0, True), ("==", 0, 1, False)],
)  # fmt: skip
def test_comparisons(compare, threshold, value, holds):
    target = targets.Target("t", "what", compare, threshold, "x")
    assert target.holds(value) is holds
    assert targets.verdict(target, targets.Measured(value, None, "")) == ("**met**" if holds else "**not met**")
    assert targets.verdict(target, None) == "not measured"


def test_a_table_with_an_unknown_comparison_is_refused(tmp_path):
    bad = tmp_path / "targets.toml"
    bad.write_text('[[target]]\nname = "x"\nmeasures = "y"\ncompare = "~"\nthreshold = 1\nunit = "x"\n')
    with pytest.raises(ValueError, match="compare must be one of"):
        targets.load(bad)


def test_the_body_edit_adds_a_sentence_and_leaves_the_rest(tmp_path):
    made = corpus.generate(tmp_path / "c", essays=40, seed=3)
    plan = edits.pick_essay(made)
    text = (Path(made.srcdir) / f"{plan.docname}.md").read_text(encoding="utf-8")
    edited = edits.body_edit(text)
    before, after = text.split("\n"), edited.split("\n")
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert new == f"{old} A later revision adds this sentence, which changes the word count."
    assert len(new.split()) == len(old.split()) + 11
    end = before.index("---", 1)
    assert before[: end + 1] == after[: end + 1]  # the front matter is untouched


def _lighthouse_rows(text: str) -> dict[str, list[str]]:
    """page kind -> the cells of its row in the report's Lighthouse table."""
    section = text.split("## Lighthouse (mobile)\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in ("page", "---"):
            rows[cells[0].split(" (`")[0]] = cells[1:]
    return rows


def test_the_lighthouse_section_says_not_measured_without_scores(monkeypatch, tmp_path):
    monkeypatch.setattr(report, "LIGHTHOUSE", tmp_path / "absent.json")
    text = report.render(_results())
    assert "| page | performance | accessibility | best-practices | seo |" in text
    rows = _lighthouse_rows(text)
    assert list(rows) == ["front page", "essay", "tag page", "search"]
    assert all(cells == ["not measured"] * 4 for cells in rows.values())


def test_the_lighthouse_section_shows_the_recorded_scores(monkeypatch, tmp_path):
    recorded = tmp_path / "lighthouse.json"
    recorded.write_text(
        '{"front page": {"page": "index.html", "performance": 97, "accessibility": 100, "best-practices": 100,'
        ' "seo": 100}, "essay": {"page": "essays/a.html", "performance": 96, "accessibility": 100,'
        ' "best-practices": 100, "seo": 100}, "search": {"page": "search.html?q=word", "performance": 99,'
        ' "accessibility": 98, "best-practices": 100, "seo": 66}}',
        encoding="utf-8",
    )
    monkeypatch.setattr(report, "LIGHTHOUSE", recorded)
    text = report.render(_results())
    rows = _lighthouse_rows(text)
    assert rows["front page"] == ["97", "100", "100", "100"]
    assert rows["essay"] == ["96", "100", "100", "100"]
    assert rows["search"] == ["99", "98", "100", "66"]
    assert rows["tag page"] == ["not measured"] * 4  # a page the run did not reach
    assert "| essay (`essays/a.html`) |" in text


def test_scores_in_the_results_win_and_an_unreadable_file_is_said(monkeypatch, tmp_path):
    broken = tmp_path / "lighthouse.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(report, "LIGHTHOUSE", broken)
    text = report.render(_results())
    assert "`lighthouse.json` could not be read" in text
    assert all(cells == ["not measured"] * 4 for cells in _lighthouse_rows(text).values())
    scores = {"tag page": {"page": "tags/go.html", "performance": 95, "accessibility": 100, "seo": 100}}
    rows = _lighthouse_rows(report.render(_results(lighthouse=scores)))
    assert rows["tag page"] == ["95", "100", "not measured", "100"]


def test_the_lighthouse_section_alone_goes_into_a_report_and_nothing_else_changes(monkeypatch, tmp_path):
    recorded = tmp_path / "lighthouse.json"
    recorded.write_text(
        '{"essay": {"page": "essays/a.html", "performance": 96, "accessibility": 100, "best-practices": 100,'
        ' "seo": 100}, "about": {"measured": "2026-12-08 01:30 UTC", "lighthouse": "12.8.2",'
        ' "browser": "HeadlessChrome/140", "served": "gzip"}}',
        encoding="utf-8",
    )
    monkeypatch.setattr(report, "LIGHTHOUSE", recorded)
    section = report.lighthouse_section()
    assert section.startswith("## Lighthouse (mobile)\n")
    assert "Measured 2026-12-08 01:30 UTC with Lighthouse 12.8.2 in HeadlessChrome/140" in section
    before = "# Benchmarks\n\n## Search: one query\n\ntext\n\n## Profile of a FULL clean build\n\nmore\n"
    spliced = report.splice_lighthouse(before, section)
    assert spliced.replace(section, "") == before  # inserted before the profile, the rest untouched
    assert "\n\n\n" not in spliced
    assert spliced.index("## Lighthouse") < spliced.index("## Profile")
    assert _lighthouse_rows(spliced)["essay"] == ["96", "100", "100", "100"]
    again = report.splice_lighthouse(spliced, section.replace("| 96 |", "| 97 |"))
    assert _lighthouse_rows(again)["essay"] == ["97", "100", "100", "100"]  # replaced, not added twice
    assert again.count("## Lighthouse (mobile)") == 1 and again.replace("| 97 |", "| 96 |") == spliced
    target = tmp_path / "BENCHMARKS.md"
    target.write_text(before, encoding="utf-8")
    report.main(["--lighthouse", str(target)])
    assert target.read_text(encoding="utf-8") == spliced


def _served(median: float, *, differ: list[str] | None = None) -> dict[str, Any]:
    times = (median - 0.2, median, median + 0.3)
    edits = [{"seconds": s, "rebuild_s": s - 0.1, "load": [1.5, 1.2, 1.0]} for s in times]
    stale = {"differ": differ or [], "only_incremental": [], "only_clean": [], "compared": 1200}
    return {"docname": "essays/a", "edits": edits, "median_s": median, "stale": stale, "command": "-m longform serve"}


def test_the_dev_server_targets_read_the_median_and_the_comparison():
    rows = _rows(report.render(_results(devserver={"1000": _served(0.8)})))
    assert "0.80 s" in rows["devserver-save-to-served"] and rows["devserver-save-to-served"].endswith("| **met** |")
    assert rows["devserver-never-stale"].endswith("| **met** |")
    slow = report.render(_results(devserver={"1000": _served(1.4, differ=["index.html"])}))
    assert _rows(slow)["devserver-save-to-served"].endswith("| **not met** |")
    assert _rows(slow)["devserver-never-stale"].endswith("| **not met** |")
    assert "## The dev server: save → served page" in slow and "| 1,000 | 2 | 1.40 s |" in slow
    elsewhere = _rows(report.render(_results(devserver={"300": _served(0.5)})))["devserver-save-to-served"]
    assert "indicative" in elsewhere and "met**" not in elsewhere


def test_the_peer_table_gives_each_systems_median_and_its_ratio_to_base():
    """Hand-made builds of the peers section: medians, ratios to BASE, the served loop and peak memory, each in its
    column; builds of other sections (another ``step``) are not the table's."""
    builds = []
    for system, walls, rss in (
        ("FULL", [44.0, 40.0, 48.0], 400.0),
        ("BASE", [40.0, 38.0, 42.0], 310.0),
        ("ABLOG", [50.0, 52.0, 51.0], 650.0),
        ("HUGO", [3.0, 2.0, 4.0], 500.0),
        ("MKDOCS", [55.0, 56.0, 60.0], 290.0),
    ):
        builds += [_build(system, 1000, "clean", wall, maxrss_mib=rss, step="peers") for wall in walls]
        builds.append(_build(system, 1000, "noop", walls[0] / 10, step="peers"))
    builds.append(_build("FULL", 1000, "clean", 999.0))  # the main section's: not in the peer table
    peers = {
        "1000": {
            "systems": ["FULL", "BASE", "ABLOG", "HUGO", "MKDOCS"],
            "repeat": 3,
            "pairs": 1,
            "rounds": [[1.0, 1.0, 1.0]],
            "load_end": [2.0, 2.0, 2.0],
            "essay": "essays/x",
            "served": {"HUGO": {"served_s": [0.5, 0.4, 0.6]}, "MKDOCS": {"served_s": [2.0, 1.0, 3.0, 4.0]}},
        }
    }
    text = report.render(_results(builds, peers=peers))
    section = text.split("## Peers: Hugo and MkDocs Material, N = 1000\n", 1)[1].split("\n## ", 1)[0]
    rows = {line.split(" | ")[0].strip("| "): line for line in section.splitlines() if line.startswith("| ")}
    assert rows["clean build"] == (
        "| clean build | 44.00 s (1.10×) | 40.00 s (1.00×) | 51.00 s (1.27×) | 56.00 s (1.40×) | 3.00 s (0.07×) |"
    )
    assert rows["no change, rebuild"].startswith("| no change, rebuild | 4.40 s (1.10×) | 4.00 s (1.00×) |")
    assert rows["save → page served with the change"] == (
        "| save → page served with the change | — | — | — | 2.50 s (median of 4) | 0.50 s (median of 3) |"
    )
    assert rows["peak memory, clean build"] == (
        "| peak memory, clean build | 400 MiB | 310 MiB | 650 MiB | 290 MiB | 500 MiB |"
    )
    assert "one sentence added to one essay, rebuild | — |" in section  # not measured: said, not invented


def test_the_peer_table_takes_longforms_own_loop_from_the_devserver_section():
    builds = [_build(system, 300, "clean", 10.0, step="peers") for system in ("FULL", "BASE")]
    peers = {"300": {"systems": ["FULL", "BASE"], "served": {"HUGO": {"served_s": [0.4]}}}}
    text = report.render(_results(builds, peers=peers, devserver={"300": _served(0.87)}))
    row = next(line for line in text.splitlines() if line.startswith("| save → page served"))
    assert row == "| save → page served with the change | 0.87 s (dev-server section, in Chromium) | — |"


def test_the_reader_features_cost_is_full_less_features_off_over_base_in_cpu_medians():
    # Interleaved rounds (scenarios/reader.py); CPU medians: BASE 20, off 30, FULL 30.5 -> 0.5 / 20 = 2.5%: met.
    # The wall times (one loaded-machine outlier in FULL) are shown, not judged.
    builds = [
        _build(variant, 300, "reader", wall, cpu=cpu)
        for variant, wall, cpu in (
            ("BASE", 40.0, 20.0), ("READER-OFF", 60.0, 30.0), ("FULL", 150.0, 30.5),
            ("BASE", 41.0, 20.5), ("READER-OFF", 62.0, 31.0), ("FULL", 61.0, 30.5),
            ("BASE", 39.0, 19.5), ("READER-OFF", 61.0, 29.0), ("FULL", 63.0, 31.0),
        )
    ]  # fmt: skip
    rows = _rows(report.render(_results(builds)))
    row = rows["reader-features-cost"]
    assert "2.5% at N = 300" in row and row.endswith("| **met** |"), row
    assert "CPU: FULL 30.5 s, features off 30.0 s, BASE 20.0 s" in row and "wall: 63.0 s, 61.0 s, 40.0 s" in row
    # CPU medians BASE 20, off 30, FULL 31 -> 5%: not met.
    slower = [dict(b, cpu=b["cpu"] + 0.5) if b["variant"] == "FULL" else b for b in builds]
    assert _rows(report.render(_results(slower)))["reader-features-cost"].endswith("| **not met** |")
