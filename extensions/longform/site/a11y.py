"""Two accessibility repairs to the HTML Sphinx writes (found by axe-core in the browser tests).

* A toctree caption is ``<p class="caption" role="heading">`` with no ``aria-level``:
  axe's *aria-required-attr* (critical) — screen readers cannot place the heading.
  The captions get ``aria-level="2"`` (they sit under the page's H1).
* A code block that is wider than the page scrolls sideways, but its ``<pre>`` cannot
  be focused, so a keyboard user cannot scroll it: axe's *scrollable-region-focusable*
  (serious).  Code blocks get ``tabindex="0"``, and so do furo's table wrappers, which
  scroll the same way at phone width.

Both are exact replacements of the markup Sphinx and Pygments emit, at
``html-page-context``: in the page body, and in what the theme's ``toctree()`` returns
(the sidebar: :mod:`longform.navigation` writes it right already, but
sphinx-notfound-page hands the 404 page Sphinx's own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import compat, events

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx


def _repaired(toctree: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        html = toctree(*args, **kwargs)
        return compat.repair_html(html) if isinstance(html, str) else html

    return wrapper


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    body = context.get("body")
    if isinstance(body, str) and body:
        context["body"] = compat.repair_html(body)
    if callable(context.get("toctree")):
        context["toctree"] = _repaired(context["toctree"])


def setup(app: Sphinx) -> None:
    # After the handlers that set toctree() (navigation, sphinx-notfound-page: 400), before furo's (500).
    events.connect(app, "html-page-context", _page_context, "a11y")
