"""The security policy, tried as an attacker would: a hostile-body matrix built in one site.

Every case is one essay (or file) of a copy of ``tests/roots/test-matrix``, built with the
site's own ``conf.py``, next to a secret file *outside* the source folder.  For each case:

* the exact located warning (file, line, ``[longform.<subtype>]``) is in the build's output,
  so ``-W`` fails the build (one test runs the real ``sphinx-build -W`` to prove that);
* its payload is in no output file: HTML, feeds, sitemap, search index and every copied file;
* the valid essays of the root still build.

The allow-lists of :mod:`longform.safety` are also checked against the writing guide, which
states them: a directive allowed in the code and not in the guide (or the reverse) fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from proofkit import build

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
SECRET = "OUTSIDE-SECRET-7f3a"  # the content of files outside the source folder
ENV_SECRET = "ENVIRONMENT-SECRET-91c2"


@dataclass(frozen=True)
class Case:
    id: str
    body: str = ""  # the essay's body (under '# Heading'), or a whole file when ``whole``
    extra: str = ""  # front-matter lines after 'tags:'
    subtype: str = ""  # the expected warning's subtype
    at: str = ""  # the expected line is the first line holding this text (else: line 1)
    payload: str = ""  # never in any output file (default: the case's marker)
    whole: bool = False
    path: str = ""  # the file the warning names (default: essays/h-<id>.md)

    @property
    def marker(self) -> str:
        return f"PWN-{self.id}"

    @property
    def file(self) -> str:
        return self.path or f"essays/h-{self.id}.md"

    def source(self) -> str:
        text = self.body.replace("MARK", self.marker)
        if self.whole:
            return text
        extra = self.extra.replace("MARK", self.marker)
        head = [
            "---",
            f"date: 2026-02-{10 + len(self.id) % 9:02d}",
            f"description: Hostile case {self.id}.",
            "tags: [alpha]",
        ]
        if extra:
            head.append(extra.rstrip("\n"))
        return "\n".join([*head, "---", "", f"# Case {self.id}", "", text, ""])

    def line(self) -> int:
        if not self.at:
            return 1
        for number, line in enumerate(self.source().splitlines(), start=1):
            if self.at.replace("MARK", self.marker) in line:
                return number
        raise AssertionError(f"{self.id}: {self.at!r} is not in the source")


def fence(name: str, argument: str = "", *lines: str) -> str:
    return "\n".join([f"```{{{name}}} {argument}".rstrip(), *lines, "```"])


CASES = [
    # -- directives outside the allow-list ------------------------------------------------------
    Case("raw", fence("raw", "html", "<script>alert('MARK')</script>"), subtype="unsafe-directive", at="{raw}"),
    Case("raw-colon", ":::{raw} html\n<script>alert('MARK')</script>\n:::", subtype="unsafe-directive", at="{raw}"),
    Case(
        "eval-rst-raw",
        fence("eval-rst", "", ".. raw:: html", "", "   <script>alert('MARK')</script>"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case(
        "eval-rst-include",
        fence("eval-rst", "", ".. include:: ../../secret.txt"),
        subtype="unsafe-directive",
        at="{eval-rst}",
        payload=SECRET,
    ),
    Case(
        "literalinclude",
        fence("literalinclude", "../../secret.txt"),
        subtype="unsafe-directive",
        at="{literalinclude}",
        payload=SECRET,
    ),
    Case(
        "literalinclude-environ",
        fence("literalinclude", "/proc/self/environ"),
        subtype="unsafe-directive",
        at="{literalinclude}",
        payload=ENV_SECRET,
    ),
    Case("include", fence("include", "../../secret.txt"), subtype="unsafe-directive", at="{include}", payload=SECRET),
    Case(
        "csv-table-file",
        fence("csv-table", "Data", ":file: ../../secret.txt"),
        subtype="unsafe-directive",
        at="{csv-table}",
        payload=SECRET,
    ),
    Case(
        "csv-table-url",
        fence("csv-table", "Data", ":url: https://evil.example/MARK.csv"),
        subtype="unsafe-directive",
        at="{csv-table}",
    ),
    Case(
        "meta-refresh",
        fence("meta", "", ":http-equiv=refresh: 0; url=https://evil.example/MARK"),
        subtype="unsafe-directive",
        at="{meta}",
    ),
    Case(
        "eval-rst-meta",
        fence("eval-rst", "", ".. meta::", "   :http-equiv=refresh: 0; url=https://evil.example/MARK"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case("domain-directive", fence("py:function", "MARK()"), subtype="unsafe-directive", at="{py:function}"),
    Case("unknown-directive", fence("no-such-thing", "", "MARK"), subtype="unsafe-directive", at="{no-such-thing}"),
    Case("raw-role", "Text {raw-html}`<b>MARK</b>` here.", subtype="unsafe-role", at="{raw-html}"),
    Case("domain-role", "Call {py:func}`MARK` now.", subtype="unsafe-role", at="{py:func}"),
    Case(
        # MyST numbers a directive nested in another from the line after its fence (myst-parser 5.2)
        "nested-raw",
        "::::{note}\n:::{raw} html\n<script>alert('MARK')</script>\n:::\n::::",
        subtype="unsafe-directive",
        at="<script>",
    ),
    # -- front matter that would change parsing or <head> ------------------------------------------
    Case(
        "myst-key",
        "Some text with <script>alert('MARK')</script> inline.",
        extra="myst:\n  disable_syntax: []",
        subtype="unsafe-front-matter",
        at="myst:",
        payload="<script>alert('PWN-myst-key')",
    ),
    Case(
        "myst-flow",
        "Text <script>alert('MARK')</script>.",
        extra="myst: {enable_extensions: [html_image], disable_syntax: []}",
        subtype="unsafe-front-matter",
        at="myst:",
        payload="<script>alert('PWN-myst-flow')",
    ),
    Case(
        "myst-explicit-key",
        "Text <script>alert('MARK')</script>.",
        extra="? myst\n: {disable_syntax: []}",
        subtype="unsafe-front-matter",
        at="? myst",
        payload="<script>alert('PWN-myst-explicit-key')",
    ),
    Case(
        "html-meta-refresh",
        extra='html_meta:\n  "http-equiv=refresh": "0; url=https://evil.example/MARK"',
        subtype="unsafe-front-matter",
        at="html_meta:",
    ),
    Case(
        "og-key-breakout",
        extra='\'og:title" content="x"><script>alert(1)</script><meta x="\': MARK',
        subtype="unsafe-front-matter",
        at="og:title",
    ),
    Case("og-image-js", extra="og:image: javascript:alert('MARK')", subtype="unsafe-front-matter", at="og:image"),
    Case("substitutions", extra="substitutions:\n  evil: MARK", subtype="unsafe-front-matter", at="substitutions:"),
    Case("image-js", extra="image: javascript:alert('MARK')", subtype="unsafe-url", at="image:"),
    Case("image-data", extra="image: data:text/html,MARK", subtype="unsafe-url", at="image:"),
    Case("duplicate-key", extra="description: Second MARK.", subtype="duplicate-key", at="Second", payload="PWN-never"),
    # -- URLs ------------------------------------------------------------------------------------
    Case(
        "button-js", fence("button-link", "javascript:alert('MARK')", "Click"), subtype="unsafe-url", at="{button-link}"
    ),
    Case("button-data", fence("button-link", "data:text/html,MARK", "Click"), subtype="unsafe-url", at="{button-link}"),
    Case(
        "card-link-js",
        fence("card", "Title", ":link: javascript:alert('MARK')", "", "Body."),
        subtype="unsafe-url",
        at="{card}",
    ),
    Case(
        "eval-rst-link",
        fence("eval-rst", "", "`click <javascript:alert('MARK')>`_"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case(
        "image-target-js",
        fence("image", "figures/ok.svg", ":target: javascript:alert('MARK')", ":alt: An image"),
        subtype="unsafe-url",
        at="{image}",
    ),
    Case(
        "figure-target-vbscript",
        fence("figure", "figures/ok.svg", ":target: vbscript:msgbox('MARK')", ":alt: A figure", "", "Caption."),
        subtype="unsafe-url",
        at="{figure}",
    ),
    Case("markdown-image-data", "![pixel](data:image/svg+xml;base64,MARK)", subtype="unsafe-url", at="![pixel]"),
    Case(
        "markdown-image-js",
        "![pixel](javascript:alert('MARK'))",
        subtype="unsafe-url",
        at="![pixel]",
        payload="javascript:alert('PWN-markdown-image-js')\"",
    ),
    Case(
        "badge-link-js",
        "A {bdg-link-primary}`badge <javascript:alert('MARK')>` here.",
        subtype="unsafe-url",
        at="{bdg-link-primary}",
    ),
    Case(
        "mixed-case-js",
        "Click [me](JaVaScRiPt:alert('MARK')) now.",
        subtype="unsafe-url",
        at="[me]",
        payload='href="JaVaScRiPt',
    ),
    Case(
        "reference-definition-js",
        "Read [the piece][evil].\n\n[evil]: javascript:alert('MARK')",
        subtype="unsafe-url",
        at="[the piece]",
        payload="href=\"javascript:alert('PWN",
    ),
    Case(
        "entity-js",
        "Read [this](jav&#x61;script:alert('MARK')).",
        subtype="unsafe-url",
        at="[this]",
        payload="href=\"javascript:alert('PWN",
    ),
    Case("autolink-js", "See <javascript:alert('MARK')> now.", subtype="unsafe-url", at="<javascript"),
    Case(
        "math-href",
        fence("math", "", r"\href{javascript:alert('MARK')}{x^2}"),
        subtype="unsafe-math",
        at="{math}",
    ),
    Case("math-require", "Inline {math}`\\require{MARK}x` maths.", subtype="unsafe-math", at="{math}"),
    Case(
        "toctree-js",
        fence("toctree", "", "Evil <javascript://%0aalert('MARK')>"),
        subtype="unsafe-url",
        at="{toctree}",
    ),
    # -- files from outside the source folder ------------------------------------------------------
    Case(
        "markdown-link-outside",
        "Read [the file](../../secret.txt).",
        subtype="unsafe-file",
        at="[the file]",
        payload=SECRET,
    ),
    Case(
        "markdown-image-outside", "![secret](../../outside.svg)", subtype="unsafe-file", at="![secret]", payload=SECRET
    ),
    Case(
        "figure-outside",
        fence("figure", "../../outside.svg", ":alt: Secret", "", "Caption."),
        subtype="unsafe-file",
        at="{figure}",
        payload=SECRET,
    ),
    Case(
        "figure-absolute",
        fence("image", "/../../outside.svg", ":alt: Secret"),
        subtype="unsafe-file",
        at="{image}",
        payload=SECRET,
    ),
    Case(
        "download-outside",
        "Get {download}`the file <../../secret.txt>`.",
        subtype="unsafe-file",
        at="{download}",
        payload=SECRET,
    ),
    Case(
        "symlinked-image",
        "![linked](figures/linked.svg)",
        subtype="unsafe-file",
        at="![linked]",
        payload=SECRET,
    ),
    Case(
        "card-img-outside",
        fence("card", "Title", ":img-top: ../../outside.svg", "", "Body."),
        subtype="unsafe-file",
        at="{card}",
        payload=SECRET,
    ),
    Case("image-front-matter-outside", extra="image: ../../outside.svg", subtype="", payload=SECRET),
    # -- YAML and bounds -------------------------------------------------------------------------
    Case(
        "alias-bomb",
        extra='a: &a ["MARK","MARK","MARK","MARK","MARK","MARK","MARK","MARK","MARK"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        subtype="unsafe-yaml",
        at="a: &a",
    ),
    Case(
        "python-tag",
        extra="title: !!python/object/apply:os.system ['echo MARK']",
        subtype="front-matter-syntax",
        at="!!python",
        payload="PWN-never",
    ),
    Case("many-tags", extra="", subtype="too-many-tags", at="tags:", payload="PWN-never"),
    Case(
        "long-title",
        extra="title: " + "MARK " * 60,
        subtype="too-long",
        at="title:",
        payload="PWN-long-title PWN-long-title PWN-long-title " * 14,
    ),
    Case("huge-file", "lorem ipsum dolor sit amet MARK " * 40_000, subtype="too-large", at="---"),
    # -- symlinked pages and folders ---------------------------------------------------------------
    Case("symlinked-essay", subtype="unsafe-symlink", path="essays/linked-essay.md", payload=SECRET),
    Case("symlinked-folder", subtype="unsafe-symlink", path="essays/linked-folder", payload=SECRET),
    # -- scheduled, identity, generated pages --------------------------------------------------
    # A scheduled essay (or a draft) is read and checked now, as on its day, and nothing of it is written.
    Case(
        "scheduled-raw",
        "---\ndate: 2099-01-01\ndescription: Scheduled.\ntags: [alpha]\n---\n\n# Scheduled MARK\n\n"
        + fence("raw", "html", "<script>alert('MARK')</script>")
        + "\n",
        whole=True,
        subtype="unsafe-directive",
        at="{raw}",
    ),
    Case(
        "scheduled-unknown-tag",
        "---\ndate: 2099-01-02\ndescription: Scheduled.\ntags: [alpha, zz-MARK]\n---\n\n# Scheduled MARK\n\nText.\n",
        whole=True,
        subtype="unknown-tag",
        at="tags:",
    ),
    Case(
        "draft-image-js",
        "---\ndate: 2026-01-03\ndraft: true\ndescription: Draft.\ntags: [alpha]\nimage: javascript:alert('MARK')\n"
        "---\n\n# Draft MARK\n\nText.\n",
        whole=True,
        subtype="unsafe-url",
        at="image:",
    ),
    # Two authors a reader cannot tell apart (a Cyrillic 'е'): one warning, at the newer entry.
    Case(
        "confusable-author",
        "a-writer:\n  name: A. Writer\n  bio: Writes the valid essays.\nines-varga:\n  name: Ines Varga\n"
        "  bio: Writes.\nines-cyr:\n  name: In\u0435s Varga\n  bio: Looks like Ines.\n",
        whole=True,
        subtype="confusable",
        at="ines-cyr:",
        path="authors.yaml",
        payload="PWN-never",
    ),
    # A source page at an address Longform generates is left out; the generated page keeps it.
    *(
        Case(
            f"generated-{kind}",
            "---\norphan: true\n---\n\n# MARK\n\n<script>alert('MARK')</script>\n",
            whole=True,
            subtype="generated-page",
            path=path,
        )
        for kind, path in (("tag", "tags/alpha.md"), ("author", "authors/ines-varga.md"), ("series", "series/s1.md"))
    ),
]


def _write_cases(site: Path) -> None:
    outside = site.parent
    (outside / "secret.txt").write_text(f"{SECRET}\nline two\n", encoding="utf-8")
    (outside / "outside.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>{SECRET}</title></svg>\n',
        encoding="utf-8",
    )
    (outside / "outside-essay.md").write_text(
        f"---\ndate: 2026-01-01\ndescription: Outside.\ntags: [alpha]\n---\n\n# Outside {SECRET}\n\nText.\n",
        encoding="utf-8",
    )
    (outside / "outside-folder").mkdir()
    (outside / "outside-folder" / "inner.md").write_text((outside / "outside-essay.md").read_text(), encoding="utf-8")
    figures = site / "essays" / "figures"
    figures.mkdir(parents=True)
    (figures / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n', encoding="utf-8"
    )
    os.symlink(outside / "outside.svg", figures / "linked.svg")
    os.symlink(outside / "outside-essay.md", site / "essays" / "linked-essay.md")
    os.symlink(outside / "outside-folder", site / "essays" / "linked-folder")
    for case in CASES:
        if case.path and not case.whole:
            continue
        (site / case.file).parent.mkdir(parents=True, exist_ok=True)
        source = case.source()
        if case.id == "many-tags":
            source = source.replace("tags: [alpha]", "tags: [" + ", ".join(f"t{i}" for i in range(1000)) + "]")
        (site / case.file).write_text(source, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    site = base / "site"
    shutil.copytree(ROOT, site)
    shutil.copy(REPO / "conf.py", site / "conf.py")
    (site / "conf.py").write_text(
        (site / "conf.py").read_text().replace('Path(__file__).parent / "extensions"', repr(str(REPO / "extensions"))),
        encoding="utf-8",
    )
    _write_cases(site)
    os.environ["LONGFORM_TEST_SECRET"] = ENV_SECRET
    try:
        built = build(site, freshenv=True)
    finally:
        os.environ.pop("LONGFORM_TEST_SECRET", None)
    outputs = {}
    for path in Path(built.outdir).rglob("*"):
        if path.is_file():
            outputs[str(path.relative_to(built.outdir))] = path.read_bytes().decode("utf-8", "replace")
    return site, built, outputs


def _warning_lines(warnings: str, file: str) -> list[str]:
    return [
        line
        for line in warnings.splitlines()
        if f"/{file}:" in line or line.startswith(f"{file}:") or f"/{file}" in line
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input_is_refused_with_a_located_warning_and_leaves_no_payload(hostile_site, case: Case):
    _site, built, outputs = hostile_site
    mine = _warning_lines(built.warnings, case.file)
    if case.subtype:
        expected = f"{case.file}:{case.line()}: WARNING:"
        hits = [line for line in mine if expected in line and line.endswith(f"[longform.{case.subtype}]")]
        assert hits, f"no '{expected} … [longform.{case.subtype}]' among:\n" + "\n".join(mine)
        ours = [line for line in mine if "[longform." in line]
        if case.id == "many-tags":  # the 12 tags kept are unknown tags too, each reported once
            ours = [line for line in ours if "[longform.unknown-tag]" not in line]
        assert len(ours) == 1, "one warning per bad input:\n" + "\n".join(ours)
    payload = case.payload or case.marker
    leaked = [name for name, text in outputs.items() if payload in text]
    assert not leaked, f"{payload!r} reached {leaked}"
    assert "Traceback" not in built.warnings and "Exception occurred" not in built.warnings


def test_no_file_from_outside_the_source_folder_is_copied_and_valid_essays_still_build(hostile_site):
    _site, _built, outputs = hostile_site
    for name, text in outputs.items():
        assert SECRET not in text, name
        assert ENV_SECRET not in text, name
    for docname in ("essays/valid-one", "essays/valid-two", "essays/valid-three"):
        assert f"{docname}.html" in outputs
    assert "essays/linked-essay.html" not in outputs
    assert not any(name.startswith("essays/linked-folder") for name in outputs)


def test_normalised_names_cannot_look_the_same(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "lookalike.md").write_text(
        '---\ndate: 2026-02-01\ndescription: Two alphas.\ntags: [alpha, "al\u200bpha", "\uff41lpha"]\n'
        'title: "Evil \u202eeman"\n---\n\n# Lookalike\n\nText.\n',
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    assert built.warnings == ""
    essay = built.essays["essays/lookalike"]
    assert essay.tags == ("alpha",)
    assert "\u202e" not in essay.title
    page = (Path(built.outdir) / "essays" / "lookalike.html").read_text(encoding="utf-8")
    assert "\u202e" not in page and "\u200b" not in page


def test_the_strict_build_fails_on_a_hostile_essay(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "evil.md").write_text(
        "---\ndate: 2026-02-01\ndescription: Evil.\ntags: [alpha]\n---\n\n# Evil\n\n"
        "```{raw} html\n<script>x</script>\n```\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-c",
            str(REPO),
            str(site),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        check=False,
    )
    assert done.returncode != 0
    assert re.search(
        r"evil\.md:9: WARNING: the directive 'raw' is not allowed .*\[longform\.unsafe-directive\]", done.stderr
    )
    assert "<script>x</script>" not in (tmp_path / "out" / "essays" / "evil.html").read_text(encoding="utf-8")


def test_markup_guard_does_not_outlive_the_page(hostile_site):
    """compat.guard_markup relies on Sphinx restoring docutils' lookups after each page."""
    from docutils.parsers.rst import directives, roles

    from longform.core import compat

    assert not compat.is_guarded()
    assert directives.directive.__module__.startswith("docutils")
    assert roles.role.__module__.startswith("docutils")


def test_redirects_cannot_escape_the_output_folder_or_run_script(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    redirects = {
        "../../escaped": "https://example.org/",
        "/abs/path": "https://example.org/",
        "essays/old": "javascript:alert('PWN-redirect')",
        "essays/moved": "/essays/valid-one.html",
    }
    built = build(
        site, freshenv=True, extensions=["myst_parser", "longform", "sphinx_reredirects"], redirects=redirects
    )
    assert built.warnings.count("[longform.unsafe-redirect]") == 3, built.warnings
    assert not (tmp_path / "escaped.html").exists() and not (site.parent / "escaped.html").exists()
    assert not Path("/abs/path.html").exists()
    assert (Path(built.outdir) / "essays" / "moved.html").exists()
    for path in Path(built.outdir).rglob("*.html"):
        assert "PWN-redirect" not in path.read_text(encoding="utf-8")


def test_the_allow_list_is_what_the_writing_guide_says():
    from longform.core import safety

    guide = (REPO / "docs" / "contributing" / "index.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Security policy") :]

    def listed(label: str) -> set[str]:
        match = re.search(rf"\*\*{label}\*\*[^:]*:(.*?)\.\s", section, re.S)
        assert match, f"the guide's security policy has no '**{label}**' list"
        return set(re.findall(r"`([^`]+)`", match[1]))

    assert listed("Directives") == set(safety.DIRECTIVES)
    assert listed("Roles") == set(safety.ROLES)
    assert listed("Front-matter keys") == set(safety.FRONT_MATTER)
    assert listed("URL schemes") == set(safety.URL_SCHEMES)


BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    + "".join(f"{chr(100 + i)}: &{chr(100 + i)} [{','.join([f'*{chr(99 + i)}'] * 9)}]\n" for i in range(6))
)
TAGS = (ROOT / "tags.yaml").read_text(encoding="utf-8")
SERIES = (ROOT / "series.yaml").read_text(encoding="utf-8")

VOCABULARY_CASES = {
    "tags-alias-bomb": (
        {"tags.yaml": BOMB},
        "tags.yaml:1: WARNING: YAML anchor '&a' in the tag vocabulary",
        "unsafe-yaml",
    ),
    "series-alias-bomb": (
        {"series.yaml": BOMB},
        "series.yaml:1: WARNING: YAML anchor '&a' in the series vocabulary",
        "unsafe-yaml",
    ),
    "tags-alias": (
        {"tags.yaml": TAGS + "delta: &d\n  title: Delta\nepsilon: *d\n"},
        "tags.yaml:10: WARNING: YAML anchor '&d'",
        "unsafe-yaml",
    ),
    "tags-newline-slug": (
        {"tags.yaml": TAGS + '"evil\\n":\n  title: Evil\n'},
        "tags.yaml:10: WARNING: tag slug 'evil\\n' must be",
        "vocabulary",
    ),
    "tags-device-name": (
        {"tags.yaml": TAGS + "con:\n  title: Con\n"},
        "tags.yaml:10: WARNING: tag slug 'con' is reserved",
        "reserved-slug",
    ),
    "series-index": (
        {"series.yaml": SERIES + "index:\n  title: Index\n"},
        "series.yaml:4: WARNING: series slug 'index' is reserved",
        "reserved-slug",
    ),
    "series-duplicate": (
        {"series.yaml": SERIES + "s1:\n  title: Again\n"},
        "series.yaml:4: WARNING: series 's1' is defined twice in series.yaml (first on line 1)",
        "duplicate-key",
    ),
    "tags-nested-duplicate": (
        {"tags.yaml": TAGS.replace("  title: Alpha\n", "  title: Alpha\n  title: Alpha two\n")},
        "tags.yaml:3: WARNING: 'title' is given twice in the tag vocabulary (first on line 2)",
        "duplicate-key",
    ),
    "path-alias": (
        {
            "paths/main.md": (ROOT / "paths" / "main.md")
            .read_text(encoding="utf-8")
            .replace("- essays/valid-one", "- &one essays/valid-one\n- *one", 1)
        },
        "WARNING: YAML anchors and aliases are not allowed in a reading path",
        "unsafe-yaml",
    ),
    "front-matter-too-large": (
        {"essays/big.md": "---\ndate: 2026-01-01\nnotes: |\n" + "  padding words\n" * 1300 + "---\n\n# Big\n\nText.\n"},
        "essays/big.md:2: WARNING: the front matter is over 16 KB",
        "too-large",
    ),
    "tags-yaml-too-large": (
        {"tags.yaml": TAGS + "".join(f"t{i}:\n  title: Tag {i}\n  description: {'x' * 80}\n" for i in range(5000))},
        "tags.yaml:1: WARNING: the tag vocabulary is over 500 KB",
        "too-large",
    ),
    "many-authors": (
        {
            "essays/crowd.md": "---\ndate: 2026-01-01\ndescription: Many hands.\ntags: [alpha]\n"
            "authors: [a1, a2, a3, a4, a5, a6, a7, a8, a9]\n---\n\n# Crowd\n\nText.\n"
        },
        "essays/crowd.md:5: WARNING: 9 authors — give at most 8",
        "too-many-authors",
    ),
    "long-description": (
        {
            "essays/wordy.md": "---\ndate: 2026-01-01\ndescription: "
            + "word " * 200
            + "\ntags: [alpha]\n---\n\n# Wordy\n\nText.\n"
        },
        "essays/wordy.md:3: WARNING: 'description' is 999 characters — one or two sentences, under 600",
        "too-long",
    ),
    "front-matter-bomb": (
        {"essays/bomb.md": "---\n" + BOMB + "date: 2026-01-01\n---\n\n# Bomb\n\nText.\n"},
        "essays/bomb.md:2: WARNING: YAML anchor '&a' in the front matter",
        "unsafe-yaml",
    ),
}


@pytest.mark.parametrize("name", sorted(VOCABULARY_CASES))
def test_hostile_vocabularies_are_refused_with_one_located_warning(tmp_path, name):
    files, expected, subtype = VOCABULARY_CASES[name]
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    for relpath, content in files.items():
        (site / relpath).write_text(content, encoding="utf-8")
    built = build(site, freshenv=True)
    hits = [line for line in built.warnings.splitlines() if expected in line and line.endswith(f"[longform.{subtype}]")]
    assert len(hits) == 1, built.warnings
    assert "Traceback" not in built.warnings and "MemoryError" not in built.warnings
    assert (Path(built.outdir) / "essays" / "valid-one.html").exists()
    assert not any("\n" in p.name for p in Path(built.outdir).rglob("*"))
    assert not (Path(built.outdir) / "tags" / "con.html").exists()


def test_docutils_switches_are_off_behind_the_allow_list(hostile_site):
    """The second wall: docutils' raw and file-insertion switches, set where Sphinx reads them."""
    from sphinx.testing.util import SphinxTestApp

    site, _built, _outputs = hostile_site
    app = SphinxTestApp("html", srcdir=site)
    try:
        assert app.env.settings["raw_enabled"] is False
        assert app.env.settings["file_insertion_enabled"] is False
    finally:
        app.cleanup()
