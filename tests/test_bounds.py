"""Wall 1, numbers and characters: inputs that used to exhaust memory or abort the build.

The memory cases are built in a child process whose address space is capped at 2 GiB
(``RLIMIT_AS``): if a bound regresses, the child fails with a MemoryError instead of taking
the machine down, and the test fails.  Each bad input is one located Longform warning, and the
rest of the site is built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import proofkit as kit
import pytest

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
LIMIT = 2 * 1024**3

HEAD = "---\ndate: 2026-03-01\ndescription: {what}.\ntags: [alpha]\n{extra}---\n\n# {what}\n\n{body}\n"

#: file -> (source, expected 'file:line: WARNING: ... [longform.<subtype>]' pattern)
MEMORY = {
    "essays/mem-emphasize.md": (
        HEAD.format(
            what="Emphasis", extra="", body="```{code-block} python\n:emphasize-lines: 1-999999999\n\nx = 1\n```"
        ),
        r"mem-emphasize\.md:9: WARNING: :emphasize-lines: '1-999999999' of \{code-block\} must name lines of the "
        r"block, 1 to 1 \(such as '1,3-5'\); the option is left out \[longform\.out-of-range\]",
    ),
    "essays/mem-part.md": (
        HEAD.format(what="Far part", extra="series: s1\npart: 300000000\n", body="Text."),
        r"mem-part\.md:6: WARNING: 'part' is '300000000' — it must be from 1 to 999 \[longform\.out-of-range\]",
    ),
    "essays/mem-hlist.md": (
        HEAD.format(what="Columns", extra="", body="```{hlist}\n:columns: 30000000\n\n* a\n* b\n```"),
        r"mem-hlist\.md:9: WARNING: :columns: '30000000' of \{hlist\} must be a whole number from 1 to 12; 12 is "
        r"used \[longform\.out-of-range\]",
    ),
}


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _build_capped(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return kit.sphinx_build(site, out, "-q", strict=False, confdir=REPO, preexec_fn=_cap_memory)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the child's memory on Linux")
def test_numbers_that_exhausted_memory_are_one_warning_each_under_a_2_gib_cap(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    for relpath, (source, _expected) in MEMORY.items():
        (site / relpath).write_text(source, encoding="utf-8")
    done = _build_capped(site, tmp_path / "out")
    warnings = done.stderr
    assert "MemoryError" not in warnings and "Traceback" not in warnings, warnings[-3000:]
    assert done.returncode == 0, warnings[-3000:]
    for relpath, (_source, expected) in MEMORY.items():
        ours = [line for line in warnings.splitlines() if relpath in line and "[longform." in line]
        assert len(ours) == 1, ours
        assert re.search(expected, ours[0]), ours[0]
        assert (tmp_path / "out" / relpath.replace(".md", ".html")).is_file()
    hlist = (tmp_path / "out" / "essays" / "mem-hlist.html").read_text(encoding="utf-8")
    assert hlist.count('class="hlist') >= 1 and "<li><p>a</p></li>" in hlist
    assert (tmp_path / "out" / "essays" / "valid-one.html").is_file()
    series = (tmp_path / "out" / "series" / "s1.html").read_text(encoding="utf-8")
    assert "Far part" not in series  # a part out of range is no part of the series


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the child's memory on Linux")
def test_emphasize_lines_as_a_block_attribute_is_bounded_too(tmp_path):
    """MyST's attrs_block ('{emphasize-lines="…"}' above a fence) reaches the same line list without a directive."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "conf.py").write_text(
        (ROOT / "conf.py").read_text(encoding="utf-8")
        + f"\nimport sys\nsys.path.insert(0, {str(REPO / 'extensions')!r})\n"
        + "myst_enable_extensions = ['colon_fence', 'attrs_inline', 'attrs_block']\n",
        encoding="utf-8",
    )
    body = (
        'Text.\n\n{emphasize-lines="1-999999999"}\n```python\nx = 1\n```\n\n'
        '{emphasize-lines="2"}\n```python\nx = 1\ny = 2\n```'
    )
    (site / "essays" / "mem-attrs.md").write_text(HEAD.format(what="Attributes", extra="", body=body), encoding="utf-8")
    done = kit.sphinx_build(site, tmp_path / "out", "-q", strict=False, preexec_fn=_cap_memory)
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-3000:]
    ours = [line for line in done.stderr.splitlines() if "[longform." in line]
    assert len(ours) == 1 and re.search(
        r"mem-attrs\.md:12: WARNING: \{emphasize-lines='1-999999999'\} of a code block must name lines of the "
        r"block, 1 to 1 .*\[longform\.out-of-range\]",
        ours[0],
    ), ours
    page = (tmp_path / "out" / "essays" / "mem-attrs.html").read_text(encoding="utf-8")
    assert page.count('class="hll"') == 1  # the second block's line 2, as asked; the first has none


def test_a_lone_surrogate_is_one_encoding_warning_and_the_feeds_parse(tmp_path):
    """A lone surrogate written to a file is not UTF-8: the encoding repair reads it as U+FFFD and says where,
    once; no U+D800 reaches a feed."""
    from lxml import etree
    from proofkit import build

    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    text = "---\ndate: 2026-03-01\ndescription: A lone \ud800 surrogate.\ntags: [alpha]\n---\n\n# Lone\n\nBody.\n"
    (site / "essays" / "lone.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    built = build(site, freshenv=True)
    ours = [line for line in built.warnings.splitlines() if "[longform." in line]
    assert len(ours) == 1 and re.search(r"lone\.md:3: WARNING: .*\[longform\.encoding\]", ours[0]), ours
    for feed in ("atom.xml", "tags/alpha.xml", "sitemap.xml"):
        path = Path(built.outdir) / feed
        if feed == "sitemap.xml" and not path.exists():
            continue  # the test root's conf.py has no sphinx-sitemap
        tree = etree.parse(str(path))
        assert "lone" in etree.tostring(tree, encoding="unicode")
    assert "\ud800" not in (Path(built.outdir) / "atom.xml").read_text(encoding="utf-8", errors="surrogatepass")


def test_xml_safe_leaves_what_xml_holds_and_drops_the_rest():
    from lxml import etree

    from longform.core import bounds

    kept = "tab\tnewline\ncr\r é € 😀 \ufffd \u0085"
    dropped = "".join(chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0xD800, 0xDFFF, 0xFDD0, 0xFFFE))
    planes = "".join(chr(plane * 0x10000 + end) for plane in range(1, 17) for end in (0xFFFE, 0xFFFF))
    assert bounds.xml_safe(kept + dropped + planes) == kept
    element = etree.Element("t")
    element.text = bounds.xml_safe(kept + dropped + planes)  # lxml refuses any string XML cannot hold
    with pytest.raises(ValueError, match="XML compatible"):
        etree.Element("t").text = "x\ufffe"


def test_the_series_gap_check_takes_one_step_per_part():
    from longform.features import series

    assert series._gaps([2, 3, 6]) == [(1, 1, 2), (4, 5, 6)]
    assert series._gaps([1, 2, 3]) == []
    assert series._gaps([1, 999]) == [(2, 998, 999)]


def test_every_numeric_option_of_an_allowed_directive_has_a_bound(tmp_path):
    """The bounds table follows the directives: each bounded option exists, and every option an allowed directive
    converts to a number (docutils' and Sphinx's converters) has a bound, so a new one cannot slip through."""
    from docutils.parsers.rst import directives
    from docutils.utils import new_document
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.docutils import sphinx_domains

    from longform.core import bounds, safety

    numeric = {
        int,
        directives.nonnegative_int,
        directives.positive_int,
        directives.positive_int_list,
        directives.percentage,
        getattr(directives, "optional_int", None),
        getattr(directives, "int_or_nothing", None),
    }
    numeric |= {converter for converter in _sphinx_converters() if converter is not None}
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    app = SphinxTestApp("html", srcdir=site)
    try:
        document = new_document("probe")
        app.env.temp_data["docname"] = "index"
        with sphinx_domains(app.env):
            specs = {name: directives.directive(name, None, document)[0] for name in sorted(safety.DIRECTIVES)}
    finally:
        app.cleanup()
    unbounded = []
    for name, directive in specs.items():
        spec = getattr(directive, "option_spec", None) or {}
        for option in bounds.DIRECTIVE_OPTIONS.get(name, {}):
            assert option in spec, f"{{{name}}} has no option :{option}: any more"
        for option, converter in spec.items():
            bounded = option in bounds.DIRECTIVE_OPTIONS.get(name, {})
            if (converter in numeric or option in ("widths", "columns", "gutter")) and not bounded:
                unbounded.append(f"{{{name}}} :{option}:")
    # essay-list checks :limit: and :year: itself (whole numbers of at most 9 digits, in range).
    assert unbounded == [], unbounded


def _sphinx_converters() -> set:
    from sphinx.directives import other, patches

    found = set()
    for module in (other, patches):
        for value in vars(module).values():
            if callable(value) and getattr(value, "__name__", "") in ("int_or_nothing", "optional_int"):
                found.add(value)
    return found
