"""``nox -s new``: the file name it writes is the one the README promises, for any title."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import scaffold


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Your essay's title", "your-essays-title"),  # the README's example
        ("Café culture: naïve façades", "cafe-culture-naive-facades"),
        (
            "Go channels are synchronization primitives, not queues",
            "go-channels-are-synchronization-primitives-not-queues",
        ),
        ("日本語", "ri-ben-yu"),
        ("!!!", "essay"),
    ],
)
def test_the_scaffold_transliterates_titles_into_file_names(title, slug):
    assert scaffold.slug_for(title) == slug


def test_the_scaffold_writes_a_draft_that_builds_and_never_overwrites(tmp_path, capsys):
    (tmp_path / "docs" / "essays").mkdir(parents=True)
    assert scaffold.main("Your essay's title", "testing", root=tmp_path) == 0
    written = tmp_path / "docs" / "essays" / "your-essays-title.md"
    text = written.read_text(encoding="utf-8")
    assert "draft: true" in text and "tags: [testing]" in text and "# Your essay's title" in text
    assert scaffold.main("Your essay's title", root=tmp_path) == 1
    assert "already exists" in capsys.readouterr().err
