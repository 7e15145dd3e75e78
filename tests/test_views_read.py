"""The views' fingerprints leave out what no view reads (longform.core.views.UNSHOWN, UNSHOWN_METADATA), so that a
sentence added to an essay recomputes nothing elsewhere.  That is only true while no view reads those fields: this
test reads every module of the extension and fails when one outside the counting modules starts to."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from longform.core import catalogue, views

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "longform"
#: The modules that count words, code blocks and figures and turn them into minutes (the record's makers).
#: features/sections.py counts each section's own words as its page is written (no view: the page is being
#: rewritten anyway), reading the counts readingtime gives it.
COUNTERS = {"core/catalogue.py", "core/publishing.py", "core/readingtime.py", "features/sections.py"}
#: The module that drops MyST's own metadata keys from what a page's front matter declares.
METADATA_READERS = {"core/frontmatter.py"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_the_unshown_fields_are_fields_of_the_record():
    assert {item.name for item in fields(catalogue.Essay)} >= views.UNSHOWN


def test_no_view_reads_a_field_left_out_of_the_fingerprint():
    readers = [
        f"{name}:{node.lineno} reads .{node.attr}"
        for name, tree in _modules()
        if name not in COUNTERS
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in views.UNSHOWN
    ]
    assert readers == []


def test_no_view_reads_metadata_left_out_of_the_fingerprint():
    readers = [
        f"{name}:{node.lineno} names {node.value!r}"
        for name, tree in _modules()
        if name not in METADATA_READERS | {"core/views.py"}
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in views.UNSHOWN_METADATA
    ]
    assert readers == []


def test_the_guard_sees_a_reader():
    """The scan above finds an attribute read when there is one (it is not vacuous)."""
    tree = ast.parse("def minutes(essay):\n    return essay.words // 238\n")
    assert [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in views.UNSHOWN] == ["words"]
