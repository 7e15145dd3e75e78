"""Names that look alike: authors and tags a reader (or a forger) cannot tell apart.

Two entries of ``authors.yaml`` whose names look alike — ``Ines Varga`` and ``Inеs Varga`` with a
Cyrillic "е", or the same name twice — would give two bylines a reader takes for one person; a tag
title with a Cyrillic "о" gives a second page that looks like the first.  Each name is compared by
its *skeleton*: every character replaced by the prototype Unicode's confusables table gives it
(``confusable-homoglyphs`` ships that table: a character that looks like another maps to it, and a
prototype lists the characters that look like it), so ``Inеs`` and ``Ines`` have one skeleton.
Names are also compared after NFKC and case folding (the same name written twice).

A word that mixes scripts outside the combinations one language writes with (Latin with Cyrillic,
say; Latin with Han, Hiragana and Katakana is Japanese) is suspicious by itself: the check that Unicode's
"highly restrictive" level describes (UTS #39).

The newer entry (the later line) gets the one warning, which names the earlier entry and its line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from confusable_homoglyphs import categories, confusables

from .log import warn

if TYPE_CHECKING:
    from pathlib import Path

    from .vocabulary import Vocabulary

#: Script aliases that belong to every script (digits, punctuation, combining marks).
_ANY_SCRIPT = frozenset({"COMMON", "INHERITED"})
#: Scripts written together in one word (UTS #39, "highly restrictive": Latin with Japanese, Chinese or Korean).
_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
)
_MARKS = "\u200e\u200f"  # the table wraps right-to-left characters in direction marks


def _prototype(char: str) -> str:
    """What ``char`` looks like, as the confusables table says (itself when nothing, or when it is the prototype).

    The table lists, for a character that looks like another, that one character (its prototype),
    and for a prototype, every character that looks like it.  A pair that lists only each other is
    one of the two: the lower code point stands for both.
    """
    entries = confusables.confusables_data.get(char)
    if not entries or len(entries) != 1:
        return char
    target = str(entries[0]["c"]).strip(_MARKS)
    back = confusables.confusables_data.get(target) if len(target) == 1 else None
    if back is not None and len(back) == 1 and str(back[0]["c"]).strip(_MARKS) == char:
        return min(char, target)
    return target or char


def _map(text: str) -> str:
    return "".join(_prototype(char) for char in text)


def fold(text: str) -> str:
    """NFKC, case folded, whitespace collapsed: the same name written twice has one fold."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def skeleton(text: str) -> str:
    """``text`` with each character replaced by what it looks like, then folded (and mapped once more)."""
    plain = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    return _map(unicodedata.normalize("NFKC", _map(plain).casefold()))


def forms(text: str) -> frozenset[str]:
    """Every form a name is compared by: its fold and its skeletons (as written and folded)."""
    folded = fold(text)
    return frozenset(form for form in (folded, skeleton(text), skeleton(folded)) if form)


def as_slug(text: str) -> str:
    """A name written the way a slug is (hyphens for spaces), to compare names with slugs."""
    return "-".join(fold(text).replace("-", " ").split())


def mixed_word(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The first word of ``text`` that mixes scripts no language writes together, with its scripts."""
    for word in unicodedata.normalize("NFKC", str(text)).replace("-", " ").split():
        scripts = frozenset(categories.unique_aliases(word)) - _ANY_SCRIPT
        if len(scripts) > 1 and not any(scripts <= together for together in _TOGETHER):
            return word, tuple(sorted(script.capitalize() for script in scripts))
    return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a vocabulary, as compared: its slug, its name (an author's) or title (a tag's), its line."""

    slug: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Lookalike:
    """A problem of ``entry``, said in ``message``: it looks like an earlier entry, or mixes scripts."""

    entry: Entry
    message: str


def _index(store: dict[str, list[Entry]], keys: frozenset[str], entry: Entry) -> None:
    for key in keys:
        store.setdefault(key, []).append(entry)


def _first(store: dict[str, list[Entry]], keys: frozenset[str], entry: Entry, *, exact: bool) -> Entry | None:
    """The earliest entry of ``store`` under one of ``keys``; without ``exact``, not one whose name or slug is
    exactly ``entry``'s name (after folding): the check that already reports those says it."""
    found = [earlier for key in keys for earlier in store.get(key, ())]
    if not exact:
        mine = fold(entry.name)
        found = [earlier for earlier in found if mine not in (fold(earlier.name), fold(earlier.slug))]
    return min(found, key=lambda earlier: (earlier.line, earlier.slug), default=None)


def lookalikes(entries: list[Entry], *, what: str, field: str, exact: bool = True) -> list[Lookalike]:
    """One problem per entry that cannot be told from an earlier entry — its name against the other's name
    or slug, its slug against the other's slug or name — else whose name mixes scripts.  ``what`` is
    'author' or 'tag', ``field`` the name's key ('name', 'title'); ``exact`` also reports names equal
    after folding.  Each entry's forms are indexed once, so a long vocabulary is compared in one pass."""
    problems: list[Lookalike] = []
    names: dict[str, list[Entry]] = {}  # the earlier entries by each form of their name
    slugs: dict[str, list[Entry]] = {}  # ... of their slug
    named_slugs: dict[str, list[Entry]] = {}  # ... of their name written as a slug
    for entry in sorted(entries, key=lambda e: (e.line, e.slug)):
        name_forms, slug_forms = forms(entry.name), forms(entry.slug)
        name_as_slug = forms(as_slug(entry.name))
        message = None
        if (earlier := _first(names, name_forms, entry, exact=exact)) is not None:
            if fold(entry.name) == fold(earlier.name):
                message = (
                    f"{what} '{entry.slug}': the {field} '{entry.name}' is the {field} of {what} '{earlier.slug}' "
                    f"(line {earlier.line}) — one {what} written twice; merge the two entries"
                )
            else:
                message = (
                    f"{what} '{entry.slug}': the {field} '{entry.name}' looks like the {field} of {what} "
                    f"'{earlier.slug}' (line {earlier.line}, '{earlier.name}') but is spelled with other characters "
                    f"— readers cannot tell the two apart; write it with the letters it is read with, or rename "
                    f"one of the two"
                )
        elif (earlier := _first(slugs, name_as_slug, entry, exact=exact)) is not None:
            how = "is" if as_slug(entry.name) == earlier.slug else "looks like"
            message = (
                f"{what} '{entry.slug}': the {field} '{entry.name}' {how} the slug of {what} '{earlier.slug}' "
                f"(line {earlier.line}) — a page naming '{entry.name}' would get '{earlier.slug}', not "
                f"'{entry.slug}'; change the {field} or one of the slugs"
            )
        elif (earlier := _first(slugs, slug_forms, entry, exact=exact)) is not None or (
            earlier := _first(named_slugs, slug_forms, entry, exact=exact)
        ) is not None:
            message = (
                f"{what} slug '{entry.slug}' looks like {what} '{earlier.slug}' (line {earlier.line}, "
                f"'{earlier.name}') — choose a slug that cannot be mistaken for it"
            )
        elif (mixed := mixed_word(entry.name)) is not None:
            word, scripts = mixed
            message = (
                f"{what} '{entry.slug}': the {field} '{entry.name}' mixes {' and '.join(scripts)} letters in the word "
                f"'{word}' — it looks like a word of one script and is not; write it in one script"
            )
        if message is not None:
            problems.append(Lookalike(entry, message))
        _index(names, name_forms, entry)
        _index(slugs, slug_forms, entry)
        _index(named_slugs, name_as_slug, entry)
    return problems


def check_vocabulary(vocab: Vocabulary, path: Path, *, what: str, field: str, exact: bool) -> None:
    """Warn (``longform.confusable``, at the newer entry's line of ``path``) about each entry of ``vocab``
    that cannot be told from an earlier one, or whose name mixes scripts."""
    entries = [Entry(term.slug, term.title, term.line) for term in vocab.terms]
    for problem in lookalikes(entries, what=what, field=field, exact=exact):
        warn(problem.message, subtype="confusable", location=f"{path}:{problem.entry.line}")
