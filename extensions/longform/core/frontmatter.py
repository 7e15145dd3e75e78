"""The front-matter pipeline: the block is found once, parsed once and typed by one table.

Every step that needs an essay's front matter reads it from here, in three steps:

1. :func:`find_block` finds the block: the lines between a ``---`` on the first line and the next
   ``---`` (or ``...``).  It is the only block finder.
2. :func:`parse` reads the block as YAML under the bounds (:func:`longform.core.bounds.load_yaml`: size,
   nesting, digits, no anchors or aliases, duplicate keys reported) into a :class:`Parsed`: the values as
   YAML typed them, the line of each key, and the block's own problems, located.  Callers go through
   :func:`read`, which keeps each parse in a cache keyed on the block's text that the build passes in
   (:attr:`longform.core.domain.Index.front_matter`): the publishing scan reads a file's block before
   Sphinx reads the file (:func:`longform.core.publishing.scan`), the safety rules read it again at
   ``source-read`` (:func:`longform.core.safety.check_source`), and the YAML is parsed once.
3. :func:`typed` turns the values into a :class:`FrontMatter` by one table, :data:`FIELDS` (key -> what it
   must hold, its bounds, how it is read), collecting a :class:`Problem` for every value it cannot use.
   The catalogue's record (:func:`longform.core.catalogue.record_essay`), the publishing scan, tags, people,
   series and parts read that typed record, never the strings MyST makes of the block.

Which keys a page may carry at all is :func:`key_problem`'s answer (the contract, the page keys and
``longform_allow["front_matter"]``); it is asked once per page, by the safety rules.

A reST page (docinfo fields) or a notebook (its metadata) has no YAML block: its fields are text, which
:func:`from_fields` reads into the values YAML would have given, for the same :func:`typed`.  MyST still
reads the block for its own docinfo (and a maintainer's ``myst:`` options); Longform does not read what
MyST made of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from . import bounds, log

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, MutableMapping

#: Keys beyond the essay contract that any page may carry (Sphinx's and furo's page options, a path's curator).
PAGE_KEYS = frozenset({"orphan", "nosearch", "tocdepth", "hide-toc", "curator"})

#: Keys that would change how a page is parsed or what its <head> holds: refused (see :mod:`longform.core.safety`).
PARSER_KEYS = frozenset({"myst", "mystnb", "html_meta", "substitutions", "myst_slugs", "nocomments"})

#: A notebook's metadata that Jupyter writes itself (nbformat's kernel and language): read by myst-nb, not by
#: Longform, and allowed on ``.ipynb`` pages only (on a Markdown page they would make it a notebook to myst-nb).
NOTEBOOK_KEYS = frozenset({"kernelspec", "language_info"})

#: Metadata the parsers add themselves (MyST: word counts and heading slugs): never the contributor's.
SYSTEM_KEYS = frozenset({"wordcount", "myst_slugs"})

#: Bounds on what one essay may carry (a clear warning beyond them, never a slow build).
MAX_TAGS = 12
MAX_AUTHORS = 8
MAX_TITLE = 200
MAX_DESCRIPTION = 600
#: Essays one typed-link key (``builds_on``, ``responds_to``, ``supersedes``) may name.
MAX_TYPED_LINKS = 8
#: The longest path a typed link may name (longer is no page of a site, and would fill a warning).
MAX_TYPED_LINK_PATH = 200
#: A front-matter block over this many bytes is refused unread (``longform.too-large``).
MAX_FRONT_MATTER_BYTES = 16_000

#: Control characters (tab and newline kept): never part of a name or a URL.
INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")

#: Keys an essay (not a note) must give.
REQUIRED = ("date", "description", "tags")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_DELIMITERS = ("---", "...")
_UNREAD = "until then the page has no date, description or tags"


# -- text ---------------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """NFKC, with format characters (zero-width, bidi overrides) and control characters removed.

    Applied to every name and line of metadata before it is matched or shown, so two tags, titles or
    authors cannot look the same and be different, and no text can reorder what is around it.  What XML
    cannot hold (:data:`longform.core.bounds.BAD_CHARACTER`) is removed too.
    """
    value = unicodedata.normalize("NFKC", bounds.drop_bad_characters(value))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return INVISIBLE.sub("", value)


def parse_date(value: str) -> dt.date | None:
    """Parse an ISO 8601 date (a datetime is accepted; its date is kept)."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def suggest(key: str, known: Iterable[str]) -> str:
    """' — did you mean ...?' for a mistyped key, or the list of keys."""
    names = sorted(known)
    close = log.suggest(key.lower(), names)
    if close:
        return f" — did you mean '{close}'?"
    return f" — the keys this site reads are: {', '.join(names)}"


# -- which keys a page may carry ----------------------------------------------------------------


def allowed_keys(config: Any) -> frozenset[str]:
    """The front-matter keys a maintainer allows beyond the contract: ``longform_allow["front_matter"]``."""
    extra = getattr(config, "longform_allow", None) or {}
    values = extra.get("front_matter", []) if isinstance(extra, dict) else []
    return frozenset(str(value).strip() for value in values if str(value).strip())


def is_unsafe_key(key: str) -> bool:
    """Whether a front-matter key belongs to a parser or the page's <head> (``myst``, ``og:title``…)."""
    return key in PARSER_KEYS or ":" in key


@dataclass(frozen=True, slots=True)
class Problem:
    """One break of the contract: which key, what kind, what to write instead, and (for a problem of the
    block itself) its 1-based line in the source; a key's problem is located at the key's line."""

    key: str
    subtype: str
    message: str
    line: int | None = None


def key_problem(key: str, allowed: frozenset[str], *, where: str, trusted: bool = False) -> Problem | None:
    """Why a page may not carry ``key``, or None.  ``allowed`` is every key the page may carry; a parser's
    or the ``<head>``'s key (:func:`is_unsafe_key`) is refused unless the page is ``trusted`` (a
    maintainer's); any other key outside ``allowed`` is unknown, with the closest allowed key."""
    if key in allowed or key in SYSTEM_KEYS:
        return None
    if is_unsafe_key(key):
        if trusted:
            return None
        return Problem(
            key,
            "unsafe-front-matter",
            f"front-matter key '{key}' changes how the page is parsed or what its <head> holds — "
            f"not allowed in {where}; remove it (a maintainer can allow it with longform_allow)",
        )
    return Problem(key, "unknown-key", f"unknown front-matter key '{key}'{suggest(key, allowed)}")


# -- 1. the block -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A front-matter block: its YAML text, and the 0-based index of its closing line in the source (the
    source's last line when the block is never closed)."""

    text: str
    end: int
    closed: bool = True


def is_delimiter(line: str) -> bool:
    """Whether ``line`` opens (``---``) or closes (``---``, ``...``) a front-matter block."""
    return line.strip() in _DELIMITERS


def find_block(source: str) -> Block | None:
    """The front-matter block of ``source``, or None when its first line is not ``---``."""
    lines = source.split("\n")
    if lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if is_delimiter(lines[index]):
            return Block("\n".join(line.rstrip("\r") for line in lines[1:index]), index)
    return Block("", len(lines) - 1, closed=False)


# -- 2. the parse -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parsed:
    """One block, read: the values as YAML typed them, where each key is, and what was wrong.

    ``refused``: a bound was met and nothing was read (the safety rules blank the block); ``broken``: the
    block is not YAML key-value lines, and no key could be read.  ``spans`` gives each top-level entry's
    first and last 1-based source line (for blanking a refused key); ``lines`` each key's line, and
    ``"__end__"`` the closing line's.
    """

    block: Block
    data: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    spans: tuple[tuple[str, int, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    refused: bool = False
    broken: bool = False


def parse(block: Block) -> Parsed:
    """Read ``block`` as YAML under the bounds: the one parse of a page's front matter (see :func:`read`)."""
    if not block.closed:
        message = "the front matter has no closing '---' — end it with a line of three hyphens before the body"
        return Parsed(block, problems=(Problem("", "front-matter-syntax", message, line=1),), broken=True)
    end = {"__end__": block.end + 1}
    try:
        result = bounds.load_yaml(block.text, what="front matter", max_bytes=MAX_FRONT_MATTER_BYTES)
    except yaml.YAMLError as exc:
        return Parsed(block, lines=end, problems=(_syntax_problem(block, exc),), broken=True)
    problems = tuple(Problem("", subtype, message, line=line + 1) for line, subtype, message in result.problems)
    root = result.root
    if result.refused or root is None:
        return Parsed(block, lines=end, problems=problems, refused=result.refused)
    if not isinstance(result.data, dict) or not isinstance(root, yaml.MappingNode):
        message = "the front matter must be 'key: value' lines (a mapping), not a list or a single value"
        return Parsed(block, lines=end, problems=(Problem("", "front-matter-syntax", message, line=2),), broken=True)
    spans = tuple(
        (str(key.value), key.start_mark.line + 2, value.end_mark.line + 1 + (1 if value.end_mark.column else 0))
        for key, value in root.value
    )
    lines: dict[str, int] = {}
    for name, first, _last in spans:
        lines.setdefault(name, first)
    data = {str(key): value for key, value in result.data.items()}
    return Parsed(block, data=data, lines={**lines, **end}, spans=spans, problems=problems)


def _syntax_problem(block: Block, exc: yaml.YAMLError) -> Problem:
    """The one problem of a block that is not YAML: the parser's words and line, or the date that does not exist."""
    if isinstance(exc, yaml.MarkedYAMLError):
        try:  # the pure-Python parser names what it expected (libyaml's words are vaguer): only on this path
            bounds.load_yaml(
                block.text, what="front matter", max_bytes=MAX_FRONT_MATTER_BYTES, loader_cls=yaml.SafeLoader
            )
        except yaml.MarkedYAMLError as again:
            exc = again
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return Problem(
            "",
            "front-matter-syntax",
            f"the front matter is not valid YAML ({problem}) — fix this line; {_UNREAD}",
            line=mark.line + 2 if mark is not None else 1,
        )
    # PyYAML's constructor raises ValueError for a date that does not exist, such as 2026-02-30.
    for number, line in enumerate(block.text.split("\n"), start=2):
        match = re.match(r"^\s*([\w-]+)\s*:\s*['\"]?(\d{4})-(\d{2})-(\d{2})\b", line)
        if match and parse_date(f"{match[2]}-{match[3]}-{match[4]}") is None:
            return Problem(
                match[1],
                "bad-date",
                f"'{match[1]}: {match[2]}-{match[3]}-{match[4]}' is not a date that exists — fix the day "
                f"or the month; {_UNREAD}",
                line=number,
            )
    return Problem("", "front-matter-syntax", f"the front matter could not be read ({exc}) — fix it; {_UNREAD}", line=1)


def read(source: str, cache: MutableMapping[str, Parsed] | None = None) -> Parsed | None:
    """The parsed front matter of ``source`` (None without a block), from ``cache`` when a block of the same
    text was parsed before in this build."""
    block = find_block(source)
    if block is None:
        return None
    if cache is None or not block.closed:
        return parse(block)
    found = cache.get(block.text)
    if found is None:
        found = cache[block.text] = parse(block)
    return found


def from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A reST page's docinfo fields or a notebook's metadata as front-matter values: text that writes a JSON
    list or mapping (myst-nb's way) is that list or mapping; parsers' own keys are left out."""
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key in SYSTEM_KEYS:
            continue
        if isinstance(value, str) and value.lstrip().startswith(("[", "{")):
            try:
                decoded = json.loads(value)
            except ValueError:
                decoded = None
            if isinstance(decoded, list | dict):
                value = decoded
        values[key] = value
    return values


# -- 3. the types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Typed front matter of one page: every field has a usable default; ``given`` is the keys written."""

    title: str | None = None
    date: dt.date | None = None
    description: str = ""
    tags: tuple[str, ...] = ()
    series: str | None = None
    part: int | None = None
    updated: dt.date | None = None
    draft: bool = False
    reading_time: int | None = None
    author: str | None = None
    authors: tuple[str, ...] = ()
    link: str | None = None
    image: str | None = None
    #: Typed links, each target as written (a docname, relative to the page or absolute from the source folder).
    builds_on: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    given: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class _Typing:
    """What one call of :func:`typed` collects while it reads the table."""

    require: bool
    text_lists: bool
    problems: list[Problem] = field(default_factory=list)

    def bad(self, key: str, subtype: str, message: str) -> None:
        self.problems.append(Problem(key, subtype, message))


@dataclass(frozen=True, slots=True)
class Field:
    """One key of the contract: what it must hold (shown in messages and the reference page), its bounds
    (characters of a text, items of a list, the range of a number) and how it is read."""

    expect: str
    #: (key, value as written, this field, the call collecting problems) -> the typed value, or None.
    reader: Callable[[str, Any, Field, _Typing], Any]
    limit: tuple[int, int] = (0, 0)
    example: str = ""


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _text(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    """A line of text, cleaned; a list or mapping is a problem."""
    if isinstance(value, list | dict):
        typing.bad(key, "bad-type", f"'{key}' must be {spec.expect}, not a list or mapping")
        return None
    return clean_text(_shown(value)).strip()


def _title(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    title = _text(key, value, spec, typing)
    if title is None:
        return None
    high = spec.limit[1]
    if len(title) > high:
        typing.bad(key, "too-long", f"'{key}' is {len(title)} characters — keep it under {high}")
        title = title[:high].rstrip()
    if not title:
        typing.bad(key, "bad-type", f"'{key}' is empty — remove it to use the page's heading, or write one")
    return title or None


def _description(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    text = _text(key, value, spec, typing)
    if text is None:
        return None
    text = " ".join(text.split())
    high = spec.limit[1]
    if len(text) > high:
        typing.bad(key, "too-long", f"'{key}' is {len(text)} characters — one or two sentences, under {high}")
        text = text[:high].rsplit(" ", 1)[0] + "…"
    if not text:
        typing.bad(key, "missing-description", f"'{key}' is empty — write one or two sentences")
    return text


def _slug(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    return _text(key, value, spec, typing) or None


def _date(key: str, value: Any, spec: Field, typing: _Typing) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    shown = "a list or mapping" if isinstance(value, list | dict) else f"'{clean_text(_shown(value)).strip()}'"
    day = None if isinstance(value, list | dict) else parse_date(clean_text(_shown(value)))
    if day is None:
        typing.bad(
            key,
            "bad-date",
            f"'{key}' is {shown}, which is not an ISO 8601 date — write it as YYYY-MM-DD, e.g. '{spec.example}'",
        )
    return day


def _flag(key: str, value: Any, spec: Field, typing: _Typing) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _shown(value).strip().lower() if isinstance(value, str) else None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    typing.bad(key, "bad-type", f"'{key}' is '{_shown(value)}' — it must be {spec.expect}")
    return None


def _number(key: str, value: Any, spec: Field, typing: _Typing) -> int | None:
    """A whole number in the field's range (at most :data:`longform.core.bounds.MAX_DIGITS` digits are read)."""
    text = _shown(value)
    number = None if isinstance(value, bool) else bounds.whole_number(text)
    low, high = spec.limit
    if number is not None and low <= number <= high:
        return number
    shown = text if len(text) <= 20 else text[:17] + "..."
    if number is not None or bounds.looks_like_number(text):
        typing.bad(key, "out-of-range", f"'{key}' is '{shown}' — it must be from {low} to {high}{spec.example}")
    else:
        typing.bad(key, "bad-type", f"'{key}' is '{shown}' — it must be {spec.expect}{spec.example}")
    return None


def _items(value: Any, *, text_lists: bool) -> tuple[list[Any], bool]:
    """(items, whether they were written as a list): a bare 'go, concurrency' keeps its names but is not a
    list, unless the page's fields are text (reST), where it is the way to write one."""
    if isinstance(value, list):
        return value, True
    items = [part.strip() for part in _shown(value).split(",") if part.strip()]
    return items, text_lists and bool(items)


def _tags(key: str, value: Any, spec: Field, typing: _Typing) -> tuple[str, ...]:
    items, was_list = _items(value, text_lists=typing.text_lists)
    good = [clean_text(str(item)).strip() for item in items if isinstance(item, str | int | float)]
    good = [item for item in good if item]
    if not was_list:
        typing.bad(key, "bad-type", f"'{key}' must be a list — write '{key}: [{', '.join(good) or 'a-tag'}]'")
    elif len(good) != len(items):
        typing.bad(key, "bad-type", f"every item of '{key}' must be a tag name such as 'concurrency'")
    elif not good and typing.require:
        typing.bad(key, "missing-tags", f"'{key}' is empty — give at least one tag from tags.yaml")
    first: dict[str, str] = {}
    for item in good:
        first.setdefault(item.lower(), item)  # one of each name, in any case: the first spelling, in order
    kept = list(first.values())
    high = spec.limit[1]
    if len(kept) > high:
        typing.bad(key, "too-many-tags", f"{len(kept)} tags — give at most {high}; the first {high} are kept")
    return tuple(kept[:high])


def _authors(key: str, value: Any, spec: Field, typing: _Typing) -> tuple[str, ...]:
    items, was_list = _items(value, text_lists=typing.text_lists)
    names = [clean_text(item).strip() for item in items if isinstance(item, str) and item.strip()]
    if not was_list or len(names) != len(items):
        typing.bad(key, "bad-type", f"'{key}' must be {spec.expect}")
    high = spec.limit[1]
    if len(names) > high:
        typing.bad(key, "too-many-authors", f"{len(names)} authors — give at most {high}")
    return tuple(dict.fromkeys(names[:high]))


def _link(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    link = _text(key, value, spec, typing)
    if link is None or re.fullmatch(r"https?://[^\s<>\"']+", link):
        return link
    typing.bad(key, "unsafe-url", f"'{key}' is '{link[:80]}' — write the full http:// or https:// address of the piece")
    return None


def _image(key: str, value: Any, spec: Field, typing: _Typing) -> str | None:
    image = _text(key, value, spec, typing)
    if image is None:
        return None
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", image)
    if (scheme and scheme[1].lower() not in ("http", "https")) or image.startswith(("//", "\\")):
        typing.bad(
            key,
            "unsafe-url",
            f"'{key}' is '{image[:60]}' — give a figure of this page (a relative path) or an https:// URL",
        )
        return None
    return image or None


#: A ``{doc}`path``` role written as a typed link's target: the path inside is the target.
_DOC_ROLE = re.compile(r"^\{doc\}`(?:[^`<]*<)?([^`>]+)>?`$")
#: Suffixes a typed link's target may carry (as in a Markdown link): dropped, the docname is what is left.
_SOURCE_SUFFIXES = (".md", ".rst", ".ipynb", ".txt")


def typed_link_target(written: str) -> str | None:
    """The page path a typed link's item names (``essays/x``, ``../x.md``, ``/essays/x``, ``{doc}`x```), suffix
    dropped; None when it cannot name a page of the site (an address, an anchor, nothing)."""
    text = clean_text(written).strip()
    role = _DOC_ROLE.match(text)
    if role:
        text = role[1].strip()
    if not text or "#" in text or re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text) or text.startswith("//"):
        return None
    if any(ch.isspace() for ch in text) or "\\" in text or len(text) > MAX_TYPED_LINK_PATH:
        return None
    for suffix in _SOURCE_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.rstrip("/") or None


def _typed_links(key: str, value: Any, spec: Field, typing: _Typing) -> tuple[str, ...]:
    """Essays this one builds on, responds to or supersedes: one path or a list of them (suffix optional)."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, str) and typing.text_lists:  # a reST field: 'a, b' is the way to write a list
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, dict):
        message = f"'{key}' must be {spec.expect}, not a mapping — e.g. '{key}: {spec.example}'"
        typing.bad(key, "typed-link-syntax", message)
        return ()
    else:
        items = [] if value is None else [value]
    kept: list[str] = []
    for item in items:
        target = typed_link_target(item) if isinstance(item, str) else None
        if target is None:
            shown = clean_text(_shown(item)).strip()[:80]
            typing.bad(
                key,
                "typed-link-syntax",
                f"'{key}' names '{shown}', which is not the path of an essay of this site — write its path as in a "
                f"toctree, e.g. '{key}: {spec.example}' (no address, no '#section')",
            )
        elif target not in kept:
            kept.append(target)
    if not items:
        typing.bad(key, "typed-link-syntax", f"'{key}' is empty — name an essay, e.g. '{key}: {spec.example}'")
    high = spec.limit[1]
    if len(kept) > high:
        typing.bad(key, "typed-link-syntax", f"'{key}' names {len(kept)} essays — name at most {high}")
    return tuple(kept[:high])


#: The contract: every key an essay, note or earlier piece may carry, in the order problems are reported.
FIELDS: dict[str, Field] = {
    "title": Field("a line of text", _title, (1, MAX_TITLE)),
    "date": Field("an ISO 8601 date such as 2026-05-12", _date, example="date: 2026-05-12"),
    "updated": Field("an ISO 8601 date such as 2026-06-01", _date, example="updated: 2026-06-01"),
    "description": Field("one or two sentences of plain text", _description, (1, MAX_DESCRIPTION)),
    "tags": Field("a list such as [go, concurrency]", _tags, (1, MAX_TAGS)),
    "series": Field("a series slug from series.yaml", _slug),
    "part": Field("a whole number (1, 2, 3, ...)", _number, bounds.PART),
    "draft": Field("true or false", _flag),
    "reading_time": Field("a whole number of minutes", _number, bounds.READING_TIME, ", e.g. 'reading_time: 12'"),
    "author": Field("one author slug from authors.yaml (or use 'authors')", _slug),
    "authors": Field("a list of author slugs from authors.yaml, such as [ada-park]", _authors, (0, MAX_AUTHORS)),
    "link": Field("the http(s) URL of the piece a note discusses", _link),
    "image": Field("a path or URL of the social-card image", _image),
    "builds_on": Field(
        "the path of an essay this one builds on, or a list of them", _typed_links, (0, MAX_TYPED_LINKS), "caching"
    ),
    "responds_to": Field(
        "the path of an essay this one answers, or a list of them",
        _typed_links,
        (0, MAX_TYPED_LINKS),
        "/essays/queues",
    ),
    "supersedes": Field(
        "the path of an earlier essay this one replaces, or a list of them",
        _typed_links,
        (0, MAX_TYPED_LINKS),
        "retries-v1",
    ),
}

#: Keys of the contract, and what each must hold (shown in messages and on the reference page).
CONTRACT: dict[str, str] = {key: spec.expect for key, spec in FIELDS.items()}

#: How a missing required key is reported.
_MISSING = {
    "date": ("missing-date", "no 'date' in the front matter — add 'date: YYYY-MM-DD'"),
    "description": (
        "missing-description",
        "no 'description' in the front matter — add one or two sentences for listings and feeds",
    ),
    "tags": ("missing-tags", "no 'tags' in the front matter — add e.g. 'tags: [architecture]'"),
}


def typed(data: Mapping[str, Any], *, require: bool = True, text_lists: bool = False) -> FrontMatter:
    """The :class:`FrontMatter` of ``data`` (YAML's values, or :func:`from_fields`'), with its problems.

    Every key of :data:`FIELDS` is read by its field's reader; other keys are left to :func:`key_problem`.
    With ``require`` false (notes, a broken block) a missing required key is not a problem.  With
    ``text_lists`` (reST fields, notebook metadata) ``tags: go, concurrency`` is a list as written.  The
    result is always usable: a bad value is reported and replaced by the field's default, or by the best
    reading of it (a bare tag string still gives its tags).
    """
    typing = _Typing(require=require, text_lists=text_lists)
    values = {key: spec.reader(key, data[key], spec, typing) for key, spec in FIELDS.items() if key in data}
    _relations(values, data, typing)
    if require:
        for key, (subtype, message) in _MISSING.items():
            if key not in data:
                typing.bad(key, subtype, message)
    if "authors" not in data and values.get("author"):
        values["authors"] = (values["author"],)
    kept = {key: value for key, value in values.items() if value is not None}
    return FrontMatter(**kept, given=frozenset(data), problems=tuple(typing.problems))


def _relations(values: dict[str, Any], data: Mapping[str, Any], typing: _Typing) -> None:
    """What one key says about another: an update after the date, a part with its series, one author key."""
    date, updated = values.get("date"), values.get("updated")
    if date is not None and updated is not None and updated < date:
        typing.bad(
            "updated",
            "bad-date",
            f"'updated' ({updated.isoformat()}) is before 'date' ({date.isoformat()}) — "
            "an update comes after publication; fix one of the two",
        )
    series, part = values.get("series"), values.get("part")
    if part is not None and series is None:
        typing.bad(
            "part", "part-without-series", "'part' is set but 'series' is not — add 'series: <slug>' or remove 'part'"
        )
    if series is not None and "part" not in data:
        typing.bad(
            "series", "series-without-part", f"'series: {series}' needs 'part: N' — say which part this essay is"
        )
    if "authors" in data and "author" in data:
        typing.bad("authors", "bad-type", "both 'author' and 'authors' are set — keep one: 'authors: [a, b]'")
