"""Every string a reader sees goes through Sphinx's message catalogues: a site in German reads German."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

LOCALE = Path(__file__).resolve().parent.parent / "extensions" / "longform" / "locale"


def _essay(app) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / "essays" / "plain.html").read_text(encoding="utf-8"), "html.parser")


def test_the_header_and_listings_are_in_the_sites_language(built_root):
    german = built_root("basic", language="de")
    soup = _essay(german)
    meta = soup.select_one(".longform-meta").get_text(" ", strip=True)
    assert "Min. Lesezeit" in meta and "min read" not in meta, meta
    assert meta.startswith("12 Mai 2026"), meta  # essays/plain.md: date: 2026-05-12
    tag_page = BeautifulSoup(
        next((Path(german.outdir) / "tags").glob("*.html")).read_text(encoding="utf-8"), "html.parser"
    )
    summary = tag_page.select_one(".longform-tag-summary").get_text(" ", strip=True)
    assert "Essay" in summary and "Alle Schlagwörter" in summary, summary


def test_english_is_the_default(built_root):
    english = built_root("basic")
    meta = _essay(english).select_one(".longform-meta").get_text(" ", strip=True)
    assert "min read" in meta, meta


def test_the_compiled_catalogues_match_their_sources():
    """longform.mo translates exactly what longform.po says (recompile after editing a .po file:
    python -m babel.messages.frontend compile -d extensions/longform/locale -D longform)."""
    import gettext

    from babel.messages.pofile import read_po

    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/longform.po"))
    assert catalogues, "no catalogue under extensions/longform/locale"
    for po in catalogues:
        with po.open("rb") as source:
            catalogue = read_po(source)
        with po.with_suffix(".mo").open("rb") as compiled:
            translations = gettext.GNUTranslations(compiled)
        for message in catalogue:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                singular, plural = message.id
                assert translations.ngettext(singular, plural, 1) == message.string[0], (po, singular)
                assert translations.ngettext(singular, plural, 2) == message.string[1], (po, plural)
            else:
                assert translations.gettext(message.id) == message.string, (po, message.id)
