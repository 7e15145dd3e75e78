"""``python -m longform init`` and ``python -m longform new``: a new site, an existing Sphinx site, a new essay.

Each site is built strictly afterwards, as its maintainers would (``-W``): once as published (the example essay is a
draft, so it is left out) and once as a preview (``longform_show_drafts``), where the essay's page, the generated
archive and the tag pages must exist.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build

from longform.cli import init, main, new


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _quickstart(folder: Path) -> Path:
    """A plain site as sphinx-quickstart makes it (conf.py and index.rst at the top, alabaster)."""
    subprocess.run(
        [sys.executable, "-m", "sphinx.cmd.quickstart", "-q", "-p", "Plain", "-a", "Someone", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def _title(path: Path) -> str:
    heading = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("h1")
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text(" ", strip=True)


# -- init: a new site --------------------------------------------------------------------------------------------


def test_init_scaffolds_a_new_site_that_builds_strictly(tmp_path, capsys):
    site = tmp_path / "my-notebook"
    code, out = _run(capsys, "init", str(site), "--theme", "alabaster", "--title", "My notebook")
    assert code == 0
    made = ["docs/conf.py", "docs/index.md", "docs/topics/essays.md", "docs/tags.yaml", "docs/essays/a-first-essay.md"]
    for name in [*made, ".gitignore"]:
        assert f"created {name}" in out.splitlines()
        assert (site / name).is_file()
    conf = (site / "docs" / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["myst_parser", "longform"]' in conf and "html_theme = 'alabaster'" in conf
    assert "draft: true" in (site / "docs" / "essays" / "a-first-essay.md").read_text(encoding="utf-8")

    published = build(site / "docs", freshenv=True)
    assert published.warnings == ""
    out_dir = Path(published.outdir)
    assert _title(out_dir / "index.html") == "My notebook"
    assert not (out_dir / "essays" / "a-first-essay.html").exists()  # a draft

    preview = build(site / "docs", freshenv=True, longform_show_drafts=True)
    assert preview.warnings == ""
    out_dir = Path(preview.outdir)
    assert _title(out_dir / "essays" / "a-first-essay.html").startswith("A first essay")
    archive = BeautifulSoup((out_dir / "archive.html").read_text(encoding="utf-8"), "html.parser")
    assert archive.select_one('[role=main] a[href="essays/a-first-essay.html"]') is not None
    assert _title(out_dir / "tags" / "writing.html").endswith("Writing")
    assert (out_dir / "tags" / "index.html").is_file()


def test_init_picks_furo_when_installed_and_a_second_run_changes_nothing(tmp_path, capsys):
    pytest.importorskip("furo", reason="furo is in the tests' dependency group; without it the default is alabaster")
    site = tmp_path / "site"
    assert _run(capsys, "init", str(site))[0] == 0
    assert "html_theme = 'furo'" in (site / "docs" / "conf.py").read_text(encoding="utf-8")
    before = _files(site)
    code, out = _run(capsys, "init", str(site))
    assert code == 0
    assert out.strip() == f"nothing to change: {site} already has Longform"
    assert _files(site) == before


def test_init_dry_run_writes_nothing_and_says_what_it_would(tmp_path, capsys):
    site = tmp_path / "site"
    code, out = _run(capsys, "init", str(site), "--dry-run")
    assert code == 0
    assert "would create docs/conf.py" in out and "would create docs/essays/a-first-essay.md" in out
    assert not site.exists()


def test_init_never_overwrites_a_file(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "docs" / "topics").mkdir(parents=True)
    (site / "docs" / "topics" / "essays.md").write_text("# Ours\n", encoding="utf-8")
    (site / ".gitignore").write_text("ours\n", encoding="utf-8")
    code, out = _run(capsys, "init", str(site))
    assert code == 0
    assert "kept docs/topics/essays.md (it exists: never overwritten)" in out
    assert (site / "docs" / "topics" / "essays.md").read_text(encoding="utf-8") == "# Ours\n"
    assert (site / ".gitignore").read_text(encoding="utf-8") == "ours\n"


# -- init: an existing Sphinx site -------------------------------------------------------------------------------


def test_init_adds_longform_to_a_sphinx_quickstart_site(tmp_path, capsys):
    site = _quickstart(tmp_path / "plain")
    original = (site / "conf.py").read_text(encoding="utf-8")
    code, out = _run(capsys, "init", str(site))
    assert code == 0
    lines = out.splitlines()
    assert "created essays/a-first-essay.md" in lines
    assert "changed conf.py (extensions: + myst_parser, longform; longform_essay_dirs; html_baseurl)" in lines
    assert "changed index.rst (toctree: + essays/*)" in lines
    conf = (site / "conf.py").read_text(encoding="utf-8")
    # the quickstart's file is kept line for line; only the list and the appended block differ
    assert conf.startswith(original.split("extensions = []")[0])
    assert 'extensions = ["myst_parser", "longform"]' in conf  # the quickstart's list was empty
    assert conf.rstrip().endswith('html_baseurl = "https://example.org/"')
    index = (site / "index.rst").read_text(encoding="utf-8")
    assert "   :glob:\n\n   essays/*\n" in index

    published = build(site, freshenv=True)
    assert published.warnings == ""
    preview = build(site, freshenv=True, longform_show_drafts=True)
    assert preview.warnings == ""
    assert (Path(preview.outdir) / "essays" / "a-first-essay.html").is_file()
    assert (Path(preview.outdir) / "archive.html").is_file()

    before = _files(site)
    code, out = _run(capsys, "init", str(site))
    assert (code, out.strip()) == (0, f"nothing to change: {site} already has Longform")
    assert _files(site) == before


def test_init_dry_run_on_a_sphinx_site_changes_nothing(tmp_path, capsys):
    site = _quickstart(tmp_path / "plain")
    before = _files(site)
    code, out = _run(capsys, "init", str(site), "--dry-run")
    assert code == 0
    assert "would create essays/a-first-essay.md" in out and "would change conf.py (extensions: + " in out
    assert "would change index.rst (toctree: + essays/*)" in out
    assert _files(site) == before


def test_init_keeps_a_multi_line_extensions_list_and_its_comments(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.md").write_text("# Home\n\n```{toctree}\n:maxdepth: 1\n\nabout\n```\n", encoding="utf-8")
    (site / "conf.py").write_text(
        'project = "Site"\nextensions = [\n    "sphinx.ext.autodoc",  # the API pages\n    "myst_nb"\n]\n'
        'html_baseurl = "https://site.example/"\nlongform_essay_dirs = ["posts"]\n',
        encoding="utf-8",
    )
    assert _run(capsys, "init", str(site))[0] == 0
    assert (site / "conf.py").read_text(encoding="utf-8") == (
        'project = "Site"\nextensions = [\n    "sphinx.ext.autodoc",  # the API pages\n    "myst_nb",\n'
        '    "longform",\n]\nhtml_baseurl = "https://site.example/"\nlongform_essay_dirs = ["posts"]\n'
    )  # myst_nb reads Markdown: no myst_parser; the settings it has are not added again
    assert (site / "posts" / "a-first-essay.md").is_file()
    assert (site / "index.md").read_text(encoding="utf-8") == (
        "# Home\n\n```{toctree}\n:maxdepth: 1\n:glob:\n\nabout\nposts/*\n```\n"
    )


@pytest.mark.parametrize(
    ("conf", "why"),
    [
        ('BASE = ["myst_parser"]\nextensions = BASE + ["sphinx_design"]\n', "not a plain list of names"),
        ('extensions = ["a"]\nif True:\n    extensions = ["b"]\n', "sets extensions more than once (lines 1, 3)"),
        ('extensions = ["a"]\nextensions += ["b"]\n', "sets extensions more than once"),
    ],
)
def test_init_refuses_an_extensions_it_cannot_edit_safely(tmp_path, capsys, conf, why):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(conf, encoding="utf-8")
    code, out = _run(capsys, "init", str(site))
    assert code == 1
    assert out.startswith("nothing changed: ") and why in out and "by hand" in out
    assert (site / "conf.py").read_text(encoding="utf-8") == conf
    assert sorted(p.name for p in site.iterdir()) == ["conf.py"]


def test_init_leaves_a_computed_extensions_alone_when_it_names_longform_already(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "old.md").write_text("# Old\n", encoding="utf-8")
    conf = (
        'BASE = ["myst_parser"]\nextensions = BASE + ["sphinx_design"]\nextensions.append("longform")\n'
        'longform_essay_dirs = ["posts"]\nhtml_baseurl = "https://site.example/"\n'
    )
    (site / "conf.py").write_text(conf, encoding="utf-8")
    code, out = _run(capsys, "init", str(site))
    assert (code, out.strip()) == (0, f"nothing to change: {site} already has Longform")
    assert (site / "conf.py").read_text(encoding="utf-8") == conf


def test_init_refuses_a_conf_py_that_is_not_python(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text("extensions = [\n", encoding="utf-8")
    code, out = _run(capsys, "init", str(site))
    assert code == 1 and "not valid Python" in out


@pytest.mark.parametrize(
    ("text", "entry", "expected"),
    [
        (".. toctree::\n   :maxdepth: 2\n\n   intro\n\nAfter.\n", "essays/*",
         ".. toctree::\n   :maxdepth: 2\n   :glob:\n\n   intro\n   essays/*\n\nAfter.\n"),
        ("```{toctree}\n:glob:\n\nposts/*\n```\n", "posts/*", "```{toctree}\n:glob:\n\nposts/*\n```\n"),
        ("::::{toctree}\n::::\n", "*", "::::{toctree}\n:glob:\n\n*\n::::\n"),
        ("no toctree\n", "essays/*", None),
        ("```{toctree}\n```\n```{toctree}\n```\n", "essays/*", None),
    ],
)  # fmt: skip
def test_the_root_toctree_gets_the_essay_folder(text, entry, expected):
    assert init.add_to_toctree(text, entry) == expected


# -- new ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Your essay's title", "your-essays-title"),  # the README's example
        ("Café culture: naïve façades", "cafe-culture-naive-facades"),
        (
            "Go channels are synchronization primitives, not queues",
            "go-channels-are-synchronization-primitives-not-queues",
        ),
        ("日本語", "ri-ben-yu"),
        ("!!!", "essay"),
    ],
)
def test_new_transliterates_titles_into_file_names(title, slug):
    assert new.slug_for(title) == slug


def test_new_writes_a_draft_into_the_sites_essay_folder_and_never_overwrites(tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "conf.py").write_text('longform_essay_dirs = ["posts", "more"]\n', encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    monkeypatch.chdir(site)
    code, out = _run(capsys, "new", "Your essay's title", "testing", "design")
    written = Path("docs") / "posts" / "your-essays-title.md"
    assert code == 0 and out.startswith(f"created {written} (a draft")
    text = written.read_text(encoding="utf-8")
    assert text.startswith(f"---\ndate: {dt.date.today().isoformat()}\n")
    assert "tags: [testing, design]\ndraft: true\n---\n\n# Your essay's title\n" in text
    code, out = _run(capsys, "new", "Your essay's title")
    assert code == 1 and "already exists" in out
    assert written.read_text(encoding="utf-8") == text


def test_new_finds_this_repositorys_essay_folder():
    """This repository: conf.py at the top, the pages in docs/ (``nox -s new`` runs from here)."""
    root = Path(__file__).resolve().parent.parent
    assert new.essay_folder(root) == root / "docs" / "essays"


def test_new_without_a_site_says_how_to_start_one(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = _run(capsys, "new", "A title")
    assert code == 2 and "python -m longform init" in out
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_runs_as_a_module(tmp_path):
    """``python -m longform new`` as a contributor types it (a child process, the package from extensions/)."""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "longform", "new", "A title", "--folder", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root / "extensions"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a-title.md").is_file()
