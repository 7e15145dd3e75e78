"""Each of issue 28's reader features has its own off switch, and turning one off leaves the others as they were:
``longform_previews``, ``longform_sidenotes``, ``longform_section_times`` and ``longform_cite`` (the bench's
``reader`` scenario measures their cost by turning all four off).

``tests/roots/test-sections``: ``essays/garden`` has sections, three footnotes and links to other essays.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SWITCHES = ("longform_previews", "longform_sidenotes", "longform_section_times", "longform_cite")


def _present(outdir: Path) -> dict[str, bool]:
    """What of each feature the essay's written page (and the output folder) shows."""
    page = BeautifulSoup((outdir / "essays" / "garden.html").read_text(encoding="utf-8"), "html.parser")
    scripts = {Path(s["src"].split("?")[0]).name for s in page.select("script[src]")}
    return {
        "longform_previews": "longform-previews.js" in scripts
        and page.head.find("meta", attrs={"name": "longform-previews"}) is not None
        and (outdir / "_longform" / "previews" / "essays" / "garden.json").is_file(),
        "longform_sidenotes": "longform-sidenotes.js" in scripts,
        "longform_section_times": "longform-sections.js" in scripts
        and bool(page.select("section[data-longform-fingerprint]"))
        and bool(page.select(".toc-tree .longform-toc-time")),
        "longform_cite": bool(page.select("details.longform-cite"))
        and page.head.find("meta", attrs={"name": "citation_title"}) is not None
        and (outdir / "_longform" / "cite" / "essays" / "garden.bib").is_file(),
    }


def test_every_feature_is_on_by_default(copy_root, build):
    app = build(copy_root("sections"))
    assert app.warnings == ""
    assert _present(Path(app.outdir)) == dict.fromkeys(SWITCHES, True)


@pytest.mark.parametrize("switch", SWITCHES)
def test_one_switch_turns_off_its_feature_only(copy_root, build, switch):
    app = build(copy_root("sections"), **{switch: False})
    assert app.warnings == ""
    outdir = Path(app.outdir)
    assert _present(outdir) == {name: name != switch for name in SWITCHES}
    # The footnotes themselves stay: a switch removes a view of them, never the text.
    page = BeautifulSoup((outdir / "essays" / "garden.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("aside.footnote")) == 3


def test_a_switch_that_is_not_a_bool_warns_once_and_keeps_the_feature(copy_root, build):
    src = copy_root("sections")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('longform_cite = "no"\n')
    app = build(src)
    [warning] = app.warnings.splitlines()
    assert "conf.py:8:" in warning and "longform_cite = 'no' cannot be used — it must be bool" in warning
    assert warning.endswith("[longform.config]")
    assert _present(Path(app.outdir))["longform_cite"]
