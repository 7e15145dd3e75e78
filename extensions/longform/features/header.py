"""The essay header's first line: date, "updated" date, reading time, draft (see ``views.META``); the page's
own marks.

* Every catalogue page's top section carries ``longform-page`` and ``longform-page-<kind>`` (essay, note,
  archived): the reading column, type scale and print rules (``static/longform-page.css``) apply to those
  pages only, so the theme's other pages (API reference, indexes) and other themes keep their own look.
  It also carries ``longform-article``: reader modes (Readability) drop an element whose class or id looks
  like a menu or a footer unless it says it is the article, and the section's id is the title's slug
  ("Consistency models as a menu" would otherwise lose its whole text).
* A heading's permalink keeps its glyph out of the text (``¶`` drawn by the stylesheet, the link named by
  its title): reader modes, copied text and screen readers no longer get a "¶" after every heading.
* No empty general index: when no page has an index entry, ``genindex.html`` is neither written nor
  linked from every page's head (``html_use_index`` stays the site's to set; an index with entries is kept).
* Printed, a page shows where it lives: a ``hidden`` line with its absolute address (``html_baseurl``)
  closes the body; the print stylesheet shows it, the screen, reader modes and search never do.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, compat, events, views
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


# -- the page's own marks: its kind for the stylesheet, its address for print -------------------

#: The class every catalogue page's top section carries (and ``PAGE_CLASS + "-" + kind``).
PAGE_CLASS = "longform-page"
#: Sphinx's own permalink glyph (``html_permalinks_icon``): on catalogue pages, drawn by the stylesheet.
PERMALINK_ICON = "¶"
#: What the top section says to reader modes: this is the article.
ARTICLE_CLASS = "longform-article"
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
    for name in (PAGE_CLASS, f"{PAGE_CLASS}-{kind}", ARTICLE_CLASS):
        if name not in top["classes"]:
            top["classes"].append(name)


def page_address(app: Sphinx, pagename: str) -> str:
    """The page's absolute address, or '' when the site's address (``html_baseurl``) is not set."""
    base = (app.config.html_baseurl or "").strip()
    if not base:
        return ""
    return base.rstrip("/") + "/" + app.builder.get_target_uri(pagename)


#: Sphinx's permalink after a heading (``html_permalinks_icon`` is the text between the tags).
_PERMALINK = re.compile(r'<a class="headerlink" href="(#[^"]*)" title="([^"]*)">(.*?)</a>', re.S)


def quiet_permalinks(body: str, icon: str) -> str:
    """``body`` with each permalink whose text is ``icon`` emptied: named by its title, drawn by CSS."""

    def repl(found: re.Match[str]) -> str:
        if found.group(3) != icon:
            return found.group(0)
        href, title = found.group(1), found.group(2)
        return f'<a class="headerlink longform-permalink" href="{href}" title="{title}" aria-label="{title}"></a>'

    return _PERMALINK.sub(repl, body)


def print_address(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a catalogue page's permalinks without their glyph (:func:`quiet_permalinks`, when
    it is Sphinx's default "¶", which the stylesheet draws), and its body ends with its address, shown in
    print only.

    ``hidden`` (not a class the stylesheet hides) keeps it out of what reader modes extract and of
    what a theme without Longform's stylesheet shows; it is added after Pagefind wrapped the body in
    ``data-pagefind-body`` (:data:`events.PRIORITY`), outside that wrapper, so search never indexes it."""
    if getattr(app.builder, "format", "") != "html" or catalogue.kind_of(app.env, pagename) is None:
        return
    body = context.get("body")
    if not isinstance(body, str) or not body or pagename not in catalogue.essays(app.env):
        return
    if app.config.html_permalinks_icon == PERMALINK_ICON:
        body = context["body"] = quiet_permalinks(body, PERMALINK_ICON)
    address = page_address(app, pagename)
    if not address:
        return
    shown = escape(address)
    label = escape(_("Online at"))
    context["body"] = body + f'\n<p class="{PRINT_URL_CLASS}" hidden>{label} <a href="{shown}">{shown}</a></p>\n'


def no_empty_index(app: Sphinx, env: Any) -> None:
    """``env-updated``: an HTML build whose pages have no index entry writes and links no general index."""
    if getattr(app.builder, "format", "") == "html" and compat.index_is_empty(env):
        compat.drop_general_index(app.builder)


def unlink_empty_index(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: no ``<link rel="index">`` to a general index that was not written."""
    if getattr(app.builder, "use_index", True) is False and callable(context.get("hasdoc")):
        context["hasdoc"] = compat.without_general_index(context["hasdoc"])


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_meta_part("date", compute=date_compute, render=date_render)
    registry.add_meta_part("updated", compute=updated_compute, render=updated_render)
    registry.add_meta_part("minutes", compute=minutes_compute, render=minutes_render)
    registry.add_meta_part("draft", compute=draft_compute, render=draft_render)
    events.connect(app, "html-page-context", one_way_on)
    events.connect(app, "doctree-resolved", mark_page)
    events.connect(app, "html-page-context", print_address)
    events.connect(app, "env-updated", no_empty_index)
    events.connect(app, "html-page-context", unlink_empty_index)
