"""Incremental equals clean, by property.

A small generated site (essays in two topics, a tag and a series vocabulary, a
reading path when the ``reading-path`` directive exists) goes through random
sequences of edits: tags added, removed and renamed, titles, dates and
descriptions changed, essays moved into and out of series and topics, added,
deleted (also while other essays link to them) and renamed, links and figures
added and deleted, typed links (builds on, responds to, supersedes: cycles and second successors
included) added and removed, drafts toggled, essays scheduled for a later day and
unscheduled, body-only edits, vocabulary titles changed, an essay's authors,
an author's name and the path's curator changed.  After each step the
site is built incrementally, a fresh copy of the same sources is built from
scratch, and the two output folders must be byte-identical: every HTML page
(written or filled by our extensions or not: section times and fingerprints included), every feed, the search index,
every copied image and the set of files.  Serial and ``-j 2``.

Warnings are compared too.  Sphinx repeats no warning of a page it does not
read or write again, so an incremental build cannot repeat every warning of a
clean one; what it must do is give every warning that the edit *newly* causes
(the warnings of this step's clean build that the previous step's clean build
did not give: a page now linking to a deleted essay, for instance), and no
warning that a clean build does not give.

``nox -s tests`` runs the one fixed sequence that uses every kind of edit
(``EVERY_EDIT``), serial and ``-j 2``.  The drawn sequences are marked ``slow``
and run in ``nox -s slow`` (which ``.ci/run`` calls): under the profile
``LONGFORM_HYPOTHESIS_PROFILE`` names, ``ci`` (default; derandomised, a few
examples) or ``nightly`` (random, many more), and the long test, which runs
the nightly budget with longer sequences even without the variable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from proofkit import build, code_digest, compare, registered_directives, tree, without_pruned_search_terms

REPO = Path(__file__).resolve().parent.parent

settings.register_profile(
    "ci",
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "nightly",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
PROFILE = os.environ.get("LONGFORM_HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

WORDS = ("queues", "actors", "latency", "budget", "retries", "owners", "tests", "paths", "drift", "locks")
TOPICS = ("a", "b")
BASE_DATE = dt.date(2026, 1, 1)
#: The builds' "now" (``longform_now``): every essay is dated before it unless scheduled.
NOW = "2026-06-01"
#: A scheduled essay's day: after NOW.
FUTURE_DAY = 400


# -- the corpus: a plain model of the sources ---------------------------------------------


@dataclass(frozen=True)
class EssaySrc:
    title: str
    day: int  # days after BASE_DATE
    description: str
    tags: tuple[str, ...]
    series: str | None = None
    part: int | None = None
    draft: bool = False
    body: str = "First paragraph."
    topic: str | None = "a"  # None: in no toctree
    body_tags: tuple[str, ...] = ()  # given with the {tags} directive in the body
    links: tuple[str, ...] = ()  # essays this one links to (kept when the target goes away)
    figure: bool = False  # a figure, with its image file beside the essay
    authors: tuple[str, ...] = ()  # author slugs (authors.yaml)
    #: Typed links in the front matter: (key, essay name), e.g. ("supersedes", "e1") (kept when the target goes away).
    typed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Corpus:
    essays: dict[str, EssaySrc]
    tags: dict[str, str]  # slug -> title
    series: dict[str, str]  # slug -> title
    path: tuple[str, ...]  # essay names, in reading order
    counter: int = 0
    path_description: str = "One route through the essays."
    #: A short note (docs/notes/): its own listing and feed.
    note: EssaySrc = EssaySrc("A short note", 12, "A note.", ("beta",), topic=None, authors=("bo",))
    authors: tuple[tuple[str, str], ...] = (("ana", "Ana One"), ("bo", "Bo Two"))  # slug, name
    curator: str | None = "ana"  # of the reading path


def initial() -> Corpus:
    essays = {
        "e0": EssaySrc(
            "Queues are promises",
            10,
            "What a queue promises.",
            ("alpha", "beta"),
            "s1",
            1,
            links=("e1",),
            authors=("ana",),
        ),
        "e1": EssaySrc("Actors own state", 20, "Who owns what.", ("beta",), "s1", 2, topic="a"),
        "e2": EssaySrc(
            "Retry budgets",
            20,
            "How many retries.",
            ("gamma",),
            topic="b",
            body_tags=("beta",),
            links=("e0", "e3"),
            authors=("bo", "ana"),
        ),
        "e3": EssaySrc("Latency drift", 5, "Slow creep.", ("alpha", "gamma"), "s2", 1, topic="b", figure=True),
    }
    return Corpus(
        essays=essays,
        tags={"alpha": "Alpha", "beta": "Beta", "gamma": "Gamma", "delta": "Delta"},
        series={"s1": "Series one", "s2": "Series two"},
        path=("e2", "e0"),
        counter=4,
    )


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


def _essay_file(src: EssaySrc, *, name: str = "", available: frozenset[str] = frozenset()) -> str:
    lines = [
        "---",
        f"title: {_yaml(src.title)}",
        f"date: {(BASE_DATE + dt.timedelta(days=src.day)).isoformat()}",
        f"description: {_yaml(src.description)}",
        f"tags: [{', '.join(src.tags)}]",
    ]
    if src.series is not None:
        lines.append(f"series: {src.series}")
        lines.append(f"part: {src.part or 1}")
    if src.draft:
        lines.append("draft: true")
    if src.authors:
        lines.append(f"authors: [{', '.join(src.authors)}]")
    for key in ("builds_on", "responds_to", "supersedes"):
        targets = [target for kind, target in src.typed if kind == key]
        if targets:
            lines.append(f"{key}: [{', '.join(targets)}]")
    lines += ["---", "", f"# {src.title}", "", src.body, ""]
    # A section and a footnote whose words follow the body: section times and fingerprints (features/sections.py)
    # change with each body edit, and must change alike in both builds.
    lines += ["## Further", "", f"More on {src.title.lower()}[^more].", "", f"[^more]: {src.body}", ""]
    for number, target in enumerate(src.links):
        # Both ways of linking an essay: a Markdown link to its file and the {doc} role.
        lines += [f"See [the essay {target}]({target}.md).", ""] if number % 2 == 0 else [f"See {{doc}}`{target}`.", ""]
    if src.figure:
        lines += [f"```{{figure}} figures/{name}.svg", ":alt: A figure", "", f"The figure of {name}.", "```", ""]
    if src.body_tags and "tags" in available:
        lines += [f"```{{tags}} {', '.join(src.body_tags)}", "```", ""]
    return "\n".join(lines)


def _fence(name: str, body: str = "", **options: str) -> str:
    head = "".join(f":{key}: {value}\n" for key, value in options.items())
    return f"```{{{name}}}\n{head}{body}```\n"


def render(corpus: Corpus, *, available: set[str]) -> dict[str, str]:
    """The source files of the corpus (relative path -> text), shaped like ``docs/``.

    Directives are used only when a feature registers them (``available``), so the
    corpus covers each feature's pages from the day it lands.
    """
    files: dict[str, str] = {"conf.py": (REPO / "conf.py").read_text(encoding="utf-8")}
    more = ["archive", "notes/index"]
    files["notes/n0.md"] = _essay_file(corpus.note)
    files["earlier/old.md"] = _essay_file(EssaySrc("An older piece", -400, "From before.", ("gamma",)))
    if "tag-index" in available:
        more.append("tags/index")
        files["tags/index.md"] = "# Tags\n\n" + _fence("tag-index")
    if "reading-path" in available:
        more.append("paths/index")
        listing = _fence("path-list") if "path-list" in available else ""
        files["paths/index.md"] = "# Paths\n\n" + listing + _fence("toctree", "main\n", maxdepth="1")
        steps = "".join(
            f"- essay: essays/{name}\n  note: {_yaml('Step ' + str(number))}\n"
            for number, name in enumerate(corpus.path, start=1)
            if name in corpus.essays
        )
        curator = f"curator: {corpus.curator}\n" if corpus.curator else ""
        files["paths/main.md"] = (
            f"---\ndescription: {_yaml(corpus.path_description)}\n{curator}---\n\n# The main path\n\n"
            + _fence("reading-path", steps or "- essays/e-missing\n")
        )
    front = [_fence("toctree", "".join(f"topics/{t}\n" for t in TOPICS), caption="Topics", maxdepth="1")]
    front.append(_fence("toctree", "".join(f"{doc}\n" for doc in more), caption="More", maxdepth="1"))
    if "tag-index" in available:
        front.append(_fence("tag-index", summary=""))
    if "path-list" in available:
        front.append(_fence("path-list"))
    earlier = _fence("toctree", "earlier/*\n", hidden="", glob="")
    notes = _fence("toctree", "*\n", hidden="", glob="")
    if "site-count" in available:
        front.append("There are {site-count}`essays` essays, {site-count}`notes` notes and {site-count}`tags` tags.\n")
    if "essay-list" in available:
        front.append(_fence("essay-list"))
        front.append(_fence("essay-list", tag="alpha", limit="2") + _fence("essay-list", series="s1"))
        files["archive.md"] = (
            "# Archive\n\n"
            + _fence("essay-list", **{"group-by": "year"})
            + _fence("essay-list", **{"group-by": "month"})
            + _fence("essay-list", kind="archived")
        ) + earlier
        feed = "Subscribe: {feed-link}`notes.xml`.\n\n" if "feed-link" in available else ""
        files["notes/index.md"] = "# Notes\n\n" + feed + _fence("essay-list", kind="note") + notes
    else:
        files["archive.md"] = "# Archive\n\nEvery essay.\n" + earlier
        files["notes/index.md"] = "# Notes\n\n" + notes
    files["index.md"] = "# Corpus\n\n" + "\n".join(front)
    for topic in TOPICS:
        members = [name for name in sorted(corpus.essays, key=_order) if corpus.essays[name].topic == topic]
        toctree = "".join(f"/essays/{name}\n" for name in members)
        files[f"topics/{topic}.md"] = f"# Topic {topic}\n\nAbout {topic}.\n\n" + _fence(
            "toctree", toctree, maxdepth="1"
        )
    for name, src in corpus.essays.items():
        files[f"essays/{name}.md"] = _essay_file(src, name=name, available=frozenset(available))
        if src.figure:
            files[f"essays/figures/{name}.svg"] = (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><title>{name}</title></svg>\n'
            )
    files["tags.yaml"] = "".join(
        f"{slug}:\n  title: {_yaml(title)}\n  description: {_yaml('About ' + title + '.')}\n"
        for slug, title in corpus.tags.items()
    )
    files["authors.yaml"] = "".join(
        f"{slug}:\n  name: {_yaml(name)}\n  bio: {_yaml('Writes about ' + name + '.')}\n"
        for slug, name in corpus.authors
    )
    files["series.yaml"] = "".join(
        f"{slug}:\n  title: {_yaml(title)}\n  description: {_yaml('The ' + title + '.')}\n"
        for slug, title in corpus.series.items()
    )
    return files


def _order(name: str) -> int:
    return int(name[1:])


def write(files: dict[str, str], srcdir: Path) -> None:
    """Make ``srcdir`` hold exactly ``files``, touching only files whose text changed (mtimes matter)."""
    srcdir.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = srcdir / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in sorted(srcdir.rglob("*")):
        rel = path.relative_to(srcdir).as_posix()
        if path.is_file() and not rel.startswith("_build/") and rel not in files:
            path.unlink()


# -- edits ---------------------------------------------------------------------------------

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: " ".join(ws).capitalize())
index = st.integers(min_value=0, max_value=50)

#: Each kind of edit and the strategies of its arguments.
EDIT_ARGS: dict[str, tuple[st.SearchStrategy[Any], ...]] = {
    "add_tag": (index, st.sampled_from(("alpha", "beta", "gamma", "delta", "unknown-tag"))),
    "remove_tag": (index, index),
    "rename_tag": (index, st.sampled_from(("epsilon", "zeta"))),
    "retitle_tag": (index, texts),
    "title": (index, texts),
    "date": (index, st.integers(min_value=0, max_value=30)),
    "description": (index, texts),
    "series": (index, st.sampled_from(("s1", "s2", None)), st.integers(1, 3)),
    "retitle_series": (index, texts),
    "path": (st.lists(index, max_size=4),),
    "path_description": (texts,),
    "note": (texts, st.sampled_from(("alpha", "beta", "gamma"))),
    "add_essay": (texts, st.sampled_from(TOPICS)),
    "delete_essay": (index,),
    "delete_linked_essay": (index,),
    "rename": (index,),
    "link": (index, index),
    "add_figure": (index,),
    "delete_figure": (index,),
    "body": (index, texts),
    "draft": (index,),
    "schedule": (index, st.booleans()),
    "topic": (index, st.sampled_from((*TOPICS, None))),
    "authors": (index, st.sampled_from(((), ("ana",), ("bo",), ("ana", "bo"), ("bo", "ana")))),
    "rename_author": (st.sampled_from(("ana", "bo")), texts),
    "curator": (st.sampled_from(("ana", "bo", None)),),
    # a typed link from one essay to another (None: the essay's typed links removed)
    "typed_link": (index, index, st.sampled_from(("builds_on", "responds_to", "supersedes", None))),
}
edits = st.one_of(*(st.tuples(st.just(kind), *args) for kind, args in EDIT_ARGS.items()))


def _pick(seq: list[str] | tuple[str, ...], i: int) -> str | None:
    return seq[i % len(seq)] if seq else None


def apply(corpus: Corpus, edit: tuple[Any, ...]) -> Corpus:
    """One edit, applied to the model (indices wrap around; an edit with no target does nothing)."""
    kind, *args = edit
    names = sorted(corpus.essays, key=_order)
    essays = dict(corpus.essays)

    def change(i: int, **values: Any) -> Corpus:
        name = _pick(names, i)
        if name is None:
            return corpus
        essays[name] = replace(essays[name], **values)
        return replace(corpus, essays=essays)

    def target(i: int) -> EssaySrc | None:
        name = _pick(names, i)
        return essays[name] if name else None

    if kind == "add_tag":
        essay = target(args[0])
        if essay is None or args[1] in essay.tags:
            return corpus
        return change(args[0], tags=(*essay.tags, args[1]))
    if kind == "remove_tag":
        essay = target(args[0])
        if essay is None or len(essay.tags) < 2:  # keep at least one tag: missing tags are the matrix's job
            return corpus
        drop = essay.tags[args[1] % len(essay.tags)]
        return change(args[0], tags=tuple(t for t in essay.tags if t != drop))
    if kind == "rename_tag":
        old = _pick(list(corpus.tags), args[0])
        new = args[1]
        if old is None or new in corpus.tags:
            return corpus
        vocab = {(new if slug == old else slug): title for slug, title in corpus.tags.items()}
        for name, essay in essays.items():
            essays[name] = replace(essay, tags=tuple(new if t == old else t for t in essay.tags))
        return replace(corpus, tags=vocab, essays=essays)
    if kind == "retitle_tag":
        slug = _pick(list(corpus.tags), args[0])
        return replace(corpus, tags={**corpus.tags, slug: args[1]}) if slug else corpus
    if kind in ("title", "description", "body"):
        return change(args[0], **{kind: args[1]})
    if kind == "date":
        return change(args[0], day=args[1])
    if kind == "series":
        return change(args[0], series=args[1], part=args[2] if args[1] else None)
    if kind == "retitle_series":
        slug = _pick(list(corpus.series), args[0])
        return replace(corpus, series={**corpus.series, slug: args[1]}) if slug else corpus
    if kind == "path":
        chosen: list[str] = []
        for i in args[0]:
            name = _pick(names, i)
            if name and name not in chosen:
                chosen.append(name)
        return replace(corpus, path=tuple(chosen))
    if kind == "note":
        return replace(corpus, note=replace(corpus.note, title=args[0], tags=(args[1],)))
    if kind == "path_description":
        return replace(corpus, path_description=args[0])
    if kind == "add_essay":
        name = f"e{corpus.counter}"
        essays[name] = EssaySrc(args[0], corpus.counter, f"About {args[0].lower()}.", ("alpha",), topic=args[1])
        return replace(corpus, essays=essays, counter=corpus.counter + 1)
    if kind == "delete_essay":
        name = _pick(names, args[0])
        if name is None or len(names) < 2:
            return corpus
        del essays[name]
        return replace(corpus, essays=essays)
    if kind == "draft":
        essay = target(args[0])
        return change(args[0], draft=not essay.draft) if essay else corpus
    if kind == "schedule":  # to a day after the build's "now", or back to one before it
        essay = target(args[0])
        return change(args[0], day=FUTURE_DAY if args[1] else 15) if essay else corpus
    if kind == "link":
        source, dest = _pick(names, args[0]), _pick(names, args[1])
        if source is None or dest is None or source == dest or dest in essays[source].links:
            return corpus
        essays[source] = replace(essays[source], links=(*essays[source].links, dest))
        return replace(corpus, essays=essays)
    if kind == "delete_linked_essay":  # the links to it stay: the pages that have them must warn
        linked = sorted({t for e in essays.values() for t in e.links if t in essays}, key=_order)
        name = _pick(linked, args[0])
        if name is None or len(names) < 2:
            return corpus
        del essays[name]
        return replace(corpus, essays=essays)
    if kind == "rename":  # git mv essays/eN.md essays/eM.md (its figure too); links to the old name stay
        name = _pick(names, args[0])
        if name is None:
            return corpus
        new = f"e{corpus.counter}"
        essays[new] = essays.pop(name)
        path = tuple(new if step == name else step for step in corpus.path)
        return replace(corpus, essays=essays, path=path, counter=corpus.counter + 1)
    if kind in ("add_figure", "delete_figure"):
        essay = target(args[0])
        return change(args[0], figure=kind == "add_figure") if essay else corpus
    if kind == "topic":
        return change(args[0], topic=args[1])
    if kind == "authors":
        return change(args[0], authors=args[1])
    if kind == "rename_author":  # the name in authors.yaml: every byline, author page and feed entry follows
        return replace(
            corpus, authors=tuple((slug, args[1] if slug == args[0] else name) for slug, name in corpus.authors)
        )
    if kind == "curator":
        return replace(corpus, curator=args[0])
    if kind == "typed_link":
        source, dest = _pick(names, args[0]), _pick(names, args[1])
        if source is None or dest is None:
            return corpus
        if args[2] is None:
            return change(args[0], typed=())
        if source == dest or any(target == dest for _key, target in essays[source].typed):
            return corpus
        return change(args[0], typed=(*essays[source].typed, (args[2], dest)))
    raise AssertionError(f"unknown edit {kind!r}")


# -- the property ------------------------------------------------------------------------------

#: Every kind of edit, at least once, in a fixed sequence: always run, whatever the profile.
EVERY_EDIT = [
    [("add_tag", 2, "delta"), ("remove_tag", 0, 0), ("title", 1, "Actors fail alone")],
    [("rename_tag", 1, "epsilon"), ("retitle_tag", 0, "Alpha renamed"), ("date", 3, 25)],
    [("description", 2, "A new description"), ("series", 2, "s1", 3), ("series", 0, None, 1)],
    [("retitle_series", 0, "Series renamed"), ("path", [3, 1, 0]), ("path_description", "Latency budget")],
    [("note", "Locks drift", "alpha"), ("typed_link", 0, 1, "supersedes"), ("typed_link", 2, 0, "builds_on")],
    [("add_essay", "Paths drift", "b"), ("draft", 1), ("body", 3, "Only the body changed")],
    [("delete_essay", 0), ("topic", 1, None), ("topic", 2, "a")],
    [("delete_linked_essay", 0), ("link", 0, 1)],
    [("rename", 1), ("delete_figure", 2), ("schedule", 0, True)],
    [("schedule", 0, False), ("add_figure", 0), ("draft", 0)],
    [("authors", 1, ("bo", "ana")), ("curator", "bo"), ("typed_link", 0, 0, None)],
    [("rename_author", "ana", "Ana renamed")],  # alone: only authors.yaml changes
]


def _describe(steps: list[list[tuple[Any, ...]]]) -> str:
    return " | ".join(", ".join(repr(edit) for edit in step) for step in steps)


def warnings_of(built: Any) -> set[str]:
    """The build's warnings, one per line, with its source folder written ``<src>``."""
    return {line.replace(str(built.srcdir), "<src>") for line in built.warnings.splitlines() if line.strip()}


def warning_problems(incremental: set[str], clean: set[str], before: set[str]) -> str:
    """'' when the incremental build gave every new warning of the clean one, and nothing else."""
    problems = []
    missing = sorted((clean - before) - incremental)
    extra = sorted(incremental - clean)
    if missing:
        problems.append("warnings of the clean build (new with this step) that the incremental build did not give:")
        problems.extend(f"  {line}" for line in missing)
    if extra:
        problems.append("warnings of the incremental build that the clean build did not give:")
        problems.extend(f"  {line}" for line in extra)
    return "\n".join(problems)


def check_incremental_equals_clean(steps: list[list[tuple[Any, ...]]], *, parallel: int) -> None:
    available = registered_directives()
    code = code_digest()
    corpus = initial()
    with tempfile.TemporaryDirectory(prefix="longform-prop-") as tmp:
        work = Path(tmp, "incremental")
        write(render(corpus, available=available), work)
        before = warnings_of(build(work, parallel=parallel, freshenv=True, longform_now=NOW))
        for number, step in enumerate(steps, start=1):
            for edit in step:
                corpus = apply(corpus, edit)
            files = render(corpus, available=available)
            write(files, work)
            incremental = build(work, parallel=parallel, longform_now=NOW)
            fresh = Path(tmp, f"clean-{number}")
            write(files, fresh)
            clean = build(fresh, parallel=parallel, freshenv=True, longform_now=NOW)
            assert "Traceback" not in incremental.warnings + clean.warnings, incremental.warnings + clean.warnings
            problems = compare(
                without_pruned_search_terms(tree(incremental.outdir)),
                without_pruned_search_terms(tree(clean.outdir)),
                labels=("incremental", "clean"),
            )
            clean_warnings = warnings_of(clean)
            problems = "\n".join(
                p for p in (problems, warning_problems(warnings_of(incremental), clean_warnings, before)) if p
            )
            before = clean_warnings
            edited = " (NOTE: Longform's code changed during this run — rerun)" if code_digest() != code else ""
            assert not problems, (
                f"after step {number} of [{_describe(steps)}] (parallel={parallel}), the incremental build "
                f"differs from a clean build of the same sources{edited}:\n{problems}"
            )
            shutil.rmtree(fresh)


steps_strategy = st.lists(st.lists(edits, min_size=1, max_size=3), min_size=1, max_size=3)


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@settings(phases=[Phase.explicit], suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=steps_strategy)
@example(steps=EVERY_EDIT)
def test_incremental_build_equals_clean_build(steps, parallel):
    """The fixed sequence of every kind of edit (``nox -s tests``); the drawn ones run in the slow session."""
    check_incremental_equals_clean(steps, parallel=parallel)


@pytest.mark.slow
@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=steps_strategy)
def test_incremental_build_equals_clean_build_drawn(steps, parallel):
    """Sequences drawn by hypothesis under the loaded profile (``ci``: a few, derandomised): ``nox -s slow``."""
    check_incremental_equals_clean(steps, parallel=parallel)


@pytest.mark.slow
@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@settings(settings.get_profile("nightly"), max_examples=int(os.environ.get("LONGFORM_LONG_EXAMPLES", "120")))
@given(steps=st.lists(st.lists(edits, min_size=1, max_size=4), min_size=2, max_size=6))
def test_incremental_build_equals_clean_build_long(steps, parallel):
    """Long drawn sequences: 120 by default (about half an hour); CI's ``nox -s slow`` sets
    ``LONGFORM_LONG_EXAMPLES`` lower to keep within its time, with a fixed seed."""
    check_incremental_equals_clean(steps, parallel=parallel)


def test_every_edit_kind_is_exercised():
    """The fixed example must keep covering every kind of edit the strategy can draw."""
    kinds = {edit[0] for step in EVERY_EDIT for edit in step}
    assert kinds == set(EDIT_ARGS), f"the fixed example misses edit kinds {sorted(set(EDIT_ARGS) - kinds)}"
