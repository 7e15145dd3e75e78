"""The accessibility repairs, read from the built HTML (what axe-core checks in the browser tests).

* a toctree caption (``role="heading"``) needs an ``aria-level``: in the page body, in the
  sidebar the theme gets from ``toctree()`` ("full" navigation, the 404 page);
* a code block's ``<pre>`` and furo's table wrapper scroll sideways: a keyboard user needs
  ``tabindex="0"`` to reach them.

Each check first finds the elements (a page without any would pass trivially), then their attribute.
"""

from __future__ import annotations

from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

CONF = """\
extensions = ["myst_parser", "longform", "notfound.extension"]
html_theme = "furo"
project = "Accessible"
myst_disable_syntax = ["html_block", "html_inline"]
suppress_warnings = ["longform.no-baseurl"]
"""

ESSAY = """\
---
date: 2026-04-01
description: Code and a table.
tags: [alpha]
---

# Code and a table

```python
def a_line_long_enough_to_scroll_sideways_on_a_phone(first_argument, second_argument, third_argument):
    return first_argument
```

| Column | Another column |
| ------ | -------------- |
| one    | two            |
"""

FILES = {
    "conf.py": CONF,
    "tags.yaml": "alpha:\n  title: Alpha\n  description: The one tag.\n",
    "index.md": "# Home\n\n```{toctree}\n:caption: Topics\n\ntopics/a\n```\n",
    "topics/a.md": "# Topic A\n\n```{toctree}\n:caption: Essays on A\n\n/essays/code\n```\n",
    "essays/code.md": ESSAY,
}


def _site(root: Path) -> Path:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _body(soup: BeautifulSoup):
    main = soup.select_one("article")
    assert main is not None
    return main


def _captions(node) -> list:
    return node.select('p.caption[role="heading"]')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One site built twice: the default scoped navigation, and "full" (the theme's own toctree())."""
    out = {}
    for navigation in ("scoped", "full"):
        src = _site(tmp_path_factory.mktemp("a11y") / navigation)
        app = kit.build_app(src, longform_navigation=navigation)
        assert app.warnings == ""
        out[navigation] = Path(app.outdir)
    return out


@pytest.mark.parametrize("navigation", ["scoped", "full"])
def test_toctree_captions_in_the_page_body_have_a_heading_level(built, navigation):
    for page, caption in (("index.html", "Topics"), ("topics/a.html", "Essays on A")):
        captions = _captions(_body(kit.soup(built[navigation], page)))
        assert [c.get_text(strip=True) for c in captions] == [caption], page
        assert [c.get("aria-level") for c in captions] == ["2"], page


@pytest.mark.parametrize("navigation", ["scoped", "full"])
def test_toctree_captions_in_the_sidebar_have_a_heading_level(built, navigation):
    for page in ("index.html", "topics/a.html", "essays/code.html", "404.html"):
        sidebar = kit.soup(built[navigation], page).select_one(".sidebar-tree")
        captions = _captions(sidebar)
        assert "Topics" in [c.get_text(strip=True) for c in captions], (navigation, page)
        assert {c.get("aria-level") for c in captions} == {"2"}, (navigation, page)


def test_every_heading_role_on_every_page_has_a_level(built):
    """axe's aria-required-attr, over the whole output."""
    for outdir in built.values():
        pages = sorted(outdir.rglob("*.html"))
        assert len(pages) >= 5
        for path in pages:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for element in soup.select('[role="heading"]'):
                assert element.get("aria-level"), (path.relative_to(outdir), str(element)[:80])


@pytest.mark.parametrize("navigation", ["scoped", "full"])
def test_code_blocks_can_be_focused_to_scroll(built, navigation):
    page = _body(kit.soup(built[navigation], "essays/code.html"))
    # the essay's one code block (the "Cite this essay" exports are code blocks too, and focusable as well)
    blocks = [pre for pre in page.select("div.highlight > pre") if not pre.find_parent(class_="longform-cite")]
    assert len(blocks) == 1
    assert "a_line_long_enough_to_scroll_sideways" in blocks[0].get_text()
    assert blocks[0].get("tabindex") == "0"


@pytest.mark.parametrize("navigation", ["scoped", "full"])
def test_table_wrappers_can_be_focused_to_scroll(built, navigation):
    wrappers = _body(kit.soup(built[navigation], "essays/code.html")).select("div.table-wrapper")
    assert len(wrappers) == 1
    assert wrappers[0].find("table") is not None
    assert "Another column" in wrappers[0].get_text()
    assert wrappers[0].get("tabindex") == "0"
