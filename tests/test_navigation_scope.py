"""The sidebar, read from the built HTML: scoped (the topics, and the current page's branch) or full.

The site: the root's toctree lists topics A, B and C; topic A lists essays A1, A2 and a
subtopic "Deep" that lists essay D1; B lists B1 and B2; C lists C1.  Every expectation is
written from that structure, not from the extension's own tree.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup

CONF = """\
extensions = ["myst_parser", "longform"]
html_theme = "furo"
project = "Scoped navigation"
myst_disable_syntax = ["html_block", "html_inline"]
suppress_warnings = ["longform.no-baseurl"]
"""

TOPICS = {"topics/a": "Topic A", "topics/b": "Topic B", "topics/c": "Topic C"}
ESSAYS = {
    "essays/a1": "Essay A1",
    "essays/a2": "Essay A2",
    "essays/d1": "Essay D1",
    "essays/b1": "Essay B1",
    "essays/b2": "Essay B2",
    "essays/c1": "Essay C1",
}
#: Each page's parent in the toctrees, as the sources below write them.
PARENT = {
    "topics/a": "index",
    "topics/b": "index",
    "topics/c": "index",
    "essays/a1": "topics/a",
    "essays/a2": "topics/a",
    "topics/deep": "topics/a",
    "essays/d1": "topics/deep",
    "essays/b1": "topics/b",
    "essays/b2": "topics/b",
    "essays/c1": "topics/c",
}
EVERY_PAGE = ["index", *PARENT]


def _toctree(*entries: str) -> str:
    return "```{toctree}\n" + "".join(f"/{e}\n" for e in entries) + "```\n"


def _write(root: Path) -> Path:
    day = iter(range(1, 28))
    files = {
        "conf.py": CONF,
        "tags.yaml": "alpha:\n  title: Alpha\n  description: The one tag.\n",
        "index.md": "# Home\n\n```{toctree}\n:caption: Topics\n\ntopics/a\ntopics/b\ntopics/c\n```\n",
        "topics/a.md": "# Topic A\n\n" + _toctree("essays/a1", "essays/a2", "topics/deep"),
        "topics/deep.md": "# Deep\n\n" + _toctree("essays/d1"),
        "topics/b.md": "# Topic B\n\n" + _toctree("essays/b1", "essays/b2"),
        "topics/c.md": "# Topic C\n\n" + _toctree("essays/c1"),
    }
    for docname, title in ESSAYS.items():
        files[f"{docname}.md"] = (
            f"---\ndate: 2026-04-{next(day):02d}\ndescription: About {title}.\ntags: [alpha]\n---\n\n"
            f"# {title}\n\nThe body of {title}.\n"
        )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _chain(docname: str) -> list[str]:
    """The page and its ancestors, up to the root (from PARENT, the test's own map)."""
    out = [docname]
    while out[-1] in PARENT:
        out.append(PARENT[out[-1]])
    return out


def _sidebar(outdir: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None, page
    return tree


def _target(page: str, href: str) -> str:
    if href == "#":
        return page
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0])).removesuffix(".html")


def _linked(outdir: Path, page: str) -> list[str]:
    """The toctree pages the sidebar of ``page`` links to, in order (not the generated archive's link below them,
    which this site without an archive.md gets on every page: see the root page's test)."""
    links = _sidebar(outdir, page).select("a.reference.internal")
    return [_target(page, a["href"]) for a in links if not a.find_parent(class_="longform-generated-nav")]


def _children(outdir: Path, page: str, docname: str) -> list[str]:
    """The pages listed directly below ``docname``'s entry in the sidebar of ``page`` ([] if none)."""
    for item in _sidebar(outdir, page).find_all("li"):
        anchor = item.find("a", recursive=False)
        if anchor is not None and _target(page, anchor["href"]) == docname:
            nested = item.find("ul", recursive=False)
            if nested is None:
                return []
            return [
                _target(page, li.find("a", recursive=False)["href"]) for li in nested.find_all("li", recursive=False)
            ]
    raise AssertionError(f"{docname} is not in the sidebar of {page}")


def _below(docname: str) -> list[str]:
    return [child for child, parent in PARENT.items() if parent == docname]


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    src = _write(tmp_path_factory.mktemp("nav") / "scoped")
    app = kit.build_app(src)
    assert app.warnings == ""
    return Path(app.outdir)


def test_the_root_page_shows_only_the_topics(scoped):
    assert _linked(scoped, "index") == list(TOPICS)
    generated = _sidebar(scoped, "index").select(".longform-generated-nav a")  # no archive.md: Longform's archive
    assert [(a.get_text(), a["href"]) for a in generated] == [("Archive", "archive.html")]
    for topic in TOPICS:
        assert _children(scoped, "index", topic) == []
    assert "Topics" in _sidebar(scoped, "index").get_text()


def test_an_essay_page_expands_its_own_topic_and_no_other(scoped):
    outdir = scoped
    assert _children(outdir, "essays/a1", "topics/a") == ["essays/a1", "essays/a2", "topics/deep"]
    assert _children(outdir, "essays/a1", "topics/b") == []
    assert _children(outdir, "essays/a1", "topics/c") == []
    assert _linked(outdir, "essays/a1") == ["topics/a", "essays/a1", "essays/a2", "topics/deep", "topics/b", "topics/c"]
    assert _children(outdir, "essays/b2", "topics/b") == ["essays/b1", "essays/b2"]
    assert _children(outdir, "essays/b2", "topics/a") == []
    # The current page is marked, and so is its topic.
    tree = _sidebar(outdir, "essays/a1")
    assert [a.get_text() for a in tree.select("li.current-page > a")] == ["Essay A1"]
    assert "current" in tree.find("a", string="Topic A").find_parent("li")["class"]
    assert "current" not in tree.find("a", string="Topic B").find_parent("li")["class"]


def test_every_page_shows_the_topics_and_the_branch_to_itself(scoped):
    for page in EVERY_PAGE:
        chain = _chain(page)
        expected = set(TOPICS) | {child for ancestor in chain[1:] for child in _below(ancestor)}
        if page != "index":
            expected |= set(_below(page))  # a topic lists its own essays below itself
        assert set(_linked(scoped, page)) == expected, page


def test_a_deep_page_shows_the_whole_chain_of_its_ancestors(scoped):
    # essays/d1 is below topics/deep, below topics/a: both are expanded, nothing else.
    assert _children(scoped, "essays/d1", "topics/a") == ["essays/a1", "essays/a2", "topics/deep"]
    assert _children(scoped, "essays/d1", "topics/deep") == ["essays/d1"]
    assert _children(scoped, "essays/d1", "topics/b") == []
    assert "Essay B1" not in _sidebar(scoped, "essays/d1").get_text()


def test_full_navigation_shows_every_topics_essays_on_every_page(tmp_path, build):
    app = build(_write(tmp_path / "full"), longform_navigation="full")
    assert app.warnings == ""
    outdir = Path(app.outdir)
    for page in EVERY_PAGE:
        assert set(_linked(outdir, page)) == set(PARENT), page
        for parent in {*PARENT.values()} - {"index"}:
            assert _children(outdir, page, parent) == _below(parent), (page, parent)


def test_a_bad_navigation_value_warns_and_falls_back_to_scoped(tmp_path, build):
    app = build(_write(tmp_path / "bad"), longform_navigation="scopd")
    assert (
        "longform_navigation = 'scopd' cannot be used — it must be 'scoped' or 'full'; using 'scoped' "
        "[longform.config]" in app.warnings
    )
    outdir = Path(app.outdir)
    assert _linked(outdir, "index") == list(TOPICS)
    assert _children(outdir, "essays/b1", "topics/b") == ["essays/b1", "essays/b2"]
    assert _children(outdir, "essays/b1", "topics/a") == []


def _retitle(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_retitling_an_essay_rewrites_its_siblings_sidebars(tmp_path, build):
    """Sphinx rewrites the edited page and the topic listing it; a sibling's sidebar shows it too."""
    src = _write(tmp_path / "retitle")
    outdir = Path(build(src).outdir)
    _retitle(src / "essays" / "a2.md", "# Essay A2", "# Essay A2, retitled")
    build(src)
    for page in ("essays/a1", "essays/a2", "topics/a", "topics/deep", "essays/d1"):
        assert "Essay A2, retitled" in _sidebar(outdir, page).get_text(), page
    for page in ("index", "essays/b1", "topics/c"):  # A2 is not in their sidebars
        assert "Essay A2" not in _sidebar(outdir, page).get_text(), page
