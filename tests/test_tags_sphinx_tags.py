"""Longform in sphinx-tags' place, proven on sphinx-tags' own test roots and expected outputs (issue 25).

sphinx-tags 0.4's source distribution is fetched from PyPI once per session (never copied into this
repository): its roots ``test/sources/test-myst`` and ``test-rst`` are built with ``longform`` where their
``conf.py`` names ``sphinx_tags``, and compared with what sphinx-tags' own tests expect
(``test/outputs/general/*.txt``, text builder): the same tag pages at the same URLs, each listing the same
pages; the same overview; every page showing its tags; the ``sphx_tag_`` label resolving; and, as
sphinx-tags' ``test_build`` asserts, a build without a single warning.  A failed download is a failure
(CI reaches PyPI), never a skip.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import proofkit as kit
import pytest
from bs4 import BeautifulSoup
from proofkit import build
from sphinx.testing.util import SphinxTestApp

VERSION = "0.4"


#: The sdist's digest (PyPI's sha256 of sphinx_tags-0.4.tar.gz): a cached or downloaded file must be this one.
SHA256 = "3065219bacf47567c706f2237d5665b22f3a5167367b4c4568bcda4371a5359d"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def sphinx_tags_tests(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sphinx-tags' ``test/`` folder, from its sdist on PyPI (kept in pytest's cache between runs, when there is
    one).  A failed download fails the tests that need it: CI reaches PyPI."""
    cache_provider = getattr(request.config, "cache", None)
    cache = (
        Path(cache_provider.mkdir(f"sphinx-tags-{VERSION}-sdist"))
        if cache_provider is not None
        else tmp_path_factory.mktemp("sphinx-tags-cache")
    )
    sdist = cache / f"sphinx_tags-{VERSION}.tar.gz"
    if not sdist.is_file() or _digest(sdist) != SHA256:
        download = tmp_path_factory.mktemp("sphinx-tags-download")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"sphinx-tags=={VERSION}", "-d", str(download)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        found = sorted(download.glob(f"sphinx*tags-{VERSION}.tar.gz"))
        if done.returncode != 0 or not found:
            pytest.fail(f"could not download sphinx-tags {VERSION}'s sdist from PyPI:\n{done.stdout}\n{done.stderr}")
        assert _digest(found[0]) == SHA256, "PyPI's sphinx-tags sdist is not the one these tests were written for"
        partial = cache / f"{sdist.name}.{os.getpid()}.part"
        shutil.copyfile(found[0], partial)
        os.replace(partial, sdist)  # whole or not at all, if two sessions download at once
    unpacked = tmp_path_factory.mktemp("sphinx-tags-sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    (root,) = unpacked.iterdir()
    assert (root / "test" / "outputs" / "general").is_dir(), "the sdist no longer ships sphinx-tags' test outputs"
    return root / "test"


def _longform_in_place(conf: Path) -> None:
    """The root's conf.py with ``longform`` where it names ``sphinx_tags``, and nothing else changed."""
    text = conf.read_text(encoding="utf-8")
    assert '"sphinx_tags"' in text, "the root no longer loads sphinx_tags"
    conf.write_text(text.replace('"sphinx_tags"', '"longform"'), encoding="utf-8")


@pytest.fixture(scope="module", params=["myst", "rst"])
def built(request: pytest.FixtureRequest, sphinx_tags_tests: Path, tmp_path_factory: pytest.TempPathFactory):
    src = tmp_path_factory.mktemp(f"sphinx-tags-{request.param}") / "src"
    shutil.copytree(sphinx_tags_tests / "sources" / f"test-{request.param}", src)
    _longform_in_place(src / "conf.py")
    return build(src, freshenv=True), sphinx_tags_tests / "outputs" / "general"


# -- sphinx-tags' expected text outputs, read ---------------------------------------------------


def _title(lines: list[str]) -> str:
    return lines[0].strip()


def _bullets(lines: list[str]) -> list[str]:
    return [line.strip()[2:] for line in lines if line.strip().startswith("* ")]


def _expected_tag_pages(expected: Path) -> dict[str, tuple[str, str, list[str]]]:
    """slug -> (title, header, titles of the pages listed), from ``_tags/<slug>.txt``."""
    pages = {}
    for path in sorted((expected / "_tags").glob("*.txt")):
        if path.stem == "tagsindex":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        header = next(line.strip() for line in lines[2:] if line.strip() and not set(line.strip()) <= set("*^=#-"))
        pages[path.stem] = (_title(lines), header, _bullets(lines))
    return pages


# -- what Longform wrote, read --------------------------------------------------------------------


def _h1(soup: BeautifulSoup) -> str:
    return kit.text(soup.find("h1"))


def _target(page: Path, href: str) -> Path:
    return (page.parent / href.split("#")[0]).resolve()


def test_the_build_gives_no_warning(built):
    """sphinx-tags' test_build: the build succeeds and says nothing (under -W, a drop-in must not fail)."""
    result, _expected = built
    assert "build succeeded" in result.status
    assert result.warnings == ""


def test_every_tag_page_is_at_sphinx_tags_url_and_lists_the_same_pages(built):
    """sphinx-tags' test_tag_pages: each expected ``_tags/<slug>`` page, its title, header and pages."""
    result, expected = built
    tag_pages = _expected_tag_pages(expected)
    assert len(tag_pages) == 6
    written = {p.stem for p in (result.outdir / "_tags").glob("*.html")} - {"tagsindex"}
    assert written == set(tag_pages)
    for slug, (title, header, listed) in tag_pages.items():
        page = result.outdir / "_tags" / f"{slug}.html"
        soup = kit.soup(page)
        assert _h1(soup) == title, slug
        section = soup.select_one("section.longform-tag-pages")
        assert section is not None, slug
        assert kit.text(section.find("h2")) == header, slug
        links = section.select("li a")
        assert [kit.text(a) for a in links] == listed, slug
        for a in links:  # each links the page of that title
            assert _h1(kit.soup(_target(page, a["href"]))) == kit.text(a), (slug, a["href"])


def test_the_overview_lists_every_tag_with_its_count(built):
    """sphinx-tags' test_index: ``_tags/tagsindex`` titled and headed as expected, each tag with its count."""
    result, expected = built
    lines = (expected / "_tags" / "tagsindex.txt").read_text(encoding="utf-8").splitlines()
    page = result.outdir / "_tags" / "tagsindex.html"
    soup = kit.soup(page)
    assert _h1(soup) == _title(lines) == "Tags overview"
    assert kit.text(soup.select_one(".longform-tag-index-head")) == "Tags"
    links = soup.select("ul.longform-tag-index a")
    assert [kit.text(a) for a in links] == _bullets(lines)
    tag_pages = _expected_tag_pages(expected)
    for a in links:
        name = kit.text(a).rsplit(" (", 1)[0]
        assert _h1(kit.soup(_target(page, a["href"]))) == f"My tags: {name}"
        count = int(kit.text(a).rsplit("(", 1)[1].rstrip(")"))
        assert count == len(tag_pages[Path(a["href"]).stem][2])


def test_every_page_shows_its_tags(built):
    """sphinx-tags' test_tagged_pages: "Tags: a, b" on each page, each tag linking its page."""
    result, expected = built
    for name in ("page_1", "page_2", "page_5", "subdir/page_3"):
        lines = (expected / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        (line,) = [line for line in lines if line.startswith("Tags: ")]
        page = result.outdir / f"{name}.html"
        soup = kit.soup(page)
        (shown,) = soup.select("p.longform-page-tags")
        assert re.sub(r" ,", ",", kit.text(shown)) == line, name
        for a in shown.select("a"):
            assert _h1(kit.soup(_target(page, a["href"]))) == f"My tags: {kit.text(a)}", (name, a["href"])


def test_the_index_reaches_the_overview_and_resolves_the_tag_label(built):
    """sphinx-tags' index.txt: the toctree names ``_tags/tagsindex``; ``sphx_tag_tag_1`` is a working ref."""
    result, expected = built
    text = (expected / "index.txt").read_text(encoding="utf-8")
    assert "* Tags overview" in text and "My tags: tag_1" in text
    page = result.outdir / "index.html"
    soup = kit.soup(page)
    toctree = [a for a in soup.select(".toctree-wrapper a") if kit.text(a) == "Tags overview"]
    assert [a["href"] for a in toctree] == ["_tags/tagsindex.html"]
    (ref,) = [a for a in soup.select("a.reference") if kit.text(a) == "My tags: tag_1"]
    assert ref["href"] == "_tags/tag_1.html"
    assert _target(page, ref["href"]).is_file()


# -- sphinx-tags' settings on a site of our own -----------------------------------------------------


def _site(tmp_path: Path, conf: str, pages: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["longform"]\n' + conf, encoding="utf-8")
    toctree = "\n".join(name for name in pages if name != "index")
    (src / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    for name, body in pages.items():
        if name != "index":
            (src / f"{name}.md").write_text(body, encoding="utf-8")
    return src


def test_settings_are_honoured(tmp_path):
    """Wording, folder and badges: the page title, header, intro, overview title and head, badge colours."""
    src = _site(
        tmp_path,
        'tags_output_dir = "labels"\ntags_page_title = "Tag"\ntags_page_header = "Pages with it"\n'
        'tags_intro_text = "Filed under:"\ntags_overview_title = "All labels"\ntags_index_head = "Labels"\n'
        'tags_create_badges = True\ntags_badge_colors = {"py*": "info"}\n',
        {"a": "# A\n\n```{tags} python, Go\n```\n", "b": "# B\n\n```{tags} go\n```\n"},
    )
    result = build(src, freshenv=True)
    assert result.warnings == ""
    out = result.outdir
    assert {p.name for p in (out / "labels").glob("*.html")} == {"python.html", "go.html", "tagsindex.html"}
    a = kit.soup(out / "a.html")
    (line,) = a.select("p.longform-page-tags")
    assert kit.text(line).startswith("Filed under:")
    badges = {kit.text(x): x["class"] for x in line.select("a")}
    assert "sd-bg-info" in badges["python"] and "sd-bg-primary" in badges["Go"]
    go = kit.soup(out / "labels" / "go.html")
    assert _h1(go) == "Tag: Go"  # the first spelling names the tag; 'go' is the same tag
    assert kit.text(go.select_one("section.longform-tag-pages h2")) == "Pages with it"
    assert [kit.text(x) for x in go.select("section.longform-tag-pages li a")] == ["A", "B"]
    overview = kit.soup(out / "labels" / "tagsindex.html")
    assert _h1(overview) == "All labels"
    assert kit.text(overview.select_one(".longform-tag-index-head")) == "Labels"
    assert [kit.text(x) for x in overview.select("ul.longform-tag-index a")] == ["Go (2)", "python (1)"]


def test_compat_setting_alone_gives_sphinx_tags_urls(tmp_path):
    src = _site(tmp_path, 'longform_tags_compat = "sphinx-tags"\n', {"a": "# A\n\n```{tags} tag 3, tag_1\n```\n"})
    result = build(src, freshenv=True)
    assert result.warnings == ""
    assert {p.name for p in (result.outdir / "_tags").glob("*.html")} == {"tag-3.html", "tag_1.html", "tagsindex.html"}


def test_without_sphinx_tags_settings_pages_keep_longform_urls(tmp_path):
    """A Longform site: {tags} on a plain page still shows them and lists the page, at tags/<slug>.html."""
    src = _site(tmp_path, 'html_baseurl = "https://example.org/"\n', {"a": "# A\n\n```{tags} tag_1\n```\n"})
    result = build(src, freshenv=True)
    assert "tags-directive" not in result.warnings
    assert not (result.outdir / "_tags").exists()
    a = kit.soup(result.outdir / "a.html")
    assert [x["href"] for x in a.select("p.longform-page-tags a")] == ["tags/tag-1.html"]
    tag = kit.soup(result.outdir / "tags" / "tag-1.html")
    assert [kit.text(x) for x in tag.select("section.longform-tag-pages li a")] == ["A"]


def test_unusable_settings_warn_once_and_ignored_ones_are_named(tmp_path):
    src = _site(
        tmp_path,
        'tags_output_dir = "../outside"\ntags_badge_colors = {"x": "javascript:alert(1)"}\n'
        'tags_create_tags = True\ntags_extension = ["md"]\n',
        {"a": "# A\n\n```{tags} x\n```\n"},
    )
    result = build(src, freshenv=True)
    conf = src / "conf.py"
    warnings = [line for line in result.warnings.splitlines() if "WARNING" in line]
    assert warnings == [
        f"{conf}:2: WARNING: tags_output_dir = '../outside' cannot be used — it must be a folder inside the output "
        "such as '_tags' (letters, digits, '_', '-', '.'; no '..'); using '_tags' [longform.sphinx-tags]",
        f"{conf}:3: WARNING: tags_badge_colors = {{'x': 'javascript:alert(1)'}} cannot be used as it is — it must "
        "map name patterns to colours among black, danger, dark, info, light, muted, primary, secondary, success, "
        "warning, white; badges of other colours are 'primary' [longform.sphinx-tags]",
    ]
    assert "it does not need tags_create_tags, tags_extension" in result.status
    assert (result.outdir / "_tags" / "x.html").is_file()
    assert not (src.parent / "outside").exists() and not (result.outdir.parent / "outside").exists()


def test_sphinx_own_tags_object_still_drives_only(tmp_path):
    """conf.py's ``tags`` (Sphinx's, for ``only``) is not sphinx-tags' and keeps working beside {tags}."""
    src = _site(
        tmp_path,
        'tags.add("internal")\ntags_page_title = "Tag"\n',
        {"a": "# A\n\n```{tags} x\n```\n\n```{only} internal\nINTERNAL-ONLY\n```\n\n```{only} public\nPUBLIC\n```\n"},
    )
    result = build(src, freshenv=True)
    assert result.warnings == ""
    html = (result.outdir / "a.html").read_text(encoding="utf-8")
    assert "INTERNAL-ONLY" in html and "PUBLIC" not in html
    assert _h1(kit.soup(result.outdir / "_tags" / "x.html")) == "Tag: x"


def test_an_incremental_build_follows_a_changed_tag(tmp_path):
    """A page drops a tag: its old tag page is gone, the other's lists it, as a clean build would."""
    src = _site(
        tmp_path,
        'tags_page_title = "Tag"\n',
        {"a": "# A\n\n```{tags} solo, shared\n```\n", "b": "# B\n\n```{tags} shared\n```\n"},
    )
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("b\n```", "b\n_tags/solo\n```") + "\nSee {ref}`sphx_tag_solo`.\n",
        encoding="utf-8",
    )
    first = build(src, freshenv=True)
    assert first.warnings == ""
    assert (first.outdir / "_tags" / "solo.html").is_file()
    home = kit.soup(first.outdir / "index.html")
    assert "_tags/solo.html" in [a["href"] for a in home.select(".toctree-wrapper a")]
    (see,) = [p for p in home.select("p") if kit.text(p).startswith("See ")]
    assert [(kit.text(a), a["href"]) for a in see.select("a")] == [("Tag: solo", "_tags/solo.html")]
    (src / "a.md").write_text("# A\n\n```{tags} shared, fresh\n```\n", encoding="utf-8")
    again = build(src)
    out = again.outdir
    # the index is written again (what its toctree links changed): the vanished page is no link, and is named
    ours = [line for line in again.warnings.splitlines() if "[longform." in line]
    assert ours == [
        f"{index}:3: WARNING: the toctree names '_tags/solo', a tag page this build does not make — name a tag "
        "that a page carries, or '_tags/tagsindex' [longform.tags-toctree]"
    ]
    assert "undefined label: 'sphx_tag_solo'" in again.warnings  # Sphinx's own, as for any label gone
    home = kit.soup(out / "index.html")
    assert "_tags/solo.html" not in [a["href"] for a in home.select("a")]
    assert not (out / "_tags" / "solo.html").exists()
    assert [kit.text(x) for x in kit.soup(out / "_tags" / "fresh.html").select("section.longform-tag-pages li a")] == [
        "A"
    ]
    assert [kit.text(x) for x in kit.soup(out / "a.html").select("p.longform-page-tags a")] == ["shared", "fresh"]
    overview = kit.soup(out / "_tags" / "tagsindex.html")
    assert [kit.text(x) for x in overview.select("ul.longform-tag-index a")] == ["fresh (1)", "shared (2)"]


def test_a_parallel_build_lists_the_same_pages(sphinx_tags_tests, tmp_path):
    """Each page's {tags} are its own record, merged from parallel readers: -j 2 gives the same tag pages."""
    src = tmp_path / "src"
    shutil.copytree(sphinx_tags_tests / "sources" / "test-rst", src)
    _longform_in_place(src / "conf.py")
    result = build(src, freshenv=True, parallel=2)
    assert result.warnings == ""
    for slug, (title, _header, listed) in _expected_tag_pages(sphinx_tags_tests / "outputs" / "general").items():
        soup = kit.soup(result.outdir / "_tags" / f"{slug}.html")
        assert _h1(soup) == title
        assert [kit.text(a) for a in soup.select("section.longform-tag-pages li a")] == listed


def _without_overview_subtree(lines: list[str]) -> list[str]:
    """sphinx-tags' index.txt without what its *source* overview page nests under "* Tags overview" (the tags,
    then their pages): Longform's tag pages are generated, not documents a toctree can descend into."""
    out: list[str] = []
    inside = False
    for line in lines:
        if line.strip() == "* Tags overview":
            inside = True
            out.append(line)
            continue
        if inside and (not line.strip() or line.startswith("  ")):
            continue
        if inside:
            out.append("")
            out.append("")
        inside = False
        out.append(line)
    return out


@pytest.mark.parametrize("root", ["myst", "rst"])
def test_the_text_builder_writes_what_sphinx_tags_expects(sphinx_tags_tests, tmp_path, root):
    """sphinx-tags' test_tagged_pages, byte for byte with its text builder: each page and its "Tags:" line;
    the index likewise, but for the overview's nested tree (see above)."""
    src = tmp_path / "src"
    shutil.copytree(sphinx_tags_tests / "sources" / f"test-{root}", src)
    _longform_in_place(src / "conf.py")
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp("text", srcdir=src, freshenv=True, status=status, warning=warning)
    try:
        app.build(force_all=True)
        outdir = Path(app.outdir)
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    expected = sphinx_tags_tests / "outputs" / "general"
    for name in ("page_1", "page_2", "page_5", "subdir/page_3", "subdir/index"):
        got = (outdir / f"{name}.txt").read_text(encoding="utf-8")
        assert got == (expected / f"{name}.txt").read_text(encoding="utf-8"), name
    index = (expected / "index.txt").read_text(encoding="utf-8").splitlines()
    assert (outdir / "index.txt").read_text(encoding="utf-8").splitlines() == _without_overview_subtree(index)


def test_toctrees_and_refs_reach_generated_pages_and_a_missing_one_is_one_warning(tmp_path):
    src = _site(tmp_path, 'tags_page_title = "Tag"\n', {"a": "# A\n\n```{tags} tag 3\n```\n"})
    index = src / "index.md"
    index.write_text(
        "# Home\n\n```{toctree}\na\n_tags/tagsindex\nThe third <_tags/tag-3>\n_tags/nope\n```\n\n"
        "See {ref}`tagoverview` and {ref}`sphx_tag_tag-3`.\n",
        encoding="utf-8",
    )
    result = build(src, freshenv=True)
    lines = index.read_text(encoding="utf-8").splitlines()
    toctree_line = lines.index("```{toctree}") + 1
    assert result.warnings.splitlines() == [
        f"{index}:{toctree_line}: WARNING: the toctree names '_tags/nope', a tag page this build does not make — "
        "name a tag that a page carries, or '_tags/tagsindex' [longform.tags-toctree]"
    ]
    soup = kit.soup(result.outdir / "index.html")
    toc = {kit.text(a): a["href"] for a in soup.select(".toctree-wrapper a")}
    assert toc == {"A": "a.html", "Tags overview": "_tags/tagsindex.html", "The third": "_tags/tag-3.html"}
    (see,) = [p for p in soup.select("p") if kit.text(p).startswith("See ")]
    refs = {kit.text(a): a["href"] for a in see.select("a.reference")}
    assert refs == {"Tags overview": "_tags/tagsindex.html", "Tag: tag 3": "_tags/tag-3.html"}


def test_sphinx_still_tells_what_conf_py_sets_and_resolves_generated_labels(tmp_path):
    """The two reliances on Sphinx's internals (longform.core.compat): which names conf.py sets, and labels of
    pages that no source holds."""
    from longform.core import compat

    src = _site(tmp_path, 'tags_page_title = "My tags"\n', {"a": "# A\n\n```{tags} x\n```\n"})
    app = SphinxTestApp("html", srcdir=src, confoverrides={"tags_index_head": "Tags"}, status=StringIO())
    try:
        # set to its default value in conf.py still counts as set; -D counts; an unset one does not
        assert compat.config_sets(app.config, "tags_page_title")
        assert compat.config_sets(app.config, "tags_index_head")
        assert not compat.config_sets(app.config, "tags_intro_text")
        app.build()
        std = app.env.get_domain("std")
        assert std.labels["sphx_tag_x"] == ("_tags/x", "", "My tags: x")
        assert std.anonlabels["sphx_tag_x"] == ("_tags/x", "")
    finally:
        app.cleanup()


def test_a_plain_page_with_a_thousand_tags_is_one_warning_and_twelve_pages(tmp_path):
    """As for an essay: the first 12 are kept, so 1,000 names cannot make 1,000 pages."""
    names = ", ".join(f"t{i}" for i in range(1000))
    src = _site(tmp_path, 'tags_page_title = "Tag"\n', {"a": f"# A\n\n```{{tags}} {names}\n```\n"})
    result = build(src, freshenv=True)
    assert [line for line in result.warnings.splitlines() if "WARNING" in line] == [
        f"{src / 'a.md'}:3: WARNING: 1000 tags — give at most 12; the first 12 are kept [longform.too-many-tags]"
    ]
    assert {p.stem for p in (result.outdir / "_tags").glob("*.html")} == {f"t{i}" for i in range(12)} | {"tagsindex"}
    assert [kit.text(a) for a in kit.soup(result.outdir / "a.html").select("p.longform-page-tags a")] == [
        f"t{i}" for i in range(12)
    ]
