"""Backlinks: every essay (and note) ends with "Linked from", the published pages whose text links to it.

Found from the links the doctrees hold, recorded at read time in each catalogue record
(:attr:`longform.core.catalogue.Essay.outgoing`: Markdown links to documents and ``{doc}`` roles), never
by scanning sources again.  Reading-path steps and toctrees are not links of the text; a page's
links to itself do not count.  Listed: published essays, earlier writing and notes (drafts only in
previews), newest first, each with its title, date, reading time, byline and summary: the list is complete
(an essay listed here is never also offered under "Read next").  Nothing links to it: no section.

Typed links (``builds_on``, ``responds_to``, ``supersedes`` in the front matter, checked by
:mod:`longform.core.typedlinks`) group the list by kind: "Built on by", "Answered by", "Superseded by", then
"Also linked from" for the pages that only link in their text; a page linking both ways is listed once, under
its kind.  Without typed links the list is one list, as before.

This is a footer part (:meth:`longform.core.views.Views.add_footer_part`) whose compute returns the displayed
items, so adding or removing one link rewrites exactly the pages whose list changed.  The reverse
index is built once per build (after reading) and kept on the application, never on env.

A second footer part, ``link-targets``, renders nothing: its data is the title of each page the
essay links to, so that a ``{doc}`` link (which shows that title) is rewritten when its target is
retitled or deleted — Sphinx alone would leave it stale until the essay itself is edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, domain, typedlinks, views
from ..ui import render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.catalogue import Essay

#: The kinds of page whose links count (and that are listed).
SOURCE_KINDS = ("essay", "archived", "note")
#: The HTML id of the section (a stable anchor: ``essays/x.html#linked-from``).
SECTION_ID = "linked-from"


def index(app: Sphinx) -> dict[str, tuple[Essay, ...]]:
    """target docname -> the listed pages linking to it, newest first (built once per build)."""
    held = domain.index(app.env)
    found = held.get(BY_TARGET)
    if found is None:
        into: dict[str, list[Essay]] = {}
        for source in catalogue.published(app.env, kinds=SOURCE_KINDS):  # newest first
            for target in source.outgoing:
                into.setdefault(target, []).append(source)
        found = {target: tuple(sources) for target, sources in into.items()}
        held.put(BY_TARGET, found)
    return found


#: target docname -> the listed pages linking to it, computed once per build.
BY_TARGET: domain.Slot[dict[str, tuple[Essay, ...]]] = domain.Slot("backlinks")


#: The groups of "Linked from", in order: the typed links' keys (:data:`longform.core.typedlinks.KEYS`), then the
#: links of the text (``""``).
GROUPS = (*typedlinks.KEYS, "")


def compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """((group, items), …): the linking pages' title, date, reading time, byline and summary, grouped by the kind
    of link (built on by, answered by, superseded by, then the links of the text; a page is listed once, under
    its typed link), or None when nothing links here."""
    plain = index(app).get(docname, ())
    typed = typedlinks.resolved(app.env).incoming.get(docname, ())
    shown = catalogue.essays(app.env)
    placed = {source for _key, source in typed}
    groups: list[tuple[str, tuple[render.ItemData, ...]]] = []
    for group in GROUPS:
        if group:
            chosen = [shown[source] for key, source in typed if key == group and source in shown]
        else:
            chosen = [source for source in plain if source.docname not in placed]
        if chosen:
            groups.append((group, tuple(render.item_data(app, essay, with_tags=False) for essay in chosen)))
    return tuple(groups) or None


def group_title(group: str) -> str:
    """The heading of one group of "Linked from" (translated)."""
    if group == "builds_on":
        return _("Built on by")
    if group == "responds_to":
        return _("Answered by")
    if group == "supersedes":
        return _("Superseded by")
    return _("Also linked from")


def render_backlinks(
    app: Sphinx, docname: str, data: tuple[tuple[str, tuple[render.ItemData, ...]], ...]
) -> list[nodes.Node]:
    """ "Linked from", and under it one titled group per kind of typed link; the links of the text alone need no
    group of their own (then the list is as it always was)."""
    section = nodes.section("", ids=[SECTION_ID], classes=["longform-backlinks"])
    section += nodes.title("", _("Linked from"))
    if len(data) == 1 and not data[0][0]:
        section += render.render_items(app, docname, data[0][1])
        return [section]
    for group, items in data:
        name = (group or "linked").replace("_", "-")
        part = nodes.section("", ids=[f"{SECTION_ID}-{name}"], classes=["longform-backlinks-group", f"longform-{name}"])
        part += nodes.title("", group_title(group))
        part += render.render_items(app, docname, items)
        section += part
    return [section]


def targets_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> tuple[tuple[str, str | None], ...] | None:
    """What the page's own links show of other pages: each target's title (None: no such page).

    Rendered by Sphinx, not here (:func:`targets_render` adds nothing), but a ``{doc}`` link shows the
    title of the page it links to, and Sphinx does not rewrite a page when a page it links to is
    retitled or deleted: in the page's view data, the fingerprint makes it stale exactly then.
    """
    essay = catalogue.essays(app.env).get(docname)
    if essay is None or not essay.outgoing:
        return None
    titles = app.env.titles
    return tuple((target, titles[target].astext() if target in titles else None) for target in essay.outgoing)


def targets_render(app: Sphinx, docname: str, data: tuple[tuple[str, str | None], ...]) -> list[nodes.Node]:
    return []


def setup(app: Sphinx, registry: views.Views) -> None:
    registry.add_footer_part("backlinks", compute=compute, render=render_backlinks)
    registry.add_footer_part("link-targets", compute=targets_compute, render=targets_render)
