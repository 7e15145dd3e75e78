"""Names that look alike: authors and tags a reader cannot tell apart are one located warning each.

One site is built with an ``authors.yaml`` and a ``tags.yaml`` holding a lookalike per line (Cyrillic
letters in a Latin name, the same name twice, a name that is another author's slug, mixed scripts);
each must be one ``[longform.confusable]`` warning at that entry's line, naming the earlier entry it
looks like and that entry's line, and names in one script (accents, Japanese) must pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from proofkit import build

CONF = 'extensions = ["myst_parser", "longform"]\nhtml_theme = "furo"\nproject = "Identity"\nauthor = "T"\n'
CYR_E, CYR_O = "\u0435", "\u043e"  # Cyrillic small ie and o: drawn like Latin e and o

#: (slug, name) in file order; each entry is two lines ("<slug>:", "  name: ...") and a bio line.
AUTHORS = [
    ("ines-varga", "Ines Varga"),
    ("tomas-reyl", "Tomás Reyl"),  # an accent is one script: fine
    ("iv", f"In{CYR_E}s Varga"),  # looks like Ines Varga (line 1)
    ("ines-v", "Ines  Varga"),  # the same name as line 1, after folding
    ("bob", "tomas-reyl"),  # a name that is another author's slug
    ("kenji", "東京タワー"),  # Han and Katakana in one word: Japanese, fine
    ("jp", "Pythonと日本語"),  # Latin with Hiragana and Han: written together in Japan (UTS #39), fine
    ("mixer", f"Al{CYR_E}x Petrov"),  # mixed Latin and Cyrillic in one word, like no one else's name
]
TAGS = [
    ("go", "Go"),
    ("rust", "Rust"),
    ("go-cyr", f"G{CYR_O}"),  # looks like Go (line 1)
    ("pythn", f"Pyth{CYR_O}n"),  # mixes scripts in one word
    ("rn", "Rn"),
    ("m", "M"),  # 'm' looks like 'rn' (Unicode's confusables table): the slug and title look like tag 'rn'
]


def _yaml(entries: list[tuple[str, str]], field: str, extra: str) -> str:
    return "".join(f"{slug}:\n  {field}: '{name}'\n  {extra}: Something.\n" for slug, name in entries)


def _line(entries: list[tuple[str, str]], slug: str) -> int:
    return 1 + 3 * [s for s, _ in entries].index(slug)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("identity") / "site"
    (src / "essays").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "authors.yaml").write_text(_yaml(AUTHORS, "name", "bio"), encoding="utf-8")
    (src / "tags.yaml").write_text(_yaml(TAGS, "title", "description"), encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\nessays/*\n```\n", encoding="utf-8")
    tags = ", ".join(slug for slug, _ in TAGS)  # every tag used: no unused-tag warnings
    for number, (slug, _name) in enumerate(AUTHORS):
        (src / "essays" / f"e{number}.md").write_text(
            f"---\ndate: 2026-01-0{number + 1}\ndescription: One.\ntags: [{tags}]\nauthors: [{slug}]\n---\n\n"
            f"# Essay {number}\n\nText.\n",
            encoding="utf-8",
        )
    return build(src, freshenv=True)


def _confusable(built, file: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for line in built.warnings.splitlines():
        match = re.search(rf"/{re.escape(file)}:(\d+): WARNING: (.*) \[longform\.confusable\]$", line)
        if match:
            assert int(match[1]) not in found, f"two warnings for line {match[1]}"
            found[int(match[1])] = match[2]
    return found


def test_lookalike_authors_are_one_warning_each_at_the_newer_entry(built):
    found = _confusable(built, "authors.yaml")
    assert sorted(found) == [_line(AUTHORS, s) for s in ("iv", "ines-v", "bob", "mixer")], found
    cyrillic = found[_line(AUTHORS, "iv")]
    assert f"'In{CYR_E}s Varga' looks like the name of author 'ines-varga' (line 1, 'Ines Varga')" in cyrillic
    assert "is the name of author 'ines-varga' (line 1)" in found[_line(AUTHORS, "ines-v")]
    assert "merge the two entries" in found[_line(AUTHORS, "ines-v")]
    slug = found[_line(AUTHORS, "bob")]
    assert f"'tomas-reyl' is the slug of author 'tomas-reyl' (line {_line(AUTHORS, 'tomas-reyl')})" in slug
    assert f"mixes Cyrillic and Latin letters in the word 'Al{CYR_E}x'" in found[_line(AUTHORS, "mixer")]


def test_lookalike_tags_are_one_warning_each_at_the_newer_entry(built):
    found = _confusable(built, "tags.yaml")
    assert sorted(found) == [_line(TAGS, s) for s in ("go-cyr", "pythn", "m")], found
    expected = f"tag 'go-cyr': the title 'G{CYR_O}' looks like the title of tag 'go' (line 1, 'Go')"
    assert expected in found[_line(TAGS, "go-cyr")]
    assert f"the word 'Pyth{CYR_O}n'" in found[_line(TAGS, "pythn")]
    assert f"(line {_line(TAGS, 'rn')}, 'Rn')" in found[_line(TAGS, "m")]


def test_the_build_goes_on_without_a_traceback(built):
    assert "Traceback" not in built.warnings and "Exception" not in built.warnings
    out = Path(built.outdir)
    assert (out / "essays" / "e0.html").is_file()
    assert (out / "authors" / "ines-varga.html").is_file()


def test_the_site_vocabularies_have_no_lookalikes():
    """The site's own authors.yaml and tags.yaml: names in one script each, none alike (a false alarm fails here)."""
    import yaml

    from longform.core import identity

    docs = Path(__file__).resolve().parent.parent / "docs"
    for name, field, exact in (("authors.yaml", "name", True), ("tags.yaml", "title", False)):
        text = (docs / name).read_text(encoding="utf-8")
        lines = {str(key.value): key.start_mark.line + 1 for key, _ in yaml.compose(text).value}
        entries = [identity.Entry(k, v[field], lines[k]) for k, v in yaml.safe_load(text).items()]
        assert identity.lookalikes(entries, what="x", field=field, exact=exact) == [], name
