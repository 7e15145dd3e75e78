"""The essay header's first line: date, "updated" date, reading time, draft (see ``views.META``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events, views
from ..ui.labels import badge, date_node, reading_time
from ..ui.text import _

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx


def _essay(app: Sphinx, docname: str) -> catalogue.Essay | None:
    return catalogue.essays(app.env).get(docname)


# -- the parts of the header's first line (views.META) -------------------------------------


def date_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> tuple[dt.date | None] | None:
    essay = _essay(app, docname)
    return None if essay is None else (essay.date,)


def date_render(app: Sphinx, docname: str, data: tuple[dt.date | None]) -> list[nodes.Node]:
    return [date_node(app, data[0])]


def updated_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> dt.date | None:
    essay = _essay(app, docname)
    return essay.updated if essay is not None and essay.updated else None


def updated_render(app: Sphinx, docname: str, data: dt.date) -> list[nodes.Node]:
    return [date_node(app, data, prefix=_("Updated") + " ", classes=("longform-updated",))]


def minutes_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> int | None:
    """The reading time, except on notes: a note is read in the time it takes to say so."""
    essay = _essay(app, docname)
    return essay.minutes if essay is not None and essay.kind != "note" else None


def minutes_render(app: Sphinx, docname: str, data: int) -> list[nodes.Node]:
    return [reading_time(app, data)]


def draft_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> bool | None:
    essay = _essay(app, docname)
    return True if essay is not None and essay.draft else None


def draft_render(app: Sphinx, docname: str, data: bool) -> list[nodes.Node]:
    return [badge(_("Draft"), style="warning", classes=("longform-draft",))]


# -- one way on: no theme "next page" on catalogue pages ------------------------------------


def one_way_on(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: an essay, a note or earlier writing ends with its own way on (the path's
    next step, the series' next part, related essays), not with the theme's "next page", which is
    merely the next entry of a toctree and unrelated to what was just read."""
    if getattr(app.builder, "format", "") != "html" or catalogue.kind_of(app.env, pagename) is None:
        return
    if pagename in catalogue.essays(app.env):
        context["prev"] = None
        context["next"] = None


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_meta_part("date", compute=date_compute, render=date_render)
    registry.add_meta_part("updated", compute=updated_compute, render=updated_render)
    registry.add_meta_part("minutes", compute=minutes_compute, render=minutes_render)
    registry.add_meta_part("draft", compute=draft_compute, render=draft_render)
    events.connect(app, "html-page-context", one_way_on)
