"""``python -m longform migrate ablog SRC [--out DST] [--dry-run]``: move an ABlog site to Longform in one command.

ABlog-specific knowledge lives here, in the command-line layer, and nowhere in the extension: the extension only
grows general settings (``longform_feed_aliases``) that any site moving house can use.

What it does to the site (in place, or to a copy at ``--out``):

* ``conf.py``: ``ablog`` out of ``extensions``, ``longform`` and ``sphinx_reredirects`` in; each ``blog_*`` /
  ``post_*`` setting either mapped to its Longform setting (folders of posts, title, base URL, authors, feed
  length and aliases) or commented out with the reason — never dropped; ABlog's sidebar templates taken out of
  ``html_sidebars``; a block appended with the Longform settings and ``redirects``.
* every post — reST ``.. post::``, MyST ``{post}``, front matter (``blogpost: true`` or ``blog_post_pattern``), a
  notebook's raw ``.. post::`` cell — gets Longform's front matter: an ISO date (ABlog's formats, through
  ``post_date_format`` then dateutil), tags (comma lists; categories become tags), author slugs, a description
  (``excerpt`` or the first paragraph), ``updated`` from ``.. update::``; what has no equivalent is kept as a
  comment and listed;
* ``postlist`` becomes ``essay-list``; ``update`` an admonition; ``:ref:`` to ABlog's own labels a link;
* every old URL still answers: each ``redirect:`` a post had, ABlog's archive pages (years, tags, categories,
  authors, locations, languages, drafts) through sphinx-reredirects, its feeds through ``longform_feed_aliases``;
* ``authors.yaml`` from ``blog_authors`` and the names posts use; ``MIGRATION.md``: what was done, what was not
  (file:line, what, what to do).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import fnmatch
import json
import posixpath
import pprint
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core import slugs

#: Folders never read for pages (build output, virtualenvs, caches).
SKIP_DIRS = frozenset({"_build", "_website", ".git", ".venv", "venv", "node_modules", "__pycache__"})
SOURCE_SUFFIXES = (".rst", ".md", ".ipynb")

#: ABlog's settings that map to a Longform one (what the new block says), by name.
MAPPED = {
    "blog_path": "the archive and feed addresses it named now redirect (redirects, longform_feed_aliases)",
    "blog_post_pattern": "longform_essay_dirs (the folders that hold the posts)",
    "blog_title": "project (Longform's feeds and pages use the project's name)",
    "blog_baseurl": "html_baseurl",
    "blog_authors": "authors.yaml",
    "blog_default_author": "'authors:' written on every post that named none",
    "blog_feed_length": "longform_feed_length",
    "blog_feed_fulltext": "longform_feed_fulltext (entries carry the whole essay, not only its description)",
    "blog_feed_archives": "longform_feed_aliases (one per archive feed)",
    "blog_feed_templates": "longform_feed_aliases (one per feed name, e.g. atom.xml, social.xml)",
    "post_date_format": "posts' dates rewritten as ISO 8601 (YYYY-MM-DD)",
    "post_date_format_short": "Longform formats dates itself, per language",
    "post_auto_orphan": "posts in no toctree get 'orphan' (reached through listings and the archive)",
    "ablog_builder": "redirects written for that builder's addresses: build with sphinx-build -b <it>",
    "post_auto_excerpt": "'description:' (the first paragraph) written on each post",
}

#: ABlog's settings with no Longform equivalent: why, and what to do.
UNMAPPED = {
    "blog_feed_subtitle": "Longform's site feed has a subtitle of its own ('The newest essays from <project>')",
    "blog_feed_titles": "Longform's feed entries are the essays' titles",
    "blog_locations": "Longform has no locations: their pages redirect to the archive",
    "blog_default_location": "Longform has no locations",
    "blog_languages": "Longform has no per-post languages: their pages redirect to the archive",
    "blog_default_language": "Longform has no per-post languages; the site's 'language' applies",
    "blog_archive_titles": "Longform's archive lists titles with dates",
    "post_auto_image": "give a post a social-card image with 'image:'",
    "post_redirect_refresh": "Longform's redirect pages move at once",
    "post_always_section": "Longform's essays are whole pages",
    "post_show_prev_next": "Longform shows series parts and related essays instead",
    "disqus_shortname": "Longform sends no reader to another site (its Content-Security-Policy)",
    "disqus_pages": "Longform has no comments",
    "disqus_drafts": "Longform has no comments",
    "fontawesome_link_cdn": "Longform loads nothing from another site",
    "fontawesome_included": "Longform needs no icon font",
    "fontawesome_css_file": "Longform needs no icon font",
    "skip_injecting_base_ablog_templates": "ABlog's templates are gone",
    "ablog_website": "build with sphinx-build",
    "ablog_doctrees": "build with sphinx-build",
}

#: ABlog's own reference labels (``:ref:`blog-feed```) and the Longform address each names.
ABLOG_LABELS = {
    "blog-posts": "archive.html",
    "blog-drafts": "archive.html",
    "blog-archives": "archive.html",
    "blog-feed": "atom.xml",
    "blog-tags": "tags/index.html",
    "blog-categories": "tags/index.html",
    "blog-authors": "authors/index.html",
    "blog-locations": "archive.html",
    "blog-languages": "archive.html",
}

DEFAULT_DATE_FORMAT = "%d %B %Y"


# -- what the command learns and reports -------------------------------------------------------------------------


@dataclass(slots=True)
class Note:
    """One thing the move could not do by itself: where, what, what to do."""

    path: str
    line: int
    what: str
    todo: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} — {self.todo}"


@dataclass(slots=True)
class Post:
    """One ABlog post as found, and what Longform's front matter becomes."""

    docname: str
    path: Path
    line: int  # where its post metadata starts
    options: dict[str, str]
    date_text: str
    fields: dict[str, Any] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # ABlog author labels or names, as written
    locations: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Site:
    """Everything the move reads from an ABlog site and what it plans to write."""

    root: Path
    conf: dict[str, Any]
    posts: list[Post] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changed: dict[Path, str] = field(default_factory=dict)  # path -> new text
    redirects: dict[str, str] = field(default_factory=dict)  # old docname -> "/new.html"
    feed_aliases: dict[str, str] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)  # what was converted, for the report
    strays: list[str] = field(default_factory=list)  # pages in essay folders that are not posts
    in_toctrees: set[str] = field(default_factory=set)  # docnames some toctree lists
    toctree_globs: set[str] = field(default_factory=set)  # glob patterns toctrees list
    removed: dict[Path, Path] = field(default_factory=dict)  # a moved post's old file -> its new file
    builder: str = "html"  # the builder whose addresses the redirects keep (html: page.html; dirhtml: page/)
    explicit_labels: set[str] = field(default_factory=set)  # labels the site's pages define themselves
    hosts: set[str] = field(default_factory=set)  # hosts of the images pages show from other sites

    def note(self, path: Path | str, line: int, what: str, todo: str) -> None:
        shown = path.relative_to(self.root).as_posix() if isinstance(path, Path) else path
        self.notes.append(Note(shown, line, what, todo))


# -- conf.py -----------------------------------------------------------------------------------------------------


def read_conf(path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, int]], ast.Module]:
    """The literal settings of ``conf.py`` (others are left alone), and the lines each top-level assignment spans."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    values: dict[str, Any] = {}
    spans: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and node.value is not None:
                    spans[target.id] = (node.lineno, node.end_lineno or node.lineno)
                    try:
                        values[target.id] = ast.literal_eval(node.value)
                    except ValueError:
                        values[target.id] = _NotLiteral(ast.get_source_segment(source, node.value) or "")
    return values, spans, tree


@dataclass(frozen=True, slots=True)
class _NotLiteral:
    source: str


# -- dates, lists, text ------------------------------------------------------------------------------------------


def parse_date(text: str, date_format: str = DEFAULT_DATE_FORMAT) -> dt.datetime | None:
    """ABlog's reading of a post date: ``post_date_format`` first, then dateutil's parser (``Mar 3, 2026``,
    ``2026-03-03 10:00``, ``15 Apr, 2013``)."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, date_format)
    except ValueError:
        pass
    from dateutil import parser as dateparser  # type: ignore[import-untyped]

    try:
        parsed: dt.datetime = dateparser.parse(text)
    except (ValueError, OverflowError):
        return None
    return parsed


def split(value: str) -> list[str]:
    """ABlog's comma lists (``tags: a, b``); a YAML list is taken as it is."""
    return [part.strip() for part in str(value).split(",") if part.strip()]


_ROLE = re.compile(r":[\w:+-]+:`([^`<]*?)\s*(?:<[^>]*>)?`")
_LINK = re.compile(r"`([^`<]+?)\s*<[^>]+>`_{1,2}")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*`]+|\|[^|]+\|_?|_(?=\W|$)")


def plain(text: str) -> str:
    """Inline markup (roles, links, emphasis) reduced to its words, on one line."""
    text = _ROLE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    text = re.sub(r"(\w)_{1,2}(?=\W|$)", r"\1", text)  # a reference's name ("Pages_")
    return " ".join(text.split())


def first_paragraphs(lines: list[str], count: int = 1) -> str:
    """The first ``count`` prose paragraphs of a page's body (no heading, directive, list or field), plain text,
    cut at a sentence under 300 characters."""
    paragraphs: list[str] = []
    current: list[str] = []
    skip_indent: int | None = None
    for raw in [*lines, ""]:
        line = raw.rstrip()
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if not line or indent > skip_indent:
                continue
            skip_indent = None
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
                if len(paragraphs) >= count:
                    break
            continue
        if stripped.startswith(("..", "```", ":::", "#", "-", "*", "+", ">", "|", "{", "<", ":")) or re.fullmatch(
            r"([=\-~^\"'`#*+<>_])\1{2,}", stripped
        ):
            if current and re.fullmatch(r"([=\-~^\"'`#*+<>_])\1{2,}", stripped):
                current = []  # the line before was a heading's text
            skip_indent = indent if stripped.startswith(("..", "```", ":::")) else skip_indent
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if indent and not current:
            continue  # a quote or a literal block
        current.append(stripped)
    text = plain(" ".join(paragraphs))
    if text.endswith("::"):
        text = text[:-1]
    if len(text) > 300:
        cut = text[:300]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[: end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + "…"
    return text


# -- finding posts -----------------------------------------------------------------------------------------------


def source_files(root: Path, exclude: list[str]) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        if any(fnmatch.fnmatch(rel.as_posix(), pattern) for pattern in exclude):
            continue
        found.append(path)
    return found


_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. (?P<name>[\w:-]+)::(?: +(?P<arg>.*))?$")
_OPTION = re.compile(r"^[ \t]+:(?P<name>[\w-]+):(?: +(?P<value>.*))?$")
_LITERAL_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "parsed-literal", "literalinclude", "highlight"})


def literal_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of a reST page that are literal text (after ``::`` or in a code block): examples of
    ABlog's markup there are text, not markup to convert."""
    literal: set[int] = set()
    start_indent: int | None = None
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if start_indent is not None:
            if not line.strip() or indent > start_indent:
                literal.add(index)
                continue
            start_indent = None
        stripped = line.strip()
        match = _DIRECTIVE.match(line)
        if (match and match["name"] in _LITERAL_DIRECTIVES) or (stripped.endswith("::") and not match):
            start_indent = indent
    return literal


def _block(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """A directive's options (``:name: value`` lines indented under line ``start``) and the index after them."""
    options: dict[str, str] = {}
    index = start + 1
    while index < len(lines):
        match = _OPTION.match(lines[index])
        if not match:
            break
        options[match["name"]] = (match["value"] or "").strip()
        index += 1
    return options, index


def _front_matter(text: str) -> tuple[dict[str, Any] | None, int]:
    """A Markdown page's YAML front matter and the number of lines it spans (with its fences)."""
    if not text.startswith("---"):
        return None, 0
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:index])) or {}
            except yaml.YAMLError:
                return None, 0
            return (data if isinstance(data, dict) else None), index + 1
    return None, 0


def _docname(root: Path, path: Path) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


# -- converting one post's metadata ------------------------------------------------------------------------------


#: ABlog's post options (and Sphinx's page options) the migration converts, notes or keeps.
_KNOWN_OPTIONS = frozenset(
    {
        "tags",
        "category",
        "author",
        "location",
        "language",
        "redirect",
        "excerpt",
        "image",
        "external_link",
        "nocomments",
        "date",
        "blogpost",
        "title",
        "description",
        "orphan",
        "nosearch",
        "tocdepth",
    }
)


def convert_post(site: Site, post: Post, body: list[str]) -> None:
    """Longform's front matter for ``post`` (in ``post.fields``), with what has no equivalent noted."""
    _convert_date(site, post)
    _convert_tags(site, post)
    _convert_page_options(site, post)
    _convert_authors(site, post)
    _convert_description(post, body)
    _convert_image(site, post, body)
    _note_without_equivalent(site, post)


def _convert_date(site: Site, post: Post) -> None:
    """``date``, in the site's ``post_date_format``; a post without one (or with one nobody reads) is a draft."""
    conf = site.conf
    date_format = conf.get("post_date_format") if isinstance(conf.get("post_date_format"), str) else None
    if post.date_text:
        when = parse_date(post.date_text, date_format or DEFAULT_DATE_FORMAT)
        if when is None:
            site.note(
                post.path,
                post.line,
                f"date '{post.date_text}' is not a date ABlog or dateutil reads",
                "write 'date: YYYY-MM-DD'; the post is a draft until then (its address redirects to the archive: "
                "delete its line under 'ABlog's drafts' in conf.py's redirects when you publish it)",
            )
            post.fields["draft"] = True
        else:
            post.fields["date"] = when.date().isoformat()
        return
    post.fields["date"] = dt.datetime.now(dt.UTC).date().isoformat()
    post.fields["draft"] = True  # ABlog: a post without a date is a draft
    site.note(
        post.path,
        post.line,
        "a post without a date (an ABlog draft)",
        "it is 'draft: true' dated today (Longform's drafts need a date) and withheld; its old address redirects "
        "to the archive until it is published. To publish it: set the date, remove 'draft' and delete its line "
        "under 'ABlog's drafts' in conf.py's redirects (the strict build warns until you do)",
    )


def _convert_tags(site: Site, post: Post) -> None:
    """``tags``: ABlog's tags and categories merged (case-insensitively), 'uncategorized' when it has neither."""
    opts = post.options
    tags = split(opts.get("tags", "")) if isinstance(opts.get("tags", ""), str) else list(opts["tags"])
    post.categories = split(opts.get("category", "")) if isinstance(opts.get("category", ""), str) else []
    merged: list[str] = []
    for name in [*tags, *post.categories]:
        if name.casefold() not in (m.casefold() for m in merged):
            merged.append(name)
    if not merged:
        merged = ["uncategorized"]
        site.note(
            post.path,
            post.line,
            "a post with neither tags nor a category",
            "Longform's essays need a tag: it has 'uncategorized' now; give it its own",
        )
    post.fields["tags"] = merged


def _convert_page_options(site: Site, post: Post) -> None:
    """Sphinx's page options (``orphan``, ``nosearch``, ``tocdepth``) as they were; ABlog's ``post_auto_orphan``."""
    opts = post.options
    if "orphan" in opts:
        post.fields["orphan"] = True
    for key in ("nosearch", "tocdepth"):  # Sphinx's page options: kept as they were
        if key in opts:
            post.fields[key] = opts[key]
    if site.conf.get("post_auto_orphan", True) is not False and not _listed(site, post.docname):
        post.fields["orphan"] = True  # ABlog's post_auto_orphan: readers reach it through the listings and archive


def _convert_authors(site: Site, post: Post) -> None:
    """``authors`` (slugs; the site's ``blog_default_author`` when the post names none); locations, languages."""
    opts = post.options
    author_text = opts.get("author") or site.conf.get("blog_default_author") or ""
    post.authors = split(author_text) if isinstance(author_text, str) else [str(a) for a in author_text]
    if post.authors:
        post.fields["authors"] = [author_slug(site, name) for name in post.authors]
    post.locations = split(opts.get("location", ""))
    post.languages = split(opts.get("language", ""))


def _convert_description(post: Post, body: list[str]) -> None:
    """``description``: the post's own, else its ``excerpt`` text, else its first paragraphs (ABlog's excerpt)."""
    opts = post.options
    excerpt = opts.get("excerpt", "").strip()
    count = int(excerpt) if excerpt.isdigit() and int(excerpt) > 0 else 1
    description = first_paragraphs(body, count) or post.docname.rsplit("/", 1)[-1].replace("-", " ")
    post.fields["description"] = description
    if excerpt and not excerpt.isdigit():
        post.fields["description"] = plain(excerpt)
    if str(opts.get("description", "")).strip():  # the site's own (sphinxext-opengraph's, say) wins
        post.fields["description"] = plain(str(opts["description"]))


def _convert_image(site: Site, post: Post, body: list[str]) -> None:
    """``image``: a path as is; ABlog's "the post's n-th image" as that image's path; another number, noted."""
    image = post.options.get("image", "").strip()
    shown = _images(body)
    if image and not image.isdigit():
        post.fields["image"] = image
    elif image and 1 <= int(image) <= len(shown):
        post.fields["image"] = shown[int(image) - 1]  # ABlog's "the post's n-th image", by its path
    elif image:
        site.note(
            post.path,
            post.line,
            f"'image: {image}' (the post's image number {image})",
            "Longform's 'image:' is a path: write the image's path, e.g. 'image: ../_static/card.png'",
        )


def _note_without_equivalent(site: Site, post: Post) -> None:
    """A note for each option with no Longform equivalent (kept as comments); old addresses redirected."""
    opts = post.options
    for key in ("location", "language"):
        if opts.get(key):
            site.note(
                post.path,
                post.line,
                f"'{key}: {opts[key]}' (Longform has no {key}s)",
                f"kept as a comment; the old {key} page redirects to the archive",
            )
    if opts.get("external_link"):
        site.note(
            post.path,
            post.line,
            f"'external_link: {opts['external_link']}' (a post that is a link elsewhere)",
            "kept as a comment; write the link in the post's text, or make it a note with 'link:'",
        )
    if "nocomments" in opts:
        site.note(post.path, post.line, "'nocomments' (Longform has no comments)", "nothing to do; kept as a comment")
    for old in split(opts.get("redirect", "")):
        old_doc = old.strip("/").removesuffix(".html")
        site.redirects[old_doc] = f"/{post.docname}.html"
    for key, value in opts.items():
        if key not in _KNOWN_OPTIONS:
            site.note(
                post.path,
                post.line,
                f"'{key}: {value}' is not an ABlog post option Longform knows",
                "kept as a comment; remove it or move it into the text",
            )


_IMAGE_PATH = re.compile(
    r"^\s*(?:\.\. (?:image|figure)::|(?:`{3,}|:{3,})\{(?:image|figure)\})\s+(?P<rst>\S+)|!\[[^\]]*\]\((?P<md>[^)\s]+)"
)


def _images(body: list[str]) -> list[str]:
    """The paths of the images a post's text shows, in order (what ABlog's ``image: N`` counts)."""
    found = []
    for line in body:
        for match in _IMAGE_PATH.finditer(line):
            found.append(match["rst"] or match["md"])
    return found


def comments_for(post: Post) -> list[tuple[str, str]]:
    """The post's options with no Longform equivalent, kept as comments (never silently dropped)."""
    keep: list[tuple[str, str]] = []
    for key in ("location", "language", "external_link", "nocomments"):
        if key in post.options:
            keep.append((key, post.options[key]))
    for key, value in post.options.items():
        if key not in _KNOWN_OPTIONS:
            keep.append((key, value))
    if "image" in post.options and post.options["image"].strip().isdigit() and "image" not in post.fields:
        keep.append(("image", post.options["image"]))
    if "excerpt" in post.options and post.options["excerpt"].strip().isdigit():
        keep.append(("excerpt", post.options["excerpt"]))
    return keep


def author_slug(site: Site, name: str) -> str:
    """The ``authors.yaml`` slug of an ABlog author label (``Ahmet``) or of a name written on a post."""
    authors = site.conf.get("blog_authors") if isinstance(site.conf.get("blog_authors"), dict) else {}
    entry = authors.get(name) if authors else None
    full = entry[0] if isinstance(entry, list | tuple) and entry else name
    return slugs.make_slug(str(full)) or slugs.make_slug(name) or "author"


def ablog_slug(text: str) -> str:
    """ABlog's slug of a tag, category, author, location or language name (its ``slugify``)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text))
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


# -- rewriting pages ---------------------------------------------------------------------------------------------


def _yaml_value(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()
    return dumped.removesuffix("...").strip()


def front_matter_yaml(post: Post) -> list[str]:
    lines = [
        f"{key}: {value if key in ('date', 'updated') else _yaml_value(value)}" for key, value in post.fields.items()
    ]
    lines += [f"# ablog {key}: {value}  (no Longform equivalent)" for key, value in comments_for(post)]
    return lines


def rst_fields(post: Post) -> list[str]:
    out = []
    for key, value in post.fields.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        out.append(f":{key}: {value}")
    return out


def rst_comments(post: Post) -> list[str]:
    return [f".. ablog {key}: {value} (no Longform equivalent)" for key, value in comments_for(post)]


def _update_date(site: Site, text: str) -> str | None:
    date_format = site.conf.get("post_date_format")
    when = parse_date(text, date_format if isinstance(date_format, str) else DEFAULT_DATE_FORMAT)
    return when.date().isoformat() if when else None


def _relative(docname: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


@dataclass(slots=True)
class _Rewriting:
    """One page being rewritten: its lines, what is written so far, and the post found in it (and where its
    text starts in ``out``)."""

    site: Site
    path: Path
    docname: str
    lines: list[str]
    out: list[str] = field(default_factory=list)
    post: Post | None = None
    post_at: int | None = None
    updates: list[str] = field(default_factory=list)


def rewrite_rst(site: Site, path: Path, text: str) -> tuple[str, Post | None]:
    """A reST page: its ``.. post::`` to docinfo fields, ``postlist`` to ``essay-list``, ``update`` to an
    admonition, ABlog's ``:ref:`` labels to links."""
    docname = _docname(site.root, path)
    lines = text.split("\n")
    literal = literal_lines(lines)
    relayout_tables(site, lines, literal, docname)
    page = _Rewriting(site, path, docname, lines)
    index = 0
    fields, after_fields = _leading_fields(lines)
    if _is_field_post(site, path, fields):
        page.post = Post(docname, path, 1, fields, fields.get("date", ""))
        page.post_at = 0
        index = after_fields
    while index < len(lines):
        line = lines[index]
        match = _DIRECTIVE.match(line) if index not in literal else None
        after = _rst_directive(page, index, match) if match else None
        if after is not None:
            index = after
            continue
        page.out.append(
            _labels_outside_literals(site, path, index + 1, docname, line) if index not in literal else line
        )
        index += 1
    return _finish_rst(page)


def _rst_directive(page: _Rewriting, index: int, match: re.Match[str]) -> int | None:
    """The line after an ABlog directive (or an image) at ``index``, rewritten into ``page.out``; None for
    any other directive, which stays as it is."""
    name = match["name"]
    if name == "post" and not match["indent"] and page.post is None:
        return _rst_post(page, index, match)
    if name == "post":
        page.site.note(
            page.path,
            index + 1,
            "a second '.. post::' in one page (ABlog's posting sections)",
            "Longform has one essay per page: it is a comment now; move the section to a page of its own",
        )
        page.out.append(f"{match['indent']}.. ablog post (not converted): {match['arg'] or ''}")
        return index + 1
    if name in ("image", "figure"):
        return _rst_image(page, index, match)
    if name == "postlist":
        options, after = _block(page.lines, index)
        arg = match["arg"] or ""
        page.out.extend(essay_list(page.site, page.path, index + 1, match["indent"], arg, options, rst=True))
        return after
    if name == "update":
        day = _update_date(page.site, match["arg"] or "")
        if day is None:
            page.site.note(
                page.path, index + 1, f"update date '{match['arg']}' is not a date", "write the date by hand"
            )
            day = (match["arg"] or "").strip()
        else:
            page.updates.append(day)
        page.out.append(f"{match['indent']}.. admonition:: Updated on {day}")
        return index + 1
    return None


def _rst_post(page: _Rewriting, index: int, match: re.Match[str]) -> int:
    """The page's ``.. post::``: its options become the post; its own text (ABlog's excerpt) stays, as the
    page's first paragraph."""
    lines = page.lines
    options, after = _block(lines, index)
    page.post = Post(page.docname, page.path, index + 1, options, (match["arg"] or "").strip())
    page.post_at = len(page.out)
    while after < len(lines) and not lines[after].strip():
        after += 1
    while after < len(lines) and (not lines[after].strip() or lines[after].startswith((" ", "\t"))):
        page.out.append(lines[after][3:] if lines[after].startswith("   ") else lines[after].lstrip())
        after += 1
    return after


def _rst_image(page: _Rewriting, index: int, match: re.Match[str]) -> int:
    """An image or figure as it is; in a post, without alt text, given one from its file's name (noted)."""
    options, after = _block(page.lines, index)
    page.out.extend(page.lines[index:after])
    if "alt" not in options and page.post is not None:
        stem = Path((match["arg"] or "image").strip()).stem.replace("-", " ").replace("_", " ")
        page.out.append(f"{match['indent']}   :alt: {stem}")
        page.site.note(
            page.path,
            index + 1,
            f"an image without alt text ('{(match['arg'] or '').strip()}')",
            f"Longform's essays need alt text: it is '{stem}' now; say what the image shows",
        )
    return after


def _finish_rst(page: _Rewriting) -> tuple[str, Post | None]:
    """The rewritten reST page: docinfo fields first (Sphinx's file-wide metadata), the post's label, the
    options kept as comments."""
    post, out, site = page.post, page.out, page.site
    if post is None:
        return "\n".join(out), None
    assert page.post_at is not None
    body = out[page.post_at :]
    convert_post(site, post, body)
    _set_updated(post, page.updates)
    head = [*rst_fields(post), ""]
    comments = rst_comments(post)
    if comments:
        out[page.post_at : page.post_at] = [*comments, ""]
    label = _post_label(site, post)
    if label:
        out[0:0] = [f".. _{label}:", ""]  # before the title, after the fields
    # docinfo: a field list that is the first thing in the page (Sphinx's file-wide metadata)
    return "\n".join(head + out), post


def _post_label(site: Site, post: Post) -> str | None:
    """The label ABlog gave the post (its file's name, or its folder's for an index page), when the site does not
    define it itself: ``:ref:`<name>``` keeps working."""
    parts = post.docname.split("/")
    label = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]
    if not label or label.lower() in site.explicit_labels or not re.fullmatch(r"[\w.-]+", label):
        return None
    site.explicit_labels.add(label.lower())
    return label


def _leading_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """A reST page's opening field list (``:blogpost: true``, ``:date: ...``) and the index after it."""
    fields: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = re.match(r"^:([\w-]+):(?: +(.*))?$", lines[index])
        if not match:
            break
        fields[match[1]] = (match[2] or "").strip()
        index += 1
    return fields, index


def _is_field_post(site: Site, path: Path, fields: dict[str, str]) -> bool:
    """ABlog's other way to post: ``blogpost: true``, or a date on a page ``blog_post_pattern`` matches."""
    if fields.get("blogpost", "").strip().lower() in ("true", "yes", "1"):
        return True
    patterns = site.conf.get("blog_post_pattern") or []
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    rel = path.relative_to(site.root).as_posix()
    return "date" in fields and any(
        fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel.rsplit(".", 1)[0], p) for p in patterns
    )


def _set_updated(post: Post, updates: list[str]) -> None:
    latest = max(updates, default=None)
    if latest and "date" in post.fields and latest > post.fields["date"]:
        post.fields["updated"] = latest


_KINDS = r"(?:blog|tag|author|category|location|language|archive)-[\w-]+"
_ABLOG_REF = re.compile(rf"(?<!`):ref:`(?:(?P<text>[^`<]+?)\s*<(?P<label>{_KINDS})>|(?P<bare>{_KINDS}))`")
_MD_ABLOG_REF = re.compile(rf"\{{ref\}}`(?:(?P<text>[^`<]+?)\s*<(?P<label>{_KINDS})>|(?P<bare>{_KINDS}))`")
_EXPLICIT_LABEL = re.compile(r"^\s*(?:\.\. _(?P<rst>[^:`]+):\s*$|\((?P<md>[^)\s]+)\)=\s*$)", re.M)


def ablog_target(site: Site, label: str) -> tuple[str, str] | None:
    """The Longform address and link text for one of ABlog's generated labels (``blog-feed``, ``tag-<slug>``,
    ``author-<label>``, ``category-…``, ``location-…``, ``language-…``, ``archive-<year>``); None for a label the
    site defines itself or one ABlog does not make."""
    if label in site.explicit_labels:
        return None
    if label in ABLOG_LABELS:
        return ABLOG_LABELS[label], label.removeprefix("blog-").capitalize()
    kind, _, name = label.partition("-")
    if kind in ("tag", "category"):
        return f"tags/{slugs.make_slug(name) or name}.html", name.replace("-", " ")
    if kind == "author":
        authors = site.conf.get("blog_authors") if isinstance(site.conf.get("blog_authors"), dict) else {}
        for key, entry in (authors or {}).items():
            if ablog_slug(key) == name:
                full = entry[0] if isinstance(entry, list | tuple) and entry else key
                return f"authors/{author_slug(site, key)}.html", str(full)
        return f"authors/{slugs.make_slug(name) or name}.html", name.replace("-", " ")
    if kind in ("location", "language", "archive"):
        return "archive.html", name.replace("-", " ")
    return None


def _labels(site: Site, docname: str, line: str, *, markdown: bool = False) -> str:
    """``:ref:`` to the labels ABlog makes (``blog-feed``, ``tag-<slug>``…) as links to Longform's pages."""

    def link(match: re.Match[str]) -> str:
        found = ablog_target(site, match["label"] or match["bare"])
        if found is None:
            return match[0]
        address, default = found
        text = match["text"] or default
        target = _relative(docname, address)
        return f"[{text}]({target})" if markdown else f"`{text} <{target}>`__"

    return (_MD_ABLOG_REF if markdown else _ABLOG_REF).sub(link, line)


_BORDER = re.compile(r"^(?P<indent>[ \t]*)=+(?: +=+)+[ \t]*$")


def relayout_tables(site: Site, lines: list[str], literal: set[int], docname: str) -> None:
    """reST simple tables whose cells name ABlog's labels: the cells rewritten (:func:`_labels`) and the columns
    widened to fit, in place (the table keeps its number of lines)."""
    index = 0
    while index < len(lines):
        top = _BORDER.match(lines[index]) if index not in literal else None
        if not top:
            index += 1
            continue
        end = index + 1
        while end < len(lines):
            if _BORDER.match(lines[end]) and (end + 1 >= len(lines) or not lines[end + 1].strip()):
                break
            end += 1
        if end >= len(lines):
            return
        block = lines[index : end + 1]
        if any(_ABLOG_REF.search(row) for row in block):
            indent = top["indent"]
            starts = [m.start() for m in re.finditer(r"=+", lines[index])]
            rows: list[list[str] | None] = []
            for row in block:
                if _BORDER.match(row) or not row.strip():
                    rows.append(None if _BORDER.match(row) else [])
                    continue
                parts = [row[a:b] for a, b in zip(starts, [*starts[1:], len(row) + 1], strict=True)]
                rows.append([_labels_in_cell(site, docname, part.strip()) for part in parts])
            widths = [len(m.group()) for m in re.finditer(r"=+", lines[index])]
            for row_cells in rows:
                for column, cell in enumerate(row_cells or []):
                    widths[column] = max(widths[column], len(cell))
            for offset, cells in enumerate(rows):
                if cells is None:
                    lines[index + offset] = indent + "  ".join("=" * w for w in widths)
                elif cells:
                    lines[index + offset] = (
                        indent + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
                    ).rstrip()
        index = end + 1


def _labels_in_cell(site: Site, docname: str, cell: str) -> str:
    parts = re.split(r"(``.*?``)", cell)
    return "".join(part if part.startswith("``") else _labels(site, docname, part) for part in parts)


def _labels_outside_literals(site: Site, path: Path, line_no: int, docname: str, line: str) -> str:
    """:func:`_labels` on the parts of a reST line outside ````inline literals````; a table row is left as it is
    (its columns would move) and noted."""
    if not _ABLOG_REF.search(line):
        return line
    parts = re.split(r"(``.*?``)", line)
    if line.strip().startswith(("|", "+")):
        site.note(
            path,
            line_no,
            "a reference to ABlog's own label in a grid table",
            "link Longform's page by hand (archive.html, tags/index.html, authors/index.html, atom.xml)",
        )
        return line
    return "".join(part if part.startswith("``") else _labels(site, docname, part) for part in parts)


def essay_list(
    site: Site, path: Path, line: int, indent: str, arg: str, options: dict[str, str], *, rst: bool
) -> list[str]:
    """ABlog's ``postlist`` as Longform's ``essay-list`` (what it cannot say is noted)."""
    out: dict[str, str] = {}
    if arg.strip().isdigit():
        out["limit"] = arg.strip()
    elif arg.strip():
        site.note(path, line, f"postlist argument '{arg.strip()}'", "essay-list takes ':limit: N'")
    for key, value in options.items():
        if key in ("tags", "category"):
            names = split(value)
            if names:
                out["tag"] = names[0]
            if len(names) > 1:
                site.note(
                    path,
                    line,
                    f"postlist ':{key}: {value}' (several)",
                    f"essay-list filters by one tag: it lists '{names[0]}'",
                )
        elif key == "date":
            out["group-by"] = "year"
            site.note(path, line, f"postlist ':date: {value}'", "essay-list shows dates in the site's format")
        elif key in ("author", "location", "language", "format", "list-style", "excerpts", "sort", "expand"):
            site.note(
                path,
                line,
                f"postlist ':{key}:{' ' + value if value else ''}' has no essay-list equivalent",
                "left out; see essay-list's options (tag, topic, series, year, kind, sort, limit, group-by)",
            )
        else:
            site.note(path, line, f"postlist ':{key}:' is not an option essay-list knows", "left out")
    site.done.append(f"{path.relative_to(site.root).as_posix()}:{line}: postlist → essay-list")
    if rst:
        return [f"{indent}.. essay-list::", *(f"{indent}   :{k}: {v}" for k, v in out.items())]
    return ["```{essay-list}", *(f":{k}: {v}" for k, v in out.items()), "```"]


_MD_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?: +(?P<arg>.*))?$")


def rewrite_md(site: Site, path: Path, text: str) -> tuple[str, Post | None]:
    """A MyST page: front matter of a post, ``{post}``, ``{postlist}`` and ``{update}`` fences."""
    docname = _docname(site.root, path)
    data, span = _front_matter(text)
    lines = text.split("\n")
    body = lines[span:]
    page = _Rewriting(site, path, docname, body, post=_md_post(site, path, docname, data))
    in_code: str | None = None
    index = 0
    while index < len(body):
        line = body[index]
        if in_code is not None:
            page.out.append(line)
            if line.strip() == in_code:
                in_code = None
            index += 1
            continue
        fence = _MD_FENCE.match(line.strip())
        if fence and fence["name"] in ("post", "postlist", "update"):
            index = _md_directive(page, index, fence, span)
            continue
        if line.lstrip().startswith(("```", "~~~")) and not fence:
            in_code = line.strip()[:3]
        page.out.append(_labels(site, docname, line, markdown=True))
        index += 1
    if page.post is None:
        return "\n".join(lines[:span] + page.out), None
    return _finish_md(page, page.post, data), page.post


def _md_post(site: Site, path: Path, docname: str, data: dict[str, Any] | None) -> Post | None:
    """The post a MyST page's front matter declares (``blogpost: true``, or a date on a page that
    ``blog_post_pattern`` matches), or None."""
    patterns = site.conf.get("blog_post_pattern") or []
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    rel = path.relative_to(site.root).as_posix()
    if data is None or not (
        bool(data.get("blogpost")) or ("date" in data and any(fnmatch.fnmatch(rel, p) for p in patterns))
    ):
        return None
    options = {k: (", ".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in data.items()}
    return Post(docname, path, 2, options, options.get("date", ""))


def _md_directive(page: _Rewriting, index: int, fence: re.Match[str], span: int) -> int:
    """The line after a ``{post}``, ``{postlist}`` or ``{update}`` fence at ``index``, rewritten into
    ``page.out`` (``span``: the front matter's lines, before ``page.lines``)."""
    options, after = _md_block(page.lines, index + 1, fence["fence"])
    here = span + index + 1
    if fence["name"] == "post" and page.post is None:
        page.post = Post(page.docname, page.path, here, options, (fence["arg"] or "").strip())
    elif fence["name"] == "postlist":
        page.out.extend(essay_list(page.site, page.path, here, "", fence["arg"] or "", options, rst=False))
    elif fence["name"] == "update":
        day = _update_date(page.site, fence["arg"] or "") or (fence["arg"] or "").strip()
        page.updates.append(day)
        page.out.append(f"{fence['fence']}{{admonition}} Updated on {day}")
        return index + 1 + len(options)
    return after


def _finish_md(page: _Rewriting, post: Post, data: dict[str, Any] | None) -> str:
    """The rewritten MyST page: the post's front matter (with the page's own title and Sphinx options kept),
    its label before the first heading."""
    out = page.out
    convert_post(page.site, post, out)
    _set_updated(post, page.updates)
    for key in ("nosearch", "tocdepth"):  # YAML values as written, not as text
        if data and key in data:
            post.fields[key] = data[key]
    keep = {}
    if data:
        for key, value in data.items():
            if key in ("title", "orphan", "nosearch", "tocdepth") and key not in post.fields:
                keep[key] = value
    label = _post_label(page.site, post)
    if label:
        first_heading = next((i for i, line in enumerate(out) if line.startswith("# ")), 0)
        out[first_heading:first_heading] = [f"({label})=", ""]
    head = ["---", *(f"{k}: {_yaml_value(v)}" for k, v in keep.items()), *front_matter_yaml(post), "---"]
    return "\n".join(head + out)


def _md_block(lines: list[str], start: int, fence: str) -> tuple[dict[str, str], int]:
    """A MyST directive's ``:name: value`` options from ``start``, and the index after its closing fence."""
    options: dict[str, str] = {}
    index = start
    while index < len(lines) and lines[index].startswith(":") and not lines[index].startswith(fence):
        match = re.match(r"^:([\w-]+):(?: +(.*))?$", lines[index])
        if not match:
            break
        options[match[1]] = (match[2] or "").strip()
        index += 1
    while index < len(lines) and lines[index].strip() != fence:
        index += 1
    return options, index + 1


def rewrite_ipynb(site: Site, path: Path, text: str) -> tuple[str, Post | None]:
    """A notebook: a raw ``.. post::`` cell (nbsphinx's way) or ``blogpost`` metadata becomes notebook metadata,
    which myst-nb reads as front matter."""
    try:
        notebook = json.loads(text)
    except ValueError:
        site.note(path, 1, "a notebook that is not JSON", "fix or remove it")
        return text, None
    if not isinstance(notebook, dict):
        return text, None
    cells = notebook.get("cells") or []
    metadata = notebook.setdefault("metadata", {})
    post: Post | None = None
    body: list[str] = []
    keep_cells = []
    for cell in cells:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if post is None and cell.get("cell_type") == "raw" and source.lstrip().startswith(".. post::"):
            lines = source.strip().split("\n")
            match = _DIRECTIVE.match(lines[0])
            options, _after = _block(lines, 0)
            post = Post(_docname(site.root, path), path, 1, options, (match["arg"] if match else "") or "")
            continue
        if cell.get("cell_type") == "markdown":
            body.extend([*source.split("\n"), ""])
        keep_cells.append(cell)
    if post is None and metadata.get("blogpost"):
        options = {k: str(v) for k, v in metadata.items() if k not in ("kernelspec", "language_info")}
        post = Post(_docname(site.root, path), path, 1, options, options.get("date", ""))
        for key in list(options):
            metadata.pop(key, None)
    if post is None:
        return text, None
    convert_post(site, post, body)
    notebook["cells"] = keep_cells
    # myst-nb hands a notebook's metadata to docutils as field text: lists as comma lists, like a reST page's
    metadata.update({k: ", ".join(v) if isinstance(v, list) else v for k, v in post.fields.items()})
    for key, value in comments_for(post):
        site.note(path, 1, f"notebook post option '{key}: {value}' (no Longform equivalent)", "left out")
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", post


# -- the whole site ----------------------------------------------------------------------------------------------


def plan(root: Path, builder: str | None = None) -> Site:
    """Read the ABlog site at ``root`` and work out every change (nothing is written).  ``builder``: whose
    addresses the old site had (html or dirhtml); None: ``ablog_builder`` when conf.py sets it, else html."""
    conf_path = root / "conf.py"
    conf, spans, _tree = read_conf(conf_path)
    chosen = builder or (conf.get("ablog_builder") if conf.get("ablog_builder") in ("html", "dirhtml") else "html")
    site = Site(root, conf, builder=str(chosen))
    exclude = conf.get("exclude_patterns")
    pages = source_files(root, [str(p) for p in exclude] if isinstance(exclude, list) else [])
    texts: dict[Path, str] = {}
    for path in pages:
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        _toctree_entries(site, path, texts[path])
        for match in _EXPLICIT_LABEL.finditer(texts[path]):
            site.explicit_labels.add((match["rst"] or match["md"]).strip().lower())
        site.hosts.update(_image_hosts(texts[path]))
    for path in pages:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            site.note(path, 1, "a page that is not UTF-8 text", "convert it to UTF-8 and run the command again")
            continue
        rewrite = {".rst": rewrite_rst, ".md": rewrite_md, ".ipynb": rewrite_ipynb}[path.suffix]
        new, post = rewrite(site, path, text)
        if post is not None:
            site.posts.append(post)
            site.done.append(f"{post.docname}: post → essay (date {post.fields.get('date', 'none: draft')})")
        if new != text:
            site.changed[path] = new
    _move_root_posts(site, pages, texts)
    pages = [site.removed.get(path, path) for path in pages]
    essay_dirs = _essay_dirs(site, pages)
    _draft_redirects(site)
    _archive_redirects(site)
    site.changed[conf_path] = rewrite_conf(site, conf_path, spans, essay_dirs)
    authors = authors_yaml(site)
    if authors:
        site.changed[root / "authors.yaml"] = authors
    site.changed[root / "MIGRATION.md"] = report(site, essay_dirs)
    return site


#: Where posts that sat beside other pages at the source root move (``ablog start`` puts them there).
POSTS_FOLDER = "posts"

_RST_PATH = re.compile(r"^(?P<head>\s*\.\. (?:image|figure|include|literalinclude)::\s+)(?P<path>\S+)", re.M)
_MD_PATH = re.compile(r"^(?P<head>(?:`{3,}|:{3,})\{(?:image|figure|include|literalinclude)\}\s+)(?P<path>\S+)", re.M)
_MD_LINK_PATH = re.compile(r"(?P<head>!?\[[^\]]*\]\()(?P<path>[^)\s#]+)")
_ROLE_PATH = re.compile(r"(?P<head>[:{](?:doc|download)[:}]`(?:[^`<]*<)?)(?P<path>[^`>]+)")


def _deeper(text: str) -> str:
    """A page's relative paths (images, includes, downloads, ``doc`` references, Markdown links) for the page one
    folder deeper."""

    def fix(match: re.Match[str]) -> str:
        path = match["path"]
        if path.startswith(("/", "#")) or re.match(r"^[a-z][a-z0-9+.-]*:", path):
            return match[0]
        return match["head"] + "../" + path

    for pattern in (_RST_PATH, _MD_PATH, _MD_LINK_PATH, _ROLE_PATH):
        text = pattern.sub(fix, text)
    return text


def _move_root_posts(site: Site, pages: list[Path], texts: dict[Path, str]) -> None:
    """Posts beside other pages at the source root move to ``posts/``: Longform reads every page of an essay folder
    as an essay, so the root cannot be one while it holds an about page.  The old address redirects, toctrees and
    ``doc`` references follow, and the posts' relative paths are made one folder deeper."""
    root_posts = [post for post in site.posts if "/" not in post.docname]
    others = [
        path
        for path in pages
        if "/" not in _docname(site.root, path)
        and _docname(site.root, path) not in {post.docname for post in root_posts}
        and _docname(site.root, path)
        not in ("index", str(site.conf.get("root_doc") or site.conf.get("master_doc") or "index"), "archive")
    ]
    if not root_posts or not others or (site.root / POSTS_FOLDER).exists():
        return
    moved: dict[str, str] = {}
    for post in root_posts:
        old_doc, old_path = post.docname, post.path
        new_path = site.root / POSTS_FOLDER / old_path.name
        post.docname, post.path = f"{POSTS_FOLDER}/{old_doc}", new_path
        site.changed[new_path] = _deeper(site.changed.pop(old_path, texts.get(old_path, "")))
        site.removed[old_path] = new_path
        site.redirects[old_doc] = f"/{post.docname}.html"
        for old, target in list(site.redirects.items()):
            if target == f"/{old_doc}.html":
                site.redirects[old] = f"/{post.docname}.html"
        moved[old_doc] = post.docname
        site.done.append(f"{old_doc} → {post.docname} (posts beside other pages at the root)")
    site.note(
        "conf.py",
        1,
        f"{len(moved)} posts moved from the source root to {POSTS_FOLDER}/ (their old addresses redirect)",
        "check the posts' images and links; a post's own label and title are unchanged",
    )
    for path in pages:
        if path in site.removed:
            continue
        text = site.changed.get(path, texts.get(path))
        if text is None:
            continue
        new = text
        for old_doc, new_doc in moved.items():
            # a toctree entry or a doc reference naming the post
            new = re.sub(
                rf"^(?P<i>[ \t]+)(?P<t>[^\n]*<)?/?{re.escape(old_doc)}(?:\.rst|\.md)?(?P<e>>?)[ \t]*$",
                rf"\g<i>\g<t>/{new_doc}\g<e>",
                new,
                flags=re.M,
            )
            new = re.sub(rf"([:{{]doc[:}}]`(?:[^`<]*<)?)/?{re.escape(old_doc)}(>?`)", rf"\g<1>/{new_doc}\g<2>", new)
        if new != text:
            site.changed[path] = new


_TOCTREE = re.compile(r"^(?P<indent>[ \t]*)(?:\.\. toctree::|(?P<fence>`{3,}|:{3,})\{toctree\})")


def _toctree_entries(site: Site, path: Path, text: str) -> None:
    """Record the pages the toctrees of one page list (by docname, or as glob patterns)."""
    folder = posixpath.dirname(_docname(site.root, path))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _TOCTREE.match(line)
        if not match:
            continue
        glob = False
        for entry in lines[index + 1 :]:
            stripped = entry.strip()
            if match["fence"] and stripped.startswith(match["fence"]):
                break
            if not match["fence"] and stripped and len(entry) - len(entry.lstrip()) <= len(match["indent"]):
                break
            if stripped.startswith(":"):
                glob = glob or stripped.startswith(":glob:")
                continue
            if not stripped or stripped.startswith(".."):
                continue
            name = re.sub(r"^.*<(.+)>$", r"\1", stripped).strip()
            name = name.removesuffix(".rst").removesuffix(".md").removesuffix(".ipynb")
            name = name.lstrip("/") if name.startswith("/") else posixpath.normpath(posixpath.join(folder, name))
            (site.toctree_globs if glob and any(c in name for c in "*?[") else site.in_toctrees).add(name)


def _listed(site: Site, docname: str) -> bool:
    return docname in site.in_toctrees or any(fnmatch.fnmatch(docname, g) for g in site.toctree_globs)


_REMOTE_IMAGE = re.compile(
    r"(?:\.\. (?:image|figure)::\s*|!\[[^\]]*\]\(|\"image/[^\"]*\":\s*\")https://(?P<host>[\w.-]+)"
)


def _image_hosts(text: str) -> set[str]:
    """The hosts of the images a page shows from other sites (``.. image:: https://…``, ``![](https://…)``)."""
    return {match["host"].lower() for match in _REMOTE_IMAGE.finditer(text)}


def _essay_dirs(site: Site, pages: list[Path]) -> list[str]:
    """The folders holding posts: Longform's essay folders (``.`` when posts sit beside the index)."""
    folders = sorted({posixpath.dirname(post.docname) or "." for post in site.posts})
    folders = [f for f in folders if not any(f != o and o != "." and f.startswith(o + "/") for o in folders)]
    post_docs = {post.docname for post in site.posts}
    for path in pages:
        doc = _docname(site.root, path)
        name = doc.rsplit("/", 1)[-1]
        folder = posixpath.dirname(doc) or "."
        inside = any(folder == f or folder.startswith(f + "/") for f in folders if f != ".") or (
            "." in folders and folder == "." and name not in ("index", "archive")
        )
        if inside and doc not in post_docs and name != "index":
            site.strays.append(doc)
            site.note(
                path,
                1,
                f"'{doc}' is not a post but sits in an essay folder",
                "Longform reads every page there as an essay: move it out, or give it date, description and tags",
            )
    return folders


#: An old archive folder, the Longform page that lists the same posts, and the feed of that page (or None).
_Collection = tuple[str, str, str | None]


def _draft_redirects(site: Site) -> None:
    """A draft's address (and every old address that led to it) redirects to the archive, where ABlog listed its
    drafts: ABlog wrote a draft's page unlisted, Longform withholds it until it is published.  The entry is keyed by
    the draft's own page, so publishing it makes the strict build warn until the entry is deleted."""
    for post in site.posts:
        if not post.fields.get("draft"):
            continue
        page = f"/{post.docname}.html"
        for old, target in list(site.redirects.items()):
            if target == page:
                site.redirects[old] = "/archive.html"
        site.redirects[post.docname] = "/archive.html"


def _archive_redirects(site: Site) -> None:
    """ABlog's archive pages and feeds, each to the Longform page or feed that lists the same posts."""
    conf = site.conf
    base = str(conf.get("blog_path") or "blog").strip("/")
    redirects = site.redirects
    for old in (base, f"{base}/archive", f"{base}/drafts"):
        redirects.setdefault(old, "/archive.html")
    for catalog, target in (
        ("tag", "/tags/index.html"),
        ("category", "/tags/index.html"),
        ("author", "/authors/index.html"),
        ("location", "/archive.html"),
        ("language", "/archive.html"),
    ):
        redirects.setdefault(f"{base}/{catalog}", target)
    roots = ["atom"]
    templates = conf.get("blog_feed_templates")
    if isinstance(templates, dict) and templates:
        roots = [str(name) for name in templates]
    feeds_per_archive = bool(conf.get("blog_feed_archives"))
    for old, page, feed in _collections(site, base):
        redirects.setdefault(old, page)
        if feeds_per_archive and feed:
            for name in roots:
                site.feed_aliases[f"{old}/{name}.xml"] = feed
    for name in roots:
        site.feed_aliases[f"{base}/{name}.xml"] = "atom.xml"


def _collections(site: Site, base: str) -> list[_Collection]:
    """Each of ABlog's archive folders the posts make (years, tags and categories, authors, locations,
    languages), once, with the Longform page and feed that list the same posts."""
    years = sorted({post.fields["date"][:4] for post in site.posts if "date" in post.fields})
    # a year's page: the archive, at that year's heading (Longform's archive groups essays by year)
    found: list[_Collection] = [(f"{base}/{year}", f"/archive.html#essay-{year}", "atom.xml") for year in years]
    seen: set[str] = set()
    for post in site.posts:
        if post.fields.get("draft"):
            continue  # ABlog lists a draft on its drafts page only
        for collection in (
            *_tag_collections(base, post),
            *_author_collections(site, base, post),
            *_place_collections(site, base, post),
        ):
            if collection[0] not in seen:
                seen.add(collection[0])
                found.append(collection)
    return found


def _tag_collections(base: str, post: Post) -> list[_Collection]:
    """The tag and category folders ABlog lists ``post`` in, each to the Longform tag's page and feed."""
    found: list[_Collection] = []
    for tag in post.fields.get("tags", []):
        kind = "category" if tag in post.categories else "tag"
        longform = slugs.make_slug(tag)
        both = tag in post.categories and tag in split(post.options.get("tags", ""))
        for catalog in {kind, "tag"} if both else {kind}:
            found.append((f"{base}/{catalog}/{ablog_slug(tag)}", f"/tags/{longform}.html", f"tags/{longform}.xml"))
    return found


def _full_name(known: object, name: str) -> str:
    """The full name ABlog's ``blog_authors`` (or ``blog_locations``, ``blog_languages``) gives a label."""
    entry = known.get(name) if isinstance(known, dict) and known else None
    return str(entry[0]) if isinstance(entry, list | tuple) and entry else name


def _author_collections(site: Site, base: str, post: Post) -> list[_Collection]:
    """The author folders ABlog lists ``post`` in, each to the Longform author's page and feed."""
    authors = site.conf.get("blog_authors")
    return [
        (f"{base}/author/{ablog_slug(_full_name(authors, name))}", f"/authors/{slug}.html", f"authors/{slug}.xml")
        for name, slug in zip(post.authors, post.fields.get("authors", []), strict=False)
    ]


def _place_collections(site: Site, base: str, post: Post) -> list[_Collection]:
    """The location and language folders ABlog lists ``post`` in: Longform has neither, so the archive."""
    found: list[_Collection] = []
    for catalog, names, setting in (
        ("location", post.locations, "blog_locations"),
        ("language", post.languages, "blog_languages"),
    ):
        known = site.conf.get(setting)
        for name in names:
            found.append((f"{base}/{catalog}/{ablog_slug(_full_name(known, name))}", "/archive.html", "atom.xml"))
    return found


def rewrite_conf(site: Site, path: Path, spans: dict[str, tuple[int, int]], essay_dirs: list[str]) -> str:
    """``conf.py`` with ABlog out, Longform in, every ABlog setting mapped or commented out with its reason."""
    lines = path.read_text(encoding="utf-8").split("\n")
    commented = _commented_settings(site, spans)
    _note_builder(site, spans)
    edits: list[tuple[int, int, list[str]]] = []  # (first, last, new lines), original numbering
    for first, last, reason in commented:
        block = [f"# {line}" if line.strip() else "#" for line in lines[first - 1 : last]]
        edits.append((first, last, [f"# [ablog] {reason}:", *block]))
    _note_templates(site, spans)
    edits += _sidebar_edits(site, spans)
    new_lines = list(lines)
    for first, last, replacement in sorted(edits, reverse=True):
        new_lines[first - 1 : last] = replacement
    text = _with_longform_extension(site, spans, "\n".join(new_lines))
    if re.search(r"^\s*import ablog|^\s*from ablog", text, re.M):
        line = next(i for i, t in enumerate(lines, 1) if re.match(r"\s*(import|from) ablog", t))
        site.note(
            "conf.py",
            line,
            "conf.py imports ablog",
            "keep ablog installed (it is no longer an extension), or remove the import and what uses it",
        )
    block = _longform_settings(site, spans, essay_dirs) + _feed_and_redirect_settings(site, spans)
    return text.rstrip("\n") + "\n" + "\n".join(block) + "\n"


def _commented_settings(site: Site, spans: dict[str, tuple[int, int]]) -> list[tuple[int, int, str]]:
    """ABlog's settings in ``conf.py`` (first line, last line, why commented out); those with no Longform
    equivalent noted."""
    commented: list[tuple[int, int, str]] = []
    for name, (first, last) in spans.items():
        reason = MAPPED.get(name) or UNMAPPED.get(name)
        if reason is None and (name.startswith(("blog_", "post_", "ablog_", "disqus_", "fontawesome_"))):
            reason = "an ABlog setting Longform does not read"
        if reason is None:
            continue
        commented.append((first, last, reason))
        if name in UNMAPPED or name not in MAPPED:
            site.note("conf.py", first, f"{name} (no Longform equivalent: {reason})", "commented out in conf.py")
    return commented


def _note_builder(site: Site, spans: dict[str, tuple[int, int]]) -> None:
    """Which builder's addresses the redirects keep, and what to do when the site was built with the other."""
    if site.builder == "html" and "ablog_builder" not in spans:
        site.note(
            "conf.py",
            1,
            "`ablog build` builds with dirhtml (addresses ending in '/') unless ablog_builder says html",
            "the redirects keep the html builder's addresses (page.html); if the site was published with "
            "`ablog build`, run the command with --builder dirhtml and build with -b dirhtml",
        )
    if site.builder == "dirhtml":
        site.done.append("conf.py: redirects written for dirhtml's addresses (page/): build with -b dirhtml")


def _note_templates(site: Site, spans: dict[str, tuple[int, int]]) -> None:
    """A computed ``html_sidebars`` naming ABlog's templates, and the site's templates that use ABlog's: noted
    (they are the site's own code, changed by hand)."""
    conf = site.conf
    sidebars = conf.get("html_sidebars")
    if isinstance(sidebars, _NotLiteral) and "ablog" in sidebars.source:
        site.note(
            "conf.py",
            spans["html_sidebars"][0],
            "html_sidebars is computed and names ABlog's templates",
            "take the 'ablog/*.html' sidebars out by hand (their templates are gone with ABlog)",
        )
    templates = conf.get("templates_path")
    for folder in templates if isinstance(templates, list) else []:
        for template in sorted((site.root / str(folder)).rglob("*.html")):
            text = template.read_text(encoding="utf-8", errors="replace")
            if re.search(r"""["']ablog/|\bablog\b""", text):
                line = next(n for n, t in enumerate(text.splitlines(), 1) if "ablog" in t)
                site.note(
                    template,
                    line,
                    "a template of the site's that uses ABlog's templates or variables",
                    "rewrite it without them (ABlog's templates and its 'ablog' context are gone)",
                )


def _sidebar_edits(site: Site, spans: dict[str, tuple[int, int]]) -> list[tuple[int, int, list[str]]]:
    """A literal ``html_sidebars`` without ABlog's templates (``ablog/*.html``), as an edit of its lines."""
    sidebars = site.conf.get("html_sidebars")
    if not isinstance(sidebars, dict) or "html_sidebars" not in spans:
        return []
    cleaned = {
        k: [t for t in v if not str(t).startswith("ablog/")] if isinstance(v, list) else v for k, v in sidebars.items()
    }
    if cleaned == sidebars:
        return []
    first, last = spans["html_sidebars"]
    site.done.append("conf.py: ABlog's sidebar templates (ablog/*.html) taken out of html_sidebars")
    return [(first, last, ["html_sidebars = " + pprint.pformat(cleaned, width=100)])]


def _with_longform_extension(site: Site, spans: dict[str, tuple[int, int]], text: str) -> str:
    """``text`` with 'ablog' replaced by 'longform' (and 'sphinx_reredirects') in a literal ``extensions``;
    one that is not a literal list, noted."""
    extensions = site.conf.get("extensions")
    if isinstance(extensions, list):
        text = re.sub(r"""(["'])ablog\1""", '"longform"', text, count=1)
        if "sphinx_reredirects" not in extensions:
            text = re.sub(r"""(["'])longform\1,?""", '"longform",\n    "sphinx_reredirects",', text, count=1)
    else:
        site.note(
            "conf.py",
            spans.get("extensions", (1, 1))[0],
            "extensions is not a plain list",
            "take 'ablog' out of it and put 'longform' and 'sphinx_reredirects' in by hand",
        )
    return text


def _longform_settings(site: Site, spans: dict[str, tuple[int, int]], essay_dirs: list[str]) -> list[str]:
    """The Longform block's first part: folders, policing, alabaster's buttons, other sites' images, the
    report left out of the pages, the base URL."""
    block = [
        "",
        "",
        "# -- Longform (moved from ABlog by `python -m longform migrate ablog`; see MIGRATION.md) ----------------",
        f"longform_essay_dirs = {essay_dirs!r}",
        "# ABlog trusted every page; Longform polices the folders strangers write. A personal blog: nothing.",
        "# Name the folders others send pull requests to, e.g. ['posts'], to police them.",
        "longform_policed: list[str] = []",
        "longform_note_dirs: list[str] = []",
        "longform_archive_dirs: list[str] = []",
    ]
    block.extend(_alabaster_buttons(site, spans))
    if site.hosts and "longform_allow" not in spans:
        hosts = sorted(site.hosts)
        block.append("# images the pages show from other sites (ABlog showed them): the CSP lets readers fetch them")
        block.append(f"longform_allow = {{'hosts': {hosts!r}}}")
        site.note(
            "conf.py",
            1,
            f"images from other sites ({', '.join(hosts)})",
            "allowed in longform_allow['hosts']; copy them into the site and remove the setting to fetch nothing "
            "from other hosts",
        )
    if "exclude_patterns" in spans:
        block.append('exclude_patterns = [*exclude_patterns, "MIGRATION.md"]  # the move\'s report, not a page')
    else:
        block.append('exclude_patterns = ["MIGRATION.md"]  # the move\'s report, not a page')
    baseurl = site.conf.get("blog_baseurl")
    if isinstance(baseurl, str) and baseurl and "html_baseurl" not in spans:
        block.append(f"html_baseurl = {baseurl if baseurl.endswith('/') else baseurl + '/'!r}")
    return block


def _feed_and_redirect_settings(site: Site, spans: dict[str, tuple[int, int]]) -> list[str]:
    """The Longform block's second part: the feed's length, the authors file, the feeds' old addresses and
    the redirects of ABlog's archive pages and posts."""
    conf = site.conf
    block = []
    length = conf.get("blog_feed_length")
    published = sum(1 for post in site.posts if not post.fields.get("draft")) + len(site.strays)
    if isinstance(length, int) and 1 <= length <= 1000:
        block.append(f"longform_feed_length = {length}")
    elif length is None and published > 20:
        block.append(f"longform_feed_length = {min(published, 1000)}  # ABlog's feed listed every post")
    if conf.get("blog_feed_fulltext") is True:
        block.append("longform_feed_fulltext = True")
    if isinstance(conf.get("blog_authors"), dict) or any(p.authors for p in site.posts):
        block.append('longform_authors_file = "authors.yaml"')
    block.append("# ABlog's feeds, at their old addresses (feed readers do not follow HTML redirects)")
    block.append("longform_feed_aliases = " + pprint.pformat(dict(sorted(site.feed_aliases.items())), width=116))
    block.append("# ABlog's archive pages and posts' old addresses")
    # each target relative to its redirect page (sphinx-reredirects writes it as given): the site works in a subfolder
    drafts = {post.docname for post in site.posts if post.fields.get("draft")}
    redirects = {
        k: _redirect_target(site, k, v)
        for k, v in sorted(site.redirects.items())
        if k not in drafts and not _still_a_page(site, k)
    }
    rendered = pprint.pformat(redirects, width=116)
    if "redirects" in spans:
        block.append(f"redirects.update({rendered})")
    else:
        block.append(f"redirects = {rendered}")
    held = {k: _redirect_target(site, k, v) for k, v in sorted(site.redirects.items()) if k in drafts}
    if held:
        block.append(
            "# ABlog's drafts, withheld until published: their addresses lead to the archive meanwhile. "
            "Delete a draft's line\n# when you publish it (the strict build warns while a redirect holds a page's "
            "address)"
        )
        block.append(f"redirects.update({pprint.pformat(held, width=116)})")
    return block


def _redirect_target(site: Site, source: str, target: str) -> str:
    """``target`` ('/tags/go.html#x') relative to the redirect page sphinx-reredirects writes for ``source``: beside
    it (``<source>.html``, html) or inside it (``<source>/index.html``, dirhtml, whose addresses end in '/')."""
    path, _, fragment = target.lstrip("/").partition("#")
    if site.builder == "dirhtml":
        page = path.removesuffix(".html").removesuffix("index").rstrip("/")
        relative = posixpath.relpath(page or ".", source) + "/"
        relative = "./" if relative == "./" else relative.removeprefix("./")
    else:
        relative = _relative(source, path)
    return relative + (f"#{fragment}" if fragment else "")


def _still_a_page(site: Site, docname: str) -> bool:
    """Whether a source page stays at ``docname`` (a redirect there would overwrite it)."""
    return any(
        (path := site.root / f"{docname}{suffix}").exists() and path not in site.removed for suffix in SOURCE_SUFFIXES
    )


def _alabaster_buttons(site: Site, spans: dict[str, tuple[int, int]]) -> list[str]:
    """Alabaster's GitHub, Travis and Codecov buttons load from other sites, which Longform's policy refuses on
    every page: off, with the reason (ABlog's own documentation has the GitHub button)."""
    conf = site.conf
    options = conf.get("html_theme_options")
    if conf.get("html_theme", "alabaster") != "alabaster" or not isinstance(options, dict):
        return []
    off = []
    if options.get("github_user") and options.get("github_repo") and options.get("github_button", True):
        off.append("github_button")
    off += [name for name in ("travis_button", "codecov_button", "github_banner") if options.get(name)]
    if not off:
        return []
    line = spans.get("html_theme_options", (1, 1))[0]
    site.note(
        "conf.py",
        line,
        f"alabaster's {', '.join(off)} (an iframe or image from another site)",
        "turned off: Longform's pages fetch nothing from other hosts; link the repository in the text",
    )
    settings = ", ".join(f'"{name}": False' for name in off)
    return [
        "# alabaster's buttons load from other sites, which Longform's Content-Security-Policy refuses",
        f"html_theme_options = {{**html_theme_options, {settings}}}",
    ]


def authors_yaml(site: Site) -> str:
    """``authors.yaml`` from ``blog_authors`` and every name a post gives (slug: name, url)."""
    conf_authors = site.conf.get("blog_authors") if isinstance(site.conf.get("blog_authors"), dict) else {}
    people: dict[str, dict[str, str]] = {}
    for label, entry in (conf_authors or {}).items():
        name, url = (entry[0], entry[1]) if isinstance(entry, list | tuple) and len(entry) == 2 else (label, None)
        record = {"name": str(name)}
        if isinstance(url, str) and url.startswith("https://"):
            record["url"] = url
        elif url:
            site.note("conf.py", 1, f"blog_authors '{label}' links to '{url}'", "authors.yaml takes https links only")
        people[author_slug(site, str(label))] = record
    for post in site.posts:
        for name in post.authors:
            slug = author_slug(site, name)
            people.setdefault(slug, {"name": name})
    if not people:
        return ""
    return "# Moved from ABlog's blog_authors and the posts' 'author:' (python -m longform migrate ablog)\n" + (
        yaml.safe_dump(people, allow_unicode=True, sort_keys=True)
    )


def report(site: Site, essay_dirs: list[str]) -> str:
    lines = [
        "# Moving from ABlog",
        "",
        "Written by `python -m longform migrate ablog`. Build with "
        "`python -m sphinx -b html -W --keep-going . _build/html`.",
        "",
        "## What was converted",
        "",
        f"- {len(site.posts)} posts became essays (folders: {', '.join(essay_dirs) or 'none'}).",
        f"- {len(site.redirects)} redirects (sphinx-reredirects): ABlog's archive pages and the posts' "
        "`redirect:` addresses.",
        f"- {len(site.feed_aliases)} feed addresses kept (`longform_feed_aliases`).",
        *(f"- {item}" for item in site.done if "postlist" in item or "conf.py" in item),
        "",
        "## What needs you",
        "",
    ]
    lines += [f"- `{note.path}:{note.line}`: {note.what} — {note.todo}" for note in site.notes] or ["- Nothing."]
    return "\n".join(lines) + "\n"


# -- the command -------------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("source", choices=["ablog"], help="the kind of site to move from (ablog)")
    parser.add_argument("src", type=Path, help="the site's source folder (the one with conf.py)")
    parser.add_argument("--out", type=Path, default=None, help="write the moved site here (a copy); default: in place")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    parser.add_argument(
        "--builder",
        choices=["html", "dirhtml"],
        default=None,
        help="the builder the old site was published with (its addresses: page.html or page/); "
        "default: conf.py's ablog_builder, else html",
    )


def run(args: argparse.Namespace) -> int:
    src: Path = args.src.resolve()
    if not (src / "conf.py").is_file():
        print(f"error: {src} has no conf.py — give the folder of the ABlog site's conf.py", file=sys.stderr)
        return 2
    try:
        conf, _spans, _tree = read_conf(src / "conf.py")
    except SyntaxError as error:
        print(f"error: {src / 'conf.py'}:{error.lineno}: not Python ({error.msg}) — fix it first", file=sys.stderr)
        return 2
    extensions = conf.get("extensions")
    if isinstance(extensions, list) and "ablog" not in extensions:
        moved = "longform" in extensions
        print(
            f"error: {src / 'conf.py'} does not load ablog"
            f"{' — it was moved already (see MIGRATION.md)' if moved else ' — is this an ABlog site?'}",
            file=sys.stderr,
        )
        return 2
    root = src
    if args.out is not None and not args.dry_run:
        out: Path = args.out.resolve()
        if out.exists() and any(out.iterdir()):
            print(f"error: {out} exists and is not empty — give a new folder", file=sys.stderr)
            return 2
        shutil.copytree(src, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*SKIP_DIRS))
        root = out
    site = plan(root, args.builder)
    for path, text in sorted(site.changed.items()):
        rel = path.relative_to(root).as_posix()
        print(f"{'would write' if args.dry_run else 'wrote'} {rel}")
        if not args.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for old, new in sorted(site.removed.items()):
        print(
            f"{'would move' if args.dry_run else 'moved'} {old.relative_to(root).as_posix()} → "
            f"{new.relative_to(root).as_posix()}"
        )
        if not args.dry_run:
            old.unlink()
    print(f"{len(site.posts)} posts, {len(site.redirects)} redirects, {len(site.feed_aliases)} feed addresses")
    for note in site.notes:
        print(note)
    if site.notes:
        print(f"{len(site.notes)} things need you: listed in MIGRATION.md")
    return 0
