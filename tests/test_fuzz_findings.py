"""What the fuzzer (tests/test_fuzz.py) found in files outside the other parts' ownership, each fixed: a
build of the matrix root with the fuzzer's (minimised) input, and what the output must hold."""

from __future__ import annotations

import re
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


def test_a_download_link_in_a_heading_builds_and_stays_a_link_in_the_page(tmp_path):
    """``# {download}`file``` was a KeyError ('anchorname') in Sphinx's page toc while writing the page."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "files").mkdir()
    (site / "essays" / "files" / "data.csv").write_text("a,b\n", encoding="utf-8")
    (site / "essays" / "heading-download.md").write_text(
        HEAD.replace("# Title", "# Get {download}`the data <files/data.csv>`")
        + "## Also {download}`here <files/data.csv>`\n\nMore.\n",
        encoding="utf-8",
    )
    built = build(site, freshenv=True)  # an exception while writing fails here
    assert built.warnings == ""
    page = (Path(built.outdir) / "essays" / "heading-download.html").read_text(encoding="utf-8")
    assert page.count('href="../_downloads/') >= 2  # both headings still link the file
    # the page's table of contents names the heading with its text, linking the heading's anchor
    assert re.search(r'<a class="reference internal" href="#also-here">Also <span><code[^>]*>.*?here', page)


def test_an_essay_whose_toctree_lists_the_root_does_not_stop_the_build(tmp_path):
    """A toctree cycle (essay -> /index -> topics/main -> essay) was a RecursionError in Sphinx's walk of the
    toctrees (env.collect_relations) and then in the sidebar; now the build finishes and the pages are written.
    The entry that leads back up is one located ``longform.toctree-cycle`` warning (core.toctrees)."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "loop.md").write_text(HEAD + "```{toctree}\n/index\n```\n", encoding="utf-8")
    built = build(site, freshenv=True)  # a RecursionError fails here
    assert re.search(r"essays/loop\.md:\d+: WARNING: .*\[longform\.toctree-cycle\]", built.warnings), built.warnings
    assert "RecursionError" not in built.warnings
    for page in ("essays/loop.html", "essays/valid-one.html", "index.html"):
        assert (Path(built.outdir) / page).is_file(), page
    sidebar = (Path(built.outdir) / "essays" / "loop.html").read_text(encoding="utf-8")
    assert 'class="current reference internal" href="#">Title</a>' in sidebar
