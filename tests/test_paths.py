"""Reading paths: the path page, the banners on member essays, the paths index, the checks, the hooks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import proofkit as kit
import pytest
import sources
import yaml

from longform.core import catalogue
from longform.features import paths


def _rel(fromdoc: str, docname: str) -> str:
    """The relative link Sphinx writes from one page to another in this flat two-level layout."""
    if fromdoc.split("/")[0] == docname.split("/")[0]:
        return docname.split("/")[-1] + ".html"
    return f"../{docname}.html"


@dataclass(frozen=True)
class _Step:
    docname: str
    note: str


def _steps(app, pathdoc: str) -> list[tuple[_Step, sources.Source]]:
    """The steps the path's source lists (its ``{reading-path}`` block read as YAML), each with its essay as the
    essay's source writes it: nothing from the extension (this root has no bad items)."""
    text = (Path(app.srcdir) / f"{pathdoc}.md").read_text(encoding="utf-8")
    block = text.split("```{reading-path}\n", 1)[1].split("```", 1)[0]
    items = [{"essay": item} if isinstance(item, str) else item for item in yaml.safe_load(block)]
    steps = [_Step(item["essay"], item.get("note", "")) for item in items]
    return [(step, sources.read(app.srcdir, step.docname)) for step in steps]


def _minutes(essay: sources.Source) -> int:
    """The ``reading_time:`` the front matter sets; without one, a page of a few lines reads in under a minute,
    which is shown as 1."""
    if essay.reading_time is not None:
        return essay.reading_time
    assert essay.words < 238, essay.docname
    return 1


def test_path_page_renders_numbered_cards_with_title_description_time_and_note(built_root):
    app = built_root("paths")
    assert app.warnings == ""
    steps = _steps(app, "paths/first")
    soup = kit.soup(app, "paths/first.html")
    root = soup.find("div", id="longform-path")
    assert root["data-longform-path"] == "paths/first"
    assert root["data-longform-essays"].split() == [essay.docname for _, essay in steps]
    total = sum(_minutes(essay) for _, essay in steps)
    assert kit.text(root.find("p", class_="longform-path-totals")) == f"{len(steps)} essays · {total} min"
    cards = root.find("ol", class_="longform-path-steps").find_all("div", class_="longform-path-step")
    assert len(cards) == len(steps) == 3
    for number, (card, (step, essay)) in enumerate(zip(cards, steps, strict=True), start=1):
        assert {"sd-card", "sd-shadow-sm"} <= set(card["class"])
        assert card["data-longform-essay"] == essay.docname
        assert card.find("div", class_="sd-card-body") is not None
        title = card.find("p", class_="longform-item-title")
        assert kit.text(title.find(class_="longform-path-step-number")) == f"Step {number}"
        link = title.find("a")
        assert (link.get_text(), link["href"]) == (essay.title, _rel("paths/first", essay.docname))
        assert kit.text(card.find(class_="longform-item-description")) == essay.description
        assert card.find(class_="longform-reading-time").get_text() == f"{_minutes(essay)} min read"
        note = card.find("p", class_="longform-path-note")
        if step.note:
            assert kit.text(note) == f"Why here: {step.note}"
        else:
            assert note is None
    assert any(step.note for step, _ in steps) and not all(step.note for step, _ in steps)
    # The page's own title and introduction are the page's; the directive adds no heading.
    assert soup.find("h1").get_text().strip("¶ ") == "The first path"
    assert "An introduction to the first path." in soup.find("article").get_text()


def test_banner_on_each_member_names_the_path_and_step_and_the_end_names_the_next(built_root):
    app = built_root("paths")
    defs = paths.definitions(app.env)
    titles = {doc: paths.path_title(app.env, doc) for doc in defs}
    essays = catalogue.essays(app.env)
    for docname in essays:
        soup = kit.soup(app, f"{docname}.html")
        banners = soup.find_all("div", class_="longform-path-banner")
        onward = soup.find_all("div", class_="longform-path-onward")
        on = [
            (pathdoc, [s.docname for s in definition.steps])
            for pathdoc, definition in sorted(defs.items(), key=lambda item: titles[item[0]])
            if docname in [s.docname for s in definition.steps]
        ]
        assert [b["data-longform-path"] for b in banners] == [pathdoc for pathdoc, _ in on], docname
        assert [b["data-longform-path"] for b in onward] == [pathdoc for pathdoc, _ in on], docname
        for banner, end, (pathdoc, members) in zip(banners, onward, on, strict=True):
            index = members.index(docname)
            assert kit.text(banner) == f"Reading path {titles[pathdoc]} · step {index + 1} of {len(members)}"
            assert banner.find("a")["href"] == _rel(docname, pathdoc)
            assert banner.find("a", class_="longform-path-next") is None  # the way on is at the end
            assert banner["data-longform-essays"].split() == members
            label = f"Step {index + 1} of {len(members)} on the reading path {titles[pathdoc]}"
            if index + 1 < len(members):
                following = essays[members[index + 1]]
                assert kit.text(end) == f"{label} Next step: {following.title} →"
                assert end.find("a", class_="longform-path-next")["href"] == _rel(docname, following.docname)
            else:
                assert kit.text(end) == f"{label} The last step of this path — back to the path"
            assert end["data-longform-essays"].split() == members
        toggle = soup.find(attrs={"data-longform-toggle": True})
        if on:
            assert toggle["data-longform-toggle"] == docname and toggle.find("button") is None  # JS adds it
            # "Mark as read" comes at the end, after the essay's text, not in the header.
            assert toggle.find_parent(class_="longform-path-next-steps") is not None
        else:
            assert toggle is None and soup.find(class_="longform-path-banners") is None
    # alpha is on both paths; omega on none.
    assert len(kit.soup(app, "essays/alpha.html").find_all("div", class_="longform-path-banner")) == 2


def test_banners_come_after_the_header_lines_under_the_title(built_root):
    app = built_root("paths")
    h1 = kit.soup(app, "essays/beta.html").find("h1")
    following = [el for el in h1.find_next_siblings() if el.name in ("p", "div")]
    assert following[0]["class"] == ["longform-meta", "longform-header", "no-search"]  # a header part (views)
    assert "longform-path-banners" in next(el for el in following if el.name == "div")["class"]


def test_paths_index_lists_each_path_with_description_count_and_time(built_root):
    app = built_root("paths")
    soup = kit.soup(app, "paths/index.html")
    entries = soup.find("div", class_="longform-path-list").find_all("div", class_="longform-path-entry")
    expected = sorted(paths.definitions(app.env), key=lambda doc: paths.path_title(app.env, doc).lower())
    assert [e["data-longform-path"] for e in entries] == expected
    essays = catalogue.essays(app.env)
    for entry, pathdoc in zip(entries, expected, strict=True):
        members = [s.docname for s in paths.definitions(app.env)[pathdoc].steps]
        link = entry.find("p", class_="sd-card-title").find("a")
        assert (link.get_text(), link["href"]) == (paths.path_title(app.env, pathdoc), _rel("paths/index", pathdoc))
        assert app.env.metadata[pathdoc]["description"] in kit.text(entry)
        minutes = sum(essays[m].minutes for m in members)
        assert kit.text(entry.find("p", class_="longform-path-list-meta")) == f"{len(members)} essays · {minutes} min"
        assert entry["data-longform-essays"].split() == members


def test_path_list_limit_option(copy_root, build):
    src = copy_root("paths")
    index = src / "paths" / "index.md"
    index.write_text(index.read_text().replace("```{path-list}\n", "```{path-list}\n:limit: 1\n"))
    app = build(src)
    assert len(kit.soup(app, "paths/index.html").find_all("div", class_="longform-path-entry")) == 1


def test_progress_script_and_hooks_only_where_needed(built_root):
    app = built_root("paths")
    script = "longform-progress.js"
    assert (Path(app.outdir) / "_static" / script).is_file()
    on_paths = {s.docname for d in paths.definitions(app.env).values() for s in d.steps}
    pages = {f"{doc}.html" for doc in catalogue.essays(app.env)} | {"paths/first.html", "paths/index.html"}
    for page in sorted(pages | {"index.html"}):
        soup = kit.soup(app, page)
        scripts = [s for s in soup.find_all("script") if script in (s.get("src") or "")]
        needed = page.startswith("paths/") or page.removesuffix(".html") in on_paths
        assert len(scripts) == int(needed), page
        if scripts:
            assert scripts[0].has_attr("defer")
        # No inline script and nothing contributor-written in the hooks but docnames.
        assert not [s for s in soup.find("article").find_all("script")]


def test_no_cookies_and_no_network_in_the_progress_script():
    source = (Path(paths.__file__).parent.parent / "static" / "longform-progress.js").read_text()
    for forbidden in ("document.cookie", "fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "innerHTML"):
        assert forbidden not in source
    assert '"longform:read"' in source


def test_notes_and_titles_are_escaped(copy_root, build):
    src = copy_root("paths")
    first = src / "paths" / "first.md"
    first.write_text(first.read_text().replace("Beta builds on alpha.", '"<img src=x onerror=alert(1)> & more"'))
    beta = src / "essays" / "beta.md"
    beta.write_text(beta.read_text().replace("# Beta", "# Beta <script>alert(2)</script>"))
    app = build(src)
    for page in ("paths/first.html", "essays/alpha.html"):
        article = kit.soup(app, page).find("article")
        assert article.find("img") is None and article.find("script") is None, page
    html = (Path(app.outdir) / "paths" / "first.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html
    assert "Beta &lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_drafts_are_left_out_of_paths_unless_previewing(copy_root, build):
    src = copy_root("paths")
    second = src / "paths" / "second.md"
    second.write_text(second.read_text().replace("- essays/alpha\n", "- essays/alpha\n- essays/delta\n"))
    app = build(src)
    assert "[longform.path-draft]" in app.warnings
    card_docs = [
        c["data-longform-essay"] for c in kit.soup(app, "paths/second.html").find_all(class_="longform-path-step")
    ]
    assert card_docs == ["essays/gamma", "essays/alpha"]
    assert not (Path(app.outdir) / "essays" / "delta.html").exists()  # a draft has no page at all
    preview = build(src, freshenv=True, longform_show_drafts=True)
    cards = kit.soup(preview, "paths/second.html").find_all(class_="longform-path-step")
    assert [c["data-longform-essay"] for c in cards] == ["essays/gamma", "essays/alpha", "essays/delta"]
    assert cards[-1].find(class_="longform-draft") is not None
    assert "step 3 of 3" in kit.text(kit.soup(preview, "essays/delta.html").find(class_="longform-path-banner"))


# -- checks -----------------------------------------------------------------------------------

PATH_WARNINGS = {
    ("members", 9): ("path-unknown-essay", "no essay 'essays/alhpa' — did you mean 'essays/alpha'?"),
    ("members", 10): (
        "path-draft",
        "'essays/draft-one' is a draft: the published site leaves this step out — publish it "
        "(remove 'draft: true') or take it off the path",
    ),
    ("members", 11): ("path-unknown-essay", "'index' is not an essay — a reading path lists essays only"),
    ("members", 12): (
        "path-duplicate",
        "'essays/alpha' is already on this path (line 8) — an essay appears once on a path; remove one of the two",
    ),
    ("items", 11): ("path-item", "unknown key 'why' in a reading-path item — only 'essay' and 'note' are read"),
    ("items", 12): (
        "path-item",
        "a reading-path item needs 'essay: essays/<name>' — write '- essays/<name>' or "
        "'- {essay: essays/<name>, note: ...}'",
    ),
    ("items", 13): (
        "path-item",
        "a reading-path item must be an essay — write '- essays/<name>' or '- {essay: essays/<name>, note: ...}'",
    ),
    ("items", 14): (
        "path-item",
        "empty item in the reading path — write '- essays/<name>' or '- {essay: essays/<name>, note: ...}'",
    ),
    ("broken", 10): (
        "path-yaml",
        "the reading path is not valid YAML (mapping values are not allowed here) — write one item per line: "
        "'- essays/<name>' or '- {essay: essays/<name>, note: ...}'",
    ),
    ("empty", 7): ("path-empty", "the reading path is empty — list its essays, one per line: '- essays/<name>'"),
    ("mapping", 8): (
        "path-yaml",
        "a reading path is a YAML list — start each item with '- ', e.g. '- essays/<name>'",
    ),
    ("undescribed", 1): (
        "path-description",
        "the reading path has no 'description' — add 'description: <one sentence>' to the page's front matter; "
        "the paths index shows it",
    ),
    ("twice", 11): (
        "path-duplicate-directive",
        "a page can hold one reading path — move this list to its own page under paths/",
    ),
    ("rest", 9): ("path-unknown-essay", "no essay 'essays/betta' — did you mean 'essays/beta'?"),
}


def test_each_path_problem_is_one_located_warning(copy_root, build):
    src = copy_root("paths-bad")
    app = build(src)
    assert "Traceback" not in app.warnings
    suffix = {"rest": ".rst"}
    expected = sorted(
        f"{src / 'paths' / (page + suffix.get(page, '.md'))}:{line}: WARNING: {message} [longform.{subtype}]"
        for (page, line), (subtype, message) in PATH_WARNINGS.items()
    )
    lines = sorted(line for line in app.warnings.splitlines() if "WARNING" in line)
    assert lines == expected
    # The rest still builds: every page exists, and the good steps of a bad path are shown.
    for page in (src / "paths").iterdir():
        assert (Path(app.outdir) / "paths" / f"{page.stem}.html").exists()
    cards = kit.soup(app, "paths/members.html").find_all(class_="longform-path-step")
    assert [c["data-longform-essay"] for c in cards] == ["essays/alpha", "essays/beta"]
    assert (
        kit.text(kit.soup(app, "paths/empty.html").find(class_="longform-path-empty")) == "This path has no essays yet."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- essays/a\n- {essay: /essays/b.md, note: '  two   words '}\n",
            [("essays/a", "", 5), ("essays/b", "two words", 6)],
        ),
        ("", []),
        ("# just a comment\n", []),
    ],
)
def test_parse_steps(text, expected):
    steps, problems = paths.parse_steps(text, first_line=5)
    assert problems == []
    assert [(s.docname, s.note, s.line) for s in steps] == expected


def test_rendering_reads_nothing_but_the_computed_data(copy_root, build):
    """What keeps pages fresh: render() shows only what compute() returned (the fingerprinted data)."""
    import dataclasses

    from docutils import nodes

    app = build(copy_root("paths"))  # it scrambles the environment: its own build
    env = app.env
    views = {
        "banner": (paths.banner_compute, paths.banner_render),
        "path": (paths.path_compute, paths.path_render),
        "list": (paths.list_compute, paths.list_render),
    }
    data = {(kind, doc): fns[0](app, doc, {}) for kind, fns in views.items() for doc in sorted(env.all_docs)}
    data = {key: value for key, value in data.items() if value}
    assert {kind for kind, _ in data} == set(views)

    def rendered() -> list[str]:
        return ["".join(n.pformat() for n in views[kind][1](app, doc, d)) for (kind, doc), d in data.items()]

    before = rendered()
    env.domaindata["longform"]["essays"] = {
        doc: dataclasses.replace(e, title="X", description="Y", minutes=99, draft=True)
        for doc, e in catalogue.essays(env).items()
    }
    definitions = env.domaindata["longform"]["paths"]
    definitions.update({doc: dataclasses.replace(d, steps=d.steps[::-1]) for doc, d in definitions.items()})
    env.titles = {doc: nodes.title("", "Z") for doc in env.titles}
    env.metadata = {doc: {"description": "W"} for doc in env.metadata}
    assert rendered() == before
