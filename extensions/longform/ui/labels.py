"""The small words of the UI: dates, counts, reading times, badges — each one node, each string translatable.

Dates and numbers are written by Babel in the site's ``language`` (Sphinx's ``language`` setting): "12 May
2026" in English, "12. Mai 2026" in German, whatever the machine's locale.  A bare ``en`` (Sphinx's default)
writes day, month, year, as the site always has; ``en_US`` writes "May 12, 2026".  Counted nouns ("1 essay",
"3 essays") take the plural form the catalogue's ``Plural-Forms`` picks, through :func:`longform.ui.text._`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from docutils import nodes

from .text import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: Sphinx's language codes Babel reads otherwise: a bare "en" keeps the site's day-month-year dates.
_LOCALE_FOR = {"en": "en_GB"}
#: When Babel knows no locale of the site's language: dates and numbers as an English site writes them.
_FALLBACK = "en_GB"


def locale(app: Sphinx) -> Locale:
    """The Babel locale of the site's ``language`` ("de", "pt_BR", "zh-Hant"…), English when Babel has none."""
    language = str(app.config.language or "en")
    try:
        return Locale.parse(_LOCALE_FOR.get(language, language), sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(_FALLBACK)


def format_date(app: Sphinx, value: dt.date) -> str:
    """'12 May 2026' (English), '12. Mai 2026' (German): the locale's long date."""
    return str(_babel_date(value, format="long", locale=locale(app)))


def month_year(app: Sphinx, year: int, month: int) -> str:
    """'November 2026' (English), 'November 2026' (German), 'novembre 2026' (French): an archive's heading."""
    return str(format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale(app)))


def number(app: Sphinx, value: int) -> str:
    """'1,234' (English), '1.234' (German)."""
    return str(format_decimal(value, locale=locale(app)))


def badge(text: str, *, style: str = "secondary", classes: tuple[str, ...] = ()) -> nodes.inline:
    """A sphinx-design badge (its CSS classes, so light and dark mode both work)."""
    return nodes.inline("", text, classes=["sd-badge", f"sd-bg-{style}", f"sd-bg-text-{style}", *classes])


def minutes(app: Sphinx, value: int) -> str:
    """ "17 min": a total reading time (a path's, a series')."""
    return _("%(minutes)s min", "%(minutes)s min", value) % {"minutes": number(app, value)}


def reading_time(app: Sphinx, value: int) -> nodes.inline:
    """ "7 min read" as plain text: a fact of the page, quieter than its title and date."""
    text = _("%(minutes)s min read", "%(minutes)s min read", value) % {"minutes": number(app, value)}
    return nodes.inline("", text, classes=["longform-reading-time"])


def date_node(app: Sphinx, value: dt.date | None, *, prefix: str = "", classes: tuple[str, ...] = ()) -> nodes.inline:
    text = prefix + (format_date(app, value) if value else _("undated"))
    return nodes.inline("", text, classes=["longform-date", *classes])


def count(app: Sphinx, value: int, noun: str) -> str:
    """ "1 essay", "1,234 essays": the number and the noun in the form the language uses for it.

    Each noun is one plural message, so the catalogue's ``Plural-Forms`` picks the form (Polish has three).
    """
    shown = {"count": number(app, value)}
    if noun == "essay":
        return _("%(count)s essay", "%(count)s essays", value) % shown
    if noun == "note":
        return _("%(count)s note", "%(count)s notes", value) % shown
    if noun == "tag":
        return _("%(count)s tag", "%(count)s tags", value) % shown
    if noun == "author":
        return _("%(count)s author", "%(count)s authors", value) % shown
    if noun == "part":
        return _("%(count)s part", "%(count)s parts", value) % shown
    if noun == "page":
        return _("%(count)s page", "%(count)s pages", value) % shown
    if noun == "series":
        return _("%(count)s series", "%(count)s series", value) % shown
    if noun == "entry":
        return _("%(count)s entry", "%(count)s entries", value) % shown
    raise KeyError(noun)


def essays_and_notes(app: Sphinx, essays: int, notes: int) -> str:
    """ "4 essays", or "4 essays and 1 note" when there are notes."""
    text = count(app, essays, "essay")
    if not notes:
        return text
    return _("%(essays)s and %(notes)s") % {"essays": text, "notes": count(app, notes, "note")}


#: A plural rule of gettext depends on n through n itself up to 199, then through n % 100 (and, in a few
#: languages, on exact millions, which a count of search results never reaches).
_TABLE_SIZE = 200


def plural_table(choose: Callable[[int], str]) -> str:
    """A plural message for a script, as JSON: ``{"forms": [...], "table": "0100…"}``.

    ``choose(n)`` is the ``_(singular, plural, n)`` call (so the extractor sees the message).  ``table[n]`` is the
    index in ``forms`` of the form for ``n`` up to 199, ``table[100 + n % 100]`` beyond: the catalogue's
    ``Plural-Forms`` applied here, in Python, so the script evaluates no expression (the site's policy
    forbids ``eval``) and needs no copy of the rule.
    """
    forms: list[str] = []
    table = []
    for n in range(_TABLE_SIZE):
        form = choose(n)
        if form not in forms:
            forms.append(form)
        table.append(str(forms.index(form)))
    return json.dumps({"forms": forms, "table": "".join(table)}, ensure_ascii=False, separators=(",", ":"))
