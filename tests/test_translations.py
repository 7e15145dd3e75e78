"""The message catalogues: the .pot is what the code says, every .po translates all of it, and what a build
reads is what the .po says.

The .pot is extracted here exactly as ``nox -s translations`` extracts it (the keywords are read from
noxfile.py), so a message added to the code without running the session fails this file, and so does a
language left with an untranslated or fuzzy message.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from longform.ui import labels, text

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ROOT / "extensions"
LOCALE = EXTENSIONS / "longform" / "locale"
POT = LOCALE / "longform.pot"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/longform.po"))


def _nox_keywords() -> list[str]:
    """``BABEL_KEYWORDS`` of noxfile.py, read without importing nox."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "BABEL_KEYWORDS" for t in targets):
                assert node.value is not None
                return list(ast.literal_eval(node.value))
    raise AssertionError("noxfile.py has no BABEL_KEYWORDS")


def _ids(path: Path) -> set[str | tuple[str, ...]]:
    with path.open("rb") as source:
        return {
            message.id if isinstance(message.id, str) else tuple(message.id)
            for message in read_po(source)
            if message.id
        }


def test_there_is_a_template_and_a_german_catalogue():
    assert POT.is_file(), "run: nox -s translations"
    assert LOCALE / "de" / "LC_MESSAGES" / "longform.po" in CATALOGUES


def test_the_template_is_current_with_the_code(tmp_path, monkeypatch):
    """The messages of the code, extracted now, are the messages of the committed .pot (run
    ``nox -s translations`` after adding or changing a message)."""
    fresh = tmp_path / "longform.pot"
    monkeypatch.chdir(EXTENSIONS)
    CommandLineInterface().run(["pybabel", "-q", "extract", *_nox_keywords(), "-o", str(fresh), "longform"])
    extracted, committed = _ids(fresh), _ids(POT)
    assert extracted - committed == set(), "messages in the code but not in longform.pot: run nox -s translations"
    assert committed - extracted == set(), "messages in longform.pot the code no longer has: run nox -s translations"
    assert len(extracted) > 80  # the extraction found the UI's messages, not nothing


def test_the_keywords_find_both_forms_of_the_call(tmp_path, monkeypatch):
    """``_(message)`` and ``_(singular, plural, n)`` are both extracted, the second as a plural message."""
    ids = _ids(POT)
    assert "Draft" in ids
    assert ("%(count)s essay", "%(count)s essays") in ids
    assert "%(count)s essay" not in ids  # never also as a singular-only message
    # a plural call split over lines, with the trailing comma ruff format gives it (site/search.py)
    assert (
        "Search finished, found one page matching the search query.",
        "Search finished, found %(count)s pages matching the search query.",
    ) in ids


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parts[-3])
def test_each_catalogue_translates_every_message(po):
    with po.open("rb") as source:
        catalogue = read_po(source)
    assert catalogue.plural_forms and catalogue.num_plurals >= 1
    assert _ids(po) == _ids(POT), "the catalogue and longform.pot differ: run nox -s translations"
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple | list):
            assert len(strings) == catalogue.num_plurals, (po, message.id)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == [], f"{po}: translate these messages"
    assert fuzzy == [], f"{po}: check these translations and remove 'fuzzy'"
    # every placeholder of the message is in its translation, and no other (Babel's python-format checker)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalogue.check()]
    assert problems == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parts[-3])
def test_what_a_build_reads_is_what_the_catalogue_says(po, tmp_path):
    """A checkout has no .mo: the build compiles each .po into its doctrees folder; the result translates
    exactly what the .po says, plural forms included."""
    folder = text.compiled(SimpleNamespace(doctreedir=str(tmp_path)))  # type: ignore[arg-type]
    mo = folder / po.relative_to(LOCALE).with_suffix(".mo")
    with mo.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    with po.open("rb") as source:
        catalogue = read_po(source)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            singular, plural = message.id
            assert translations.ngettext(singular, plural, 1) == message.string[0], (po, singular)
            assert translations.ngettext(singular, plural, 2) == message.string[-1], (po, plural)
        else:
            assert translations.gettext(message.id) == message.string, (po, message.id)
    before = mo.stat().st_mtime_ns
    text.compiled(SimpleNamespace(doctreedir=str(tmp_path)))  # type: ignore[arg-type]
    assert mo.stat().st_mtime_ns == before, "an unchanged catalogue is not rewritten"


def _site(language: str | None) -> SimpleNamespace:
    return SimpleNamespace(config=SimpleNamespace(language=language))


@pytest.mark.parametrize(
    ("language", "date", "month", "number"),
    [
        ("en", "12 May 2026", "May 2026", "1,234"),  # Sphinx's default: the site's day-month-year
        (None, "12 May 2026", "May 2026", "1,234"),
        ("de", "12. Mai 2026", "Mai 2026", "1.234"),
        ("en_US", "May 12, 2026", "May 2026", "1,234"),
        ("pt-BR", "12 de maio de 2026", "maio de 2026", "1.234"),
        ("fr", "12 mai 2026", "mai 2026", "1\u202f234"),
        ("xx", "12 May 2026", "May 2026", "1,234"),  # a language Babel does not know: English
    ],
)
def test_dates_and_numbers_are_written_in_the_sites_language(language, date, month, number):
    site = _site(language)
    assert labels.format_date(site, dt.date(2026, 5, 12)) == date  # type: ignore[arg-type]
    assert labels.month_year(site, 2026, 5) == month  # type: ignore[arg-type]
    assert labels.number(site, 1234) == number  # type: ignore[arg-type]


def test_an_installed_wheel_reads_its_own_catalogues(tmp_path, monkeypatch):
    """Beside each .po, the .mo it compiles to (as setup.py puts it into the wheel): the build reads the package's
    folder and writes nothing; a stale .mo there (an older release's) is not read."""
    package = tmp_path / "locale"
    shutil.copytree(LOCALE, package)
    doctrees = tmp_path / "doctrees"
    fresh = text.compiled(SimpleNamespace(doctreedir=str(doctrees)))  # type: ignore[arg-type]
    for mo in fresh.rglob("*.mo"):
        shutil.copy(mo, package / mo.relative_to(fresh))
    shutil.rmtree(doctrees)
    monkeypatch.setattr(text, "LOCALE_DIR", package)
    assert text.compiled(SimpleNamespace(doctreedir=str(doctrees))) == package  # type: ignore[arg-type]
    assert not doctrees.exists()
    stale = package / "de" / "LC_MESSAGES" / "longform.mo"
    stale.write_bytes(stale.read_bytes()[:-1])
    assert text.compiled(SimpleNamespace(doctreedir=str(doctrees))) == doctrees / "longform-locale"  # type: ignore[arg-type]
