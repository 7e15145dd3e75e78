"""What a reader meets, proved in Chromium: navigation, series, reading paths, search, themes, phones, safety.

Expectations are read from the built site (link texts, data attributes, words of
an essay's body), never typed in here, so the tests follow the content.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

pytestmark = pytest.mark.browser
#: Fixture types, from conftest.py (a conftest is not imported by name).
Site = Any
Watched = Any


PHONE = 375
LOCAL_TIMEOUT = 15_000  # ms: a local site either answers at once or is broken


def _h1(watched: Watched) -> str:
    return " ".join(watched.page.locator("article h1").first.inner_text().split()).rstrip("¶#").strip()


def _href_path(watched: Watched) -> str:
    return watched.page.evaluate("location.pathname")


# -- navigation ---------------------------------------------------------------------------------


def test_front_page_to_tag_index_to_tag_page_to_essay(site: Site, open_page: Any) -> None:
    watched = open_page()
    page = watched.page
    watched.goto(site.url("index.html"))

    page.locator('article a[href="tags/index.html"]').first.click()
    page.wait_for_url("**/tags/index.html", timeout=LOCAL_TIMEOUT)
    tag_links = page.locator('article a[href$=".html"]:not([href^="../"]):not([href="index.html"])')
    assert tag_links.count() > 0, "the tag index links to no tag page"
    tag_href = tag_links.first.get_attribute("href")
    tag_links.first.click()
    page.wait_for_url(f"**/tags/{tag_href}", timeout=LOCAL_TIMEOUT)

    essay_links = page.locator("article .longform-item-title a")
    assert essay_links.count() > 0, f"tags/{tag_href} lists no essay"
    title = " ".join(essay_links.first.inner_text().split())
    essay_href = essay_links.first.get_attribute("href")
    essay_links.first.click()
    page.wait_for_url("**/" + essay_href.removeprefix("../"), timeout=LOCAL_TIMEOUT)

    assert page.title().startswith(title) or _h1(watched) == title, (
        f"the tag page's link says {title!r} but the page reached is {page.title()!r}"
    )
    badges = {a.get_attribute("href") for a in page.locator("article .longform-tags a").all()}
    assert f"../tags/{tag_href}" in badges, (
        f"the essay reached from tags/{tag_href} does not carry that tag's badge (badges: {sorted(badges)})"
    )
    watched.assert_clean("front page → tag index → tag page → essay")


def _series_part(watched: Watched) -> tuple[int, int]:
    text = watched.page.locator("article .longform-series .longform-series-part").first.inner_text()
    match = re.fullmatch(r"Part (\d+) of (\d+)", text.strip())
    assert match, f"the series line of {watched.page.url} reads {text!r}, not 'Part k of n'"
    return int(match[1]), int(match[2])


def test_series_previous_and_next(site: Site, open_page: Any) -> None:
    first = next(
        (
            path
            for path in sorted(p.relative_to(site.html).as_posix() for p in site.html.glob("essays/*.html"))
            if "longform-series-next" in (site.html / path).read_text(encoding="utf-8")
            and "longform-series-prev" not in (site.html / path).read_text(encoding="utf-8")
        ),
        None,
    )
    assert first is not None, "no essay opens a series (a 'next part' link and no 'previous part')"
    watched = open_page()
    page = watched.page
    watched.goto(site.url(first))
    part, total = _series_part(watched)

    seen = [first]
    while part < total:
        page.locator("article a.longform-series-next").first.click()
        page.wait_for_load_state("load")
        new_part, new_total = _series_part(watched)
        assert (new_part, new_total) == (part + 1, total), (
            f"'next part' from part {part} of {total} ({seen[-1]}) reached part {new_part} of {new_total}"
        )
        part = new_part
        seen.append(_href_path(watched))
    assert page.locator("article a.longform-series-next").count() == 0, "the last part still offers a next part"

    while part > 1:
        page.locator("article a.longform-series-prev").first.click()
        page.wait_for_load_state("load")
        new_part, _ = _series_part(watched)
        assert new_part == part - 1, f"'previous part' from part {part} reached part {new_part}"
        part = new_part
    assert _href_path(watched).endswith(first), f"walking back did not return to {first}"
    watched.assert_clean("series previous/next")


def test_reading_path_progress_survives_a_reload(site: Site, open_page: Any) -> None:
    path_page = site.kinds["path page"]
    watched = open_page()
    page = watched.page
    watched.goto(site.url(path_page))
    path = page.locator("article [data-longform-essays]").first
    essays = path.get_attribute("data-longform-essays").split()
    progress = path.locator("[data-longform-progress]").first
    assert progress.inner_text().strip() == f"0 of {len(essays)} read", "a new reader's progress is not '0 of n read'"

    page.locator(f'article [data-longform-essay="{essays[0]}"] a').first.click()
    page.wait_for_url(f"**/{essays[0]}.html", timeout=LOCAL_TIMEOUT)
    button = page.locator(f'button[data-longform-read-toggle="{essays[0]}"]')
    assert button.count() == 1, f"{essays[0]} (step 1 of {path_page}) has no 'Mark as read' button"
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true", "the button does not show the essay as read"

    page.reload(wait_until="load")
    button = page.locator(f'button[data-longform-read-toggle="{essays[0]}"]')
    assert button.get_attribute("aria-pressed") == "true", "after a reload the essay is no longer marked as read"

    watched.goto(site.url(path_page))
    page.reload(wait_until="load")
    progress = page.locator("article [data-longform-essays] [data-longform-progress]").first
    assert progress.inner_text().strip() == f"1 of {len(essays)} read", (
        f"the path page shows {progress.inner_text()!r} after one essay was marked read and the page reloaded"
    )
    step = page.locator(f'article [data-longform-essay="{essays[0]}"]')
    assert step.get_attribute("data-longform-read") == "true", "the read step is not marked on the path page"
    watched.assert_clean("reading-path progress")


# -- search -----------------------------------------------------------------------------------


def _body_words(site: Site, path: str) -> set[str]:
    article = site.soup(path).find("article")
    for node in article.select("h1, .longform-meta, .longform-tags, .longform-series, .longform-series-footer"):
        node.decompose()
    return {word for word in re.findall(r"[a-z]{9,}", article.get_text(" ")) if word.isascii()}


def test_search_finds_an_essay_by_a_word_in_its_body(site: Site, open_page: Any) -> None:
    essays = sorted(p.relative_to(site.html).as_posix() for p in site.html.glob("essays/*.html"))
    words = {path: _body_words(site, path) for path in essays}
    counts = Counter(word for found in words.values() for word in found)
    target, word = next(
        ((path, word) for path in essays for word in sorted(words[path]) if counts[word] == 1), (None, None)
    )
    assert target is not None, "no essay has a body word of its own to search for"

    watched = open_page()
    page = watched.page
    watched.goto(site.url(f"search.html?q={word}"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=LOCAL_TIMEOUT)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert any(href.split("?")[0].split("#")[0] == target for href in hrefs), (
        f"searching for {word!r} (only in the body of {target}) found {hrefs}"
    )
    watched.assert_clean(f"search for {word!r}")


# -- themes, phones, console --------------------------------------------------------------------

_COLOURS = """() => {
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) => { const [r, g, b] = rgb.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const body = getComputedStyle(document.body);
  const text = getComputedStyle(document.querySelector("article p"));
  const bg = parse(body.backgroundColor), fg = parse(text.color);
  const [hi, lo] = [lum(bg), lum(fg)].sort((a, b) => b - a);
  return {theme: document.body.dataset.theme, background: body.backgroundColor, text: text.color,
          contrast: (hi + 0.05) / (lo + 0.05)};
}"""


def test_light_and_dark_mode_both_readable(site: Site, open_page: Any) -> None:
    watched = open_page(color_scheme="light")
    page = watched.page
    watched.goto(site.url(site.kinds["essay"]))
    seen: dict[str, dict[str, Any]] = {}
    toggle = page.locator(".theme-toggle:visible").first
    for _ in range(3):  # furo cycles auto -> dark -> light (on a light system)
        colours = page.evaluate(_COLOURS)
        seen.setdefault(colours["theme"], colours)
        toggle.click()
    assert {"dark", "light"} <= set(seen), f"the theme toggle never reached both themes: {sorted(seen)}"
    light, dark = seen["light"], seen["dark"]
    assert light["background"] != dark["background"], f"dark mode keeps the light background {light['background']}"
    assert light["text"] != dark["text"], f"dark mode keeps the light text colour {light['text']}"
    for name, colours in (("light", light), ("dark", dark)):
        assert colours["contrast"] >= 4.5, (
            f"{name} mode: text {colours['text']} on {colours['background']} has contrast "
            f"{colours['contrast']:.2f}, below 4.5"
        )
    watched.assert_clean("theme toggle")


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && getComputedStyle(el).position !== "fixed") {
      wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def test_phone_width_has_no_horizontal_scrolling_and_no_console_errors(site: Site, open_page: Any) -> None:
    watched = open_page(width=PHONE, height=812)
    overflowing = []
    for kind, path in site.kinds.items():
        watched.goto(site.url(path))
        found = watched.page.evaluate(_OVERFLOW)
        if found["scroll"] > found["width"]:
            overflowing.append(f"{kind} ({path}): {found['scroll']}px wide in {found['width']}px; {found['wide']}")
    assert not overflowing, f"pages that scroll sideways at {PHONE}px:\n" + "\n".join(overflowing)
    watched.assert_clean(f"every kind of page at {PHONE}px")


# -- hostile metadata ----------------------------------------------------------------------------

_INJECTED = """() => {
  const found = [];
  const show = (el) => found.push(el.outerHTML.slice(0, 120));
  document.querySelectorAll("[onerror], [onmouseover], img[src='x']").forEach(show);
  document.querySelectorAll("script").forEach((s) => {
    // A script the browser runs must not hold the payload; a data block (JSON-LD) never runs, and is
    // intact: a value that closed it early would leave JSON that does not parse (and live markup after it).
    const type = (s.type || "").toLowerCase();
    if (!type || type === "text/javascript" || type === "application/javascript" || type === "module") {
      if (s.textContent.includes("alert(")) show(s);
    } else if (type === "application/ld+json") {
      try { JSON.parse(s.textContent); } catch (error) { show(s); }
    }
  });
  return found;
}"""


def test_hostile_site_runs_no_script(hostile_site: Site, open_page: Any) -> None:
    watched = open_page()
    page = watched.page
    pages = sorted(p.relative_to(hostile_site.html).as_posix() for p in hostile_site.html.rglob("*.html"))
    assert "essays/hostile.html" in pages, "the hostile essay was not built"
    injected = []
    for path in [*pages, "search.html?q=hostileword"]:
        watched.goto(hostile_site.url(path))
        if "?q=" in path:  # the search page shows titles and text of every matching page
            page.locator("#search-results ul.search li a").first.wait_for(timeout=LOCAL_TIMEOUT)
        page.wait_for_timeout(50)
        injected += [f"{path}: {html}" for html in page.evaluate(_INJECTED)]
    assert not watched.dialogs, f"hostile metadata ran script (dialogs opened): {watched.dialogs}"
    assert not injected, "hostile metadata became elements:\n" + "\n".join(injected)
    watched.assert_clean("the hostile site")
