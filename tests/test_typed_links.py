"""Typed links: ``builds_on``, ``responds_to`` and ``supersedes`` in the front matter.

The root ``test-typed-links`` holds, under ``essays/``:

=============  ===============================================================  ===================================
page           front matter                                                     what the site must do
=============  ===============================================================  ===================================
retries-v2     ``supersedes: retries-v1``, ``builds_on: [/essays/caching]``    "Builds on … · Supersedes …" line
retries-v1     (none)                                                           banner naming retries-v2
reply          ``responds_to: '{doc}`caching`'`` and a text link to caching     listed once, under "Answered by"
mention        a text link to caching                                           under "Also linked from"
bad            ``builds_on: [nowhere, bad, drafty.md]``, ``responds_to: /index``  four warnings, no link
cyc-a/b/c      a → b → c → a by ``supersedes``                                  one warning, no banner
new-one/two    both ``supersedes: old``                                         one warning (new-two); new-one wins
=============  ===============================================================  ===================================
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import proofkit as kit
import pytest
from lxml import etree

from longform.core import frontmatter

ROOT = Path(__file__).parent / "roots" / "test-typed-links"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> kit.Built:
    src = tmp_path_factory.mktemp("typed") / "src"
    shutil.copytree(ROOT, src)
    return kit.build(src, freshenv=True)


def _soup(site: kit.Built, name: str):
    return kit.soup(site.outdir / name)


# -- the front-matter rows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "target"),
    [
        ("caching", "caching"),
        ("../essays/caching.md", "../essays/caching"),
        ("/essays/caching", "/essays/caching"),
        ("{doc}`/essays/caching`", "/essays/caching"),
        ("{doc}`the caching essay </essays/caching>`", "/essays/caching"),
        ("https://example.org/x", None),
        ("caching#intro", None),
        ("two words", None),
        ("a" * 201, None),
        ("", None),
    ],
)
def test_a_typed_link_item_is_a_page_path_or_nothing(written: str, target: str | None) -> None:
    assert frontmatter.typed_link_target(written) == target


def test_the_keys_are_rows_of_the_one_table_and_take_a_path_or_a_list() -> None:
    assert {"builds_on", "responds_to", "supersedes"} <= set(frontmatter.FIELDS)
    one = frontmatter.typed({"supersedes": "old.md", "builds_on": ["a", "/b", "a"]}, require=False)
    assert (one.supersedes, one.builds_on, one.problems) == (("old",), ("a", "/b"), ())
    bad = frontmatter.typed({"responds_to": ["https://x.org/", 3]}, require=False)
    assert bad.responds_to == ()
    assert [(p.key, p.subtype) for p in bad.problems] == [("responds_to", "typed-link-syntax")] * 2
    assert "write its path as in a toctree" in bad.problems[0].message
    fields = frontmatter.typed({"builds_on": "a, b"}, require=False, text_lists=True)
    assert fields.builds_on == ("a", "b")


# -- the warnings ---------------------------------------------------------------------------------


def test_each_link_that_does_not_hold_is_one_located_warning(site: kit.Built) -> None:
    found = [
        (Path(path).relative_to(site.srcdir).as_posix(), int(line), subtype)
        for path, line, subtype in re.findall(r"^(\S+?):(\d+): WARNING: .*\[longform\.([\w-]+)\]$", site.warnings, re.M)
    ]
    assert sorted(found) == sorted(
        [
            ("essays/bad.md", 5, "typed-link-target"),  # nowhere
            ("essays/bad.md", 5, "typed-link-self"),  # bad
            ("essays/bad.md", 5, "typed-link-unpublished"),  # drafty.md (a draft)
            ("essays/bad.md", 6, "typed-link-target"),  # /index: not an essay
            ("essays/cyc-a.md", 5, "typed-link-cycle"),
            ("essays/new-two.md", 5, "typed-link-successor"),
        ]
    ), site.warnings
    assert "Traceback" not in site.warnings
    text = site.warnings
    assert "'builds_on: nowhere' names no page of this site (read as 'essays/nowhere')" in text
    assert "'builds_on: bad' names this essay itself" in text
    assert "'builds_on: drafty' names essays/drafty.md, which is not published" in text
    assert "'responds_to: /index' names index.md, which is not an essay" in text
    cycle = next(line for line in text.splitlines() if "typed-link-cycle" in line)
    assert "essays/cyc-a.md → essays/cyc-b.md → essays/cyc-c.md → essays/cyc-a.md" in cycle
    successor = next(line for line in text.splitlines() if "typed-link-successor" in line)
    assert "essays/old.md is already superseded by essays/new-one.md" in successor


def test_hostile_and_doubled_typed_links_are_warned_and_never_reach_a_page(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "essays" / "hostile.md").write_text(
        "---\ndate: 2026-02-28\ndescription: Hostile links.\ntags: [systems]\n"
        'supersedes: ["javascript:alert(\'PWN-typed\')", "../../../../etc/passwd",'
        " \"<img/src=x/onerror=alert('PWN-typed')>\"]\n"
        "builds_on: {PWN-typed: 1}\n---\n\n# Hostile\n\nText.\n",
        encoding="utf-8",
    )
    (src / "essays" / "twice.md").write_text(
        "---\ndate: 2026-02-27\ndescription: Twice.\ntags: [systems]\n"
        "builds_on: /essays/caching\nresponds_to: caching.md\n---\n\n# Twice\n\nText.\n",
        encoding="utf-8",
    )
    built = kit.build(src, freshenv=True)
    twice = [line for line in built.warnings.splitlines() if "twice.md" in line]
    assert len(twice) == 1 and "twice.md:5: WARNING: 'builds_on: /essays/caching' names an essay this one" in twice[0]
    assert twice[0].endswith("(until then 'responds_to' is kept) [longform.typed-link-twice]"), twice
    section = kit.soup(built.outdir / "essays" / "caching.html").select_one("#linked-from-responds-to")
    assert [a["href"] for a in section.select(".longform-item-title a")] == ["twice.html", "reply.html"]
    own = [line for line in built.warnings.splitlines() if "hostile.md" in line]
    assert [re.search(r"\[longform\.([\w-]+)\]", line)[1] for line in own] == [
        "typed-link-syntax",  # builds_on: a mapping
        "typed-link-syntax",  # javascript: an address
        "typed-link-target",  # ../../../../etc/passwd: read as the page 'etc/passwd', which does not exist
        "typed-link-target",  # <img …>: no such page
    ], own
    assert all(":5: WARNING" in line or ":6: WARNING" in line for line in own), own
    for path in built.outdir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".js"):
            assert "PWN-typed" not in path.read_text(encoding="utf-8"), path
    assert kit.soup(built.outdir / "essays" / "hostile.html").select_one(".longform-relations") is None


# -- the pages ------------------------------------------------------------------------------------


def test_a_superseded_essay_opens_with_a_banner_naming_its_successor(site: kit.Built) -> None:
    page = _soup(site, "essays/retries-v1.html")
    banner = page.select_one("article .longform-superseded")
    assert banner is not None
    assert kit.text(banner) == "Superseded Superseded by Retries, revised (1 March 2026) — read that first."
    assert banner.select_one("a.longform-successor")["href"] == "retries-v2.html"
    # first thing under the title, before the meta line
    title = page.select_one("article h1")
    assert title.find_next(class_=["longform-superseded", "longform-meta"]) is banner
    assert _soup(site, "essays/old.html").select_one(".longform-successor")["href"] == "new-one.html"


def test_no_banner_where_no_link_holds(site: kit.Built) -> None:
    for name in ("cyc-a", "cyc-b", "cyc-c", "caching", "retries-v2", "drafty", "bad"):
        path = site.outdir / "essays" / f"{name}.html"
        if path.exists():
            assert kit.soup(path).select_one(".longform-superseded") is None, name
    assert _soup(site, "essays/cyc-a.html").select_one(".longform-relations") is None


def test_the_successor_says_what_it_builds_on_and_supersedes(site: kit.Built) -> None:
    line = _soup(site, "essays/retries-v2.html").select_one("article .longform-relations")
    assert kit.text(line) == "Builds on Caching · Supersedes Retries, first take"
    assert [a["href"] for a in line.select("a")] == ["caching.html", "retries-v1.html"]
    reply = _soup(site, "essays/reply.html").select_one(".longform-relations")
    assert kit.text(reply) == "Responds to Caching"


def test_linked_from_groups_backlinks_by_kind_and_lists_a_page_once(site: kit.Built) -> None:
    section = _soup(site, "essays/caching.html").select_one("#linked-from")
    groups = [
        (kit.text(group.find(["h3"])), [a["href"] for a in group.select(".longform-item-title a")])
        for group in section.select("section.longform-backlinks-group")
    ]
    assert groups == [
        ("Built on by", ["retries-v2.html"]),
        ("Answered by", ["reply.html"]),  # its text links here too: listed once, under its kind
        ("Also linked from", ["mention.html"]),
    ]
    superseded = _soup(site, "essays/retries-v1.html").select_one("#linked-from")
    assert [kit.text(h) for h in superseded.select("h3")] == ["Superseded by"]


def test_listings_mark_a_superseded_essay(site: kit.Built) -> None:
    tag = _soup(site, "tags/systems.html")
    marks = {
        kit.text(mark.find_parent(class_="longform-item").select_one(".longform-item-title")): kit.text(mark)
        for mark in tag.select(".longform-superseded-mark")
    }
    assert marks == {"Retries, first take": "Superseded by Retries, revised", "Old view": "Superseded by New view one"}
    archive = _soup(site, "archive.html")
    lines = [kit.text(mark.parent) for mark in archive.select(".longform-superseded-mark")]
    assert sorted(lines) == [
        "Old view · 1 January 2026 · 1 min · Superseded",
        "Retries, first take · 10 January 2026 · 1 min · Superseded",
    ]


def test_the_feed_says_an_entry_is_superseded_and_links_its_successor(site: kit.Built) -> None:
    feed = etree.parse(str(site.outdir / "atom.xml")).getroot()
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    old = entries["Retries, first take"]
    assert old.findtext(f"{ATOM}summary") == "Superseded by Retries, revised — About Retries, first take."
    links = [(link.get("rel"), link.get("href"), link.get("title")) for link in old.findall(f"{ATOM}link")]
    assert links == [
        (None, "https://example.org/essays/retries-v1.html", None),  # Atom: no rel is rel="alternate"
        ("related", "https://example.org/essays/retries-v2.html", "Retries, revised"),
    ]
    plain = entries["Caching"]
    assert plain.findtext(f"{ATOM}summary") == "About Caching."
    assert [link.get("rel") for link in plain.findall(f"{ATOM}link")] == [None]


def test_json_ld_names_what_an_essay_builds_on(site: kit.Built) -> None:
    import json

    page = _soup(site, "essays/retries-v2.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["isBasedOn"] == ["https://example.org/essays/caching.html"]  # builds_on only, not supersedes
    plain = json.loads(_soup(site, "essays/caching.html").find("script", type="application/ld+json").string)
    assert "isBasedOn" not in plain


def test_a_feed_with_whole_essays_opens_a_superseded_entry_with_its_successor(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    built = kit.build(src, freshenv=True, longform_feed_fulltext=True)
    feed = etree.parse(str(built.outdir / "atom.xml")).getroot()
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    content = entries["Retries, first take"].findtext(f"{ATOM}content")
    assert content.startswith(
        '<p><em>Superseded by <a href="https://example.org/essays/retries-v2.html">Retries, revised</a> — read that '
        "first.</em></p>\n"
    ), content[:300]
    assert "Retry everything three times." in content
    assert "Superseded by" not in entries["Caching"].findtext(f"{ATOM}content")


# -- languages, themes and builders ----------------------------------------------------------------


def test_in_german_every_new_string_is_translated(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    built = kit.build(src, freshenv=True, language="de")
    banner = kit.soup(built.outdir / "essays" / "retries-v1.html").select_one(".longform-superseded")
    assert kit.text(banner) == (
        "Abgelöst Abgelöst durch Retries, revised (1. März 2026) – lesen Sie zuerst diesen Text."
    )
    line = kit.soup(built.outdir / "essays" / "retries-v2.html").select_one(".longform-relations")
    assert kit.text(line) == "Baut auf Caching auf · Ersetzt Retries, first take"
    section = kit.soup(built.outdir / "essays" / "caching.html").select_one("#linked-from")
    assert [kit.text(h) for h in section.select("h3")] == ["Darauf bauen auf", "Antworten darauf", "Auch verlinkt von"]


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_show_the_banner_without_a_traceback(tmp_path: Path, builder: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = kit.build_app(src, builder, freshenv=True)
    assert "Traceback" not in app.warnings  # type: ignore[attr-defined]
    if builder == "text":
        text = " ".join((Path(app.outdir) / "essays" / "retries-v1.txt").read_text(encoding="utf-8").split())
        assert "Superseded: Superseded by Retries, revised (1 March 2026) — read that first." in text
        successor = " ".join((Path(app.outdir) / "essays" / "retries-v2.txt").read_text(encoding="utf-8").split())
        assert "Builds on Caching · Supersedes Retries, first take" in successor
    else:  # a book shows no essay header (Longform's header parts are the web page's): the text is all there
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
        assert "\\chapter{Retries, first take}" in tex
        assert "Retry everything three times." in tex


def test_alabaster(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    built = kit.build(src, freshenv=True, html_theme="alabaster")
    assert "Traceback" not in built.warnings
    banner = kit.soup(built.outdir / "essays" / "retries-v1.html").select_one(".longform-superseded")
    assert banner is not None and "admonition" in banner["class"]
    assert banner.select_one("a")["href"] == "retries-v2.html"


# -- incremental builds -----------------------------------------------------------------------------


def _good_site(tmp_path: Path) -> Path:
    """The root without its bad pages: a site that builds without a warning."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for name in ("bad", "cyc-a", "cyc-b", "cyc-c", "new-two", "drafty"):
        (src / "essays" / f"{name}.md").unlink()
    return src


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _drop_supersedes(src: Path) -> None:
    _set(src / "essays" / "retries-v2.md", "supersedes: retries-v1\n", "")


def _add_supersedes(src: Path) -> None:
    _set(src / "essays" / "mention.md", "tags: [systems]\n", "tags: [systems]\nsupersedes: caching\n")


def _retitle_successor(src: Path) -> None:
    _set(src / "essays" / "retries-v2.md", "# Retries, revised", "# Retries, with a budget")


def _delete_successor(src: Path) -> None:
    (src / "essays" / "retries-v2.md").unlink()


def _make_a_cycle(src: Path) -> None:  # retries-v1 now supersedes retries-v2, which supersedes it
    _set(src / "essays" / "retries-v1.md", "tags: [systems]\n", "tags: [systems]\nsupersedes: retries-v2\n")


#: Each edit -> (the page whose banner it changes, the successor its banner names then or None, the warning's subtype).
EDITS = {
    _drop_supersedes: ("retries-v1", None, None),
    _add_supersedes: ("caching", "mention.html", None),
    _retitle_successor: ("retries-v1", "retries-v2.html", None),
    _delete_successor: ("retries-v1", None, None),
    _make_a_cycle: ("retries-v1", None, "typed-link-cycle"),
}


@pytest.mark.parametrize("change", list(EDITS), ids=lambda f: f.__name__)
def test_an_edit_of_a_typed_link_rewrites_the_target_and_equals_a_clean_build(tmp_path: Path, change) -> None:
    src = _good_site(tmp_path)
    first = kit.build(src, freshenv=True)
    assert "WARNING" not in first.warnings, first.warnings
    change(src)
    incremental = kit.build(src)
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = kit.build(clean_src, freshenv=True)
    page, successor, subtype = EDITS[change]
    for built in (incremental, clean):
        subtypes = re.findall(r"\[longform\.([\w-]+)\]", built.warnings)
        assert subtypes == ([subtype] if subtype else []), built.warnings
    banner = kit.soup(incremental.outdir / "essays" / f"{page}.html").select_one(".longform-superseded")
    if successor is None:
        assert banner is None
    else:
        assert banner.select_one("a")["href"] == successor
    if change is _retitle_successor:
        assert "Retries, with a budget" in kit.text(banner)
    if change is _make_a_cycle:  # neither end of the circle shows a banner, a header line or a listing mark
        for name in ("retries-v1", "retries-v2"):
            page_soup = kit.soup(incremental.outdir / "essays" / f"{name}.html")
            assert page_soup.select_one(".longform-superseded, .longform-relations-supersedes") is None
        marked = kit.soup(incremental.outdir / "archive.html").select(".longform-superseded-mark")
        assert [kit.text(mark.parent).split(" · ")[0] for mark in marked] == ["Old view"]  # new-one's, untouched
    problems = kit.compare(
        kit.without_pruned_search_terms(kit.tree(incremental.outdir)),
        kit.without_pruned_search_terms(kit.tree(clean.outdir)),
        labels=("incremental", "clean"),
    )
    assert not problems, problems


def test_read_next_never_offers_a_superseded_essay_or_one_the_header_names(tmp_path: Path) -> None:
    """A rare tag shared by the retries essays, caching, old and new-one makes them each other's best matches:
    retries-v2's "Read next" would offer caching (its header says "Builds on"), retries-v1 (it supersedes it) and
    old (superseded by new-one); it offers new-one, and no page offers a superseded essay."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "tags.yaml").write_text(
        (src / "tags.yaml").read_text(encoding="utf-8") + "queues:\n  title: Queues\n  description: Queues.\n",
        encoding="utf-8",
    )
    for name in ("caching", "retries-v1", "retries-v2", "old", "new-one"):
        path = src / "essays" / f"{name}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("tags: [systems]", "tags: [systems, queues]"))
    built = kit.build(src, freshenv=True)

    def read_next(name: str) -> set[str]:
        page = kit.soup(built.outdir / "essays" / f"{name}.html")
        return {a["href"].removesuffix(".html") for a in page.select("#longform-related .longform-item-title a")}

    offered = read_next("retries-v2")
    assert "new-one" in offered and not offered & {"caching", "retries-v1", "old"}, offered
    for name in ("caching", "mention", "new-one", "new-two", "reply", "retries-v2"):
        assert not read_next(name) & {"old", "retries-v1"}, name
    assert "new-one" not in read_next("old")  # the banner names it already
