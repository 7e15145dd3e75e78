"""The essay header's first line: date, "updated" date, reading time, draft (see ``views.META``); the page's
own marks.

* Every catalogue page's top section carries ``longform-page`` and ``longform-page-<kind>`` (essay, note,
  archived): the reading column, type scale and print rules (``static/longform-page.css``) apply to those
  pages only, so the theme's other pages (API reference, indexes) and other themes keep their own look.
* Printed, a page shows where it lives: a ``hidden`` line with its absolute address (``html_baseurl``)
  closes the body; the print stylesheet shows it, the screen, reader modes and search never do.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events, views
from ..ui.labels import badge, date_node, reading_time
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _essay(app: Sphinx, docname: str) -> catalogue.Essay | None:
    return catalogue.essays(app.env).get(docname)


# -- the parts of the header's first line (views.META) -------------------------------------


def date_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = _essay(app, docname)
    return None if essay is None else (essay.date,)


def date_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    return [date_node(data[0])]


def updated_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = _essay(app, docname)
    return essay.updated if essay is not None and essay.updated else None


def updated_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    return [date_node(data, prefix=_("Updated") + " ", classes=("longform-updated",))]


def minutes_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """The reading time, except on notes: a note is read in the time it takes to say so."""
    essay = _essay(app, docname)
    return essay.minutes if essay is not None and essay.kind != "note" else None


def minutes_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    return [reading_time(data)]


def draft_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = _essay(app, docname)
    return True if essay is not None and essay.draft else None


def draft_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    return [badge(_("Draft"), style="warning", classes=("longform-draft",))]


# -- one way on: no theme "next page" on catalogue pages ------------------------------------


def one_way_on(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: an essay, a note or earlier writing ends with its own way on (the path's
    next step, the series' next part, related essays), not with the theme's "next page", which is
    merely the next entry of a toctree and unrelated to what was just read."""
    if getattr(app.builder, "format", "") != "html" or catalogue.kind_of(app.env, pagename) is None:
        return
    if pagename in catalogue.essays(app.env):
        context["prev"] = None
        context["next"] = None


# -- the page's own marks: its kind for the stylesheet, its address for print -------------------

#: The class every catalogue page's top section carries (and ``PAGE_CLASS + "-" + kind``).
PAGE_CLASS = "longform-page"
#: The class of the printed address line.
PRINT_URL_CLASS = "longform-print-url"


def mark_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the top section of an essay, a note or earlier writing gets its kind as classes
    (when the page is written, not in the pickled doctree: a saved environment needs no new version)."""
    kind = catalogue.kind_of(app.env, docname)
    if kind is None:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    for name in (PAGE_CLASS, f"{PAGE_CLASS}-{kind}"):
        if name not in top["classes"]:
            top["classes"].append(name)


def page_address(app: Sphinx, pagename: str) -> str:
    """The page's absolute address, or '' when the site's address (``html_baseurl``) is not set."""
    base = (app.config.html_baseurl or "").strip()
    if not base:
        return ""
    return base.rstrip("/") + "/" + app.builder.get_target_uri(pagename)


def print_address(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a catalogue page's body ends with its address, shown in print only.

    ``hidden`` (not a class the stylesheet hides) keeps it out of what reader modes extract and of
    what a theme without Longform's stylesheet shows; it is added after Pagefind wrapped the body in
    ``data-pagefind-body`` (:data:`events.PRIORITY`), outside that wrapper, so search never indexes it."""
    if getattr(app.builder, "format", "") != "html" or catalogue.kind_of(app.env, pagename) is None:
        return
    body = context.get("body")
    address = page_address(app, pagename)
    if not isinstance(body, str) or not body or not address or pagename not in catalogue.essays(app.env):
        return
    shown = escape(address)
    label = escape(_("Online at"))
    context["body"] = body + f'\n<p class="{PRINT_URL_CLASS}" hidden>{label} <a href="{shown}">{shown}</a></p>\n'


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_meta_part("date", compute=date_compute, render=date_render)
    registry.add_meta_part("updated", compute=updated_compute, render=updated_render)
    registry.add_meta_part("minutes", compute=minutes_compute, render=minutes_render)
    registry.add_meta_part("draft", compute=draft_compute, render=draft_render)
    app.connect("html-page-context", one_way_on)
    app.connect("doctree-resolved", mark_page)
    events.connect(app, "html-page-context", print_address)
