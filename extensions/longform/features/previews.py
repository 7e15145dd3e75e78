"""Previews: hovering or focusing a link to an essay, a note, a tag's page, a reading path or a series shows a card.

The card (title, kind, byline, date, reading time, description and, for an essay, its opening lines) is built
at build time from Longform's typed records and written as one small JSON file per target page,
``_longform/previews/<page>.json`` (``essays/x.html`` -> ``_longform/previews/essays/x.json``), rewritten only
when its data changes (the views machinery's generated files), and the list of the pages that have one,
``_longform/previews.json``.  ``static/longform-previews.js`` fetches the list, then a target's file, the first
time a reader rests on a link to it (a link to a page without a card, a feed or a tag index, asks for nothing;
``connect-src 'self'``: the site's own origin, no CDN), and fills the card with text nodes only.  JSON is
written with ``<``, ``>`` and ``&`` escaped, so no byte of it reads as markup wherever it is served; the output
contract checks each file.

The script runs only where it helps: windows at least 48em wide with a hovering pointer, or a touch screen of
that width (a first tap shows the card, a second follows the link; tap-and-hold shows it too).  It shows on
focus, Escape closes it, the link names the card with ``aria-describedby`` (``role="tooltip"``), and
``prefers-reduced-motion`` turns its fade off.  Positioning is a dozen lines by hand (below the link, above
when there is no room, kept inside the window): a positioning library would be the larger part of the script.

``longform_previews = False`` turns it off.  Other builders write nothing; other themes get the same script
(it needs only Sphinx's ``data-content_root`` on ``<html>``, else it stays off).
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, domain, events, output, parts, people, tagging, views
from ..ui.labels import format_date, minutes
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the cards' data goes in the output folder, and the list of the pages that have one.
FOLDER = "_longform/previews"
INDEX = "_longform/previews.json"
SCRIPT = "longform-previews.js"
#: Catalogue kinds that get a card, and the folder of the reading paths' pages.
KINDS = ("essay", "archived", "note")
PATHS_FOLDER = "paths"
#: How much of an essay's opening the card quotes (characters, cut at a word).
OPENING_CHARS = 280
#: The per-document store of openings (core.domain.PER_DOC).
STORE = "openings"
#: A page that shows Longform's markup (where the links worth previewing are).
USES_LONGFORM = re.compile(r'class="[^"]*\blongform-')


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def record_opening(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the first paragraphs of an essay's text (before the views' face is taken)."""
    env = app.env
    docname = env.docname
    store = domain.records(env, STORE)
    if catalogue.kind_of(env, docname) not in ("essay", "archived"):
        store.pop(docname, None)
        return
    parts: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if any(_skipped(parent) for parent in _ancestors(paragraph)):
            continue
        text = _prose(paragraph)
        if text:
            parts.append(text)
        if sum(len(p) for p in parts) >= OPENING_CHARS:
            break
    store[docname] = _cut(" ".join(parts), OPENING_CHARS)


def _prose(paragraph: nodes.paragraph) -> str:
    """The paragraph's text without its footnote and citation marks ("here.[^1]" reads "here.")."""
    marks = (nodes.footnote_reference, nodes.citation_reference)
    return "".join(
        str(text) for text in paragraph.findall(nodes.Text) if not any(isinstance(a, marks) for a in _ancestors(text))
    ).strip()


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = [node]
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


#: What is not the essay's running text: asides, notes, tables, figures, metadata.
ASIDES = (
    nodes.footnote, nodes.citation, nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table, nodes.figure,
    nodes.field_list, nodes.docinfo, nodes.system_message, nodes.comment, nodes.raw,
)  # fmt: skip


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, ASIDES):
        return True
    classes: list[str] = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return any(str(name).startswith("longform-") for name in classes)


def key(app: Sphinx, docname: str) -> str:
    """The page's address without its suffix (``essays/x``): the script finds the card from a link by it."""
    uri = app.builder.get_target_uri(docname)
    suffix = app.config.html_file_suffix or ".html"
    return uri.removesuffix(suffix).rstrip("/") or "index"


def _card(**fields: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((name, value) for name, value in fields.items() if value)


def cards(app: Sphinx) -> dict[str, Any]:
    """Output path -> the card's fields, for every essay, note, tag page, reading path and series page."""
    if not app.config.longform_previews or not output.writes_pages(app) or app.builder.name == "epub":
        return {}  # an EPUB reader has no server to fetch cards from
    env = app.env
    openings = domain.records(env, STORE)
    found: dict[str, Any] = {}
    kinds = {"essay": _("Essay"), "archived": _("Earlier writing"), "note": _("Note")}
    for essay in catalogue.published(env, kinds=KINDS):
        byline = ", ".join(name for _slug, name, _url in people.byline_data(app, essay))
        found[f"{FOLDER}/{key(app, essay.docname)}.json"] = _card(
            kind=kinds[essay.kind],
            title=essay.title,
            byline=byline,
            date=format_date(app, essay.date) if essay.date else "",
            updated=(_("Updated") + " " + format_date(app, essay.updated)) if essay.updated else "",
            minutes=minutes(app, essay.minutes) if essay.kind != "note" else "",
            description=essay.description,
            opening=openings.get(essay.docname, "") if essay.kind != "note" else "",
        )
    state = tagging.state(app)
    counts: dict[str, int] = {}
    for essay in catalogue.published(env, kinds=KINDS):
        for slug, _title in tagging.badges_data(app, essay):
            counts[slug] = counts.get(slug, 0) + 1
    for slug, count in sorted(counts.items()):
        tag = state.tags.get(slug)
        if tag is None:
            continue
        path = tagging.tag_url(app, slug).removesuffix(".html")
        found[f"{FOLDER}/{path}.json"] = _card(
            kind=_("Tag"),
            title=tag.title,
            description=tag.description,
            count=_("%(count)s essay", "%(count)s essays", count) % {"count": count},
        )
    for docname in sorted(env.found_docs):
        if not docname.startswith(PATHS_FOLDER + "/") or docname.endswith("/index") or docname not in env.titles:
            continue
        curator = people.curator(app, docname)
        description = str(env.metadata.get(docname, {}).get("description", ""))
        found[f"{FOLDER}/{key(app, docname)}.json"] = _card(
            kind=_("Reading path"),
            title=env.titles[docname].astext(),
            byline=curator[1] if curator else "",
            description=description,
        )
    for slug, term in sorted(parts.terms(env).items()):
        members = parts.members(env, slug)
        if not members or f"{parts.FOLDER}/{slug}" in env.all_docs:  # the series page shows these; a source page wins
            continue
        found[f"{FOLDER}/{key(app, f'{parts.FOLDER}/{slug}')}.json"] = _card(
            kind=_("Series"),
            title=term.title,
            minutes=minutes(app, sum(essay.minutes for essay in members)),
            count=_("%(count)s part", "%(count)s parts", len(members)) % {"count": len(members)},
            description=term.description,
        )
    if found:  # the script asks for a card only when this list names the page: no request that can only fail
        found[INDEX] = (("keys", tuple(sorted(path[len(FOLDER) + 1 : -len(".json")] for path in found))),)
    return found


def safe_json(value: Any) -> str:
    """JSON with ``<``, ``>`` and ``&`` as escapes: no byte of it reads as markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def emit(app: Sphinx, path: str, data: Any) -> None:
    output.write_file(app, path, (safe_json(dict(data)) + "\n").encode("utf-8"))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the script, and where the cards are, on pages that show Longform's links."""
    if not app.config.longform_previews or not output.writes_pages(app) or app.builder.name == "epub":
        return
    body = context.get("body")
    if not isinstance(body, str) or not USES_LONGFORM.search(body) or "reference internal" not in body:
        return
    add_js_file = getattr(app.builder, "add_js_file", None)
    if add_js_file is None:
        return
    add_js_file(SCRIPT, defer="defer")
    folders = sorted(
        {
            *(
                str(f).strip("/")
                for k in ("longform_essay_dirs", "longform_archive_dirs", "longform_note_dirs")
                for f in getattr(app.config, k)
            ),
            tagging.folder(app),
            PATHS_FOLDER,
            parts.FOLDER,
        }
    )
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta name="longform-previews" content="{escape(" ".join(folders))}" data-folder="{FOLDER}"'
        f' data-index="{INDEX}">'
    )


def setup(app: Sphinx, registry: views.Views) -> None:
    events.connect(app, "doctree-read", record_opening)
    registry.add_generated("previews", pages=cards, emit=emit)
    events.connect(app, "html-page-context", page_context)
