"""A note's commentary as plain data: shown whole on the notes page and carried whole by the notes feed.

A note is a few paragraphs about one piece elsewhere (its front matter's ``link:``).
At read time the catalogue keeps its paragraphs as runs of text — a typed,
hashable, picklable shape, so a change of a note's words is a change of its
catalogue record and rewrites the notes page (and feed) that show it:

    (("text", "The ", ""), ("link", "SRE book", "https://sre.google/…"), ("em", "chapter", ""), …)

Kinds: ``text``, ``em``, ``strong``, ``code``, ``link`` (an http(s) URL),
``doc`` (another page of the site, by docname) and the note's footnotes: ``fnref``
(a reference: its number, and "<footnote id> <reference id>" as the note's own page
has them) and ``footnote``, the first run of a paragraph that is a footnote's text
(its number, and "<footnote id> <back-reference ids>").  The footnotes come last,
in the page's order, so the notes page and the feed show them as the note's own
page does: numbered, each reference linked to its note and back.  Rendering goes
through docutils nodes (escaped by the writer) or :func:`html.escape` (the feed):
nothing a contributor writes reaches a page or a feed unescaped.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

Run = tuple[str, str, str]  # (kind, text, target)
Paragraph = tuple[Run, ...]

_INLINE: dict[type[nodes.Node], str] = {nodes.emphasis: "em", nodes.strong: "strong", nodes.literal: "code"}
_WEB = re.compile(r"https?://[^\s<>\"']+")


def _runs(node: nodes.Node) -> Iterator[Run]:
    from sphinx import addnodes

    for child in node.children:
        if isinstance(child, nodes.Text):
            yield ("text", str(child), "")
        elif isinstance(child, nodes.footnote_reference):
            if child.get("refid") and child["ids"]:
                yield ("fnref", child.astext(), f"{child['refid']} {child['ids'][0]}")
            else:  # a reference docutils could not resolve (it warned): its mark, as text
                yield ("text", f"[{child.astext()}]", "")
        elif isinstance(child, nodes.reference) and _WEB.fullmatch(child.get("refuri", "")):
            yield ("link", child.astext(), child["refuri"])
        elif isinstance(child, addnodes.pending_xref) and child.get("refdomain") == "doc":
            yield ("doc", child.astext(), str(child.get("reftarget", "")))
        elif type(child) in _INLINE:
            yield (_INLINE[type(child)], child.astext(), "")
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.image):
            yield from _runs(child)


def _in_footnote(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.footnote):
            return True
        parent = parent.parent
    return False


def extract(section: nodes.Element) -> tuple[Paragraph, ...]:
    """The paragraphs of a note's body (lists and quotes included, in order), as runs; then its footnotes."""
    found = []
    cited: set[str] = set()
    for para in section.findall(nodes.paragraph):
        if _in_footnote(para):
            continue
        runs = tuple(run for run in _runs(para) if run[1])
        cited.update(run[2].split(" ")[0] for run in runs if run[0] == "fnref")
        if runs:
            found.append(runs)
    root = section.document or section
    for note in root.findall(nodes.footnote):
        ids = note["ids"]
        if not ids or ids[0] not in cited:
            continue  # a footnote no paragraph of the note cites (an unreferenced one warned already)
        label = next(iter(note.findall(nodes.label)), None)
        text: list[Run] = []
        for para in note.findall(nodes.paragraph):
            if text:
                text.append(("text", " ", ""))
            text.extend(run for run in _runs(para) if run[1])
        head = ("footnote", label.astext() if label is not None else "", " ".join([ids[0], *note["backrefs"]]))
        found.append((head, *text))
    return tuple(found)


def _footnote(runs: Paragraph) -> tuple[str, str, list[str]] | None:
    """A footnote paragraph's number, id and back-reference ids; None for the note's own text."""
    if not runs or runs[0][0] != "footnote":
        return None
    ids = runs[0][2].split()
    return runs[0][1], (ids[0] if ids else ""), ids[1:]


def _reference(target: str) -> tuple[str, str]:
    """A reference run's (footnote id, own id)."""
    ids = target.split()
    return (ids[0] if ids else ""), (ids[1] if len(ids) > 1 else "")


def host(url: str) -> str:
    """'https://www.rfc-editor.org/rfc/rfc9110' -> 'rfc-editor.org'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def to_nodes(
    paragraphs: tuple[Paragraph, ...], *, doc_uri: Callable[[str], str | None], prefix: str = ""
) -> list[nodes.Element]:
    """Docutils paragraphs, then the footnotes; ``doc_uri(docname)`` is the relative URL of a site page (None:
    not a page).  ``prefix`` goes before every footnote id, so that several notes on one page keep theirs apart."""
    out: list[nodes.Element] = []
    for runs in paragraphs:
        note = _footnote(runs)
        para = nodes.paragraph("", classes=["longform-note-text"])
        if note is not None:
            label, note_id, backrefs = note
            box = nodes.footnote("", ids=[prefix + note_id], backrefs=[prefix + b for b in backrefs], auto=1)
            box += nodes.label("", label)
            box += para
            out.append(box)
            runs = runs[1:]
        else:
            out.append(para)
        for kind, text, target in runs:
            if kind == "fnref":
                note_id, own_id = _reference(target)
                para += nodes.footnote_reference(
                    "", text, refid=prefix + note_id, ids=[prefix + own_id] if own_id else [], auto=1
                )
            elif kind == "link":
                para += nodes.reference("", text, refuri=target, classes=["external"])
            elif kind == "doc" and (uri := doc_uri(target)):
                para += nodes.reference("", text, refuri=uri, internal=True)
            elif kind == "em":
                para += nodes.emphasis("", text)
            elif kind == "strong":
                para += nodes.strong("", text)
            elif kind == "code":
                para += nodes.literal("", text)
            else:
                para += nodes.Text(text)
    return out


def to_html(paragraphs: tuple[Paragraph, ...], *, doc_url: Callable[[str], str | None], page_url: str = "") -> str:
    """HTML for a feed entry's content: every text and URL escaped.  Footnote references and back-references
    link to the note's own page (``page_url``), where the footnotes have the ids the runs carry."""
    out = []
    for runs in paragraphs:
        parts = []
        note = _footnote(runs)
        if note is not None:
            label, _note_id, backrefs = note
            back = escape(f"{page_url}#{backrefs[0]}") if backrefs and page_url else ""
            parts.append(f'[<a href="{back}">{escape(label)}</a>] ' if back else f"[{escape(label)}] ")
            runs = runs[1:]
        for kind, text, target in runs:
            shown = escape(text)
            if kind == "fnref":
                note_id, _own = _reference(target)
                mark = f"[{shown}]"
                href = escape(f"{page_url}#{note_id}") if page_url and note_id else ""
                parts.append(f'<sup><a href="{href}">{mark}</a></sup>' if href else f"<sup>{mark}</sup>")
            elif kind == "link":
                parts.append(f'<a href="{escape(target)}">{shown}</a>')
            elif kind == "doc" and (url := doc_url(target)):
                parts.append(f'<a href="{escape(url)}">{shown}</a>')
            elif kind in ("em", "strong", "code"):
                parts.append(f"<{kind}>{shown}</{kind}>")
            else:
                parts.append(shown)
        out.append(f'<p class="footnote">{"".join(parts)}</p>' if note else f"<p>{''.join(parts)}</p>")
    return "\n".join(out)
