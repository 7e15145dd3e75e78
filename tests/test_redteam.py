"""Red team: attacks on the merged walls that are not one essay each (many files, the shape of the site).

Each builds a copy of ``tests/roots/test-matrix`` with the site's own ``conf.py`` (as ``test_hostile`` does) and
asserts on the real build: the located warning, no traceback, and the pages written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from proofkit import build

from longform.core import toctrees

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
HEAD = "---\ndate: 2026-02-11\ndescription: Red team.\ntags: [alpha]\n---\n\n"


def _site(base: Path, files: dict[str, str]) -> Path:
    site = base / "site"
    shutil.copytree(ROOT, site)
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('Path(__file__).parent / "extensions"', repr(str(REPO / "extensions")))
    (site / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def _toctree(*entries: str) -> str:
    return "```{toctree}\n" + "\n".join(entries) + "\n```\n"


def _longform(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[longform." in line and "[longform.missing-date]" not in line]


def test_a_toctree_chain_deeper_than_the_bound_is_cut_with_a_located_warning(tmp_path):
    """A chain of pages each listing the next: at ~1,000 levels Sphinx's recursive walk of the navigation
    overflowed the stack; past :data:`toctrees.MAX_DEPTH` the entry is removed, once, where it is written."""
    depth = toctrees.MAX_DEPTH + 5
    files = {"essays/chain.md": HEAD + "# Chain\n\n" + _toctree("/notes/c1")}
    for level in range(1, depth):
        files[f"notes/c{level}.md"] = f"---\ndate: 2026-01-01\n---\n\n# C{level}\n\n" + _toctree(f"c{level + 1}")
    files[f"notes/c{depth}.md"] = "---\ndate: 2026-01-01\n---\n\n# The end\n\nText.\n"
    built = build(_site(tmp_path, files), freshenv=True)
    ours = _longform(built.warnings)
    # root -> topics/main ... : the matrix's root lists notes/index, which globs every note (level 2); the chain
    # is cut where it passes the bound, and that is the only Longform warning of the build about toctrees
    cut = [line for line in ours if "more than 30 levels below the root page" in line]
    assert len(cut) == 1, "\n".join(ours)
    assert cut[0].endswith("[longform.out-of-range]")
    page = cut[0].split("/site/", 1)[1].split(".md:", 1)[0]
    fence_line = files[f"{page}.md"].splitlines().index("```{toctree}") + 1
    assert f"/site/{page}.md:{fence_line}: WARNING:" in cut[0]
    assert "Traceback" not in built.warnings and "RecursionError" not in built.warnings
    assert (built.outdir / "essays" / "chain.html").is_file()
    assert (built.outdir / "notes" / f"c{depth}.html").is_file()


def test_pages_that_each_list_the_same_two_pages_do_not_make_the_walk_double_at_every_level(tmp_path):
    """A ladder of 20 levels, two pages each listing both pages of the next level: Sphinx's walk (and every
    sidebar) visited 2**20 paths. The entries that list a page with its own toctree a second time are removed."""
    levels = 20
    files = {"essays/ladder.md": HEAD + "# Ladder\n\n" + _toctree("/notes/la1", "/notes/lb1")}
    for level in range(1, levels):
        for side in "ab":
            body = f"---\ndate: 2026-01-01\n---\n\n# L{side}{level}\n\n" + _toctree(f"la{level + 1}", f"lb{level + 1}")
            files[f"notes/l{side}{level}.md"] = body
    for side in "ab":
        files[f"notes/l{side}{levels}.md"] = f"---\ndate: 2026-01-01\n---\n\n# L{side}{levels}\n\nText.\n"
    built = build(_site(tmp_path, files), freshenv=True)
    ours = _longform(built.warnings)
    doubled = [line for line in ours if "which another toctree lists already" in line]
    assert doubled and all(line.endswith("[longform.out-of-range]") for line in doubled), "\n".join(ours)
    assert len(doubled) == len(ours), "\n".join(ours)
    assert "Traceback" not in built.warnings
    assert (built.outdir / "essays" / "ladder.html").is_file()
    assert (built.outdir / "notes" / f"la{levels}.html").is_file()


# -- attacks that held: one build, asserted on what a browser would read -------------------------------------------

_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4"'
HELD_SVGS: dict[str, bytes] = {
    # an XHTML script inside an SVG runs when the file is opened on its own
    "ns-html-script": (
        _SVG + ' xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert("RT-ns")</h:script></svg>'
    ).encode(),
    # UTF-16: a scanner of the bytes sees no '<script'; the browser decodes it and runs it
    "utf16": ('<?xml version="1.0" encoding="UTF-16"?>' + _SVG + '><script>alert("RT-16")</script></svg>').encode(
        "utf-16"
    ),
    # xlink under another prefix, and a character reference in the scheme
    "xlink-renamed": (
        _SVG + ' xmlns:q="http://www.w3.org/1999/xlink"><a q:href="&#106;avascript:alert(\'RT-xl\')"><text>x</text>'
        "</a></svg>"
    ).encode(),
}
#: images whose URL a browser reads as another host ('\' is '/' in http(s) URLs), and one with no slashes
HELD_IMAGE_URLS = ["/\\evil.example/RT-b1.png", "https:\\\\evil.example\\RT-b2.png", "https:evil.example/RT-b3.png"]


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    files: dict[str, str] = {
        # a page named like a URL scheme: every link to it must stay a path
        "essays/javascript:alert(1).md": HEAD + "# Named like a scheme\n\nText.\n",
        "essays/sibling.md": HEAD + "# Sibling\n\nSee {doc}`javascript:alert(1)`.\n",
        "tags.yaml": (ROOT / "tags.yaml")
        .read_text(encoding="utf-8")
        .replace("description: The first tag.", "description: \"</p><script>alert('RT-tag')</script>\""),
    }
    for index, url in enumerate(HELD_IMAGE_URLS):
        files[f"essays/url-{index}.md"] = HEAD + f"# URL {index}\n\n![a pixel](<{url}>)\n"
    site = _site(tmp_path_factory.mktemp("held"), files)
    for name, data in HELD_SVGS.items():
        (site / "essays" / "figures").mkdir(exist_ok=True)
        (site / "essays" / "figures" / f"{name}.svg").write_bytes(data)
        (site / "essays" / f"svg-{name}.md").write_text(HEAD + f"# {name}\n\n![a drawing](figures/{name}.svg)\n")
    return build(site, freshenv=True)


def _attributes(outdir: Path):
    from selectolax.lexbor import LexborHTMLParser

    for page in outdir.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("*"):
            for name, value in (node.attributes or {}).items():
                yield page, node, name, value or ""


@pytest.mark.parametrize("name", HELD_SVGS)
def test_svgs_that_hide_a_script_or_a_link_are_refused(held, name):
    expected = f"essays/svg-{name}.md:9: WARNING: image 'figures/{name}.svg' refused"
    assert any(expected in line and line.endswith("[longform.unsafe-file]") for line in held.warnings.splitlines())
    assert not list((held.outdir / "_images").glob(f"{name}*"))


def test_no_link_or_image_of_the_site_runs_script_or_calls_another_host(held):
    from urllib.parse import urljoin, urlsplit

    base = "https://longform.example.org/"
    for page, node, name, value in _attributes(held.outdir):
        compact = "".join(ch for ch in value if ch > " ").lower()
        assert not compact.startswith(("javascript:", "vbscript:", "data:text")), (page, node.tag, name, value)
        if name == "src":
            url = urljoin(base + page.relative_to(held.outdir).as_posix(), value.replace("\\", "/"))
            assert urlsplit(url).hostname == "longform.example.org", (page, value)
    # the page named like a scheme is linked as a path ('%3A'), from its sibling too
    sibling = (held.outdir / "essays" / "sibling.html").read_text(encoding="utf-8")
    assert 'href="javascript%3Aalert%281%29.html"' in sibling


def test_vocabulary_markup_is_text(held):
    from selectolax.lexbor import LexborHTMLParser

    for page in held.outdir.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert not [s for s in tree.css("script") if "RT-tag" in (s.text() or "")], page
    tag_page = (held.outdir / "tags" / "alpha.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in tag_page  # shown as text where the description is shown


# -- found by the red team in core/publishing.py: an embargoed title in a link, a draft value that is not a boolean


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory):
    files = {
        "essays/embargoed.md": "---\ndate: 2099-01-05\ndescription: Not yet.\ntags: [alpha]\n---\n\n"
        "# Embargoed RT-EMBARGO title\n\nText.\n",
        "essays/teaser.md": HEAD + "# Teaser\n\nComing soon: {doc}`embargoed`.\n",
        "essays/draft-one.md": "---\ndate: 2026-01-05\ndraft: 1\ndescription: A draft.\ntags: [alpha]\n---\n\n"
        "# Draft RT-DRAFT-ONE\n\nText.\n",
    }
    built = build(_site(tmp_path_factory.mktemp("unpublished"), files), freshenv=True)
    texts = {
        str(path.relative_to(built.outdir)): path.read_text(encoding="utf-8", errors="replace")
        for path in built.outdir.rglob("*")
        if path.is_file() and ".doctrees" not in path.parts
    }
    return built, texts


def test_a_link_to_a_scheduled_essay_does_not_publish_its_title(unpublished):
    """'writes nothing of it' (the writing guide): {doc} with no text of its own shows the scheduled essay's title
    on the published page, with no warning, before its date."""
    _built, texts = unpublished
    assert not [name for name, text in texts.items() if "RT-EMBARGO" in text]


def test_a_draft_value_that_is_not_a_boolean_keeps_the_essay_unpublished(unpublished):
    """'draft: 1' is a warning (bad-type) and the essay is published anyway: fail-open outside strict builds."""
    built, texts = unpublished
    assert any("[longform.bad-type]" in line for line in built.warnings.splitlines())
    assert not [name for name, text in texts.items() if "RT-DRAFT-ONE" in text]
