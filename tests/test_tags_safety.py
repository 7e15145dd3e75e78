"""Hostile tag names and vocabulary text: escaped everywhere, slugs [a-z0-9-]+, nothing outside the output."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from hypothesis import given, settings
from hypothesis import strategies as st

from longform.core import catalogue, slugs, tagging

ATOM = "{http://www.w3.org/2005/Atom}"
SLUG_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:html|xml)$")
#: Markup contributors wrote that must never reach a page as markup.
HOSTILE = ("<script>alert", "<img src=x", "<b>bold</b>")


def _built(copy_root, build, tmp_path):
    src = copy_root("tags-unsafe")
    before = {p for p in tmp_path.rglob("*")}
    app = build(src)
    assert "Traceback" not in app.warnings
    return app, before


def test_slugs_are_safe_and_every_file_stays_in_the_output(copy_root, build, tmp_path):
    app, before = _built(copy_root, build, tmp_path)
    out, src = Path(app.outdir), Path(app.srcdir)
    written = sorted(p.name for p in (out / "tags").iterdir())
    assert [name for name in written if name != "index.html" and not SLUG_FILE.match(name)] == []
    # Each hostile name links to a page of its own that exists, under tags/.
    essay = BeautifulSoup((out / "essays" / "hostile.html").read_text(encoding="utf-8"), "html.parser")
    badges = essay.find("h1").find_next("p", class_="longform-tags")
    hrefs = [a["href"] for a in badges.select("a.longform-tag")]
    assert len(hrefs) == len(set(hrefs)) == len(catalogue.essays(app.env)["essays/hostile"].tags)
    for href in hrefs:
        assert href.startswith("../tags/") and SLUG_FILE.match(href.removeprefix("../tags/")), href
        assert (out / "essays" / href).resolve().parent == (out / "tags").resolve()
        assert (out / "essays" / href).is_file()
    # Nothing was written outside the source folder (which holds the build folder).
    assert [p for p in tmp_path.rglob("*") if p not in before and src not in p.parents] == []


def test_hostile_text_is_escaped_in_every_page_and_feed(copy_root, build, tmp_path):
    app, _ = _built(copy_root, build, tmp_path)
    out = Path(app.outdir)
    files = [p for p in out.rglob("*") if p.suffix in (".html", ".xml") and "_sources" not in p.parts]
    assert any(p.parent.name == "tags" and p.suffix == ".xml" for p in files)
    for path in files:
        raw = path.read_text(encoding="utf-8")
        for markup in HOSTILE:
            assert markup not in raw, (path, markup)
    for path in (p for p in files if p.suffix == ".html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = soup.find_all("script")
        # a JSON-LD data block may quote the hostile text, as data the browser never runs: it must stay JSON that
        # no '<' can close (the block writes it as \u003c)
        data = [s for s in scripts if s.get("type") == "application/ld+json"]
        assert all("<" not in s.get_text() and json.loads(s.get_text()) for s in data)
        assert [s for s in scripts if s not in data and "alert" in s.get_text()] == []
        assert [i for i in soup.find_all("img") if i.get("onerror")] == []


def test_hostile_text_reads_back_as_written(copy_root, build, tmp_path):
    """Escaped once, not twice: a reader sees exactly what the contributor wrote."""
    app, _ = _built(copy_root, build, tmp_path)
    out = Path(app.outdir)
    state = tagging.state(app)
    script = next(tag for tag in state.tags.values() if tag.title == "<script>alert(1)</script>")
    page = BeautifulSoup((out / "tags" / f"{script.slug}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text().replace("¶", "").strip() == script.title
    assert page.title.get_text().startswith(script.title + " - ")
    xss = state.tags["xss"]
    vocab_page = BeautifulSoup((out / "tags" / "xss.html").read_text(encoding="utf-8"), "html.parser")
    assert vocab_page.find("p", class_="longform-tag-description").get_text() == xss.description
    assert vocab_page.find("meta", attrs={"name": "description"})["content"] == xss.description
    feed = ElementTree.parse(out / "tags" / f"{script.slug}.xml").getroot()
    assert feed.findtext(f"{ATOM}title").startswith(script.title)
    categories = {c.get("term") for c in feed.iter(f"{ATOM}category")}
    assert script.title in categories and xss.title in categories
    essay = BeautifulSoup((out / "essays" / "hostile.html").read_text(encoding="utf-8"), "html.parser")
    badges = [a.get_text() for a in essay.find("h1").find_next("p", class_="longform-tags").select("a")]
    assert script.title in badges and xss.title in badges


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_name_gets_a_safe_slug(name):
    slug = slugs.make_slug(name)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= slugs.MAX_SLUG
    safe = slugs.safe_slug(slug, name.casefold(), {slug})
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", safe) and safe != slug
