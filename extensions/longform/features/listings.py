"""The writing index: the ``essay-list`` directive, the ``site-count`` role and the site's feeds.

``essay-list`` lists catalogue entries (essays by default) on any page: the front
page's latest essays, a topic's essays, the archive grouped by year, the notes::

    ```{essay-list}
    :topic: topics/concurrency     (the essays that topic page's toctree includes)
    :tag: concurrency              (a tag slug, title or alias from tags.yaml)
    :series: concurrency-primitives
    :year: 2026
    :kind: essay                   (essay | archived | note, or several: "essay, note")
    :sort: date                    (date: newest first | title | toctree: the topic's own order)
    :limit: 5
    :group-by: year                (headings per year, newest first, with counts; or month: "November 2026")
    ```

Drafts are left out unless ``longform_show_drafts`` is on (previews).  A listing is
a view (:mod:`longform.core.views`): the directive leaves a placeholder, ``compute``
returns the displayed values only, so a page is rewritten exactly when what it
lists changes.  ``{site-count}`essays``` writes "22 essays" the same way.

The site feed ``atom.xml`` (newest essays) and ``notes.xml`` (newest notes) are
generated files; the site feed is announced on every page, the notes feed on the
notes' pages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.osutil import relative_uri

from ..core import bounds, catalogue, commentary, domain, events, log, output, parts, tagging, views
from ..ui import feeds, labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.catalogue import Essay

KINDS = ("essay", "archived", "note")
SORTS = ("date", "title", "toctree")
GROUPS = ("year", "month", "none")
#: (singular, plural) shown in counts, per kind of catalogue entry.
NOUNS = {"essay": ("essay", "essays"), "archived": ("essay", "essays"), "note": ("note", "notes")}
#: What ``site-count`` can count.
COUNTABLE = ("essays", "notes", "archived", "tags", "series")

#: Topic pages live in this folder (``topics/<name>.html``); each has a feed beside it.
TOPICS_FOLDER = catalogue.TOPICS_FOLDER
#: What a topic's feed lists: the essays (and earlier writing) its toctree includes.
TOPIC_KINDS = ("essay", "archived")

SITE_FEED = "atom.xml"
NOTES_FEED = "notes.xml"
FEEDS = (SITE_FEED, NOTES_FEED)


# -- reading: the directive and the role ---------------------------------------------


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = log.suggest(value, list(choices))
    return f" — did you mean '{close}'?" if close else ""


def _docname(value: str) -> str:
    """A topic given as 'topics/x', '/topics/x' or 'topics/x.md' -> 'topics/x'."""
    value = value.strip().lstrip("/")
    for suffix in (".md", ".rst", ".html"):
        if value.endswith(suffix):
            value = value[: -len(suffix)]
    return value


class EssayList(SphinxDirective):
    """``essay-list``: a placeholder with checked, normalised options (rendered later)."""

    has_content = False
    option_spec = {  # noqa: RUF012 (docutils API)
        "tag": directives.unchanged_required,
        "topic": directives.unchanged_required,
        "series": directives.unchanged_required,
        "year": directives.unchanged_required,
        "kind": directives.unchanged_required,
        "sort": directives.unchanged_required,
        "limit": directives.unchanged_required,
        "group-by": directives.unchanged_required,
    }

    def _bad(self, message: str) -> None:
        log.warn(message, subtype="essay-list", location=(self.env.docname, self.lineno))

    def _choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = str(self.options.get(name, default)).strip().lower()
        if value in choices:
            return value
        self._bad(
            f"':{name}: {value}' is not one of {', '.join(choices)}{_did_you_mean(value, choices)}; using '{default}'"
        )
        return default

    def _kinds(self) -> tuple[str, ...]:
        chosen: list[str] = []
        for value in self.options.get("kind", "essay").replace(",", " ").split():
            value = value.lower()
            if value in KINDS:
                if value not in chosen:
                    chosen.append(value)
            else:
                self._bad(f"':kind: {value}' is not one of {', '.join(KINDS)}{_did_you_mean(value, KINDS)}")
        return tuple(chosen) or ("essay",)

    def _number(self, name: str, *, low: int, high: int, example: str) -> int | None:
        if name not in self.options:
            return None
        text = self.options[name].strip()
        number = bounds.whole_number(text)  # never int() of an unbounded string
        if number is not None and low <= number <= high:
            return number
        self._bad(f"':{name}: {text}' must be a whole number such as {example}; the option is ignored")
        return None

    def run(self) -> list[nodes.Node]:
        topic = self.options.get("topic")
        group = self._choice("group-by", GROUPS, "none")
        options: dict[str, Any] = {
            "kinds": self._kinds(),
            "tag": self.options["tag"].strip() if "tag" in self.options else None,
            "topic": _docname(topic) if topic else None,
            "series": self.options["series"].strip() if "series" in self.options else None,
            "year": self._number("year", low=1000, high=9999, example="2026"),
            "sort": self._choice("sort", SORTS, "date"),
            "limit": self._number("limit", low=1, high=10**6, example="5"),
            "group": None if group == "none" else group,
            "line": self.lineno,  # for located warnings; compute ignores it
        }
        if options["sort"] == "toctree" and not options["topic"]:
            self._bad("':sort: toctree' follows a topic's toctree — add ':topic: <page>' or sort by date; using date")
            options["sort"] = "date"
        return [views.make_placeholder("essay-list", options)]


class SiteCount(SphinxRole):
    """``{site-count}`essays``` -> "22 essays", computed from the catalogue at write time."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        what = self.text.strip().lower()
        if what not in COUNTABLE:
            log.warn(
                f"{{site-count}}`{self.text}` cannot be counted — use one of "
                f"{', '.join(COUNTABLE)}{_did_you_mean(what, COUNTABLE)}",
                subtype="site-count",
                location=(self.env.docname, self.lineno),
            )
            return [nodes.Text(self.text)], []
        return [views.make_placeholder("site-count", {"what": what})], []


def feed_label(path: str) -> str:
    """What a link to one of the site's feeds says when the page gives no title."""
    if path == NOTES_FEED:
        return _("Subscribe to the notes (Atom feed)")
    if path == SITE_FEED:
        return _("Subscribe to new essays (Atom feed)")
    return path


class FeedLink(SphinxRole):
    """``{feed-link}`Subscribe <notes.xml>``` (or just ```atom.xml```): a link to one of the site's feeds."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = " ".join(self.text.split())
        title, path = "", text
        if text.endswith(">") and "<" in text:
            title, path = text[:-1].rsplit("<", 1)
            title, path = title.strip(), path.strip()
        # Without a title, what the feed follows, never its file name ("notes.xml" means nothing to a reader).
        title = title or feed_label(path)
        if path not in FEEDS:
            log.warn(
                f"{{feed-link}}`{self.text}` names no feed of the site — link to one of "
                f"{', '.join(FEEDS)}{_did_you_mean(path, FEEDS)}",
                subtype="feed-link",
                location=(self.env.docname, self.lineno),
            )
            return [nodes.Text(title)], []
        return [views.make_placeholder("feed-link", {"title": title, "path": path})], []


# -- which entries a listing shows ---------------------------------------------------


def tag_slugs(app: Sphinx, essay: Essay) -> set[str]:
    """The canonical slugs of an essay's tags, as the tags feature resolves them."""
    return {slug for slug, _title in tagging.badges_data(app, essay)}


def _name_key(name: str) -> str:
    """How the tags feature compares tag names: case-insensitive, whitespace-normalised."""
    return " ".join(str(name).split()).casefold()


def known_tags(app: Sphinx) -> dict[str, str]:
    """slug -> title of every tag the site knows (its vocabulary, and tags essays write)."""
    return {slug: tag.title for slug, tag in tagging.state(app).tags.items()}


def resolve_tag(app: Sphinx, name: str) -> str | None:
    """The slug a listing's ``:tag:`` names (by slug, title or alias, as in front matter), or None."""
    return tagging.state(app).names.get(_name_key(name))


def known_series(app: Sphinx) -> set[str]:
    """Series slugs of series.yaml (and those essays use, so a listing never warns twice)."""
    declared = set(parts.terms(app.env))
    return declared | {e.series for e in catalogue.essays(app.env).values() if e.series}


def topic_members(env: BuildEnvironment, topic: str) -> list[str]:
    """The docnames a topic page's toctrees include, in toctree order (nested index pages followed)."""
    members: list[str] = []
    essays = catalogue.essays(env)
    seen = {topic}

    def walk(docname: str) -> None:
        for child in env.toctree_includes.get(docname, ()):
            if child in seen:
                continue
            seen.add(child)
            members.append(child)
            if child not in essays:
                walk(child)

    walk(topic)
    return members


def select(app: Sphinx, options: dict[str, Any], *, limited: bool = True) -> list[Essay]:
    """The listed entries a listing's options choose, in display order, limited (unless ``limited`` is off)."""
    env = app.env
    chosen = catalogue.published(env, kinds=options.get("kinds") or ("essay",))
    if options.get("tag"):
        slug = resolve_tag(app, options["tag"])
        chosen = [e for e in chosen if slug is not None and slug in tag_slugs(app, e)]
    order: dict[str, int] = {}
    if options.get("topic"):
        order = {docname: index for index, docname in enumerate(topic_members(env, options["topic"]))}
        chosen = [e for e in chosen if e.docname in order]
    if options.get("series"):
        chosen = [e for e in chosen if e.series == options["series"]]
    if options.get("year"):
        chosen = [e for e in chosen if e.date is not None and e.date.year == options["year"]]
    if options.get("sort") == "title":
        chosen.sort(key=lambda e: (e.title.casefold(), catalogue.sort_key(e)))
    elif options.get("sort") == "toctree" and order:
        chosen.sort(key=lambda e: order[e.docname])
    if options.get("limit") and limited:
        chosen = chosen[: options["limit"]]
    return chosen


def _noun(app: Sphinx, kinds: tuple[str, ...], count: int) -> str:
    return labels.count(app, count, NOUNS[kinds[0]][0] if len(kinds) == 1 else "entry")


# -- the views ---------------------------------------------------------------------------


def _group_key(item: render.ItemData, group: str) -> tuple[int, int] | None:
    """(year, month) of an item for grouping by month, (year, 0) by year; None when undated."""
    if item.date is None:
        return None
    return (item.date.year, item.date.month if group == "month" else 0)


def _is_archive(options: dict[str, Any], kinds: tuple[str, ...]) -> bool:
    """Whether a listing is a whole archive of ``kinds``: grouped, unfiltered, unlimited."""
    return (
        options.get("group") in ("year", "month")
        and not any(options.get(name) for name in ("tag", "topic", "series", "year", "limit"))
        and set(kinds) <= set(options.get("kinds") or ("essay",))
    )


def _more_target(app: Sphinx, docname: str, options: dict[str, Any], kinds: tuple[str, ...]) -> str | None:
    """Where a cut listing's "All N essays" leads: the tag's page for a ``:tag:`` listing, else the
    site's archive (the first page with a grouped, unfiltered listing of these kinds); None if neither."""
    if options.get("tag"):
        slug = resolve_tag(app, options["tag"])
        if slug is not None and slug in tagging.state(app).listed and output.writes_pages(app):
            return f"{tagging.folder(app)}/{slug}"
        return None
    if any(options.get(name) for name in ("topic", "series", "year")):
        return None
    for page, other in views.placeholders(app.env, "essay-list"):
        if page != docname and _is_archive(other, kinds):
            return page
    if kinds == ARCHIVE_OPTIONS["kinds"] and docname != ARCHIVE_DOC and archive_generated(app):
        return ARCHIVE_DOC
    return None


#: A listing shown one line per entry (a long archive) puts this many times ``longform_page_size`` lines
#: on a page (500 by default, about 100 KB of HTML) and the rest on pages of their own.
LINES_PER_PAGE = 10


def _listing_base(app: Sphinx, docname: str, options: dict[str, Any]) -> str:
    """The pagename the further pages of a long listing hang from: the page itself for its first
    listing (``archive/page/2.html``), ``<page>/list-<k>`` for its k-th (``archive/list-2/page/2.html``)."""
    mine = views.page_placeholders(app.env, docname, "essay-list")
    k = next((number for number, other in enumerate(mine, start=1) if other == options), 1)
    return docname if k == 1 else f"{docname}/list-{k}"


#: A group's key: (year, 0) by year, (year, month) by month; None for the undated, or for an ungrouped listing.
GroupKey = tuple[int, int] | None
#: One group of a listing: its key and its entries, newest first.
Group = tuple[GroupKey, tuple[render.ItemData, ...]]


@dataclass(frozen=True, slots=True)
class Paging:
    """Where one page of a listing shown one line per entry stands among its pages."""

    pager: render.Pager
    counts: tuple[tuple[GroupKey, int], ...]  # each group's size, all pages together (a heading stays whole)
    jumps: tuple[tuple[GroupKey, int], ...]  # the page each group starts on ("Jump to: 2026 · 2025 …")


@dataclass(frozen=True, slots=True)
class Listing:
    """What an ``{essay-list}`` shows (see :func:`compute_list`)."""

    kinds: tuple[str, ...]
    group: str | None  # "year", "month" or None
    groups: tuple[Group, ...]
    more: tuple[int, str] | None = None  # (total, target docname): "All 130 essays →"
    compact: bool = False  # one line per entry
    paging: Paging | None = None


@dataclass(frozen=True, slots=True)
class PagedListing:
    """A listing shown one line per entry, split into pages (see :func:`_paged`)."""

    kinds: tuple[str, ...]
    group: str | None
    counts: tuple[tuple[GroupKey, int], ...]
    jumps: tuple[tuple[GroupKey, int], ...]
    pages: tuple[tuple[tuple[Group, ...], render.Pager | None], ...]  # (its groups, its place) per page

    def listing(self, number: int) -> Listing:
        """Page ``number`` (1-based) as a listing of its own."""
        groups, pager = self.pages[number - 1]
        paging = Paging(pager, self.counts, self.jumps) if pager is not None else None
        group = self.group if self.group in ("year", "month") else None
        return Listing(self.kinds, group, groups, None, not _whole_notes(self.kinds, self.group), paging)


@dataclass(frozen=True, slots=True)
class ListingPage:
    """A further page of a long listing (``archive/page/2.html``): its title and what it lists."""

    title: str
    listing: Listing


def _grouped(items: Iterable[render.ItemData], group: str | None) -> tuple[Group, ...]:
    """((key, items), ...) newest group first; one group (None) when not grouped."""
    if group not in ("year", "month"):
        return ((None, tuple(items)),)
    groups: dict[tuple[int, int] | None, list[render.ItemData]] = {}
    for item in items:
        groups.setdefault(_group_key(item, group), []).append(item)
    order = sorted(groups, key=lambda key: (key is None, tuple(-n for n in key or ())))
    return tuple((key, tuple(groups[key])) for key in order)


#: (docname, options) of a listing shown one line per entry -> its pages (see :func:`_paged`), once per build.
PAGED: domain.Slot[dict[tuple[str, str], PagedListing]] = domain.Slot("paged-listings")


def _paged(app: Sphinx, docname: str, options: dict[str, Any]) -> PagedListing:
    """The pages of a listing shown one line per entry (see :class:`PagedListing`).
    Cached for the build: the listing's own page and each further page read the same split."""
    index = domain.index(app.env)
    cache = index.get(PAGED) or index.put(PAGED, {})
    key = (docname, repr(sorted(options.items())))
    if key in cache:
        return cache[key]
    kinds = tuple(options.get("kinds") or ("essay",))
    group = options.get("group")
    whole = _whole_notes(kinds, group)
    items = [render.item_data(app, essay, with_tags=whole, with_commentary=whole) for essay in select(app, options)]
    if not whole:
        items = [item._replace(description="", authors=()) for item in items]  # what a line shows
    counts = {k: len(members) for k, members in _grouped(items, group)}
    chunks = render.split(tuple(items), render.page_size(app) * (1 if whole else LINES_PER_PAGE))
    base = _listing_base(app, docname, options)
    pages: list[tuple[tuple[Group, ...], render.Pager | None]] = []
    jumps: dict[GroupKey, int] = {}
    for number, chunk in enumerate(chunks, start=1):
        groups = _grouped(chunk, group)
        for k, _members in groups:
            jumps.setdefault(k, number)
        pager = render.Pager(base, number, len(chunks), first=docname) if len(chunks) > 1 else None
        pages.append((groups, pager))
    result = PagedListing(kinds, group, tuple(counts.items()), tuple(jumps.items()), tuple(pages))
    cache[key] = result
    return result


def _whole_notes(kinds: tuple[str, ...], group: str | None) -> bool:
    """Whether a long listing's pages show each entry whole: a stream of notes (each note is its commentary;
    ``longform_page_size`` of them a page), not the archive's one line per entry."""
    return kinds == ("note",) and group not in ("year", "month")


def compute_list(app: Sphinx, docname: str, options: dict[str, Any]) -> Listing:
    """What the listing shows (:class:`Listing`): groups is ((key or None, items), ...); items are ItemData.

    A group's key is (year, 0) by year and (year, month) by month, newest first; None is "Undated".

    A listing whose ``:limit:`` cuts it says so and links to the archive ("All 28 essays →", the front page's
    latest few).  A listing without ``:limit:`` is bounded by ``longform_page_size``: when it selects more, an ungrouped
    listing with somewhere to send the reader (the tag's page, the archive) shows that many and
    ``more = (total, target docname)`` — "All 130 essays →"; an archive (grouped), or a listing with
    nowhere to send the reader, shows every entry ``compact``: its title, date and minutes, one line each (a
    grouped listing always does: an archive is a dense list), and
    ``LINES_PER_PAGE`` times the page size of them a page: the rest go on pages of their own
    (:func:`paged_pages`), and ``paging`` (:class:`Paging`) is for the navigation between them.
    """
    kinds = tuple(options.get("kinds") or ("essay",))
    chosen = select(app, options, limited=False)
    group = options.get("group")
    size = render.page_size(app)
    more: tuple[int, str] | None = None
    compact = False
    limit = options.get("limit")
    if limit and len(chosen) > limit:  # the front page's latest few: the rest is where the archive lists them
        target = _more_target(app, docname, {**options, "limit": None}, kinds)
        more = (len(chosen), target) if target is not None else None
        chosen = chosen[:limit]
    # A listing grouped by year or month is an archive: a dense list, one line per entry, paged when long.
    if not options.get("limit") and (len(chosen) > size or group in ("year", "month")):
        target = None if group in ("year", "month") else _more_target(app, docname, options, kinds)
        if target is not None:
            more = (len(chosen), target)
            chosen = chosen[:size]
        else:
            return _paged(app, docname, options).listing(1)
    # A list of notes is a link stream: each note whole, with the piece it discusses.
    whole = kinds == ("note",) and not compact
    items = [render.item_data(app, essay, with_commentary=whole, with_tags=True) for essay in chosen]
    return Listing(kinds, group if group in ("year", "month") else None, _grouped(items, group), more, compact)


def paged_pages(app: Sphinx) -> dict[str, ListingPage]:
    """``html-collect-pages`` data: page 2 on of every listing shown one line per entry that needs more
    than one page (``archive/page/2.html``, …).  A source page of the same name wins (its listing then
    links to it)."""
    out: dict[str, ListingPage] = {}
    env = app.env
    for docname, options in views.placeholders(env, "essay-list"):
        if options.get("limit"):
            continue
        if compute_list(app, docname, options).paging is None:
            continue
        out.update(_further_pages(app, _paged(app, docname, options), _title(env, docname)))
    return out


def _further_pages(app: Sphinx, paged: PagedListing, title: str) -> dict[str, ListingPage]:
    """Pages 2 on of ``paged`` by output path, but those a source page claims."""
    out: dict[str, ListingPage] = {}
    for number in range(2, len(paged.pages) + 1):
        listing = paged.listing(number)
        assert listing.paging is not None  # a listing of more than one page: every page has its place
        pagename = render.pager_page(listing.paging.pager, number)
        if pagename not in app.env.all_docs:
            out[f"{pagename}.html"] = ListingPage(title, listing)
    return out


def emit_paged(app: Sphinx, path: str, data: ListingPage) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    body = _render_groups(app, pagename, data.listing)
    pager = data.listing.paging.pager if data.listing.paging is not None else None
    return render.page(app, pagename, title=data.title, body=body, pager=pager)


# -- the archive, generated when no source page claims it ---------------------------------------

#: The archive's address (``archive.html``): a source ``archive.md`` wins; without one Longform writes it.
ARCHIVE_DOC = catalogue.ARCHIVE
#: What the generated archive lists: what ``{essay-list}`` with ``:group-by: year`` alone lists.
ARCHIVE_OPTIONS: dict[str, Any] = {
    "kinds": ("essay",),
    "tag": None,
    "topic": None,
    "series": None,
    "year": None,
    "sort": "date",
    "limit": None,
    "group": "year",
    "line": 1,
}


def archive_generated(app: Sphinx) -> bool:
    """Whether this build writes ``archive.html`` itself (:func:`longform.core.catalogue.archive_generated`)."""
    return catalogue.archive_generated(app.env)


def archive_pages(app: Sphinx) -> dict[str, Listing]:
    """``archive.html`` when generated: every essay, newest first, by year, paged as a source archive's listing
    is (its further pages, ``archive/page/2.html``, are :func:`archive_paged_pages`)."""
    if not archive_generated(app):
        return {}
    return {f"{ARCHIVE_DOC}.html": compute_list(app, ARCHIVE_DOC, dict(ARCHIVE_OPTIONS))}


def archive_paged_pages(app: Sphinx) -> dict[str, ListingPage]:
    """The generated archive's pages 2 on (a source page of the same name wins), for :func:`emit_paged`."""
    if not archive_generated(app):
        return {}
    options = dict(ARCHIVE_OPTIONS)
    if compute_list(app, ARCHIVE_DOC, options).paging is None:
        return {}
    return _further_pages(app, _paged(app, ARCHIVE_DOC, options), _("Archive"))


def emit_archive(app: Sphinx, path: str, data: Listing) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    intro = nodes.paragraph("", _("Every essay, newest first, by the year it was published."))
    return render.page(
        app,
        pagename,
        title=_("Archive"),
        body=[intro, *render_list(app, pagename, data)],
        description=_("Every essay of %(project)s, newest first, by year.") % {"project": app.config.project},
    )


def _group_label(app: Sphinx, key: GroupKey) -> tuple[str, str]:
    """(heading, id part) of a group: '2026' / '2026', 'November 2026' / '2026-11', 'Undated' / 'undated'."""
    if key is None:
        return (_("Undated"), "undated")
    year, month = key
    if not month:
        return (str(year), str(year))
    return (labels.month_year(app, year, month), f"{year}-{month:02d}")


def _more_line(app: Sphinx, docname: str, kinds: tuple[str, ...], shown: int, more: tuple[int, str]) -> nodes.Node:
    """ "Showing 50 of 130 essays · All 130 essays →", under a listing cut at ``longform_page_size``."""
    total, target = more
    noun = "note" if kinds == ("note",) else "essay"
    para = nodes.paragraph("", classes=["longform-more"])
    shown_total = {"shown": labels.number(app, shown), "total": labels.count(app, total, noun)}
    para += nodes.Text(_("Showing %(shown)s of %(total)s") % shown_total)
    para += nodes.inline("", " · ", classes=["longform-sep"])
    para += render.link(app, docname, target, _("All %s →") % labels.count(app, total, noun), classes=("longform-all",))
    return para


def _jump_line(
    app: Sphinx, pagename: str, kinds: tuple[str, ...], pager: render.Pager, jumps: tuple[tuple[GroupKey, int], ...]
) -> nodes.Node:
    """ "Years: 2029 · 2028 · …", each a link to where its group starts, on every page of a long grouped listing."""
    para = nodes.paragraph("", classes=["longform-jumps"])
    para += nodes.Text(_("Jump to: "))
    prefix = "-".join(kinds)
    for number, (key, page) in enumerate(jumps):
        if number:
            para += nodes.inline("", " · ", classes=["longform-sep"])
        label, ident = _group_label(app, key)
        anchor = f"{prefix}-{ident}"
        target = render.pager_page(pager, page)
        refuri = f"#{anchor}" if target == pagename else render.uri(app, pagename, target, anchor=anchor)
        para += nodes.reference("", label, refuri=refuri, internal=True)
    return para


def _render_groups(app: Sphinx, docname: str, listing: Listing) -> list[nodes.Node]:
    kinds, group, groups, compact, paging = (
        listing.kinds,
        listing.group,
        listing.groups,
        listing.compact,
        listing.paging,
    )
    pager = paging.pager if paging is not None else None
    jumps = paging.jumps if paging is not None else ()
    counts = dict(paging.counts) if paging is not None else {}
    out: list[nodes.Node] = []
    if pager is not None and group is not None and len(jumps) > 1:
        out.append(_jump_line(app, docname, kinds, pager, jumps))
    if group is None:
        out.append(render.render_items(app, docname, groups[0][1], compact=compact))
    else:
        box = nodes.container("", classes=[f"longform-by-{group}"])
        prefix = "-".join(kinds)
        for key, items in groups:
            label, ident = _group_label(app, key)
            section = nodes.section("", ids=[f"{prefix}-{ident}"], classes=[f"longform-{group}"])
            title = nodes.title("", "")
            title += nodes.Text(label)
            title += nodes.inline(
                "", f" · {_noun(app, kinds, counts.get(key, len(items)))}", classes=["longform-count"]
            )
            section += title
            section += render.render_items(app, docname, items, compact=compact)
            box += section
        out.append(box)
    if pager is not None and pager.number == 1:  # further pages get theirs from render.page
        out.append(render.pager_nav(app, docname, pager))
    return out


def render_list(app: Sphinx, docname: str, data: Listing) -> list[nodes.Node]:
    if not any(items for _key, items in data.groups):
        empty = _("No notes here yet.") if NOUNS[data.kinds[0]][0] == "note" else _("No essays here yet.")
        return [nodes.paragraph("", empty, classes=["longform-empty"])]
    out = _render_groups(app, docname, data)
    if data.more is not None:
        out.append(_more_line(app, docname, data.kinds, len(data.groups[0][1]), data.more))
    return out


def count(app: Sphinx, what: str) -> tuple[int, str, str]:
    """(n, singular, plural) for ``site-count``."""
    env = app.env
    if what == "tags":  # the tags that have a page: what the tag index lists
        return (len(tagging.state(app).listed), "tag", "tags")
    if what == "series":
        listed = catalogue.published(env, kinds=KINDS)
        return (len({e.series for e in listed if e.series}), "series", "series")
    kind = {"essays": "essay", "notes": "note", "archived": "archived"}[what]
    singular, plural = NOUNS[kind]
    return (len(catalogue.published(env, kinds=(kind,))), singular, plural)


def compute_count(app: Sphinx, docname: str, options: dict[str, Any]) -> tuple[int, str, str]:
    return count(app, options["what"])


def render_count(app: Sphinx, docname: str, data: tuple[int, str, str]) -> list[nodes.Node]:
    number, singular, _plural = data
    return [nodes.inline("", labels.count(app, number, singular), classes=["longform-site-count"])]


def compute_feed_link(app: Sphinx, docname: str, options: dict[str, Any]) -> tuple[str, str]:
    return (options["title"], options["path"])


def render_feed_link(app: Sphinx, docname: str, data: tuple[str, str]) -> list[nodes.Node]:
    title, path = data
    if not output.writes_pages(app):  # feeds are written by HTML builders only: no link to nowhere
        return [nodes.inline("", title, classes=["longform-feed-link"])]
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    refuri = posixpath.relpath(path, here or ".")
    return [nodes.reference("", title, refuri=refuri, classes=["longform-feed-link"])]


# -- cross-document checks -------------------------------------------------------------


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every listing names a real topic, tag and series."""
    tag_names: dict[str, str] | None = None
    series_names: set[str] | None = None
    for docname, options in views.placeholders(env, "essay-list"):
        location = (docname, options.get("line") or 1)
        topic = options.get("topic")
        if topic and topic not in env.all_docs:
            candidates = sorted(d for d in env.all_docs if catalogue.kind_of(env, d) is None)
            log.warn(
                f"':topic: {topic}' is not a page{_did_you_mean(topic, candidates)} — give a topic page's "
                "path from the source folder, e.g. 'topics/concurrency'",
                subtype="essay-list",
                location=location,
            )
        if options.get("tag") and resolve_tag(app, options["tag"]) is None:
            tag_names = known_tags(app) if tag_names is None else tag_names
            log.warn(
                f"':tag: {options['tag']}' is not a tag in tags.yaml{_did_you_mean(options['tag'], tag_names)}",
                subtype="essay-list",
                location=location,
            )
        if options.get("series"):
            series_names = known_series(app) if series_names is None else series_names
            if options["series"] not in series_names:
                log.warn(
                    f"':series: {options['series']}' is not a series in series.yaml"
                    f"{_did_you_mean(options['series'], series_names)}",
                    subtype="essay-list",
                    location=location,
                )


# -- feeds ----------------------------------------------------------------------------------


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """The site feed (always), the notes feed (when there are notes) and a feed per topic page."""
    env = app.env
    project = str(app.config.project)
    uri = app.builder.get_target_uri
    pages: dict[str, feeds.Feed] = {
        SITE_FEED: feeds.Feed(
            project,
            _("The newest essays from %(project)s") % {"project": project},
            uri(app.config.root_doc),
            _newest(app, ("essay",)),
        ),
    }
    notes = _newest(app, ("note",))
    if notes:
        pages[NOTES_FEED] = feeds.Feed(
            _("%(project)s: notes") % {"project": project},
            _("Short notes from %(project)s") % {"project": project},
            uri(_notes_index(app)),
            notes,
        )
    for topic in topic_pages(env):
        members = set(topic_members(env, topic))
        chosen = [e for e in catalogue.published(env, kinds=TOPIC_KINDS) if e.docname in members]
        title = _title(env, topic)
        pages[topic_feed(topic)] = feeds.Feed(
            feeds.title(app, title), _("Essays on %(topic)s") % {"topic": title}, uri(topic), feeds.items(app, chosen)
        )
    return feeds.aliased(app, pages)  # the same feeds at the old addresses longform_feed_aliases names


def _newest(app: Sphinx, kinds: tuple[str, ...]) -> tuple[render.ItemData, ...]:
    return feeds.items(app, catalogue.published(app.env, kinds=kinds))


def _title(env: BuildEnvironment, docname: str) -> str:
    node = env.titles.get(docname)
    return " ".join(node.astext().split()) if node is not None else docname


def is_topic_page(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is a topic page: a page of the topics folder (not in a subfolder), not its index."""
    prefix = TOPICS_FOLDER + "/"
    name = docname[len(prefix) :] if docname.startswith(prefix) else ""
    return bool(name) and "/" not in name and name != "index" and docname in env.all_docs


def topic_pages(env: BuildEnvironment) -> list[str]:
    """The topic pages, by docname."""
    return sorted(d for d in env.all_docs if is_topic_page(env, d))


def topic_feed(topic: str) -> str:
    """A topic's feed sits beside its page: ``topics/<name>.xml``."""
    return f"{topic}.xml"


def _notes_index(app: Sphinx) -> str:
    folders = [f.strip("/") for f in app.config.longform_note_dirs if f.strip("/")]
    return f"{folders[0]}/index" if folders else app.config.root_doc


def _is_note_page(app: Sphinx, pagename: str) -> bool:
    folders = [f.strip("/") for f in app.config.longform_note_dirs if f.strip("/")]
    return any(pagename.startswith(folder + "/") for folder in folders)


def subscribe_line(href: str, label: str) -> str:
    """The visible way to follow a page: "Subscribe: <what> (Atom feed)", a link, out of search and print."""
    return (
        f'\n<p class="longform-subscribe no-search"><a class="longform-feed-link" href="{escape(href)}" '
        f'type="application/atom+xml">{escape(label)}</a></p>\n'
    )


def _subscribe(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """An essay gets a subscribe link to the site's feed, a topic page one to its own feed, under the body
    (tag and author pages have theirs in the line under the title, the front page and notes in their text)."""
    body = context.get("body")
    if not isinstance(body, str) or not body:
        return
    entry = catalogue.essays(app.env).get(pagename)
    kind = catalogue.kind_of(app.env, pagename) if entry is not None else None
    if is_topic_page(app.env, pagename):
        target, label = topic_feed(pagename), _("Subscribe to this topic (Atom feed)")
    elif kind in ("essay", "archived"):
        target, label = SITE_FEED, _("Subscribe to new essays (Atom feed)")
    elif kind == "note" and catalogue.published(app.env, kinds=("note",)):
        target, label = NOTES_FEED, _("Subscribe to the notes (Atom feed)")
    else:
        return
    if entry is not None and entry.kind == "note" and entry.link:
        body += piece_line(entry.link)
    context["body"] = body + subscribe_line(relative_uri(app.builder.get_target_uri(pagename), target), label)


def piece_line(url: str) -> str:
    """A note's own page ends as its listing entry does: "→ the piece: sre.google" (``url`` is an http(s)
    address, checked when the front matter was read)."""
    piece = _("the piece:")  # outside the f-string: extracted alike on every Python
    return (
        f'\n<p class="longform-note-link">→ {escape(piece)} <a class="reference external" '
        f'href="{escape(url, quote=True)}">{escape(commentary.host(url))}</a></p>\n'
    )


def announce_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: ``<link rel="alternate">`` to the site feed on every page, and the visible
    subscribe link of essays and topic pages (:func:`_subscribe`)."""
    if not output.writes_pages(app) or "pathto" not in context:  # singlehtml writes no feed
        return
    announced = [(str(app.config.project), SITE_FEED)]
    if _is_note_page(app, pagename) and catalogue.published(app.env, kinds=("note",)):
        announced.append((_("%(project)s: notes") % {"project": app.config.project}, NOTES_FEED))
    if is_topic_page(app.env, pagename):
        announced.append((feeds.title(app, _title(app.env, pagename)), topic_feed(pagename)))
    metatags = context.get("metatags", "")
    for title, target in announced:
        # The feed's URL relative to this page, as the HTML builder's ``pathto(target, 1)`` computes it; not
        # through ``pathto``, which the serializing builders (json, pickle) give one argument only.
        href = relative_uri(app.builder.get_target_uri(pagename), target)
        tag = f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(href)}">'
        if f'href="{escape(href)}"' not in metatags:
            metatags += "\n" + tag
    context["metatags"] = metatags
    _subscribe(app, pagename, context)


def setup(app: Sphinx, registry: views.Views) -> None:
    app.add_directive("essay-list", EssayList)
    app.add_role("site-count", SiteCount())
    registry.add_view("essay-list", compute=compute_list, render=render_list, searchable=False)
    registry.add_view("site-count", compute=compute_count, render=render_count)
    app.add_role("feed-link", FeedLink())
    registry.add_view("feed-link", compute=compute_feed_link, render=render_feed_link)
    registry.add_generated("site-feeds", pages=feed_pages, emit=feeds.emit)
    registry.add_generated("listing-page", pages=paged_pages, emit=emit_paged)
    registry.add_generated("archive-page", pages=archive_pages, emit=emit_archive)
    registry.add_generated("archive-paged", pages=archive_paged_pages, emit=emit_paged)
    events.connect(app, "env-check-consistency", check_consistency)
    events.connect(app, "html-page-context", announce_feeds)
    events.connect(app, "build-finished", feeds.check_aliases)  # longform_feed_aliases naming no feed: one warning
