"""A search entry in furo's mobile header (issue 27).

Below 63em furo folds its search box into the navigation drawer, so a reader on a phone has no visible way to
search.  On furo only, every page gets a link in the header's right-hand group, beside the theme toggle: a
magnifier icon whose accessible name is the translated "Search", leading to ``search.html`` (which has its own
box, :func:`longform.site.search.furnish_search_page`).  From 63em up furo hides the whole mobile header and
shows its sidebar box, so the entry never doubles it.

furo's header is not a template block: the page is rendered through ``templates/longform-furo-header.html``,
which extends the template the page would have used (so a site's own ``page.html`` still applies) and inserts
the entry after furo's ``<div class="header-right">``.  No script; one small stylesheet
(``static/furo/longform-search-entry.css``, kept out of ``longform.css``, which only some pages load).
Other themes are untouched.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import events
from ..ui.text import _

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

TEMPLATES = Path(__file__).parent.parent / "templates"
TEMPLATE = "longform-furo-header.html"
STYLESHEET = "furo/longform-search-entry.css"
#: After furo's stylesheets (200 and 600), before the site's own (800).
PRIORITY = 700
#: A magnifier, drawn for this entry; it takes the link's colour.
ICON = (
    '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'aria-hidden="true"><circle cx="10.5" cy="10.5" r="6.5"></circle>'
    '<path d="M15.3 15.3 20.5 20.5"></path></svg>'
)


def entry(href: str) -> str:
    """The link: the icon, named by the translated "Search" (read aloud and shown as a tooltip)."""
    label = escape(_("Search"))
    return f'<a class="longform-search-entry" href="{escape(href)}" aria-label="{label}" title="{label}">{ICON}</a>'


def _on_furo(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "html" and app.config.html_theme == "furo"


def _config_inited(app: Sphinx, config: Config) -> None:
    # At config-inited, as the static path is (site/assets.py): the saved configuration matches the next build's.
    if config.html_theme == "furo" and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> str | None:
    """On furo: the page rendered through the template that adds the entry, and its stylesheet."""
    pathto = context.get("pathto")
    if not _on_furo(app) or not callable(pathto) or not hasattr(app.builder, "add_css_file"):
        return None
    context["longform_theme_template"] = templatename
    context["longform_search_entry"] = entry(str(pathto("search")))
    app.builder.add_css_file(STYLESHEET, priority=PRIORITY)
    return TEMPLATE


def setup(app: Sphinx) -> None:
    events.connect(app, "config-inited", _config_inited, "header_templates")
    events.connect(app, "html-page-context", _page_context, "search_entry")
