""" "Read next" at the end of each essay: up to three related essays, by shared tags weighted by rarity.

Two essays are related by the tags they share; a rare tag says more than a common
one, so each shared tag weighs its inverse document frequency ``log(N / df)``
(N listed essays, df of them carry the tag).  The essay's own series is left out:
its neighbours are already linked by the series navigation.  So are the essays that link to this one:
they are listed, all of them, under "Linked from" (:mod:`longform.features.backlinks`); and so are the
essays that come next on one of its reading paths (:func:`longform.core.catalogue.next_on_paths`): the path's
"Next step" offers them already.  Typed links (:mod:`longform.core.typedlinks`) leave out the essays the
header names (builds on, responds to, supersedes), the successor a superseded essay's banner names, and every
superseded essay: a reader is sent to what replaced it.  One essay is never offered twice at the end of a page.
Ties are broken by the number of shared tags, then newest first, then title and docname, so the choice never
depends on reading order.

This is a footer part (:meth:`longform.core.views.Views.add_footer_part`); its compute
returns the displayed items, so a page is rewritten exactly when its related
essays (or what they show) change.  An item shows the title, date, reading time
and description, not the related essay's tag badges: the reason to read on is
the description, and without the badges a tag change on one essay rewrites only
the pages whose related essays it changes, not every page that lists it there
(and every essay page is lighter by a dozen links).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, domain, tagging, typedlinks, views
from ..ui import render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.catalogue import Essay

#: How many related essays an essay shows at most.
LIMIT = 3


@dataclass(frozen=True)
class _Index:
    """What every page's related essays are computed from: built once per build, not once per page."""

    essays: dict[str, Essay]  # the candidates (listed current essays) by docname
    rank: dict[str, int]  # position newest first: the last tie-break
    by_tag: dict[str, tuple[str, ...]]  # tag slug -> candidates carrying it
    weight: dict[str, float]  # tag slug -> log((N + 1) / df)


def _index(app: Sphinx) -> _Index:
    """The index for this build's catalogue, kept in the build's index (:mod:`longform.core.domain`).

    The tags feature rebuilds its state after every read, so a new state object means a new
    catalogue; within one build neither changes.
    """
    cached = domain.index(app.env).get(INDEX)
    if cached is not None:
        return cached
    candidates = catalogue.published(app.env)  # current essays only, newest first
    by_tag: dict[str, list[str]] = {}
    for essay in candidates:
        for slug, _title in tagging.badges_data(app, essay):
            by_tag.setdefault(slug, []).append(essay.docname)
    total = len(candidates)
    # A tag every essay carries still relates two essays, a little: never weigh it 0.
    index = _Index(
        essays={essay.docname: essay for essay in candidates},
        rank={essay.docname: position for position, essay in enumerate(candidates)},
        by_tag={slug: tuple(docnames) for slug, docnames in by_tag.items()},
        weight={slug: math.log((total + 1) / len(docnames)) for slug, docnames in by_tag.items()},
    )
    built = domain.index(app.env)
    # What every choice is computed from, besides the essay's own tags and series: the candidates in their order,
    # their tags, series and links. A choice made from the same is the same (a sentence added changes none of it).
    inputs = (
        tuple(index.rank),
        tuple(sorted(index.by_tag.items())),
        tuple((essay.docname, essay.series, essay.outgoing) for essay in candidates),
    )
    kept = built.get(CHOICES)
    if kept is None or kept[0] != inputs:
        built.put(CHOICES, (inputs, {}))
    return built.put(INDEX, index)


#: This build's :class:`_Index`.
INDEX: domain.Slot[_Index] = domain.Slot("related")
#: Each page's chosen related essays ((docname, limit, its tags, its series, the essays left out) -> (score,
#: shared tags, docname) rows), with the inputs they were chosen from: kept from one build to the next while those
#: are the same, so a warm server's rebuild chooses again only for what changed (every page's choice is quadratic).
CHOICES: domain.Slot[tuple[object, dict[tuple[Any, ...], list[tuple[float, int, str]]]]] = domain.Slot(
    "related-choices", across_builds=True
)


def scores(app: Sphinx, docname: str, *, limit: int | None = None) -> list[tuple[float, int, Essay]]:
    """(score, shared tag count, essay) for each candidate sharing a tag, best first (the best ``limit``)."""
    me = catalogue.essays(app.env).get(docname)
    if me is None:
        return []
    index = _index(app)
    links = typedlinks.resolved(app.env)
    # offered already: the path's next step, the essays the header names (builds on, responds to, supersedes) and
    # the successor the banner names; and never a superseded essay
    onward = set(catalogue.next_on_paths(app.env, docname))
    onward.update(target for _key, target in links.outgoing.get(docname, ()))
    if docname in links.successor:
        onward.add(links.successor[docname])
    left_out = frozenset(onward | links.successor.keys())
    mine = sorted({slug for slug, _title in tagging.badges_data(app, me)})  # sorted: the same float sums
    choices = domain.index(app.env).get(CHOICES)
    key = (docname, limit, tuple(mine), me.series, left_out)
    if choices is not None and key in choices[1]:
        return [(score, shared, index.essays[other]) for score, shared, other in choices[1][key]]
    chosen = _scores(index, me, docname, mine, limit, left_out)
    if choices is not None:
        choices[1][key] = [(score, shared, essay.docname) for score, shared, essay in chosen]
    return chosen


def _scores(
    index: _Index, me: Essay, docname: str, mine: list[str], limit: int | None, left_out: frozenset[str]
) -> list[tuple[float, int, Essay]]:
    score: dict[str, float] = {}
    shared: dict[str, int] = {}
    for slug in mine:
        for other in index.by_tag.get(slug, ()):
            score[other] = score.get(other, 0.0) + index.weight[slug]
            shared[other] = shared.get(other, 0) + 1
    ranked = [
        (round(score[other], 9), shared[other], index.essays[other])
        for other in score
        if other != docname
        and not (me.series and index.essays[other].series == me.series)
        and docname not in index.essays[other].outgoing  # listed under "Linked from" already
        and other not in left_out  # offered already at the end of the page, or superseded
    ]

    def order(row: tuple[float, int, Essay]) -> tuple[float, int, int]:
        return (-row[0], -row[1], index.rank[row[2].docname])

    return heapq.nsmallest(limit, ranked, key=order) if limit else sorted(ranked, key=order)


def compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """The related essays' displayed values, or None when there are none."""
    chosen = scores(app, docname, limit=LIMIT)
    if not chosen:
        return None
    return tuple(render.item_data(app, essay, with_tags=False) for _score, _shared, essay in chosen)


def render_related(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    section = nodes.section("", ids=["longform-related"], classes=["longform-related"])
    section += nodes.title("", _("Read next"))
    section += render.render_items(app, docname, data)
    return [section]


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_footer_part("related", compute=compute, render=render_related)
