"""The benchmark corpus generator (bench/corpus.py): deterministic, and in our front-matter contract.

No benchmark figure is asserted here: only that the corpus the benchmarks build is
reproducible from its seed and is a valid Longform site (no warning from a real build).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from longform.core import frontmatter, readingtime

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402 (bench/ is not a package)

N = 8


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _front_matter(path: Path) -> tuple[dict[str, str], str]:
    """MyST's view of the front matter (lists as JSON strings, scalars as str) and the body."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, flags=re.S)
    assert match, f"{path} has no front matter"
    data = yaml.safe_load(match[1])
    raw = {key: json.dumps(value) if isinstance(value, list) else str(value) for key, value in data.items()}
    return raw, match[2]


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
        fm = frontmatter.decode(raw)
        assert fm.problems == [], (path.name, fm.problems)
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
