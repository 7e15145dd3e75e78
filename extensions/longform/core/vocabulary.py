"""Vocabulary files (``tags.yaml``, ``series.yaml``): loaded once per build, checked, kept on env.

A vocabulary maps a slug to a title, a description and optional aliases::

    concurrency:
      title: Concurrency
      description: Doing several things at once.
      aliases: [concurrent]

Problems in the file (bad YAML, a bad slug, a missing title) are warnings with
the file and line; the rest of the file still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import bounds, domain, frontmatter, safety
from .log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SLUG = safety.SLUG  # use .fullmatch: "[a-z0-9]+(-[a-z0-9]+)*" and nothing after it
#: libyaml's safe loader when available (tags.yaml is read on every build): see bounds.LOADER.
LOADER: Any = bounds.LOADER


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a vocabulary."""

    slug: str
    title: str
    description: str
    aliases: tuple[str, ...]
    line: int
    extra: tuple[tuple[str, str], ...] = ()  # further fields the file kind allows (an author's url)

    def get(self, key: str) -> str:
        """An extra field's value ('' when not given)."""
        return next((value for name, value in self.extra if name == key), "")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A loaded vocabulary: its terms in file order, and the file it came from."""

    path: str  # relative to the source dir, for messages
    terms: tuple[Term, ...]

    def by_slug(self) -> dict[str, Term]:
        return {term.slug: term for term in self.terms}


def _mapping_lines(text: str) -> dict[str, int]:
    """Top-level key -> 1-based line, from the YAML node marks."""
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in root.value}


def _parse(text: str) -> Any:
    """The YAML data of ``text``; for a broken file, the pure-Python parser's error (its wording, its line)."""
    try:
        return yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load(
    app: Sphinx,
    relpath: str,
    *,
    what: str,
    reserved: frozenset[str] = safety.RESERVED_SLUGS,
    fields: tuple[str, str] = ("title", "description"),
    extras: tuple[str, ...] = (),
) -> Vocabulary:
    """Load ``relpath`` (relative to the source dir). A missing file is an empty vocabulary.

    ``fields`` names the title and description keys (an author's are ``name`` and ``bio``); they land
    in :attr:`Term.title` and :attr:`Term.description`.  ``extras`` are further text keys kept in
    :attr:`Term.extra` (unchecked here: the feature that reads them checks them).
    """
    title_key, description_key = fields
    path = Path(app.srcdir, relpath)
    if not path.is_file():
        return Vocabulary(relpath, ())
    location_doc = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        warn(f"cannot read the {what} vocabulary: {exc}", subtype="vocabulary", location=(location_doc, 1))
        return Vocabulary(relpath, ())
    bad = bounds.first_bad_character(text)
    if bad is not None:
        warn(
            bounds.bad_character_message(bad[1], what=f"{what} vocabulary"),
            subtype="bad-character",
            location=_loc(path, bad[0]),
        )
        text = bounds.drop_bad_characters(text)
    try:
        result = bounds.load_yaml(text, what=f"{what} vocabulary", max_bytes=safety.MAX_VOCABULARY_BYTES)
    except yaml.YAMLError:
        result = None
    try:
        if result is None:
            _parse(text)  # the pure-Python parser's wording and line for the warning below
        data: Any = result.data if result is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        warn(
            f"the {what} vocabulary is not valid YAML ({problem}) — fix the file; until then no {what} is known",
            subtype="vocabulary",
            location=_loc(path, line),
        )
        return Vocabulary(relpath, ())
    assert result is not None
    lines = {} if result.refused else _mapping_lines(text)  # top-level key -> line, for every message below
    for line, subtype, message in result.problems:
        name = next((key for key, at in lines.items() if at == line), None) if subtype == "duplicate-key" else None
        if name is not None and _first_line(text, name) != line:
            # a slug written twice: YAML keeps the last, so say which entry is read
            message = (
                f"{what} '{name}' is defined twice in {relpath} (first on line {_first_line(text, name)}) — only "
                "this entry is read; merge the two"
            )
        warn(message, subtype=subtype, location=_loc(path, line))
    if result.refused or data is None:
        return Vocabulary(relpath, ())
    if not isinstance(data, dict):
        warn(
            f"the {what} vocabulary must be a mapping of '<slug>: {{{title_key}, {description_key}}}'",
            subtype="vocabulary",
            location=_loc(path, 1),
        )
        return Vocabulary(relpath, ())
    terms: list[Term] = []
    for key, value in data.items():
        term = _term(
            path, str(key), value, lines.get(str(key), 1), what=what, reserved=reserved, fields=fields, extras=extras
        )
        if term is not None:
            terms.append(term)
    return Vocabulary(relpath, tuple(terms))


def _term(
    path: Path,
    slug: str,
    value: object,
    line: int,
    *,
    what: str,
    reserved: frozenset[str],
    fields: tuple[str, str],
    extras: tuple[str, ...],
) -> Term | None:
    """One vocabulary entry, checked (each problem one warning at its line); None when it is left out."""
    title_key, description_key = fields
    if not SLUG.fullmatch(slug):
        warn(
            f"{what} slug {slug!r} must be lowercase letters, digits and hyphens, e.g. '{_slugish(slug)}'",
            subtype="vocabulary",
            location=_loc(path, line),
        )
        return None
    if slug in reserved and (reason := safety.slug_problem(slug)) is not None:
        warn(f"{what} slug '{slug}' {reason} — choose another", subtype="reserved-slug", location=_loc(path, line))
        return None
    if value is None:
        value = {}
    if not isinstance(value, dict):
        warn(
            f"{what} '{slug}' must be a mapping with '{title_key}' and '{description_key}'",
            subtype="vocabulary",
            location=_loc(path, line),
        )
        value = {}
    title = value.get(title_key)
    if isinstance(title, str):
        title = frontmatter.clean_text(title)
    if not isinstance(title, str) or not title.strip():
        warn(f"{what} '{slug}' has no '{title_key}' — add one", subtype="vocabulary", location=_loc(path, line))
        title = slug
    description = value.get(description_key) or ""
    if not isinstance(description, str):
        description = str(description)
    description = frontmatter.clean_text(description)
    aliases = value.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        warn(f"{what} '{slug}': 'aliases' must be a list", subtype="vocabulary", location=_loc(path, line))
        aliases = []
    known = (title_key, description_key, "aliases", *extras)
    unknown = sorted(set(map(str, value)) - set(known))
    if unknown:
        read = ", ".join(f"'{key}'" for key in known[:-1]) + f" and '{known[-1]}'"
        warn(
            f"{what} '{slug}' has unknown keys {', '.join(map(repr, unknown))} — only {read} are read",
            subtype="vocabulary",
            location=_loc(path, line),
        )
    extra = tuple(
        (key, frontmatter.clean_text(str(value[key])).strip()) for key in extras if value.get(key) is not None
    )
    return Term(
        slug=slug,
        title=" ".join(title.split()),
        description=" ".join(description.split()),
        aliases=tuple(frontmatter.clean_text(str(a)) for a in aliases),
        line=line,
        extra=extra,
    )


def _first_line(text: str, name: str) -> int:
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return 1
    if isinstance(root, yaml.MappingNode):
        for key, _ in root.value:
            if str(key.value) == name:
                return int(key.start_mark.line) + 1
    return 1


def _loc(path: Path, line: int) -> str:
    return f"{path}:{line}"


def _slugish(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "a-slug"


#: The vocabularies of this build by name ("tags", "authors", "series"), loaded before reading; None for a
#: missing or unreadable file (a missing name: not loaded yet in this build).
LOADED: domain.Slot[dict[str, Vocabulary | None]] = domain.Slot("vocabularies", lasting=True)


def loaded(env: BuildEnvironment) -> dict[str, Vocabulary | None]:
    """This build's loaded vocabularies (see :data:`LOADED`)."""
    index = domain.index(env)
    found = index.get(LOADED)
    return found if found is not None else index.put(LOADED, {})
