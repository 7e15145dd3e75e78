"""Feeds with whole essays (``longform_feed_fulltext``): what a feed reader shows is the essay, with links that work.

Built from the basic root (an essay with prose, a code block and a figure), with and without the setting; the
written entry is compared with the written page, never with what the code under test computed.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree
from proofkit import build

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/blog/"


def _entries(outdir: Path, feed: str = "atom.xml") -> dict[str, etree._Element]:
    root = etree.fromstring((outdir / feed).read_bytes())
    return {entry.find(f"{ATOM}link").get("href"): entry for entry in root.iter(f"{ATOM}entry")}


def _words(html: str) -> list[str]:
    return BeautifulSoup(html, "html.parser").get_text(" ").split()


def test_an_essay_entry_carries_the_whole_essay_with_absolute_links(copy_root) -> None:
    src = copy_root("basic")
    (src / "essays" / "plain.md").write_text(
        (src / "essays" / "plain.md").read_text(encoding="utf-8") + "\nSee [the code essay](code.md) too.\n",
        encoding="utf-8",
    )
    built = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    assert built.warnings == ""
    entries = _entries(built.outdir)
    code = entries[BASE + "essays/code.html"]
    content = code.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html", "an essay's entry has no content"
    html = content.text or ""
    body = BeautifulSoup(html, "html.parser")
    page = BeautifulSoup((built.outdir / "essays" / "code.html").read_text(encoding="utf-8"), "html.parser")
    # The essay's prose, code and figure, in the page's order; not its title, header, footer or pilcrows.
    prose = next(p.get_text(" ", strip=True) for p in page.select("article p") if p.get_text().startswith("prose"))
    assert prose[:200] in body.get_text(" ", strip=True)
    assert "these words are code, not prose" in body.get_text()
    assert body.select("pre") and body.select("img"), html[:500]
    assert not body.select("h1") and "¶" not in body.get_text() and not body.select(".no-search")
    assert "min read" not in body.get_text()
    # Every link and image absolute, under the site's address, and each image is a file of the site.
    for tag, attr in (("a", "href"), ("img", "src")):
        for node in body.select(f"{tag}[{attr}]"):
            assert node[attr].startswith(BASE), f"a relative {tag} in the feed: {node[attr]}"
            if tag == "img":
                assert (built.outdir / node[attr].removeprefix(BASE)).is_file(), node[attr]
    # A link from one essay to another leads to that essay's page.
    plain = BeautifulSoup(entries[BASE + "essays/plain.html"].find(f"{ATOM}content").text, "html.parser")
    assert [a["href"] for a in plain.select("a") if a.get_text() == "the code essay"] == [BASE + "essays/code.html"]
    # The summary is still the description.
    assert code.find(f"{ATOM}summary").text == "Prose with a code block and a figure."


def test_without_the_setting_an_essay_entry_is_its_summary(copy_root) -> None:
    built = build(copy_root("basic"), html_baseurl=BASE)
    assert built.warnings == ""
    for entry in _entries(built.outdir).values():
        assert entry.find(f"{ATOM}content") is None
        assert entry.find(f"{ATOM}summary").text


def test_a_body_edit_rewrites_the_feed(copy_root) -> None:
    src = copy_root("basic")
    first = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    assert first.warnings == ""
    essay = src / "essays" / "plain.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nA sentence added later, quokka.\n", encoding="utf-8")
    second = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    assert second.warnings == ""
    content = _entries(second.outdir)[BASE + "essays/plain.html"].find(f"{ATOM}content").text
    assert "quokka." in _words(content)


def test_markup_of_other_extensions_keeps_its_text(copy_root) -> None:
    """A sphinx-design badge (a node sphinx-design registers) in an essay: its text reaches the feed, no traceback
    (found by the fuzzer: unwrapping the node dropped its classes, which docutils refuses)."""
    src = copy_root("basic")
    plain = src / "essays" / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8") + "\nA badge {bdg-dark}`steady` here.\n", encoding="utf-8")
    built = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    assert built.warnings == ""
    content = _entries(built.outdir)[BASE + "essays/plain.html"].find(f"{ATOM}content").text or ""
    assert "steady" in BeautifulSoup(content, "html.parser").get_text()


def test_sphinx_admonition_nodes_reach_the_feed_as_the_page_shows_them(copy_root) -> None:
    """``versionadded`` / ``deprecated`` notes (Sphinx's ``versionmodified``, an admonition docutils' writer
    transforms do not know) and a numbered figure: the entry is written as the page is, no traceback (ABlog's own
    documentation, moved with ``blog_feed_fulltext``, stopped the build here)."""
    src = copy_root("basic")
    plain = src / "essays" / "plain.md"
    plain.write_text(
        plain.read_text(encoding="utf-8")
        + "\n```{versionadded} 1.2\nThe retry budget is per client.\n```\n\n"
        + "```{deprecated} 2.0\nThe old knob, warthog.\n```\n",
        encoding="utf-8",
    )
    built = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    assert built.warnings == ""
    content = _entries(built.outdir)[BASE + "essays/plain.html"].find(f"{ATOM}content").text or ""
    body = BeautifulSoup(content, "html.parser")
    page = BeautifulSoup((built.outdir / "essays" / "plain.html").read_text(encoding="utf-8"), "html.parser")
    shown = [
        " ".join(div.get_text(" ").split()) for div in page.select("article div.versionadded, article div.deprecated")
    ]
    assert len(shown) == 2
    assert [" ".join(div.get_text(" ").split()) for div in body.select("div.versionadded, div.deprecated")] == shown


BROKEN_EXTENSION = '''
from docutils import nodes


class gauge(nodes.Inline, nodes.TextElement):
    """A node whose HTML visitor works on the page only (it reads what the page's writing sets up)."""


def visit_gauge(self, node):
    if getattr(self.builder, "gauge_ready", False) is not True:
        raise RuntimeError("gauge drawn outside its page")
    self.body.append("<span>")


def depart_gauge(self, node):
    self.body.append("</span>")


def gauge_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [gauge("", text)], []


def ready(app, docname, source):
    app.builder.gauge_ready = True


def done(app, env):
    app.builder.gauge_ready = False


def setup(app):
    app.add_node(gauge, html=(visit_gauge, depart_gauge))
    app.add_role("gauge", gauge_role)
    app.connect("source-read", ready)
    app.connect("html-collect-pages", lambda app: (done(app, app.env), [])[1], priority=100)  # before the feeds
    return {"parallel_read_safe": True}
'''


def test_a_node_that_cannot_be_written_outside_its_page_leaves_the_summary_and_one_warning(copy_root) -> None:
    """Another extension's node whose visitor fails in a feed: one located warning that says what to do, the entry
    keeps its summary, every other entry its whole text, and the build goes on."""
    src = copy_root("basic")
    (src / "gaugeext.py").write_text(BROKEN_EXTENSION, encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        + conf.read_text(encoding="utf-8").replace('"longform"]', '"longform", "gaugeext"]')
        + "longform_policed = []\n",
        encoding="utf-8",
    )
    plain = src / "essays" / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8") + "\nA {gauge}`full` gauge.\n", encoding="utf-8")
    built = build(src, html_baseurl=BASE, longform_feed_fulltext=True)
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1, built.warnings
    assert "plain.md:1: WARNING: the whole text of this essay cannot be written into the feeds" in lines[0]
    assert "RuntimeError: gauge drawn outside its page" in lines[0] and "[longform.feed-content]" in lines[0]
    entries = _entries(built.outdir)
    assert entries[BASE + "essays/plain.html"].find(f"{ATOM}content") is None
    assert entries[BASE + "essays/plain.html"].find(f"{ATOM}summary").text
    assert entries[BASE + "essays/code.html"].find(f"{ATOM}content") is not None


def test_a_code_block_is_highlighted_once_for_its_page_and_its_entry(copy_root, monkeypatch) -> None:
    """The entry writes the essay again: its code blocks are not given to Pygments a second time, and the entry's
    highlighted code is the page's, span for span."""
    from sphinx.highlighting import PygmentsBridge

    asked: list[str] = []
    original = PygmentsBridge.highlight_block

    def counted(self: PygmentsBridge, source: str, *args: object, **kwargs: object) -> str:
        asked.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(PygmentsBridge, "highlight_block", counted)
    built = build(copy_root("basic"), html_baseurl=BASE, longform_feed_fulltext=True, freshenv=True)
    assert built.warnings == ""
    page = BeautifulSoup((built.outdir / "essays" / "code.html").read_text(encoding="utf-8"), "html.parser")
    entry = _entries(built.outdir)[BASE + "essays/code.html"].find(f"{ATOM}content").text
    blocks = [pre.decode_contents() for pre in page.select("div.highlight pre")]  # the page's <pre> is focusable
    assert blocks
    assert [pre.decode_contents() for pre in BeautifulSoup(entry, "html.parser").select("div.highlight pre")] == blocks
    assert len(asked) == len(set(asked)), f"a block was highlighted twice: {len(asked)} for {len(set(asked))}"
