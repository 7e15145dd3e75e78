"""The benchmark corpus generator (bench/corpus.py): deterministic, and in our front-matter contract.

No benchmark figure is asserted here: only that the corpus the benchmarks build is
reproducible from its seed and is a valid Longform site (no warning from a real build).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from longform.core import frontmatter, readingtime

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import builds  # noqa: E402
import corpus  # noqa: E402 (bench/ is not a package)

N = 8


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """The front matter as YAML reads it, and the body."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, flags=re.S)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match[1]), match[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, corpus.Corpus]:
    dest = tmp_path_factory.mktemp("corpus")
    return dest, corpus.generate(dest, essays=N, seed=3)


def test_same_seed_same_bytes_other_seed_other_corpus(generated, tmp_path):
    dest, _ = generated
    again = corpus.generate(tmp_path / "again", essays=N, seed=3)
    other = corpus.generate(tmp_path / "other", essays=N, seed=4)
    assert _digest(Path(again.srcdir)) == _digest(dest / "docs")
    assert _digest(Path(other.srcdir)) != _digest(dest / "docs")


def test_every_essay_keeps_the_front_matter_contract(generated):
    dest, _ = generated
    src = dest / "docs"
    vocabulary = yaml.safe_load((src / "tags.yaml").read_text(encoding="utf-8"))
    series = yaml.safe_load((src / "series.yaml").read_text(encoding="utf-8"))
    essays = sorted((src / "essays").glob("*.md"))
    assert len(essays) == N
    used: set[str] = set()
    parts: dict[str, list[int]] = {}
    for path in essays:
        raw, body = _front_matter(path)
        fm = frontmatter.typed(raw)
        assert fm.problems == (), (path.name, fm.problems)
        assert fm.tags and set(fm.tags) <= set(vocabulary), path.name
        used.update(fm.tags)
        if fm.series:
            assert fm.series in series
            parts.setdefault(fm.series, []).append(fm.part)
        assert body.lstrip().startswith("# "), f"{path.name} does not start with its H1"
        prose = re.sub(r"```.*?```", "", body, flags=re.S)
        # 800–3,000 prose words as generated (a closing "Related" line may add a few)
        assert 800 <= readingtime.count_words(prose) <= 3300, path.name
    assert used == set(vocabulary), "the vocabulary holds exactly the tags essays use"
    for slug, numbers in parts.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), slug


def test_topics_paths_and_links_point_at_real_essays(generated):
    dest, corp = generated
    src = dest / "docs"
    docnames = {p.docname for p in corp.plans}
    in_topics = []
    for topic in sorted((src / "topics").glob("*.md")):
        in_topics += re.findall(r"^/(essays/\S+)$", topic.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(in_topics) == sorted(docnames), "each essay is in exactly one topic's toctree"
    for page in sorted((src / "paths").glob("*.md")):
        if page.name == "index.md":
            continue
        members = re.findall(r"^- essay: (\S+)$", page.read_text(encoding="utf-8"), flags=re.M)
        assert members and set(members) <= docnames, page.name
    for path in sorted((src / "essays").glob("*.md")):
        for target in re.findall(r"\]\(([^)]+)\.md\)", path.read_text(encoding="utf-8")):
            assert f"essays/{target}" in docnames, (path.name, target)


def test_the_corpus_builds_without_a_warning(generated, tmp_path, build):
    """A real FULL build of the corpus: every front matter, directive and vocabulary is accepted."""
    dest, _ = generated
    src = tmp_path / "site"
    shutil.copytree(dest / "docs", src)
    (src / "conf.py").write_text(
        f"_repo_conf = {str(ROOT / 'conf.py')!r}\n"
        "__file__ = _repo_conf\n"
        "with open(_repo_conf, encoding='utf-8') as _f:\n"
        "    exec(compile(_f.read(), _repo_conf, 'exec'))\n"
        "extensions = ['myst_parser', 'sphinx_design', 'longform']\n",
        encoding="utf-8",
    )
    app = build(src)
    assert app.warnings == ""
    assert (Path(app.outdir) / "index.html").is_file()


def test_the_bench_names_rewrites_made_by_sphinxs_toctree_parent_rule(tmp_path):
    """An identical rewrite of a topic page whose toctree lists a changed essay is Sphinx's doing;
    one of a page that lists nothing changed stays flagged as unneeded."""
    import edits  # bench/edits.py

    manifest = corpus.generate(tmp_path / "c", essays=N, seed=3)
    parents = edits.toctree_parents(Path(manifest.srcdir))
    essay = sorted(d for d in parents if d.startswith("essays/"))[0]
    (topic,) = parents[essay]
    topics = sorted({p for ps in parents.values() for p in ps if p.startswith("topics/")})
    other_topic = next(t for t in topics if t != topic)
    why = {
        f"{essay}.html": "content changed; the essay",
        f"{topic}.html": "UNNEEDED: rewritten with identical bytes; links the essay",
        f"{other_topic}.html": "UNNEEDED: rewritten with identical bytes; shows neither the essay nor a changed tag",
    }
    labelled = edits.label_parent_rewrites(why, parents)
    assert labelled[f"{topic}.html"].endswith(f"{edits.SPHINX_PARENT} `{essay}.html`")
    assert labelled[f"{other_topic}.html"] == why[f"{other_topic}.html"]
    assert labelled[f"{essay}.html"] == why[f"{essay}.html"]


# -- the peers' formats (Hugo, MkDocs Material's blog) ---------------------------------------


def _visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.select("script, style, nav, header, footer"):
        node.decompose()
    return " ".join(soup.get_text(" ").split())


def _essays_and_sentence(generated: tuple[Path, corpus.Corpus]) -> list[tuple[corpus.EssayPlan, str]]:
    """Each published essay and one sentence of its body, as words (inline markup stripped)."""
    dest, corp = generated
    out = []
    for plan in corp.plans:
        _meta, body = _front_matter(dest / "docs" / f"{plan.docname}.md")
        paragraph = body.split("\n\n")[2]  # after the H1: the first paragraph of the opening
        sentence = re.split(r"(?<=[.?]) ", paragraph)[0]
        out.append((plan, re.sub(r"[`*()]", "", sentence)))
    return out


def test_hugo_builds_the_same_essays_without_a_warning(generated, tmp_path):
    dest, corp = generated
    site = corpus.write_peer(dest / "docs", tmp_path / "hugo", "hugo")
    out = tmp_path / "hugo-out"
    done = subprocess.run(
        builds.PEERS["HUGO"].build_command(site, out), capture_output=True, text=True, env=builds.peer_env()
    )
    assert done.returncode == 0 and "WARN" not in done.stdout + done.stderr, done.stdout + done.stderr
    for plan, sentence in _essays_and_sentence(generated):
        page = out / "essays" / plan.docname.rsplit("/", 1)[-1] / "index.html"
        assert page.is_file() != plan.draft, (plan.docname, plan.draft)  # a draft stays unpublished
        if not plan.draft:
            text = _visible_text(page.read_text(encoding="utf-8"))
            assert plan.title in text and sentence in text, (plan.docname, sentence)
    tags = {tag for plan in corp.plans if not plan.draft for tag in plan.tags}
    assert {p.name for p in (out / "tags").iterdir() if p.is_dir() and p.name != "page"} == tags
    assert (out / "index.xml").is_file()  # the feed


def test_mkdocs_material_builds_the_same_essays_as_blog_posts(generated, tmp_path):
    dest, _ = generated
    site = corpus.write_peer(dest / "docs", tmp_path / "mkdocs", "mkdocs")
    out = tmp_path / "mkdocs-out"
    done = subprocess.run(
        [*builds.PEERS["MKDOCS"].build_command(site, out), "--strict"],
        capture_output=True,
        text=True,
        env=builds.peer_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for plan, sentence in _essays_and_sentence(generated):
        page = out / builds.PEERS["MKDOCS"].page(plan.docname, plan.date).strip("/") / "index.html"
        assert page.is_file() != plan.draft, (plan.docname, plan.draft)
        if not plan.draft:
            text = _visible_text(page.read_text(encoding="utf-8"))
            assert plan.title in text and sentence in text, (plan.docname, sentence)


def test_the_peers_keep_the_notes_and_tabs_as_their_own_markup():
    text = (
        '---\ndate: 2020-01-02\ndescription: "D."\ntags: [a-1, b-2]\nseries: s-0\npart: 2\n---\n\n# A title\n\n'
        "First paragraph.\n\nSecond paragraph.\n\n## Part\n\nSee [Other](other.md) too.\n\n```{note}\nMind it.\n```\n\n"
        "::::{tab-set}\n:::{tab-item} Before\nOld.\n:::\n:::{tab-item} After\nNew.\n:::\n::::\n"
    )
    hugo = corpus.hugo_essay(text)
    assert hugo.startswith('+++\ntitle = "A title"\ndate = 2020-01-02\n')
    assert 'tags = ["a-1", "b-2"]' in hugo and 'series = ["s-0"]' in hugo and "weight = 2" in hugo
    assert "Second paragraph.\n\n<!--more-->\n\n## Part" in hugo
    assert '[Other]({{< relref "other.md" >}})' in hugo
    assert "> **Note.** Mind it." in hugo and "**Before.**\nOld." in hugo and "{tab" not in hugo
    mkdocs = corpus.mkdocs_essay(text, "a-title")
    assert mkdocs.startswith("---\ndate:\n  created: 2020-01-02\nslug: a-title\n")
    assert "# A title\n\nFirst paragraph." in mkdocs and "<!-- more -->" in mkdocs
    assert "!!! note\n    Mind it." in mkdocs and '=== "Before"\n\n    Old.' in mkdocs
    assert "[Other](other.md)" in mkdocs
