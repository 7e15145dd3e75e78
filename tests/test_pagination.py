"""Bounded pages: a long tag, author or series page is read in pages of ``longform_page_size`` items.

Page 1 keeps the term's URL (``tags/common.html``); later pages are ``tags/common/page/<n>.html`` (a slug
never holds a "/", so no other tag's page, not even ``go-2``'s, can have that name).  Each page has
``<link rel="prev/next">`` in its head and "Newer / Older" navigation at its foot.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

CONF = """\
extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
project = "Pages"
suppress_warnings = ["longform.no-baseurl"]
longform_page_size = {size}
"""

INDEX = """\
# Pages

```{{toctree}}
:hidden:

all
```
{extra}
"""
#: The essays hang under a page of their own, as under a site's topics: the root's toctree (what a
#: generated page's scoped sidebar shows) does not change when an essay is added.
ALL = """\
# All essays

```{toctree}
:glob:

essays/*
```
"""

START = dt.date(2020, 1, 1)


def _essay(number: int, *, tags: str = "common, go-2", author: str = "ada") -> str:
    date = START + dt.timedelta(days=number)
    return (
        f"---\ndate: {date.isoformat()}\ndescription: Essay {number} in one sentence.\n"
        f"tags: [{tags}]\nauthor: {author}\n---\n\n# Essay {number}\n\nOne sentence of essay {number}.\n"
    )


def _site(root: Path, count: int, *, size: int = 50, extra: str = "") -> Path:
    (root / "essays").mkdir(parents=True)
    (root / "conf.py").write_text(CONF.format(size=size), encoding="utf-8")
    (root / "index.md").write_text(INDEX.format(extra=extra), encoding="utf-8")
    (root / "all.md").write_text(ALL, encoding="utf-8")
    for number in range(1, count + 1):
        (root / "essays" / f"e{number:04d}.md").write_text(_essay(number), encoding="utf-8")
    return root


def _titles(soup: BeautifulSoup) -> list[str]:
    return [p.get_text(strip=True) for p in soup.select("#longform-page .longform-item-title")]


def _rel(soup: BeautifulSoup, rel: str) -> str | None:
    found = soup.select_one(f'head link[rel="{rel}"]')
    return found["href"] if found is not None else None


def _warnings(app, previous=None) -> list[str]:
    """This build's own warnings (a second application in one process re-registers Sphinx's nodes)."""
    text = app.warnings
    if previous is not None and text.startswith(previous.warnings):
        text = text[len(previous.warnings) :]
    return [line for line in text.splitlines() if "while setting up extension " not in line]


def _mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_a_long_tag_page_is_read_in_pages_with_stable_urls(tmp_path, build):
    app = build(_site(tmp_path / "site", 130))
    assert app.warnings == ""
    out = Path(app.outdir)
    first, second, third = out / "tags/common.html", out / "tags/common/page/2.html", out / "tags/common/page/3.html"
    assert not (out / "tags/common/page/4.html").exists()
    assert not (out / "tags/common/page/1.html").exists(), "page 1 is the tag's own URL"
    # The tag go-2's page is its own: the pages of 'common' can never take its name, nor it theirs.
    assert (out / "tags/go-2.html").is_file() and (out / "tags/go-2/page/3.html").is_file()
    pages = [kit.soup(path) for path in (first, second, third)]
    assert _titles(pages[0]) == [f"Essay {n}" for n in range(130, 80, -1)]  # the 50 newest
    assert _titles(pages[1]) == [f"Essay {n}" for n in range(80, 30, -1)]
    assert _titles(pages[2]) == [f"Essay {n}" for n in range(30, 0, -1)]
    for soup in pages:  # the count is the tag's, on every page
        summary = soup.select_one(".longform-tag-summary").get_text(" ", strip=True)
        assert summary.startswith("130 essays on common"), summary
    assert (_rel(pages[0], "prev"), _rel(pages[0], "next")) == (None, "common/page/2.html")
    assert (_rel(pages[1], "prev"), _rel(pages[1], "next")) == ("../../common.html", "3.html")
    assert (_rel(pages[2], "prev"), _rel(pages[2], "next")) == ("2.html", None)
    nav = pages[1].select_one(".longform-pager")
    assert nav.select_one("a.prev-page").get_text(" ", strip=True) == "Newer Page 1"
    assert nav.select_one("a.next-page").get_text(" ", strip=True) == "Older Page 3"
    assert "Page 2 of 3" in nav.get_text(" ", strip=True)
    assert pages[1].select_one("title").get_text().startswith("common, page 2")
    assert pages[0].select_one(".longform-pager a.prev-page") is None
    # The author's page is paginated alike; the feed stays one file of the newest entries.
    assert (out / "authors/ada/page/3.html").is_file() and not (out / "authors/ada/page/4.html").exists()
    feed = (out / "tags/common.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == app.config.longform_feed_length


def _broken_dirhtml_links(out: Path) -> list[str]:
    """test_builders' link check over a dirhtml output (the index and search pages aside)."""
    spec = importlib.util.spec_from_file_location("_builders", Path(__file__).with_name("test_builders.py"))
    builders = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builders)
    found = builders._broken_links(out, dirhtml=True)
    return [link for link in found if "(no genindex" not in link and "(no search" not in link]


def test_pagination_under_dirhtml_links_resolve(tmp_path, build):
    app = build(_site(tmp_path / "site", 60, size=25), "dirhtml")
    assert app.warnings == ""
    out = Path(app.outdir)
    assert (out / "tags/common/index.html").is_file() and (out / "tags/common/page/3/index.html").is_file()
    broken = _broken_dirhtml_links(out)
    assert broken == [], "broken links:\n" + "\n".join(broken)
    soup = kit.soup(out / "tags/common/page/2/index.html")
    assert (_rel(soup, "prev"), _rel(soup, "next")) == ("../../", "../3/")


def test_adding_and_deleting_essays_rewrites_and_deletes_only_what_changed(tmp_path, build):
    src = _site(tmp_path / "site", 130)
    # A second tag on one old essay only: its page must not be rewritten when 'common' grows.
    (src / "essays" / "e0001.md").write_text(_essay(1, tags="common, go-2, lonely"), encoding="utf-8")
    app = build(src)
    out = Path(app.outdir)
    before = _mtimes(out)
    # An essay older than all others joins the tag: only the last page of each of its terms shows it,
    # but every page's count says 131 — the tag's pages are rewritten, no other term's.
    (src / "essays" / "e0000.md").write_text(_essay(0, tags="common"), encoding="utf-8")
    app, previous = build(src), app
    assert _warnings(app, previous) == []
    after = _mtimes(out)
    changed = {path for path in before if after.get(path) != before[path]}
    assert {"tags/common.html", "tags/common/page/2.html", "tags/common/page/3.html"} <= changed
    assert "tags/lonely.html" not in changed
    assert not {p for p in changed if p.startswith("tags/go-2")}, changed
    assert _titles(kit.soup(out / "tags/common/page/3.html"))[-1] == "Essay 0"
    # Deleting 40 essays leaves 91: two pages, and page 3 is deleted from the output.
    for number in range(91, 131):
        (src / "essays" / f"e{number:04d}.md").unlink()
    app = build(src)
    assert not (out / "tags/common/page/3.html").exists()
    assert not (out / "authors/ada/page/3.html").exists()
    assert _titles(kit.soup(out / "tags/common/page/2.html"))[-1] == "Essay 0"
    assert _titles(kit.soup(out / "tags/common.html"))[0] == "Essay 90"
    # Down to one page: no navigation, no rel links, and page 2 goes too.
    for number in range(1, 51):
        (src / "essays" / f"e{number:04d}.md").unlink()
    app = build(src)
    assert not (out / "tags/common/page/2.html").exists()
    soup = kit.soup(out / "tags/common.html")
    assert soup.select_one(".longform-pager") is None and _rel(soup, "next") is None


LISTINGS = """
## Latest

```{essay-list}
```

## On common

```{essay-list}
:tag: common
:sort: title
```

## Five

```{essay-list}
:limit: 5
```

```{toctree}
:hidden:

archive
```
"""

ARCHIVE = """\
# Archive

```{essay-list}
:group-by: year
```
"""


def test_a_listing_without_limit_is_bounded_and_links_on(tmp_path, build):
    src = _site(tmp_path / "site", 130, extra=LISTINGS)
    (src / "archive.md").write_text(ARCHIVE, encoding="utf-8")
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    front = kit.soup(out / "index.html")
    latest, on_tag, five = front.select(".longform-list")
    assert len(latest.select(".longform-item")) == len(on_tag.select(".longform-item")) == 50
    assert len(five.select(".longform-item")) == 5
    more = front.select(".longform-more")
    # The listing cut by its :limit: (the front page's latest few) sends the reader on too.
    assert [m.get_text(" ", strip=True) for m in more] == [
        "Showing 50 of 130 essays · All 130 essays →",
        "Showing 50 of 130 essays · All 130 essays →",
        "Showing 5 of 130 essays · All 130 essays →",
    ]
    assert [m.select_one("a")["href"] for m in more] == ["archive.html", "tags/common.html", "archive.html"]
    # The archive lists every essay, one line each (title, date, minutes), so 2,000 stay a loadable page.
    archive = kit.soup(out / "archive.html")
    lines = archive.select("ul.longform-compact > li")
    assert len(lines) == 130 and not archive.select(".longform-item")
    assert lines[0].get_text(" ", strip=True).startswith("Essay 130 · ")
    assert re.fullmatch(r"Essay 130 · \d+ \w+ \d{4} · \d+ min", lines[0].get_text(" ", strip=True)), lines[0]
    assert archive.select_one(".longform-more") is None


def test_an_essay_shows_at_most_twelve_tags_however_it_is_tagged(tmp_path, build):
    """An essay with 1,000 tags must not put 1,000 badges on every listing that shows it (nor make
    1,000 tag pages): front matter and the {tags} directive are capped alike."""
    src = _site(tmp_path / "site", 2, extra="\n```{essay-list}\n```\n")
    many = ", ".join(f"t{n}" for n in range(1000))
    (src / "essays" / "e0001.md").write_text(_essay(1, tags=many), encoding="utf-8")
    text = _essay(2, tags="common") + f"\n```{{tags}} {many}\n```\n"
    (src / "essays" / "e0002.md").write_text(text, encoding="utf-8")
    app = build(src)
    assert app.warnings.count("[longform.too-many-tags]") == 2, app.warnings
    out = Path(app.outdir)
    front = kit.soup(out / "index.html")
    for item in front.select(".longform-item"):
        assert len(item.select("a.longform-tag")) <= 12
    for name in ("e0001", "e0002"):
        assert len(kit.soup(out / "essays" / f"{name}.html").select(".longform-tag-line a")) <= 12
    assert len(list((out / "tags").glob("*.html"))) <= 12 + 12 + 3  # + common, go-2, the index


@pytest.mark.slow
def test_no_generated_page_passes_300_kb_at_2000_essays_of_one_tag(tmp_path, build):
    """2,000 essays of one tag, under 20 topic pages of 100 (as a site hangs essays under topics: a page
    whose toctree holds all 2,000 is Sphinx's, not Longform's, and so is a sidebar that lists them)."""
    src = _site(tmp_path / "site", 2000, extra=LISTINGS)
    for number in range(1, 2001):  # titles of a realistic length: the archive's lines are mostly titles
        text = _dated_essay(number, START + dt.timedelta(days=number))
        (src / "essays" / f"e{number:04d}.md").write_text(text, encoding="utf-8")
    (src / "archive.md").write_text(ARCHIVE, encoding="utf-8")
    topics = "\n".join(f"t{n:02d}" for n in range(20))
    # :maxdepth: 1, as a page of topics has it: without it Sphinx lists all 2,000 titles in its body.
    (src / "all.md").write_text(f"# All essays\n\n```{{toctree}}\n:maxdepth: 1\n\n{topics}\n```\n", encoding="utf-8")
    for n in range(20):
        entries = "\n".join(f"essays/e{k:04d}" for k in range(n * 100 + 1, n * 100 + 101))
        (src / f"t{n:02d}.md").write_text(f"# Topic {n}\n\n```{{toctree}}\n{entries}\n```\n", encoding="utf-8")
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}
    assert len([p for p in sizes if p.startswith("tags/common")]) == 40
    too_big = {path: size for path, size in sizes.items() if size > 300_000}
    assert too_big == {}, too_big


def _dated_essay(number: int, date: dt.date) -> str:
    title = f"How the coroutine number {number} of a long archive reveals backpressure in practice"
    return (
        f"---\ndate: {date.isoformat()}\ndescription: Essay {number}.\ntags: [common]\n---\n\n"
        f"# {title}\n\nOne sentence of essay {number}.\n"
    )


ARCHIVES = """\
# Archive

```{essay-list}
:group-by: year
```

## Earlier writing

```{essay-list}
:kind: archived
:group-by: year
```
"""


def _archive_site(root: Path, count: int, *, size: int, archived: int = 0) -> Path:
    """``count`` essays one every 9 days from 2020 (about 40 a year), and ``archived`` earlier ones."""
    src = _site(root, 0, size=size)
    (src / "archive.md").write_text(ARCHIVES, encoding="utf-8")
    (src / "index.md").write_text(
        INDEX.format(extra="") + "\n```{toctree}\n:hidden:\n\narchive\n```\n", encoding="utf-8"
    )
    for number in range(1, count + 1):
        text = _dated_essay(number, START + dt.timedelta(days=9 * number))
        (src / "essays" / f"e{number:04d}.md").write_text(text, encoding="utf-8")
    (src / "earlier").mkdir()
    for number in range(1, archived + 1):  # earlier writing: longform_archive_dirs, "earlier" by default
        text = _dated_essay(number, dt.date(2010, 1, 1) + dt.timedelta(days=number))
        (src / "earlier" / f"old{number:04d}.md").write_text(text, encoding="utf-8")
    if archived:
        (src / "old.md").write_text("# Old\n\n```{toctree}\n:glob:\n\nearlier/*\n```\n", encoding="utf-8")
        (src / "archive.md").write_text(ARCHIVES + "\n```{toctree}\n:hidden:\n\nold\n```\n", encoding="utf-8")
    return src


def _lines(soup: BeautifulSoup) -> list[str]:
    return [li.select_one("a").get_text() for li in soup.select("ul.longform-compact > li")]


def test_a_long_archive_is_read_in_pages_and_every_year_is_reachable(tmp_path, build):
    """An archive of more than ten times longform_page_size lines goes on in pages of its own
    (``archive/page/2.html``); a year's heading counts the whole year wherever it is cut, and the
    "Jump to" line on every page leads to the page and anchor where each year starts."""
    src = _archive_site(tmp_path / "site", 130, size=5, archived=12)
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    first = kit.soup(out / "archive.html")
    pages = [first] + [kit.soup(out / f"archive/page/{n}.html") for n in (2, 3)]
    assert not (out / "archive/page/4.html").exists()
    lines = [_lines(page.select_one(".longform-by-year")) for page in pages]
    assert [len(x) for x in lines] == [50, 50, 30]
    numbers = [int(t.split()[4]) for x in lines for t in x]
    assert numbers == list(range(130, 0, -1)), "every essay once, newest first, across the pages"
    # The earlier writing, 12 lines on the same source page, is a listing of its own: not paginated.
    assert len(first.select(".longform-by-year")) == 2
    assert len(_lines(first.select(".longform-by-year")[1])) == 12
    assert not (out / "archive/list-2").exists()
    # rel links and the navigation: page 2's previous is the source page, its next page 3.
    assert (_rel(pages[1], "prev"), _rel(pages[1], "next")) == ("../../archive.html", "3.html")
    assert first.select_one(".longform-pager a.longform-pager-next")["href"] == "archive/page/2.html"
    # The source page's own <link rel="prev/next"> are Sphinx's (its place in the toctree), so they stay.
    assert _rel(first, "next") != "archive/page/2.html"
    assert pages[1].select_one("title").get_text().startswith("Archive, page 2")
    # Year headings count the whole year, also on a page that shows only part of it.
    counts: dict[str, set[str]] = {}
    for page in pages:
        for heading in page.select(".longform-by-year h2"):
            year, count = heading.get_text(" ", strip=True).rstrip("¶").split(" · ")
            counts.setdefault(year, set()).add(count.strip())
    years = {d.year for d in (START + dt.timedelta(days=9 * n) for n in range(1, 131))}
    assert set(counts) == {str(y) for y in years}
    for year, seen in counts.items():
        expected = sum(1 for n in range(1, 131) if (START + dt.timedelta(days=9 * n)).year == int(year))
        assert seen == {f"{expected} essays"}, (year, seen)
    # "Jump to": every year, each link to an anchor that exists on the page it names.
    for page, here in zip(pages, ("archive.html", "archive/page/2.html", "archive/page/3.html"), strict=True):
        jumps = page.select_one(".longform-jumps")
        links = jumps.select("a")
        assert [a.get_text() for a in links] == [str(y) for y in sorted(years, reverse=True)]
        for a in links:
            href = a["href"]
            target, anchor = href.split("#")
            path = (out / here).parent / target if target else out / here
            assert kit.soup(path.resolve()).find(id=anchor) is not None, (here, href)


def test_a_long_archive_shrinks_its_pages_when_essays_are_deleted(tmp_path, build):
    src = _archive_site(tmp_path / "site", 130, size=5)
    app = build(src)
    out = Path(app.outdir)
    assert (out / "archive/page/3.html").is_file()
    for number in range(1, 51):
        (src / "essays" / f"e{number:04d}.md").unlink()
    app, previous = build(src), app
    assert _warnings(app, previous) == []
    assert not (out / "archive/page/3.html").exists()
    assert len(_lines(kit.soup(out / "archive/page/2.html").select_one(".longform-by-year"))) == 30
    for number in range(51, 81):
        (src / "essays" / f"e{number:04d}.md").unlink()
    app = build(src)
    assert not (out / "archive/page/2.html").exists()
    first = kit.soup(out / "archive.html")
    assert first.select_one(".longform-pager") is None and first.select_one(".longform-jumps") is None
    assert len(_lines(first.select_one(".longform-by-year"))) == 50


def test_a_long_archive_under_dirhtml_links_resolve(tmp_path, build):
    app = build(_archive_site(tmp_path / "site", 130, size=5), "dirhtml")
    assert app.warnings == ""
    out = Path(app.outdir)
    assert (out / "archive/page/3/index.html").is_file()
    broken = _broken_dirhtml_links(out)
    assert broken == [], "broken links:\n" + "\n".join(broken)


def test_a_source_page_of_the_same_name_wins_over_a_further_archive_page(tmp_path, build):
    """docs say: a source page of the same name wins over a generated one."""
    src = _archive_site(tmp_path / "site", 130, size=5)
    (src / "archive" / "page").mkdir(parents=True)
    (src / "archive" / "page" / "2.md").write_text("---\norphan: true\n---\n\n# Mine\n\nWritten by hand.\n")
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    page = kit.soup(out / "archive/page/2.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Mine" and page.select_one(".longform-by-year") is None
    assert len(_lines(kit.soup(out / "archive/page/3.html").select_one(".longform-by-year"))) == 30
