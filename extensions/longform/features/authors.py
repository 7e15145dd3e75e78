"""Authors: a vocabulary of people, a byline on every essay and listing item, a page and a feed per author.

What contributors write
    ``authors: [ines-varga, tomas-reyl]`` (or ``author: ines-varga``) in an essay's or a note's front
    matter, and ``curator: priya-halden`` in a reading path's.  Names are matched against
    ``authors.yaml`` (``<slug>: {name, bio, url}``; ``url`` optional, https only) case-insensitively,
    by slug or by name.

What readers get
    * "By Ines Varga and Tomás Reyl" in the essay header and in every listing item, each name a link
      to the author's page;
    * ``authors/<slug>.html``: "N essays by <name>", the bio, the website, the essays newest first
      (and the notes), with the Atom feed ``authors/<slug>.xml``; ``authors/index.html``: every
      author with their count.  Both are generated (not sources, in no toctree), like tag pages;
    * "Curated by <name>" on a reading path's page and on its card in ``path-list``.

Which pages count
    Published essays, earlier writing and notes (drafts only in previews).  An author of a vocabulary
    with nothing published is listed on the index with "0 essays", without a page.

Why nothing is stale
    Everything shown (names, slugs, urls, counts, items) is in the data the views fingerprint; the
    vocabulary file is one of the inputs :mod:`longform.views` digests, so renaming an author rewrites
    exactly the pages that show the name.

Without a vocabulary file the names are free-form (slugified for the page names), as tags are without
``tags.yaml``: no unknown-author warnings, the rest works alike.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from ..core import catalogue, safety, views, vocabulary
from ..ui import feeds, render
from . import tags

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.catalogue import Essay

#: Generated pages live in this folder of the output (``authors/<slug>.html``, ``authors/index.html``).
FOLDER = "authors"
INDEX_DOC = f"{FOLDER}/index"
#: Kinds counted as essays on an author's page; notes get a section of their own.
ESSAY_KINDS = ("essay", "archived")
NOTE_KINDS = ("note",)


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


class AuthorPage(NamedTuple):
    """What ``authors/<slug>.html`` shows: plain hashable data."""

    slug: str
    name: str
    bio: str
    url: str
    essays: tuple[render.ItemData, ...]
    notes: tuple[render.ItemData, ...]


class AuthorIndex(NamedTuple):
    """What ``authors/index.html`` shows: (slug, name, bio, essays, notes, has_page) per author."""

    entries: tuple[tuple[str, str, str, int, int, bool], ...]


@dataclass(slots=True)
class AuthorState:
    """The authors of one build: rebuilt after every read, kept on the application only."""

    authors: dict[str, Author]  # slug -> author: the vocabulary's in file order, then free-form names
    names: dict[str, str]  # normalised slug or name -> slug
    resolved: dict[str, tuple[str, ...]]  # docname -> its authors' slugs, in written order
    problems: tuple[Problem, ...]
    pages: dict[str, AuthorPage] = field(default_factory=dict)  # slug -> page, for authors with one


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


# -- the vocabulary -------------------------------------------------------------------------------


def _file(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.longform_authors_file)


def _load(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: (re)load the vocabulary once per build, forget the last build's state."""
    app._longform_author_vocabulary = (  # type: ignore[attr-defined]
        vocabulary.load(app, app.config.longform_authors_file, what="author", fields=("name", "bio"), extras=("url",))
        if _file(app).is_file()
        else None
    )
    app._longform_authors = None  # type: ignore[attr-defined]


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


def _closest(key: str, names: dict[str, str]) -> str | None:
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _writer_location(essay: Essay) -> tuple[str, int]:
    key = "authors" if any(name == "authors" for name, _ in essay.lines) else "author"
    return (essay.docname, essay.line(key))


def compute_state(app: Sphinx) -> AuthorState:
    """Resolve every catalogue page's authors (and every curator) against the vocabulary."""
    env = app.env
    vocab: vocabulary.Vocabulary | None = getattr(app, "_longform_author_vocabulary", None)
    fname = app.config.longform_authors_file
    reserved = _reserved(env)
    authors: dict[str, Author] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    if vocab is not None:
        for term in vocab.terms:
            slug = term.slug if term.slug not in reserved else tags._safe_slug(term.slug, term.slug, reserved)
            authors[slug] = Author(slug, term.title, term.description, _url(term, _file(app), problems), True)
            for name in (term.slug, term.title, *term.aliases):
                names.setdefault(_key(name), slug)
    known = dict(names)

    def resolve(name: str, location: tuple[str, int]) -> str | None:
        key = _key(name)
        if not key:
            return None
        if key in names:
            slug = names[key]
        else:
            natural = tags.make_slug(name)
            taken = natural in authors or natural in reserved or not natural
            slug = tags._safe_slug(natural, key, set(authors) | reserved) if taken else natural
            authors[slug] = Author(slug, " ".join(name.split()), "", "", False)
            names[key] = slug
        if not authors[slug].known and vocab is not None:
            close = _closest(key, known)
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

    entries = catalogue.essays(env)
    resolved: dict[str, tuple[str, ...]] = {}
    for docname in sorted(entries):
        essay = entries[docname]
        slugs = [resolve(name, _writer_location(essay)) for name in essay.authors]
        resolved[docname] = tuple(dict.fromkeys(s for s in slugs if s))
    for docname, (name, line) in sorted(curators(env).items()):
        if docname in env.all_docs:
            slug = resolve(name, (docname, line))
            if slug:
                resolved[f"curator:{docname}"] = (slug,)
    return AuthorState(authors=authors, names=names, resolved=resolved, problems=tuple(problems))


def _pages(app: Sphinx, st: AuthorState) -> dict[str, AuthorPage]:
    """Every author with at least one listed essay or note."""
    env = app.env
    essays: dict[str, list[render.ItemData]] = {}
    notes: dict[str, list[render.ItemData]] = {}
    for kinds, into in ((ESSAY_KINDS, essays), (NOTE_KINDS, notes)):
        for essay in catalogue.published(env, kinds=kinds):
            slugs = st.resolved.get(essay.docname, ())
            if slugs:
                item = render.item_data(app, essay)
                for slug in slugs:
                    into.setdefault(slug, []).append(item)
    return {
        slug: AuthorPage(slug, a.name, a.bio, a.url, tuple(essays.get(slug, ())), tuple(notes.get(slug, ())))
        for slug, a in st.authors.items()
        if slug in essays or slug in notes
    }


def state(app: Sphinx) -> AuthorState:
    """This build's authors (computed after reading, on first use)."""
    st: AuthorState | None = getattr(app, "_longform_authors", None)
    if st is None:
        st = compute_state(app)
        app._longform_authors = st  # type: ignore[attr-defined]
        st.pages = _pages(app, st)
    return st


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every page is read and merged; the state is computed afresh on first use."""
    app._longform_authors = None  # type: ignore[attr-defined]


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: unknown authors and curators, refused urls."""
    for problem in state(app).problems:
        catalogue.warn(problem.message, subtype=problem.subtype, location=problem.location)


# -- curators: recorded per page at read time -------------------------------------------------------


def curators(env: BuildEnvironment) -> dict[str, tuple[str, int]]:
    """docname -> (curator as written, its source line), for every page whose front matter names one."""
    if not hasattr(env, "longform_curators"):
        env.longform_curators = {}
    return env.longform_curators


def _record_curator(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember a page's ``curator:`` and where it is written."""
    env = app.env
    value = env.metadata.get(env.docname, {}).get("curator")
    name = " ".join(str(value).split()) if value is not None else ""
    if name:
        line = env.temp_data.get("longform_key_lines", {}).get("curator", 1)
        curators(env)[env.docname] = (name, line)
    else:
        curators(env).pop(env.docname, None)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    curators(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine, theirs = curators(env), curators(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


# -- what other features ask --------------------------------------------------------------------------


def byline_data(app: Sphinx, essay: Essay) -> tuple[tuple[str, str, str], ...]:
    """(slug, name, url) of each of the entry's authors, for bylines and feed entries."""
    st = state(app)
    slugs = st.resolved.get(essay.docname)
    if slugs is None:  # not in this build's catalogue (should not happen): the names as written
        return tuple((tags.make_slug(n) or "author", n, "") for n in essay.authors)
    return tuple((slug, st.authors[slug].name, st.authors[slug].url) for slug in slugs)


def curator(app: Sphinx, docname: str) -> tuple[str, str, bool] | None:
    """(slug, name, has a page) of the curator page ``docname`` names, or None."""
    st = state(app)
    slugs = st.resolved.get(f"curator:{docname}")
    if not slugs:
        return None
    return (slugs[0], st.authors[slugs[0]].name, slugs[0] in st.pages)


def curated_by(app: Sphinx, fromdoc: str, data: tuple[str, str, bool]) -> nodes.paragraph:
    """The line "Curated by <name>", the name a link to the curator's page when they have one."""
    slug, name, has_page = data
    para = nodes.paragraph("", classes=["longform-curator"])
    para += nodes.Text("Curated by ")
    if has_page:
        para += render.link(app, fromdoc, page_name(slug), name, classes=("longform-author",))
    else:
        para += nodes.inline("", name, classes=["longform-author"])
    return para


def page_name(slug: str) -> str:
    return f"{FOLDER}/{slug}"


# -- the essay header part: the byline -------------------------------------------------------------


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    st = state(app)
    byline = tuple((slug, name, slug in st.pages) for slug, name, _url in byline_data(app, essay))
    return byline or None


def header_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    # A part of the header's meta line (views.META). An author with only drafts has no page: their name is
    # shown, not linked to nowhere.
    return [render.byline(app, docname, data)]


# -- generated pages and feeds ---------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(essays: int, notes: int) -> str:
    text = _plural(essays, "essay")
    return f"{text} and {_plural(notes, 'note')}" if notes else text


def _feed_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.xml"


def pages(app: Sphinx) -> dict[str, Any]:
    """``authors/<slug>.html`` per author with a page, and ``authors/index.html`` (unless a source page)."""
    st = state(app)
    env = app.env
    out: dict[str, Any] = {}
    for slug, page in st.pages.items():
        if page_name(slug) not in env.all_docs:
            out[f"{page_name(slug)}.html"] = page
    listed = [a for a in st.authors.values() if a.known or a.slug in st.pages]
    entries = tuple(
        (
            a.slug,
            a.name,
            a.bio,
            len(st.pages[a.slug].essays) if a.slug in st.pages else 0,
            len(st.pages[a.slug].notes) if a.slug in st.pages else 0,
            a.slug in st.pages,
        )
        for a in sorted(listed, key=lambda a: (a.name.casefold(), a.slug))
    )
    if entries and INDEX_DOC not in env.all_docs:
        out[f"{INDEX_DOC}.html"] = AuthorIndex(entries)
    return out


def _author_body(app: Sphinx, pagename: str, page: AuthorPage) -> list[nodes.Node]:
    body: list[nodes.Node] = []
    summary = nodes.paragraph("", classes=["longform-author-summary"])
    summary += nodes.Text(f"{_counts(len(page.essays), len(page.notes))} by {page.name}")
    summary += nodes.inline("", " · ", classes=["longform-sep"])
    summary += render.link(app, pagename, INDEX_DOC, "All authors", classes=("longform-all-authors",))
    summary += nodes.inline("", " · ", classes=["longform-sep"])
    summary += nodes.reference(
        "",
        "Atom feed",
        refuri=render.file_uri(app, pagename, _feed_path(page.slug)),
        internal=True,
        classes=["longform-feed-link"],
    )
    body.append(summary)
    if page.bio:
        body.append(nodes.paragraph("", page.bio, classes=["longform-author-bio"]))
    if page.url:
        site = nodes.paragraph("", classes=["longform-author-url"])
        site += nodes.reference("", "Website", refuri=page.url, classes=["reference", "external"])
        body.append(site)
    if page.essays:
        body.append(render.render_items(app, pagename, page.essays))
    if page.notes:
        section = nodes.section("", ids=["notes"], classes=["longform-author-notes"])
        section += nodes.title("", "Notes")
        section += render.render_items(app, pagename, page.notes)
        body.append(section)
    return body


def _index_body(app: Sphinx, pagename: str, data: AuthorIndex) -> list[nodes.Node]:
    total = nodes.paragraph("", _plural(len(data.entries), "author"), classes=["longform-author-total"])
    listing = nodes.container("", classes=["longform-author-index"])
    for slug, name, bio, essays, notes, has_page in data.entries:
        entry = nodes.container("", classes=["longform-author-entry"], ids=[f"author-{slug}"])
        line = nodes.paragraph("", classes=["longform-author-entry-name"])
        if has_page:
            line += render.link(app, pagename, page_name(slug), name, classes=("longform-author",))
        else:
            line += nodes.inline("", name, classes=["longform-author"])
        line += nodes.inline("", " " + _counts(essays, notes), classes=["longform-author-count"])
        entry += line
        if bio:
            entry += nodes.paragraph("", bio, classes=["longform-author-entry-bio"])
        listing += entry
    return [total, listing]


def emit_page(app: Sphinx, path: str, data: Any) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    if isinstance(data, AuthorIndex):
        return render.page(
            app, pagename, title="Authors", body=_index_body(app, pagename, data), description="Who writes here."
        )
    return render.page(
        app,
        pagename,
        title=data.name,
        body=_author_body(app, pagename, data),
        description=data.bio or f"{_counts(len(data.essays), len(data.notes))} by {data.name}",
        feeds=((feeds.title(app, data.name), _feed_path(data.slug)),),
    )


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """One feed per author page: their essays (not their notes), newest first."""
    env = app.env
    out: dict[str, feeds.Feed] = {}
    listed = catalogue.published(env, kinds=ESSAY_KINDS)
    st = state(app)
    for slug, page in st.pages.items():
        mine = [e for e in listed if slug in st.resolved.get(e.docname, ())]
        out[_feed_path(slug)] = feeds.Feed(
            title=feeds.title(app, page.name),
            subtitle=page.bio or f"Essays by {page.name}",
            html_page=f"{page_name(slug)}.html",
            items=feeds.items(app, mine),
        )
    return out


def setup(app: Sphinx) -> None:
    views.add_meta_part(app, "authors", compute=header_compute, render=header_render)
    views.add_generated(app, "author-page", pages=pages, emit=emit_page)
    views.add_generated(app, "author-feed", pages=feed_pages, emit=feeds.emit)
    app.connect("env-before-read-docs", _load)
    app.connect("env-updated", _forget, priority=410)
    app.connect("env-check-consistency", _check)
    app.connect("doctree-read", _record_curator, priority=900)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
