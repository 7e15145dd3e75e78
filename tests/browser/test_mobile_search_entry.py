"""furo's mobile header carries a search entry (issue 27): visible at 375 px, named, leading to search.html; at
1280 px the header is gone and furo's sidebar box is the only search box.

Screenshots go to ``build/screenshots/mobile-search-<page>-<width>-<scheme>.png``.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT, Site, page_kinds

pytestmark = pytest.mark.browser

SHOTS = ROOT / "build" / "screenshots"
SCHEMES = ("light", "dark")


def _open(open_page: Any, site: Site, path: str, width: int, scheme: str) -> Any:
    watched = open_page(width=width, height=740 if width < 400 else 900, color_scheme=scheme)
    watched.goto(site.url(path))
    watched.page.evaluate(f"document.body.dataset.theme = {scheme!r}")
    return watched


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", ["front page", "essay"])
def test_the_mobile_header_has_a_named_search_entry_that_leads_to_search(
    site: Site, open_page: Any, kind: str, scheme: str
) -> None:
    path = "index.html" if kind == "front page" else page_kinds(site.html)["essay"]
    watched = _open(open_page, site, path, 375, scheme)
    page = watched.page
    header = page.locator("header.mobile-header")
    assert header.is_visible()
    entry = header.get_by_role("link", name="Search")
    assert entry.count() == 1 and entry.is_visible(), "no visible link named 'Search' in the mobile header"
    box = entry.bounding_box()
    head = header.bounding_box()
    assert box["y"] >= head["y"] and box["y"] + box["height"] <= head["y"] + head["height"] + 1
    assert box["width"] >= 24 and box["height"] >= 24, f"too small to tap: {box}"
    assert box["x"] + box["width"] <= 375, f"off the screen: {box}"
    # It is drawn (the icon's stroke differs from the header's background) and the page did not scroll sideways.
    colour = entry.evaluate("e => getComputedStyle(e).color")
    background = header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour != background
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mobile-search-{kind.replace(' ', '-')}-375-{scheme}.png"))
    entry.click()
    page.wait_for_url("**/search.html*")
    assert page.locator("#longform-search-input").is_visible()
    watched.assert_clean(f"{path} at 375 px, {scheme}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_at_1280_the_sidebar_box_is_the_only_search(site: Site, open_page: Any, scheme: str) -> None:
    watched = _open(open_page, site, "index.html", 1280, scheme)
    page = watched.page
    assert page.locator(".sidebar-search").first.is_visible()
    assert not page.locator(".longform-search-entry").is_visible()
    assert page.get_by_role("link", name="Search", exact=True).count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mobile-search-front-page-1280-{scheme}.png"))
