"""Every string a reader sees goes through :func:`_` (Sphinx's message catalogues).

``_("Draft")`` is the text in the site's ``language`` when a catalogue ``longform.mo`` translates it
(the package's ``locale/<lang>/LC_MESSAGES/``), else the English.  ``_(singular, plural, n)`` picks the
plural form.  Call it while rendering, never at import time, so the site's language is the one used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, get_translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "longform"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_translate = get_translation(CATALOG)


def _(message: str, plural: str | None = None, count: int | None = None) -> str:
    """``message`` translated (``plural`` and ``count``: the form for ``count``), as a plain str."""
    if plural is not None and count is not None:
        return str(get_translator(CATALOG).ngettext(message, plural, count))
    return str(_translate(message))


def setup(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
