"""Preview cards in Chromium: keyboard only (Tab to a link shows its card, Escape hides it), the mouse, touch
emulation (first tap shows, second follows), never on a phone-wide window, reduced motion, light and dark, and
a hostile title shown as text with nothing run.  Screenshots go to the test's tmp folder.

tests/roots/test-cite: essays/queues links to essays/hostile (whose title is script), notes/short, paths/start
and tags/queues.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import watch
from proofkit import build

pytestmark = pytest.mark.browser
ROOTS = Path(__file__).resolve().parents[1] / "roots"
TIMEOUT = 10_000
HOSTILE_TITLE = 'A </script><script>alert(1)</script> "quoted" & {braced} 100% $x_1 #2 ~ ^ \\ title'
CARD = "#longform-preview"
HOSTILE_LINK = 'article p a[href="hostile.html"]'  # the first: in the essay's text


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


@pytest.fixture(scope="module")
def cite_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("previews") / "src"
    shutil.copytree(ROOTS / "test-cite", src)
    built = build(src, freshenv=True)
    assert built.warnings == "", built.warnings
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve previews", daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def make(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


def _tab_to(page: Any, selector: str) -> None:
    """Press Tab until ``selector`` has the focus (keyboard only: no click, no focus() call)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _card_text(page: Any) -> str:
    return page.locator(CARD).text_content() or ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_tab_shows_the_card_and_escape_hides_it(cite_site, new_page, scheme, tmp_path):
    watched = new_page(color_scheme=scheme)
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    _tab_to(page, HOSTILE_LINK)
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    text = _card_text(page)
    assert HOSTILE_TITLE in text  # the script in the title is text on the card
    assert "Ines Varga" in text and "2 April 2026" in text and "1 min" in text
    assert page.locator(HOSTILE_LINK).first.get_attribute("aria-describedby") == "longform-preview"
    assert page.get_attribute(CARD, "role") == "tooltip"
    assert page.locator(f"{CARD} script").count() == 0
    box = page.locator(CARD).bounding_box()
    link = page.locator(HOSTILE_LINK).first.bounding_box()
    assert box is not None and link is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280  # inside the window
    assert box["y"] >= link["y"] + link["height"] or box["y"] + box["height"] <= link["y"]  # not over the link
    # The card takes the theme's colours: dark text on light, light on dark.
    colour = page.evaluate(f"getComputedStyle(document.querySelector('{CARD}')).backgroundColor")
    channels = [int(c) for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    assert (sum(channels) > 600) == (scheme == "light"), colour
    page.screenshot(path=str(tmp_path / f"preview-1280-{scheme}.png"))
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="hidden", timeout=TIMEOUT)
    assert page.locator(HOSTILE_LINK).first.get_attribute("aria-describedby") is None
    watched.assert_clean("keyboard previews")


def test_hovering_shows_a_tag_card_and_leaving_hides_it(cite_site, new_page):
    watched = new_page()
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    page.hover('article a[href="../notes/short.html"]')
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert "A short note on queues." in _card_text(page)
    page.mouse.move(5, 5)
    page.wait_for_selector(CARD, state="hidden", timeout=TIMEOUT)
    page.hover('article a[href="../paths/start.html"]')
    page.wait_for_function(
        "() => { const c = document.querySelector('#longform-preview');"
        " return !!c && !c.hidden && c.innerText.includes('Where to start'); }",
        timeout=TIMEOUT,
    )
    assert "Reading path" in _card_text(page)
    watched.assert_clean("hover previews")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_never_on_a_phone(cite_site, new_page, scheme, tmp_path):
    watched = new_page(viewport={"width": 375, "height": 740}, color_scheme=scheme, has_touch=True, is_mobile=True)
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    _tab_to(page, HOSTILE_LINK)
    page.wait_for_timeout(600)
    assert page.locator(CARD).count() == 0 or not page.locator(CARD).is_visible()
    page.screenshot(path=str(tmp_path / f"preview-375-{scheme}.png"))
    # A tap follows the link at once: nothing stands between a phone's reader and the page.
    page.locator(HOSTILE_LINK).first.tap()
    page.wait_for_url("**/essays/hostile.html", timeout=TIMEOUT)
    watched.assert_clean("phone")


def test_touch_first_tap_shows_second_tap_follows(cite_site, new_page, tmp_path):
    watched = new_page(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    assert page.evaluate("matchMedia('(hover: none), (pointer: coarse)').matches")
    page.locator(HOSTILE_LINK).first.tap()
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert page.url.endswith("essays/queues.html")
    page.screenshot(path=str(tmp_path / "preview-touch-1024.png"))
    page.locator(HOSTILE_LINK).first.tap()
    page.wait_for_url("**/essays/hostile.html", timeout=TIMEOUT)
    watched.assert_clean("touch previews")


def test_reduced_motion_has_no_fade(cite_site, new_page):
    watched = new_page(reduced_motion="reduce")
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    _tab_to(page, HOSTILE_LINK)
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert page.evaluate(f"getComputedStyle(document.querySelector('{CARD}')).transitionDuration") == "0s"
    other = new_page()
    other.goto(cite_site + "essays/queues.html")
    _tab_to(other.page, HOSTILE_LINK)
    other.page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert other.page.evaluate(f"getComputedStyle(document.querySelector('{CARD}')).transitionDuration") != "0s"
    watched.assert_clean("reduced motion")


def test_cite_copy_button_copies_the_plain_citation(cite_site, new_page, tmp_path):
    watched = new_page()
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=cite_site.rstrip("/"))
    watched.goto(cite_site + "essays/queues.html")
    page.locator("details.longform-cite > summary").click()
    buttons = page.locator("details.longform-cite button.longform-cite-copy")
    assert buttons.count() == 3  # plain text, BibTeX, CSL-JSON
    assert buttons.first.text_content() == "Copy"
    buttons.first.click()
    page.wait_for_function("() => document.querySelector('.longform-cite-copy').textContent === 'Copied'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == (
        "Ines Varga. “Queues are promises.” Cite & Preview, 12 May 2026, updated 1 June 2026. "
        "https://example.org/site/essays/queues.html\n"
    )
    buttons.nth(1).click()
    page.wait_for_function("() => document.querySelectorAll('.longform-cite-copy')[1].textContent === 'Copied'")
    assert page.evaluate("() => navigator.clipboard.readText()").startswith("@online{queues-2026,")
    page.locator("details.longform-cite").screenshot(path=str(tmp_path / "cite-1280.png"))
    watched.assert_clean("cite copy")


# -- beyond the essay's text: listings and the end of an essay ------------------------------------------------

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
#: (page, a link on it outside the essay's running text, what its card says)
ELSEWHERE = {
    "archive": ("archive.html", 'article .longform-list a[href="essays/hostile.html"]', HOSTILE_TITLE),
    "tag-page": ("tags/queues.html", 'article .longform-item-title a[href="../essays/queues.html"]', "Queues are"),
    "linked-from": ("essays/queues.html", '#linked-from .longform-item-title a[href="../notes/short.html"]', "Note"),
    "path-banner": ("essays/queues.html", '.longform-path-banner a[href="../paths/start.html"]', "Reading path"),
}


def _shown(page: Any) -> bool:
    return bool(page.evaluate(f"() => {{ const c = document.querySelector('{CARD}'); return !!c && !c.hidden }}"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", sorted(ELSEWHERE))
def test_keyboard_previews_on_listings_and_at_the_end_of_an_essay(cite_site, new_page, where, scheme):
    url, selector, words = ELSEWHERE[where]
    watched = new_page(color_scheme=scheme)
    page = watched.page
    watched.goto(cite_site + url)
    _tab_to(page, selector)
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert words in _card_text(page)
    link = page.locator(selector).first
    assert link.get_attribute("aria-describedby") == "longform-preview"
    box, under = page.locator(CARD).bounding_box(), link.bounding_box()
    assert box is not None and under is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert box["y"] >= under["y"] + under["height"] or box["y"] + box["height"] <= under["y"]  # never over its link
    colour = page.evaluate(f"getComputedStyle(document.querySelector('{CARD}')).backgroundColor")
    channels = [int(c) for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    assert (sum(channels) > 600) == (scheme == "light"), colour
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(200)  # the card's fade ends before the picture
    page.screenshot(path=str(SHOTS / f"previews-{where}-1280-{scheme}.png"))
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="hidden", timeout=TIMEOUT)
    assert link.get_attribute("aria-describedby") is None
    watched.assert_clean(f"keyboard previews on {where}")


@pytest.mark.parametrize("where", ["archive", "linked-from"])
def test_hovering_a_listed_link_shows_its_card(cite_site, new_page, where):
    url, selector, words = ELSEWHERE[where]
    watched = new_page()
    page = watched.page
    watched.goto(cite_site + url)
    page.hover(selector)
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert words in _card_text(page)
    page.mouse.move(5, 5)
    page.wait_for_selector(CARD, state="hidden", timeout=TIMEOUT)
    watched.assert_clean(f"hover on {where}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["archive", "linked-from"])
def test_a_phone_gets_no_card_on_listings_either(cite_site, new_page, where, scheme):
    url, selector, _words = ELSEWHERE[where]
    watched = new_page(viewport={"width": 375, "height": 740}, color_scheme=scheme, has_touch=True, is_mobile=True)
    page = watched.page
    watched.goto(cite_site + url)
    _tab_to(page, selector)  # keyboard only
    page.wait_for_timeout(600)
    assert not _shown(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"previews-{where}-375-{scheme}.png"))
    target = page.locator(selector).first.get_attribute("href")
    page.locator(selector).first.tap()  # one tap follows the link: nothing stands between the reader and the page
    page.wait_for_url("**/" + target.rsplit("/", 1)[-1], timeout=TIMEOUT)
    watched.assert_clean(f"phone on {where}")


@pytest.mark.parametrize("where", ["archive", "linked-from"])
def test_touch_on_listings_first_tap_shows_second_follows(cite_site, new_page, where):
    url, selector, words = ELSEWHERE[where]
    watched = new_page(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = watched.page
    watched.goto(cite_site + url)
    page.locator(selector).first.tap()
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert words in _card_text(page)
    assert page.url.endswith(url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"previews-{where}-touch-1024.png"))
    target = page.locator(selector).first.get_attribute("href")
    page.locator(selector).first.tap()
    page.wait_for_url("**/" + target.rsplit("/", 1)[-1], timeout=TIMEOUT)
    watched.assert_clean(f"touch on {where}")


def test_time_left_goes_where_the_end_matter_begins(cite_site, new_page):
    """The end of an essay (features/sections.py's "N min left"): once the end matter (the path's next step,
    "Linked from", "Cite this essay") reaches the reading line, nothing is left to read and the note goes, so it
    covers none of those links on a phone.  ``essays/queues`` has no subsection: its one section's box holds the
    end matter too, which once counted as text still to read."""
    watched = new_page(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    page = watched.page
    watched.goto(cite_site + "essays/queues.html")
    start = page.evaluate(
        "document.querySelector('section.longform-page .longform-footer').getBoundingClientRect().top + scrollY"
        " - innerHeight * 0.2"
    )
    bottom = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert bottom > start + 200  # the end matter is long enough to scroll through
    for y in range(int(start), int(bottom) + 1, 60):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(120)
        assert not page.locator("p.longform-time-left").is_visible(), y
    watched.assert_clean("time left at the end matter")


# -- the real site: the front page, a topic page, a series' navigation, "Read next" -------------------------

ON_THE_SITE = {
    "front-page": ("index.html", 'article .longform-item-title a[href^="essays/"]'),
    "topic-page": ("topics/concurrency.html", 'article a[href^="../essays/"]'),
    "series-nav": ("essays/async-versus-threads.html", "article .longform-series-nav a.longform-series-next"),
    "read-next": ("essays/async-versus-threads.html", "#longform-related .longform-item-title a"),
}


@pytest.mark.parametrize("where", sorted(ON_THE_SITE))
def test_the_sites_own_listings_and_navigation_show_cards(site, open_page, where):
    """The site's own pages (built strictly by conftest's ``site``): each kind of link a reader meets outside an
    essay's text gets the card of the essay it leads to, its title the essay's own."""
    url, selector = ON_THE_SITE[where]
    watched = open_page(width=1280, height=900)
    page = watched.page
    watched.goto(site.url(url))
    link = page.locator(selector).first
    href = link.get_attribute("href")
    target = site.soup(str(Path(url).parent / href).removeprefix("./"))
    title = target.select_one("article h1").get_text().replace("¶", "").strip()
    link.scroll_into_view_if_needed()
    link.hover()
    page.wait_for_selector(CARD, state="visible", timeout=TIMEOUT)
    assert page.locator(f"{CARD} .longform-preview-title").text_content() == title
    assert page.locator(f"{CARD} .longform-preview-kind").text_content() == "Essay"
    watched.assert_clean(f"previews on the site's {where}")
