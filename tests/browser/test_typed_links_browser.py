"""Typed links in Chromium (features/typed_links.py, features/backlinks.py): the banner of a superseded essay, the
"Builds on …" line, and "Linked from" grouped by kind.

The typed-links root (``tests/roots/test-typed-links``) without its deliberately bad pages is built strictly and
served.  At 375 and 1280 px, light and dark:

* the banner is the first thing under the title, above the date line, inside the reading column, nothing in it
  cut off or overflowing the page, its text readable against its background (contrast), and its link reachable
  with the keyboard and followed with Enter;
* the successor's header line and the target's grouped "Linked from" (Built on by, Answered by, Also linked
  from) are shown in that order, inside the column;
* screenshots into ``build/screenshots/typed-links-*.png`` (looked at by a person).
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
from proofkit import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
#: The root's pages whose typed links are wrong on purpose (tests/test_typed_links.py warns about them).
BAD = ("bad", "cyc-a", "cyc-b", "cyc-c", "new-two", "drafty")

BOXES = """() => {
  const box = e => { if (!e) return null; const b = e.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top + scrollY, bottom: b.bottom + scrollY, width: b.width,
            height: b.height, display: getComputedStyle(e).display}; };
  return {
    column: box(document.querySelector('section.longform-page')),
    title: box(document.querySelector('article h1')),
    banner: box(document.querySelector('.longform-superseded')),
    meta: box(document.querySelector('article .longform-meta')),
    body: box(document.querySelector('article section.longform-page > p:not([class])')),
    relations: box(document.querySelector('.longform-relations')),
    groups: [...document.querySelectorAll('section.longform-backlinks-group')].map(g => ({
      heading: g.querySelector('h3').textContent.replace('#', '').trim(), box: box(g)})),
    scrollWidth: document.documentElement.scrollWidth,
    viewport: innerWidth,
  };
}"""

#: The WCAG contrast of the banner's text against the colour behind it (the first opaque background up the tree).
CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => {
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const text = document.querySelector('.longform-superseded p:not(.admonition-title)');
  let el = text, bg = null;
  while (el) { const c = getComputedStyle(el).backgroundColor; const v = rgb(c);
    if (v.length < 4 || v[3] > 0.9) { if (!(v.length >= 4 && v[3] === 0)) { bg = v.slice(0, 3); break; } }
    el = el.parentElement; }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(text).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


@pytest.fixture(scope="module")
def typed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("typed") / "src"
    shutil.copytree(ROOT / "tests" / "roots" / "test-typed-links", src)
    for name in BAD:
        (src / "essays" / f"{name}.md").unlink()
    built = build(src, freshenv=True)
    assert built.warnings == "", built.warnings
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve typed links", daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return inner["left"] >= outer["left"] - 1 and inner["right"] <= outer["right"] + 1


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(SHOTS / f"typed-links-{name}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_banner_opens_a_superseded_essay(typed_site: str, open_page: Any, width: int, scheme: str) -> None:
    page = open_page(width=width, height=800, color_scheme=scheme)
    page.goto(typed_site + "essays/retries-v1.html")
    found = page.page.evaluate(BOXES)
    banner, title, meta, column = found["banner"], found["title"], found["meta"], found["column"]
    assert banner is not None and banner["display"] == "block" and banner["height"] > 20, banner
    assert title["bottom"] <= banner["top"] <= meta["top"], (title, banner, meta)  # under the title, first
    assert _inside(banner, column), (banner, column)
    assert found["scrollWidth"] <= found["viewport"], "the page scrolls sideways"
    assert page.page.evaluate(CONTRAST) >= 4.5
    text = page.page.inner_text(".longform-superseded p:not(.admonition-title)")
    assert " ".join(text.split()) == "Superseded by Retries, revised (1 March 2026) — read that first."
    _shot(page, f"banner-{width}-{scheme}")
    # Keyboard only: Tab until the successor's link has the focus, Enter follows it.
    for _ in range(60):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.classList.contains('longform-successor')"):
            break
    else:
        pytest.fail("the banner's link never gets the keyboard's focus")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**/essays/retries-v2.html")
    page.assert_clean(f"retries-v1 at {width} px, {scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_linked_from_is_grouped_by_kind(typed_site: str, open_page: Any, width: int, scheme: str) -> None:
    page = open_page(width=width, height=800, color_scheme=scheme)
    page.goto(typed_site + "essays/caching.html")
    found = page.page.evaluate(BOXES)
    assert [group["heading"] for group in found["groups"]] == ["Built on by", "Answered by", "Also linked from"]
    tops = [group["box"]["top"] for group in found["groups"]]
    assert tops == sorted(tops)
    assert all(_inside(group["box"], found["column"]) for group in found["groups"])
    assert found["scrollWidth"] <= found["viewport"]
    page.page.evaluate("document.getElementById('linked-from').scrollIntoView({block: 'start'})")
    _shot(page, f"linked-from-{width}-{scheme}")
    page.goto(typed_site + "essays/retries-v2.html")
    found = page.page.evaluate(BOXES)
    relations = found["relations"]
    assert relations is not None and _inside(relations, found["column"]) and relations["top"] > found["meta"]["top"]
    assert " ".join(page.page.inner_text(".longform-relations").split()) == (
        "Builds on Caching · Supersedes Retries, first take"
    )
    _shot(page, f"relations-{width}-{scheme}")
    page.assert_clean(f"caching and retries-v2 at {width} px, {scheme}")


_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) =>
    v.id + " " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_the_typed_pages(
    typed_site: str, open_page: Any, axe_source: str, scheme: str
) -> None:
    """axe-core on the banner's page, the grouped "Linked from", the header line and a listing with the mark."""
    page = open_page(width=1280, height=900, color_scheme=scheme)
    problems = []
    for path in ("essays/retries-v1.html", "essays/caching.html", "essays/retries-v2.html", "tags/systems.html"):
        page.goto(typed_site + path)
        page.page.evaluate(f"document.body.dataset.theme = {scheme!r}")
        page.page.evaluate(axe_source)  # evaluated, not an inline <script>: the policy refuses those
        problems += [f"{path}: {violation}" for violation in page.page.evaluate(_RUN_AXE)]
    page.assert_clean(f"axe on the typed pages ({scheme})")
    assert problems == []
