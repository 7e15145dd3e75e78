"""The search page and the front page in Chromium, at 375 and 1280 px, light and dark: what a reader meets.

Screenshots go to ``build/screenshots/index-<page>-<width>-<scheme>.png`` (looked at by whoever changes these
pages); the assertions read positions and text from the running page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import ROOT, Site

pytestmark = pytest.mark.browser

SHOTS = ROOT / "build" / "screenshots"
TIMEOUT = 15_000
WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")


def _open(open_page: Any, site: Site, path: str, width: int, scheme: str) -> Any:
    watched = open_page(width=width, height=740 if width < 400 else 900, color_scheme=scheme)
    watched.goto(site.url(path))
    watched.page.evaluate(f"document.body.dataset.theme = {scheme!r}")
    return watched


def _word(site: Site) -> str:
    """A long word of the newest essay's prose: something a reader could search for."""
    href = site.soup("index.html").select_one("article .longform-item-title a")["href"]
    text = " ".join(p.get_text(" ") for p in site.soup(href).select("article section > p"))
    return max(re.findall(r"\b[a-z]{9,}\b", text), key=len)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_page_without_a_query_offers_a_box_and_somewhere_to_start(
    site: Site, open_page: Any, width: int, scheme: str
) -> None:
    watched = _open(open_page, site, "search.html", width, scheme)
    page = watched.page
    box = page.locator("#longform-search-input")
    assert box.is_visible(), "no visible search box"
    where = box.bounding_box()
    assert where["y"] + where["height"] < page.viewport_size["height"], f"the box is below the first screen: {where}"
    assert where["width"] >= 180, f"the box is {where['width']} px wide"
    start = page.locator("#longform-search-start")
    assert start.is_visible()
    latest = start.locator("li a")
    assert latest.count() >= 5 and all(latest.nth(i).is_visible() for i in range(5))
    assert page.locator("h1").first.inner_text().strip() == "Search"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"index-search-empty-{width}-{scheme}.png"))
    # Typing into the box and pressing Enter asks the question (the form submits to this page).
    box.fill(_word(site))
    box.press("Enter")
    page.locator("#search-results ul.search li").first.wait_for(timeout=TIMEOUT)
    assert "q=" in page.url
    watched.assert_clean("search page, empty then asked")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_repeat_the_query_and_say_what_each_result_is(
    site: Site, open_page: Any, width: int, scheme: str
) -> None:
    word = _word(site)
    watched = _open(open_page, site, f"search.html?q={word}", width, scheme)
    page = watched.page
    page.locator("#search-results ul.search li p.context").first.wait_for(timeout=TIMEOUT)
    # The results' heading repeats the query; the page's heading stays put (nothing in view moves as results arrive).
    assert page.locator("#search-results h2").first.inner_text().strip() == f"Results for “{word}”"
    assert page.locator("h1").first.inner_text().strip() == "Search"
    assert page.locator("#longform-search-input").input_value() == word
    assert not page.locator("#longform-search-start").is_visible(), "the starting points stay under the results"
    shifted = page.evaluate(
        """() => new Promise(done => {
            let total = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
                .observe({type: "layout-shift", buffered: true});
            setTimeout(() => done(total), 200);
        })"""
    )
    assert shifted < 0.1, f"the search page's layout shifted by {shifted:.3f} while results arrived"
    facts = page.locator("#search-results ul.search li .longform-search-facts").all_inner_texts()
    assert facts, "results carry no kind, date or reading time"
    for text in facts:
        assert re.fullmatch(r"(Essay|Note|Earlier writing) · \d{1,2} \w+ \d{4}( · \d+ min read)?", text.strip()), text
    for snippet in page.locator("#search-results ul.search li p.context").all_inner_texts():
        first = snippet.strip()[:1]
        assert first == "…" or first.isupper() or not first.isalpha(), f"a snippet starts mid-word: {snippet[:60]!r}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"index-search-{width}-{scheme}.png"))
    watched.assert_clean("search results")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_front_page_is_an_index(site: Site, open_page: Any, width: int, scheme: str) -> None:
    watched = _open(open_page, site, "index.html", width, scheme)
    page = watched.page
    items = page.locator("article .longform-item")
    assert items.count() == 5, f"the front page lists {items.count()} essays in full"
    first = items.first.bounding_box()
    screen = page.viewport_size["height"]
    # The newest essay starts within the first screen and a half, not after two screens of other things.
    assert first["y"] < 1.5 * screen, f"the first essay starts at y = {first['y']} ({screen} px screens)"
    more = page.locator("article .longform-more a")
    assert more.count() == 1 and more.first.get_attribute("href") == "archive.html"
    subscribe = page.locator("article a.longform-feed-link[href='atom.xml']")
    assert subscribe.count() >= 1 and subscribe.first.is_visible()
    # A first visit: no "0 of 6 read" anywhere.
    assert not re.search(r"\b0 of \d+ read", page.locator("article").inner_text())
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < (5000 if width < 400 else 3500), f"the front page is {height} px tall at {width}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"index-front-{width}-{scheme}.png"))
    page.screenshot(path=str(SHOTS / f"index-front-{width}-{scheme}-full.png"), full_page=True)
    watched.assert_clean("front page")
