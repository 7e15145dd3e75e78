"""Series: the header line, the footer navigation, the generated pages, and the checks."""

from __future__ import annotations

from pathlib import Path

import proofkit as kit
from bs4 import BeautifulSoup

from longform.core import catalogue, publishing
from longform.features import series


def _parts(app, slug: str) -> list[catalogue.Essay]:
    """The visible parts of a series, in order, straight from the catalogue."""
    return series.members(app.env, slug)


def test_every_member_shows_part_n_of_m_under_the_title(built_root):
    app = built_root("series")
    assert app.warnings == ""
    title = series.terms(app.env)["trio"].title
    parts = _parts(app, "trio")
    assert [p.docname for p in parts] == ["essays/one", "essays/two", "essays/three"]
    for essay in parts:
        soup = kit.soup(app, f"{essay.docname}.html")
        line = soup.find("h1").find_next("span", class_="longform-series")
        assert line is not None
        assert kit.text(line) == f"Part {essay.part} of {len(parts)} in {title}"
        assert line.find("a")["href"] == "../series/trio.html"
    # The series is part of the one meta line under the title, after the date and the reading time.
    soup = kit.soup(app, "essays/two.html")
    meta = soup.find("h1").find_next_sibling("p")
    assert meta["class"] == ["longform-meta", "longform-header", "no-search"]
    assert [
        span["class"][0] for span in meta.find_all("span", recursive=False) if "longform-sep" not in span["class"]
    ] == [
        "longform-date",
        "longform-reading-time",
        "longform-series",
    ]


def test_footer_links_previous_and_next_part_and_lists_all_parts(built_root):
    app = built_root("series")
    parts = _parts(app, "trio")
    for index, essay in enumerate(parts):
        footer = kit.soup(app, f"{essay.docname}.html").find("div", class_="longform-series-footer")
        nav = footer.find("p", class_="longform-series-nav")
        previous = parts[index - 1] if index > 0 else None
        following = parts[index + 1] if index + 1 < len(parts) else None
        prev_link = nav.find("a", class_="prev-page")
        next_link = nav.find("a", class_="next-page")
        if previous is None:
            assert prev_link is None
        else:
            assert prev_link["href"] == previous.docname.split("/")[-1] + ".html"
            assert kit.text(prev_link.find(class_="context")) == f"Previous part · Part {previous.part}"
            assert kit.text(prev_link.find(class_="title")) == previous.title
        if following is None:
            assert next_link is None
        else:
            assert next_link["href"] == following.docname.split("/")[-1] + ".html"
            assert kit.text(next_link.find(class_="context")) == f"Next part · Part {following.part}"
            assert kit.text(next_link.find(class_="title")) == following.title
        # furo's own footer classes, so it looks like the theme's previous/next.
        assert "related-pages" in nav["class"]
        items = footer.find("ul", class_="longform-series-parts").find_all("li")
        assert [kit.text(li) for li in items] == [
            f"Part {p.part} {p.title}" + (" (this essay)" if p is essay else "") for p in parts
        ]
        current = [li for li in items if "longform-current" in (li.get("class") or [])]
        assert len(current) == 1 and current[0].find("a") is None
        assert current[0].find("strong").get_text() == essay.title


def test_essays_outside_any_series_show_no_series_navigation(built_root):
    app = built_root("series")
    soup = kit.soup(app, "essays/alone.html")
    assert soup.find(class_="longform-series") is None
    assert soup.find(class_="longform-series-footer") is None


def test_series_page_lists_parts_in_order_with_reading_times_and_total(built_root):
    app = built_root("series")
    term = series.terms(app.env)["trio"]
    parts = _parts(app, "trio")
    soup = kit.soup(app, "series/trio.html")
    assert soup.find("h1").get_text().strip("¶ ") == term.title
    assert soup.find("meta", attrs={"name": "description"})["content"] == term.description
    assert kit.text(soup.find("p", class_="longform-series-description")) == term.description
    total = sum(p.minutes for p in parts)
    assert kit.text(soup.find("p", class_="longform-series-totals")) == f"{len(parts)} parts · {total} min"
    entries = soup.find_all("div", class_="longform-series-entry")
    assert len(entries) == len(parts)
    for entry, essay in zip(entries, parts, strict=True):
        assert kit.text(entry.find("p", class_="longform-series-part")) == f"Part {essay.part}"
        link = entry.find("p", class_="longform-item-title").find("a")
        assert (link.get_text(), link["href"]) == (essay.title, f"../{essay.docname}.html")
        assert entry.find(class_="longform-reading-time").get_text() == f"{essay.minutes} min read"
        assert kit.text(entry.find(class_="longform-item-description")) == essay.description
    assert len({p.minutes for p in parts}) > 1, "the root must give parts different reading times"


def test_series_index_lists_every_series_with_count_and_time(built_root):
    app = built_root("series")
    soup = kit.soup(app, "series/index.html")
    entries = soup.find("div", class_="longform-series-index").find_all("div", class_="longform-item")
    expected = sorted(
        ((t.title, t.slug, t.description) for t in series.terms(app.env).values() if _parts(app, t.slug)),
        key=lambda e: e[0].lower(),
    )
    assert len(entries) == len(expected) == 2
    for entry, (title, slug, description) in zip(entries, expected, strict=True):
        parts = _parts(app, slug)
        link = entry.find("a")
        assert (link.get_text(), link["href"]) == (title, f"{slug}.html")
        count = f"{len(parts)} part{'s' if len(parts) != 1 else ''}"
        assert kit.text(entry.find(class_="longform-item-meta")) == f"{count} · {sum(p.minutes for p in parts)} min"
        assert kit.text(entry.find(class_="longform-item-description")) == description
    # Every series page links back to the index.
    assert kit.soup(app, "series/trio.html").find("p", class_="longform-series-all").find("a")["href"] == "index.html"


def test_drafts_are_left_out_of_the_series_unless_previewing(copy_root, build):
    src = copy_root("series")
    app = build(src)
    assert publishing.unpublished(app.env)["essays/right"].draft  # counted for the checks, never shown
    left = kit.soup(app, "essays/left.html")
    assert kit.text(left.find("span", class_="longform-series")) == "Part 1 of 1 in A pair"
    assert left.find("p", class_="longform-series-nav") is None
    assert not (Path(app.outdir) / "essays" / "right.html").exists()
    assert "Right half" not in kit.soup(app, "series/duo.html").find("article").get_text()

    preview = build(src, freshenv=True, longform_show_drafts=True)
    assert "[longform" not in preview.warnings  # (a second app in one test also logs Sphinx's re-registrations)
    left = kit.soup(preview, "essays/left.html")
    assert kit.text(left.find("span", class_="longform-series")) == "Part 1 of 2 in A pair"
    assert kit.text(left.find("a", class_="next-page").find(class_="title")) == "Right half"
    assert "Right half" in kit.soup(preview, "series/duo.html").find("article").get_text()


def test_contributor_text_is_escaped_everywhere_it_is_shown(copy_root, build):
    src = copy_root("series")
    vocab = src / "series.yaml"
    vocab.write_text(vocab.read_text().replace("title: The trio", "title: <b>Trio</b> & <script>x()</script>"))
    essay = src / "essays" / "one.md"
    essay.write_text(essay.read_text().replace("# First of three", "# First <i>of</i> three"))
    app = build(src)
    for name in ("essays/one.html", "essays/two.html", "series/trio.html", "series/index.html"):
        html = (Path(app.outdir) / name).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        article = soup.find("article")
        assert article.find("b") is None and article.find("script") is None, name
        assert "&lt;b&gt;Trio&lt;/b&gt; &amp; &lt;script&gt;" in html, name
    two = kit.soup(app, "essays/two.html").find("a", class_="prev-page")
    assert two.find("i") is None and kit.text(two.find(class_="title")) == "First <i>of</i> three"


# -- checks -----------------------------------------------------------------------------------


def test_each_series_problem_is_one_located_warning(copy_root, build):
    src = copy_root("series-bad")
    app = build(src)
    assert "Traceback" not in app.warnings
    essays = src / "essays"
    expected = [
        f"{essays}/typo.md:5: WARNING: unknown series 'alpah' — did you mean 'alpha'? [longform.unknown-series]",
        f"{essays}/alpha-4.md:6: WARNING: series 'alpha' has no parts 2–3 (its parts are 1, 4, 5) — "
        "write parts 2–3, or renumber the parts from this one on [longform.series-gap]",
        f"{essays}/beta-1b.md:5: WARNING: part 1 of series 'beta' is also claimed by 'essays/beta-1' — "
        "give each part its own number [longform.duplicate-part]",
        f"{essays}/gamma-1.md:5: WARNING: series 'gamma' has only one part, this essay — write the other parts, "
        "or remove 'series' and 'part' from this essay [longform.single-part]",
        # Reported once, by the front-matter validator; the series checks do not repeat it.
        f"{essays}/part-only.md:5: WARNING: 'part' is set but 'series' is not — add 'series: <slug>' or "
        "remove 'part' [longform.part-without-series]",
    ]
    lines = [line for line in app.warnings.splitlines() if "WARNING" in line]
    assert sorted(lines) == sorted(expected)
    # The rest of the site still builds: every essay has its page, every known series its page.
    for path in essays.glob("*.md"):
        assert (Path(app.outdir) / "essays" / f"{path.stem}.html").exists()
    for slug in ("alpha", "beta", "gamma"):
        assert (Path(app.outdir) / "series" / f"{slug}.html").exists()
    assert not (Path(app.outdir) / "series" / "alpah.html").exists()


def test_unknown_series_without_a_close_match_lists_the_known_ones(copy_root, build):
    src = copy_root("series-bad")
    typo = src / "essays" / "typo.md"
    typo.write_text(typo.read_text().replace("series: alpah", "series: zzz"))
    app = build(src)
    assert (
        f"{typo}:5: WARNING: unknown series 'zzz' — known series: alpha, beta, gamma "
        "(or add 'zzz:' with a title and a description to series.yaml (in the source folder)) "
        "[longform.unknown-series]"
    ) in app.warnings


def test_series_with_a_gap_still_navigates_across_it(built_root):
    app = built_root("series-bad")
    nav = kit.soup(app, "essays/alpha-4.html").find("p", class_="longform-series-nav")
    assert kit.text(nav.find("a", class_="prev-page").find(class_="context")) == "Previous part · Part 1"
    assert kit.text(nav.find("a", class_="next-page").find(class_="context")) == "Next part · Part 5"
    assert (
        kit.text(kit.soup(app, "essays/alpha-4.html").find("span", class_="longform-series"))
        == "Part 4 of 5 in Alpha series"
    )


def test_broken_series_vocabulary_is_one_warning_and_the_site_builds(copy_root, build):
    src = copy_root("series")
    (src / "series.yaml").write_text("trio:\n  title: The trio\n   description: indented too far\n")
    app = build(src)
    lines = [line for line in app.warnings.splitlines() if "WARNING" in line]
    # One bad input, one warning: the members' series are not reported as unknown on top of it.
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{src / 'series.yaml'}:3: WARNING: the series vocabulary is not valid YAML")
    assert lines[0].endswith("[longform.vocabulary]")
    assert (Path(app.outdir) / "essays" / "two.html").exists()
    assert not (Path(app.outdir) / "series" / "trio.html").exists()


def test_rendering_reads_nothing_but_the_computed_data(copy_root, build):
    """What keeps pages fresh: render() shows only what compute() returned (the fingerprinted data).

    Render every series view from its data, scramble the catalogue and the vocabulary, render from
    the same data again: the output must not move.
    """
    import dataclasses

    app = build(copy_root("series"))  # it scrambles the environment: its own build
    env = app.env
    views = [(series.header_compute, series.header_render), (series.footer_compute, series.footer_render)]
    docnames = sorted(catalogue.essays(env))
    data = {(i, doc): compute(app, doc, {}) for i, (compute, _) in enumerate(views) for doc in docnames}
    pages = series.pages(app)
    assert any(d is not None for d in data.values()) and pages

    def rendered() -> list[str]:
        out = ["".join(n.pformat() for n in views[i][1](app, doc, d)) for (i, doc), d in data.items() if d is not None]
        for path, page in pages.items():
            name = path.removesuffix(".html")
            body = (series._index_body if isinstance(page, series.SeriesIndex) else series._series_page_body)(
                app, name, page
            )
            out.append("".join(n.pformat() for n in body))
        return out

    before = rendered()
    env.domaindata["longform"]["essays"] = {
        doc: dataclasses.replace(e, title="X", description="Y", minutes=99, part=7, series="zzz")
        for doc, e in catalogue.essays(env).items()
    }
    from longform.core import vocabulary

    loaded = vocabulary.loaded(env)
    loaded["series"] = dataclasses.replace(loaded["series"], terms=())
    assert rendered() == before
