"""Wall 3 in Chromium: the Content-Security-Policy refuses script planted past walls one and two.

In the real site (built once by ``conftest.site``), one essay's written file — an essay with maths, on
a reading path — gets an ``<img onerror=…>`` and an inline ``<script>`` planted in its body after the
build (and put back after the test), as if both walls had missed them.  Chromium must run neither, and
report both violations, while the site's own scripts still work on that very page: furo's theme
toggle, the reading-progress button (``longform-progress.js``) and the maths (MathML, drawn natively).
Pagefind's search answers, and the front page, an essay, a tag page and the search page fetch nothing
from another origin and break no rule of the policy.  The maths, seen: ``build/screenshots/csp-maths.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
TIMEOUT = 15_000
#: Fixture types, from conftest.py (a conftest is not imported by name).
Site = Any
MATHS_ESSAY = "essays/testing-nondeterministic-systems.html"
PLANTED = '<img src="missing.png" alt="" onerror="window.__pwned=1"><script>window.__pwned2=1</script>'
#: Run before any of the page's own scripts (Playwright's init scripts are not subject to the page's CSP).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push({directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample});
});
"""


@pytest.fixture
def planted(site: Site) -> Iterator[Site]:
    """The built site with script planted in its maths essay's body for one test (then put back)."""
    page = site.html / MATHS_ESSAY
    text = page.read_text(encoding="utf-8")
    assert text.count("</article>") == 1, "the essay page has no single <article>"
    try:
        page.write_text(text.replace("</article>", PLANTED + "</article>"), encoding="utf-8")
        yield site
    finally:
        page.write_text(text, encoding="utf-8")


def _page(browser: Any, contexts: list[Any], requests: list[str], console: list[str]) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    contexts.append(context)
    page = context.new_page()
    page.add_init_script(LISTEN)
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    return page


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(requests: list[str], console: list[str]) -> Any:
        return _page(browser, contexts, requests, console)

    yield make
    for context in contexts:
        context.close()


def test_planted_script_does_not_run_and_the_sites_own_scripts_do(planted: Site, new_page: Any) -> None:
    requests: list[str] = []
    console: list[str] = []
    page = new_page(requests, console)
    page.goto(planted.url(MATHS_ESSAY), wait_until="load")
    page.wait_for_function("window.__violations.length >= 2", timeout=TIMEOUT)
    # The planted handler and script never ran…
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("typeof window.__pwned2") == "undefined"
    # …and Chromium says why: the inline handler (script-src-attr) and the inline script (script-src-elem).
    violations = page.evaluate("window.__violations")
    directives = sorted(v["directive"] for v in violations)
    assert directives == ["script-src-attr", "script-src-elem"], violations
    assert any("window.__pwned2=1" in v["sample"] or v["blocked"] == "inline" for v in violations), violations
    assert any("Content Security Policy" in line for line in console), console
    # The image itself was requested (img-src 'self'), so the handler had its chance to run.
    assert any(url.endswith("/missing.png") for url in requests), requests

    # furo's theme toggle (its inline script and furo.js) still works.
    themes = [page.evaluate("document.body.dataset.theme")]
    toggle = page.locator(".theme-toggle:visible").first
    for _ in range(2):
        toggle.click()
        themes.append(page.evaluate("document.body.dataset.theme"))
    assert themes[0] == "auto" and len(set(themes)) == 3, f"the theme toggle went {themes}"

    # The reading-progress script still adds its button, and it still works.
    button = page.locator("button[data-longform-read-toggle]").first
    button.wait_for(timeout=TIMEOUT)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true", "the 'Mark as read' button does not work under the policy"

    # The maths is MathML, drawn by Chromium: a displayed formula with a binomial's two rows, one above the other.
    drawn = page.evaluate(
        """() => {
          const math = document.querySelector('article math[display="block"]');
          const frac = math && math.querySelector("mfrac");
          if (!frac) return null;
          const [top, bottom] = Array.from(frac.children).map((c) => c.getBoundingClientRect());
          return {display: getComputedStyle(math).display, height: math.getBoundingClientRect().height,
                  above: top.bottom <= bottom.top + 1, inline: document.querySelectorAll("article math").length};
        }"""
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("article math[display='block']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "csp-maths.png"))
    assert drawn is not None, "no displayed formula with a fraction on the maths essay"
    assert drawn["display"] == "block math" and drawn["height"] > 30 and drawn["above"], drawn
    assert drawn["inline"] >= 4, drawn
    # Only the two planted scripts broke the policy.
    assert len(page.evaluate("window.__violations")) == 2


def test_pagefind_search_works_under_the_policy(site: Site, new_page: Any) -> None:
    requests: list[str] = []
    console: list[str] = []
    page = new_page(requests, console)
    page.goto(site.url("search.html?q=binomial"), wait_until="load")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=TIMEOUT)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert MATHS_ESSAY in [href.split("#")[0].split("?")[0] for href in hrefs], hrefs
    # From Pagefind: its WebAssembly was compiled ('wasm-unsafe-eval'), with no fall back to Sphinx's index.
    assert any(url.endswith(".pagefind") and "/_pagefind/wasm." in url for url in requests), requests
    assert any(url.endswith(".pf_fragment") for url in requests), requests
    assert not [url for url in requests if "searchindex.js" in url], "Pagefind failed: Sphinx's search answered"
    assert page.evaluate("window.__violations") == [], console


@pytest.mark.parametrize("kind", ["front page", "essay", "tag page", "search"])
def test_pages_fetch_nothing_from_another_origin_and_break_no_rule(site: Site, new_page: Any, kind: str) -> None:
    requests: list[str] = []
    console: list[str] = []
    page = new_page(requests, console)
    path = site.kinds[kind] if kind != "search" else "search.html?q=retries"
    page.goto(site.url(path), wait_until="load")
    if kind == "search":
        page.locator("#search-results ul.search li a").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(300)  # what loads after "load" (the site icon, Pagefind's fragments)
    origin = urlsplit(site.base)
    foreign = [url for url in requests if urlsplit(url)[:2] != origin[:2] and not url.startswith("data:")]
    assert len(requests) > 1 and not foreign, f"{path} asked another origin for: {foreign}"
    assert page.evaluate("window.__violations") == [], f"{path}: {page.evaluate('window.__violations')}"
    refused = [line for line in console if "Content Security Policy" in line]
    assert not refused, refused


def test_every_page_of_the_real_site_carries_the_policy_before_any_script(site: Site) -> None:
    pages = sorted(p for p in site.html.rglob("*.html") if "_static" not in p.parts)
    missing, late = [], []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(site.html).as_posix()
        if text.count('http-equiv="Content-Security-Policy"') != 1:
            missing.append(name)
        elif "<script" in text and text.index("<script") < text.index('http-equiv="Content-Security-Policy"'):
            late.append(name)
    # Every kind of page: essays, notes, topics, tag/series/path/author pages, archive, search, 404.
    written = {p.relative_to(site.html).as_posix() for p in pages}
    assert set(site.kinds.values()) <= written, set(site.kinds.values()) - written
    assert len(pages) > 50 and not missing and not late, f"no policy: {missing}; a script before it: {late}"
