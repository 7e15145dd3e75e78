"""``nox -s new``: write docs/essays/<slug>.md as a draft, the slug made by python-slugify."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from slugify import slugify

ROOT = Path(__file__).resolve().parent.parent


def slug_for(title: str) -> str:
    """The file name for a title: transliterated, lowercase, hyphens; apostrophes dropped (essay's -> essays)."""
    return slugify(title, max_length=80, word_boundary=True, replacements=[["'", ""], ["\u2019", ""]]) or "essay"


def main(title: str, *tags: str, root: Path = ROOT) -> int:
    path = root / "docs" / "essays" / f"{slug_for(title)}.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists: choose another title", file=sys.stderr)
        return 1
    tag_list = ", ".join(tags) or "architecture"
    path.write_text(
        "---\n"
        f"date: {dt.date.today().isoformat()}\n"
        "description: One or two sentences that tell a reader why to read this.\n"
        f"tags: [{tag_list}]\n"
        "draft: true\n"
        "---\n\n"
        f"# {title}\n\nYour opening paragraph.\n",
        encoding="utf-8",
    )
    print(f"wrote {path.relative_to(root)} (a draft); add it to a topic's toctree under docs/topics/")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]) if len(sys.argv) > 1 else 2)
