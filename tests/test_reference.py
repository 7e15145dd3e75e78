"""The reference cannot go stale: every directive, option, role, front-matter key, setting and
warning subtype the code defines has its entry, and the built reference shows each of them."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from unittest import mock

from bs4 import BeautifulSoup
from proofkit import build, registered_directives

EXTENSION = Path(__file__).resolve().parent.parent / "extensions" / "longform"
ROOT = Path(__file__).resolve().parent / "roots" / "test-reference"

#: Settings the extension computes for itself (never set by a site).
INTERNAL_SETTINGS = {"longform_code_digest"}


def _declared_settings() -> set[str]:
    import longform

    app = mock.MagicMock()

    app.doctreedir = os.path.join(tempfile.gettempdir(), "longform-mock-doctrees")  # setup compiles catalogues there
    longform.setup(app)
    from longform.site import navigation

    navigation.setup(app)
    return {c.args[0] for c in app.add_config_value.call_args_list if c.args and c.args[0].startswith("longform_")}


def _warning_subtypes_in_code() -> set[str]:
    """Every subtype the code can warn with, read from its source (keyword, Problem(...) and bad(...) forms)."""
    patterns = (
        r'subtype\s*=\s*"([a-z][a-z-]*)"',
        r'\bbad\(\s*[^,()]+,\s*"([a-z][a-z-]*)"',
        r'Problem\(\s*[^,()]+,\s*"([a-z][a-z-]*)"',
        r'Problem\(\s*(?:f?"(?:[^"\\]|\\.)*"\s*)+,\s*"([a-z][a-z-]*)"',
        r'\(\s*[\w.+ ]+,\s*"([a-z]+(?:-[a-z]+)+)",\s*\n?\s*f?"',
    )
    found: set[str] = set()
    for path in EXTENSION.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            found.update(re.findall(pattern, text))
        if 'subtype=f"unsafe-{kind}"' in text:  # safety's refusal, for kind in (directive, role)
            found.update({"unsafe-directive", "unsafe-role"})
    return found


def test_every_directive_and_role_has_its_entry_and_every_option_its_meaning():
    from unittest import mock

    import longform
    from longform.features import reference

    assert set(reference.DIRECTIVES) | set(reference.ROLES) == registered_directives()
    app = mock.MagicMock()
    app.doctreedir = os.path.join(tempfile.gettempdir(), "longform-mock-doctrees")  # setup compiles catalogues there
    longform.setup(app)
    registered = {call.args[0]: call.args[1] for call in app.add_directive.call_args_list if len(call.args) > 1}
    for name, entry in reference.DIRECTIVES.items():
        spec = getattr(registered[name], "option_spec", None) or {}
        assert set(entry.options) == set(spec), name
        assert all(entry.options.values()), name


def test_every_setting_and_front_matter_key_is_in_the_tables():
    from longform.core import config, frontmatter
    from longform.features import reference

    assert _declared_settings() - INTERNAL_SETTINGS == {setting.name for setting in config.CONFIG}
    assert all(setting.doc for setting in config.CONFIG)
    assert set(reference.PAGE_KEYS) == set(frontmatter.PAGE_KEYS)


def test_every_warning_subtype_has_its_entry():
    from longform.features import reference

    in_code = _warning_subtypes_in_code()
    assert len(in_code) > 40  # the scanner reads the code, not nothing
    assert in_code - set(reference.WARNINGS) == set(), "warning subtypes without a reference entry"
    assert set(reference.WARNINGS) - in_code == set(), "reference entries for subtypes the code no longer has"


def test_the_built_reference_shows_every_entry(tmp_path):
    import shutil

    from longform.core import config, frontmatter
    from longform.features import reference

    site = tmp_path / "reference"
    shutil.copytree(ROOT, site)
    built = build(site, freshenv=True)
    assert "[longform." not in built.warnings, built.warnings
    soup = BeautifulSoup((Path(built.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    cells = {code.get_text() for code in soup.select("table.longform-reference code")}
    assert set(reference.DIRECTIVES) <= cells
    assert set(reference.ROLES) <= cells
    assert set(frontmatter.CONTRACT) | set(reference.PAGE_KEYS) <= cells
    assert {setting.name for setting in config.CONFIG} <= cells
    assert {f"longform.{name}" for name in reference.WARNINGS} <= cells
    text = soup.get_text(" ")
    assert ":group-by: year, month or none" in text


def test_a_bad_setting_warns_and_falls_back_to_its_default(tmp_path):
    import shutil

    site = tmp_path / "reference"
    shutil.copytree(ROOT, site)
    built = build(site, freshenv=True, longform_navigation="scopped", longform_words_per_minute=0)
    assert (
        "longform_navigation = 'scopped' cannot be used — it must be 'scoped' or 'full'; using 'scoped' "
        "[longform.config]" in built.warnings
    )
    assert "longform_words_per_minute = 0 cannot be used" in built.warnings


def test_a_malformed_allow_setting_allows_nothing_extra(tmp_path):
    import shutil

    site = tmp_path / "reference"
    shutil.copytree(ROOT, site)
    (site / "essays" / "one.md").write_text(
        (site / "essays" / "one.md").read_text(encoding="utf-8") + "\n```{raw} html\n<b>x</b>\n```\n",
        encoding="utf-8",
    )
    built = build(site, freshenv=True, longform_allow={"directive": ["raw"]})
    assert "longform_allow = {'directive': ['raw']} cannot be used" in built.warnings
    assert "[longform.unsafe-directive]" in built.warnings
