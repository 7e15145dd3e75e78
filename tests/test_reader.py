"""Reading like a publication, in the built output: the cascade, the assets each page loads, the essay
header and its end, search that finds prose, figures, and notes as a link stream."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

from longform.core import views
from longform.site import assets

ATOM = "{http://www.w3.org/2005/Atom}"


def _assets(soup: BeautifulSoup) -> list[str]:
    found = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    found += [script["src"] for script in soup.find_all("script", src=True)]
    return [re.sub(r"^(\.\./)*_static/", "", href.split("?")[0]) for href in found]


@pytest.fixture
def reader(built_root):
    app = built_root("reader")
    assert app.warnings == ""
    return app


# -- 1. our CSS always wins; pages load what they use ---------------------------------------


def test_stylesheet_is_a_file_after_the_themes_never_inlined(reader):
    css = Path(reader.outdir, "_static", assets.STYLESHEET)
    assert css.read_text(encoding="utf-8").strip() == assets.stylesheet()
    assert "ol.longform-path-steps" in css.read_text(encoding="utf-8")
    soup = kit.soup(reader, "essays/figure.html")
    assert soup.find("style", id="longform-css") is None
    sheets = [href for href in _assets(soup) if href.endswith(".css")]
    furo = max(i for i, name in enumerate(sheets) if name.startswith("styles/furo"))
    assert sheets.index("longform.css") > furo, sheets


def test_minified_css_keeps_selectors_and_strings_as_written():
    css = assets.stylesheet()
    assert "/*" not in css
    assert 'content:" · "' in css.replace(": ", ":")  # a string's spaces are kept
    assert 'body:not([data-theme="light"]) figure' in css  # a descendant space is kept


def test_each_page_loads_only_the_assets_it_uses(reader):
    figure = _assets(kit.soup(reader, "essays/figure.html"))
    tabs = _assets(kit.soup(reader, "essays/tabs.html"))
    search = _assets(kit.soup(reader, "search.html"))
    assert "design-tabs.js" in tabs and "design-tabs.js" not in figure
    assert "pygments.css" in tabs and "pygments.css" not in figure
    assert "longform.css" in figure and "longform.css" in search  # the search page shows listings too
    assert "longform-search.js" in search and "longform-search.js" not in figure
    for name in ("scripts/furo.js", "styles/furo.css"):  # the theme's own stay everywhere
        assert name in figure and name in search


def test_a_text_build_is_unaffected(copy_root, build):
    app = build(copy_root("reader"), "text")
    assert "[longform" not in app.warnings
    assert not Path(app.outdir, "_static", assets.STYLESHEET).exists()
    text = Path(app.outdir, "essays", "figure.txt").read_text(encoding="utf-8")
    assert "Closing words about tomatoes." in text and "1 min read" in text


# -- 2. the essay page -----------------------------------------------------------------------


def test_header_is_one_meta_line_and_a_tag_line_and_nothing_else(reader):
    soup = kit.soup(reader, "essays/figure.html")
    h1 = soup.find("h1")
    rows = []
    for sibling in h1.find_next_siblings():
        if sibling.name == "p" and not sibling.get("class"):
            break
        rows.append(sibling)
    assert [row["class"][0] for row in rows] == ["longform-meta", "longform-tags"]
    assert kit.text(rows[0]) == "1 June 2026 · 1 min read"
    assert kit.text(rows[1]) == "Tests"
    assert soup.find("article").find("button") is None


def test_the_parts_of_the_header_follow_the_named_tables():
    """Whatever order the features are set up in, the header, its meta line and the footer follow
    views.HEADER, META and FOOTER."""
    from unittest import mock

    from longform.features import authors, backlinks, header, listings, paths, related, series, tags, typed_links

    features = [header, authors, series, tags, paths, listings, related, backlinks, typed_links]
    for order in (features, features[::-1]):
        app = mock.MagicMock()
        app.doctreedir = os.path.join(tempfile.gettempdir(), "longform-mock-doctrees")
        registry = views.setup(app)
        for feature in order:
            feature.setup(app, registry)
        reg = registry.registry
        for parts, table in ((reg.header, views.HEADER), (reg.meta, views.META), (reg.footer, views.FOOTER)):
            names = [name for name, _c, _r in parts]
            assert names == [n for n in table if n in names], (names, table)
            assert set(names) == set(table), (names, table)  # every slot of the table is filled by a feature
    assert "authors" in views.META  # the byline's slot in the meta line


def test_essays_have_no_theme_next_page_but_other_pages_keep_it(reader):
    essay = kit.soup(reader, "essays/figure.html")
    assert essay.select("a.next-page, a.prev-page") == []
    assert essay.find("link", rel="next") is None
    index = kit.soup(reader, "index.html")
    assert index.select("a.next-page"), "a page that is not an essay keeps the theme's next page"


# -- 3. search finds prose -------------------------------------------------------------------


def _index(app) -> dict:
    text = Path(app.outdir, "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _docs(index: dict, term: str) -> set[str]:
    found = index["terms"].get(term, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def test_furniture_never_enters_the_search_index(reader, built_root):
    index = _index(built_root("reader", longform_search="sphinx"))  # Sphinx's index (Pagefind's: test_search)
    # "min" (of "1 min read"), "tests" (the tag), "updated": only ever in the header, listings, footers.
    for term in ("min", "read", "test"):
        assert _docs(index, term) == set(), (term, _docs(index, term))
    assert "essays/figure" in _docs(index, "tomato")  # the essay's own words are found
    assert "essays/figure" in _docs(index, "garden")
    # The notes page lists every note whole, but a search finds the note itself.
    assert _docs(index, "care") == {"notes/piece"}
    # Every Longform view in the output that is not prose carries Sphinx's no-search class.
    for page, shown in (
        ("essays/figure.html", {"longform-meta", "longform-tags"}),
        ("notes/index.html", {"longform-list"}),
    ):
        nodes = kit.soup(reader, page).select(".longform-meta, .longform-tags, .longform-list, .longform-related")
        assert shown <= {name for node in nodes for name in node["class"]}, page  # the views are there to check
        for node in nodes:
            marked = node if "no-search" in node["class"] else node.find_parent(class_="no-search")
            assert marked is not None, (page, node["class"])


def test_search_snippet_script_drops_no_search_elements(reader):
    script = Path(reader.outdir, "_static", assets.SEARCH_SCRIPT).read_text(encoding="utf-8")
    assert "Search.htmlToText" in script and '".no-search"' in script


# -- 4. figures ------------------------------------------------------------------------------


def test_figures_link_to_their_full_size_image(reader):
    figure = kit.soup(reader, "essays/figure.html").find("figure")
    assert "longform-figure" in figure["class"]
    link = figure.find("a", class_="longform-figure-link")
    assert link["href"] == "../_images/drawing.svg"
    assert link.find("img")["alt"] == "Two boxes joined by an arrow."
    assert Path(reader.outdir, "_images", "drawing.svg").is_file()


def test_an_image_without_alt_text_is_a_located_warning(copy_root, build):
    src = copy_root("reader")
    essay = src / "essays" / "figure.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace(":alt: Two boxes joined by an arrow.\n", ""))
    (src / "essays" / "inline.md").write_text(
        "---\ndate: 2026-06-03\ndescription: Inline image.\ntags: [tests]\n---\n\n# Inline\n\nText ![](drawing.svg)\n",
        encoding="utf-8",
    )
    app = build(src)
    lines = [line for line in app.warnings.splitlines() if "longform.missing-alt" in line]
    assert len(lines) == 2, app.warnings
    assert re.search(r"essays/figure\.md:1[0-9]: WARNING: the image 'drawing\.svg' has no alt text", app.warnings)
    assert re.search(r"essays/inline\.md:9: WARNING: the image 'drawing\.svg' has no alt text", app.warnings)
    assert "Traceback" not in app.warnings


# -- 5. notes as a link stream ---------------------------------------------------------------


def test_notes_page_shows_each_note_whole_with_its_link_out_newest_first(reader):
    soup = kit.soup(reader, "notes/index.html")
    items = soup.select(".longform-item-note")
    assert [kit.text(item.select_one(".longform-item-title")) for item in items] == [
        "A note on the piece",
        "An older note",
    ]
    first = items[0]
    text = kit.text(first.select_one(".longform-note-commentary"))
    assert text.startswith("The piece argues one thing well, with care and code .")
    assert "<b>stays escaped</b>" in text  # shown as written, never markup
    assert first.find("b") is None
    assert first.select_one(".longform-note-commentary em").get_text() == "one thing"
    assert first.select_one(".longform-note-commentary a[href='../essays/figure.html']") is not None
    out = first.select_one(".longform-note-link")
    assert kit.text(out) == "→ the piece: example.com"
    assert out.find("a")["href"] == "https://www.example.com/papers/the-piece"
    assert "min read" not in kit.text(soup.find("article"))


def test_a_note_shows_no_reading_time(reader):
    meta = kit.soup(reader, "notes/piece.html").find("p", class_="longform-meta")
    assert kit.text(meta) == "2 June 2026"


def test_notes_feed_carries_each_note_whole(reader):
    feed = ElementTree.parse(Path(reader.outdir, "notes.xml")).getroot()
    entries = feed.findall(f"{ATOM}entry")
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert '<a href="https://www.example.com/papers/the-piece">piece</a>' in html
    assert '<a href="https://example.org/reader/essays/figure.html">the figure essay</a>' in html
    assert "&lt;b&gt;stays escaped&lt;/b&gt;" in html and "<b>" not in html
    assert html.endswith('→ the piece: <a href="https://www.example.com/papers/the-piece">example.com</a></p>')
    site = ElementTree.parse(Path(reader.outdir, "atom.xml")).getroot()
    essays = site.findall(f"{ATOM}entry")
    assert {entry.findtext(f"{ATOM}id").rsplit("/", 1)[-1] for entry in essays} == {"figure.html", "tabs.html"}
    assert all(entry.find(f"{ATOM}content") is None for entry in essays)


def test_no_empty_general_index_is_written_or_linked(reader):
    # The reader root has no index entry: no genindex.html, and no page's head links one.
    assert not Path(reader.outdir, "genindex.html").exists()
    for page in ("index.html", "essays/figure.html", "search.html"):
        assert kit.soup(reader, page).find("link", rel="index") is None, page


def test_a_general_index_with_entries_is_kept(copy_root, build):
    src = copy_root("reader")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{index} tomatoes\n```\n", encoding="utf-8")
    app = build(src)
    assert "tomatoes" in Path(app.outdir, "genindex.html").read_text(encoding="utf-8")
    assert kit.soup(app, "essays/figure.html").find("link", rel="index")["href"] == "../genindex.html"


# -- 6. the site's icon ----------------------------------------------------------------------


def test_every_page_declares_the_svg_icon_and_it_is_copied(reader):
    for page in ("index.html", "essays/figure.html", "search.html"):
        icon = kit.soup(reader, page).find("link", rel="icon")
        assert icon is not None and icon["href"].endswith("_static/longform-favicon.svg"), page
    assert Path(reader.outdir, "_static", "longform-favicon.svg").read_text(encoding="utf-8").startswith("<svg")


def test_a_site_icon_of_the_sites_own_wins(copy_root, build):
    src = copy_root("reader")
    (src / "mine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    app = build(src, html_favicon="mine.svg")
    assert kit.soup(app, "index.html").find("link", rel="icon")["href"] == "_static/mine.svg"
