"""The small words of the UI: dates, reading times, badges — each one node, each string translatable.

Dates are written "12 May 2026" whatever the machine's locale; the month names, like every string a
reader sees, go through :func:`longform.ui.text._` so a site in another language can translate them.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from .text import _, plural

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


def month_name(month: int) -> str:
    """'November' for 11, independent of the machine's locale (translated with the site's language)."""
    return _(_MONTHS[month - 1])


def format_date(value: dt.date) -> str:
    """'12 May 2026', independent of the machine's locale."""
    return f"{value.day} {month_name(value.month)} {value.year}"


def badge(text: str, *, style: str = "secondary", classes: tuple[str, ...] = ()) -> nodes.inline:
    """A sphinx-design badge (its CSS classes, so light and dark mode both work)."""
    return nodes.inline("", text, classes=["sd-badge", f"sd-bg-{style}", f"sd-bg-text-{style}", *classes])


def reading_time(minutes: int) -> nodes.inline:
    """ "7 min read" as plain text: a fact of the page, quieter than its title and date."""
    return nodes.inline("", _("%d min read") % minutes, classes=["longform-reading-time"])


def date_node(value: dt.date | None, *, prefix: str = "", classes: tuple[str, ...] = ()) -> nodes.inline:
    text = prefix + (format_date(value) if value else _("undated"))
    return nodes.inline("", text, classes=["longform-date", *classes])


#: The counted nouns of the UI, singular and plural message (each "%d …", translated as a plural form).
COUNTS = {
    "essay": ("%d essay", "%d essays"),
    "note": ("%d note", "%d notes"),
    "tag": ("%d tag", "%d tags"),
    "author": ("%d author", "%d authors"),
    "part": ("%d part", "%d parts"),
    "page": ("%d page", "%d pages"),
}


def count(number: int, noun: str) -> str:
    """ "1 essay", "3 essays" (see :data:`COUNTS`)."""
    singular, plural_form = COUNTS[noun]
    return plural(number, singular, plural_form)


def essays_and_notes(essays: int, notes: int) -> str:
    """ "4 essays", or "4 essays and 1 note" when there are notes."""
    text = count(essays, "essay")
    return _("%(essays)s and %(notes)s") % {"essays": text, "notes": count(notes, "note")} if notes else text
