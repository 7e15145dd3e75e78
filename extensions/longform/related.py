"""Related essays at the end of each essay: up to three, by shared tags weighted by rarity.

Two essays are related by the tags they share; a rare tag says more than a common
one, so each shared tag weighs its inverse document frequency ``log(N / df)``
(N listed essays, df of them carry the tag).  The essay's own series is left out:
its neighbours are already linked by the series navigation.  Ties are broken by
the number of shared tags, then newest first, then title and docname, so the
choice never depends on reading order.

This is a footer part (:func:`longform.views.add_footer_part`); its compute
returns the displayed items, so a page is rewritten exactly when its related
essays (or what they show) change.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from docutils import nodes

from . import catalogue, render, tags, views

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .catalogue import Essay

#: How many related essays an essay shows at most.
LIMIT = 3


def _slugs(app: Sphinx, essay: Essay) -> frozenset[str]:
    return frozenset(slug for slug, _title in tags.badges_data(app, essay))


def scores(app: Sphinx, docname: str) -> list[tuple[float, int, Essay]]:
    """(score, shared tag count, essay) for each candidate sharing a tag, best first."""
    env = app.env
    me = catalogue.essays(env).get(docname)
    if me is None:
        return []
    candidates = catalogue.published(env)  # current essays only, newest first
    slugs = {essay.docname: _slugs(app, essay) for essay in candidates}
    mine = _slugs(app, me)
    total = len(candidates)
    df: dict[str, int] = {}
    for essay_slugs in slugs.values():
        for slug in essay_slugs:
            df[slug] = df.get(slug, 0) + 1
    ranked: list[tuple[float, int, Essay]] = []
    for essay in candidates:
        if essay.docname == docname or (me.series and essay.series == me.series):
            continue
        shared = sorted(mine & slugs[essay.docname])
        if not shared:
            continue
        # A tag every essay carries still relates two essays, a little: never weigh it 0.
        score = round(sum(math.log((total + 1) / df[slug]) for slug in shared), 9)
        ranked.append((score, len(shared), essay))
    ranked.sort(key=lambda row: (-row[0], -row[1], catalogue.sort_key(row[2])))
    return ranked


def compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """The related essays' displayed values, or None when there are none."""
    chosen = scores(app, docname)[:LIMIT]
    if not chosen:
        return None
    return tuple(render.item_data(app, essay) for _score, _shared, essay in chosen)


def render_related(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    section = nodes.section("", ids=["longform-related"], classes=["longform-related"])
    section += nodes.title("", "Related essays")
    section += render.render_items(app, docname, data)
    return [section]


def setup(app: Sphinx) -> None:
    views.add_footer_part(app, "related", compute=compute, render=render_related)
