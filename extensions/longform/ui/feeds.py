"""Atom feeds, written with feedgen (a maintained feed library), byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core import log
from ..core.domain import Slot
from .text import _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from ..core.catalogue import Essay
    from .render import ItemData


class Feed(NamedTuple):
    """What one feed shows (plain data: fingerprinted by the views machinery, then emitted)."""

    title: str
    subtitle: str
    html_page: str  # the output path of the page it mirrors, e.g. ``tags/go.html``
    items: tuple[ItemData, ...]  # newest first, at most ``longform_feed_length``


def items(app: Sphinx, entries: Iterable[Essay]) -> tuple[ItemData, ...]:
    """Feed entries for ``entries`` (newest first): what a feed shows, no more, and never more than the limit."""
    from . import render

    limit = app.config.longform_feed_length
    chosen = list(entries)[:limit]
    whole = fulltext(app)
    # A note's entry carries its whole commentary (a feed reader shows the note, not a teaser).
    return tuple(
        render.item_data(app, e, with_updated=True, with_commentary=e.kind == "note")._replace(
            minutes=0, draft=False, read_at=int(app.env.all_docs.get(e.docname, 0)) if whole else 0
        )
        for e in chosen
    )


def aliased(app: Sphinx, pages: dict[str, Feed]) -> dict[str, Feed]:
    """``pages`` and, for each ``longform_feed_aliases`` entry naming one of them, the same feed at the old address
    (its ``rel="self"`` link is the address it is read at)."""
    aliases: dict[str, str] = app.config.longform_feed_aliases or {}
    out = dict(pages)
    for alias, target in aliases.items():
        if target in pages and alias not in pages:
            out[alias] = pages[target]
    return out


def check_aliases(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: an alias naming a feed this build does not write is one warning, at its setting."""
    from ..core import output

    aliases: dict[str, str] = app.config.longform_feed_aliases or {}
    if exception is not None or not aliases or not output.writes_pages(app):
        return
    from pathlib import Path

    from sphinx.util import logging

    from ..core import log

    outdir = Path(app.outdir)
    for alias, target in sorted(aliases.items()):
        if not (outdir / alias).is_file():
            logging.getLogger(__name__).warning(
                f"longform_feed_aliases: '{alias}' names the feed '{target}', which this site does not write — "
                "name one it does: 'atom.xml', 'notes.xml', 'tags/<slug>.xml' or 'authors/<slug>.xml'",
                type="longform",
                subtype="feed-alias",
                location=log.conf_location(app.confdir, setting="longform_feed_aliases"),
            )


def fulltext(app: Sphinx) -> bool:
    """Whether essays' entries carry the whole essay: ``longform_feed_fulltext``, with an absolute base URL
    (a feed reader cannot follow the essay's relative links and images)."""
    return bool(app.config.longform_feed_fulltext) and bool(site_url(app))


#: Where an essay's text is in its doctree: what the reader reads, none of the page's furniture.
_DROPPED = ("no-search", "longform-subscribe")


def _plain(app: Sphinx, tree: Any, translator: Any) -> None:
    """Make a stored (unresolved) doctree writable on its own: Longform's views (header, footer, listings), the
    toctrees and ``only`` blocks go; a cross-reference not yet resolved keeps its text (an essay's link to another
    essay becomes a link from the feed, by its URL, when it names a page of the site); any node the HTML writer
    does not know (``translator``: the page's translator, with every extension's handlers) keeps its children."""
    from docutils import nodes
    from sphinx import addnodes

    from ..core import views

    base = site_url(app)
    for node in list(tree.findall(nodes.Element)):
        if node is tree or node.parent is None:
            continue
        if isinstance(node, (views.placeholder, addnodes.toctree, addnodes.only)) or any(
            name in node.get("classes", ()) for name in _DROPPED
        ):
            node.parent.remove(node)
        elif isinstance(node, addnodes.pending_xref):
            target = _xref_doc(app, node)
            if target is not None and base:
                node.replace_self(
                    nodes.reference("", "", *node.children, refuri=base + app.builder.get_target_uri(target))
                )
            else:
                node.replace_self(nodes.inline("", "", *node.children))
        elif not hasattr(translator, "visit_" + node.__class__.__name__):
            # A node another extension registered (a sphinx-design badge): its text stays, its own ids and
            # classes go with it (docutils refuses to drop them silently when only text is left)
            for attribute in node.basic_attributes:
                node[attribute] = []
            node.replace_self(list(node.children))


def _xref_doc(app: Sphinx, node: Any) -> str | None:
    """The page a cross-reference to a document names (MyST's ``[text](other.md)``, ``{doc}``), or None."""
    import posixpath

    target = str(node.get("reftarget", "")).split("#", 1)[0]
    if node.get("reftype") not in ("myst", "doc") or not target:
        return None
    if node.get("refdomain") == "doc" and target in app.env.all_docs:  # MyST gives the docname itself
        return target
    for suffix in app.config.source_suffix:
        target = target.removesuffix(suffix)
    if not target.startswith("/"):
        target = posixpath.join(posixpath.dirname(str(node.get("refdoc", ""))), target)
    target = posixpath.normpath(target).lstrip("/")
    return target if target in app.env.all_docs else None


#: docname -> its whole text as a feed entry's HTML (None: not writable), made once per build.
FULL_CONTENT: Slot[dict[str, str | None]] = Slot("feed-content")


#: Each essay's feed HTML with the time Sphinx read it (``env.all_docs``), and what every entry depends on besides
#: its own doctree (the site's address, the pages links can lead to): kept from one build to the next, so a warm
#: server's rebuild renders again only the essays it read (a feed lists twenty whole essays).
KEPT_CONTENT: Slot[tuple[object, dict[str, tuple[object, str | None]]]] = Slot("feed-content-kept", across_builds=True)


def full_content(app: Sphinx, docname: str) -> str | None:
    """The whole essay ``docname`` as HTML for a feed entry: its body without its title, the page's furniture or
    the heading anchors, every link and image absolute; None when it cannot be written (the summary stays)."""
    from ..core import domain

    index = domain.index(app.env)
    cache = index.get(FULL_CONTENT)
    if cache is None:  # the first entry of this build: what was kept from the last one still holds, or not
        cache = index.put(FULL_CONTENT, {})  # one essay is in several feeds
        inputs = (site_url(app), frozenset(app.env.all_docs))
        kept = index.get(KEPT_CONTENT)
        if kept is None or kept[0] != inputs:
            index.put(KEPT_CONTENT, (inputs, {}))
    if docname not in cache:
        kept_now = index.get(KEPT_CONTENT)
        read = app.env.all_docs.get(docname)
        found = kept_now[1].get(docname) if kept_now is not None else None
        if found is not None and read is not None and found[0] == read:
            cache[docname] = found[1]
        else:
            cache[docname] = _full_content(app, docname)
            if kept_now is not None:
                kept_now[1][docname] = (read, cache[docname])
    return cache[docname]


def _full_content(app: Sphinx, docname: str) -> str | None:
    from docutils import nodes
    from lxml import html as lxml_html
    from sphinx.util.osutil import relative_uri

    base = site_url(app)
    builder: Any = app.builder
    try:
        tree = app.env.get_doctree(docname)
    except OSError:
        return None
    tree.settings = builder.docsettings
    visitor = builder.create_translator(tree, builder)  # the page's: it writes every node an extension registered
    _plain(app, tree, visitor)
    section = tree.next_node(nodes.section)
    if section is None:
        return None
    if section.children and isinstance(section.children[0], nodes.title):
        section.remove(section.children[0])
    # MyST puts the footnotes after the essay's section, at the document's end: the entry carries them too, so its
    # numbered references have their notes (each linking back, as on the page).
    for note in [n for n in tree.children if isinstance(n, nodes.footnote)]:
        tree.remove(note)
        section += note
    page = builder.get_target_uri(docname)
    builder.post_process_images(tree)  # the essay's images are in _images/ (copied once more if not yet)
    # Written as Sphinx writes the page (its translator walks the tree; no docutils writer transforms, which know
    # nothing of Sphinx's nodes: a versionadded note stopped render_partial), with the page's numbers and paths.
    names = ("current_docname", "imgpath", "dlpath", "secnumbers", "fignumbers")
    saved = tuple(getattr(builder, name, None) for name in names)
    builder.current_docname = docname
    builder.imgpath, builder.dlpath = relative_uri(page, "_images"), relative_uri(page, "_downloads")
    builder.secnumbers = app.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = app.env.toc_fignumbers.get(docname, {})
    try:
        section.walkabout(visitor)
        fragment = "".join(visitor.body)
    except Exception as error:  # another extension's node its own translator cannot write on its own
        log.warn(
            f"the whole text of this essay cannot be written into the feeds ({type(error).__name__}: {error}) — "
            "its entries carry the description; set longform_feed_fulltext = False to say so everywhere",
            subtype="feed-content",
            location=(docname, 1),
        )
        return None
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(builder, name, value)
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for anchor in root.xpath('//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'):
        anchor.drop_tree()
    page_url = base + page
    root.make_links_absolute(page_url, resolve_base_href=False)
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def title(app: Sphinx, name: str) -> str:
    """A feed's title: what it follows, then the site."""
    return _("%(name)s — %(project)s") % {"name": name, "project": app.config.project}


def emit(app: Sphinx, path: str, feed: Feed) -> None:
    """The one way a feed is written: :func:`atom` of ``feed``, to ``path`` in the output folder."""
    from ..core import output

    content = atom(app, path=path, title=feed.title, subtitle=feed.subtitle, html_page=feed.html_page, items=feed.items)
    output.write_file(app, path, content)


def site_url(app: Sphinx) -> str:
    """The site's absolute base URL (``html_baseurl``), ending in '/', or '' when unset."""
    base = (app.config.html_baseurl or "").strip()
    if base and not base.endswith("/"):
        base += "/"
    return base


def remember_highlighting(app: Sphinx) -> None:
    """``builder-inited``: with whole essays in feeds, every essay is written twice (its page, then its entry): the
    second writing takes the code blocks' highlighting from the first
    (:func:`longform.core.compat.remember_highlighting`)."""
    if app.builder.format == "html" and fulltext(app):
        from ..core import compat

        compat.remember_highlighting(app.builder)


def warn_without_baseurl(app: Sphinx) -> None:
    """``builder-inited``: feeds and social cards need the published address; say where to give it, once."""
    from ..core import tagcompat

    if app.builder.format != "html" or site_url(app) or tagcompat.active(app.config):
        return  # a sphinx-tags site's tag pages link no feed unless essays carry the tag (its guide asks for a URL)
    from pathlib import Path

    from sphinx.util import logging

    logging.getLogger(__name__).warning(
        "html_baseurl is not set, so feeds carry relative links and urn: ids that feed readers cannot follow — "
        "set html_baseurl = 'https://<your site>/' in conf.py (suppress with 'longform.no-baseurl')",
        type="longform",
        subtype="no-baseurl",
        location=f"{Path(app.confdir, 'conf.py')}:1",
    )


def _when(value: dt.date | None) -> dt.datetime:
    day = value or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _content(app: Sphinx, item: ItemData, base: str) -> str:
    """A note's whole commentary as HTML, and the link to the piece it discusses (all escaped)."""
    from html import escape

    from ..core import commentary

    builder = app.builder

    def doc_url(docname: str) -> str | None:
        if docname not in app.env.all_docs:
            return None
        return base + builder.get_target_uri(docname) if base else builder.get_target_uri(docname)

    html = commentary.to_html(item.commentary, doc_url=doc_url, page_url=doc_url(item.docname) or "")
    if item.link:
        piece = escape(_("the piece:"))
        html += f'\n<p>→ {piece} <a href="{escape(item.link)}">{escape(commentary.host(item.link))}</a></p>'
    return html


def _superseded_html(app: Sphinx, item: ItemData, base: str) -> str:
    """'' or, for an entry another essay supersedes, a first paragraph of its content naming the successor
    (escaped; an absolute link when the site's address is known)."""
    if item.superseded_by is None:
        return ""
    from html import escape

    successor, title = item.superseded_by
    target = app.builder.get_target_uri(successor)
    link = f'<a href="{escape(base + target if base else target)}">{escape(title)}</a>'
    sentence = escape(_("Superseded by %(essay)s — read that first.")).replace(escape("%(essay)s"), link)
    return f"<p><em>{sentence}</em></p>\n"


def atom(
    app: Sphinx,
    *,
    path: str,
    title: str,
    subtitle: str,
    html_page: str,
    items: list[ItemData] | tuple[ItemData, ...],
) -> bytes:
    """An Atom feed of ``items`` (newest first), for the file ``path`` in the output folder.

    ``html_page`` is the output path of the page the feed mirrors (e.g. ``tags/go.html``).
    Entries point to essays with absolute URLs when ``html_baseurl`` is set.
    """
    base = site_url(app)
    builder = app.builder
    # Imported here: feedgen pulls in lxml and dateutil, which a rebuild that writes no feed
    # (most of them) need not load.
    from feedgen.feed import FeedGenerator

    from ..core.bounds import xml_safe as safe  # every string below reaches XML: none may break it

    fg = FeedGenerator()
    # Without html_baseurl, ids are URNs; a URN has no spaces, so the project's name is slugged into it.
    from slugify import slugify

    site = slugify(str(app.config.project or "site")) or "site"
    feed_id = base + path if base else f"urn:longform:{site}:{path}"
    fg.id(safe(feed_id))
    fg.title(safe(title))
    fg.subtitle(safe(subtitle or title))
    fg.link(href=safe((base + path) if base else path), rel="self")
    fg.link(href=safe((base + html_page) if base else html_page), rel="alternate")
    fg.language(safe(app.config.language or "en"))
    fg.generator("Longform (feedgen)")
    if app.config.author:
        fg.author({"name": safe(app.config.author)})
    newest = max((day for item in items if (day := item.updated or item.date) is not None), default=None)
    fg.updated(_when(newest))
    whole = fulltext(app)
    related: dict[str, tuple[str, str]] = {}  # an entry's alternate link -> (successor's address, its title)
    for item in items:
        if item.date is None:
            continue  # undated (warned about where it is written): a feed entry needs its date
        entry = fg.add_entry(order="append")
        target = builder.get_target_uri(item.docname)
        url = safe(base + target if base else target)
        entry.id(url if base else safe(f"urn:longform:{site}:{item.docname}"))
        entry.title(safe(item.title))
        entry.link(href=url, rel="alternate")
        summary = item.description or item.title
        if item.superseded_by is not None:  # the entry says so first, and links the successor (rel="related")
            successor, successor_title = item.superseded_by
            summary = _("Superseded by %(title)s") % {"title": successor_title} + " — " + summary
            later = builder.get_target_uri(successor)
            related[url] = (safe(base + later if base else later), safe(successor_title))
        entry.summary(safe(summary))
        # A reader shows the content when there is one: a superseded entry's says so first, as its summary does.
        first = _superseded_html(app, item, base)
        if item.commentary:
            entry.content(safe(first + _content(app, item, base)), type="html")
        elif whole and item.kind in ("essay", "archived"):
            content = full_content(app, item.docname)
            if content:
                entry.content(safe(first + content), type="html")
        entry.published(_when(item.date))
        entry.updated(_when(item.updated or item.date))
        for _slug, name, uri in item.authors:
            entry.author({"name": safe(name), "uri": safe(uri)} if uri else {"name": safe(name)})
        for _slug, tag_title in item.tags:
            entry.category(term=safe(tag_title))
    atom: bytes = fg.atom_str(pretty=True)
    return _with_related(atom, related) if related else atom


_ATOM = "{http://www.w3.org/2005/Atom}"


def _with_related(atom: bytes, related: dict[str, tuple[str, str]]) -> bytes:
    """``atom`` with a ``<link rel="related">`` to its successor after the alternate link of each entry in
    ``related`` (keyed by that link's address).  Added here, not by feedgen: feedgen 1.0 writes an entry link's
    ``href`` only, so its ``rel="related"`` would come out as a second alternate link, which Atom forbids."""
    from lxml import etree

    root = etree.fromstring(atom, parser=etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    for entry in root.iter(f"{_ATOM}entry"):
        alternate = entry.find(f"{_ATOM}link")
        found = related.get(alternate.get("href", "")) if alternate is not None else None
        if alternate is None or found is None:
            continue
        href, title = found
        link = etree.Element(f"{_ATOM}link", href=href, rel="related", title=title)
        alternate.addnext(link)
    written: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return written
