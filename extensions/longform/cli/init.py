"""``python -m longform init [DIR]``: start a Longform site, or add Longform to a Sphinx site.

In a folder without a ``conf.py`` it writes a new site (the layout Read the Docs and ``sphinx-build docs
_build/html`` expect): ``docs/conf.py``, ``docs/index.md`` with the toctrees a new site needs, one topic page, a
tag vocabulary, one draft essay and a ``.gitignore``.  In a folder holding a Sphinx site (a ``conf.py`` in it or
in ``docs/``, ``doc/`` or ``source/``) it adds Longform: ``"myst_parser"`` and ``"longform"`` go into
``extensions`` (found with :mod:`ast`, edited in place, the rest of the file untouched), the settings Longform
needs are appended with a comment each, and the essay folder is made with one draft essay.

It never overwrites a file, prints every file it creates or changes (``--dry-run``: what it would), and run a
second time it changes nothing and says so.  When ``conf.py`` sets ``extensions`` in a way it cannot edit
safely (computed, or assigned more than once) it changes nothing and says what to add by hand.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib.util
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: Where a Sphinx site keeps its conf.py, relative to the folder given: the first found is the site.
CONF_PLACES = ("conf.py", "docs/conf.py", "doc/conf.py", "source/conf.py", "docs/source/conf.py")
#: What Longform needs in ``extensions`` (myst-nb reads Markdown too: then myst_parser is not added).
NEEDED = ("myst_parser", "longform")
MARKDOWN_READERS = ("myst_parser", "myst_nb")
#: The essay folder a new site gets, and the example essay in it.
ESSAYS = "essays"
EXAMPLE = "a-first-essay.md"
#: The published address until the maintainers give theirs (feeds and canonical links need an absolute one).
PLACEHOLDER_URL = "https://example.org/"
MARKER = "# -- Longform (added by `python -m longform init`)"


class CannotEditError(Exception):
    """conf.py cannot be edited safely: the message says what to do by hand."""


@dataclass
class Plan:
    """What one run creates and changes: (path, new text) each, with a reason to print."""

    root: Path
    created: list[tuple[Path, str]] = field(default_factory=list)
    changed: list[tuple[Path, str, str]] = field(default_factory=list)  # (path, new text, what changed)
    kept: list[Path] = field(default_factory=list)  # files that exist and were left as they are
    notes: list[str] = field(default_factory=list)  # what to do by hand

    def create(self, path: Path, text: str) -> None:
        if path.exists():
            self.kept.append(path)
        else:
            self.created.append((path, text))


# -- finding a site and reading its conf.py ----------------------------------------------------------------------


def find_conf(folder: Path) -> Path | None:
    """The site's ``conf.py`` under ``folder`` (see :data:`CONF_PLACES`), or None."""
    for place in CONF_PLACES:
        if (folder / place).is_file():
            return folder / place
    return None


def source_dir(conf: Path) -> Path:
    """The source folder of the site whose conf.py is ``conf``: its own folder, or ``docs/`` beside it when the
    pages are there (a site built with ``sphinx-build -c . docs``, as this repository is)."""
    here = conf.parent
    pages = any(here.glob("index.*"))
    if not pages and (here / "docs").is_dir() and any((here / "docs").glob("index.*")):
        return here / "docs"
    return here


def assigned(tree: ast.Module, name: str) -> list[ast.stmt]:
    """Every statement anywhere in conf.py that binds ``name`` (``=``, ``+=``, annotated)."""
    found: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found.append(node)
    return found


def named_extensions(tree: ast.Module) -> set[str]:
    """Every string conf.py puts into ``extensions``, however it does it (a literal, ``BASE + [...]``,
    ``extensions.append("x")``): what is already there needs no edit, even where the list cannot be edited."""
    found: list[ast.AST] = list(assigned(tree, "extensions"))
    for node in ast.walk(tree):
        call = node.func if isinstance(node, ast.Call) else None
        if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) and call.value.id == "extensions":
            found.append(node)
    # the names the value is built from (``BASE`` in ``extensions = BASE + [...]``), one level deep
    names = {n.id for node in found for n in ast.walk(node) if isinstance(n, ast.Name) and n.id != "extensions"}
    found += [node for name in sorted(names) for node in assigned(tree, name)]
    strings = (c.value for node in found for c in ast.walk(node) if isinstance(c, ast.Constant))
    return {value for value in strings if isinstance(value, str)}


def literal_strings(tree: ast.Module, name: str) -> list[str] | None:
    """The value of ``name = [...]`` in conf.py when it is one literal list of strings, else None."""
    nodes = assigned(tree, name)
    if len(nodes) != 1 or not isinstance(nodes[0], ast.Assign):
        return None
    try:
        value = ast.literal_eval(nodes[0].value)
    except ValueError:
        return None
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _offset(lines: list[str], lineno: int, col: int) -> int:
    """The character offset in the text of (1-based line, UTF-8 byte column), as :mod:`ast` gives positions."""
    before = sum(len(line) for line in lines[: lineno - 1])
    return before + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))


def add_extensions(text: str, tree: ast.Module, names: list[str], conf: Path) -> str:
    """conf.py's text with ``names`` added at the end of its ``extensions`` list, nothing else changed.

    Raises :class:`CannotEditError` when ``extensions`` is not one literal list assigned once at the top level."""
    nodes = assigned(tree, "extensions")
    hand = f"add {', '.join(repr(n) for n in names)} to extensions in {conf} by hand, then run this command again"
    if len(nodes) > 1:
        where = ", ".join(str(node.lineno) for node in nodes)
        raise CannotEditError(f"{conf} sets extensions more than once (lines {where}): {hand}")
    node = nodes[0]
    value = node.value if isinstance(node, ast.Assign) else None
    if node not in tree.body or not isinstance(value, ast.List) or literal_strings(tree, "extensions") is None:
        raise CannotEditError(
            f"{conf} line {node.lineno}: extensions is not a plain list of names (it is computed, or not at the "
            f"top level of the file), so it cannot be edited safely: {hand}"
        )
    lines = text.splitlines(keepends=True)
    end = _offset(lines, value.end_lineno or value.lineno, (value.end_col_offset or 1) - 1)  # at the closing ]
    quote = "'" if value.elts and text[_offset(lines, value.elts[0].lineno, value.elts[0].col_offset)] == "'" else '"'
    items = [f"{quote}{name}{quote}" for name in names]
    if value.lineno == value.end_lineno:  # one line: [a, b] -> [a, b, new]
        last = value.elts[-1] if value.elts else None
        start = _offset(lines, last.end_lineno or 0, last.end_col_offset or 0) if last else end
        between = text[start:end]  # a trailing comma and spaces, or nothing
        joined = (", " if last else "") + ", ".join(items)
        new = text[:start] + joined + ("," if between.strip() == "," else "") + text[end:]
    else:  # several lines: one new line per name before the closing bracket, indented as the others
        if value.elts:
            last = value.elts[-1]
            after = _offset(lines, last.end_lineno or 0, last.end_col_offset or 0)
            indent = " " * last.col_offset
            comma = "" if text[after:end].lstrip().startswith(",") else ","
            text = text[:after] + comma + text[after:]
            end += len(comma)
        else:
            indent = " " * 4
        line_start = text.rfind("\n", 0, end) + 1
        head = text[line_start:end]
        block = "".join(f"{indent}{item},\n" for item in items)
        if head.strip():  # the bracket shares its line with something: start a new line
            block = "\n" + block
            new = text[:end] + block + text[end:]
        else:
            new = text[:line_start] + block + text[line_start:]
    check = literal_strings(ast.parse(new), "extensions")
    if check is None or check[-len(names) :] != names:
        raise CannotEditError(f"{conf}: the edited extensions list did not read back as expected: {hand}")
    return new


# -- the root page's toctree -----------------------------------------------------------------------------------

_REST_TOCTREE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+toctree::[ \t]*$")
_MYST_TOCTREE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{toctree\}.*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block(lines: list[str], start: int) -> tuple[int, int, int] | None:
    """(end of the options, end of the content, the content's indent) of the toctree at ``start``; None when
    it is not one this command can read (YAML options, an unclosed fence)."""
    rest, myst = _REST_TOCTREE.match(lines[start]), _MYST_TOCTREE.match(lines[start])
    j = start + 1
    if myst:
        fence = myst["fence"]
        if j < len(lines) and lines[j].strip() == "---":
            return None
        while j < len(lines) and lines[j].lstrip().startswith(":") and not lines[j].strip().startswith(fence[0] * 3):
            j += 1
        end = next(
            (
                k
                for k in range(j, len(lines))
                if lines[k].strip().startswith(fence) and not lines[k].strip().strip(fence[0])
            ),
            None,
        )
        return None if end is None else (j, end, len(myst["indent"]))
    assert rest is not None
    own = len(rest["indent"])
    while j < len(lines) and lines[j].strip().startswith(":") and _indent(lines[j]) > own:
        j += 1
    k = j
    while k < len(lines) and (not lines[k].strip() or _indent(lines[k]) > own):
        k += 1
    while k > j and not lines[k - 1].strip():
        k -= 1
    body = next((_indent(line) for line in lines[start + 1 : k] if line.strip()), own + 3)
    return j, k, body


def add_to_toctree(text: str, entry: str) -> str | None:
    """The root page's text with ``entry`` (a glob such as ``essays/*``) added to its only toctree, ``:glob:`` set;
    None when the page has no toctree, several, or one this command cannot read."""
    lines = text.splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if _REST_TOCTREE.match(line) or _MYST_TOCTREE.match(line)]
    if len(found) != 1:
        return None
    start = found[0]
    block = _block(lines, start)
    if block is None:
        return None
    options_end, content_end, indent = block
    pad = " " * indent
    options = [line.strip() for line in lines[start + 1 : options_end]]
    entries = [line.strip() for line in lines[options_end:content_end] if line.strip()]
    if entry in entries or entry.lstrip("/") in entries or "/" + entry in entries:
        return text
    new_entry = [f"{pad}{entry}\n"]
    if not entries:
        new_entry = ["\n", *new_entry]
    if content_end > 0 and not lines[content_end - 1].endswith("\n"):
        lines[content_end - 1] += "\n"
    lines[content_end:content_end] = new_entry
    if ":glob:" not in options:
        option_pad = " " * (_indent(lines[start + 1]) if options else indent)
        lines.insert(options_end, f"{option_pad}:glob:\n")
    return "".join(lines)


def root_page(src: Path, tree: ast.Module) -> Path | None:
    """The source file of the site's root page (``root_doc``, or ``master_doc``, else ``index``)."""
    name = "index"
    for setting in ("root_doc", "master_doc"):
        nodes = assigned(tree, setting)
        if len(nodes) == 1 and isinstance(nodes[0], ast.Assign) and isinstance(nodes[0].value, ast.Constant):
            name = str(nodes[0].value.value)
            break
    return next((src / f"{name}{ext}" for ext in (".md", ".rst", ".txt") if (src / f"{name}{ext}").is_file()), None)


# -- the two kinds of run --------------------------------------------------------------------------------------


def _theme(choice: str | None) -> str:
    if choice:
        return choice
    return "furo" if importlib.util.find_spec("furo") is not None else "alabaster"


def _essay(today: dt.date) -> str:
    return f"""---
date: {today.isoformat()}
description: What this site is for, and how an essay is written here.
tags: [writing]
draft: true
---

# A first essay

This essay is a draft: `sphinx-build` leaves it out of the site, and a preview shows it
(`sphinx-build -D longform_show_drafts=1 docs _build/preview`). Remove `draft: true` from the front matter above
to publish it, or delete the file.

Each essay is a Markdown file in this folder with a date, a one-line description and its tags at the top. Start a
new one with `python -m longform new "The title of the essay" tag`.
"""


def _new_site(plan: Plan, args: argparse.Namespace, today: dt.date) -> None:
    root, docs = plan.root, plan.root / "docs"
    title = args.title or root.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Essays"
    author = args.author or "The authors"
    theme = _theme(args.theme)
    plan.create(
        docs / "conf.py",
        f'''"""Sphinx configuration of {title}: a Longform site.

Build with ``sphinx-build -W --keep-going docs _build/html``; every ``longform_*`` setting is described in
Longform's reference (https://longform.example.org/contributing/reference.html).
"""

project = {title!r}
author = {author!r}
copyright = "{today.year}, " + author  # noqa: A001 (Sphinx's name)
language = "en"

extensions = ["myst_parser", "longform"]

root_doc = "index"
exclude_patterns = ["_build", ".venv", "README.md"]

# Markdown pages cannot carry raw HTML: it is shown as text (the pages strangers write are text, never code).
myst_disable_syntax = ["html_block", "html_inline"]

html_theme = {theme!r}
html_title = project
# The published address: feeds, canonical links and social cards need absolute URLs. Change it to your site's.
html_baseurl = {args.url!r}

# -- Longform --------------------------------------------------------------------------------
# The folders whose pages are essays: dated, tagged, listed in the archive and the feeds.
longform_essay_dirs = [{ESSAYS!r}]
''',
    )
    plan.create(
        docs / "index.md",
        f"""# {title}

Essays, newest first:

```{{essay-list}}
:limit: 5
```

Once an essay is published, the sidebar links the archive (every essay by year) and the tags.

```{{toctree}}
:caption: Topics
:maxdepth: 1
:hidden:

topics/essays
```
""",
    )
    plan.create(
        docs / "topics" / "essays.md",
        """# Essays

Every essay of the site. When the site has more than one subject, give each its own topic page in this folder
(a title, a paragraph, and a toctree of its essays) and list the topic pages in the index's toctree.

```{toctree}
:maxdepth: 1
:glob:

/essays/*
```

```{essay-list}
:topic: topics/essays
:sort: toctree
```
""",
    )
    plan.create(
        docs / "tags.yaml",
        """# The tag vocabulary: an essay's `tags:` must name a tag listed here (a typo is a warning, never a new tag).
#   <slug>:          lowercase letters, digits and hyphens; the tag's page is tags/<slug>.html
#     title:         what readers see
#     description:   one or two sentences, shown on the tag's page and the tag index
#     aliases: [...] other spellings writers may use (optional)
writing:
  title: Writing
  description: How the essays of this site are written.
""",
    )
    plan.create(docs / ESSAYS / EXAMPLE, _essay(today))
    plan.create(
        root / ".gitignore",
        "# Sphinx's output and caches\n_build/\n__pycache__/\n.venv/\n",
    )


def _add_to_site(plan: Plan, conf: Path, args: argparse.Namespace, today: dt.date) -> None:
    text = conf.read_text(encoding="utf-8")
    try:
        tree = ast.parse(text, filename=str(conf))
    except SyntaxError as error:
        raise CannotEditError(f"{conf} line {error.lineno}: not valid Python ({error.msg}); fix it first") from None
    notes: list[str] = []
    named = named_extensions(tree)
    wanted = [n for n in NEEDED if not (n == "myst_parser" and any(r in named for r in MARKDOWN_READERS))]
    missing = [n for n in wanted if n not in named]
    new = text
    settings: list[str] = []
    if not assigned(tree, "extensions"):
        settings.append(f"extensions = {json.dumps(list(NEEDED))}")
        notes.append("extensions")
    elif missing:
        new = add_extensions(text, tree, missing, conf)
        notes.append("extensions: + " + ", ".join(missing))
    essays = literal_strings(tree, "longform_essay_dirs")
    if not assigned(tree, "longform_essay_dirs"):
        settings += [
            "# The folders whose pages are essays: dated, tagged, listed in the archive and the feeds.",
            f"longform_essay_dirs = {json.dumps([ESSAYS])}",
        ]
        notes.append("longform_essay_dirs")
    if not assigned(tree, "html_baseurl"):
        settings += [
            "# The published address: feeds and canonical links need absolute URLs. Change it to your site's.",
            f"html_baseurl = {json.dumps(args.url)}",
        ]
        notes.append("html_baseurl")
    if settings:
        new = new.rstrip("\n") + f"\n\n\n{MARKER} {'-' * max(0, 116 - len(MARKER))}\n" + "\n".join(settings) + "\n"
    if new != text:
        plan.changed.append((conf, new, "; ".join(notes)))
    folder = (essays or [ESSAYS])[0]
    src = source_dir(conf)
    essay_dir = src / folder
    if essay_dir.is_dir() and any(essay_dir.iterdir()):
        return  # the site has essays: its toctrees are its own
    plan.create(essay_dir / EXAMPLE, _essay(today))
    page = root_page(src, tree)
    entry = "*" if folder == "." else f"{folder.strip('/')}/*"
    edited = add_to_toctree(page.read_text(encoding="utf-8"), entry) if page else None
    if page is not None and edited is not None and edited != page.read_text(encoding="utf-8"):
        plan.changed.append((page, edited, f"toctree: + {entry}"))
    elif edited is None:
        plan.notes.append(
            f"add '{entry}' (with :glob:) to a toctree, e.g. the root page's: readers reach essays from the navigation"
        )


def make_plan(args: argparse.Namespace, today: dt.date | None = None) -> Plan:
    root = Path(args.dir)
    today = today or dt.date.today()
    plan = Plan(root)
    conf = find_conf(root)
    if conf is None:
        _new_site(plan, args, today)
    else:
        _add_to_site(plan, conf, args, today)
    return plan


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("dir", nargs="?", default=".", help="the site's folder (default: the current folder)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be created or changed; write nothing")
    parser.add_argument("--theme", help="a new site's theme: furo (the default when installed) or alabaster")
    parser.add_argument("--title", help="a new site's title (default: the folder's name)")
    parser.add_argument("--author", help="a new site's author")
    parser.add_argument("--url", default=PLACEHOLDER_URL, help=f"the published address (default: {PLACEHOLDER_URL})")


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        print(f"{root} is a file: give a folder")
        return 2
    try:
        plan = make_plan(args)
    except CannotEditError as refusal:
        print(f"nothing changed: {refusal}")
        return 1
    verb = ("would create", "would change") if args.dry_run else ("created", "changed")
    for path, text in plan.created:
        if not args.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"{verb[0]} {_shown(path, root)}")
    for path, text, what in plan.changed:
        if not args.dry_run:
            path.write_text(text, encoding="utf-8")
        print(f"{verb[1]} {_shown(path, root)} ({what})")
    for path in plan.kept:
        print(f"kept {_shown(path, root)} (it exists: never overwritten)")
    for note in plan.notes:
        print(f"by hand: {note}")
    if not plan.created and not plan.changed:
        print(f"nothing to change: {root} already has Longform")
        return 0
    conf = find_conf(root) or root / "docs" / "conf.py"
    if not args.dry_run:
        src = _shown(source_dir(conf) if conf.exists() else root / "docs", root)
        there = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
        print(f"next: {there}sphinx-build -W --keep-going {src} _build/html   (drafts: -D longform_show_drafts=1)")
        print('      python -m longform new "The title of an essay" tag   (a new draft essay)')
    return 0
