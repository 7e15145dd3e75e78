"""The foundation: the front-matter pipeline, validation warnings, catalogue, reading time."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

from longform.core import catalogue, frontmatter, readingtime

# -- the pipeline: find, parse, type -----------------------------------------------------


def _typed(source: str, **kwargs):
    parsed = frontmatter.read(source)
    assert parsed is not None and not parsed.problems, parsed
    return frontmatter.typed(parsed.data, **kwargs)


def test_typed_front_matter_from_the_yaml_block():
    fm = _typed(
        "---\ndate: 2026-05-12\nupdated: '2026-06-01'\ndescription: '  Two   spaces. '\n"
        "tags: [go, Concurrency, go]\nseries: go-concurrency\npart: 2\ndraft: yes\nreading_time: '7'\n---\n# T\n"
    )
    assert fm.problems == ()
    assert fm.date.isoformat() == "2026-05-12"
    assert fm.updated.isoformat() == "2026-06-01"
    assert fm.description == "Two spaces."
    assert fm.tags == ("go", "Concurrency")  # duplicates (any case) dropped, order kept
    assert (fm.series, fm.part, fm.draft, fm.reading_time) == ("go-concurrency", 2, True, 7)


def test_fields_of_a_rest_page_or_notebook_are_typed_by_the_same_table():
    fields = {"date": "2026-05-12", "tags": '["go", "ops"]', "authors": "ada-park, bo-lin", "draft": "True"}
    fm = frontmatter.typed(frontmatter.from_fields(fields), text_lists=True)
    assert (fm.date.isoformat(), fm.tags, fm.authors, fm.draft) == (
        "2026-05-12",
        ("go", "ops"),
        ("ada-park", "bo-lin"),
        True,
    )
    assert {p.subtype for p in fm.problems} == {"missing-description"}


def test_typing_keeps_what_it_can_from_bad_values():
    fm = _typed("---\ndate: '2026-13-40'\ndescription: d\ntags: a, b\n---\n")
    assert fm.date is None
    assert fm.tags == ("a", "b")  # a bare string is not a list, but nothing is lost
    assert {p.subtype for p in fm.problems} == {"bad-date", "bad-type"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-05-12", "2026-05-12"), ("2026-05-12 10:30:00", "2026-05-12"), ("2026-5-12", None), ("May 12", None)],
)
def test_parse_date(value, expected):
    parsed = frontmatter.parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_the_parse_maps_front_matter_keys_to_lines():
    source = "---\ndate: 2026-01-01\ntags:\n  - a\ndescription: x\n---\n# T\n"
    parsed = frontmatter.read(source)
    assert dict(parsed.lines) == {"date": 2, "tags": 3, "description": 5, "__end__": 6}
    assert parsed.spans == (("date", 2, 2), ("tags", 3, 4), ("description", 5, 5))


def test_word_count_counts_words_and_cjk_characters():
    assert readingtime.count_words("It's a well-known 3.5-step plan") == 6
    assert readingtime.count_words("日本語") == 3


# -- a real build ---------------------------------------------------------------------


def _expected_minutes(app, words: int, code_blocks: int = 0, figures: int = 0) -> int:
    config = app.config
    total = (
        words / config.longform_words_per_minute
        + code_blocks * config.longform_code_block_seconds / 60
        + figures * config.longform_figure_seconds / 60
    )
    return max(1, math.ceil(total))


def test_reading_time_follows_the_documented_formula(built_root):
    app = built_root("basic")
    assert app.warnings == ""
    essays = catalogue.essays(app.env)
    plain, code, override = essays["essays/plain"], essays["essays/code"], essays["essays/override"]

    assert plain.words == 3 * 238  # 707 body words + a 7-word title
    assert plain.minutes == _expected_minutes(app, plain.words) == 3

    assert code.words == 238  # the 80 lines of code are not prose
    assert (code.code_blocks, code.figures) == (1, 1)
    assert code.minutes == _expected_minutes(app, 238, code_blocks=1, figures=1)

    assert override.minutes == 42  # `reading_time:` wins


def test_essay_page_shows_date_updated_and_reading_time(built_root):
    app = built_root("basic")
    html = (Path(app.outdir) / "essays" / "code.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    h1 = soup.find("h1")
    meta = h1.find_next("p", class_="longform-meta")
    assert meta is not None, "the header must come right under the title"
    text = " ".join(meta.get_text(" ").split())
    minutes = catalogue.essays(app.env)["essays/code"].minutes
    assert text.startswith("1 June 2026 · Updated 1 July 2026 ·")
    reading = meta.find("span", class_="longform-reading-time")
    assert reading.get_text() == f"{minutes} min read"
    assert reading["class"] == ["longform-reading-time"]  # plain text, not a badge that outweighs the date


# -- validation -------------------------------------------------------------------------

EXPECTED = {
    "missing-date": (1, "missing-date", "no 'date' in the front matter — add 'date: YYYY-MM-DD'"),
    "missing-description": (
        1,
        "missing-description",
        "no 'description' in the front matter — add one or two sentences for listings and feeds",
    ),
    "bad-date": (
        2,
        "bad-date",
        "'date' is '12/05/2026', which is not an ISO 8601 date — write it as YYYY-MM-DD, e.g. 'date: 2026-05-12'",
    ),
    "tags-not-list": (4, "bad-type", "'tags' must be a list — write 'tags: [architecture]'"),
    "part-without-series": (
        5,
        "part-without-series",
        "'part' is set but 'series' is not — add 'series: <slug>' or remove 'part'",
    ),
    "wrong-type": (5, "bad-type", "'draft' is 'maybe' — it must be true or false"),
    "unknown-key": (5, "unknown-key", "unknown front-matter key 'tilte' — did you mean 'title'?"),
}


def test_each_bad_input_gives_exactly_one_located_warning(copy_root, build):
    src = copy_root("bad")
    app = build(src)
    lines = [line for line in app.warnings.splitlines() if "WARNING" in line]
    assert "Traceback" not in app.warnings
    for name, (line, subtype, message) in EXPECTED.items():
        path = src / "essays" / f"{name}.md"
        mine = [w for w in lines if w.startswith(f"{path}:")]
        assert mine == [f"{path}:{line}: WARNING: {message} [longform.{subtype}]"], name
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    # Nothing is lost: every essay, valid or not, is built and catalogued — except one whose 'draft:' is neither
    # true nor false, which fails closed: withheld as a draft (never published by mistake), still checked.
    for name in [*EXPECTED, "good"]:
        published = name != "wrong-type"
        assert (Path(app.outdir) / "essays" / f"{name}.html").exists() is published, name
        assert (f"essays/{name}" in catalogue.essays(app.env)) is published, name


def test_warnings_can_be_filtered_by_subtype(copy_root, build):
    app = build(
        copy_root("bad"), suppress_warnings=["longform.unknown-key", "longform.bad-type", "longform.no-baseurl"]
    )
    assert "tilte" not in app.warnings
    assert "'date' is '12/05/2026'" in app.warnings


# -- parallel and incremental -----------------------------------------------------------


def test_parallel_read_gives_the_same_catalogue(built_root, build, tmp_path):
    serial = built_root("basic")
    other = tmp_path / "parallel"
    shutil.copytree(Path(serial.srcdir), other, ignore=shutil.ignore_patterns("_build"))
    parallel = build(other, parallel=2)
    assert catalogue.essays(parallel.env) == catalogue.essays(serial.env)


def test_body_only_edit_rereads_only_that_essay(copy_root, build):
    src = copy_root("basic")
    build(src)
    path = src / "essays" / "plain.md"
    path.write_text(path.read_text().replace("word1 ", "changed ", 1))
    app = build(src)
    status = kit.status_of(app)
    reread = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)
    assert reread == ["essays/plain"]
