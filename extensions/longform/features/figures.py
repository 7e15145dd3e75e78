"""Figures a reader can read: alt text required, tap to open full size, a light card in dark mode.

* ``doctree-read``: every image on an essay, note or earlier piece needs alt text
  (``:alt:`` on ``{figure}`` / ``{image}``, the text in ``![alt](src)``); without it
  a located warning ``longform.missing-alt`` says what to write.
* ``doctree-resolved`` (HTML builders only): each figure on those pages gets the
  class ``longform-figure``, and its image is wrapped in a link to the image file, so
  on a phone a tap opens the figure full size and zoomable.  The CSS
  (``static/longform-figures.css``) gives figures a light card in dark mode, and at
  phone width lets a wide diagram scroll sideways at a readable size.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..core import catalogue, compat, events, log

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def locate_images(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx's image collector): an image without a line gets its parent's.

    MyST gives ``![](missing.png)`` (no alt text) no line, so Sphinx's "image file not readable" named the
    file without one; every warning names its line.
    """
    for image in doctree.findall(nodes.image):
        if not image.line:
            image.line = _line(image)


def check_alt(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a located warning for each image without alt text."""
    if catalogue.kind_of(app.env, app.env.docname) is None:
        return
    for image in doctree.findall(nodes.image):
        if str(image.get("alt", "")).strip() or compat.is_notebook_output(image):
            continue  # a notebook's cell output is the code's, not the author's: nothing to describe by hand
        name = posixpath.basename(str(image.get("uri", ""))) or "this image"
        log.warn(
            f"the image '{name}' has no alt text — say what it shows for readers who cannot see it: "
            "':alt: <what the figure shows>' under '{figure}', or '![<what it shows>](...)'",
            subtype="missing-alt",
            location=(app.env.docname, _line(image)),
        )


def _line(node: nodes.Node) -> int:
    """The source line of ``node`` or of the nearest enclosing node that has one (1 if none)."""
    current: nodes.Node | None = node
    while current is not None:
        line = getattr(current, "line", None)
        if line:
            return int(line)
        current = current.parent
    return 1


def _full_size(app: Sphinx, docname: str, image: nodes.image) -> str | None:
    """The URL of the image file as the HTML builder copies it (``_images/<name>``), or None."""
    uri = str(image.get("uri", ""))
    if not uri or "://" in uri or uri.startswith("data:"):
        return None
    found = app.env.images.get(uri) if hasattr(app.env, "images") else None
    if not found:
        return None
    base = relative_uri(app.builder.get_target_uri(docname), app.builder.imagedir)
    return posixpath.join(base, found[1])


def link_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: figures on catalogue pages link to their full-size image."""
    if getattr(app.builder, "format", "") != "html" or not hasattr(app.builder, "imagedir"):
        return
    if catalogue.kind_of(app.env, docname) is None:
        return
    for figure in doctree.findall(nodes.figure):
        figure["classes"].append("longform-figure")
        for image in list(figure.findall(nodes.image)):
            if isinstance(image.parent, nodes.reference):
                continue
            href = _full_size(app, docname, image)
            if href is None:
                continue
            link = nodes.reference("", "", refuri=href, internal=True, classes=["longform-figure-link"])
            image.replace_self(link)
            link += image


def setup(app: Sphinx) -> None:
    events.connect(app, "doctree-read", locate_images)
    events.connect(app, "doctree-read", check_alt)
    events.connect(app, "doctree-resolved", link_figures)
