"""An essay's sections: the time each takes, the time left, and what changed since the reader last read it.

Computed while the page is written (``html-page-context``, from the resolved doctree: nothing is kept in the
environment, so an incremental build writes what a clean one does):

* **Time per section.** Each section's *cost* is its own text (not its subsections') measured as
  :mod:`longform.core.readingtime` measures a page: words at ``longform_words_per_minute``, plus
  ``longform_code_block_seconds`` per code block and ``longform_figure_seconds`` per figure.  The costs are
  scaled so that they add up to the essay's own reading time (``Essay.minutes``, which a ``reading_time:``
  front-matter value may set): the outline's numbers, the header's "N min read" and the totals of topics and
  paths (which add ``Essay.minutes``) always agree.  An outline entry shows its section's time with its
  subsections', rounded to the nearest minute ("<1 min" below half a minute); its entries add up to the
  essay's time within rounding.
* **Time left.** Each section carries ``data-longform-seconds`` (its own scaled cost); the script
  (``static/longform-sections.js``) adds up what lies below the reader's place and shows "N min left".
* **Changed since you last read.** Each section carries ``data-longform-fingerprint``: the first 16 hex digits
  of the SHA-256 of its own text and of the footnotes it cites (whitespace folded; the essay header, footer
  and Longform's other views left out, so a new tag or backlink is not a change of the essay).  The script
  keeps the fingerprints of the reader's last visit in this browser's ``localStorage`` (key
  ``longform:seen``; nothing is sent anywhere) and, when some differ, says so in one line at the top, marks
  the changed sections, and offers "Mark as seen".  The line also names the essay's ``updated:`` date when
  it has one: the front matter is the author's word for when the essay changed; the marks are the site's
  own evidence, per section; both are shown rather than one silently overriding the other.

Every word the script shows comes from data attributes on the essay's top section, filled here from the
translation catalogue.  Other builders, and pages that are not essays, are untouched.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events, readingtime
from ..ui.labels import minutes as minutes_label
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core import views

SCRIPT = "longform-sections.js"
#: Classes of what is not the essay's own text: views (header, footer, banners), Sphinx's ``no-search``.
_NOT_TEXT = re.compile(r"^(?:no-search|longform-(?!page|article).*)$")
#: Sphinx's HTML5 section tag: ``<section id="…">`` or ``<section class="…" id="…">``.
_SECTION_TAG = re.compile(r'<section((?: class="[^"]*")? id="([^"]+)")>')
#: An outline entry's link: ``<a class="reference internal" href="#id">…</a>``.
_TOC_LINK = re.compile(r'(<a class="reference internal" href="#([^"]+)">.*?</a>)', re.S)


@dataclass(frozen=True, slots=True)
class Section:
    """One section of an essay as the page publishes it."""

    id: str
    depth: int
    seconds: float  # its own text's share of the essay's reading time
    total: float  # with its subsections'
    fingerprint: str


def _is_view(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.Element):
        return False
    classes: list[str] = node.get("classes", [])
    return any(_NOT_TEXT.match(name) for name in classes)


def _own_parts(section: nodes.section) -> list[nodes.Node]:
    """The section's own content: its children except subsections and views."""
    return [child for child in section.children if not isinstance(child, nodes.section) and not _is_view(child)]


def _cost(parts: list[nodes.Node], app: Sphinx) -> float:
    config = app.config
    words = code = figures = 0
    for part in parts:
        stats = readingtime.measure(part)
        words, code, figures = words + stats.words, code + stats.code_blocks, figures + stats.figures
    return (
        words / max(int(config.longform_words_per_minute), 1) * 60
        + code * float(config.longform_code_block_seconds)
        + figures * float(config.longform_figure_seconds)
    )


def fingerprint(parts: list[nodes.Node], doctree: nodes.document | None = None) -> str:
    """16 hex digits of the SHA-256 of the parts' text, whitespace folded (a rewrapped line is no change).

    With ``doctree``, the text of each footnote the parts cite counts too: a note is read with its section."""
    texts = [part.astext() for part in parts]
    if doctree is not None:
        for part in parts:
            for reference in part.findall(nodes.footnote_reference):
                note = doctree.ids.get(reference.get("refid", ""))
                if isinstance(note, nodes.footnote):
                    texts.append(note.astext())
    text = " ".join(" ".join(piece.split()) for piece in texts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sections(app: Sphinx, doctree: nodes.document, essay_minutes: int) -> list[Section]:
    """The essay's sections in document order (the top one first), with times scaled to ``essay_minutes``."""
    found: list[tuple[str, int, float, nodes.section]] = []
    for section in doctree.findall(nodes.section):
        if _is_view(section) or not section["ids"]:
            continue
        depth = sum(1 for parent in _ancestors(section) if isinstance(parent, nodes.section))
        parts = _own_parts(section)
        found.append((section["ids"][0], depth, _cost(parts, app), section))
    whole = sum(cost for _id, _depth, cost, _node in found)
    scale = essay_minutes * 60 / whole if whole > 0 else 0.0
    own = {id(node): cost * scale for _id, _depth, cost, node in found}
    result = []
    for ident, depth, cost, node in found:
        total = sum(own.get(id(inner), 0.0) for inner in node.findall(nodes.section))
        result.append(Section(ident, depth, round(cost * scale, 1), total, fingerprint(_own_parts(node), doctree)))
    return result


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def time_label(app: Sphinx, seconds: float) -> str:
    """ "3 min", or "<1 min" for less than half a minute."""
    whole = round(seconds / 60)
    return minutes_label(app, whole) if whole >= 1 else _("<1 min")


def with_times(toc: str, times: dict[str, str]) -> str:
    """The outline's HTML with each entry's time after its link (entries without a time as they were)."""

    def repl(found: re.Match[str]) -> str:
        label = times.get(found.group(2))
        if label is None:
            return found.group(0)
        return f'{found.group(1)}<span class="longform-toc-time">{escape(label)}</span>'

    return _TOC_LINK.sub(repl, toc)


def with_data(body: str, attributes: dict[str, dict[str, str]]) -> str:
    """The body with each section's data attributes added to its tag (by id)."""

    def repl(found: re.Match[str]) -> str:
        extra = attributes.get(found.group(2))
        if not extra:
            return found.group(0)
        written = "".join(f' {name}="{escape(value)}"' for name, value in extra.items())
        return f"<section{found.group(1)}{written}>"

    return _SECTION_TAG.sub(repl, body)


def _words(app: Sphinx, essay: catalogue.Essay) -> dict[str, str]:
    """What the script says, in the site's language (``%(n)s`` and ``%(date)s`` filled in the browser)."""

    def changed(count: int) -> str:
        return _(
            "%(n)s section changed since you read this on %(date)s",
            "%(n)s sections changed since you read this on %(date)s",
            count,
        )

    words = {
        "data-longform-page": essay.docname,
        "data-longform-left": _("%(n)s min left"),
        "data-longform-left-less": _("Less than a minute left"),
        # Both forms of one message (the script picks with Intl.PluralRules: "one" or the other).
        "data-longform-changed-one": changed(1),
        "data-longform-changed-other": changed(2),
        "data-longform-changed-mark": _("Changed since you last read"),
        "data-longform-seen": _("Mark as seen"),
    }
    if essay.updated:
        words["data-longform-updated"] = essay.updated.isoformat()
        words["data-longform-updated-words"] = _("the essay was updated on %(date)s")
    return words


def publish(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: an essay's sections get their times and fingerprints; its outline, the times."""
    if getattr(app.builder, "format", "") != "html" or doctree is None:
        return
    essay = catalogue.essays(app.env).get(pagename)
    body = context.get("body")
    if essay is None or essay.kind == "note" or not isinstance(body, str):
        return
    found = sections(app, doctree, essay.minutes)
    if not found:
        return
    attributes = {
        item.id: {"data-longform-seconds": f"{item.seconds:g}", "data-longform-fingerprint": item.fingerprint}
        for item in found
    }
    attributes[found[0].id].update(_words(app, essay))
    context["body"] = with_data(body, attributes)
    toc = context.get("toc")
    if isinstance(toc, str) and toc:
        context["toc"] = with_times(toc, {item.id: time_label(app, item.total) for item in found[1:]})
    if hasattr(app.builder, "add_js_file"):
        app.builder.add_js_file(SCRIPT, defer="defer")


def setup(app: Sphinx, registry: views.Views) -> None:
    events.connect(app, "html-page-context", publish)
