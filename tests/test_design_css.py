"""sphinx-design's stylesheet (about 55 KB) loads only on pages that hold a sphinx-design component; Longform's own
badges and cards (tags, reading paths) are drawn by longform-design.css (tests/roots/test-design)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import proofkit as kit
import pytest

from longform.site import assets

DESIGN = "sphinx-design.min.css"


@pytest.fixture(scope="module")
def site(built_root: Any) -> Any:
    app = built_root("design")
    assert app.warnings == ""
    return app


def _stylesheets(app: Any, page: str) -> list[str]:
    soup = kit.soup(app, page)
    return [link["href"].split("?")[0].rsplit("/", 1)[-1] for link in soup.find_all("link", rel="stylesheet")]


def test_pages_with_a_component_load_it(site):
    for page in ("essays/card.html", "essays/badge.html"):
        assert DESIGN in _stylesheets(site, page), page


def test_pages_without_one_do_not(site):
    out = Path(site.outdir)
    pages = ["essays/plain.html", "index.html", "paths/way.html", "archive.html", "search.html", "tags/index.html"]
    pages += [p.relative_to(out).as_posix() for p in sorted(out.glob("tags/*.html"))]
    for page in pages:
        assert (out / page).is_file(), page
        assert DESIGN not in _stylesheets(site, page), page
    # These pages show Longform's badges and cards, drawn by its own stylesheet instead.
    way = kit.soup(site, "paths/way.html")
    assert way.select(".sd-card.longform-path-step") and way.select(".sd-card.longform-path-entry")
    tag = kit.soup(site, "tags/cards.html")
    assert tag.select(".sd-badge.longform-tag") or tag.select(".longform-item")
    assert "longform.css" in _stylesheets(site, "paths/way.html")


def test_the_longform_stylesheet_draws_its_own_badges_and_cards(site):
    css = (Path(site.outdir) / "_static" / assets.STYLESHEET).read_text(encoding="utf-8")
    assert '.sd-badge[class*="longform-"]{' in css
    assert ".sd-card.longform-path-step," in css


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a class="sd-badge sd-outline-primary sd-text-primary longform-tag">go</a>', False),
        ('<div class="sd-card sd-sphinx-override sd-mb-3 sd-shadow-sm longform-path-step">', False),
        ('<div class="sd-card sd-sphinx-override sd-mb-3 sd-shadow-sm docutils">', True),  # a contributor's card
        ('<span class="sd-badge sd-bg-info sd-bg-text-info">new</span>', True),  # a {bdg-info} role
        # a colour longform-design.css does not draw (a sphinx-tags badge colour): sphinx-design's stylesheet stays
        ('<span class="sd-badge sd-bg-success sd-bg-text-success longform-tag">go</span>', True),
        ('<svg class="sd-octicon sd-octicon-rocket" viewBox="0 0 16 16"></svg>', True),
        ('<div class="sd-tab-set docutils">', True),
        ("<p>sd- in a sentence is not a class</p>", False),
        ("", False),
    ],
)
def test_what_counts_as_a_component(body, expected):
    assert assets.uses_design(body) is expected
