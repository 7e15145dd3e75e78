"""Search in Chromium: furo's search box reaches Pagefind, which finds the essay and fetches little.

A reader types a word found in one essay's body only into the theme's search box (at 375 px it is in
the navigation drawer), submits, and must see that essay among Pagefind's results, at 375 and 1280 px,
light and dark (screenshots in build/screenshots/search-*.png).  Every byte the browser receives after
submitting (Chrome's own count, from the DevTools protocol: the search page, scripts, Pagefind's
bundle, index chunk and fragments; nothing served from cache) must stay under :data:`BUDGET`.  The
test server does not compress, so this is an upper bound: a host that gzips sends less.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
Site = Any

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
TIMEOUT = 15_000
#: Bytes a query may cost on the 28-essay site (Sphinx's search: its whole index, then each result page).  Was
#: 200,000; the search page now carries its own heading, box and starting points (about 3.5 KB of HTML), and on furo
#: the mobile header's search entry and its stylesheet link. 255,000: Pagefind's worker (pagefind-worker.js, 41 KB as
#: this server sends it, 12 KB gzipped) runs the search off the main thread (Lighthouse's total blocking time on the
#: search page fell from 400-700 ms to 10-70 ms on a loaded machine).
BUDGET = 255_000


def _body_words(site: Site, path: str) -> set[str]:
    article = site.soup(path).find("article")
    for node in article.select("h1, .no-search, .headerlink"):
        node.decompose()
    return {word for word in re.findall(r"[a-z]{9,}", article.get_text(" ")) if word.isascii()}


def _unique_word(site: Site) -> tuple[str, str]:
    """An essay and a long word that only its own text contains (read from the built site)."""
    essays = sorted(p.relative_to(site.html).as_posix() for p in site.html.glob("essays/*.html"))
    words = {path: _body_words(site, path) for path in essays}
    counts = Counter(word for found in words.values() for word in found)
    for path in essays:
        for word in sorted(words[path]):
            if counts[word] == 1:
                return path, word
    raise AssertionError("no essay has a body word of its own to search for")


class _Bytes:
    """Bytes received over the network, per URL, as Chrome counts them (encodedDataLength)."""

    def __init__(self, page: Any) -> None:
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.on = False
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        if self.on:
            self.sizes[self.urls.get(event["requestId"], event["requestId"])] = int(event["encodedDataLength"])

    def total(self) -> int:
        return sum(self.sizes.values())

    def report(self) -> str:
        return "\n".join(f"{size:>8} {url}" for url, size in sorted(self.sizes.items(), key=lambda item: -item[1]))


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("width", (375, 1280))
def test_the_search_box_reaches_pagefind(site: Site, open_page: Any, width: int, scheme: str) -> None:
    target, word = _unique_word(site)
    watched = open_page(width=width, height=900 if width > 400 else 812, color_scheme=scheme)
    page = watched.page
    watched.goto(site.url("index.html"))
    counted = _Bytes(page)

    if width < 600:  # furo's search box is in the navigation drawer on a phone
        page.locator(".mobile-header label[for='__navigation']").first.click()
    box = page.locator("input.sidebar-search:visible").first
    box.fill(word)
    counted.on = True
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*", timeout=TIMEOUT)
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")

    hrefs = [a.get_attribute("href") for a in results.all()]
    assert target in hrefs, f"searching for {word!r} (only in the body of {target}) found {hrefs}"
    assert page.locator("#search-results ul.search li p.context span.highlighted").count() > 0, "no match is marked"
    fetched = " ".join(counted.sizes)
    assert "_pagefind/" in fetched, f"the search page did not ask Pagefind:\n{counted.report()}"
    assert "searchindex.js" not in fetched and "searchtools.js" not in fetched, counted.report()
    assert counted.total() <= BUDGET, f"a query cost {counted.total()} bytes (budget {BUDGET}):\n{counted.report()}"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"search-{width}-{scheme}.png"))
    watched.assert_clean(f"search for {word!r} at {width}px ({scheme})")
    print(f"search for {word!r} at {width}px ({scheme}): {counted.total()} bytes\n{counted.report()}")


def test_without_pagefinds_bundle_the_search_page_says_to_serve_the_site(site: Site, open_page: Any) -> None:
    """Pagefind's bundle unreachable (as from file://): the build made no second index to fall back on, so the
    page says how to search instead, and fetches nothing of Sphinx's search."""
    _target, word = _unique_word(site)
    watched = open_page()
    page = watched.page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.route("**/_pagefind/**", lambda route: route.abort())
    page.goto(site.url(f"search.html?q={word}"), wait_until="load")
    notice = page.locator("#search-results p.longform-search-serve")
    notice.wait_for(timeout=TIMEOUT)
    assert "python -m http.server" in notice.inner_text()
    assert not [url for url in fetched if "searchindex.js" in url or "searchtools.js" in url], fetched
    assert page.locator("#search-results ul.search").count() == 0
