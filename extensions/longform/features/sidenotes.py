"""Sidenotes: an essay's footnotes beside the sentence that needs them.

Docutils footnotes (MyST ``[^1]``) are the input and stay as they are in the HTML: numbered references in
the text, the notes at the end with their back-references.  A small script (``static/longform-sidenotes.js``)
copies each note beside the paragraph that cites it, as an ``aside``: in the margin when the window leaves
room for it (``static/longform-sidenotes.css``), and on narrower screens hidden until the reader clicks or
taps the reference (a button-like link with ``aria-expanded``; Enter opens it, Escape closes it).

Client side, not a doctree transform, because the copy is a view of the page, not its text: feeds, search,
reader modes, print and every other builder keep the ordinary footnotes exactly once, with no sidenote
markup to strip, and a reader without JavaScript still has every note.

Here: the script goes on an essay, a note or earlier writing that has a footnote, and only there.  Every
word it shows is given as data attributes on the script tag, from the translation catalogue.
``longform_sidenotes = False`` turns it off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core import views

SCRIPT = "longform-sidenotes.js"


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the sidenotes script on a catalogue page that has a footnote reference."""
    if not app.config.longform_sidenotes:
        return
    if getattr(app.builder, "format", "") != "html" or doctree is None or not hasattr(app.builder, "add_js_file"):
        return
    if catalogue.kind_of(app.env, pagename) is None:
        return
    if next(iter(doctree.findall(nodes.footnote_reference)), None) is None:
        return
    words = {"data-longform-note": _("Note %(n)s")}
    app.builder.add_js_file(SCRIPT, defer="defer", **words)


def setup(app: Sphinx, registry: views.Views) -> None:
    events.connect(app, "html-page-context", add_script)
