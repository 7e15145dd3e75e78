"""The front-matter contract: decode what MyST hands over, and check it.

MyST stores an essay's YAML front matter in ``env.metadata[docname]`` with every
value turned into a string: scalars with ``str()`` and lists or mappings with
``json.dumps()``.  This module is the one place that turns those strings back
into typed values (:func:`decode`) and reports every break of the contract as a
:class:`Problem` that the caller turns into a Sphinx warning with file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import bounds, log

#: libyaml's safe loader when PyYAML was built with it (about ten times faster), else the
#: pure-Python one; both build the same data.  Shared with :mod:`longform.vocabulary`.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Keys of the contract, and what each must hold (shown in messages).
CONTRACT: dict[str, str] = {
    "title": "a line of text",
    "date": "an ISO 8601 date such as 2026-05-12",
    "description": "one or two sentences of plain text",
    "tags": "a list such as [go, concurrency]",
    "series": "a series slug from series.yaml",
    "part": "a whole number (1, 2, 3, ...)",
    "updated": "an ISO 8601 date such as 2026-06-01",
    "draft": "true or false",
    "reading_time": "a whole number of minutes",
    "author": "one author slug from authors.yaml (or use 'authors')",
    "authors": "a list of author slugs from authors.yaml, such as [ada-park]",
    "link": "the http(s) URL of the piece a note discusses",
    "image": "a path or URL of the social-card image",
}

#: Keys beyond the essay contract that any page may carry (Sphinx's and furo's page options, a path's curator).
PAGE_KEYS = frozenset({"orphan", "nosearch", "tocdepth", "hide-toc", "curator"})

#: Keys that would change how a page is parsed or what its <head> holds: refused (see :mod:`longform.safety`).
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

#: Control characters (tab and newline kept): never part of a name or a URL.
INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")


def clean_text(value: str) -> str:
    """NFKC, with format characters (zero-width, bidi overrides) and control characters removed.

    Applied to every name and line of metadata before it is matched or shown, so two tags, titles or
    authors cannot look the same and be different, and no text can reorder what is around it.  What XML
    cannot hold (:data:`longform.core.bounds.BAD_CHARACTER`) is removed too.
    """
    value = unicodedata.normalize("NFKC", bounds.drop_bad_characters(value))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return INVISIBLE.sub("", value)


def allowed_keys(config: Any) -> frozenset[str]:
    """The front-matter keys a maintainer allows beyond the contract: ``longform_allow["front_matter"]``
    (read here so that the safety rules and the catalogue's contract check agree)."""
    extra = getattr(config, "longform_allow", None) or {}
    values = extra.get("front_matter", []) if isinstance(extra, dict) else []
    return frozenset(str(value).strip() for value in values if str(value).strip())


def is_unsafe_key(key: str) -> bool:
    """Whether a front-matter key belongs to a parser or the page's <head> (``myst``, ``og:title``…)."""
    return key in PARSER_KEYS or ":" in key


REQUIRED = ("date", "description", "tags")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One break of the contract: which key, what kind, and what to write instead."""

    key: str
    subtype: str
    message: str


@dataclass(slots=True)
class FrontMatter:
    """Typed front matter of one essay. Every field has a usable default."""

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
    problems: list[Problem] = field(default_factory=list)


def decode_list(value: str) -> tuple[list[Any] | None, bool]:
    """Decode a MyST list value. Returns (items, was_a_list)."""
    text = value.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return items, True
    if not text:
        return [], False
    # A bare string: "go" or "go, concurrency". Keep it, but it is not a list.
    return [part.strip() for part in text.split(",") if part.strip()], False


def _list_value(value: Any, *, text_lists: bool) -> tuple[list[Any] | None, bool]:
    """A list from front matter (MyST's JSON string) or a reST docinfo field (text, or docutils' list)."""
    if isinstance(value, list):  # docutils splits :authors: into names itself
        return [str(item).strip() for item in value if str(item).strip()], True
    items, was_list = decode_list(str(value))
    return items, was_list or (text_lists and bool(items))


def parse_date(value: str) -> dt.date | None:
    """Parse an ISO 8601 date (a datetime is accepted; its date is kept)."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _parse_bool(value: str) -> bool | None:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _parse_int(value: str) -> int | None:
    """A whole number of at most :data:`longform.core.bounds.MAX_DIGITS` digits (``int()`` never sees more)."""
    return bounds.whole_number(value)


_EXAMPLE = {"part": "", "reading_time": ", e.g. 'reading_time: 12'"}


def _bounded(key: str, text: str, limits: tuple[int, int], bad: Any) -> int | None:
    """The number ``text`` gives for ``key`` when it is one in ``limits``; else a problem, and None."""
    low, high = limits
    number = _parse_int(text)
    shown = text if len(text) <= 20 else text[:17] + "..."
    if number is not None and low <= number <= high:
        return number
    if number is not None or bounds.looks_like_number(text):
        bad(key, "out-of-range", f"'{key}' is '{shown}' — it must be from {low} to {high}{_EXAMPLE[key]}")
    else:
        bad(key, "bad-type", f"'{key}' is '{shown}' — it must be {CONTRACT[key]}{_EXAMPLE[key]}")
    return None


def suggest(key: str, known: list[str]) -> str:
    """' — did you mean ...?' for a mistyped key, or the list of keys."""
    close = log.suggest(key.lower(), known)
    if close:
        return f" — did you mean '{close}'?"
    return f" — the keys this site reads are: {', '.join(sorted(known))}"


def decode(
    raw: dict[str, Any], *, require: bool = True, text_lists: bool = False, allowed: frozenset[str] = frozenset()
) -> FrontMatter:
    """Turn MyST's string metadata into a :class:`FrontMatter`, collecting problems.

    With ``require`` false (short notes, for instance) missing required keys are
    not problems.  With ``text_lists`` (reST pages, whose docinfo fields are text),
    ``:tags: go, concurrency`` is a list as written.  The result is always usable: a bad value is reported and replaced
    by the field's default, or by the best reading of it (a bare tag string still
    gives its tags, so nothing is lost).
    """
    fm = FrontMatter()
    problems = fm.problems

    def bad(key: str, subtype: str, message: str) -> None:
        problems.append(Problem(key, subtype, message))

    for key in raw:
        if key in CONTRACT or key in PAGE_KEYS or key in SYSTEM_KEYS or key in allowed:
            continue
        if is_unsafe_key(key):
            bad(
                key,
                "unsafe-front-matter",
                f"front-matter key '{key}' changes how the page is parsed or what its <head> holds — "
                "pages may not do that; remove it",
            )
        else:
            bad(key, "unknown-key", f"unknown front-matter key '{key}'{suggest(key, list(CONTRACT))}")

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            value = str(value)
        value = clean_text(value)
        if value.lstrip().startswith(("[", "{")):
            try:
                decoded = json.loads(value)
            except ValueError:
                decoded = None
            if isinstance(decoded, (list, dict)):
                bad(key, "bad-type", f"'{key}' must be {CONTRACT[key]}, not a list or mapping")
                return None
        return value.strip()

    if (title := text("title")) is not None:
        if len(title) > MAX_TITLE:
            bad("title", "too-long", f"'title' is {len(title)} characters — keep it under {MAX_TITLE}")
            title = title[:MAX_TITLE].rstrip()
        if title:
            fm.title = title
        else:
            bad("title", "bad-type", "'title' is empty — remove it to use the page's heading, or write one")

    date_text = text("date")
    if date_text is not None:
        fm.date = parse_date(date_text)
        if fm.date is None:
            bad(
                "date",
                "bad-date",
                f"'date' is '{date_text}', which is not an ISO 8601 date — write it as YYYY-MM-DD, "
                "e.g. 'date: 2026-05-12'",
            )

    updated_text = text("updated")
    if updated_text is not None:
        fm.updated = parse_date(updated_text)
        if fm.updated is None:
            bad(
                "updated",
                "bad-date",
                f"'updated' is '{updated_text}', which is not an ISO 8601 date — write it as "
                "YYYY-MM-DD, e.g. 'updated: 2026-06-01'",
            )
        elif fm.date and fm.updated < fm.date:
            bad(
                "updated",
                "bad-date",
                f"'updated' ({fm.updated.isoformat()}) is before 'date' ({fm.date.isoformat()}) — "
                "an update comes after publication; fix one of the two",
            )

    description = text("description")
    if description is not None:
        fm.description = " ".join(description.split())
        if len(fm.description) > MAX_DESCRIPTION:
            bad(
                "description",
                "too-long",
                f"'description' is {len(fm.description)} characters — one or two sentences, under {MAX_DESCRIPTION}",
            )
            fm.description = fm.description[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + "…"
        if not fm.description:
            bad("description", "missing-description", "'description' is empty — write one or two sentences")

    if "tags" in raw:
        items, was_list = _list_value(raw["tags"], text_lists=text_lists)
        items = items or []
        good = [clean_text(str(item)).strip() for item in items if isinstance(item, (str, int, float))]
        good = [item for item in good if item]
        if not was_list:
            shown = ", ".join(good) or "a-tag"
            bad("tags", "bad-type", f"'tags' must be a list — write 'tags: [{shown}]'")
        elif len(good) != len(items):
            bad("tags", "bad-type", "every item of 'tags' must be a tag name such as 'concurrency'")
        elif not good and require:
            bad("tags", "missing-tags", "'tags' is empty — give at least one tag from tags.yaml")
        seen: list[str] = []
        for item in good:
            if item.lower() not in (s.lower() for s in seen):
                seen.append(item)
        if len(seen) > MAX_TAGS:
            bad("tags", "too-many-tags", f"{len(seen)} tags — give at most {MAX_TAGS}; the first {MAX_TAGS} are kept")
            seen = seen[:MAX_TAGS]
        fm.tags = tuple(seen)

    if (series := text("series")) is not None:
        fm.series = series or None

    if "part" in raw:
        part_text = str(raw["part"])
        fm.part = _bounded("part", part_text, bounds.PART, bad)

    if fm.part is not None and fm.series is None:
        bad("part", "part-without-series", "'part' is set but 'series' is not — add 'series: <slug>' or remove 'part'")
    if fm.series is not None and fm.part is None and "part" not in raw:
        bad("series", "series-without-part", f"'series: {fm.series}' needs 'part: N' — say which part this essay is")

    for key in ("draft",):
        if key in raw:
            parsed = _parse_bool(str(raw[key]))
            if parsed is None:
                bad(key, "bad-type", f"'{key}' is '{raw[key]}' — it must be true or false")
            else:
                fm.draft = parsed

    if "reading_time" in raw:
        fm.reading_time = _bounded("reading_time", str(raw["reading_time"]), bounds.READING_TIME, bad)

    if (author := text("author")) is not None:
        fm.author = author or None
    if "authors" in raw:
        items, was_list = _list_value(raw["authors"], text_lists=text_lists)
        names = [clean_text(str(item)).strip() for item in items or [] if isinstance(item, str) and str(item).strip()]
        if not was_list or len(names) != len(items or []):
            bad("authors", "bad-type", f"'authors' must be {CONTRACT['authors']}")
        if "author" in raw:
            bad("authors", "bad-type", "both 'author' and 'authors' are set — keep one: 'authors: [a, b]'")
        if len(names) > MAX_AUTHORS:
            bad("authors", "too-many-authors", f"{len(names)} authors — give at most {MAX_AUTHORS}")
            names = names[:MAX_AUTHORS]
        fm.authors = tuple(dict.fromkeys(names))
    elif fm.author:
        fm.authors = (fm.author,)
    if (link := text("link")) is not None:
        if re.fullmatch(r"https?://[^\s<>\"']+", link):
            fm.link = link
        else:
            bad(
                "link",
                "unsafe-url",
                f"'link' is '{link[:80]}' — write the full http:// or https:// address of the piece",
            )
    if (image := text("image")) is not None:
        scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", image)
        if (scheme and scheme[1].lower() not in ("http", "https")) or image.startswith(("//", "\\")):
            bad(
                "image",
                "unsafe-url",
                f"'image' is '{image[:60]}' — give a figure of this page (a relative path) or an https:// URL",
            )
        else:
            fm.image = image or None

    if require:
        if "date" not in raw:
            bad("date", "missing-date", "no 'date' in the front matter — add 'date: YYYY-MM-DD'")
        if "description" not in raw:
            bad(
                "description",
                "missing-description",
                "no 'description' in the front matter — add one or two sentences for listings and feeds",
            )
        if "tags" not in raw:
            bad("tags", "missing-tags", "no 'tags' in the front matter — add e.g. 'tags: [architecture]'")
    return fm


def _closing_line(lines: list[str]) -> int | None:
    """Index of the line that closes a front-matter block opened on line 0, or None."""
    return next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)


def is_unclosed(source: str) -> bool:
    """Whether ``source`` opens a front-matter block and never closes it."""
    lines = source.splitlines()
    return bool(lines) and lines[0].strip() == "---" and _closing_line(lines) is None


def check_block(source: str) -> Problem | None:
    """Problems with the front-matter block itself, which MyST drops silently or vaguely.

    Returns one :class:`Problem` whose ``key`` is the 1-based line as a string: an
    empty file, a block with no closing ``---``, YAML that does not parse (with the
    parser's own message and line), or YAML that is not a mapping.
    """
    if not source.strip():
        return Problem(
            "1", "empty-essay", "the file is empty — write the front matter and a '# Title', or delete the file"
        )
    lines = source.splitlines()
    if lines[0].strip() != "---":
        return None
    end = _closing_line(lines)
    if end is None:
        return Problem(
            "1",
            "front-matter-syntax",
            "the front matter has no closing '---' — end it with a line of three hyphens before the body",
        )
    block = "\n".join(lines[1:end])
    try:
        # libyaml first (an essay's block is parsed on every read); for a broken block, the
        # pure-Python parser again, for its wording and line in the warning.
        try:
            data = yaml.load(block, Loader=LOADER)
        except (yaml.YAMLError, ValueError, TypeError):
            data = yaml.safe_load(block)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return Problem(
            str(line),
            "front-matter-syntax",
            f"the front matter is not valid YAML ({problem}) — fix this line; until then the page has no "
            "date, description or tags",
        )
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        # PyYAML raises ValueError for a date that does not exist, such as 2026-02-30.
        for number, line in enumerate(lines[1:end], start=2):
            match = re.match(r"^\s*([\w-]+)\s*:\s*['\"]?(\d{4})-(\d{2})-(\d{2})\b", line)
            if match:
                try:
                    dt.date(int(match[2]), int(match[3]), int(match[4]))
                except ValueError:
                    return Problem(
                        str(number),
                        "bad-date",
                        f"'{match[1]}: {match[2]}-{match[3]}-{match[4]}' is not a date that exists — fix the day "
                        "or the month; until then the page has no date, description or tags",
                    )
        return Problem(
            "1",
            "front-matter-syntax",
            f"the front matter could not be read ({exc}) — fix it; until then the page has no date, description "
            "or tags",
        )
    if data is not None and not isinstance(data, dict):
        return Problem(
            "2",
            "front-matter-syntax",
            "the front matter must be 'key: value' lines (a mapping), not a list or a single value",
        )
    return None


_KEY_LINE = re.compile(r"^([A-Za-z_][\w:.-]*)\s*:")


def key_lines(source: str) -> dict[str, int]:
    """Map each top-level front-matter key to its 1-based line in ``source``.

    Used only for warning locations: MyST does not keep line numbers for front matter.
    """
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            found.setdefault("__end__", number)
            break
        match = _KEY_LINE.match(line)
        if match:
            found.setdefault(match[1], number)
    return found
