"""The security allow-list has a scope (``longform_policed``): the folders strangers write are policed, a
maintainer's pages elsewhere are trusted — an adopter's API reference (autodoc) and an about page that
includes files build as they would without Longform, and the output contract still checks them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build

ROOT = Path(__file__).resolve().parent / "roots" / "test-basic"
EXTENSIONS = ["myst_parser", "longform", "sphinx.ext.autodoc"]

API = """API
===

.. automodule:: json
   :members: dumps, loads
"""

ABOUT = """# About

```{literalinclude} snippet.txt
```

```{csv-table} Data
:file: data.csv
:header-rows: 1
```
"""

ESSAY_HEAD = "---\ndate: 2026-05-01\ndescription: A test essay.\ntags: [architecture]\n{extra}---\n\n"
REST_ESSAY_HEAD = ":date: 2026-05-01\n:description: A test essay.\n:tags: architecture\n\n"


def _site(tmp_path: Path, folder: str = "") -> Path:
    """test-basic plus an API page and an about page (in ``folder``, '' for the source folder's top)."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    where = site / folder if folder else site
    where.mkdir(parents=True, exist_ok=True)
    (where / "snippet.txt").write_text("INCLUDED-SNIPPET-TEXT\n", encoding="utf-8")
    (where / "data.csv").write_text("name,value\nalpha,CSV-CELL-TEXT\n", encoding="utf-8")
    head_rst = REST_ESSAY_HEAD if folder == "essays" else ""
    head_md = ESSAY_HEAD.format(extra="") if folder == "essays" else ""
    (where / "api.rst").write_text(head_rst + API, encoding="utf-8")
    (where / "about.md").write_text(head_md + ABOUT, encoding="utf-8")
    prefix = f"{folder}/" if folder else ""
    (site / "index.md").write_text(
        f"# Basic site\n\n```{{toctree}}\n:glob:\n\nessays/*\n{prefix}api\n{prefix}about\n```\n", encoding="utf-8"
    )
    return site


def _text(built, page: str) -> str:
    html = (Path(built.outdir) / f"{page}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").get_text()


def _ours(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[longform." in line]


def test_an_adopters_own_pages_outside_the_essay_folders_build_in_full_with_no_warning(tmp_path):
    built = build(_site(tmp_path), freshenv=True, extensions=EXTENSIONS)
    assert "WARNING" not in built.warnings and "ERROR" not in built.warnings, built.warnings
    api = _text(built, "api")
    assert "json.dumps" in api and "json.loads" in api
    assert "Serialize" in api  # the docstring, not only the signature
    about = _text(built, "about")
    assert "INCLUDED-SNIPPET-TEXT" in about and "CSV-CELL-TEXT" in about
    # The output contract (wall 2) holds for a maintainer's pages too: the autodoc page and the about page are
    # plain HTML to it (checked here directly, and by the build's own check, which would have warned).
    from longform.site.contract import Rules, check_page

    for page in ("api", "about"):
        html = (Path(built.outdir) / f"{page}.html").read_text(encoding="utf-8")
        assert check_page(html, Rules()) == [], page
    assert "unsafe-output" not in built.warnings


def test_the_same_pages_under_essays_are_refused(tmp_path):
    built = build(_site(tmp_path, "essays"), freshenv=True, extensions=EXTENSIONS)
    refused = [line for line in _ours(built.warnings) if line.endswith("[longform.unsafe-directive]")]
    expected = {
        ("essays/api.rst:8", "automodule"),
        ("essays/about.md:9", "literalinclude"),
        ("essays/about.md:12", "csv-table"),
    }
    for location, name in expected:
        hits = [line for line in refused if f"{location}: WARNING: the directive '{name}' is not allowed" in line]
        assert hits, f"{location} {name}:\n" + "\n".join(refused)
        assert "pages under essays/ (longform_policed)" in hits[0] and "longform_allow" in hits[0]
    assert len(refused) == 3, "\n".join(refused)
    assert "json.dumps" not in _text(built, "essays/api")
    about = _text(built, "essays/about")
    assert "INCLUDED-SNIPPET-TEXT" not in about and "CSV-CELL-TEXT" not in about


def test_the_whole_source_folder_policed_refuses_them_everywhere(tmp_path):
    built = build(_site(tmp_path), freshenv=True, extensions=EXTENSIONS, longform_policed=["."])
    refused = [line for line in _ours(built.warnings) if line.endswith("[longform.unsafe-directive]")]
    assert len(refused) == 3, built.warnings
    assert all("any page of this site (longform_policed = ['.'])" in line for line in refused), refused
    assert "json.dumps" not in _text(built, "api")
    assert "INCLUDED-SNIPPET-TEXT" not in _text(built, "about")


def test_the_site_itself_polices_all_of_its_pages():
    namespace: dict[str, object] = {"__file__": str(Path(__file__).resolve().parent.parent / "conf.py")}
    exec(compile(Path(namespace["__file__"]).read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert namespace["longform_policed"] == ["."]


@pytest.mark.parametrize(
    ("folder", "close"),
    [("", "automodule"), ("essays", None)],
    ids=["trusted-page", "policed-page"],
)
def test_an_unknown_directive_is_reported_as_unknown_with_the_closest_name(tmp_path, folder, close):
    site = _site(tmp_path, folder)
    page = site / folder / "api.rst" if folder else site / "api.rst"
    page.write_text(page.read_text(encoding="utf-8").replace(".. automodule::", ".. automodul::"), encoding="utf-8")
    built = build(site, freshenv=True, extensions=EXTENSIONS)
    unknown = [line for line in _ours(built.warnings) if line.endswith("[longform.unknown-directive]")]
    prefix = f"{folder}/" if folder else ""
    assert len(unknown) == 1, built.warnings
    assert f"{prefix}api.rst:{8 if folder else 4}: WARNING: unknown directive 'automodul'" in unknown[0]
    if close:
        assert f"did you mean '{close}'?" in unknown[0]
    else:  # on a policed page the suggestion is among the names its pages may use: none is close
        assert "did you mean" not in unknown[0]
    assert "not allowed" not in unknown[0]
    assert "Unknown directive type" not in built.warnings  # reported once, by Longform


def test_an_unknown_role_on_a_policed_page_suggests_an_allowed_one(tmp_path):
    site = _site(tmp_path)
    (site / "essays" / "typo.md").write_text(
        ESSAY_HEAD.format(extra="") + "# Typo\n\nSee {dcc}`index` and {py:func}`json.dumps`.\n", encoding="utf-8"
    )
    built = build(site, freshenv=True, extensions=EXTENSIONS)
    ours = [line for line in _ours(built.warnings) if "essays/typo.md" in line]
    assert len(ours) == 2, "\n".join(ours)
    unknown = [line for line in ours if line.endswith("[longform.unknown-role]")]
    assert len(unknown) == 1 and "unknown role 'dcc'" in unknown[0] and "did you mean 'doc'?" in unknown[0]
    refused = [line for line in ours if line.endswith("[longform.unsafe-role]")]
    assert len(refused) == 1 and "the role 'py:func' is not allowed in pages under essays/" in refused[0]


DEFAULT_ROLE_ESSAY = REST_ESSAY_HEAD + "Default role\n============\n\nA `DEFAULT-ROLE-TEXT` in reST.\n"


@pytest.mark.parametrize("spelling", ["default", ""])
def test_the_default_role_can_be_allowed(tmp_path, spelling):
    site = _site(tmp_path)
    (site / "essays" / "cited.rst").write_text(DEFAULT_ROLE_ESSAY, encoding="utf-8")
    refused = build(site, freshenv=True, extensions=EXTENSIONS)
    lines = [line for line in _ours(refused.warnings) if "essays/cited.rst" in line]
    assert len(lines) == 1 and lines[0].endswith("[longform.unsafe-role]"), refused.warnings
    assert "essays/cited.rst:8: WARNING: the default role (`text` with no role name) is not allowed" in lines[0]
    assert "DEFAULT-ROLE-TEXT" not in _text(refused, "essays/cited")

    allowed = build(site, freshenv=True, extensions=EXTENSIONS, longform_allow={"roles": [spelling]})
    assert not [line for line in _ours(allowed.warnings) if "essays/cited.rst" in line], allowed.warnings
    html = (Path(allowed.outdir) / "essays" / "cited.html").read_text(encoding="utf-8")
    assert "<cite>DEFAULT-ROLE-TEXT</cite>" in html


def test_longform_allow_front_matter_widens_an_essays_front_matter(tmp_path):
    site = _site(tmp_path)
    (site / "essays" / "moody.md").write_text(
        ESSAY_HEAD.format(extra="mood: calm\n") + "# Moody\n\nText.\n", encoding="utf-8"
    )
    refused = build(site, freshenv=True, extensions=EXTENSIONS)
    lines = [line for line in _ours(refused.warnings) if "essays/moody.md" in line]
    assert len(lines) == 1 and "essays/moody.md:5: WARNING: unknown front-matter key 'mood'" in lines[0], lines
    assert lines[0].endswith("[longform.unknown-key]")

    allowed = build(site, freshenv=True, extensions=EXTENSIONS, longform_allow={"front_matter": ["mood"]})
    assert not [line for line in _ours(allowed.warnings) if "essays/moody.md" in line], allowed.warnings


def test_a_trusted_page_turns_docutils_switches_on_for_itself_alone(tmp_path):
    """raw and file insertion work on a maintainer's page; a policed page read after it in the same build is
    still refused, and the switches Sphinx hands every page stay off."""
    from sphinx.testing.util import SphinxTestApp

    site = _site(tmp_path)
    (site / "aaa-raw.rst").write_text(
        ':orphan:\n\nRaw\n===\n\n.. raw:: html\n\n   <span class="maintainer">RAW-BY-MAINTAINER</span>\n',
        encoding="utf-8",
    )
    (site / "essays" / "zzz-raw.md").write_text(
        ESSAY_HEAD.format(extra="") + "# Raw\n\n```{raw} html\n<span>RAW-BY-STRANGER</span>\n```\n", encoding="utf-8"
    )
    built = build(site, freshenv=True, extensions=EXTENSIONS)
    assert "RAW-BY-MAINTAINER" in (Path(built.outdir) / "aaa-raw.html").read_text(encoding="utf-8")
    ours = [line for line in _ours(built.warnings) if "zzz-raw.md" in line]
    assert len(ours) == 1 and re.search(r"zzz-raw\.md:9: WARNING: the directive 'raw' is not allowed", ours[0])
    for path in Path(built.outdir).rglob("*.html"):
        assert "RAW-BY-STRANGER" not in path.read_text("utf-8", "replace"), path
    app = SphinxTestApp("html", srcdir=site, confoverrides={"extensions": EXTENSIONS})
    try:
        assert app.env.settings["raw_enabled"] is False
        assert app.env.settings["file_insertion_enabled"] is False
        # The settings each page was read with, as Sphinx kept them with its doctree.
        trusted, policed = app.env.get_doctree("aaa-raw").settings, app.env.get_doctree("essays/zzz-raw").settings
        assert trusted.raw_enabled is True and trusted.file_insertion_enabled is True
        assert policed.raw_enabled is False and policed.file_insertion_enabled is False
    finally:
        app.cleanup()


@pytest.mark.parametrize("value", ["essays", ["../outside"], ["/abs"], [""]])
def test_a_policed_setting_that_cannot_be_used_warns_and_falls_back(tmp_path, value):
    built = build(_site(tmp_path), freshenv=True, extensions=EXTENSIONS, longform_policed=value)
    config = [line for line in built.warnings.splitlines() if line.endswith("[longform.config]")]
    assert len(config) == 1 and "longform_policed" in config[0], built.warnings
    assert "json.dumps" in _text(built, "api")  # the default scope: the API page is the maintainer's


def test_a_trusted_page_is_still_checked_by_the_output_contract(tmp_path):
    """Trust lifts the input allow-list, not the second wall: a script a maintainer's raw block writes is refused."""
    site = _site(tmp_path)
    (site / "scripted.rst").write_text(
        ":orphan:\n\nScripted\n========\n\n.. raw:: html\n\n   <script>alert('MAINTAINER-SCRIPT')</script>\n",
        encoding="utf-8",
    )
    built = build(site, freshenv=True, extensions=EXTENSIONS)
    output = [line for line in _ours(built.warnings) if line.endswith("[longform.unsafe-output]")]
    assert output and all("scripted" in line for line in output), built.warnings
    assert not [line for line in _ours(built.warnings) if "unsafe-directive" in line]


NOTE = "---\ndate: 2026-05-02\n---\n\n# A note\n\n```{raw} html\n<span>RAW-IN-FOLDER</span>\n```\n"


@pytest.mark.parametrize(
    ("policed", "folder", "refused"),
    [
        (None, "notes", True),  # the default: the catalogue's folders, notes included
        (None, "guest", False),
        (["guest"], "guest", True),
        (["guest/"], "guest", True),
        (["guest"], "notes", False),  # named folders replace the default
    ],
)
def test_the_policed_folders_are_the_ones_the_setting_names(tmp_path, policed, folder, refused):
    site = _site(tmp_path)
    (site / folder).mkdir()
    (site / folder / "page.md").write_text(NOTE, encoding="utf-8")
    (site / "index.md").write_text(
        (site / "index.md").read_text(encoding="utf-8").replace("api\n", f"api\n{folder}/page\n"), encoding="utf-8"
    )
    overrides = {} if policed is None else {"longform_policed": policed}
    built = build(site, freshenv=True, extensions=EXTENSIONS, **overrides)
    warned = [line for line in _ours(built.warnings) if f"{folder}/page.md" in line]
    html = (Path(built.outdir) / folder / "page.html").read_text(encoding="utf-8")
    if refused:
        assert len(warned) == 1 and f"{folder}/page.md:7: WARNING: the directive 'raw' is not allowed" in warned[0]
        assert f"pages under {folder}/ (longform_policed)" in warned[0]
        assert "RAW-IN-FOLDER" not in html
    else:
        assert warned == [], warned
        assert "<span>RAW-IN-FOLDER</span>" in html
    assert "json.dumps" in _text(built, "api")  # the maintainer's page at the top is never in these scopes
