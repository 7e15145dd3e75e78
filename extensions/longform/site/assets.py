"""Longform's stylesheet and scripts, and only the assets each page uses.

Each feature ships ``static/longform-<feature>.css``.  At ``builder-inited``
(HTML builders only) they are joined, lightly minified and written once to
``_static/longform.css``, which is added with ``add_css_file`` at a priority
after the theme's own stylesheets (furo's ``furo.css`` is 200, its
``furo-extensions.css`` 600, extensions 500): an equal-specificity rule of ours
always wins, by load order, never by luck.

At ``html-page-context`` every page gets the stylesheet only if its body uses
Longform's classes, and theme or extension assets whose markup the page does not
contain are dropped from that page (:data:`USED_BY`): the tabs script on a page
without tabs, Pygments' CSS on a page without code, sphinx-design's stylesheet on a
page without a sphinx-design component (:func:`uses_design`: Longform's own badges
and cards are drawn by ``longform-design.css``, so listing, tag and archive pages go without it).
The page's own list is replaced, never the builder's, so other pages and other builders are unaffected.
Scripts (``static/longform-*.js``) are copied to ``_static`` and added with
``defer`` by the feature that needs them; ``longform-search.js`` goes on the
search page only.

Search finds prose: every view that is not the page's own text (the essay header
and footer, banners, listings) carries Sphinx's ``no-search`` class, which the
search indexer skips (``sphinx/search/__init__.py``: ``WordCollector`` and
``_feed_visit_nodes`` skip an element with that class).  The snippets under each
result are cut by ``searchtools.js`` from the fetched page's main content, where
that class means nothing: the search script removes those elements first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..core import compat, events

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config

STATIC = Path(__file__).parent.parent / "static"
#: The site's icon unless ``html_favicon`` names another: one SVG serves every size.
FAVICON = "longform-favicon.svg"
#: The joined stylesheet, as written into the output's ``_static``.
STYLESHEET = "longform.css"
#: After furo's stylesheets (200 and 600) and every extension's (500); before the site's own (800).
PRIORITY = 700
#: On the search page: snippets cut from a page's own text, without the parts marked ``no-search``.
SEARCH_SCRIPT = "longform-search.js"
#: What in a page's body shows that it uses Longform's stylesheet.
USES_LONGFORM = re.compile(r'class="[^"]*\blongform-')
#: Assets the theme or an extension adds to every page -> what in a page's body shows it is used.
USED_BY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("_static/design-tabs.js", re.compile(r'class="[^"]*\bsd-tab-set\b')),
    ("_static/pygments.css", re.compile(r'class="[^"]*\bhighlight\b')),
    ("_static/pygments_dark.css", re.compile(r'class="[^"]*\bhighlight\b')),
    # sphinx-copybutton (when the site loads it): its button goes on code blocks only.
    ("_static/copybutton.css", re.compile(r'class="[^"]*\bhighlight\b')),
    ("_static/copybutton.js", re.compile(r'class="[^"]*\bhighlight\b')),
    ("_static/clipboard.min.js", re.compile(r'class="[^"]*\bhighlight\b')),
)


def stylesheet() -> str:
    """All of Longform's CSS, minified (comments and redundant whitespace removed)."""
    parts = [path.read_text(encoding="utf-8") for path in sorted(STATIC.glob("longform-*.css"))]
    css = "\n".join(parts)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    # Only around braces and semicolons: a space before ':' in a selector ('a :focus') means something.
    css = re.sub(r"\s*([{};])\s*", r"\1", css)
    return css.replace(";}", "}").strip()


def _config_inited(app: Sphinx, config: Config) -> None:
    # At config-inited (not later), so the saved configuration matches the next build's
    # and Sphinx does not report "the configuration has changed" on every build.
    for static in (str(STATIC), compat.sphinx_design_static()):
        if static and static not in config.html_static_path:
            config.html_static_path = [*config.html_static_path, static]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / FAVICON)


def _builder_inited(app: Sphinx) -> None:
    """Write ``_static/longform.css`` before any page, so Sphinx can add its checksum to each link."""
    if app.builder.format != "html" or not hasattr(app.builder, "add_css_file"):
        return
    target = Path(app.outdir, "_static", STYLESHEET)
    target.parent.mkdir(parents=True, exist_ok=True)
    css = stylesheet() + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", asset))


#: sphinx-design's stylesheet (about 55 KB): only on a page that holds one of its components.
DESIGN_CSS = "_static/sphinx-design.min.css"
#: The sphinx-design classes Longform's own markup carries (tag badges, "Draft" and "Earlier writing" badges, the
#: reading paths' cards), drawn by ``static/longform-design.css`` without sphinx-design's stylesheet.
LONGFORM_DESIGN_CLASSES = frozenset({
    "sd-badge", "sd-outline-primary", "sd-text-primary", "sd-bg-secondary", "sd-bg-text-secondary",
    "sd-bg-warning", "sd-bg-text-warning", "sd-card", "sd-card-body", "sd-card-title", "sd-card-text",
    "sd-mb-3", "sd-shadow-sm", "sd-sphinx-override",
})  # fmt: skip
_CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


def uses_design(body: str) -> bool:
    """Whether the page's body holds a sphinx-design component: an element with a sphinx-design class that is not
    Longform's own (an element of Longform's has a ``longform-`` class and only the classes of
    :data:`LONGFORM_DESIGN_CLASSES`; a contributor's card, badge, tab set, grid or icon has no ``longform-`` class).
    """
    if "sd-" not in body:
        return False
    for match in _CLASS_ATTRIBUTE.finditer(body):
        names = match[1].split()
        design = {name for name in names if name.startswith("sd-")}
        if not design:
            continue
        ours = any(name.startswith("longform-") for name in names) and design <= LONGFORM_DESIGN_CLASSES
        if not ours:
            return True
    return False


def used(body: str, filename: str) -> bool:
    """Whether a page whose body is ``body`` uses the theme or extension asset ``filename``."""
    if filename == DESIGN_CSS:
        return uses_design(body)
    for name, pattern in USED_BY:
        if filename == name:
            return bool(pattern.search(body))
    return True


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Add Longform's stylesheet where the page uses it; leave out what the page does not use."""
    if getattr(app.builder, "format", "") != "html" or not hasattr(app.builder, "add_css_file"):
        return
    body = context.get("body")
    body = body if isinstance(body, str) else ""  # the search page and the index have none
    # The builder's methods add a file to this page only (Sphinx restores its lists per page).
    builder = cast("StandaloneHTMLBuilder", app.builder)  # an HTML builder (checked above)
    # The search page's box and starting points are written into it after the theme (site/search.py).
    if USES_LONGFORM.search(body) or templatename == "search.html":
        builder.add_css_file(STYLESHEET, priority=PRIORITY)
    if templatename == "search.html":
        builder.add_js_file(SEARCH_SCRIPT, defer="defer")
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if isinstance(assets, list):
            # A new list for this page: the builder's own list (every other page's) is untouched.
            context[key] = [asset for asset in assets if used(body, _filename(asset))]


def setup(app: Sphinx) -> None:
    events.connect(app, "config-inited", _config_inited)
    events.connect(app, "builder-inited", compat.dedupe_static_path)
    events.connect(app, "builder-inited", _builder_inited)
    # Late: after every handler that adds a file to the page (paths, search, furo at 500).
    events.connect(app, "html-page-context", _page_context, "assets")
