"""Shared rendering: one essay as a list item, and generated pages wrapped in furo's page.html.

Every feature that lists essays (tag pages, listings, series pages) goes through
:func:`item_data` (the hashable values an item shows, used for fingerprints)
and :func:`render_item` (docutils nodes built from those values only).  Text is
always carried in docutils ``Text`` nodes, so every title, description and tag a
contributor writes is HTML-escaped by the writer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.builders import Builder as _Builder
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..core import commentary, compat, domain, output, people, tagging, typedlinks
from . import labels
from .text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.catalogue import Essay


class ItemData(NamedTuple):
    docname: str
    title: str
    date: dt.date | None
    minutes: int
    description: str
    tags: tuple[tuple[str, str], ...]  # (slug, title)
    draft: bool
    updated: dt.date | None = None  # only filled for feeds (listings do not show it)
    kind: str = "essay"
    link: str | None = None  # a note's link: the piece it discusses
    commentary: tuple[commentary.Paragraph, ...] = ()  # a note's whole text: notes page and feed only
    authors: tuple[tuple[str, str, str], ...] = ()  # (slug, name, url or ''): the byline, and feed entries' authors
    read_at: int = 0  # feeds with whole essays only: when the page was last read (a changed body rewrites its feeds)
    superseded_by: tuple[str, str] | None = None  # (docname, title) of the page that supersedes it (core.typedlinks)


def item_data(
    app: Sphinx, essay: Essay, *, with_tags: bool = True, with_updated: bool = False, with_commentary: bool = False
) -> ItemData:
    return ItemData(
        docname=essay.docname,
        title=essay.title,
        date=essay.date,
        minutes=essay.minutes,
        description=essay.description,
        tags=tagging.badges_data(app, essay) if with_tags else (),
        draft=essay.draft,
        updated=essay.updated if with_updated else None,
        kind=essay.kind,
        link=essay.link,
        commentary=essay.commentary if with_commentary else (),
        authors=people.byline_data(app, essay),
        superseded_by=_successor(app, essay),
    )


def _successor(app: Sphinx, essay: Essay) -> tuple[str, str] | None:
    """(docname, title) of the listed page that supersedes ``essay`` (:mod:`longform.core.typedlinks`), or None."""
    found = typedlinks.successor_of(app.env, essay.docname)
    return None if found is None else (found.docname, found.title)


def superseded_mark(app: Sphinx, fromdoc: str, successor: tuple[str, str], *, compact: bool = False) -> nodes.inline:
    """The quiet mark on a listed essay that another supersedes: "Superseded by <successor's title>", a link; on
    an archive's one-line entry (``compact``) the word "Superseded" alone."""
    mark = nodes.inline("", classes=["longform-superseded-mark"])
    if compact:
        mark += nodes.Text(_("Superseded"))
        return mark
    mark += nodes.Text(_("Superseded by") + " ")
    mark += link(app, fromdoc, successor[0], successor[1])
    return mark


def uri(app: Sphinx, fromdoc: str, target: str, *, anchor: str = "") -> str:
    """Relative URL from page ``fromdoc`` to page ``target`` (docname or generated page name)."""
    return _relative_uri(app.builder, fromdoc, target) + (f"#{anchor}" if anchor else "")


def _relative_uri(builder: _Builder, fromdoc: str, target: str) -> str:
    """``builder.get_relative_uri``, memoised by the folder of ``fromdoc``'s page.

    Listings link the same essays and tags from many pages, and Sphinx's relative URL
    depends only on the folder of the page it is written in (and on whether the two are
    the same page).  Builders that compute relative URLs their own way are asked every time.
    """
    if not compat.relative_uri_is_standard(builder):
        return builder.get_relative_uri(fromdoc, target)
    base = builder.get_target_uri(fromdoc)
    to = builder.get_target_uri(target)
    if base == to:
        return relative_uri(base, to)
    cache = domain.index(builder.env).uris
    key = (builder.name, base.rpartition("/")[0], to)
    found = cache.get(key)
    if found is None:
        found = cache[key] = relative_uri(base, to)
    return found


def link(app: Sphinx, fromdoc: str, target: str, text: str, *, classes: tuple[str, ...] = ()) -> nodes.TextElement:
    """A link to a page; plain text (an inline) where the builder has no such page (a tag page in a PDF)."""
    ref: nodes.TextElement
    if target == fromdoc:
        ref = nodes.reference("", text, refuri="#", internal=True, classes=["current", *classes])
    elif target not in app.env.all_docs and not output.writes_pages(app):
        ref = nodes.inline("", text, classes=list(classes))  # generated pages are written by HTML builders only
    else:
        try:
            ref = nodes.reference("", text, refuri=uri(app, fromdoc, target), internal=True, classes=list(classes))
        except NoUri:
            ref = nodes.inline("", text, classes=list(classes))
    return ref


def file_uri(app: Sphinx, pagename: str, path: str) -> str:
    """Relative URL from page ``pagename`` (where the builder writes it) to ``path`` in the output folder."""
    return relative_uri(app.builder.get_target_uri(pagename), path)


def tag_badge(app: Sphinx, fromdoc: str, slug: str, title: str) -> nodes.TextElement:
    """A tag as a sphinx-design outline badge linking to its page."""
    return link(
        app,
        fromdoc,
        f"{tagging.folder(app)}/{slug}",
        title,
        classes=("sd-badge", "sd-outline-primary", "sd-text-primary", "longform-tag"),
    )


def tag_badges(app: Sphinx, fromdoc: str, tags: tuple[tuple[str, str], ...]) -> nodes.paragraph:
    para = nodes.paragraph("", classes=["longform-tags"])
    for index, (slug, title) in enumerate(tags):
        if index:
            para += nodes.Text(" ")
        para += tag_badge(app, fromdoc, slug, title)
    return para


def byline(app: Sphinx, fromdoc: str, authors: tuple[tuple[str, str, bool], ...]) -> nodes.inline:
    """The byline "By A, B and C" from (slug, name, has a page): names with a page link to it."""
    box = nodes.inline("", classes=["longform-byline"])
    box += nodes.Text(_("By") + " ")
    for index, (slug, name, has_page) in enumerate(authors):
        if index:
            box += nodes.Text(" " + _("and") + " " if index == len(authors) - 1 else ", ")
        if has_page:
            box += link(app, fromdoc, f"{people.FOLDER}/{slug}", name, classes=("longform-author",))
        else:
            box += nodes.inline("", name, classes=["longform-author"])
    return box


def render_item(
    app: Sphinx,
    fromdoc: str,
    data: ItemData,
    *,
    kicker: nodes.Node | None = None,
    meta_extra: list[nodes.Node] | None = None,
    extra: list[nodes.Node] | None = None,
    classes: tuple[str, ...] = (),
) -> nodes.container:
    """One essay wherever essays are listed (listings, tag, author and series pages, reading paths, related
    essays, backlinks): title link; date and reading time (not for notes), draft badge, byline; description,
    or a note's whole commentary; the piece a note discusses; tags.

    What a place adds of its own: ``kicker`` before the title ("Step 2", "Part 3"), ``meta_extra`` at the
    end of the meta line, ``extra`` after the text, ``classes`` on the item.
    """
    box = nodes.container("", classes=["longform-item", f"longform-item-{data.kind}", *classes])
    title = nodes.paragraph("", classes=["longform-item-title"])
    if kicker is not None:
        title += kicker
        title += nodes.Text(" ")
    title += link(app, fromdoc, data.docname, data.title)
    box += title
    meta = nodes.paragraph("", classes=["longform-item-meta"])
    meta += labels.date_node(app, data.date)
    if data.kind != "note":
        meta += nodes.inline("", " · ", classes=["longform-sep"])
        meta += labels.reading_time(app, data.minutes)
    if data.draft:
        meta += nodes.Text(" ")
        meta += labels.badge(_("Draft"), style="warning", classes=("longform-draft",))
    if data.authors:
        meta += nodes.inline("", " · ", classes=["longform-sep"])
        # a listed entry's authors always have a page: it lists them
        meta += byline(app, fromdoc, tuple((slug, name, True) for slug, name, _url in data.authors))
    if data.superseded_by is not None:
        meta += nodes.inline("", " · ", classes=["longform-sep"])
        meta += superseded_mark(app, fromdoc, data.superseded_by)
    if meta_extra:
        meta.extend(meta_extra)
    box += meta
    if data.commentary:
        text = nodes.container("", classes=["longform-note-commentary"])
        text.extend(
            commentary.to_nodes(
                data.commentary,
                doc_uri=lambda target: _doc_uri(app, fromdoc, target),
                prefix=nodes.make_id(data.docname) + "-",  # several notes' footnotes on one page stay apart
            )
        )
        box += text
    elif data.description:
        box += nodes.paragraph("", data.description, classes=["longform-item-description"])
    if data.link:
        box += piece_link(data.link)
    if data.kind == "archived":
        marker = nodes.paragraph("", classes=["longform-item-kind"])
        marker += labels.badge(_("Earlier writing"), classes=("longform-archived",))
        box += marker
    if extra:
        box.extend(extra)
    if data.tags:
        box += tag_badges(app, fromdoc, data.tags)
    return box


def curated_by(app: Sphinx, fromdoc: str, data: tuple[str, str, bool]) -> nodes.paragraph:
    """The line "Curated by <name>", the name a link to the curator's page when they have one."""
    slug, name, has_page = data
    para = nodes.paragraph("", classes=["longform-curator"])
    para += nodes.Text(_("Curated by") + " ")
    if has_page:
        para += link(app, fromdoc, f"{people.FOLDER}/{slug}", name, classes=("longform-author",))
    else:
        para += nodes.inline("", name, classes=["longform-author"])
    return para


def piece_link(url: str) -> nodes.paragraph:
    """ "→ the piece: sre.google", under a note: the way out to what it discusses."""
    para = nodes.paragraph("", classes=["longform-note-link"])
    para += nodes.Text("→ " + _("the piece:") + " ")
    para += nodes.reference("", commentary.host(url), refuri=url, classes=["external"])
    return para


def _doc_uri(app: Sphinx, fromdoc: str, target: str) -> str | None:
    try:
        return uri(app, fromdoc, target) if target in app.env.all_docs else None
    except NoUri:  # a document this builder leaves out (LaTeX: one in no toctree of the book)
        return None


def render_items(
    app: Sphinx, fromdoc: str, items: tuple[ItemData, ...] | list[ItemData], *, compact: bool = False
) -> nodes.Element:
    """Items one under the other; ``compact``: one line each, the title, the date and the minutes only (an
    archive: about a tenth of an item's bytes, so 2,000 entries stay a page one can load)."""
    if compact:
        lines = nodes.bullet_list("", classes=["longform-list", "longform-compact", "simple"])
        for data in items:
            line = nodes.paragraph("")
            line += link(app, fromdoc, data.docname, data.title)
            line += nodes.Text(" · ")
            line += labels.date_node(app, data.date)
            if data.minutes and data.kind != "note":  # an archive line: title · date · minutes
                line += nodes.inline("", " · ", classes=["longform-sep"])
                line += nodes.inline("", labels.minutes(app, data.minutes), classes=["longform-reading-time"])
            if data.draft:
                line += nodes.Text(" ")
                line += labels.badge(_("Draft"), style="warning", classes=("longform-draft",))
            if data.superseded_by is not None:
                line += nodes.inline("", " · ", classes=["longform-sep"])
                line += superseded_mark(app, fromdoc, data.superseded_by, compact=True)
            lines += nodes.list_item("", line)
        return lines
    listing = nodes.container("", classes=["longform-list"])
    for data in items:
        listing += render_item(app, fromdoc, data)
    return listing


def summary_line(
    app: Sphinx,
    pagename: str,
    text: str,
    *,
    classes: tuple[str, ...],
    index: tuple[str, str, str] | None = None,
    feed: str | None = None,
) -> nodes.paragraph:
    """The line under a generated page's title: "4 essays on Go · All tags · Atom feed".

    ``index`` is (docname, label, class) of the page listing them all; ``feed`` the output path of the
    page's feed.
    """
    line = nodes.paragraph("", classes=list(classes))
    line += nodes.Text(text)
    if index is not None:
        target, label, css = index
        line += nodes.inline("", " · ", classes=["longform-sep"])
        line += link(app, pagename, target, label, classes=(css,))
    if feed is not None:
        line += nodes.inline("", " · ", classes=["longform-sep"])
        line += nodes.reference(
            "", _("Atom feed"), refuri=file_uri(app, pagename, feed), internal=True, classes=["longform-feed-link"]
        )
    return line


def essays_then_notes(
    app: Sphinx, pagename: str, essays: tuple[ItemData, ...], notes: tuple[ItemData, ...], *, notes_class: str
) -> list[nodes.Node]:
    """A term's page body (a tag's, an author's): its essays, then a "Notes" section when it has notes."""
    body: list[nodes.Node] = []
    if essays:
        body.append(render_items(app, pagename, essays))
    if notes:
        section = nodes.section("", ids=["notes"], classes=[notes_class])
        section += nodes.title("", _("Notes"))
        section += render_items(app, pagename, notes)
        body.append(section)
    return body


# -- pages of a long term page: tags/go.html, tags/go/page/2.html, … ------------------------------

#: The folder of a term page's later pages: ``tags/go/page/2.html``.  Slugs never hold a "/", so no other
#: term's page (not even the tag ``go-2``'s) and no source page of the folder can have such a name.
PAGE_FOLDER = "page"


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a paginated term page stands: hashable, part of the page's data."""

    base: str  # the pagename of page 1 (``tags/go``): the term's URL, unchanged
    number: int  # 1-based
    count: int  # how many pages the term has
    newest_first: bool = True  # "Newer / Older" (a tag's essays); False: "Previous page / Next page"
    first: str = ""  # the pagename of page 1 when it is not ``base`` (a source page's long archive)


def page_size(app: Sphinx) -> int:
    return int(app.config.longform_page_size)


def page_name(base: str, number: int) -> str:
    """The pagename of page ``number`` of the term page ``base``: page 1 is ``base`` itself."""
    return base if number == 1 else f"{base}/{PAGE_FOLDER}/{number}"


def pager_page(pager: Pager, number: int) -> str:
    """The pagename of page ``number`` of ``pager``'s pages."""
    return (pager.first or pager.base) if number == 1 else page_name(pager.base, number)


def split(items: tuple[Any, ...], size: int) -> list[tuple[Any, ...]]:
    """``items`` in pages of at most ``size`` (one empty page for no items)."""
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)] or [()]


def term_pages(
    app: Sphinx, base: str, essays: tuple[ItemData, ...], notes: tuple[ItemData, ...], *, newest_first: bool = True
) -> list[tuple[str, tuple[ItemData, ...], tuple[ItemData, ...], Pager]]:
    """A term's page (a tag's, an author's) in pages of ``longform_page_size`` items, essays then notes:
    (output path, its essays, its notes, its :class:`Pager`) per page.  Each page's data is what it shows,
    so an added essay rewrites the pages it moves items on, and a page that no longer exists is deleted."""
    size = page_size(app)
    chunks = split((*essays, *notes), size)
    out = []
    for number, chunk in enumerate(chunks, start=1):
        start = (number - 1) * size
        mine_essays = essays[start : start + size]
        mine_notes = chunk[len(mine_essays) :]
        pager = Pager(base, number, len(chunks), newest_first)
        out.append((f"{page_name(base, number)}.html", tuple(mine_essays), tuple(mine_notes), pager))
    return out


def _pager_numbers(number: int, count: int) -> list[int | None]:
    """The page numbers the navigation shows: the first, the last and the two either side of
    ``number``; None stands for the ones left out ("…"), so 400 pages never make 400 links."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    out: list[int | None] = []
    for value in shown:
        if out and value - (out[-1] or 0) > 1:
            out.append(None)
        out.append(value)
    return out


def _pager_labels(pager: Pager) -> tuple[str, str]:
    if pager.newest_first:
        return _("Newer"), _("Older")
    return _("Previous page"), _("Next page")


def pager_nav(app: Sphinx, pagename: str, pager: Pager) -> nodes.container:
    """The navigation at the bottom of a paginated page, in furo's previous/next look:
    "← Newer · Page 1" and "Older · Page 3 →", and the page numbers between them."""
    box = nodes.container("", classes=["longform-pager"])
    previous, following = _pager_labels(pager)
    pair = nodes.paragraph("", classes=["related-pages", "longform-pager-nav"])
    for rel, number, label in (("prev", pager.number - 1, previous), ("next", pager.number + 1, following)):
        if not 1 <= number <= pager.count:
            continue
        info = nodes.inline("", classes=["page-info"])
        info += nodes.inline("", label, classes=["context"])
        info += nodes.inline("", _("Page %d") % number, classes=["title"])
        pair += nodes.reference(
            "",
            "",
            info,
            refuri=uri(app, pagename, pager_page(pager, number)),
            internal=True,
            classes=[f"{rel}-page", f"longform-pager-{rel}"],
        )
    box += pair
    numbers = nodes.paragraph("", classes=["longform-pager-pages"])
    numbers += nodes.inline("", _("Page %(number)d of %(count)d") % {"number": pager.number, "count": pager.count},
                            classes=["longform-pager-here"])  # fmt: skip
    for shown in _pager_numbers(pager.number, pager.count):
        numbers += nodes.Text(" ")
        if shown is None:
            numbers += nodes.inline("", "…", classes=["longform-pager-gap"])
        elif shown == pager.number:
            numbers += nodes.strong("", str(shown), classes=["longform-pager-current"])
        else:
            target = pager_page(pager, shown)
            numbers += nodes.reference(
                "", str(shown), refuri=uri(app, pagename, target), internal=True, classes=["longform-pager-page"]
            )
    box += numbers
    return box


def _pager_links(app: Sphinx, pagename: str, pager: Pager) -> list[str]:
    """``<link rel="prev">`` / ``<link rel="next">`` for the page's ``<head>``."""
    links = []
    for rel, number in (("prev", pager.number - 1), ("next", pager.number + 1)):
        if 1 <= number <= pager.count:
            href = uri(app, pagename, pager_page(pager, number))
            links.append(f'<link rel="{rel}" href="{escape(href)}">')
    return links


def page(
    app: Sphinx,
    pagename: str,
    *,
    title: str,
    body: list[nodes.Node],
    description: str = "",
    feeds: tuple[tuple[str, str], ...] = (),
    pager: Pager | None = None,
) -> tuple[str, dict[str, Any], str]:
    """A generated page for ``html-collect-pages``, rendered inside the theme's page.html.

    ``feeds`` are (title, target path relative to the output folder) announced with
    ``<link rel="alternate">``.  With a ``pager`` of more than one page, the page's ``<title>`` says which
    page it is, ``<link rel="prev/next">`` go into the ``<head>`` and the navigation under the body.
    """
    paged = pager if pager is not None and pager.count > 1 else None
    section = nodes.section("", ids=["longform-page"], classes=["longform-generated"])
    section += nodes.title("", title)
    section.extend(body)
    if paged is not None:
        section += pager_nav(app, pagename, paged)
    html = compat.render_partial(app.builder, section)
    if paged is not None and paged.number > 1:
        title = _("%(title)s, page %(number)d") % {"title": title, "number": paged.number}
    metatags = []
    if description:
        metatags.append(f'<meta name="description" content="{escape(description)}">')
    if paged is not None:
        metatags.extend(_pager_links(app, pagename, paged))
    for feed_title, target in feeds:
        metatags.append(
            f'<link rel="alternate" type="application/atom+xml" title="{escape(feed_title)}" '
            f'href="{escape(file_uri(app, pagename, target))}">'
        )
    context = {
        "title": escape(title),
        "body": html,
        "metatags": "\n".join(metatags),
        "longform_generated": True,
    }
    return pagename, context, "page.html"
