"""People: every page's authors (and every reading path's curator) matched against ``authors.yaml``.

``authors.yaml`` maps ``<slug>: {name, bio, url}`` (``url`` optional, https only).  Names are matched
case-insensitively, by slug or by name; a name no entry matches is shown as written (with a
did-you-mean warning when there is a vocabulary), with a slug of its own.  The result, an
:class:`AuthorState`, is part of the build's index: the authors feature shows it; bylines in every
listing item and feed entry, and reading paths' "Curated by", read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import catalogue, compat, domain, identity, log, safety, slugs, vocabulary
from .catalogue import ESSAY_KINDS, NOTE_KINDS

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalogue import Essay

#: Generated author pages live in this folder of the output (``authors/<slug>.html``).
FOLDER = "authors"


@dataclass(frozen=True, slots=True)
class Author:
    """One author as the site shows them."""

    slug: str
    name: str
    bio: str
    url: str  # https only ('' when none, or when refused)
    known: bool  # in the vocabulary (False: written in front matter only)


class Problem(NamedTuple):
    message: str
    subtype: str
    location: tuple[str, int] | str


@dataclass(slots=True)
class AuthorState:
    """The authors of one build: rebuilt after every read, kept on the application only."""

    authors: dict[str, Author]  # slug -> author: the vocabulary's in file order, then free-form names
    names: dict[str, str]  # normalised slug or name -> slug
    resolved: dict[str, tuple[str, ...]]  # docname -> its authors' slugs, in written order
    problems: tuple[Problem, ...]
    listed: frozenset[str] = frozenset()  # authors with at least one listed essay or note: those with a page


# -- the vocabulary -------------------------------------------------------------------------------


def _file(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.longform_authors_file)


def load(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: (re)load the vocabulary once per build (its problems are warned now)."""
    vocab = (
        vocabulary.load(app, app.config.longform_authors_file, what="author", fields=("name", "bio"), extras=("url",))
        if _file(app).is_file()
        else None
    )
    vocabulary.loaded(env)["authors"] = vocab
    if vocab is not None:
        # Two authors a reader cannot tell apart (and the same author twice): one warning, at the newer entry.
        identity.check_vocabulary(vocab, _file(app), what="author", field="name", exact=True)


def _url(term: vocabulary.Term, path: Path, problems: list[Problem]) -> str:
    """The author's https URL, or '' (with a problem) when it is anything else."""
    url = term.get("url")
    if not url:
        return ""
    https = safety.url_scheme(url) == "https" and safety.url_allowed(url, frozenset({"https"}))
    if https and url.startswith("https://") and not any(c in url for c in "\"'<> \t"):
        return url
    problems.append(
        Problem(
            f"author '{term.slug}': url '{url[:80]}' must be an https:// address — fix it; until then no link is shown",
            "author-url",
            f"{path}:{term.line}",
        )
    )
    return ""


def _reserved(env: BuildEnvironment) -> set[str]:
    """Names under authors/ that belong to the index or to source pages."""
    found = {d[len(FOLDER) + 1 :].casefold() for d in env.found_docs if d.casefold().startswith(FOLDER + "/")}
    return {"index"} | {name for name in found if "/" not in name}


# -- the state ------------------------------------------------------------------------------------


def _writer_location(essay: Essay) -> tuple[str, int]:
    key = "authors" if any(name == "authors" for name, _ in essay.lines) else "author"
    return (essay.docname, essay.line(key))


def compute_state(app: Sphinx) -> AuthorState:
    """Resolve every catalogue page's authors (and every curator) against the vocabulary."""
    env = app.env
    vocab = vocabulary.loaded(env).get("authors")
    fname = app.config.longform_authors_file
    reserved = _reserved(env)
    authors: dict[str, Author] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    if vocab is not None:
        for term in vocab.terms:
            slug = term.slug if term.slug not in reserved else slugs.safe_slug(term.slug, term.slug, reserved)
            authors[slug] = Author(slug, term.title, term.description, _url(term, _file(app), problems), True)
            for name in (term.slug, term.title, *term.aliases):
                names.setdefault(slugs.key(name), slug)
    known = dict(names)

    def resolve(name: str, location: tuple[str, int]) -> str | None:
        key = slugs.key(name)
        if not key:
            return None
        if key in names:
            slug = names[key]
        else:
            natural = slugs.make_slug(name)
            taken = natural in authors or natural in reserved or not natural
            slug = slugs.safe_slug(natural, key, set(authors) | reserved) if taken else natural
            authors[slug] = Author(slug, " ".join(name.split()), "", "", False)
            names[key] = slug
        if not authors[slug].known and vocab is not None:
            close = log.suggest(key, known)
            fix = f"did you mean '{close}'? Or add" if close else "use an author from it, or add"
            problems.append(
                Problem(
                    f"unknown author '{name}' (not in {fname}) — {fix} '{name}' to {fname}; "
                    f"until then the name is shown as written",
                    "unknown-author",
                    location,
                )
            )
        return slug

    entries = catalogue.records(env)  # unpublished pages too: their unknown authors warn now, as on their day
    resolved: dict[str, tuple[str, ...]] = {}
    for docname in sorted(entries):
        essay = entries[docname]
        mine = [resolve(name, _writer_location(essay)) for name in essay.authors]
        resolved[docname] = tuple(dict.fromkeys(s for s in mine if s))
    for docname, (name, line) in sorted(curators(env).items()):
        if docname in env.all_docs:
            found = resolve(name, (docname, line))
            if found:
                resolved[f"curator:{docname}"] = (found,)
    listed = frozenset(
        slug
        for entry in catalogue.published(env, kinds=ESSAY_KINDS + NOTE_KINDS)
        for slug in resolved.get(entry.docname, ())
    )
    return AuthorState(authors=authors, names=names, resolved=resolved, problems=tuple(problems), listed=listed)


def state(app: Sphinx) -> AuthorState:
    """This build's authors (computed after reading, on first use)."""
    found = domain.index(app.env).get(STATE)
    return found if found is not None else domain.index(app.env).put(STATE, compute_state(app))


#: This build's :class:`AuthorState`, computed on first use after reading.
STATE: domain.Slot[AuthorState] = domain.Slot("authors")


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: unknown authors and curators, refused urls."""
    for problem in state(app).problems:
        log.warn(problem.message, subtype=problem.subtype, location=problem.location)


# -- curators: recorded per page at read time -------------------------------------------------------


def curators(env: BuildEnvironment) -> dict[str, tuple[str, int]]:
    """docname -> (curator as written, its source line), for every page whose front matter names one."""
    return domain.records(env, "curators")


def record_curator(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember a page's ``curator:`` and where it is written."""
    env = app.env
    value = env.metadata.get(env.docname, {}).get("curator")
    name = " ".join(str(value).split()) if value is not None else ""
    if name:
        line = compat.page_data(env, "longform_key_lines", dict[str, int]).get("curator", 1)
        curators(env)[env.docname] = (name, line)
    else:
        curators(env).pop(env.docname, None)


def byline_data(app: Sphinx, essay: Essay) -> tuple[tuple[str, str, str], ...]:
    """(slug, name, url) of each of the entry's authors, for bylines and feed entries."""
    st = state(app)
    found = st.resolved.get(essay.docname)
    if found is None:  # not in this build's catalogue (should not happen): the names as written
        return tuple((slugs.make_slug(n) or "author", n, "") for n in essay.authors)
    return tuple((slug, st.authors[slug].name, st.authors[slug].url) for slug in found)


def curator(app: Sphinx, docname: str) -> tuple[str, str, bool] | None:
    """(slug, name, has a page) of the curator page ``docname`` names, or None."""
    st = state(app)
    found = st.resolved.get(f"curator:{docname}")
    if not found:
        return None
    return (found[0], st.authors[found[0]].name, found[0] in st.listed)
