"""Tag resolution: every page's tags matched against ``tags.yaml``, once per build.

Names are matched case-insensitively through each tag's slug, title and aliases; a name no entry
matches becomes a free-form tag with a slug of its own (python-slugify, then a stable hash suffix for
a name that slugifies to nothing, to a reserved name or to a slug already taken).  The result, a
:class:`TagState`, is part of the build's index (:mod:`longform.core.domain`): the tags feature
shows it; listings, related essays, social cards and the items of every listing read it.
Without a vocabulary file the tags are free-form: no unknown-tag warnings, the rest works alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from . import bounds, catalogue, domain, identity, log, publishing, safety, slugs, tagcompat, vocabulary
from .catalogue import ESSAY_KINDS, NOTE_KINDS

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalogue import Essay

#: Generated tag pages live in this folder of the output (``tags/<slug>.html``); a site that comes from
#: sphinx-tags keeps its folder (``_tags/<slug>.html``, see :func:`folder`).
FOLDER = tagcompat.LONGFORM_FOLDER
#: Where the {tags} directive leaves each tag's line in the catalogue's key lines.
BODY_LINE_KEY = "{tags}:"


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as the site shows it."""

    slug: str
    title: str
    description: str
    known: bool  # in the vocabulary (False: written in an essay only)


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning to give in ``env-check-consistency``."""

    message: str
    subtype: str
    location: tuple[str, int] | str


@dataclass(frozen=True, slots=True)
class Tagged:
    """The {tags} of a page that is not in the catalogue (any page of a sphinx-tags site): a per-page record."""

    names: tuple[str, ...]
    lines: tuple[tuple[str, int], ...]  # (BODY_LINE_KEY + key, line), as an essay's lines

    def line(self, key: str) -> int:
        return next((number for name, number in self.lines if name == key), 1)


def tagged(env: BuildEnvironment) -> dict[str, Tagged]:
    """docname -> :class:`Tagged`: pages outside the catalogue that carry tags."""
    return domain.records(env, "tagged")


def folder(app: Sphinx) -> str:
    """The output folder of this site's tag pages (``tags``, or a sphinx-tags site's ``_tags``)."""
    return tagcompat.folder(app.config)


#: What sphinx-tags' slug may be to be used as it is (ASCII: it names a file and a URL).
_SPHINX_TAGS_SLUG = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)*")
#: Runs of whitespace and non-word characters: one dash each in sphinx-tags' slugs.
_NOT_WORD = re.compile(r"[\W\s]+")


def sphinx_tags_slug(name: str) -> str:
    """sphinx-tags' slug for a tag name: runs of spaces and punctuation become one dash, lower case,
    no dash at either end ("tag 3" -> "tag-3", "tag_1" stays).  A slug that would not be a plain ASCII file
    name ("café", a device name, too long) is Longform's instead (python-slugify: "cafe")."""
    mine = _NOT_WORD.sub("-", " ".join(name.split())).lower().strip("-")
    if _SPHINX_TAGS_SLUG.fullmatch(mine) and len(mine) <= slugs.MAX_SLUG and mine not in safety.DEVICE_NAMES:
        return mine
    return slugs.make_slug(name)


def _slug_of(app: Sphinx) -> Callable[[str], str]:
    return sphinx_tags_slug if tagcompat.active(app.config) else slugs.make_slug


@dataclass(slots=True)
class TagState:
    """Tags of one build. Rebuilt after every read; lives on the application only."""

    tags: dict[str, Tag]  # slug -> tag, in vocabulary order then unknown tags
    names: dict[str, str]  # normalised name (slug, title, alias or written name) -> slug
    resolved: dict[str, tuple[str, ...]]  # docname -> slugs of its tags, in written order
    problems: tuple[Problem, ...]
    badges: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # docname -> (slug, title)
    listed: frozenset[str] = frozenset()  # tags at least one listed page carries: those with a page


def _reserved(app: Sphinx) -> set[str]:
    """Names under tags/ that belong to source pages (tags/index above all; _tags/tagsindex on a sphinx-tags site)."""
    # casefolded: on a case-insensitive file system tags/Go.html and tags/go.html are one file
    where = folder(app).casefold() + "/"
    found = {doc[len(where) :].casefold() for doc in app.env.found_docs if doc.casefold().startswith(where)}
    overview = {tagcompat.OVERVIEW} if tagcompat.active(app.config) else set()
    return {"index"} | overview | {name for name in found if "/" not in name}


def _vocabulary_file(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.longform_tags_file)


def load_vocabulary(app: Sphinx) -> vocabulary.Vocabulary | None:
    """The tag vocabulary (None when there is no file: tags are then free-form).

    Loaded once per build, at ``env-before-read-docs`` (its own file problems are warned there).
    """
    path = _vocabulary_file(app)
    if not path.is_file():
        return None
    # 'index' is kept (with a page of its own, and a warning below); device names are refused
    vocab = vocabulary.load(app, app.config.longform_tags_file, what="tag", reserved=safety.DEVICE_NAMES)
    if not vocab.terms and not _empty_mapping(path):
        # Unreadable (bad YAML, not a mapping): load() has said where. Checking every tag of every
        # page against nothing would bury that one warning under hundreds; tags are free-form until fixed.
        return None
    return vocab


def _empty_mapping(path: Path) -> bool:
    """Whether the file is valid YAML holding nothing (an empty vocabulary, not a broken one)."""
    try:
        text = bounds.drop_bad_characters(path.read_text(encoding="utf-8"))
        if bounds.yaml_too_deep(text) is not None:
            return False
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return data is None or data == {}


def _vocabulary_tags(
    app: Sphinx, vocab: vocabulary.Vocabulary, reserved: set[str]
) -> tuple[dict[str, Tag], dict[str, str], list[Problem]]:
    """The vocabulary's tags and the names that lead to them: slugs first, then titles, then aliases."""
    path = _vocabulary_file(app)
    fname = app.config.longform_tags_file
    tags: dict[str, Tag] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    slug_of: dict[str, str] = {}
    for term in vocab.terms:
        slug = term.slug
        if slug in reserved:
            slug = slugs.safe_slug(term.slug, slugs.key(term.slug), set(vocab.by_slug()) | reserved)
            problems.append(
                Problem(
                    f"tag slug '{term.slug}' is reserved: {folder(app)}/{term.slug}.html is a page of the site — "
                    f"rename the tag (until then its page is {folder(app)}/{slug}.html)",
                    "tag-collision",
                    f"{path}:{term.line}",
                )
            )
        slug_of[term.slug] = slug
        tags[slug] = Tag(slug=slug, title=term.title, description=term.description, known=True)
        names[slugs.key(term.slug)] = slug
    for field_name in ("title", "aliases"):
        for term in vocab.terms:
            values = (term.title,) if field_name == "title" else term.aliases
            for name in values:
                key = slugs.key(name)
                owner = names.get(key)
                if not key or owner == slug_of[term.slug]:
                    continue
                if owner is None:
                    names[key] = slug_of[term.slug]
                    continue
                problems.append(
                    Problem(
                        f"'{name}' ({'title' if field_name == 'title' else 'an alias'} of tag '{term.slug}') "
                        f"already names tag '{owner}' in {fname} — essays writing it get '{owner}'; "
                        f"remove it from one of the two",
                        "tag-collision",
                        f"{path}:{term.line}",
                    )
                )
    return tags, names, problems


def _names(page: Essay | Tagged) -> tuple[str, ...]:
    return page.names if isinstance(page, Tagged) else page.tags


def _tag_location(essay: Essay | Tagged, docname: str, name: str) -> tuple[str, int]:
    """Where an essay names a tag: the {tags} directive's line, else the front-matter 'tags:' key."""
    wanted = BODY_LINE_KEY + slugs.key(name)
    for key, line in essay.lines:
        if key == wanted:
            return (docname, line)
    return (docname, essay.line("tags"))


def _add_unknown(
    unknown: dict[str, str],
    tags: dict[str, Tag],
    names: dict[str, str],
    reserved: set[str],
    slug_of: Callable[[str], str],
) -> dict[str, str]:
    """Give each tag no vocabulary entry matches (normalised name -> name as first written) a slug of its own,
    in ``tags`` and ``names``; returns unknown key -> the slug it would have wanted, where that was taken."""
    natural_owner: dict[str, str] = {}
    for key in sorted(unknown):
        natural = slug_of(unknown[key])
        if natural and natural not in reserved and natural not in tags:
            slug = natural
        else:
            slug = slugs.safe_slug(natural, key, tags)
            if natural and natural in tags:
                natural_owner[key] = natural
        tags[slug] = Tag(slug=slug, title=unknown[key], description="", known=False)
        names[key] = slug
    return natural_owner


def _unused(app: Sphinx, vocab: vocabulary.Vocabulary, names: dict[str, str], used: set[str]) -> list[Problem]:
    """A problem for each vocabulary tag no page uses."""
    fname = app.config.longform_tags_file
    path = _vocabulary_file(app)
    return [
        Problem(
            f"tag '{term.slug}' is in {fname} but no essay or note uses it — tag a page with it "
            f"or remove it from {fname}",
            "unused-tag",
            f"{path}:{term.line}",
        )
        for term in vocab.terms
        if names[slugs.key(term.slug)] not in used
    ]


def compute_state(app: Sphinx) -> TagState:
    """Resolve every catalogue page's tags against the vocabulary, and collect the problems."""
    env = app.env
    loaded = vocabulary.loaded(env)
    vocab = loaded["tags"] if "tags" in loaded else load_vocabulary(app)
    reserved = _reserved(app)
    slug_of = _slug_of(app)
    where = folder(app)
    fname = app.config.longform_tags_file
    problems: list[Problem] = []
    if vocab is not None:
        tags, names, problems = _vocabulary_tags(app, vocab, reserved)
    else:
        tags, names = {}, {}
    known_names = dict(names)

    all_essays: dict[str, Essay | Tagged] = {**tagged(env), **catalogue.records(env)}  # unpublished too: their
    # unknown tags warn now, as on their day
    # Names no vocabulary entry matches, grouped by normalised name, first spelling wins.
    unknown: dict[str, str] = {}
    for docname in sorted(all_essays):
        for name in _names(all_essays[docname]):
            key = slugs.key(name)
            if key and key not in names:
                unknown.setdefault(key, " ".join(name.split()))
    natural_owner = _add_unknown(unknown, tags, names, reserved, slug_of)

    resolved: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for docname in sorted(all_essays):
        essay = all_essays[docname]
        mine: list[str] = []
        for name in _names(essay):
            key = slugs.key(name)
            if not key:
                continue
            slug = names[key]
            if slug not in mine:
                mine.append(slug)
            if key in unknown:
                problem = _unknown_problem(
                    name=name,
                    slug=slug,
                    natural=natural_owner.get(key),
                    tags=tags,
                    known_names=known_names,
                    fname=fname,
                    has_vocabulary=vocab is not None,
                    location=_tag_location(essay, docname, name),
                    slug_of=slug_of,
                    folder=where,
                )
                if problem is not None:
                    problems.append(problem)
        resolved[docname] = tuple(mine)
        used.update(mine)

    # Tags only drafts or scheduled essays carry (left out of a published build) are not unused:
    # they get a page when the essay is published.
    for essay in publishing.unpublished(env).values():
        used.update(names[slugs.key(name)] for name in essay.tags if slugs.key(name) in names)

    if vocab is not None:
        problems.extend(_unused(app, vocab, names, used))
    badges = {doc: tuple((slug, tags[slug].title) for slug in mine) for doc, mine in resolved.items()}
    listed = frozenset(
        slug
        for entry in catalogue.published(env, kinds=ESSAY_KINDS + NOTE_KINDS)
        for slug in resolved.get(entry.docname, ())
    ) | frozenset(slug for docname in tagged(env) for slug in resolved.get(docname, ()))
    return TagState(tags=tags, names=names, resolved=resolved, problems=tuple(problems), badges=badges, listed=listed)


def _unknown_problem(
    *,
    name: str,
    slug: str,
    natural: str | None,
    tags: dict[str, Tag],
    known_names: dict[str, str],
    fname: str,
    has_vocabulary: bool,
    location: tuple[str, int],
    slug_of: Callable[[str], str] = slugs.make_slug,
    folder: str = FOLDER,
) -> Problem | None:
    """One warning per unknown tag per page: what is wrong, what to write, where it is listed meanwhile."""
    shown = " ".join(name.split())
    meanwhile = f"until then it is listed on {folder}/{slug}.html"
    if natural is not None:
        owner = tags[natural]
        close = log.suggest(slugs.key(name), known_names) if has_vocabulary else None
        if not has_vocabulary:
            fix = "write it differently"
        elif close:
            fix = f"did you mean '{close}'? Or add '{shown}' to {fname} with a slug of its own"
        else:
            fix = f"use a tag from {fname}, or add '{shown}' there with a slug of its own"
        return Problem(
            f"tag '{shown}' would take {folder}/{natural}.html, the page of tag '{owner.title}' — {fix}; {meanwhile}",
            "tag-collision",
            location,
        )
    if has_vocabulary:
        close = log.suggest(slugs.key(name), known_names)
        fix = f"did you mean '{close}'? Or add" if close else "use a tag from it, or add"
        return Problem(
            f"unknown tag '{shown}' (not in {fname}) — {fix} '{shown}' to {fname}; {meanwhile}",
            "unknown-tag",
            location,
        )
    if not slug_of(name) or slug_of(name) != slug:
        return Problem(
            f"tag '{shown}' has no usable name for its page (letters or digits) — write it differently; {meanwhile}",
            "tag-slug",
            location,
        )
    return None


def state(app: Sphinx) -> TagState:
    """This build's tags (computed after reading; computed on demand if asked earlier)."""
    found = domain.index(app.env).get(STATE)
    return found if found is not None else domain.index(app.env).put(STATE, compute_state(app))


#: This build's :class:`TagState`, computed on first use after reading.
STATE: domain.Slot[TagState] = domain.Slot("tags")


def load(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: load the vocabulary once per build (its problems are warned now)."""
    vocab = vocabulary.loaded(env)["tags"] = load_vocabulary(app)
    if vocab is not None:
        # Tags that look alike (a Cyrillic 'о' in a title); the same title twice is a tag-collision (below).
        identity.check_vocabulary(vocab, _vocabulary_file(app), what="tag", field="title", exact=False)


def after_read(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every page is read (and merged): resolve the tags of this build."""
    state(app)


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: unknown, colliding and unused tags, against the current catalogue."""
    for problem in state(app).problems:
        log.warn(problem.message, subtype=problem.subtype, location=problem.location)


def badges_data(app: Sphinx, essay: Essay) -> tuple[tuple[str, str], ...]:
    """(slug, title) of each of the essay's tags, resolved through the vocabulary, for badges."""
    st = state(app)
    cached = st.badges.get(essay.docname)
    if cached is not None:  # every catalogue page: a dict lookup (listings call this for each item)
        return cached
    # Not in this build's catalogue (should not happen): resolve by name.
    mine = tuple(dict.fromkeys(st.names.get(slugs.key(n)) or _slug_of(app)(n) or "tag" for n in essay.tags))
    return tuple((slug, st.tags[slug].title if slug in st.tags else slug) for slug in mine)


def tag_url(app: Sphinx, slug: str) -> str:
    """The output path of a tag's page."""
    return f"{folder(app)}/{slug}.html"
