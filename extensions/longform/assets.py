"""CSS inlined into each page (no extra render-blocking request); scripts deferred.

Each feature ships ``static/longform-<feature>.css``; they are read once per
build, joined, lightly minified and written into the ``<head>`` of every HTML
page.  They use furo's CSS variables so light and dark mode both work.
Scripts (``static/longform-*.js``) are copied to ``_static`` and added with
``defer`` by the feature that needs them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import compat

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def stylesheet() -> str:
    """All of Longform's CSS, minified (comments and redundant whitespace removed)."""
    parts = [path.read_text(encoding="utf-8") for path in sorted(STATIC.glob("longform-*.css"))]
    css = "\n".join(parts)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{}:;,>])\s*", r"\1", css)
    return css.replace(";}", "}").strip()


def _config_inited(app: Sphinx, config: Any) -> None:
    # At config-inited (not later), so the saved configuration matches the next build's
    # and Sphinx does not report "the configuration has changed" on every build.
    for static in (str(STATIC), compat.sphinx_design_static()):
        if static and static not in config.html_static_path:
            config.html_static_path = [*config.html_static_path, static]


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.builder._longform_css = stylesheet()  # type: ignore[attr-defined]


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    css = getattr(app.builder, "_longform_css", "")
    if css:
        context["metatags"] = context.get("metatags", "") + f'\n<style id="longform-css">{css}</style>'


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", compat.dedupe_static_path, priority=900)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
