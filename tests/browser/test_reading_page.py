"""The essay page as a reader meets it: the column's measure, the top on a phone, print, reader mode.

* **Measure**: characters per rendered line of an essay's prose, counted in Chromium character by
  character (``reading.js``: a Range per character, grouped into lines by their boxes), at 768, 1024,
  1280, 1440 and 1920 px in light and dark: the median full line holds 60–75 characters; at 375 px at
  least 35, and the first paragraph starts on the first screen (375 × 740).  Text is near-black (light)
  and not pure white (dark); other pages keep the theme's column.
* **Print**: the essay printed by Chromium (``page.pdf()``, print media) and read back with pypdf: title,
  byline, date, body and the page's address are there; navigation, banners, buttons, the end-of-essay
  lists and the theme's footer are not.
* **Reader mode**: Firefox's engine (``@mozilla/readability`` on jsdom, from npm into a cache) run on
  every essay, note and piece of earlier writing of the built site: title, byline and date found; the
  text starts with the essay's first paragraph and holds no "¶", no tags line, no "Linked from", no
  "Read next", no "Back to top".
* **Screenshots** of an essay, a note and a topic page at 375 and 1280 px, light and dark, into
  ``build/screenshots/reading-*.png`` (looked at by a person; CI uploads the folder).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
Site = Any

ROOT = Path(__file__).resolve().parents[2]
MEASURE = (Path(__file__).parent / "reading.js").read_text(encoding="utf-8")
READABILITY_SCRIPT = ROOT / "tests" / "readability.js"
READABILITY_PACKAGES = ("@mozilla/readability@0.6.0", "jsdom@26.1.0")
READABILITY_CACHE = Path.home() / ".cache" / "longform-tests" / "readability"
SHOTS = ROOT / "build" / "screenshots"
WIDTHS = (768, 1024, 1280, 1440, 1920)
SCHEMES = ("light", "dark")


def _long_essay(site: Site) -> str:
    """The essay with the most prose paragraphs (so every width has many full lines to count)."""
    from bs4 import BeautifulSoup

    def paragraphs(path: Path) -> int:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return len([p for p in soup.select("article section > p") if not p.get("class")])

    best = max(sorted(site.html.glob("essays/*.html")), key=paragraphs)
    return best.relative_to(site.html).as_posix()


def _measure(page: Any) -> dict[str, Any]:
    found = page.page.evaluate(MEASURE)
    assert "error" not in found, found
    return found


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


# -- the measure -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_an_essay_line_holds_60_to_75_characters(site: Site, open_page: Any, width: int, scheme: str) -> None:
    page = open_page(width=width, height=900, color_scheme=scheme)
    page.goto(site.url(_long_essay(site)))
    found = _measure(page)
    assert found["lines"] >= 20, f"too few full lines to measure at {width} px: {found}"
    assert 60 <= found["median"] <= 75, f"{width} px, {scheme}: {found}"
    ink = _rgb(found["color"])
    if scheme == "light":
        assert ink != (0, 0, 0) and max(ink) <= 60, f"body text should be near-black, not black: {found['color']}"
    else:
        assert ink != (255, 255, 255) and min(ink) >= 180, f"body text should be light, not white: {found['color']}"
    page.assert_clean(f"essay at {width} px, {scheme}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_the_first_paragraph_is_on_the_first_screen(site: Site, open_page: Any, scheme: str) -> None:
    # The essay whose header is fullest: on a reading path (its banner) and in a series.
    essay = site.kinds["essay"]
    page = open_page(width=375, height=740, color_scheme=scheme)
    page.goto(site.url(essay))
    found = _measure(page)
    assert found["median"] >= 35, found
    assert found["firstTop"] < 740 - 24, f"{essay}: the first paragraph starts at y={found['firstTop']}"
    no_sideways = page.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways, f"{essay} scrolls sideways at 375 px"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_wide_figure_on_a_phone_shows_that_it_scrolls(site: Site, open_page: Any, scheme: str) -> None:
    essay = next(
        p.relative_to(site.html).as_posix()
        for p in sorted(site.html.glob("essays/*.html"))
        if 'class="longform-figure' in p.read_text(encoding="utf-8") and ".svg" in p.read_text(encoding="utf-8")
    )
    page = open_page(width=375, height=740, color_scheme=scheme)
    page.goto(site.url(essay))
    hints = page.page.evaluate(
        """() => [...document.querySelectorAll("figure .longform-figure-link")]
             .filter((box) => box.scrollWidth > box.clientWidth + 1)
             .map((box) => getComputedStyle(box).backgroundImage)"""
    )
    assert hints, f"{essay}: no figure wider than the phone to try"
    # Shadows at the edges (the scroll hint), fixed to the box while the covers move with the content.
    assert all(hint.count("radial-gradient") == 2 and hint.count("linear-gradient") == 2 for hint in hints), hints


def test_the_outline_opens_at_1280(site: Site, open_page: Any) -> None:
    page = open_page(width=1280, height=900)
    page.goto(site.url(_long_essay(site)))
    drawer = page.page.locator(".toc-drawer")
    icon = page.page.locator("label.toc-content-icon")
    if not drawer.is_visible() or drawer.bounding_box()["x"] >= 1280:
        assert icon.is_visible(), "the outline is hidden and no button opens it"
        icon.click()
        page.page.wait_for_timeout(400)
    box = drawer.bounding_box()
    assert box is not None and box["x"] < 1280 and box["x"] + box["width"] <= 1281, box
    # The essay's sections are listed and can be followed (furo leaves the page's own title out).
    sections = page.page.locator(".toc-drawer .toc-tree li li > a.reference")
    assert sections.count() >= 3 and sections.first.is_visible()
    target = sections.first.get_attribute("href")
    sections.first.click()
    page.page.wait_for_timeout(300)
    assert page.page.evaluate("() => location.hash") == target


def test_headings_step_down_gently_from_the_title(site: Site, open_page: Any) -> None:
    page = open_page(width=1280)
    page.goto(site.url(_long_essay(site)))
    sizes = page.page.evaluate(
        """() => { const px = (s) => { const e = document.querySelector("section.longform-page " + s);
                                      return e ? parseFloat(getComputedStyle(e).fontSize) : null; };
                   return {body: px("section > p:not([class])"), h1: px("h1"), h2: px("h2"), h3: px("h3")}; }"""
    )
    body = sizes["body"]
    assert 16 <= body <= 19, sizes  # a reading size, larger than a documentation page's 16 px or equal
    assert 1.8 <= sizes["h1"] / body <= 2.4, sizes
    assert 1.25 <= sizes["h2"] / body <= 1.6, sizes  # not twice the body
    if sizes["h3"]:
        assert 1.05 <= sizes["h3"] / body < sizes["h2"] / body, sizes


def test_other_pages_keep_the_themes_column(site: Site, open_page: Any) -> None:
    page = open_page(width=1280)
    page.goto(site.url("tags/index.html"))
    assert page.page.locator("section.longform-page").count() == 0
    size = page.page.evaluate("() => getComputedStyle(document.querySelector('article p')).fontSize")
    assert size == "16px"  # furo's own body size: the reading page's rules did not leak here


# -- print -----------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_printed_essay_is_the_essay_alone(site: Site, open_page: Any) -> None:
    essay = site.kinds["essay"]  # on a reading path: a banner and "Mark as read" to leave out
    soup = site.soup(essay)
    title = soup.find("h1").get_text("", strip=True).rstrip("¶")
    first = next(p for p in soup.select("article section > p") if not p.get("class")).get_text(" ", strip=True)
    authors = [a.get_text(strip=True) for a in soup.select(".longform-meta .longform-author")]
    date = soup.select_one(".longform-meta .longform-date").get_text(strip=True)
    address = soup.find("link", rel="canonical")["href"]
    assert soup.select(".longform-path-banner") and soup.select("#longform-related, #linked-from")

    page = open_page(width=1280)
    page.goto(site.url(essay))
    page.page.emulate_media(media="print")
    styles = page.page.evaluate(
        """() => {
          const show = (s) => [...document.querySelectorAll(s)].map((e) => getComputedStyle(e).display);
          return {hidden: show(".skip-to-content, .mobile-header, .sidebar-drawer, .toc-drawer, .back-to-top, "
                  + ".longform-path-banners, .longform-related, .longform-backlinks, .related-pages, footer"),
                  address: show("p.longform-print-url"),
                  figures: [...document.querySelectorAll("article figure")]
                    .map((f) => getComputedStyle(f).breakInside)};
        }"""
    )
    assert styles["hidden"] and set(styles["hidden"]) == {"none"}, styles
    assert styles["address"] == ["block"], styles
    assert all(value == "avoid" for value in styles["figures"]), styles
    text = _pdf_text(page.page.pdf(format="A4", print_background=False))
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 (pypdf's spaces at line ends differ)
    for wanted in (title, date, *authors, first[:120], address):
        assert squash(wanted) in squash(text), f"the printed essay lacks {wanted!r}"
    for unwanted in (
        "Skip to content",
        "Back to top",
        "Mark as read",
        "Linked from",
        "Read next",
        "Reading path",
        "Made with",
        "Copyright",
        "On this page",
    ):
        assert unwanted not in text, f"the printed essay shows {unwanted!r}"
    banner = soup.select_one(".longform-path-banner").get_text(" ", strip=True)
    assert squash(banner) not in squash(text)


# -- reader mode -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def readability_modules() -> Path:
    """@mozilla/readability and jsdom, installed from the npm registry once into a cache folder."""
    modules = READABILITY_CACHE / "node_modules"
    if not all((modules / name.rsplit("@", 1)[0] / "package.json").is_file() for name in READABILITY_PACKAGES):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the reader-mode test installs @mozilla/readability from the npm registry")
        READABILITY_CACHE.mkdir(parents=True, exist_ok=True)
        command = [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(READABILITY_CACHE)]
        result = subprocess.run([*command, *READABILITY_PACKAGES], capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            pytest.fail(f"npm install {' '.join(READABILITY_PACKAGES)} failed:\n{result.stdout}\n{result.stderr}")
    return modules


def test_reader_mode_keeps_title_byline_date_and_the_body_only(site: Site, readability_modules: Path) -> None:
    from bs4 import BeautifulSoup

    node = shutil.which("node")
    assert node is not None, "node is missing: the reader-mode test runs @mozilla/readability"
    pages = sorted(
        p.relative_to(site.html).as_posix()
        for folder in ("essays", "notes", "earlier")
        for p in site.html.glob(f"{folder}/*.html")
        if p.name != "index.html"
    )
    assert len(pages) >= 10
    result = subprocess.run(
        [node, str(READABILITY_SCRIPT), str(readability_modules), site.base, str(site.html), *pages],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    problems = []
    for page in pages:
        article = found[page]
        soup = BeautifulSoup((site.html / page).read_text(encoding="utf-8"), "html.parser")
        title = soup.find("h1").get_text("", strip=True).rstrip("¶")
        authors = [a.get_text(strip=True) for a in soup.select(".longform-meta .longform-author")]
        published = soup.find("meta", property="article:published_time")["content"]
        tag_line = soup.select_one("p.longform-tag-line")
        first = next(p for p in soup.select("article section > p") if not p.get("class")).get_text()
        if "error" in article:
            problems.append(f"{page}: {article['error']}")
            continue
        text = article["text"]
        checks = {
            "title": article["title"] == title,
            "byline": bool(article["byline"]) and all(name in article["byline"] for name in authors),
            "date": (article["publishedTime"] or "").startswith(published),
            "starts with the first paragraph": " ".join(text.split())[:60] == " ".join(first.split())[:60],
            "no ¶": "¶" not in text,
            "no tags line": tag_line is None or " ".join(tag_line.get_text(" ", strip=True).split()) not in text,
            "no Linked from": "Linked from" not in text,
            "no Read next": "Read next" not in text,
            "no Back to top": "Back to top" not in text,
        }
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            problems.append(
                f"{page}: {failed} (title {article['title']!r}, byline {article['byline']!r}, "
                f"date {article['publishedTime']!r}, text {text[:160]!r})"
            )
    assert not problems, "\n".join(problems)


# -- screenshots -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", (375, 1280))
def test_screenshots_of_the_reading_pages(site: Site, open_page: Any, width: int, scheme: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for kind in ("essay", "note", "topic"):
        page = open_page(width=width, height=740 if width == 375 else 900, color_scheme=scheme)
        page.goto(site.url(site.kinds[kind]))
        page.page.screenshot(path=str(SHOTS / f"reading-{kind}-{width}-{scheme}.png"))
        if kind == "essay":
            end = page.page.locator("article #longform-related, article #linked-from").first
            end.scroll_into_view_if_needed()
            page.page.screenshot(path=str(SHOTS / f"reading-{kind}-end-{width}-{scheme}.png"))
        page.assert_clean(f"{kind} at {width} px, {scheme}")


# -- code blocks -----------------------------------------------------------------------------------


def test_a_code_block_has_a_working_copy_button_and_tabs_are_four_wide(site: Site, open_page: Any) -> None:
    essay = next(
        p.relative_to(site.html).as_posix()
        for p in sorted(site.html.glob("essays/*.html"))
        if "highlight-go" in p.read_text(encoding="utf-8")
    )
    page = open_page(width=375, height=740)
    page.goto(site.url(essay))
    button = page.page.locator("div.highlight button.copybtn").first
    button.wait_for(state="attached", timeout=5_000)  # added by sphinx-copybutton's script, from _static
    assert page.page.locator("div.highlight button.copybtn").count() == page.page.locator("div.highlight pre").count()
    found = page.page.evaluate(
        """() => { const pre = document.querySelector("div.highlight-go pre");
                   return {tab: getComputedStyle(pre).tabSize, label: document.querySelector("button.copybtn")
                           .getAttribute("data-tooltip")}; }"""
    )
    assert found["tab"] == "4" and found["label"], found
    page.assert_clean(f"{essay}: the copy button's scripts load under the page's policy")
