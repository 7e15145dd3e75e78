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
    vocabulary file is one of the inputs :mod:`longform.core.views` digests, so renaming an author rewrites
    exactly the pages that show the name.

Without a vocabulary file the names are free-form (slugified for the page names), as tags are without
``tags.yaml``: no unknown-author warnings, the rest works alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from ..core import catalogue, domain, events, people, views
from ..core.catalogue import ESSAY_KINDS, NOTE_KINDS
from ..core.people import FOLDER, AuthorState, byline_data, state
from ..ui import feeds, labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: The authors' index, generated (``authors/index.html``) unless a source page claims it.
INDEX_DOC = f"{FOLDER}/index"


class AuthorPage(NamedTuple):
    """What ``authors/<slug>.html`` shows: plain hashable data."""

    slug: str
    name: str
    bio: str
    url: str
    essays: tuple[render.ItemData, ...]
    notes: tuple[render.ItemData, ...]
    counts: tuple[int, int] = (0, 0)  # their essays and notes, all pages together
    pager: render.Pager | None = None  # which page of the author's this is (None: their whole data)


class AuthorIndex(NamedTuple):
    """What ``authors/index.html`` shows: (slug, name, bio, essays, notes, has_page) per author."""

    entries: tuple[tuple[str, str, str, int, int, bool], ...]


def author_pages(app: Sphinx) -> dict[str, AuthorPage]:
    """This build's author pages (derived once from the index)."""
    found = domain.index(app.env).get(PAGES)
    return found if found is not None else domain.index(app.env).put(PAGES, _pages(app, state(app)))


#: author slug -> its page's data, derived once per build.
PAGES: domain.Slot[dict[str, AuthorPage]] = domain.Slot("author-pages")


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
        slug: AuthorPage(
            slug,
            a.name,
            a.bio,
            a.url,
            tuple(essays.get(slug, ())),
            tuple(notes.get(slug, ())),
            (len(essays.get(slug, ())), len(notes.get(slug, ()))),
        )
        for slug, a in st.authors.items()
        if slug in essays or slug in notes
    }


def page_name(slug: str) -> str:
    return f"{FOLDER}/{slug}"


# -- the essay header part: the byline -------------------------------------------------------------


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    listed = state(app).listed
    byline = tuple((slug, name, slug in listed) for slug, name, _url in byline_data(app, essay))
    return byline or None


def header_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    # A part of the header's meta line (views.META). An author with only drafts has no page: their name is
    # shown, not linked to nowhere.
    return [render.byline(app, docname, data)]


# -- generated pages and feeds ---------------------------------------------------------------------


def _feed_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.xml"


def pages(app: Sphinx) -> dict[str, Any]:
    """``authors/<slug>.html`` per author with a page, and ``authors/index.html`` (unless a source page)."""
    st = state(app)
    pages = author_pages(app)
    env = app.env
    out: dict[str, Any] = {}
    for slug, page in pages.items():
        if page_name(slug) not in env.all_docs:
            for path, essays, notes, pager in render.term_pages(app, page_name(slug), page.essays, page.notes):
                out[path] = page._replace(essays=essays, notes=notes, pager=pager)
    listed = [a for a in st.authors.values() if a.known or a.slug in pages]
    entries = tuple(
        (
            a.slug,
            a.name,
            a.bio,
            len(pages[a.slug].essays) if a.slug in pages else 0,
            len(pages[a.slug].notes) if a.slug in pages else 0,
            a.slug in pages,
        )
        for a in sorted(listed, key=lambda a: (a.name.casefold(), a.slug))
    )
    if entries and INDEX_DOC not in env.all_docs:
        out[f"{INDEX_DOC}.html"] = AuthorIndex(entries)
    return out


def _author_body(app: Sphinx, pagename: str, page: AuthorPage) -> list[nodes.Node]:
    text = _("%(count)s by %(name)s") % {
        "count": labels.essays_and_notes(app, *page.counts),
        "name": page.name,
    }
    body: list[nodes.Node] = [
        render.summary_line(
            app,
            pagename,
            text,
            classes=("longform-author-summary",),
            index=(INDEX_DOC, _("All authors"), "longform-all-authors"),
            feed=_feed_path(page.slug),
        )
    ]
    if page.bio:
        body.append(nodes.paragraph("", page.bio, classes=["longform-author-bio"]))
    if page.url:
        site = nodes.paragraph("", classes=["longform-author-url"])
        site += nodes.reference("", _("Website"), refuri=page.url, classes=["reference", "external"])
        body.append(site)
    body.extend(render.essays_then_notes(app, pagename, page.essays, page.notes, notes_class="longform-author-notes"))
    return body


def _index_body(app: Sphinx, pagename: str, data: AuthorIndex) -> list[nodes.Node]:
    total = nodes.paragraph("", labels.count(app, len(data.entries), "author"), classes=["longform-author-total"])
    listing = nodes.container("", classes=["longform-author-index"])
    for slug, name, bio, essays, notes, has_page in data.entries:
        entry = nodes.container("", classes=["longform-author-entry"], ids=[f"author-{slug}"])
        line = nodes.paragraph("", classes=["longform-author-entry-name"])
        if has_page:
            line += render.link(app, pagename, page_name(slug), name, classes=("longform-author",))
        else:
            line += nodes.inline("", name, classes=["longform-author"])
        line += nodes.inline("", " " + labels.essays_and_notes(app, essays, notes), classes=["longform-author-count"])
        entry += line
        if bio:
            entry += nodes.paragraph("", bio, classes=["longform-author-entry-bio"])
        listing += entry
    return [total, listing]


def emit_page(app: Sphinx, path: str, data: Any) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    if isinstance(data, AuthorIndex):
        return render.page(
            app, pagename, title=_("Authors"), body=_index_body(app, pagename, data), description=_("Who writes here.")
        )
    return render.page(
        app,
        pagename,
        title=data.name,
        body=_author_body(app, pagename, data),
        description=data.bio
        or _("%(count)s by %(name)s") % {"count": labels.essays_and_notes(app, *data.counts), "name": data.name},
        feeds=((feeds.title(app, data.name), _feed_path(data.slug)),),
        pager=data.pager,
    )


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """One feed per author page: what the page lists, their essays and notes, newest first."""
    env = app.env
    out: dict[str, feeds.Feed] = {}
    listed = catalogue.published(env, kinds=(*ESSAY_KINDS, *NOTE_KINDS))
    st = state(app)
    pages = author_pages(app)
    for slug, page in pages.items():
        mine = [e for e in listed if slug in st.resolved.get(e.docname, ())]
        out[_feed_path(slug)] = feeds.Feed(
            title=feeds.title(app, page.name),
            subtitle=page.bio or _("Essays by %(name)s") % {"name": page.name},
            html_page=f"{page_name(slug)}.html",
            items=feeds.items(app, mine),
        )
    return feeds.aliased(app, out)  # and at the old addresses longform_feed_aliases names


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_meta_part("authors", compute=header_compute, render=header_render)
    registry.add_generated("author-page", pages=pages, emit=emit_page)
    registry.add_generated("author-feed", pages=feed_pages, emit=feeds.emit)
    events.connect(app, "env-before-read-docs", people.load)
    events.connect(app, "env-check-consistency", people.check)
    events.connect(app, "doctree-read", people.record_curator)
