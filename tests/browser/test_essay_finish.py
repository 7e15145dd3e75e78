"""The end of issue 27 in Chromium, on small test roots built here (each in a second or two):

* **The outline at 1280 px** (tests/roots/test-sections, furo): an essay shows its page outline beside the column
  from 78em, where furo would hide it behind a header button; the column keeps its measure (the same width as at
  1440 px, where furo shows the outline itself; 60–75 characters a line, counted by ``reading.js``); the outline's
  links scroll to their sections and the outline stays in view; other pages keep furo's layout.
* **Sphinx's search labelled** (tests/roots/test-basic): with ``longform_search = "sphinx"``, and on the Pagefind
  page opened from ``file://`` (which falls back to Sphinx's search), each result says what it is, its date and its
  reading time, as the essay's own header says them.
* **The search page starts Pagefind early**: a query's results appear, and the files the build names for preloading
  are asked for before Pagefind's own script, under the addresses Pagefind then uses.
* **Longform's badges and cards without sphinx-design's stylesheet** (tests/roots/test-design): they look the same
  as with it (the stylesheet added to the page in the browser), light and dark.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import proofkit
import pytest

pytestmark = pytest.mark.browser

ROOTS = Path(__file__).resolve().parents[1] / "roots"
MEASURE = (Path(__file__).parent / "reading.js").read_text(encoding="utf-8")
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


class _Served:
    def __init__(self, html: Path) -> None:
        self.html = html
        handler = functools.partial(_Quiet, directory=str(html))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def url(self, path: str) -> str:
        return self.base + path


def _built(tmp: Path, root: str, *extra: str) -> Path:
    out = tmp / "html"
    result = proofkit.sphinx_build(ROOTS / f"test-{root}", out, "-q", "-d", str(tmp / "doctrees"), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def sections(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Served]:
    served = _Served(_built(tmp_path_factory.mktemp("sections"), "sections"))
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Served]:
    served = _Served(_built(tmp_path_factory.mktemp("basic"), "basic"))
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def basic_sphinx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Served]:
    served = _Served(_built(tmp_path_factory.mktemp("basic-sphinx"), "basic", "-D", "longform_search=sphinx"))
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Served]:
    served = _Served(_built(tmp_path_factory.mktemp("design"), "design"))
    yield served
    served.server.shutdown()


def _until(page: Any, expression: str, timeout: float = 5.0) -> None:
    """Wait until ``expression`` is true in the page (polled from here: the site's policy forbids the eval that
    Playwright's own wait_for_function uses)."""
    waited = 0.0
    while not page.evaluate(expression):
        assert waited < timeout, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(100)
        waited += 0.1


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.evaluate(
        "(s) => { const e = document.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height, visible: getComputedStyle(e).display !== 'none'"
        " && getComputedStyle(e).visibility !== 'hidden'}; }",
        selector,
    )
    assert box is not None, selector
    return box


# -- the outline at 1280 px ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_the_outline_is_beside_an_essay_at_1280(sections: _Served, open_page: Any, scheme: str) -> None:
    watched = open_page(width=1280, height=900, color_scheme=scheme)
    page = watched.page
    watched.goto(sections.url("essays/garden.html"))
    outline = _box(page, ".toc-drawer")
    column = _box(page, "section.longform-page")
    assert outline["visible"] and outline["width"] > 150, outline
    assert outline["x"] >= column["x"] + column["width"] and outline["x"] + outline["width"] <= 1280, (outline, column)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # nothing sticks out sideways
    assert not page.is_visible(".toc-content-icon")  # the button that opened it is not needed
    links = page.locator(".toc-drawer .toc-tree a.reference")
    titles = [text.strip() for text in links.all_inner_texts() if text.strip()]
    assert any("Soil" in title for title in titles) and any("Drainage" in title for title in titles), titles
    shown = [links.nth(index) for index in range(links.count()) if links.nth(index).is_visible()]
    assert len(shown) >= 2, titles  # furo hides the first entry (the page's own title)
    for link in shown:
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280 and box["y"] < 900, box
    # The column keeps its measure: 60-75 characters a line.
    measured = page.evaluate(MEASURE)
    assert "error" not in measured, measured
    assert 60 <= measured["median"] <= 75, measured
    # A link goes to its section, and the outline stays in view as the reader scrolls.
    page.locator(".toc-drawer .toc-tree a.reference", has_text="Drainage").first.click()
    _until(page, "location.hash === '#drainage'")
    # furo scrolls smoothly: wait until the section's heading has arrived near the top.
    _until(
        page,
        "(() => { const r = document.querySelector('#drainage h3').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 300; })()",
    )
    heading = page.locator("#drainage h3").bounding_box()
    assert heading is not None and 0 <= heading["y"] < 300, heading
    assert page.evaluate("scrollY") > 500
    link = page.locator(".toc-drawer .toc-tree a.reference", has_text="Soil").first.bounding_box()
    assert link is not None and 0 <= link["y"] < 900, link
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"outline-1280-{scheme}.png"))
    watched.assert_clean("an essay at 1280 px")


def test_the_column_is_as_wide_as_where_furo_shows_the_outline(sections: _Served, open_page: Any) -> None:
    widths = {}
    for width in (1248, 1280, 1440):
        watched = open_page(width=width, height=900)
        watched.goto(sections.url("essays/garden.html"))
        widths[width] = _box(watched.page, "section.longform-page")["width"]
        assert _box(watched.page, ".toc-drawer")["x"] + 1 < width  # the outline is on screen at each
    assert widths[1248] == widths[1280] == widths[1440], widths


def test_narrower_and_on_other_pages_furo_keeps_its_button(sections: _Served, open_page: Any) -> None:
    narrow = open_page(width=1200, height=900)
    narrow.goto(sections.url("essays/garden.html"))
    assert _box(narrow.page, ".toc-drawer")["x"] >= 1200  # off screen, behind furo's button
    assert narrow.page.is_visible(".toc-content-icon")
    other = open_page(width=1280, height=900)
    other.goto(sections.url("index.html"))
    assert _box(other.page, ".sidebar-drawer")["width"] > 241  # furo's own proportions, not the essay's
    narrow.assert_clean("an essay at 1200 px")
    other.assert_clean("the front page at 1280 px")


# -- Sphinx's search, labelled ------------------------------------------------------------------------------------


def _header_facts(html: Path, page: str) -> str:
    """What the essay's own header says: its date and reading time (read from the built page)."""
    soup = proofkit.soup(html, page)
    date = soup.select_one(".longform-meta .longform-date").get_text(strip=True)
    minutes = soup.select_one(".longform-meta .longform-reading-time").get_text(strip=True)
    return f"Essay · {date} · {minutes}"


def _labelled(page: Any) -> dict[str, str]:
    page.wait_for_selector("#search-results ul.search li .longform-search-facts", timeout=15_000)
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#search-results ul.search > li')].map((li) =>"
        " [li.querySelector('a').getAttribute('href').split('#')[0].split('?')[0],"
        " (li.querySelector('.longform-search-facts') || {}).textContent || '']))"
    )


def test_sphinxs_search_says_what_each_result_is(basic_sphinx: _Served, open_page: Any) -> None:
    watched = open_page(width=1280, height=900)
    watched.goto(basic_sphinx.url("search.html?q=word7"))
    found = _labelled(watched.page)
    assert found.get("essays/plain.html") == _header_facts(basic_sphinx.html, "essays/plain.html"), found
    watched.assert_clean("Sphinx's search")


# -- the search page starts Pagefind early -------------------------------------------------------------------------


def test_a_query_uses_what_the_page_preloads(basic: _Served, open_page: Any) -> None:
    watched = open_page(width=375, height=740)
    asked: list[str] = []
    watched.page.on("request", lambda request: asked.append(request.url))
    watched.goto(basic.url("search.html?q=word7"))
    watched.page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
    titles = watched.page.locator("#search-results ul.search li a").all_inner_texts()
    assert "One two three four five six seven" in titles, titles
    script = proofkit.soup(basic.html, "search.html").find("script", attrs={"data-longform-preload": True})
    named = script["data-longform-preload"].split()
    assert named and named[0].startswith("pagefind-entry.json?ts=")
    script_at = next(i for i, url in enumerate(asked) if url.endswith("/_pagefind/pagefind.js"))
    for name in named:
        hits = [i for i, url in enumerate(asked) if url.endswith("/_pagefind/" + name)]
        # Asked at once, before Pagefind's own script (then Pagefind's worker asks the same address again, which
        # the browser answers from what it holds), never a third time.
        assert hits and hits[0] < script_at and len(hits) <= 2, (name, hits, asked)
    # The entry is only ever asked under the build's tag (Pagefind's own ?ts=<now> would miss the preload).
    entries = {url for url in asked if "pagefind-entry.json" in url}
    assert entries == {basic.url("_pagefind/" + named[0])}, entries
    watched.assert_clean("a query on the search page")


# -- Longform's badges and cards without sphinx-design's stylesheet -----------------------------------------------

_LOOK = (
    "display", "padding-top", "padding-left", "border-top-width", "border-top-style", "border-top-color",
    "border-radius", "font-size", "font-weight", "color", "background-color", "white-space", "margin-bottom",
    "box-shadow", "box-sizing",
)  # fmt: skip


def _looks(page: Any, selectors: list[str]) -> dict[str, dict[str, str]]:
    return page.evaluate(
        "([selectors, props]) => Object.fromEntries(selectors.map((s) => { const e = document.querySelector(s);"
        " const st = e && getComputedStyle(e); return [s, e ? Object.fromEntries(props.map((p) =>"
        " [p, st.getPropertyValue(p)])) : null]; }))",
        [selectors, list(_LOOK)],
    )


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_longforms_badges_and_cards_look_the_same_without_sphinx_designs_css(
    design: _Served, open_page: Any, scheme: str
) -> None:
    checks = {
        "paths/way.html": [
            ".sd-card.longform-path-step",
            ".sd-card.longform-path-entry",
            ".longform-path-entry > .sd-card-body",
        ],
        "tags/cards.html": [".sd-badge.longform-tag"],
    }
    for path, selectors in checks.items():
        watched = open_page(width=1280, height=900, color_scheme=scheme)
        watched.goto(design.url(path))
        sheets = watched.page.evaluate("[...document.styleSheets].map((s) => s.href || '')")
        assert not any("sphinx-design" in href for href in sheets), sheets
        present = [s for s in selectors if watched.page.locator(s).count()]
        assert present, (path, selectors)
        without = _looks(watched.page, present)
        assert all(look is not None for look in without.values()), without
        # Where the site puts it when a page holds a component: before furo's extension styles (which load later
        # and win over it), as Sphinx orders an extension's stylesheet (500) and furo's (600).
        watched.page.evaluate(
            "(href) => { const link = document.createElement('link'); link.rel = 'stylesheet'; link.href = href;"
            " const furo = [...document.querySelectorAll('link[rel=stylesheet]')].find((l) =>"
            " l.href.includes('furo-extensions')); document.head.insertBefore(link, furo || null); }",
            design.url("_static/sphinx-design.min.css"),
        )
        _until(
            watched.page,
            "[...document.styleSheets].some((s) => (s.href || '').includes('sphinx-design') && s.cssRules.length)",
        )
        with_design = _looks(watched.page, present)
        differences = {
            selector: {
                prop: (value, with_design[selector][prop])
                for prop, value in look.items()
                if value != with_design[selector][prop]
            }
            for selector, look in without.items()
        }
        assert not any(differences.values()), (path, differences)
        watched.assert_clean(path)
