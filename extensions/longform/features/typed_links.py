"""Typed links on the essay's own page: the banner of a superseded essay, and the line "Builds on …".

The links are the front matter's ``builds_on``, ``responds_to`` and ``supersedes``, checked once per build by
:mod:`longform.core.typedlinks` (which warns what does not hold).  This feature shows two parts of the essay
header (:data:`longform.core.views.HEADER`):

``superseded``
    on an essay another one supersedes, first under the title: "Superseded by <successor> (date) — read that
    first.", a note (an admonition: every theme and builder shows one, and a screen reader announces it);
``relations``
    under the meta line, what the essay says of others: "Builds on A, B · Responds to C · Supersedes D".

What the target's "Linked from" shows is :mod:`longform.features.backlinks`'; the mark in listings and feeds is
each listed item's (:func:`longform.ui.render.item_data`).  Both parts are views: their data is the titles and
dates they show, so a retitled successor, or a ``supersedes`` added or removed, rewrites exactly these pages.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events, typedlinks, views
from ..ui import render
from ..ui.labels import format_date
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The banner's class (and the admonition class the themes style as a note).
BANNER_CLASS = "longform-superseded"
#: The class of the header line naming what the essay builds on, responds to, supersedes.
RELATIONS_CLASS = "longform-relations"

#: One target as a part's data: (docname, title).
Target = tuple[str, str]


def banner_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> tuple[str, str, dt.date | None] | None:
    """(successor's docname, title, date) when a listed page supersedes this one."""
    successor = typedlinks.successor_of(app.env, docname)
    if successor is None or docname not in catalogue.essays(app.env):
        return None
    return (successor.docname, successor.title, successor.date)


def with_link(template: str, link: nodes.Node | list[nodes.Node], **values: str) -> list[nodes.Node]:
    """A translated sentence with ``%(essay)s`` replaced by the ``link`` node(s) and the other ``values`` as text
    (the translation decides where the link stands: "Baut auf %(essay)s auf")."""
    links = link if isinstance(link, list) else [link]
    before, marker, after = template.partition("%(essay)s")
    out: list[nodes.Node] = []
    for part in (before, after):
        text = part
        for name, value in values.items():
            text = text.replace(f"%({name})s", value)
        if part is after:
            out.extend(links)
        if text:
            out.append(nodes.Text(text))
    if not marker:  # a translation without the placeholder: the link still follows
        out = [nodes.Text(before + " "), *links]
    return out


def banner_render(app: Sphinx, docname: str, data: tuple[str, str, dt.date | None]) -> list[nodes.Node]:
    target, title, date = data
    box = nodes.admonition("", classes=[BANNER_CLASS, "note"])
    box += nodes.title("", _("Superseded"))
    para = nodes.paragraph("")
    link = render.link(app, docname, target, title, classes=("longform-successor",))
    if date is not None:
        template = _("Superseded by %(essay)s (%(date)s) — read that first.")
        para.extend(with_link(template, link, date=format_date(app, date)))
    else:
        para.extend(with_link(_("Superseded by %(essay)s — read that first."), link))
    box += para
    return [box]


def relations_compute(
    app: Sphinx, docname: str, options: dict[str, Any]
) -> tuple[tuple[str, tuple[Target, ...]], ...] | None:
    """((key, ((docname, title), …)), …): what this page builds on, responds to and supersedes, as it holds."""
    links = typedlinks.resolved(app.env).outgoing.get(docname, ())
    shown = catalogue.essays(app.env)
    out: list[tuple[str, tuple[Target, ...]]] = []
    for key in typedlinks.KEYS:
        targets = tuple((target, shown[target].title) for kind, target in links if kind == key and target in shown)
        if targets:
            out.append((key, targets))
    return tuple(out) or None


def relation_template(key: str) -> str:
    """The header line's sentence for the essays a key names, ``%(essay)s`` standing for them (translated)."""
    if key == "builds_on":
        return _("Builds on %(essay)s")
    if key == "responds_to":
        return _("Responds to %(essay)s")
    return _("Supersedes %(essay)s")


def relations_render(app: Sphinx, docname: str, data: tuple[tuple[str, tuple[Target, ...]], ...]) -> list[nodes.Node]:
    line = nodes.paragraph("", classes=[RELATIONS_CLASS])
    for key, targets in data:
        if line.children:
            line += nodes.inline("", " · ", classes=["longform-sep"])
        links: list[nodes.Node] = []
        for target, title in targets:
            if links:
                links.append(nodes.Text(", "))
            links.append(render.link(app, docname, target, title))
        part = nodes.inline("", classes=[f"{RELATIONS_CLASS}-{key.replace('_', '-')}"])
        part.extend(with_link(relation_template(key), links))
        line += part
    return [line]


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_header_part("superseded", compute=banner_compute, render=banner_render)
    registry.add_header_part("relations", compute=relations_compute, render=relations_render)
    events.connect(app, "env-check-consistency", typedlinks.check_typed_links)
