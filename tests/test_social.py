"""Sharing and search engines: OpenGraph cards, robots, the sitemap, the 404 page, redirects, reproducibility."""

from __future__ import annotations

import shutil
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from sphinx.testing.util import SphinxTestApp

from longform.core import catalogue

ROOTS = Path(__file__).resolve().parent / "roots"
BASE = "https://example.org/blog/"  # html_baseurl of the social root
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _build(src: Path, *, parallel: int = 0, freshenv: bool = False, **overrides) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=src, parallel=parallel, freshenv=freshenv, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    app.warnings = kit.warnings_of(app)
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("social") / "social"
    shutil.copytree(ROOTS / "test-social", src)
    app = _build(src)
    assert app.warnings == ""
    return app


def _head(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser").head


def _property(head, name: str) -> list[str]:
    return [m["content"] for m in head.find_all("meta", attrs={"property": name})]


def _name(head, name: str) -> list[str]:
    return [m["content"] for m in head.find_all("meta", attrs={"name": name})]


# -- OpenGraph and Twitter cards ------------------------------------------------------------


def test_an_essays_card_comes_from_its_front_matter(site):
    essay = catalogue.essays(site.env)["essays/moved"]
    head = _head(site, "essays/moved.html")
    assert essay.title != BeautifulSoup((Path(site.outdir) / "essays/moved.html").read_text(), "html.parser").h1.text
    assert _property(head, "og:title") == [essay.title]
    assert _property(head, "og:description") == [essay.description]
    assert _name(head, "description") == [essay.description]  # not the first paragraph
    assert _property(head, "og:type") == ["article"]
    assert _property(head, "og:url") == [BASE + "essays/moved.html"]
    assert _property(head, "og:site_name") == ["Social"]
    assert _property(head, "article:published_time") == [essay.date.isoformat()]
    assert _property(head, "article:modified_time") == [essay.updated.isoformat()]
    assert _property(head, "article:tag") == ["Sharing", "Search engines"]
    # image: figures/card.png, a figure the essay shows, served from _images/ with an absolute URL.
    assert _property(head, "og:image") == [BASE + "_images/card.png"]
    assert (Path(site.outdir) / "_images" / "card.png").is_file()
    assert _name(head, "twitter:card") == ["summary_large_image"]
    assert head.find("link", rel="canonical")["href"] == BASE + "essays/moved.html"


def test_card_text_is_escaped(site):
    raw = (Path(site.outdir) / "essays/moved.html").read_text(encoding="utf-8")
    head = raw[: raw.index("</head>")]
    assert "<b>" not in head
    assert 'content="The card\'s title: &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"' in head


def test_the_card_comes_from_the_contract_and_urls_are_used_as_given(site):
    # og:* front-matter keys are refused (tests/test_hostile.py): the card is the essay's own description.
    head = _head(site, "essays/override.html")
    assert _property(head, "og:description") == ["Our description."]
    assert _name(head, "twitter:card") == ["summary"]
    note = _head(site, "notes/short.html")
    assert _property(note, "og:image") == ["https://cdn.example.net/short.png"]


def _json_ld(app, page: str) -> list[dict]:
    import json

    blocks = _head(app, page).find_all("script", type="application/ld+json")
    return [json.loads(block.string) for block in blocks]


def test_each_essay_carries_a_blogposting_from_its_front_matter(site):
    # essays/moved.md: title, dates, description, tags and image as its front matter (and tags.yaml) give them.
    [data] = _json_ld(site, "essays/moved.html")
    assert data == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": 'The card\'s title: "quoted" & <b>bold</b>',
        "url": BASE + "essays/moved.html",
        "mainEntityOfPage": {"@type": "WebPage", "@id": BASE + "essays/moved.html"},
        # as the page writes it: front matter's straight apostrophe made typographic, like the title's
        "description": "The card’s description, from the front matter & not the first paragraph.",
        "datePublished": "2026-02-03",
        "dateModified": "2026-03-04",
        "keywords": ["Sharing", "Search engines"],
        "image": BASE + "_images/card.png",
        "timeRequired": "PT1M",
        "inLanguage": "en",
    }
    # The block cannot be closed by a value: '<', '>' and '&' are JSON escapes in the written page.
    raw = (Path(site.outdir) / "essays/moved.html").read_text(encoding="utf-8")
    block = raw[raw.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<b>" not in block and "\\u003cb\\u003e" in block and "&" not in block.replace("\\u0026", "")
    # A note too; a page that is not an essay (the front page, the 404 page) carries none.
    assert [d["@type"] for d in _json_ld(site, "notes/short.html")] == ["BlogPosting"]
    assert _json_ld(site, "index.html") == [] and _json_ld(site, "404.html") == []


def test_drafts_and_the_404_page_are_not_indexed(site):
    assert not (Path(site.outdir) / "essays" / "draft.html").exists()  # no page at all: its URL is the 404 page
    assert _name(_head(site, "404.html"), "robots") == ["noindex"]
    assert _name(_head(site, "essays/moved.html"), "robots") == []


def test_the_404_page_links_from_the_site_root(site):
    soup = BeautifulSoup((Path(site.outdir) / "404.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith(("#", "http"))]
    assert hrefs
    assert all(href.startswith("/blog/") for href in hrefs), hrefs


def test_a_bad_image_is_one_located_warning(copy_root, build):
    src = copy_root("social")
    essay = src / "essays" / "override.md"
    essay.write_text(essay.read_text().replace("tags: [sharing]", "tags: [sharing]\nimage: figures/nope.png"))
    app = build(src)
    assert app.warnings.splitlines() == [
        f"{essay}:5: WARNING: 'image: figures/nope.png' is not a picture this page shows — use the path of a "
        "figure in the essay (relative to it), or a full https:// URL [longform.image]"
    ]


# -- the sitemap ----------------------------------------------------------------------------


def _sitemap(app) -> list[tuple[str, str | None]]:
    root = ElementTree.fromstring((Path(app.outdir) / "sitemap.xml").read_bytes())
    out = []
    for url in root.findall(SITEMAP + "url"):
        lastmod = url.find(SITEMAP + "lastmod")
        out.append((url.find(SITEMAP + "loc").text, lastmod.text if lastmod is not None else None))
    return out


def _expected_sitemap(app) -> list[tuple[str, str | None]]:
    essays = catalogue.essays(app.env)
    expected = []
    for docname in sorted(app.env.found_docs):
        essay = essays.get(docname)
        if docname == "404" or (essay and essay.draft):
            continue
        lastmod = (essay.updated or essay.date).isoformat() if essay else None
        expected.append((BASE + docname + ".html", lastmod))
    # the archive Longform generates when no source page claims it comes before the tag pages
    archive = ["archive.html"] if "archive" not in app.env.found_docs else []
    tag_pages = sorted(p.relative_to(app.outdir).as_posix() for p in (Path(app.outdir) / "tags").glob("*.html"))
    return expected + [(BASE + page, None) for page in [*archive, *tag_pages]]


def test_sitemap_lists_every_published_page_in_order_without_drafts(site):
    entries = _sitemap(site)
    assert entries == _expected_sitemap(site)
    locs = [loc for loc, _ in entries]
    assert BASE + "essays/draft.html" not in locs
    assert not {BASE + "search.html", BASE + "genindex.html", BASE + "404.html"} & set(locs)  # sitemap_excludes
    assert BASE + "essays/old-name.html" not in locs  # a redirect is not a page
    assert (BASE + "essays/moved.html", "2026-03-04") in entries  # lastmod: updated, else date


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_builds_keep_the_whole_sitemap(copy_root, tmp_path, parallel):
    src = copy_root("social")
    _build(src, parallel=parallel)
    essay = src / "essays" / "override.md"
    draft = src / "essays" / "draft.md"
    edits = [
        (essay, "Body.", "A new body."),  # rewrites one page only
        (draft, "draft: true\n", ""),  # publishing adds a page
    ]
    for step, (path, old, new) in enumerate(edits):
        path.write_text(path.read_text().replace(old, new))
        incremental = _build(src, parallel=parallel)
        clean_src = tmp_path / f"clean-{step}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean = _build(clean_src, parallel=parallel)
        assert incremental.warnings == clean.warnings == ""
        sitemap = (Path(incremental.outdir) / "sitemap.xml").read_bytes()
        assert sitemap == (Path(clean.outdir) / "sitemap.xml").read_bytes(), path.name
    assert BASE.encode() + b"essays/draft.html" in sitemap


def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    trees = []
    for name in ("one", "two"):
        src = tmp_path / name / "social"
        shutil.copytree(ROOTS / "test-social", src)
        app = _build(src, parallel=2 if name == "two" else 0)
        assert app.warnings == ""
        out = Path(app.outdir)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    one, two = trees
    assert sorted(one) == sorted(two)
    different = [path for path in one if one[path] != two[path] and not path.startswith(".")]
    assert different == []
    assert "sitemap.xml" in one and "atom.xml" in one and "404.html" in one


# -- redirects ------------------------------------------------------------------------------


def test_a_redirect_keeps_an_old_url_working(site):
    page = (Path(site.outdir) / "essays" / "old-name.html").read_text(encoding="utf-8")
    assert 'url=../essays/moved.html"' in page


def test_bad_redirects_are_located_warnings_in_conf_py(copy_root, build):
    src = copy_root("social")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '    "essays/old-name": "/essays/moved.html",\n',
            '    "essays/old-name": "/essays/moved.html",\n'
            '    "essays/override": "/essays/moved.html",\n'
            '    "essays/gone": "/essays/nowhere.html",\n'
            '    "essays/elsewhere": "https://example.com/x.html",\n',
        )
    )
    lines = conf.read_text().splitlines()
    app = build(src)
    warnings = sorted(app.warnings.splitlines())
    line_of = {key: next(n for n, x in enumerate(lines, 1) if f'"essays/{key}"' in x) for key in ("override", "gone")}
    assert warnings == [
        f"{conf}:{line_of['override']}: WARNING: redirect source 'essays/override' is still a page — its "
        "redirect would overwrite it; remove the redirect or the page [longform.redirect]",
        f"{conf}:{line_of['gone']}: WARNING: redirect 'essays/gone' goes to '/essays/nowhere.html', which is "
        "not a page of the site — point it at the essay's new address, e.g. '/essays/<new-name>.html' "
        "[longform.redirect]",
    ]
