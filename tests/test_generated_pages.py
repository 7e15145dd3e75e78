"""A source page at an address Longform generates is left out, with one located warning; the generated page stays.

A contributor's ``docs/authors/ines-varga.md`` would have become Ines Varga's page, and a ``docs/404.md``
the page every reader of a dead link gets.  Each test builds a small site and reads what was written.
"""

from __future__ import annotations

import re
from pathlib import Path

from proofkit import build

CONF = """\
extensions = ["myst_parser", "longform", "notfound.extension"]
html_theme = "furo"
project = "Claims"
author = "T"
html_baseurl = "https://example.org/"
"""
HIJACK = "---\norphan: true\n---\n\n# Hijacked PWN-page\n\nNot the generated page.\n"


def site(root: Path, *, conf: str = CONF, pages: dict[str, str] | None = None) -> Path:
    files = {
        "conf.py": conf,
        "tags.yaml": "go:\n  title: Go\n  description: The Go language.\n",
        "authors.yaml": "ines-varga:\n  name: Ines Varga\n  bio: Writes about queues.\n",
        "series.yaml": "pipes:\n  title: Pipes\n  description: A series.\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nessays/*\n```\n",
        "tags/index.md": "# All the tags\n\n```{tag-index}\n```\n",  # the maintainers' own: claimed by default
        **{
            f"essays/part-{n}.md": f"---\ndate: 2026-01-0{n}\ndescription: Part {n}.\ntags: [go]\n"
            f"authors: [ines-varga]\nseries: pipes\npart: {n}\n---\n\n# Part {n}\n\nText.\n"
            for n in (1, 2)
        },
        **(pages or {}),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _ours(warnings: str) -> list[str]:
    return [re.sub(r"^.*?/site/", "", line) for line in warnings.splitlines() if "[longform." in line]


def _h1(path: Path) -> str:
    match = re.search(r"<h1>(.*?)<", path.read_text(encoding="utf-8"), re.DOTALL)
    return match[1].strip() if match else ""


def _nowhere(outdir: Path, text: str) -> list[str]:
    return [str(p) for p in outdir.rglob("*") if p.is_file() and text in p.read_text(encoding="utf-8", errors="ignore")]


def test_a_page_in_a_term_folder_is_one_warning_and_the_generated_page_stays(tmp_path):
    pages = {"authors/ines-varga.md": HIJACK, "tags/go.md": HIJACK, "series/pipes.md": HIJACK}
    built = build(site(tmp_path / "site", pages=pages), freshenv=True)
    assert sorted(_ours(built.warnings)) == [
        "authors/ines-varga.md:1: WARNING: authors/ines-varga.md would replace the page Longform generates for "
        "the author 'ines-varga' — rename it, or move it out of authors/ (the site's maintainers can claim it: "
        "longform_claimed_pages in conf.py) [longform.generated-page]",
        "series/pipes.md:1: WARNING: series/pipes.md would replace the page Longform generates for the series "
        "'pipes' — rename it, or move it out of series/ (the site's maintainers can claim it: "
        "longform_claimed_pages in conf.py) [longform.generated-page]",
        "tags/go.md:1: WARNING: tags/go.md would replace the page Longform generates for the tag 'go' — rename "
        "it, or move it out of tags/ (the site's maintainers can claim it: longform_claimed_pages in conf.py) "
        "[longform.generated-page]",
    ]
    out = built.outdir
    assert "Ines Varga" in _h1(out / "authors" / "ines-varga.html")
    assert "Go" in _h1(out / "tags" / "go.html")
    assert "Pipes" in _h1(out / "series" / "pipes.html")
    assert 'href="../authors/ines-varga.html"' in (out / "essays" / "part-1.html").read_text(encoding="utf-8")
    assert _nowhere(out, "PWN-page") == []
    assert "Traceback" not in built.warnings


def test_a_page_the_maintainers_claim_wins_without_a_warning(tmp_path):
    conf = CONF + 'longform_claimed_pages = ["tags/index", "authors/*"]\n'
    built = build(site(tmp_path / "site", conf=conf, pages={"authors/ines-varga.md": HIJACK}), freshenv=True)
    assert _ours(built.warnings) == []
    assert _h1(built.outdir / "authors" / "ines-varga.html") == "Hijacked PWN-page"  # theirs, on purpose
    assert _h1(built.outdir / "tags" / "index.html") == "All the tags"


def test_the_default_claims_are_the_folders_index_pages(tmp_path):
    built = build(site(tmp_path / "site"), freshenv=True)
    assert _ours(built.warnings) == []
    assert _h1(built.outdir / "tags" / "index.html") == "All the tags"


def test_a_404_page_is_the_maintainers_only_when_they_claim_it(tmp_path):
    message = (
        "404.md:1: WARNING: 404.md would replace the page readers get for every missing address (404.html, "
        "written by sphinx-notfound-page) — rename it; a site whose maintainers write their own 404 page claims it "
        "in conf.py (longform_claimed_pages) [longform.generated-page]"
    )
    built = build(site(tmp_path / "site", pages={"404.md": HIJACK}), freshenv=True)
    assert _ours(built.warnings) == [message]
    assert _nowhere(built.outdir, "PWN-page") == []
    assert (built.outdir / "404.html").is_file()
    # red team: the maintainers' 404 page written from conf.py's notfound_context (this site's conf.py does) was
    # replaced by a contributor's docs/404.md without a word; it is theirs, and the source page is left out
    conf = CONF + 'notfound_context = {"title": "Lost", "body": "<h1>Lost</h1>"}\n'
    context = build(site(tmp_path / "context" / "site", conf=conf, pages={"404.md": HIJACK}), freshenv=True)
    assert _ours(context.warnings) == [message]
    assert _nowhere(context.outdir, "PWN-page") == []
    assert "<h1>Lost</h1>" in (context.outdir / "404.html").read_text(encoding="utf-8")
    # a site that writes its 404 page as a source page claims it
    claimed = conf + 'longform_claimed_pages = ["tags/index", "authors/index", "series/index", "404"]\n'
    theirs = build(site(tmp_path / "theirs" / "site", conf=claimed, pages={"404.md": HIJACK}), freshenv=True)
    assert _ours(theirs.warnings) == []
    assert "PWN-page" in (theirs.outdir / "404.html").read_text(encoding="utf-8")


def test_without_sphinx_notfound_page_a_404_page_is_a_page(tmp_path):
    conf = CONF.replace(', "notfound.extension"', "")
    built = build(site(tmp_path / "site", conf=conf, pages={"404.md": HIJACK}), freshenv=True)
    assert _ours(built.warnings) == []
    assert "PWN-page" in (built.outdir / "404.html").read_text(encoding="utf-8")


def test_a_page_added_then_removed_incrementally_leaves_the_generated_page(tmp_path):
    src = site(tmp_path / "site")
    build(src, freshenv=True)
    (src / "tags" / "go.md").write_text(HIJACK, encoding="utf-8")
    again = build(src)
    assert len(_ours(again.warnings)) == 1 and "[longform.generated-page]" in again.warnings
    assert "Go" in _h1(again.outdir / "tags" / "go.html")
    (src / "tags" / "go.md").unlink()
    last = build(src)
    assert _ours(last.warnings) == []
    assert "Go" in _h1(last.outdir / "tags" / "go.html")
    assert _nowhere(last.outdir, "PWN-page") == []


def test_sphinx_still_lets_longform_leave_documents_out(tmp_path):
    """The private-API shim (compat.leave_out): fails if upstream Sphinx changes how it behaves."""
    from sphinx.testing.util import SphinxTestApp

    from longform.core import compat

    assert compat.leave_out_is_tested(), "a Sphinx Longform was not checked against: check compat.leave_out"
    src = site(tmp_path / "site", pages={"authors/ines-varga.md": HIJACK})
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        assert "authors/ines-varga" not in app.env.found_docs
        assert "authors/ines-varga" not in app.env.all_docs
        assert "essays/part-1" in app.env.all_docs
    finally:
        app.cleanup()
