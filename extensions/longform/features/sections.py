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
translation catalogue.  Other builders, and pages that are not essays, are untouched;
``longform_section_times = False`` turns all three off.
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
    from collections.abc import Sequence

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


def _seconds(stats: readingtime.TextStats, app: Sphinx) -> float:
    config = app.config
    return (
        stats.words / max(int(config.longform_words_per_minute), 1) * 60
        + stats.code_blocks * float(config.longform_code_block_seconds)
        + stats.figures * float(config.longform_figure_seconds)
    )


def fingerprint(parts: Sequence[nodes.Node], notes: Sequence[str] = ()) -> str:
    """16 hex digits of the SHA-256 of the parts' text and ``notes`` (the text of the footnotes they cite),
    whitespace folded: a rewrapped line is no change."""
    texts = [part.astext() for part in parts] + list(notes)
    text = " ".join(" ".join(piece.split()) for piece in texts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _cited(doctree: nodes.document) -> dict[int, list[str]]:
    """id(section) -> the text of each footnote cited in its own text (one walk of the document)."""
    cited: dict[int, list[str]] = {}
    for reference in doctree.findall(nodes.footnote_reference):
        note = doctree.ids.get(reference.get("refid", ""))
        parent = reference.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        if parent is not None and isinstance(note, nodes.footnote):
            cited.setdefault(id(parent), []).append(note.astext())
    return cited


@dataclass(slots=True)
class _Raw:
    id: str
    depth: int
    own: float  # seconds, unscaled
    total: float  # with its subsections', unscaled
    fingerprint: str


def _walk(app: Sphinx, section: nodes.section, depth: int, cited: dict[int, list[str]], out: list[_Raw]) -> float:
    """Append ``section`` and its subsections to ``out`` (document order); its unscaled total seconds.

    Every node is measured once: a section's own parts here, its subsections' in their own call."""
    own = _own_parts(section)
    raw = _Raw(section["ids"][0], depth, _seconds(readingtime.measure_all(own), app), 0.0, "")
    out.append(raw)
    raw.total = raw.own
    for child in section.children:
        if isinstance(child, nodes.section) and not _is_view(child) and child["ids"]:
            raw.total += _walk(app, child, depth + 1, cited, out)
    raw.fingerprint = fingerprint(own, cited.get(id(section), []))
    return raw.total


def sections(app: Sphinx, doctree: nodes.document, essay_minutes: int) -> list[Section]:
    """The essay's sections in document order (the top one first), with times scaled to ``essay_minutes``."""
    cited = _cited(doctree)
    found: list[_Raw] = []
    for child in doctree.children:
        if isinstance(child, nodes.section) and not _is_view(child) and child["ids"]:
            _walk(app, child, 0, cited, found)
    whole = sum(raw.own for raw in found)
    scale = essay_minutes * 60 / whole if whole > 0 else 0.0
    return [Section(r.id, r.depth, round(r.own * scale, 1), r.total * scale, r.fingerprint) for r in found]


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
    if not app.config.longform_section_times or getattr(app.builder, "format", "") != "html" or doctree is None:
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
