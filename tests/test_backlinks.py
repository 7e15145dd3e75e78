"""Backlinks: "Linked from" at the end of each essay, from the links the doctrees hold.

The authors root links its pages to each other in every way the feature reads, and some it must not:

================  =====================================================  ===============================
page              links                                                  counts for
================  =====================================================  ===============================
essays/queues     (none; a self-link is a warning: see the test below)   nothing
essays/pipes-one  ``{doc}`queues```                                      queues
essays/pipes-two  ``[part one](pipes-one.md)``, ``(/essays/queues.md)``  pipes-one, queues
essays/draft      ``[queues](queues.md)``                                nothing (a draft)
notes/queue-note  ``[the queues essay](../essays/queues.md)``            queues (notes count)
paths/start       a reading path through queues and pipes-one            nothing (path steps)
================  =====================================================  ===============================
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import proofkit as kit
import pytest
import sources
from dateoracle import written_date
from proofkit import build as proof_build
from proofkit import compare, listing, tree, without_pruned_search_terms
from test_authors import _PARENT, _copy, _outputs, _replace

from longform.core import catalogue

ROOT = Path(__file__).parent / "roots" / "test-authors"
#: What links to what in the root (see the table above): target -> linking pages.
LINKS = {
    "essays/queues": {"essays/pipes-one", "essays/pipes-two", "notes/queue-note"},
    "essays/pipes-one": {"essays/pipes-two"},
}

#: What each linking page's listing item shows after its date and reading time, and its summary (from the
#: root's front matter and authors.yaml).
BYLINES = {
    "essays/pipes-one": " · By Tomás Reyl",
    "essays/pipes-two": " · By Ines Varga and Tomás Reyl",
    "notes/queue-note": " · By Tomás Reyl",
}
SUMMARIES = {
    "essays/pipes-one": "Pipes, part one.",
    "essays/pipes-two": "Pipes, part two.",
    "notes/queue-note": "A note on queues.",
}


def _backlinks(outdir: Path, docname: str) -> list[str] | None:
    """The docnames the page's "Linked from" section lists, in order (None: no section)."""
    section = kit.soup(outdir / f"{docname}.html").find(id="linked-from")
    if section is None:
        return None
    here = posixpath.dirname(docname)
    hrefs = [item.select_one(".longform-item-title a")["href"] for item in section.select(".longform-item")]
    return [posixpath.normpath(posixpath.join(here, href)).removesuffix(".html") for href in hrefs]


def _section(outdir: Path, docname: str) -> str | None:
    """What the page's "Linked from" section shows, as text (None: no section)."""
    section = kit.soup(outdir / f"{docname}.html").find(id="linked-from")
    return kit.text(section) if section is not None else None


@pytest.fixture
def site(built_root):
    app = built_root("authors")
    assert app.warnings == ""
    return app


def test_the_catalogue_records_each_pages_outgoing_links(site):
    essays = catalogue.essays(site.env)
    assert essays["essays/queues"].outgoing == ()
    assert essays["essays/pipes-one"].outgoing == ("essays/queues",)
    assert essays["essays/pipes-two"].outgoing == ("essays/pipes-one", "essays/queues")
    assert essays["notes/queue-note"].outgoing == ("essays/queues",)


def test_each_essay_lists_the_pages_linking_to_it_newest_first(site):
    essays = {doc: page for doc, page in sources.pages(site.srcdir).items() if not page.draft}  # not the catalogue
    outdir = Path(site.outdir)
    for docname in essays:
        linking = [essays[s] for s in LINKS.get(docname, ()) if s in essays]
        expected = [e.docname for e in sorted(linking, key=lambda e: -e.date.toordinal())]
        assert _backlinks(outdir, docname) == (expected or None), docname
        if not expected:
            continue
        section = kit.soup(outdir / f"{docname}.html").find(id="linked-from")
        assert kit.text(section.find(["h2", "h3"])) == "Linked from"
        for item, source in zip(section.select(".longform-item"), expected, strict=True):
            record = essays[source]
            assert kit.text(item.select_one(".longform-item-title")) == record.title
            meta = kit.text(item.select_one(".longform-item-meta"))
            # The byline and the summary as the sources' front matter and authors.yaml give them.
            # A note shows no reading time, as every listing of notes.
            minutes = (
                "" if source.startswith("notes/") else f" · {record.reading_time or 1} min read"
            )  # a few lines: 1 min unless set
            assert meta == f"{written_date(site.srcdir, source)}{minutes}" + BYLINES.get(source, "")
            assert kit.text(item.select_one(".longform-item-description")) == SUMMARIES[source]
        assert section.find_next("section") is None  # the essay's last section, after related essays


def test_drafts_path_steps_and_self_links_never_count(site):
    outdir = Path(site.outdir)
    listed = _backlinks(outdir, "essays/queues")
    assert "essays/draft" not in listed and "essays/queues" not in listed
    assert _backlinks(outdir, "essays/pipes-two") is None  # nothing links to it; the path lists queues only
    assert _backlinks(outdir, "notes/queue-note") is None


def test_with_show_drafts_a_draft_link_counts(built_root):
    app = built_root("authors", longform_show_drafts=True)
    assert "essays/draft" in _backlinks(Path(app.outdir), "essays/queues")


# -- incremental builds -------------------------------------------------------------------------------


def _add_link(src: Path) -> None:  # pipes-two gains its first backlink, from the note
    _replace(
        src / "notes" / "queue-note.md", "is a promise.", "is a promise; so is [part two](../essays/pipes-two.md)."
    )


def _remove_link(src: Path) -> None:  # pipes-one loses its only backlink; queues keeps the other link
    _replace(src / "essays" / "pipes-two.md", "[part one](pipes-one.md)", "part one")


def _retitle_linker(src: Path) -> None:  # what a backlink shows changes: the linking page's title
    _replace(src / "notes" / "queue-note.md", "# A note on queues", "# A shorter note on queues")


def _retitle_target(src: Path) -> None:  # a {doc} link shows the title of the page it links to
    _replace(src / "essays" / "queues.md", "# Queues are promises", "# Queues keep promises")


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_a_page_showing_a_linked_title_follows_it(tmp_path, parallel):
    """Sphinx alone leaves the note's ``{doc}`` link showing the old title until the note is edited
    (the note's sidebar does not show the essay: nothing else makes its page stale)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    _replace(src / "notes" / "queue-note.md", "is a promise.", "is a promise. More in {doc}`../essays/queues`.")
    proof_build(src, parallel=parallel, freshenv=True)
    _retitle_target(src)
    incremental = proof_build(src, parallel=parallel)
    text = kit.text(kit.soup(incremental.outdir / "notes" / "queue-note.html").find("article"))
    assert "More in Queues keep promises" in text
    clean = proof_build(_copy(src, tmp_path / "clean"), parallel=parallel, freshenv=True)
    problems = compare(
        without_pruned_search_terms(tree(incremental.outdir)),
        without_pruned_search_terms(tree(clean.outdir)),
        labels=("incremental", "clean"),
    )
    assert not problems, problems


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("change", [_add_link, _remove_link, _retitle_linker], ids=lambda f: f.__name__)
def test_a_link_change_rewrites_exactly_the_pages_whose_list_changed(tmp_path, change, parallel):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = proof_build(src, parallel=parallel, freshenv=True)
    before_files, before_times = _outputs(tree(first.outdir)), listing(first.outdir)
    before = {doc: _section(first.outdir, doc) for doc in first.essays}
    change(src)
    incremental = proof_build(src, parallel=parallel)
    after_files, after_times = _outputs(tree(incremental.outdir)), listing(incremental.outdir)
    after = {doc: _section(incremental.outdir, doc) for doc in incremental.essays}
    moved = {doc for doc in after if before.get(doc) != after[doc]}
    assert moved, "the change must move a backlink"
    written = {name for name in after_files if before_times.get(name) != after_times[name]}
    changed = {name for name in after_files if before_files.get(name) != after_files[name]}
    assert {f"{doc}.html" for doc in moved} <= written
    edited = {"notes/queue-note.html"} if change is not _remove_link else {"essays/pipes-two.html"}
    parents = {_PARENT.get(name.removesuffix(".html")) for name in written}
    assert written - changed <= {"genindex.html", "search.html"} | edited | {f"{p}.html" for p in parents if p}
    # The essays whose list did not change (and that show nothing else that changed) are not rewritten.
    essays = {"essays/queues.html", "essays/pipes-one.html", "essays/pipes-two.html"}
    untouched = essays - {f"{doc}.html" for doc in moved} - edited
    assert untouched and not (untouched & written), untouched & written
    clean = proof_build(_copy(src, tmp_path / "clean"), parallel=parallel, freshenv=True)
    assert "WARNING" not in incremental.warnings + clean.warnings
    problems = compare(
        without_pruned_search_terms(tree(incremental.outdir)),
        without_pruned_search_terms(tree(clean.outdir)),
        labels=("incremental", "clean"),
    )
    assert not problems, problems


def test_a_page_linking_to_itself_is_one_located_warning_and_no_backlink(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "test-matrix", site)
    (site / "essays" / "selfy.md").write_text(
        "---\ndate: 2026-02-01\ndescription: Self.\ntags: [alpha]\n---\n\n# Selfy\n\n"
        "See [myself](selfy.md), [a section](#selfy) and [there](selfy.md#selfy).\n",
        encoding="utf-8",
    )
    built = proof_build(site, freshenv=True)
    hits = [line for line in built.warnings.splitlines() if "[longform.self-link]" in line]
    assert len(hits) == 1 and "selfy.md:9: WARNING: this links to the page itself" in hits[0], built.warnings
    assert built.essays["essays/selfy"].outgoing == ()
