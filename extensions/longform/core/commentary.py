"""A note's commentary as plain data: shown whole on the notes page and carried whole by the notes feed.

A note is a few paragraphs about one piece elsewhere (its front matter's ``link:``).
At read time the catalogue keeps its paragraphs as runs of text — a typed,
hashable, picklable shape, so a change of a note's words is a change of its
catalogue record and rewrites the notes page (and feed) that show it:

    (("text", "The ", ""), ("link", "SRE book", "https://sre.google/…"), ("em", "chapter", ""), …)

Kinds: ``text``, ``em``, ``strong``, ``code``, ``link`` (an http(s) URL) and
``doc`` (another page of the site, by docname).  Rendering goes through docutils
``Text`` nodes (escaped by the writer) or :func:`html.escape` (the feed): nothing a
contributor writes reaches a page or a feed unescaped.
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
        elif isinstance(child, nodes.reference) and _WEB.fullmatch(child.get("refuri", "")):
            yield ("link", child.astext(), child["refuri"])
        elif isinstance(child, addnodes.pending_xref) and child.get("refdomain") == "doc":
            yield ("doc", child.astext(), str(child.get("reftarget", "")))
        elif type(child) in _INLINE:
            yield (_INLINE[type(child)], child.astext(), "")
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.image):
            yield from _runs(child)


def extract(section: nodes.Element) -> tuple[Paragraph, ...]:
    """The paragraphs of a note's body (lists and quotes included, in order), as runs."""
    found = []
    for para in section.findall(nodes.paragraph):
        runs = tuple(run for run in _runs(para) if run[1])
        if runs:
            found.append(runs)
    return tuple(found)


def host(url: str) -> str:
    """'https://www.rfc-editor.org/rfc/rfc9110' -> 'rfc-editor.org'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def to_nodes(paragraphs: tuple[Paragraph, ...], *, doc_uri: Callable[[str], str | None]) -> list[nodes.paragraph]:
    """Docutils paragraphs; ``doc_uri(docname)`` is the relative URL of a site page (None: not a page)."""
    out = []
    for runs in paragraphs:
        para = nodes.paragraph("", classes=["longform-note-text"])
        for kind, text, target in runs:
            if kind == "link":
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
        out.append(para)
    return out


def to_html(paragraphs: tuple[Paragraph, ...], *, doc_url: Callable[[str], str | None]) -> str:
    """HTML for a feed entry's content: every text and URL escaped."""
    out = []
    for runs in paragraphs:
        parts = []
        for kind, text, target in runs:
            shown = escape(text)
            if kind == "link":
                parts.append(f'<a href="{escape(target)}">{shown}</a>')
            elif kind == "doc" and (url := doc_url(target)):
                parts.append(f'<a href="{escape(url)}">{shown}</a>')
            elif kind in ("em", "strong", "code"):
                parts.append(f"<{kind}>{shown}</{kind}>")
            else:
                parts.append(shown)
        out.append(f"<p>{''.join(parts)}</p>")
    return "\n".join(out)
