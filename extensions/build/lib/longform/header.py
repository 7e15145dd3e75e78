"""The essay header's first line: date, "updated" date and the reading-time badge."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docutils import nodes

from . import catalogue, views

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: dt.date) -> str:
    """'12 May 2026', independent of the machine's locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def badge(text: str, *, style: str = "secondary", classes: tuple[str, ...] = ()) -> nodes.inline:
    """A sphinx-design badge (its CSS classes, so light and dark mode both work)."""
    return nodes.inline("", text, classes=["sd-badge", f"sd-bg-{style}", f"sd-bg-text-{style}", *classes])


def reading_time_badge(minutes: int) -> nodes.inline:
    return badge(f"{minutes} min read", classes=("longform-reading-time",))


def date_node(value: dt.date | None, *, prefix: str = "", classes: tuple[str, ...] = ()) -> nodes.inline:
    text = prefix + (format_date(value) if value else "undated")
    return nodes.inline("", text, classes=["longform-date", *classes])


def compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    return (essay.date, essay.updated, essay.minutes, essay.draft)


def render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    date, updated, minutes, draft = data
    para = nodes.paragraph("", classes=["longform-meta"])
    para += date_node(date)
    if updated:
        para += nodes.inline("", " · ", classes=["longform-sep"])
        para += date_node(updated, prefix="Updated ", classes=("longform-updated",))
    para += nodes.inline("", " · ", classes=["longform-sep"])
    para += reading_time_badge(minutes)
    if draft:
        para += nodes.Text(" ")
        para += badge("Draft", style="warning", classes=("longform-draft",))
    return [para]


def setup(app: Sphinx) -> None:
    views.add_header_part(app, "meta", compute=compute, render=render)
