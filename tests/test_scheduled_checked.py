"""Scheduled essays and drafts are read and checked by every build, and still never published.

A scheduled essay used to be left out of a pull request's build entirely, so a broken tag or a
refused directive in it passed CI and failed the daily build on its publication date.  Each test
builds a small site as CI would (``longform_now`` fixes "now") and reads what the build said and
wrote: the scheduled essay's warnings are the ones its day's build gives; nothing in the output
names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from proofkit import build, compare, tree

CONF = """\
extensions = ["myst_parser", "longform", "sphinx_sitemap", "notfound.extension"]
html_theme = "furo"
project = "Scheduled"
author = "Test Author"
html_baseurl = "https://example.org/site/"
sitemap_url_scheme = "{link}"
"""
BEFORE, DAY = "2030-05-31", "2030-06-01"
TITLE = "Zephyr Quokka Almanac"  # the scheduled essay's title: a string no other page has
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>\n'


def essay(title: str, *, date: str = "2026-03-01", tags: str = "go", extra: str = "", body: str = "") -> str:
    return (
        f"---\ndate: {date}\ndescription: About {title.lower()}.\ntags: [{tags}]\n{extra}---\n\n"
        f"# {title}\n\nThe body of {title}.\n\n{body}"
    )


def site(root: Path, scheduled: str | None) -> Path:
    """A site whose topic page lists every essay with a glob; ``scheduled`` is essays/almanac.md (or none)."""
    files = {
        "conf.py": CONF,
        "tags.yaml": "go:\n  title: Go\n  description: The Go language.\n",
        "authors.yaml": "ines-varga:\n  name: Ines Varga\n  bio: Writes.\n",
        "index.md": "# Home\n\n```{toctree}\ntopics/all\n```\n\n```{essay-list}\n```\n",
        "topics/all.md": "# Everything\n\n```{toctree}\n:glob:\n/essays/*\n```\n",
        "essays/published.md": essay("Published essay", extra="authors: [Ines Varga]\n"),
        "essays/other.md": essay("Other essay", extra="authors: [Ines Varga]\n"),
    }
    if scheduled is not None:
        files["essays/almanac.md"] = scheduled
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "essays" / "fig.svg").write_text(SVG, encoding="utf-8")
    (root / "essays" / "almanac-data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "essays" / "almanac-only.svg").write_text(SVG, encoding="utf-8")
    return root


def lines_of(warnings: str, file: str) -> list[str]:
    """The warnings naming ``file``, without the folder the site was built in."""
    return sorted(re.sub(r"^.*?/(essays/)", r"\1", line) for line in warnings.splitlines() if f"/{file}:" in line)


BROKEN = essay(
    TITLE,
    date=DAY,
    tags="go, gardening",  # 'gardening' is not in tags.yaml
    extra="authors: [Ines Vargaa]\n",  # a typo of a known author
    body=(
        "![](fig.svg)\n\n"  # no alt text
        "See [the missing page](missing.md).\n\n"  # a broken link: resolved only when the page is
        "```{raw} html\n<script>alert('PWN-scheduled')</script>\n```\n"  # outside the allow-list
    ),
)


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_a_scheduled_essay_warns_today_exactly_as_on_its_day(tmp_path, parallel):
    src = site(tmp_path / "site", BROKEN)
    before = build(src, builddir=tmp_path / "before", freshenv=True, parallel=parallel, longform_now=BEFORE)
    on_the_day = build(src, builddir=tmp_path / "day", freshenv=True, parallel=parallel, longform_now=DAY)
    today = lines_of(before.warnings, "essays/almanac.md")
    assert today == lines_of(on_the_day.warnings, "essays/almanac.md")
    subtypes = sorted(re.findall(r"\[(longform\.[a-z-]+|myst\.[a-z_]+)\]$", "\n".join(today), re.MULTILINE))
    assert subtypes == [
        "longform.missing-alt",
        "longform.unknown-author",
        "longform.unknown-tag",
        "longform.unsafe-directive",
        "myst.xref_missing",
    ], today
    assert all(re.match(r"essays/almanac\.md:\d+: WARNING: ", line) for line in today), today
    assert "Traceback" not in before.warnings
    # Checked, not published: nothing of it in the output before its day; published on the day.
    assert not (before.outdir / "essays" / "almanac.html").exists()
    assert (on_the_day.outdir / "essays" / "almanac.html").is_file()
    for rel, data in tree(before.outdir).items():
        text = data.decode("utf-8", "replace")
        assert "almanac" not in rel and TITLE not in text and "almanac" not in text, rel
        assert "PWN-scheduled" not in text, rel


def test_an_incremental_build_checks_an_edited_scheduled_essay_again(tmp_path):
    src = site(tmp_path / "site", essay(TITLE, date=DAY))
    first = build(src, freshenv=True, longform_now=BEFORE)
    assert first.warnings == ""
    (src / "essays" / "almanac.md").write_text(BROKEN, encoding="utf-8")
    again = build(src, longform_now=BEFORE)
    assert len(lines_of(again.warnings, "essays/almanac.md")) == 5, again.warnings
    assert "[longform.unknown-tag]" in again.warnings
    assert not (again.outdir / "essays" / "almanac.html").exists()


def test_a_draft_is_checked_too_and_never_published(tmp_path):
    draft = BROKEN.replace(f"date: {DAY}", "date: 2026-01-01\ndraft: true")
    src = site(tmp_path / "site", draft)
    built = build(src, freshenv=True, longform_now=BEFORE)
    mine = lines_of(built.warnings, "essays/almanac.md")
    assert any(line.endswith("[longform.unknown-tag]") for line in mine), mine
    assert any(line.endswith("[longform.unsafe-directive]") for line in mine), mine
    assert not (built.outdir / "essays" / "almanac.html").exists()
    assert not any(TITLE in data.decode("utf-8", "replace") for data in tree(built.outdir).values())


def test_a_clean_scheduled_essay_leaves_the_output_byte_for_byte_as_without_it(tmp_path):
    """Its figure, its download, its label and its index entry: none reaches the output before its day."""
    body = (
        "(almanac-label)=\n## A section\n\n"
        "![A figure](almanac-only.svg)\n\n"
        "Get {download}`the data <almanac-data.csv>`.\n\n"
        "See [the published one](published.md).\n"
    )
    src = site(tmp_path / "with", essay(TITLE, date=DAY, body=body, extra="authors: [Ines Varga]\n"))
    without = site(tmp_path / "without", None)
    built = build(src, freshenv=True, longform_now=BEFORE)
    plain = build(without, freshenv=True, longform_now=BEFORE)
    assert built.warnings == "" and plain.warnings == ""
    problems = compare(tree(built.outdir), tree(plain.outdir), labels=("with the scheduled essay", "without"))
    assert not problems, problems
    day = build(src, builddir=tmp_path / "day", freshenv=True, longform_now=DAY)
    assert day.warnings == ""
    assert (day.outdir / "_downloads").is_dir() and (day.outdir / "_images" / "almanac-only.svg").is_file()


def test_a_link_to_a_scheduled_essay_is_its_text_until_its_day(tmp_path):
    src = site(tmp_path / "site", essay(TITLE, date=DAY))
    (src / "essays" / "other.md").write_text(
        essay("Other essay", body="Coming: [the almanac](almanac.md) and {doc}`almanac`.\n"), encoding="utf-8"
    )
    built = build(src, freshenv=True, longform_now=BEFORE)
    assert built.warnings == ""
    page = (built.outdir / "essays" / "other.html").read_text(encoding="utf-8")
    assert "the almanac" in page and "almanac.html" not in page
    # {doc} without text of its own shows the target as written: the title is not published before its day
    assert "almanac" in page and TITLE not in page
    day = build(src, freshenv=True, builddir=tmp_path / "day", longform_now=DAY)
    assert 'href="almanac.html"' in (day.outdir / "essays" / "other.html").read_text(encoding="utf-8")


def test_a_scheduled_essay_in_no_toctree_hears_it_now_and_in_one_it_does_not(tmp_path):
    """Listed in a toctree (which drops it until its day): no warning. Listed nowhere: the hint, as on its day."""
    src = site(tmp_path / "site", essay(TITLE, date=DAY))
    (src / "topics" / "all.md").write_text(
        "# Everything\n\n```{toctree}\n/essays/published\n/essays/other\n```\n", encoding="utf-8"
    )
    before = build(src, builddir=tmp_path / "before", freshenv=True, longform_now=BEFORE)
    on_the_day = build(src, builddir=tmp_path / "day", freshenv=True, longform_now=DAY)
    today = lines_of(before.warnings, "essays/almanac.md")
    assert today == lines_of(on_the_day.warnings, "essays/almanac.md")
    assert len(today) == 1 and today[0].endswith("[longform.not-in-topic]"), today
    (src / "topics" / "all.md").write_text(
        "# Everything\n\n```{toctree}\n/essays/published\n/essays/other\n/essays/almanac\n```\n", encoding="utf-8"
    )
    listed = build(src, builddir=tmp_path / "before", longform_now=BEFORE)  # incremental: the toctree changed
    assert listed.warnings == "", listed.warnings
    assert "almanac" not in (listed.outdir / "topics" / "all.html").read_text(encoding="utf-8")
    (src / "topics" / "all.md").write_text(
        "# Everything\n\n```{toctree}\n/essays/published\n/essays/other\n```\n", encoding="utf-8"
    )
    unlisted = build(src, builddir=tmp_path / "before", longform_now=BEFORE)
    assert lines_of(unlisted.warnings, "essays/almanac.md") == today


def test_one_application_building_twice_publishes_what_is_no_longer_scheduled(tmp_path):
    """sphinx-autobuild-like: the same application builds again after the essay's date moved to the past."""
    from sphinx.testing.util import SphinxTestApp

    src = site(tmp_path / "site", essay(TITLE, date=DAY))
    app = SphinxTestApp("html", srcdir=src, freshenv=True, confoverrides={"longform_now": BEFORE})
    try:
        app.build()
        assert not (app.outdir / "essays" / "almanac.html").exists()
        (src / "essays" / "almanac.md").write_text(essay(TITLE, date="2026-01-01"), encoding="utf-8")
        app.build()
        assert TITLE in (app.outdir / "essays" / "almanac.html").read_text(encoding="utf-8")
        assert "almanac.html" in (app.outdir / "topics" / "all.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
