"""Series: one argument written in parts ("Part 2 of 4").

Essays join a series with ``series: <slug>`` and ``part: N`` in their front
matter; the series themselves (title, description) live in the vocabulary file
``longform_series_file`` (``docs/series.yaml``).  This module adds:

* a part of the header's meta line under each member's title: "Part N of M in <series title>";
* a footer part: previous and next part, in the look of furo's own footer, and
  every part of the series with the current one marked;
* a generated page per series, ``series/<slug>.html`` (description, parts in
  order with reading times, total reading time), and ``series/index.html``;
* the cross-document checks (unknown series, a gap, a part claimed twice, a
  series of one part), in an ``env-check-consistency`` handler.

Everything shown is computed from the catalogue and the vocabulary, so the
views machinery rewrites exactly the pages whose series data changed.  Drafts
count for the checks (an author writing part 3 as a draft has no gap) but are
shown only when ``longform_show_drafts`` is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from ..core import catalogue, events, log, safety, views, vocabulary
from ..core.parts import FOLDER, declared, load_vocabulary, members, terms, vocabulary_broken
from ..ui import feeds, labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.catalogue import Essay


class PartData(NamedTuple):
    docname: str
    part: int
    title: str


def _part(essay: Essay) -> PartData:
    return PartData(essay.docname, essay.part or 0, essay.title)


def page_name(slug: str) -> str:
    return f"{FOLDER}/{slug}"


# -- header: "Part N of M in <series title>" -----------------------------------------------


def _membership(app: Sphinx, docname: str) -> tuple[vocabulary.Term, Essay, list[Essay]] | None:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None or essay.series is None or essay.part is None:
        return None
    term = terms(app.env).get(essay.series)
    if term is None:
        return None
    parts = members(app.env, essay.series)
    if essay not in parts:
        return None
    return term, essay, parts


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    found = _membership(app, docname)
    if found is None:
        return None
    term, essay, parts = found
    return (term.slug, term.title, essay.part, max(p.part or 0 for p in parts))


def header_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """Inline, in the header's meta line: "Part 2 of 4 in <series title>"."""
    slug, title, part, total = data
    span = nodes.inline("", classes=["longform-series"])
    span += nodes.inline(
        "", _("Part %(part)d of %(total)d") % {"part": part, "total": total}, classes=["longform-series-part"]
    )
    span += nodes.Text(" " + _("in") + " ")
    span += render.link(app, docname, page_name(slug), title, classes=("longform-series-link",))
    return [span]


# -- footer: previous / next part and the list of parts ----------------------------------


def footer_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    found = _membership(app, docname)
    if found is None:
        return None
    term, essay, parts = found
    index = parts.index(essay)
    previous = _part(parts[index - 1]) if index > 0 else None
    following = _part(parts[index + 1]) if index + 1 < len(parts) else None
    return (term.slug, term.title, previous, following, tuple(_part(p) for p in parts))


def _neighbour(app: Sphinx, docname: str, data: PartData, *, rel: str) -> nodes.reference:
    """One half of the previous/next pair, with furo's classes (``prev-page`` / ``next-page``)."""
    label = _("Previous part") if rel == "prev" else _("Next part")
    info = nodes.inline("", classes=["page-info"])
    info += nodes.inline("", f"{label} · " + _("Part %d") % data.part, classes=["context"])
    info += nodes.inline("", data.title, classes=["title"])
    return nodes.reference(
        "",
        "",
        info,
        refuri=render.uri(app, docname, data.docname),
        internal=True,
        classes=[f"{rel}-page", f"longform-series-{rel}"],
    )


def footer_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    slug, title, previous, following, parts = data
    box = nodes.container("", classes=["longform-series-footer"])
    heading = nodes.paragraph("", classes=["longform-series-heading"])
    heading += nodes.Text(_("This essay is part of the series") + " ")
    heading += render.link(app, docname, page_name(slug), title)
    box += heading
    if previous is not None or following is not None:
        nav = nodes.paragraph("", classes=["related-pages", "longform-series-nav"])
        if previous is not None:
            nav += _neighbour(app, docname, previous, rel="prev")
        if following is not None:
            nav += _neighbour(app, docname, following, rel="next")
        box += nav
    listing = nodes.bullet_list("", classes=["longform-series-parts"])
    for part in parts:
        current = part.docname == docname
        item = nodes.list_item("", classes=["longform-current"] if current else [])
        para = nodes.paragraph("")
        para += nodes.inline("", _("Part %d") % part.part, classes=["longform-series-part"])
        para += nodes.Text(" ")
        if current:
            para += nodes.strong("", part.title)
            para += nodes.inline("", " (" + _("this essay") + ")", classes=["longform-series-here"])
        else:
            para += render.link(app, docname, part.docname, part.title)
        item += para
        listing += item
    box += listing
    return [box]


# -- generated pages: series/<slug>.html and series/index.html ---------------------------


@dataclass(frozen=True, slots=True)
class SeriesPage:
    """What ``series/<slug>.html`` (or one of its later pages) shows."""

    slug: str
    title: str
    description: str
    parts: tuple[tuple[int, render.ItemData], ...]  # this page's parts
    minutes: int
    count: int = 0  # the series' parts, all pages together
    pager: render.Pager | None = None


@dataclass(frozen=True, slots=True)
class SeriesIndex:
    """What ``series/index.html`` shows: every series."""

    entries: tuple[tuple[str, str, str, int, int], ...]  # slug, title, description, parts, minutes


def _totals(app: Sphinx, count: int, minutes: int) -> str:
    return f"{labels.count(app, count, 'part')} · {labels.minutes(app, minutes)}"


def pages(app: Sphinx) -> dict[str, Any]:
    """Every series with at least one visible part gets a page; the index lists them all."""
    env = app.env
    out: dict[str, Any] = {}
    entries = []
    for slug, term in terms(env).items():
        parts = members(env, slug)
        if not parts or page_name(slug) in env.all_docs:  # a source page of that name wins
            continue
        minutes = sum(p.minutes for p in parts)
        numbered = tuple((p.part or 0, render.item_data(app, p)) for p in parts)
        # A long series is read in pages of longform_page_size parts: series/<slug>/page/2.html, …
        chunks = render.split(numbered, render.page_size(app))
        for number, chunk in enumerate(chunks, start=1):
            pager = render.Pager(page_name(slug), number, len(chunks), newest_first=False)
            out[f"{render.page_name(page_name(slug), number)}.html"] = SeriesPage(
                slug=slug,
                title=term.title,
                description=term.description,
                parts=chunk,
                minutes=minutes,
                count=len(parts),
                pager=pager,
            )
        entries.append((slug, term.title, term.description, len(parts), minutes))
    if entries and f"{FOLDER}/index" not in env.all_docs:
        out[f"{FOLDER}/index.html"] = SeriesIndex(tuple(sorted(entries, key=lambda e: e[1].lower())))
    return out


def _series_page_body(app: Sphinx, pagename: str, data: SeriesPage) -> list[nodes.Node]:
    body: list[nodes.Node] = []
    if data.description:
        body.append(nodes.paragraph("", data.description, classes=["longform-series-description"]))
    totals = nodes.paragraph("", classes=["longform-series-totals"])
    totals += nodes.Text(_totals(app, data.count, data.minutes))
    body.append(totals)
    listing = nodes.container("", classes=["longform-list", "longform-series-list"])
    for part, item in data.parts:
        box = render.render_item(app, pagename, item, classes=("longform-series-entry",))
        box.insert(0, nodes.paragraph("", _("Part %d") % part, classes=["longform-series-part"]))
        listing += box
    body.append(listing)
    back = nodes.paragraph("", classes=["longform-series-all"])
    back += render.link(app, pagename, f"{FOLDER}/index", _("All series"))
    body.append(back)
    return body


def _index_body(app: Sphinx, pagename: str, data: SeriesIndex) -> list[nodes.Node]:
    listing = nodes.container("", classes=["longform-list", "longform-series-index"])
    for slug, title, description, count, minutes in data.entries:
        box = nodes.container("", classes=["longform-item"])
        heading = nodes.paragraph("", classes=["longform-item-title"])
        heading += render.link(app, pagename, page_name(slug), title)
        box += heading
        box += nodes.paragraph("", _totals(app, count, minutes), classes=["longform-item-meta"])
        if description:
            box += nodes.paragraph("", description, classes=["longform-item-description"])
        listing += box
    return [listing]


def emit(app: Sphinx, path: str, data: Any) -> Any:
    pagename = path.removesuffix(".html")
    if isinstance(data, SeriesIndex):
        return render.page(
            app,
            pagename,
            title=_("Series"),
            body=_index_body(app, pagename, data),
            description=_("Essays written in parts, each series one argument."),
        )
    return render.page(
        app,
        pagename,
        title=data.title,
        body=_series_page_body(app, pagename, data),
        description=data.description,
        feeds=((feeds.title(app, data.title), feed_path(data.slug)),),
        pager=data.pager,
    )


def feed_path(slug: str) -> str:
    """A series' feed sits beside its page: ``series/<slug>.xml``."""
    return f"{FOLDER}/{slug}.xml"


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """A feed per series page: its parts, newest first (a feed's order), what a feed shows only."""
    env = app.env
    out: dict[str, feeds.Feed] = {}
    for slug, term in terms(env).items():
        parts = members(env, slug)
        if parts and page_name(slug) not in env.all_docs:
            out[feed_path(slug)] = feeds.Feed(
                title=feeds.title(app, term.title),
                subtitle=term.description,
                html_page=f"{page_name(slug)}.html",
                items=feeds.items(app, sorted(parts, key=catalogue.sort_key)),
            )
    return out


# -- checks -----------------------------------------------------------------------------


def _did_you_mean(slug: str, known: list[str], *, file: str = "series.yaml") -> str:
    close = log.suggest(slug, known)
    if safety.SLUG.fullmatch(slug):
        add = f"add '{slug}:' with a title and a description to {file} (in the source folder)"
    else:
        add = f"add it to {file} (in the source folder) under a slug of lowercase letters, digits and hyphens"
    if close:
        return f" — did you mean '{close}'?"
    if known:
        return f" — known series: {', '.join(sorted(known))} (or {add})"
    return f" — {add}"


def _gaps(present: list[int]) -> list[tuple[int, int, int]]:
    """The missing runs below and between sorted part numbers, each with the part after it:
    [2, 3, 6] -> [(1, 1, 2), (4, 5, 6)].  One step per part, however large the numbers."""
    gaps = []
    previous = 0
    for number in present:
        if number > previous + 1:
            gaps.append((previous + 1, number - 1, number))
        previous = number
    return gaps


def _check_series(slug: str, group: list[Essay]) -> None:
    numbered = [essay for essay in group if essay.part is not None]  # part errors are the decoder's
    if not numbered:
        return
    if len(numbered) == 1:
        essay = numbered[0]
        log.warn(
            f"series '{slug}' has only one part, this essay — write the other parts, "
            "or remove 'series' and 'part' from this essay",
            subtype="single-part",
            location=(essay.docname, essay.line("series")),
        )
        return
    claimed: dict[int, list[Essay]] = {}
    for essay in numbered:
        claimed.setdefault(essay.part or 0, []).append(essay)
    for part, claimants in sorted(claimed.items()):
        first = claimants[0]
        for essay in claimants[1:]:
            log.warn(
                f"part {part} of series '{slug}' is also claimed by '{first.docname}' — give each part its own number",
                subtype="duplicate-part",
                location=(essay.docname, essay.line("part")),
            )
    present = sorted(claimed)
    listed = ", ".join(map(str, present))
    for low, high, following in _gaps(present):
        after = claimed[following][0]
        what = f"part {low}" if low == high else f"parts {low}–{high}"
        log.warn(
            f"series '{slug}' has no {what} (its parts are {listed}) — "
            f"write {what}, or renumber the parts from this one on",
            subtype="series-gap",
            location=(after.docname, after.line("part")),
        )


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: unknown series, gaps, parts claimed twice, single parts."""
    known = terms(env)
    # A vocabulary that does not load is one problem, already reported: do not repeat it per essay.
    broken = vocabulary_broken(env)
    for slug, group in sorted(declared(env, unpublished=True).items()):
        if slug not in known and broken:
            continue
        if slug not in known:
            for essay in group:
                log.warn(
                    f"unknown series '{slug}'{_did_you_mean(slug, list(known), file=app.config.longform_series_file)}",
                    subtype="unknown-series",
                    location=(essay.docname, essay.line("series")),
                )
            continue
        _check_series(slug, group)


def setup(app: Sphinx, registry: views.Views) -> None:
    events.connect(app, "env-before-read-docs", load_vocabulary)
    events.connect(app, "env-check-consistency", check_consistency)
    registry.add_meta_part("series", compute=header_compute, render=header_render)
    registry.add_footer_part("series", compute=footer_compute, render=footer_render)
    registry.add_generated("series", pages=pages, emit=emit)
    registry.add_generated("series-feed", pages=feed_pages, emit=feeds.emit)
