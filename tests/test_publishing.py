"""What is published: drafts and scheduled essays never reach a published build; deletions leave nothing behind.

Each promise is tried as a contributor, a reader, a search engine and a feed reader
would meet it: the output folder is searched for any trace of the unpublished
pages (their page, a link, the search index, the sitemap, the feeds, sidebars).
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree
from proofkit import build as proof_build
from proofkit import compare, tree, without_pruned_search_terms

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.datetime.now(dt.UTC).date()
ATOM = "{http://www.w3.org/2005/Atom}"
NEXT_YEAR = TODAY.replace(year=TODAY.year + 1, day=min(TODAY.day, 28))

CONF = """\
extensions = ["myst_parser", "longform", "sphinx_sitemap", "notfound.extension"]
html_theme = "furo"
project = "Publishing"
author = "Test Author"
html_baseurl = "https://example.org/site/"
sitemap_url_scheme = "{link}"
html_copy_source = True  # Sphinx's default: no copy of an unpublished source either
"""


def essay(title: str, *, date: str = "2026-03-01", tags: str = "go", extra: str = "", body: str = "") -> str:
    return (
        f"---\ndate: {date}\ndescription: About {title.lower()}.\ntags: [{tags}]\n{extra}---\n\n"
        f"# {title}\n\nThe body of {title}.\n\n{body}"
    )


def site(root: Path, *, future: str = NEXT_YEAR.isoformat()) -> Path:
    files = {
        "conf.py": CONF,
        "tags.yaml": "go:\n  title: Go\n  description: The Go language.\nrust:\n  title: Rust\n  description: Rust.\n",
        "series.yaml": "pipes:\n  title: Pipes\n  description: A series on pipes.\n",
        "index.md": (
            "# Home\n\n```{toctree}\n:caption: Topics\ntopics/go\ntopics/all\nnotes/index\n```\n\n"
            "```{essay-list}\n```\n"
        ),
        "topics/go.md": (
            "# Go\n\n```{toctree}\n/essays/published\n/essays/secret-draft\nThe future <../essays/future-essay>\n"
            "/essays/pipes-one\n/essays/pipes-two\n```\n"
        ),
        # A glob toctree: it must not match unpublished pages.
        "topics/all.md": "# Everything\n\n```{toctree}\n:glob:\n/essays/*\n```\n",
        "essays/published.md": essay("Published essay", tags="go, rust"),
        "essays/secret-draft.md": essay("Secret draft", tags="go, rust", extra="draft: true\n"),
        "essays/future-essay.md": essay("Future essay", date=future, tags="go"),
        # Part 2 of the series is a draft: no gap warning for part 3, and part 2 is never shown.
        "essays/pipes-one.md": essay("Pipes one", extra="series: pipes\npart: 1\n"),
        "essays/pipes-two.md": essay("Pipes two", extra="series: pipes\npart: 3\n"),
        "essays/pipes-draft.md": essay("Pipes draft", extra="series: pipes\npart: 2\ndraft: true\n"),
        "notes/index.md": "# Notes\n\n```{essay-list}\n:kind: note\n```\n\n```{toctree}\n:glob:\n:hidden:\n*\n```\n",
        "notes/a-note.md": "---\ndate: 2026-02-01\n---\n\n# A note\n\nShort.\n",
        "notes/draft-note.md": "---\ndate: 2026-02-02\ndraft: true\n---\n\n# Draft note\n\nShort.\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


UNPUBLISHED = ("secret-draft", "future-essay", "pipes-draft", "draft-note")


def _readable(data: bytes) -> bytes:
    """A file's bytes as text can be searched: Pagefind's index files are gzip-compressed (read decompressed)."""
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def traces(outdir: Path) -> list[str]:
    """Every output file that is, or mentions, an unpublished page (by name or by title).

    Copies of published pages' own sources (``_sources/``, ``html_copy_source``) are what their
    authors wrote, toctree lines included: they are not links.
    """
    found = []
    for rel, data in sorted(tree(outdir).items()):
        if rel.startswith("_sources/") and not any(name in rel for name in UNPUBLISHED):
            continue
        text = _readable(data).decode("utf-8", errors="replace")
        for name in UNPUBLISHED:
            title = name.replace("-", " ").capitalize()
            if name in rel or name in text or title in text:
                found.append(f"{rel}: {name}")
    return found


def test_a_strict_published_build_has_no_trace_of_drafts_or_scheduled_essays(tmp_path):
    src = site(tmp_path / "site")
    built = proof_build(src, freshenv=True)
    assert built.warnings == ""
    out = built.outdir
    assert (out / "essays" / "published.html").is_file()
    assert (out / "404.html").is_file()  # what a reader of a draft's URL gets
    assert traces(out) == []
    # The published essays are still everywhere they should be.
    for page in ("index.html", "topics/go.html", "topics/all.html", "sitemap.xml"):
        assert "essays/published" in (out / page).read_text(encoding="utf-8"), page  # its URL or its docname
    # ... and in the search index (Pagefind's, whose files traces() reads decompressed: no draft is in them)
    fragments = [_readable(path.read_bytes()) for path in (out / "_pagefind" / "fragment").glob("*.pf_fragment")]
    assert any(b"essays/published.html" in fragment for fragment in fragments)
    # The feed is not empty (an empty feed has no trace of anything): it lists exactly the published essays.
    feed = ElementTree.fromstring((out / "atom.xml").read_bytes())
    entries = {entry.findtext(ATOM + "title"): entry.findtext(ATOM + "id") for entry in feed.findall(ATOM + "entry")}
    assert entries == {
        "Published essay": "https://example.org/site/essays/published.html",
        "Pipes one": "https://example.org/site/essays/pipes-one.html",
        "Pipes two": "https://example.org/site/essays/pipes-two.html",
    }


def test_previews_build_drafts_and_scheduled_essays_with_their_badge(tmp_path):
    src = site(tmp_path / "site")
    built = proof_build(src, freshenv=True, longform_show_drafts=True)
    out = built.outdir
    draft = (out / "essays" / "secret-draft.html").read_text(encoding="utf-8")
    assert "longform-draft" in draft
    assert (out / "essays" / "future-essay.html").is_file()
    assert "secret-draft.html" in (out / "topics" / "go.html").read_text(encoding="utf-8")


def test_now_is_longform_now_then_the_environment_then_the_clock(tmp_path, monkeypatch):
    src = site(tmp_path / "site", future="2030-06-01")
    later = proof_build(src, freshenv=True, longform_now="2030-06-01")
    assert (later.outdir / "essays" / "future-essay.html").is_file(), "published on its day"
    monkeypatch.setenv("LONGFORM_NOW", "2030-05-31")
    before = proof_build(src, freshenv=True)
    assert not (before.outdir / "essays" / "future-essay.html").exists()
    monkeypatch.setenv("LONGFORM_NOW", "2030-06-02")
    after = proof_build(src, freshenv=True)
    assert (after.outdir / "essays" / "future-essay.html").is_file()
    assert "future-essay.html" in (after.outdir / "atom.xml").read_text(encoding="utf-8")


def test_a_bad_now_stops_the_build_with_what_to_write(tmp_path, monkeypatch):
    from sphinx.errors import ConfigError

    monkeypatch.setenv("LONGFORM_NOW", "tomorrow")
    with pytest.raises(ConfigError, match=r"LONGFORM_NOW is 'tomorrow'.*YYYY-MM-DD"):
        proof_build(site(tmp_path / "site"), freshenv=True)


def test_source_date_epoch_is_not_now(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2031, 1, 1, tzinfo=dt.UTC).timestamp())))
    built = proof_build(site(tmp_path / "site", future="2030-06-01"), freshenv=True)
    assert not (built.outdir / "essays" / "future-essay.html").exists()


def test_a_toctree_naming_a_missing_document_still_warns(tmp_path):
    src = site(tmp_path / "site")
    path = src / "topics" / "go.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("/essays/pipes-two\n", "/essays/pipes-two\n/essays/nowhere\n")
    )
    built = proof_build(src, freshenv=True)
    assert "toctree contains reference to nonexisting document 'essays/nowhere'" in built.warnings
    assert "secret-draft" not in built.warnings


def test_a_link_to_a_draft_is_text_with_a_located_warning(tmp_path):
    src = site(tmp_path / "site")
    body = "See [the draft](secret-draft.md), {doc}`secret-draft` and [what comes](future-essay.md).\n"
    (src / "essays" / "published.md").write_text(essay("Published essay", tags="go, rust", body=body))
    built = proof_build(src, freshenv=True)
    lines = [line for line in built.warnings.splitlines() if line.strip()]
    assert len(lines) == 2, built.warnings
    for line in lines:
        assert "published.md:11: WARNING: this links to 'essays/secret-draft', a draft" in line
        assert line.endswith("[longform.link-to-draft]")
    html = (built.outdir / "essays" / "published.html").read_text(encoding="utf-8")
    # the text, as written; {doc} with none of its own shows the target as written, never the draft's title
    assert "the draft" in html and "what comes" in html and "secret-draft" in html
    assert "Secret draft" not in html
    assert "secret-draft.html" not in html and "future-essay.html" not in html
    # only the page itself, its preview card, which quotes its opening lines as the page shows them, and its entry
    # in the search index (Pagefind's fragment of the page holds its text)
    fragments = (built.outdir / "_pagefind" / "fragment").glob("*.pf_fragment")
    entry = [
        p.relative_to(built.outdir).as_posix() for p in fragments if b"published.html" in _readable(p.read_bytes())
    ]
    assert len(entry) == 1
    own = ("essays/published.html", "_longform/previews/essays/published.json", entry[0])
    assert [found for found in traces(built.outdir) if not found.startswith(own)] == []


def _same_as_clean(built, tmp_path: Path, name: str) -> None:
    fresh = tmp_path / name
    shutil.copytree(built.srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    clean = proof_build(fresh, freshenv=True)
    problems = compare(
        without_pruned_search_terms(tree(built.outdir)),
        without_pruned_search_terms(tree(clean.outdir)),
        labels=("incremental", "clean"),
    )
    assert not problems, problems
    return clean


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_toggling_draft_and_schedule_incrementally_equals_clean(tmp_path, parallel):
    src = site(tmp_path / "site")
    proof_build(src, freshenv=True, parallel=parallel)
    published = src / "essays" / "published.md"
    published.write_text(published.read_text(encoding="utf-8").replace("tags:", "draft: true\ntags:"))
    future = src / "essays" / "future-essay.md"
    future.write_text(future.read_text(encoding="utf-8").replace(NEXT_YEAR.isoformat(), "2026-01-05"))
    built = proof_build(src, parallel=parallel)
    assert not (built.outdir / "essays" / "published.html").exists()
    assert "future-essay.html" in (built.outdir / "topics" / "go.html").read_text(encoding="utf-8")
    _same_as_clean(built, tmp_path, "clean-1")
    published.write_text(published.read_text(encoding="utf-8").replace("draft: true\n", ""))
    built = proof_build(src, parallel=parallel)
    assert "published.html" in (built.outdir / "topics" / "go.html").read_text(encoding="utf-8")
    _same_as_clean(built, tmp_path, "clean-2")


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
def test_deleting_a_linked_essay_warns_and_rewrites_as_a_clean_build(tmp_path, parallel):
    src = site(tmp_path / "site")
    (src / "essays" / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    body = "```{figure} figure.svg\n:alt: A figure\n\nA caption.\n```\n"
    (src / "essays" / "doomed.md").write_text(essay("Doomed essay", body=body), encoding="utf-8")
    link = "See [the doomed one](doomed.md) and {doc}`doomed`.\n"
    (src / "essays" / "pipes-one.md").write_text(essay("Pipes one", extra="series: pipes\npart: 1\n", body=link))
    first = proof_build(src, freshenv=True, parallel=parallel)
    assert first.warnings == ""
    assert (first.outdir / "_images" / "figure.svg").is_file()
    (src / "essays" / "doomed.md").unlink()
    (src / "essays" / "figure.svg").unlink()
    built = proof_build(src, parallel=parallel)
    clean = _same_as_clean(built, tmp_path, "clean")
    assert not (built.outdir / "_images" / "figure.svg").exists()
    assert not (built.outdir / "_sources" / "essays" / "doomed.md.txt").exists()

    def located(text: str, srcdir: Path) -> set[str]:
        return {line.replace(str(srcdir), "<src>") for line in text.splitlines() if "pipes-one" in line}

    assert located(built.warnings, built.srcdir) == located(clean.warnings, clean.srcdir)
    assert len(located(clean.warnings, clean.srcdir)) == 2
    assert "doomed.html" not in (built.outdir / "essays" / "pipes-one.html").read_text(encoding="utf-8")


def test_a_note_or_earlier_piece_without_front_matter_warns_instead_of_dating_it_1970(tmp_path):
    src = site(tmp_path / "site")
    (src / "notes" / "bare.md").write_text("# A bare note\n\nNo front matter.\n", encoding="utf-8")
    (src / "notes" / "undated.md").write_text("---\ndescription: No date.\n---\n\n# Undated\n\nText.\n")
    (src / "earlier").mkdir()
    (src / "earlier" / "bare-piece.md").write_text("# An earlier piece\n\nNo front matter.\n", encoding="utf-8")
    (src / "index.md").write_text(
        (src / "index.md").read_text(encoding="utf-8").replace("notes/index\n", "notes/index\nearlier/bare-piece\n")
    )
    built = proof_build(src, freshenv=True)
    assert "notes/bare.md:1: WARNING: the note has no front matter" in built.warnings
    assert "notes/undated.md:1: WARNING: no 'date' in the front matter" in built.warnings
    assert "earlier/bare-piece.md:1: WARNING: no 'date' in the front matter" in built.warnings
    assert built.warnings.count("[longform.missing-date]") == 3, built.warnings
    assert "1970" not in (built.outdir / "notes.xml").read_text(encoding="utf-8")


def test_sphinx_still_lets_longform_withhold_documents(tmp_path):
    """The private-API shim (compat.withhold): fails if upstream Sphinx changes how it behaves."""
    import pickle

    from sphinx.testing.util import SphinxTestApp

    from longform.core import compat

    assert compat.withhold_is_tested(), "a Sphinx Longform was not checked against: check compat.withhold"
    src = site(tmp_path / "site")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        assert "essays/secret-draft" not in app.env.found_docs
        assert "essays/secret-draft" not in app.env.all_docs
        assert "essays/published" in app.env.all_docs
        assert not (app.outdir / "essays" / "secret-draft.html").exists()
        # Read and checked: the environment Sphinx saved knows the draft whole (publishing it needs no read).
        saved = pickle.loads((app.doctreedir / "environment.pickle").read_bytes())
        assert "essays/secret-draft" in saved.all_docs
    finally:
        app.cleanup()


def test_the_site_is_built_and_deployed_every_day_so_scheduled_essays_go_live():
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the key 'on' as True
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(cron.split()[2:] == ["*", "*", "*"] for cron in crons), crons  # every day
    deploy = workflow["jobs"]["deploy"]["if"]
    assert "schedule" in deploy and "refs/heads/main" in deploy
    contributing = (REPO / "docs" / "contributing" / "index.md").read_text(encoding="utf-8")
    assert "## Drafts and scheduled essays" in contributing and "LONGFORM_NOW" in contributing
