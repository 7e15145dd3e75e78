"""Warnings the fuzzer (tests/test_fuzz.py) found without a line, each given one: a build of the matrix
root with the input, and the exact located warning in its output."""

from __future__ import annotations

import shutil
from pathlib import Path

from proofkit import build

ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
HEAD = "---\ndate: 2026-02-01\ndescription: An essay.\ntags: [alpha]\n---\n\n# Title\n\nText.\n\n"


def test_a_missing_image_without_alt_text_is_warned_with_its_line(tmp_path):
    """MyST gives ``![](missing.png)`` no line: Sphinx's 'image file not readable' said 'file.md::'."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "no-alt.md").write_text(HEAD + "![](missing.png)\n", encoding="utf-8")
    built = build(site, freshenv=True)
    lines = [line for line in built.warnings.splitlines() if "image file not readable" in line]
    assert len(lines) == 1, built.warnings
    assert "essays/no-alt.md:11: WARNING: image file not readable: essays/missing.png" in lines[0]
    # the same line for Longform's own warning about the missing alt text
    assert "essays/no-alt.md:11: WARNING: the image 'missing.png' has no alt text" in built.warnings
