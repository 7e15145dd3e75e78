"""Every string a reader sees goes through :func:`_` (Sphinx's message catalogues).

``_("Draft")`` is the text in the site's ``language`` when a catalogue ``longform.mo`` translates it
(the package's ``locale/<lang>/LC_MESSAGES/``), else the English.  ``_(singular, plural, n)`` picks the
plural form the catalogue's ``Plural-Forms`` names for ``n``.  Call it while rendering, never at import
time, so the site's language is the one used.

The sources are ``locale/longform.pot`` (extracted from the code: ``nox -s translations``) and one
``locale/<lang>/LC_MESSAGES/longform.po`` per language.  A wheel carries each ``.mo`` compiled when it is
built (``extensions/setup.py``); a source checkout or an editable install has none, so :func:`compiled`
compiles the ``.po`` files into the doctrees folder, with Babel, and Sphinx reads them from there.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, get_translator

from ..core import events

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


def compiled(app: Sphinx) -> Path:
    """The folder of compiled catalogues: the package's own when each ``.mo`` there is what its ``.po`` compiles
    to (an installed wheel), else ``<doctrees>/longform-locale``, compiled now (a file rewritten only when its
    bytes change).  Compiling a catalogue in memory takes a few milliseconds; comparing bytes, not file times,
    holds however an installer dates the files."""
    from babel.messages.mofile import write_mo  # Sphinx depends on Babel
    from babel.messages.pofile import read_po

    catalogues: dict[Path, bytes] = {}
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, domain=CATALOG)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        catalogues[po.relative_to(LOCALE_DIR).with_suffix(".mo")] = buffer.getvalue()
    if all(_holds(LOCALE_DIR / name, data) for name, data in catalogues.items()):
        return LOCALE_DIR
    target = Path(app.doctreedir) / "longform-locale"
    for name, data in catalogues.items():
        mo = target / name
        if not _holds(mo, data):
            mo.parent.mkdir(parents=True, exist_ok=True)
            partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
            partial.write_bytes(data)
            partial.replace(mo)  # atomic: a parallel build never reads half a catalogue
    return target


def _holds(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


#: Sphinx's JavaScript catalogue made to work under the site's Content-Security-Policy (see the script).
SPHINX_TRANSLATIONS_SCRIPT = "longform-translations.js"


def sphinx_translations(app: Sphinx) -> None:
    """``builder-inited``: on a site not in English, the script that lets Sphinx's ``translations.js`` run
    without ``'unsafe-eval'`` — after ``doctools.js`` (priority 200), before ``translations.js`` (500)."""
    language = str(app.config.language or "en")
    if getattr(app.builder, "format", "") == "html" and language.partition("_")[0].partition("-")[0] != "en":
        app.add_js_file(SPHINX_TRANSLATIONS_SCRIPT, priority=300)


def setup(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(compiled(app)))
    events.connect(app, "builder-inited", sphinx_translations)
