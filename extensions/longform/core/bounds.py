"""Bounds on what one page may ask of the build: numbers, characters, nesting, directive options.

One character, one number or one deep bracket in a page must never stop, slow or exhaust a build.
This module holds the limits and the checks; the safety rules (:mod:`longform.core.safety`), the
front-matter contract (:mod:`longform.core.frontmatter`) and the directive lookup
(:func:`longform.core.compat.guard_markup`) apply them:

* **Characters**: what XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone
  surrogates; U+FFFE, U+FFFF) and every Unicode noncharacter are deleted from a page before it is
  parsed (:func:`first_bad_character`, :func:`drop_bad_characters`), and every string written to a
  feed or the sitemap passes :func:`xml_safe`.
* **Numbers**: a number is read from at most :data:`MAX_DIGITS` ASCII digits (:func:`whole_number`);
  ``int()`` never sees an unbounded string.  Front matter: ``part`` in :data:`PART`, ``reading_time``
  in :data:`READING_TIME`.
* **YAML nesting**: at most :data:`MAX_YAML_DEPTH` levels, counted on the token stream before
  anything is composed (:func:`yaml_too_deep`).
* **Markup nesting**: blocks that hold Markdown (directives, ``:::`` blocks) at most :data:`MAX_MARKUP_DEPTH`
  levels deep (counted by the Markdown renderer, :func:`longform.core.compat.install_myst_parser`).
* **Directive options**: :data:`DIRECTIVE_OPTIONS` (and :data:`DIRECTIVE_ARGUMENTS`) give each numeric
  option of an allowed directive its range; :func:`check_option` says what is wrong with a value.
* **Roles whose output is raw HTML**: sphinx-design's ``{octicon}`` writes an SVG with its arguments
  unescaped (:func:`octicon_problem`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# -- characters ------------------------------------------------------------------------------------

#: What XML 1.0 cannot hold, plus every Unicode noncharacter (U+FDD0–U+FDEF and the last two code
#: points of each plane): deleted from pages, vocabularies and everything written to XML.
BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def first_bad_character(text: str) -> tuple[int, str] | None:
    """(1-based line, 'U+XXXX') of the first character :data:`BAD_CHARACTER` matches, or None."""
    found = BAD_CHARACTER.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, f"U+{ord(found[0]):04X}"


def drop_bad_characters(text: str) -> str:
    """``text`` without the characters of :data:`BAD_CHARACTER`."""
    return BAD_CHARACTER.sub("", text)


def bad_character_message(code_point: str, what: str = "page") -> str:
    return (
        f"the {what} holds the character {code_point}, which is invisible and cannot be written to a feed or "
        f"the sitemap — delete it (every such character is removed from the {what} until then)"
    )


def xml_safe(value: Any) -> str:
    """``value`` as text XML 1.0 can hold: every string Longform writes to a feed or the sitemap passes here."""
    return drop_bad_characters(value if isinstance(value, str) else str(value))


# -- numbers ---------------------------------------------------------------------------------------

#: The longest run of digits read as a number (Python refuses to convert over 4,300 digits, and no
#: count on this site needs more than this).
MAX_DIGITS = 9

#: Front matter: a series has at most 999 parts; an essay takes 1 minute to 10 hours to read.
PART = (1, 999)

#: A YAML number no reader could convert in reasonable time (Python refuses over 4,300 digits): the whole
#: YAML text is refused, as for anchors.
HUGE_NUMBER = re.compile(r"[-+]?[0-9_]{100,}")
READING_TIME = (1, 600)


def whole_number(text: str) -> int | None:
    """The whole number ``text`` writes (ASCII digits, an optional '+', at most :data:`MAX_DIGITS`), or None."""
    match = re.fullmatch(rf"\s*\+?([0-9]{{1,{MAX_DIGITS}}})\s*", text)
    return int(match[1]) if match else None


def looks_like_number(text: str) -> bool:
    """Whether ``text`` is digits (any count, an optional sign): a number, however large."""
    return re.fullmatch(r"\s*[+-]?[0-9]+\s*", text) is not None


# -- YAML nesting ----------------------------------------------------------------------------------

#: How deep a contributor's YAML may nest (a vocabulary needs 3 levels; front matter 2).
MAX_YAML_DEPTH = 20

#: How deep a page's markup may nest blocks that hold Markdown (a note in a tab in a card in a grid is 4):
#: each level is parsed, transformed, pickled and written by recursive code, and the Markdown parser lets each
#: level nest lists and quotes 20 deep again: ~150 notes nested in notes, or 12 notes each in 19 quotes,
#: overflowed Python's stack (while parsing, or pickling the page).
MAX_MARKUP_DEPTH = 8


def markup_depth_message(limit: int = MAX_MARKUP_DEPTH) -> str:
    return (
        f"blocks are nested more than {limit} levels deep here (a directive or ::: block inside another) — "
        "flatten them; what is nested deeper is left out"
    )


_OPEN = (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken, yaml.BlockMappingStartToken)
_OPEN_BLOCK = (yaml.BlockSequenceStartToken,)
_CLOSE = (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken, yaml.BlockEndToken)


def yaml_too_deep(text: str, *, limit: int = MAX_YAML_DEPTH) -> int | None:
    """The 1-based line where ``text`` nests deeper than ``limit``, or None.

    Counted on the token stream (libyaml's scanner when PyYAML has it), which stops at the first level
    too many: nothing is composed, so no parser recurses.  A text that does not scan for another reason
    is not too deep (the caller's parser reports it).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, _OPEN + _OPEN_BLOCK):
                depth += 1
                if depth > limit:
                    return int(token.start_mark.line) + 1
            elif isinstance(token, _CLOSE):
                depth = max(0, depth - 1)
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own bound (1,000 levels), met before a token is handed over
            mark = getattr(exc, "problem_mark", None)
            return mark.line + 1 if mark is not None else 1
        return None
    return None


def yaml_depth_message(what: str, limit: int = MAX_YAML_DEPTH) -> str:
    return (
        f"the {what} nests deeper than {limit} levels — write it flat (a list of items, a mapping of keys); "
        "until then it is not read"
    )


# -- directive options -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bound:
    """What one option may hold: ``kind`` is 'int' (a whole number in low..high), 'lines' (line numbers
    of the block's own content), 'columns' (1 or 4 whole numbers in low..high, or 'auto'), 'widths'
    ('auto', 'grid' or at most ``high`` whole numbers of 1..1000), 'expression' (at most 200 characters and
    ``high`` levels of brackets).  Out of range: ``clamp`` to the
    nearest bound, else the option is dropped."""

    kind: str
    low: int = 0
    high: int = 0
    clamp: bool = False
    empty: bool = False  # whether the option may be given without a value
    auto: bool = False  # whether 'auto' stands for a number ('columns')
    refuse: bool = False  # out of bounds: the directive renders nothing ('expression')


_LINES = {"emphasize-lines": Bound("lines")}
_CODE = {"lineno-start": Bound("int", 0, 1_000_000), "dedent": Bound("int", 0, 100, empty=True), **_LINES}
_COLUMNS = Bound("columns", 1, 12, auto=True)
_TABLE = {"widths": Bound("widths", 1, 100)}

#: directive -> option -> bound: every numeric option of an allowed directive.
DIRECTIVE_OPTIONS: dict[str, dict[str, Bound]] = {
    "code-block": _CODE,
    "sourcecode": _CODE,
    "code": {"number-lines": Bound("int", 0, 1_000_000, empty=True)},
    "highlight": {"linenothreshold": Bound("int", 1, 10_000)},
    "hlist": {"columns": Bound("int", 1, 12, clamp=True)},
    "toctree": {"maxdepth": Bound("int", -1, 10, clamp=True), "numbered": Bound("int", 0, 10, clamp=True, empty=True)},
    "contents": {"depth": Bound("int", 1, 10, clamp=True)},
    "table": _TABLE,
    "list-table": {"header-rows": Bound("int", 0, 100), "stub-columns": Bound("int", 0, 100), **_TABLE},
    "image": {"scale": Bound("int", 1, 1000)},
    "figure": {"scale": Bound("int", 1, 1000)},
    "grid": {"gutter": Bound("columns", 0, 5)},
    "grid-item": {"columns": _COLUMNS},
    "grid-item-card": {"columns": _COLUMNS},
    # essay-list checks its :limit: and :year: itself (longform.essay-list), never int() of unbounded text.
    "path-list": {"limit": Bound("int", 1, 1000)},
}

#: directive -> bound of its first argument (sphinx-design's grid columns and carousel count).
DIRECTIVE_ARGUMENTS: dict[str, Bound] = {
    "grid": _COLUMNS,
    "card-carousel": Bound("int", 1, 12, clamp=True),
    # Sphinx parses {only}'s expression recursively: at most 200 characters and 10 levels of brackets.
    "only": Bound("expression", 0, 10, refuse=True),
}


def check_option(bound: Bound, value: str | None, *, content_lines: int = 0) -> tuple[str | None, str]:
    """(the value to use, or None to drop the option; '' or what is wrong with ``value``, such as 'must be a
    whole number from 1 to 12': the caller says what it does about it).

    Only numbers are judged: text that is no number at all is passed on, and the directive reports it
    in its own words, as it always did.
    """
    text = (value or "").strip()
    if bound.empty and not text:
        return value, ""
    if bound.kind == "int":
        return _check_int(bound, text, value)
    if bound.kind == "lines":
        return _check_lines(text, content_lines, value)
    if bound.kind == "columns":
        values = text.split()
        numbers = [v for v in values if v != "auto" or not bound.auto]
        if not all(looks_like_number(v) for v in numbers) or len(values) not in (1, 4):
            return value, ""
        if all(_within(v, bound.low, bound.high) for v in numbers):
            return value, ""
        auto = " (or 'auto')" if bound.auto else ""
        return None, f"must be 1 or 4 whole numbers from {bound.low} to {bound.high}{auto}"
    if bound.kind == "widths":
        values = text.replace(",", " ").split()
        if text in ("auto", "grid") or not all(looks_like_number(v) for v in values):
            return value, ""
        if len(values) <= bound.high and all(_within(v, 1, 1000) for v in values):
            return value, ""
        return None, f"must be 'auto', 'grid' or at most {bound.high} whole numbers from 1 to 1000"
    if bound.kind == "expression":
        depth = deepest = 0
        for ch in text:
            depth += (ch == "(") - (ch == ")")
            deepest = max(deepest, depth)
        if len(text) <= 200 and deepest <= bound.high:
            return value, ""
        return None, f"must be at most 200 characters and {bound.high} levels of brackets"
    raise ValueError(bound.kind)  # pragma: no cover - the table above names only these kinds


def _within(text: str, low: int, high: int) -> bool:
    number = whole_number(text)
    return number is not None and low <= number <= high


def _check_int(bound: Bound, text: str, value: str | None) -> tuple[str | None, str]:
    if not looks_like_number(text):
        return value, ""
    negative = text.startswith("-")
    number = whole_number(text.lstrip("+-"))
    if number is not None and bound.low <= (-number if negative else number) <= bound.high:
        return value, ""
    wanted = f"must be a whole number from {bound.low} to {bound.high}"
    if bound.clamp:
        nearest = bound.low if negative or (number is not None and number < bound.low) else bound.high
        return str(nearest), wanted
    return None, wanted


_LINE_SPEC = re.compile(r"\s*(?:([0-9]+)\s*(-\s*([0-9]*))?|-\s*([0-9]+))\s*")


def _check_lines(text: str, content_lines: int, value: str | None) -> tuple[str | None, str]:
    """A Sphinx line spec ('1,3-5,8-') whose every number is a line of the block (1..content_lines)."""
    wanted = f"must name lines of the block, 1 to {content_lines} (such as '1,3-5')"
    parts = [_LINE_SPEC.fullmatch(part) for part in text.split(",")] if len(text) <= 2000 else [None]
    if len(text) <= 2000 and not all(parts) and not re.search(rf"[0-9]{{{MAX_DIGITS + 1}}}", text):
        return value, ""  # not a line spec at all: Sphinx says so
    for match in parts:
        if match is None:
            return None, wanted
        for number in filter(None, (match[1], match[3], match[4])):
            if len(number) > MAX_DIGITS or not 1 <= int(number) <= content_lines:
                return None, wanted
    return value, ""


# -- roles whose output is raw HTML ----------------------------------------------------------------

_SIZE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3})?(?:px|em|rem)")
_CLASSES = re.compile(r"[A-Za-z0-9_ -]{0,200}")


def octicon_problem(text: str, icons: frozenset[str] | set[str]) -> str | None:
    """What is wrong with the text of ``{octicon}`icon;size;classes```, or None (sphinx-design writes all
    three into an SVG as raw HTML)."""
    values = text.split(";")
    if len(values) > 3:
        return "takes at most three parts, 'icon;size;classes'"
    icon = values[0].strip()
    if icon not in icons:
        return f"names no octicon ('{icon[:40]}'); the names are those of primer.style/octicons, such as 'check'"
    if len(values) > 1 and not _SIZE.fullmatch(values[1].strip()):
        return "has a size that is not a number with px, em or rem, such as '1em' or '16px'"
    if len(values) > 2 and not _CLASSES.fullmatch(values[2]):
        return "has classes that are not letters, digits, '-' and '_' separated by spaces"
    return None
