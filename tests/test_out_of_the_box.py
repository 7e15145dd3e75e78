"""Out of the box: what a new site gets before it writes any page but its index and its essays.

* ``archive.html`` is generated when no source page claims it: every essay, newest first, by year, paged as a
  source archive's listing is; a source ``archive.md`` wins, as today;
* ``longform_essay_dirs = ["."]``: the essays sit at the source root (as ``ablog start`` makes them);
* the hint for an essay in no toctree proposes a topic page, never the archive or the notes' index.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import proofkit as kit
from bs4 import BeautifulSoup

CONF = """\
extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
project = "Fresh"
suppress_warnings = ["longform.no-baseurl"]
{extra}
"""

INDEX = """\
# Fresh

```{{toctree}}
:glob:

{entries}
```
"""


def _essay(title: str, date: dt.date, tags: str = "craft") -> str:
    front = f"---\ndate: {date.isoformat()}\ndescription: {title} in one line.\ntags: [{tags}]\n---\n"
    return f"{front}\n# {title}\n\nText.\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select("article a.longform-item-title, article .longform-title a")]


def _year_headings(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup.select("section.longform-year > h2, section.longform-year > h3")]


def _new_site(root: Path, extra_conf: str = "") -> Path:
    return _write(
        root,
        {
            "conf.py": CONF.format(extra=extra_conf),
            "index.md": INDEX.format(entries="essays/*"),
            "essays/old.md": _essay("An old essay", dt.date(2025, 3, 1)),
            "essays/mid.md": _essay("A middle essay", dt.date(2026, 1, 5)),
            "essays/new.md": _essay("A new essay", dt.date(2026, 6, 9)),
        },
    )


def test_a_site_without_an_archive_page_gets_one_generated(tmp_path, build):
    app = build(_new_site(tmp_path / "site"))
    assert app.warnings == ""
    archive = Path(app.outdir) / "archive.html"
    soup = kit.soup(archive)
    assert soup.select_one("h1").get_text(strip=True).startswith("Archive")
    years = soup.select("section.longform-year")
    assert [section["id"] for section in years] == ["essay-2026", "essay-2025"]
    assert "2 essays" in years[0].get_text(" ", strip=True) and "1 essay" in years[1].get_text(" ", strip=True)
    text = soup.select_one("article").get_text(" ", strip=True)
    assert text.index("A new essay") < text.index("A middle essay") < text.index("An old essay")
    hrefs = {a["href"] for a in years[0].select("a")}
    assert {"essays/new.html", "essays/mid.html"} <= hrefs


def test_a_source_archive_page_wins_over_the_generated_one(tmp_path, build):
    src = _new_site(tmp_path / "site")
    (src / "archive.md").write_text("# Our own archive\n\nHand-written.\n\n```{essay-list}\n:group-by: year\n```\n")
    (src / "index.md").write_text(INDEX.format(entries="essays/*\narchive"), encoding="utf-8")
    app = build(src)
    assert app.warnings == ""
    soup = kit.soup(Path(app.outdir) / "archive.html")
    assert soup.select_one("h1").get_text(strip=True).startswith("Our own archive")
    assert "Hand-written." in soup.get_text()


def test_a_long_generated_archive_is_paged_like_a_source_one(tmp_path, build):
    """Ten times longform_page_size lines a page (50 with size 5): 60 essays make archive/page/2.html."""
    files = {"conf.py": CONF.format(extra="longform_page_size = 5"), "index.md": INDEX.format(entries="essays/*")}
    for number in range(60):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=20 * number)
        files[f"essays/e{number:02d}.md"] = _essay(f"Essay {number}", day)
    app = build(_write(tmp_path / "site", files))
    assert app.warnings == ""
    out = Path(app.outdir)
    first, second = kit.soup(out / "archive.html"), kit.soup(out / "archive" / "page" / "2.html")
    assert not (out / "archive" / "page" / "3.html").exists()
    lines = [li.select_one("a").get_text(strip=True) for li in first.select("ul.longform-compact > li")]
    rest = [li.select_one("a").get_text(strip=True) for li in second.select("ul.longform-compact > li")]
    assert len(lines) == 50 and len(rest) == 10
    assert lines[0] == "Essay 59" and rest[-1] == "Essay 0"
    assert first.select_one('a.longform-pager-next[href="archive/page/2.html"]') is not None
    assert second.select_one('a.longform-pager-prev[href="../../archive.html"]') is not None


def test_essays_at_the_source_root(tmp_path, build):
    """longform_essay_dirs = ['.']: every page but the index, the topics, the archive, the generated folders
    and the other catalogue folders is an essay."""
    src = _write(
        tmp_path / "site",
        {
            "conf.py": CONF.format(extra='longform_essay_dirs = ["."]'),
            "index.md": INDEX.format(entries="topics/*\nnotes/index"),
            "topics/craft.md": "# Craft\n\n```{toctree}\n\n/first-post\n/second-post\n```\n",
            "first-post.md": _essay("First post", dt.date(2026, 2, 1)),
            "second-post.md": _essay("Second post", dt.date(2026, 3, 1)),
            "notes/index.md": "# Notes\n\n```{toctree}\n:glob:\n\n*\n```\n",
            "notes/a-note.md": "---\ndate: 2026-03-02\n---\n\n# A note\n\nShort.\n",
        },
    )
    app = build(src)
    assert app.warnings == ""
    from longform.core import catalogue

    kinds = {docname: essay.kind for docname, essay in catalogue.essays(app.env).items()}
    assert kinds == {"first-post": "essay", "second-post": "essay", "notes/a-note": "note"}
    out = Path(app.outdir)
    archive = kit.soup(out / "archive.html")
    hrefs = [a["href"] for a in archive.select('section.longform-year a[class="reference internal"]')]
    assert hrefs == ["second-post.html", "first-post.html"]
    assert "notes/a-note.html" not in hrefs
    tag = kit.soup(out / "tags" / "craft.html").get_text(" ", strip=True)
    assert "First post" in tag and "Second post" in tag
    assert kit.soup(out / "first-post.html").select_one(".longform-tag-line") is not None  # an essay's header
    assert kit.soup(out / "topics" / "craft.html").select_one(".longform-tag-line") is None


def test_the_not_in_topic_hint_proposes_a_topic_page(tmp_path, build):
    """The archive's toctree (earlier writing) and the notes' index list catalogue pages too: the hint
    proposes the topic page whose essays share the orphan's tags, never those."""
    src = _write(
        tmp_path / "site",
        {
            "conf.py": CONF.format(extra=""),
            "index.md": INDEX.format(entries="topics/*\narchive\nnotes/index"),
            "topics/go.md": "# Go\n\n```{toctree}\n\n/essays/listed\n```\n",
            "topics/rust.md": "# Rust\n\n```{toctree}\n\n/essays/rusty\n```\n",
            "archive.md": "# Archive\n\n```{essay-list}\n:group-by: year\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n"
            "/earlier/*\n/essays/stray-listed\n```\n",
            "essays/listed.md": _essay("Listed", dt.date(2026, 1, 1), tags="go"),
            "essays/rusty.md": _essay("Rusty", dt.date(2026, 1, 2), tags="rust"),
            "essays/stray-listed.md": _essay("Stray but listed", dt.date(2026, 1, 3), tags="go, rust, craft"),
            "essays/orphan.md": _essay("Orphan", dt.date(2026, 1, 4), tags="go, rust, craft"),
            "earlier/old.md": _essay("Old", dt.date(2015, 1, 1), tags="go, rust, craft"),
            "notes/index.md": "# Notes\n\n```{toctree}\n:glob:\n\n*\n```\n",
            "notes/n.md": "---\ndate: 2026-03-02\ntags: [go, rust, craft]\n---\n\n# N\n\nShort.\n",
        },
    )
    app = build(src)
    hints = [line for line in app.warnings.splitlines() if "[longform.not-in-topic]" in line]
    assert len(hints) == 1, app.warnings
    assert "orphan.md:1: WARNING:" in hints[0]
    assert "topics/go.md" in hints[0] or "topics/rust.md" in hints[0], hints[0]
    assert "archive.md" not in hints[0] and "notes" not in hints[0]


def test_the_sidebar_links_the_generated_archive(tmp_path, build):
    """The generated archive is in no toctree: the scoped sidebar links it on every page, itself included;
    once a source archive.md claims the address, the sidebar shows the site's own toctree entry only."""
    src = _new_site(tmp_path / "site")
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    sidebar = kit.soup(out / "essays" / "new.html").select_one(".sidebar-tree")
    assert [a["href"] for a in sidebar.select("a") if a.get_text(strip=True) == "Archive"] == ["../archive.html"]
    here = kit.soup(out / "archive.html").select_one(".sidebar-tree li.current-page")
    assert here is not None and here.get_text(strip=True) == "Archive"
    (src / "archive.md").write_text("# Our archive\n\n```{essay-list}\n:group-by: year\n```\n", encoding="utf-8")
    (src / "index.md").write_text(INDEX.format(entries="essays/*\narchive"), encoding="utf-8")
    app = build(src)  # a second application in one process: Sphinx says its nodes are registered again
    assert [line for line in app.warnings.splitlines() if "is already registered" not in line] == []
    sidebar = kit.soup(out / "essays" / "new.html").select_one(".sidebar-tree")
    assert [a.get_text(strip=True) for a in sidebar.select('a[href="../archive.html"]')] == ["Our archive"]
    assert not sidebar.select(".longform-generated-nav")
    assert kit.soup(out / "archive.html").select_one("h1").get_text(strip=True).startswith("Our archive")


def test_the_minimal_site_adopt_md_shows_builds_clean(tmp_path, build):
    """The index page and first essay docs/contributing/adopt.md shows (its ````markdown blocks, each naming its
    file in a first-line comment) are a whole site: built strictly, the essay is listed and linked."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing" / "adopt.md").read_text(encoding="utf-8")
    blocks = [block.split("\n````", 1)[0] for block in guide.split("````markdown\n")[1:]]
    files = {"conf.py": CONF.format(extra='longform_essay_dirs = ["posts"]')}
    for block in blocks:
        first, _, rest = block.partition("\n")
        name = first.removeprefix("<!-- ").removesuffix(" -->").strip()
        files[name] = rest + "\n"
    assert set(files) == {"conf.py", "index.md", "posts/first-essay.md"}
    app = build(_write(tmp_path / "site", files))
    assert app.warnings == ""
    out = Path(app.outdir)
    index = kit.soup(out / "index.html")
    assert index.select_one('article a[href="posts/first-essay.html"]') is not None
    assert index.select_one('.sidebar-tree a[href="archive.html"]') is not None
    assert (out / "archive.html").is_file() and (out / "tags" / "writing.html").is_file()
