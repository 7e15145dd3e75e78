"""The tests' own reading of a root's sources: what each page *should* be, from its front matter and heading.

Expected values come from here (or from literals), never from the catalogue the extension builds: a test
that compares the extension's output with the extension's own record cannot fail when both are wrong.
Plain YAML and a regular expression, nothing of Longform's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

#: The default folders of each kind of page (Longform's documented defaults; a root's conf.py may differ).
FOLDERS: dict[str, tuple[str, ...]] = {"essay": ("essays",), "archived": ("earlier",), "note": ("notes",)}
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Source:
    """One dated page as its source file writes it."""

    docname: str
    kind: str
    title: str
    date: dt.date
    description: str
    tags: tuple[str, ...]
    draft: bool
    updated: dt.date | None
    series: str | None
    #: ``authors: [a, b]`` or ``author: a``, as written.
    authors: tuple[str, ...]
    #: ``reading_time:`` when the front matter sets it (minutes), else None.
    reading_time: int | None
    #: The words of the body below the heading (a rough count: whitespace-separated runs).
    words: int


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read(srcdir: Path | str, docname: str, kind: str = "essay") -> Source:
    """The page ``docname`` of ``srcdir`` as its front matter and first heading write it."""
    text = (Path(srcdir) / f"{docname}.md").read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{docname}: no front matter"
    front, body = text[4:].split("\n---", 1)
    meta = yaml.safe_load(front) or {}
    heading = _HEADING.search(body)
    assert heading is not None, f"{docname}: no '# ' heading"
    return Source(
        docname=docname,
        kind=kind,
        title=heading.group(1).strip(),
        date=_date(meta["date"]),
        description=str(meta.get("description", "")),
        tags=tuple(meta.get("tags") or ()),
        draft=bool(meta.get("draft", False)),
        updated=_date(meta["updated"]) if "updated" in meta else None,
        series=meta.get("series"),
        authors=tuple(meta["authors"]) if "authors" in meta else (meta["author"],) if "author" in meta else (),
        reading_time=int(meta["reading_time"]) if "reading_time" in meta else None,
        words=len(body[heading.end() :].split()),
    )


def pages(srcdir: Path | str, folders: dict[str, tuple[str, ...]] = FOLDERS) -> dict[str, Source]:
    """Every dated page of the catalogue's folders (an ``index.md`` is a folder's page, not an entry)."""
    root = Path(srcdir)
    found: dict[str, Source] = {}
    for kind, names in folders.items():
        for name in names:
            for path in sorted((root / name).rglob("*.md")):
                if path.name == "index.md" or "_build" in path.parts:
                    continue
                docname = path.relative_to(root).with_suffix("").as_posix()
                found[docname] = read(root, docname, kind)
    return found


def listed(srcdir: Path | str, *kinds: str, drafts: bool = False) -> list[Source]:
    """The pages of the given kinds (``essay`` if none) a listing shows (drafts only in previews), in no order."""
    wanted = kinds or ("essay",)
    return [page for page in pages(srcdir).values() if page.kind in wanted and (drafts or not page.draft)]


def newest_first(entries: list[Source]) -> list[Source]:
    """The documented order of every listing and feed: date descending, then title (case-insensitive)."""
    return sorted(entries, key=lambda e: (-e.date.toordinal(), e.title.lower()))
