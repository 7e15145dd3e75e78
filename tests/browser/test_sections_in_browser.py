"""Sidenotes, time left and "changed since you last read" in Chromium (features/sidenotes.py, features/sections.py).

The sections root (``tests/roots/test-sections``: furo; an essay with three footnotes, a figure, a subsection)
is built strictly and served.  Measured with bounding boxes:

* **Sidenotes**, at 1024, 1280, 1440 and 1920 px, light and dark: every note is shown in the margin, right of
  the reading column, level with the paragraph that cites it, clear of furo's outline, of the figures and of
  each other.  At 375 px a note is hidden until its reference is activated (click, keyboard only, touch
  emulation), then shown inline inside the column; Escape closes it.  In print the copies are gone and the
  footnotes at the end remain.
* **Time left**: hidden at the top, "N min left" further down, never more than the essay's own time, falling
  as the reader scrolls; clear of the outline.
* **Changed since**: a first visit records the fingerprints silently; a stored record with an old fingerprint
  for one section and an old date gives one line naming the count, the date and the essay's updated date,
  and marks that section; "Mark as seen" clears both and a reload shows nothing.
* Screenshots into ``build/screenshots/sections-*.png`` (looked at by a person).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from proofkit import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
ESSAY = "essays/garden.html"
BOXES = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top + scrollY,
    bottom: b.bottom + scrollY, width: b.width, height: b.height, display: getComputedStyle(e).display}; };
  const toc = document.querySelector('.toc-drawer');
  return {
    column: box(document.querySelector('section.longform-page')),
    notes: [...document.querySelectorAll('aside.longform-sidenote')].map(box),
    cited: [...document.querySelectorAll('aside.longform-sidenote')].map(a => box(a.nextElementSibling)),
    refs: [...document.querySelectorAll('a.footnote-reference')].map(box),
    toc: toc && getComputedStyle(toc).display !== 'none' ? box(toc) : null,
    tocTree: document.querySelector('.toc-tree') ? box(document.querySelector('.toc-tree')) : null,
    figures: [...document.querySelectorAll('article figure, article img, article pre')].map(box),
    viewport: innerWidth,
  };
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


@dataclass(frozen=True)
class Site:
    html: Path
    base: str

    def url(self, path: str) -> str:
        return self.base + path

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def sections_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    src = tmp_path_factory.mktemp("sections") / "sections"
    shutil.copytree(ROOT / "tests" / "roots" / "test-sections", src)
    built = build(src, freshenv=True)
    assert built.warnings == "", built.warnings
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve sections", daemon=True).start()
    yield Site(html=Path(built.outdir), base=f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(SHOTS / f"sections-{name}.png"))


# -- sidenotes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1024, 1280, 1440, 1920])
def test_wide_sidenotes_sit_in_the_margin_beside_their_paragraph(
    sections_site: Site, open_page: Any, width: int, scheme: str
) -> None:
    page = open_page(width=width, height=900, color_scheme=scheme)
    page.goto(sections_site.url(ESSAY))
    found = page.page.evaluate(BOXES)
    notes = found["notes"]
    assert len(notes) == 3
    for note, cited, ref in zip(notes, found["cited"], found["refs"], strict=True):
        assert note["display"] == "block" and note["width"] >= 150, note
        assert note["left"] >= found["column"]["right"] + 8, (note, found["column"])
        assert note["right"] <= width, note
        # Level with the paragraph that cites it: starts at its top, above the reference's line.
        assert abs(note["top"] - cited["top"]) <= 12 and note["top"] <= ref["top"] + 4, (note, cited, ref)
        if found["toc"] is not None and found["toc"]["left"] < width:
            assert note["right"] <= found["toc"]["left"], (note, found["toc"])
        assert not [fig for fig in found["figures"] if _overlap(note, fig)]
    assert not any(_overlap(a, b) for i, a in enumerate(notes) for b in notes[i + 1 :])
    # The note says what the footnote says.
    texts = page.page.eval_on_selector_all("aside.longform-sidenote", "els => els.map(e => e.textContent)")
    assert "envelope" in texts[0] and texts[0].lstrip().startswith("1")
    page.page.evaluate("document.querySelector('aside.longform-sidenote').scrollIntoView({block: 'center'})")
    _shot(page, f"{width}-{scheme}")
    page.assert_clean(f"{ESSAY} at {width} px")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_narrow_sidenotes_open_inline_on_click(sections_site: Site, open_page: Any, scheme: str) -> None:
    page = open_page(width=375, height=740, color_scheme=scheme)
    page.goto(sections_site.url(ESSAY))
    assert all(n["display"] == "none" for n in page.page.evaluate(BOXES)["notes"])
    ref = page.page.locator("a.footnote-reference").nth(1)
    assert ref.get_attribute("aria-expanded") == "false"
    ref.click()
    assert ref.get_attribute("aria-expanded") == "true"
    assert page.page.evaluate("location.hash") == ""  # stayed in place
    found = page.page.evaluate(BOXES)
    opened = found["notes"][1]
    assert opened["display"] == "block"
    assert found["column"]["left"] - 1 <= opened["left"] and opened["right"] <= found["column"]["right"] + 1
    assert opened["top"] >= found["refs"][1]["top"]  # after the paragraph that cites it
    assert "pH of 6.2" in page.page.locator("aside.longform-sidenote").nth(1).inner_text()
    page.page.locator("aside.longform-sidenote").nth(1).scroll_into_view_if_needed()
    _shot(page, f"375-{scheme}-open")
    ref.click()
    assert page.page.evaluate(BOXES)["notes"][1]["display"] == "none"
    page.assert_clean(f"{ESSAY} at 375 px")


def test_keyboard_only_opens_and_closes_a_sidenote(sections_site: Site, open_page: Any) -> None:
    page = open_page(width=375, height=740)
    page.goto(sections_site.url(ESSAY))
    for _ in range(80):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.matches('a.footnote-reference')"):
            break
    else:
        pytest.fail("Tab never reached a footnote reference")
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    assert page.page.evaluate(BOXES)["notes"][0]["display"] == "block"
    page.page.keyboard.press("Escape")
    assert page.page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    assert page.page.evaluate(BOXES)["notes"][0]["display"] == "none"
    page.assert_clean("keyboard")


def test_a_tap_opens_a_sidenote(sections_site: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(sections_site.url(ESSAY))
        page.locator("a.footnote-reference").nth(2).tap()
        assert page.evaluate(BOXES)["notes"][2]["display"] == "block"
        assert page.locator("a.footnote-reference").nth(2).get_attribute("aria-expanded") == "true"
        assert errors == []
    finally:
        context.close()


def test_print_keeps_footnotes_and_drops_the_copies(sections_site: Site, open_page: Any) -> None:
    page = open_page(width=1440, height=900)
    page.goto(sections_site.url(ESSAY))
    page.page.emulate_media(media="print")
    assert all(n["display"] == "none" for n in page.page.evaluate(BOXES)["notes"])
    shown = page.page.eval_on_selector_all("aside.footnote", "els => els.map(e => getComputedStyle(e).display)")
    assert len(shown) == 3 and "none" not in shown
    assert page.page.evaluate("getComputedStyle(document.querySelector('p.longform-time-left')).display") == "none"


def test_a_printed_essay_has_each_footnote_once_at_the_end(sections_site: Site, open_page: Any) -> None:
    """Chromium's own print (``page.pdf()``, read back with pypdf), at a width where the sidenotes show on screen:
    each note's text is printed once, after the essay's text, never beside it as a copy."""
    import io

    from pypdf import PdfReader

    page = open_page(width=1440, height=900)
    page.goto(sections_site.url(ESSAY))
    page.page.wait_for_selector("aside.longform-sidenote", state="attached")  # the screen has its copies
    reader = PdfReader(io.BytesIO(page.page.pdf(format="A4", print_background=False)))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))  # pypdf's line-end spaces differ
    notes = (
        "The plan was drawn on the back of an envelope and has since been lost.",
        "A pH of 6.2, measured with a kit from the hardware shop.",
        "Two hundred litres a butt, five butts, and a roof that catches more than expected.",
    )
    last_paragraph = sections_site.soup(ESSAY).select("section#shelter p")[-1].get_text()  # the essay's last words
    for note in notes:
        assert text.count(re.sub(r"\s+", "", note)) == 1, note
        assert text.index(re.sub(r"\s+", "", note)) > text.index(re.sub(r"\s+", "", last_paragraph)[:60])
    page.assert_clean("print")


# -- time left ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [375, 1440])
def test_time_left_falls_as_the_reader_scrolls(sections_site: Site, open_page: Any, width: int) -> None:
    page = open_page(width=width, height=800)
    page.goto(sections_site.url(ESSAY))
    total = int(re.match(r"\d+", page.page.inner_text(".longform-reading-time")).group())
    left = page.page.locator("p.longform-time-left")
    assert left.get_attribute("aria-live") == "polite"
    assert not left.is_visible()  # at the top, the header says the time
    seen = []
    height = page.page.evaluate("document.documentElement.scrollHeight")
    for fraction in (0.2, 0.45, 0.7):
        page.page.evaluate(f"window.scrollTo(0, {int(height * fraction)})")
        page.page.wait_for_timeout(150)
        text = left.inner_text()
        assert re.fullmatch(r"\d+ min left|Less than a minute left", text), text
        seen.append(int(text.split()[0]) if text[0].isdigit() else 0)
    assert seen == sorted(seen, reverse=True) and seen[0] < total and seen[0] > seen[-1], seen
    box = left.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width and box["height"] < 40
    # Nothing covers it (furo's outline is a stacking context of its own): its corners are its own (hit-testing
    # turned on for the check: the element lets clicks through to the page).
    page.page.evaluate("document.querySelector('p.longform-time-left').style.pointerEvents = 'auto'")
    middle, round_end = box["y"] + box["height"] / 2, box["height"] / 2  # a pill: its ends are round
    for x, y in ((box["x"] + round_end, middle), (box["x"] + box["width"] - round_end, middle)):
        assert page.page.evaluate(f"document.elementFromPoint({x}, {y}).className") == "longform-time-left"
    tree = page.page.evaluate(
        "(() => { const t = document.querySelector('.toc-tree'); if (!t || !t.offsetParent) return null;"
        " const b = t.getBoundingClientRect();"
        " return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; })()"
    )
    mine = {"left": box["x"], "right": box["x"] + box["width"], "top": box["y"], "bottom": box["y"] + box["height"]}
    if tree is not None and tree["left"] < width:
        assert not _overlap(mine, tree), (mine, tree)
    _shot(page, f"time-left-{width}")
    page.assert_clean("time left")


# -- changed since you last read ------------------------------------------------------------------------


def test_changed_since_you_last_read(sections_site: Site, open_page: Any) -> None:
    page = open_page(width=1440, height=900)
    page.goto(sections_site.url(ESSAY))
    assert page.page.locator("p.longform-changed-line").count() == 0  # a first visit says nothing
    stored = json.loads(page.page.evaluate("localStorage.getItem('longform:seen')"))
    record = stored["essays/garden"]
    marked = sections_site.soup(ESSAY).select("section[data-longform-fingerprint]")
    fingerprints = {s["id"]: s["data-longform-fingerprint"] for s in marked}
    assert record["sections"] == fingerprints
    # An older visit: the "water" section read as it was before, on 3 May.
    record["sections"]["water"] = "0123456789abcdef"
    record["at"] = "2026-05-03"
    page.page.evaluate(f"localStorage.setItem('longform:seen', {json.dumps(json.dumps(stored))})")
    page.page.reload()
    line = page.page.locator("p.longform-changed-line")
    assert line.count() == 1
    text = line.inner_text()
    year = "" if page.page.evaluate("new Date().getFullYear()") == 2026 else ", 2026"
    assert text.startswith(f"1 section changed since you read this on May 3{year}"), text
    assert f"the essay was updated on June 10{year}" in text
    assert line.get_attribute("role") == "status"
    changed = page.page.eval_on_selector_all("section.longform-changed", "els => els.map(e => e.id)")
    assert changed == ["water"]
    assert page.page.inner_text("#water > h2").endswith("Changed since you last read")
    # The line sits at the top: under the header, above the first paragraph of the text.
    positions = page.page.evaluate(
        "[document.querySelector('p.longform-changed-line').getBoundingClientRect().top,"
        " document.querySelector('section.longform-page > p:not([class])').getBoundingClientRect().top]"
    )
    assert positions[0] < positions[1]
    _shot(page, "changed-1440")
    page.page.get_by_role("button", name="Mark as seen").click()
    assert line.count() == 0 and page.page.locator("section.longform-changed").count() == 0
    page.page.reload()
    assert page.page.locator("p.longform-changed-line").count() == 0
    page.assert_clean("changed since")


def test_changed_since_on_a_phone_in_the_dark(sections_site: Site, open_page: Any) -> None:
    page = open_page(width=375, height=740, color_scheme="dark")
    page.goto(sections_site.url(ESSAY))
    page.page.evaluate(
        "(() => { const all = JSON.parse(localStorage.getItem('longform:seen'));"
        " all['essays/garden'].sections.soil = 'x'; all['essays/garden'].sections.shelter = 'y';"
        " localStorage.setItem('longform:seen', JSON.stringify(all)); })()"
    )
    page.page.reload()
    text = page.page.inner_text("p.longform-changed-line")
    assert text.startswith("2 sections changed since you read this on"), text
    button = page.page.get_by_role("button", name="Mark as seen")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    _shot(page, "changed-375-dark")
    page.assert_clean("changed since, phone")


@pytest.fixture(scope="module")
def german_sections_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    src = tmp_path_factory.mktemp("sections-de") / "sections"
    shutil.copytree(ROOT / "tests" / "roots" / "test-sections", src)
    built = build(src, freshenv=True, language="de")
    assert built.warnings == "", built.warnings
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve sections-de", daemon=True).start()
    yield Site(html=Path(built.outdir), base=f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()


def test_the_changed_line_and_time_left_speak_the_pages_language(german_sections_site: Site, open_page: Any) -> None:
    page = open_page(width=1440, height=800)
    page.goto(german_sections_site.url(ESSAY))
    page.page.evaluate(
        "(() => { const all = JSON.parse(localStorage.getItem('longform:seen'));"
        " all['essays/garden'].sections.water = 'x'; all['essays/garden'].at = '2025-05-03';"
        " localStorage.setItem('longform:seen', JSON.stringify(all)); })()"
    )
    page.page.reload()
    text = page.page.inner_text("p.longform-changed-line")
    assert text.startswith("1 Abschnitt hat sich geändert, seit Sie dies am 3. Mai 2025 gelesen haben"), text
    assert "der Essay wurde am 10. Juni" in text
    assert page.page.get_by_role("button", name="Als gesehen markieren").count() == 1
    page.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.3)")
    page.page.wait_for_timeout(150)
    assert re.fullmatch(r"noch \d+ Min\.", page.page.inner_text("p.longform-time-left"))
    page.assert_clean("German")
