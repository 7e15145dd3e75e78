"""One front-matter pipeline: each block is found once, parsed once per build and typed by one table.

The parse is counted by wrapping :func:`longform.core.frontmatter.parse` (the one function that reads a block's
YAML); the blocks expected are cut out of the source files here, not taken from the code under test.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from proofkit import build

from longform.core import frontmatter, publishing

CONF = """\
extensions = ["myst_parser", "longform"]
html_theme = "basic"
suppress_warnings = ["longform.no-baseurl"]
longform_now = "2026-06-01"
"""

TAGS = """\
architecture:
  title: Architecture
  description: Decisions that are expensive to change.
testing:
  title: Testing
  description: Tests that catch regressions.
"""

INDEX = """\
# Home

```{toctree}
essays/first
essays/second
essays/third
essays/draft
essays/later
notes/aside
```
"""


def _essay(title: str, date: str, *, tags: str = "[architecture]", extra: str = "") -> str:
    return (
        f"---\ndate: {date}\ndescription: The essay called {title}.\ntags: {tags}\n{extra}---\n\n"
        f"# {title}\n\nSome prose about {title.lower()}, long enough to be read.\n"
    )


FILES = {
    "conf.py": CONF,
    "tags.yaml": TAGS,
    "index.md": INDEX,
    "essays/first.md": _essay("First", "2026-01-10"),
    "essays/second.md": _essay("Second", "2026-02-10", tags="[testing]"),
    "essays/third.md": _essay("Third", "2026-03-10", tags="[architecture, testing]"),
    "essays/draft.md": _essay("Draft", "2026-04-10", extra="draft: true\n"),
    "essays/later.md": _essay("Later", "2027-01-01"),
    "notes/aside.md": "---\ndate: 2026-05-01\n---\n\n# An aside\n\nA short note.\n",
}


def _write(site: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = site / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _blocks(site: Path) -> Counter[str]:
    """The YAML text of every page's front-matter block, cut out of the files with a regular expression."""
    found: Counter[str] = Counter()
    for path in sorted(site.rglob("*.md")):
        match = re.match(r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), flags=re.S)
        if match:
            found[match[1]] += 1
    return found


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every call of the one parse function, by the block text it read."""
    counted: Counter[str] = Counter()
    real = frontmatter.parse

    def counting(block: frontmatter.Block) -> frontmatter.Parsed:
        counted[block.text] += 1
        return real(block)

    monkeypatch.setattr(frontmatter, "parse", counting)
    return counted


@pytest.mark.parametrize("previews", [False, True], ids=["published", "previews"])
def test_each_block_is_parsed_exactly_once_per_build(tmp_path: Path, parses: Counter[str], previews: bool) -> None:
    """Published builds decide drafts before reading (the publishing scan), previews do not: either way the
    YAML of each page is parsed once, and the page's read reuses the scan's parse."""
    site = tmp_path / "site"
    _write(site, FILES)
    built = build(site, freshenv=True, longform_show_drafts=previews)
    assert built.warnings == ""
    assert parses == _blocks(site)
    assert set(parses.values()) == {1}
    hidden = {"essays/draft", "essays/later"}
    assert set(built.essays) == {"essays/first", "essays/second", "essays/third", "notes/aside"} | (
        hidden if previews else set()
    )


def test_an_incremental_build_parses_each_block_at_most_once(tmp_path: Path, parses: Counter[str]) -> None:
    site = tmp_path / "site"
    _write(site, FILES)
    build(site, freshenv=True)
    parses.clear()
    edited = _essay("Second", "2026-02-10", tags="[testing]").replace("The essay called", "A new line for")
    _write(site, {"essays/second.md": edited})
    built = build(site)
    assert built.warnings == ""
    assert built.essays["essays/second"].description == "A new line for Second."
    assert set(parses.values()) == {1}  # the edited page: once, though the scan and the read both need it
    assert "description: A new line for Second." in "\n".join(parses)
    assert set(parses) <= set(_blocks(site))


def test_each_problem_is_warned_once_at_its_line(tmp_path: Path) -> None:
    """An unknown key, a bad value and a mistyped page field of a reST essay: one located warning each."""
    site = tmp_path / "site"
    files = dict(FILES)
    files["essays/first.md"] = _essay("First", "2026-01-10", extra="tilte: Oops\nreading_time: soon\n")
    files["essays/third.rst"] = (
        ":date: 2026-03-10\n:description: A reST essay.\n:tags: architecture, testing\n:moood: calm\n\n"
        "Third\n=====\n\nSome prose.\n"
    )
    del files["essays/third.md"]
    _write(site, files)
    built = build(site, freshenv=True)
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    first = site / "essays/first.md"
    third = site / "essays/third.rst"
    assert lines == [
        f"{first}:5: WARNING: unknown front-matter key 'tilte' — did you mean 'title'? [longform.unknown-key]",
        f"{first}:6: WARNING: 'reading_time' is 'soon' — it must be a whole number of minutes, e.g. "
        "'reading_time: 12' [longform.bad-type]",
        f"{third}:1: WARNING: unknown front-matter key 'moood' — the keys this site reads are: author, authors, "
        "builds_on, curator, date, description, draft, hide-toc, image, link, nosearch, orphan, part, reading_time, "
        "responds_to, series, supersedes, tags, title, tocdepth, updated [longform.unknown-key]",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# No front matter\n", None),
        ("---\ndate: 2026-01-01\n---\n# T\n", ("date: 2026-01-01", 2, True)),
        ("---\r\ndate: 2026-01-01\r\n...\r\n# T\r\n", ("date: 2026-01-01", 2, True)),
        ("---\ndate: 2026-01-01\n# never closed\n", ("", 3, False)),
        ("---\n---\nbody\n", ("", 1, True)),
    ],
    ids=["none", "closed", "crlf-and-dots", "unclosed", "empty"],
)
def test_the_one_block_finder(source: str, expected: tuple[str, int, bool] | None) -> None:
    block = frontmatter.find_block(source)
    assert (None if block is None else (block.text, block.end, block.closed)) == expected


@pytest.mark.parametrize(
    "head",
    [
        "---\ndraft: true\ndate: 2026-01-01\n# the closing line is missing\n\n# Title\n",
        "---\ndraft: true\ntags: [unclosed\n---\n# Title\n",
        "---\ndraft: [true]\n---\n# Title\n",
    ],
    ids=["unclosed", "not-yaml", "not-a-flag"],
)
def test_a_block_that_cannot_be_read_never_publishes_a_draft(tmp_path: Path, head: str) -> None:
    path = tmp_path / "draft.md"
    path.write_text(head, encoding="utf-8")
    found = publishing.peek(path)
    assert found is not None and found.draft


def test_a_value_that_says_no_publishes(tmp_path: Path) -> None:
    path = tmp_path / "essay.md"
    for value in ("false", "no", "'off'", ""):
        path.write_text(f"---\ndraft: {value}\ndate: 2026-01-01\n---\n# Title\n", encoding="utf-8")
        found = publishing.peek(path)
        assert found is not None and not found.draft, value
        assert found.front_matter.date is not None and found.front_matter.date.isoformat() == "2026-01-01"


def test_a_broken_block_on_any_page_is_one_warning(tmp_path: Path) -> None:
    """Not only essays: a topic page whose front matter is not YAML says so once, at the line, instead of
    losing its keys in silence (MyST's own "Malformed YAML" is quieted for Longform's wording)."""
    site = tmp_path / "site"
    files = dict(FILES)
    files["index.md"] = INDEX.replace("notes/aside\n", "notes/aside\ntopics/broken\n")
    files["topics/broken.md"] = "---\norphan: true\ntocdepth: [1\n---\n\n# Broken\n\nText.\n"
    _write(site, files)
    built = build(site, freshenv=True)
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    assert lines == [
        f"{site / 'topics/broken.md'}:3: WARNING: the front matter is not valid YAML (expected ',' or ']', but got "
        "'<stream end>') — fix this line; until then the page has no date, description or tags "
        "[longform.front-matter-syntax]"
    ]
