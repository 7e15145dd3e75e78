"""Tag mistakes: one located warning each, saying what to write; nothing is lost."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from longform.core import catalogue


def _line(path: Path, startswith: str, *, nth: int = 1) -> int:
    """1-based line of the ``nth`` line of ``path`` starting with ``startswith``."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(startswith)]
    return hits[nth - 1]


def _generated(outdir: Path, stem: str) -> str:
    """The one generated tag page whose slug is ``stem-<hash>`` (a safe slug)."""
    (page,) = [p.stem for p in (outdir / "tags").glob(f"{stem}-*.html")]
    return page


def _warnings(app) -> list[str]:
    return [line for line in app.warnings.splitlines() if "WARNING" in line]


def test_each_tag_mistake_gives_one_located_warning(copy_root, build):
    src = copy_root("tags-warnings")
    app = build(src)
    out = Path(app.outdir)
    vocab = src / "tags.yaml"
    essays = src / "essays"
    cpp, fire, index = _generated(out, "c"), _generated(out, "tag"), _generated(out, "index")
    expected = {
        f"{essays / 'typo.md'}:{_line(essays / 'typo.md', 'tags:')}: WARNING: unknown tag 'concurency' (not in "
        "tags.yaml) — did you mean 'concurrency'? Or add 'concurency' to tags.yaml; until then it is listed on "
        "tags/concurency.html [longform.unknown-tag]",
        f"{essays / 'body.md'}:{_line(essays / 'body.md', ':::{tags}')}: WARNING: unknown tag 'golang' (not in "
        "tags.yaml) — use a tag from it, or add 'golang' to tags.yaml; until then it is listed on tags/golang.html "
        "[longform.unknown-tag]",
        f"{essays / 'emoji.md'}:{_line(essays / 'emoji.md', 'tags:')}: WARNING: unknown tag '🔥' (not in "
        f"tags.yaml) — use a tag from it, or add '🔥' to tags.yaml; until then it is listed on tags/{fire}.html "
        "[longform.unknown-tag]",
        f"{essays / 'cpp.md'}:{_line(essays / 'cpp.md', 'tags:')}: WARNING: tag 'C++' would take tags/c.html, the "
        "page of tag 'C' — use a tag from tags.yaml, or add 'C++' there with a slug of its own; until then it is "
        f"listed on tags/{cpp}.html [longform.tag-collision]",
        f"{essays / 'body.md'}:{_line(essays / 'body.md', '```{tags}')}: WARNING: the {{tags}} directive names no "
        "tag — write e.g. '```{tags} concurrency, go```' or remove it [longform.tags-directive]",
        # index.md's {tags} is no mistake: any page may carry tags, as with sphinx-tags (issue 25)
        f"{vocab}:{_line(vocab, 'c:', nth=2)}: WARNING: tag 'c' is defined twice in tags.yaml (first on line "
        f"{_line(vocab, 'c:')}) — only this entry is read; merge the two [longform.duplicate-key]",
        f"{vocab}:{_line(vocab, 'index:')}: WARNING: tag slug 'index' is reserved: tags/index.html is a page of "
        f"the site — rename the tag (until then its page is tags/{index}.html) [longform.tag-collision]",
        f"{vocab}:{_line(vocab, 'runtimes:')}: WARNING: 'Parallel' (an alias of tag 'runtimes') already names tag "
        "'concurrency' in tags.yaml — essays writing it get 'concurrency'; remove it from one of the two "
        "[longform.tag-collision]",
        f"{vocab}:{_line(vocab, 'unused:')}: WARNING: tag 'unused' is in tags.yaml but no essay or note uses it — "
        "tag a page with it or remove it from tags.yaml [longform.unused-tag]",
    }
    assert "Traceback" not in app.warnings
    got = _warnings(app)
    assert sorted(got) == sorted(expected)


def test_unknown_tags_still_list_their_essays(built_root):
    app = built_root("tags-warnings")
    out = Path(app.outdir)
    listed = {
        "concurency": "essays/typo",
        "golang": "essays/body",
        _generated(out, "c"): "essays/cpp",
        _generated(out, "tag"): "essays/emoji",
        _generated(out, "index"): "essays/body",  # the reserved vocabulary slug got a safe one
    }
    for slug, docname in listed.items():
        soup = BeautifulSoup((out / "tags" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select(".longform-item-title a")]
        assert f"../{docname}.html" in hrefs, slug
        essay = BeautifulSoup((out / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        assert f"../tags/{slug}.html" in [a["href"] for a in essay.select("p.longform-tags a.longform-tag")]
    # index.md (neither an essay nor a note) shows its {tags} and is listed on the tag's page.
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in home.select("p.longform-page-tags a.longform-tag")] == ["tags/concurrency.html"]
    tag = BeautifulSoup((out / "tags" / "concurrency.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in tag.select(".longform-tag-pages li a")] == ["../index.html"]
    # 'C' (the vocabulary tag) keeps its page, with its own essay.
    c_page = BeautifulSoup((out / "tags" / "c.html").read_text(encoding="utf-8"), "html.parser")
    assert c_page.find("h1").get_text().replace("¶", "").strip() == "C"
    assert [a["href"] for a in c_page.select(".longform-item-title a")] == ["../essays/cpp.html"]
    # Every essay is built and catalogued; the tags index lists every tag that has a page.
    assert set(catalogue.essays(app.env)) == {f"essays/{p.stem}" for p in (Path(app.srcdir) / "essays").glob("*.md")}
    index = BeautifulSoup((out / "tags" / "index.html").read_text(encoding="utf-8"), "html.parser")
    pages = {p.stem for p in (out / "tags").glob("*.html")} - {"index"}
    assert {a["href"].removesuffix(".html") for a in index.select(".longform-tag-entry a")} == pages


def test_warnings_can_be_filtered_by_subtype(copy_root, build):
    app = build(
        copy_root("tags-warnings"),
        suppress_warnings=["longform.unknown-tag", "longform.unused-tag", "longform.no-baseurl"],
    )
    assert "unknown tag" not in app.warnings
    assert "no essay or note uses it" not in app.warnings
    assert "would take tags/c.html" in app.warnings


def test_without_a_vocabulary_tags_are_free_form(copy_root, build):
    src = copy_root("tags")
    (src / "tags.yaml").unlink()
    app = build(src)
    assert app.warnings == ""
    out = Path(app.outdir)
    written = {name for essay in catalogue.essays(app.env).values() if not essay.draft for name in essay.tags}
    # Case-insensitive grouping still holds: 'CONCURRENCY' and 'Concurrency' are one tag.
    slugs = {p.stem for p in (out / "tags").glob("*.html")} - {"index"}
    assert slugs == {name.lower() for name in written}


def test_a_broken_vocabulary_is_one_warning_not_one_per_tag(copy_root, build):
    """Until tags.yaml is fixed, tags are free-form: its own warning is not buried under 'unknown tag' ones."""
    src = copy_root("tags")
    vocab = src / "tags.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "broken: [unclosed\n", encoding="utf-8")
    app = build(src)
    (warning,) = _warnings(app)
    assert warning.startswith(f"{vocab}:") and warning.endswith("[longform.vocabulary]")
    listed = [essay for essay in catalogue.essays(app.env).values() if not essay.draft]
    assert listed and all((Path(app.outdir) / f"{essay.docname}.html").is_file() for essay in listed)
    assert (Path(app.outdir) / "tags" / "golang.html").is_file()  # a name as written: no vocabulary, no alias
