"""Links to the pages Longform generates resolve as links to source pages do.

A site without its own ``archive.md`` gets ``archive.html`` generated, and ``tags/index.html`` and a page per tag;
a writer links them the way they link any page — ``[the archive](archive.md)``, ``[](/tags/index)``,
``{doc}`archive``` — and gets a link, not ``myst.xref_missing`` or ``ref.doc`` (core/addresses.py).
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from proofkit import build

CONF = """\
extensions = ["myst_parser", "longform"]
html_theme = "alabaster"
project = "Links"
html_baseurl = "https://links.example/"
"""

INDEX = """\
# Links

Markdown: [the archive](archive.md), [rooted](/archive), [](archive.md), [tags](tags/index.md), [](/tags/index),
[craft](tags/craft.md).

Roles: {doc}`archive`, {doc}`every essay </archive>`, {doc}`/tags/index`.

```{toctree}
:glob:

essays/*
```
"""

ESSAY = """\
---
date: 2026-03-04
description: An essay that links the archive from a folder.
tags: [craft]
---

# An essay

Up one folder: [the archive](../archive.md), this year: [2026](../archive.md#essay-2026), the tag:
[craft](../tags/craft.md).
"""


def _site(root: Path, extra: dict[str, str] | None = None) -> Path:
    files = {"conf.py": CONF, "index.md": INDEX, "essays/one.md": ESSAY, **(extra or {})}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _links(page: Path) -> list[tuple[str, str]]:
    """(text, href) of the links in the page's own paragraphs (not its header's tags or the sidebar)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    paragraphs = [p for p in soup.select("[role=main] p") if not p.get("class")]  # the header's lines have one
    return [(a.get_text(strip=True), a["href"]) for p in paragraphs for a in p.select("a.reference.internal")]


def test_links_to_the_generated_archive_and_tag_pages_resolve(tmp_path):
    built = build(_site(tmp_path / "site"), freshenv=True)
    assert built.warnings == ""
    assert (built.outdir / "archive.html").is_file() and not (built.srcdir / "archive.md").exists()
    assert _links(built.outdir / "index.html") == [
        ("the archive", "archive.html"),
        ("rooted", "archive.html"),
        ("Archive", "archive.html"),  # no text of its own: the page's title
        ("tags", "tags/index.html"),
        ("Tags", "tags/index.html"),
        ("craft", "tags/craft.html"),
        ("Archive", "archive.html"),
        ("every essay", "archive.html"),
        ("Tags", "tags/index.html"),
    ]
    assert _links(built.outdir / "essays" / "one.html") == [
        ("the archive", "../archive.html"),
        ("2026", "../archive.html#essay-2026"),
        ("craft", "../tags/craft.html"),
    ]
    archive = BeautifulSoup((built.outdir / "archive.html").read_text(encoding="utf-8"), "html.parser")
    assert archive.find(id="essay-2026") is not None  # the anchor the essay links to exists


def test_a_link_to_a_tag_page_the_build_does_not_make_is_one_located_warning(tmp_path):
    src = _site(tmp_path / "site")
    (src / "index.md").write_text(INDEX.replace("[craft](tags/craft.md)", "[none](tags/none.md)"), encoding="utf-8")
    built = build(src, freshenv=True)
    lines = built.warnings.strip().splitlines()
    assert len(lines) == 1, built.warnings
    assert lines[0].startswith(f"{src / 'index.md'}:3: WARNING:") and "tags/none" in lines[0]


def test_a_source_archive_page_is_linked_as_itself(tmp_path):
    essay = ESSAY.replace("this year: [2026](../archive.md#essay-2026), ", "")
    archive = "# Our archive\n\n```{essay-list}\n:group-by: year\n```\n"
    src = _site(tmp_path / "site", {"archive.md": archive, "essays/one.md": essay})
    (src / "index.md").write_text(INDEX.replace("essays/*\n", "essays/*\narchive\n"), encoding="utf-8")
    built = build(src, freshenv=True)
    assert built.warnings == ""
    assert ("Our archive", "archive.html") in _links(built.outdir / "index.html")


def test_builders_without_generated_pages_keep_the_text_without_a_warning(tmp_path, make_app):
    src = _site(tmp_path / "site")
    app = make_app("text", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "*the archive*" in text and "*Archive*" in text and "*every essay*" in text and "*Tags*" in text
