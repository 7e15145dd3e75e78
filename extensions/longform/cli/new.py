"""``python -m longform new "Title" [tag ...]``: write a draft essay into the site's essay folder.

The file is ``<essay folder>/<slug>.md``, the slug made from the title by python-slugify (transliterated, lowercase,
hyphens; apostrophes dropped: "Your essay's title" -> ``your-essays-title.md``).  The essay folder is the first of
``longform_essay_dirs`` in the site's ``conf.py`` (read, never run: see :func:`longform.cli.init.literal_strings`),
``essays`` when it is not set; ``--folder`` names another.  An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import sys
from pathlib import Path

from slugify import slugify

from . import init

#: A title with nothing to make a file name of ("!!!") gets this one.
FALLBACK = "essay"


def slug_for(title: str) -> str:
    """The file name (without ``.md``) for a title: transliterated, lowercase, hyphens, apostrophes dropped."""
    return slugify(title, max_length=80, word_boundary=True, replacements=[["'", ""], ["\u2019", ""]]) or FALLBACK


def essay_folder(site: Path) -> Path | None:
    """The folder new essays go to: the first of ``longform_essay_dirs`` of the site's conf.py (``essays`` when
    unset or not a plain list), inside its source folder; None without a conf.py."""
    conf = init.find_conf(site)
    if conf is None:
        return None
    try:
        folders = init.literal_strings(ast.parse(conf.read_text(encoding="utf-8")), "longform_essay_dirs")
    except SyntaxError:
        folders = None
    return init.source_dir(conf) / (folders or [init.ESSAYS])[0]


def draft(title: str, tags: list[str], today: dt.date) -> str:
    tag_list = ", ".join(tags)
    return (
        "---\n"
        f"date: {today.isoformat()}\n"
        "description: One or two sentences that tell a reader why to read this.\n"
        f"tags: [{tag_list}]\n"
        "draft: true\n"
        "---\n\n"
        f"# {title}\n\nYour opening paragraph.\n"
    )


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("title", help="the essay's title (its H1; the file name is made from it)")
    parser.add_argument("tags", nargs="*", help="the essay's tags")
    parser.add_argument("--site", default=".", help="the site's folder (default: the current folder)")
    parser.add_argument("--folder", help="write into this folder instead of the site's first essay folder")


def write(title: str, tags: list[str], folder: Path, today: dt.date | None = None) -> int:
    path = folder / f"{slug_for(title)}.md"
    if path.exists():
        print(f"{path} already exists: choose another title (nothing written)", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(draft(title, tags, today or dt.date.today()), encoding="utf-8")
    print(f"created {path} (a draft: remove 'draft: true' to publish; list it in a topic page's toctree)")
    return 0


def run(args: argparse.Namespace) -> int:
    if not args.title.strip():
        print("give the essay a title", file=sys.stderr)
        return 2
    folder = Path(args.folder) if args.folder else essay_folder(Path(args.site))
    if folder is None:
        print(
            f"no conf.py in {args.site} or its docs/, doc/ or source/ folder: run 'python -m longform init' first, "
            "or name the folder with --folder",
            file=sys.stderr,
        )
        return 2
    return write(args.title.strip(), list(args.tags), folder)
