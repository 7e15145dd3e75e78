"""The shims of ``longform.core.compat``: each test fails when the upstream behaviour a shim relies on changes.

The shims themselves are exercised by the feature tests; these check the assumptions underneath them
(what Sphinx, MyST, sphinx-sitemap and Pygments do), so an upgrade that breaks one is a failing test
here, with the name of the shim, rather than a quiet change of the site.
"""

from __future__ import annotations

import queue
from pathlib import Path

import pytest
from docutils import nodes

from longform.core import compat


@pytest.mark.parametrize("distribution", sorted(compat.TESTED))
def test_installed_versions_are_ones_the_shims_were_checked_against(distribution):
    found = compat.version_of(distribution)
    if found is None:
        assert distribution in {"sphinx-sitemap", "furo", "myst-nb"}, f"{distribution} is a dependency and is missing"
        return
    assert compat.is_tested(distribution), (
        f"{distribution} {found} is outside {compat.TESTED[distribution]}: check the shims of longform.core.compat "
        "against it (this file's tests), then widen TESTED"
    )


def test_is_tested_reads_versions_as_numbers():
    assert compat.version_of("no-such-distribution-longform") is None
    assert not compat.is_tested("sphinx") or compat.version_of("sphinx")[:2] >= (7, 3)


def test_the_forgiving_codec_replaces_a_bad_byte_and_drops_a_bom():
    name = compat.register_forgiving_codec()
    assert compat.register_forgiving_codec() == name  # once, process-wide
    assert b"\xef\xbb\xbfcaf\xe9 ok".decode(name) == "caf\ufffd ok"
    assert "naïve".encode(name).decode("utf-8-sig") == "naïve"


def test_sphinx_reads_sources_with_the_encoding_in_env_settings(make_app, tmp_path):
    """encoding.py sets ``env.settings["input_encoding"]``: Sphinx must still read sources with it."""
    src = tmp_path / "enc"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["longform"]\nsuppress_warnings = ["longform.no-baseurl", "longform.no-essays"]\n'
    )
    (src / "index.rst").write_bytes(b"Title\n=====\n\ncaf\xe9\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.env.settings["input_encoding"] == compat.FORGIVING_CODEC
    assert "caf\ufffd" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


PROBE_CONF = """
from pathlib import Path

from docutils.parsers.rst import Directive

from longform.core import compat

extensions = ["myst_parser"]


class Probe(Directive):
    has_content = True

    def run(self):
        with open(Path(__file__).parent / "lines.txt", "a", encoding="utf-8") as out:
            out.write(f"{Path(self.state.document.current_source).name}:{compat.content_line(self)}\\n")
        return []


def setup(app):
    app.add_directive("probe", Probe)
"""


def test_myst_still_runs_directives_with_its_mock_state(make_app, tmp_path):
    """content_line tells MyST's mock state apart: in both parsers it must give the first content line."""
    src = tmp_path / "myst"
    src.mkdir()
    (src / "conf.py").write_text(PROBE_CONF, encoding="utf-8")
    (src / "index.md").write_text("# Title\n\ntext\n\n```{probe}\nfirst content line\n```\n", encoding="utf-8")
    (src / "other.rst").write_text(
        ":orphan:\n\nOther\n=====\n\n.. probe::\n\n   first content line\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    lines = sorted((src / "lines.txt").read_text(encoding="utf-8").split())
    assert lines == ["index.md:6", "other.rst:8"], lines


def test_the_html_builders_compute_relative_urls_the_standard_way(make_app):
    """render memoises relative URLs by folder only for builders that use Builder.get_relative_uri."""
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    assert compat.relative_uri_is_standard(object.__new__(StandaloneHTMLBuilder))
    assert compat.relative_uri_is_standard(object.__new__(DirectoryHTMLBuilder))
    assert not compat.relative_uri_is_standard(object.__new__(SingleFileHTMLBuilder))


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_memoised_relative_urls_equal_the_builders_own(make_app, copy_root, buildername):
    from longform.ui import render

    app = make_app(buildername, srcdir=copy_root("tags"), freshenv=True)
    app.build()
    builder = app.builder
    docs = sorted(app.env.all_docs)
    targets = [*docs, "tags/go", "tags/index"]
    for fromdoc in docs:
        for target in targets:
            assert render.uri(app, fromdoc, target) == builder.get_relative_uri(fromdoc, target), (fromdoc, target)


def test_sphinx_sitemap_still_queues_its_links_on_the_application(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("social"), freshenv=True)
    links = compat.sitemap_queue(app)
    assert links is not None, "sphinx-sitemap no longer keeps app.sitemap_links: see social.refill_sitemap"
    while True:  # what refill_sitemap does: empty it, then fill it in order
        try:
            links.get_nowait()
        except queue.Empty:
            break
    links.put(("a.html", None))
    assert links.get_nowait() == ("a.html", None)


def test_upstream_still_writes_the_markup_the_accessibility_repairs_replace(make_app, copy_root):
    """Each of compat.HTML_REPAIRS replaces markup written exactly so by Sphinx (captions), Pygments (code)
    and furo (tables): if upstream changes it, the repair would silently do nothing."""
    app = make_app("html", srcdir=copy_root("basic"), freshenv=True, confoverrides={"html_theme": "furo"})
    app.build()
    from sphinx import addnodes

    caption = addnodes.compact_paragraph("", toctree=True)
    caption += nodes.title("", "Topics")
    code = nodes.literal_block("x = 1\n", "x = 1\n", language="python")
    # furo wraps tables in a post-transform: render a table the way a furo page does.
    doctree = app.env.get_doctree("index")
    doctree += nodes.table(
        "",
        nodes.tgroup(
            "",
            nodes.colspec(colwidth=1),
            nodes.tbody("", nodes.row("", nodes.entry("", nodes.paragraph("", "cell")))),
            cols=1,
        ),
    )
    app.env.apply_post_transforms(doctree, "index")
    (wrapper,) = (node for node in doctree.findall(nodes.container) if "table-wrapper" in node["classes"])
    written = {
        "caption": app.builder.render_partial(caption)["fragment"],
        "code": app.builder.render_partial(code)["fragment"],
        "table": app.builder.render_partial(wrapper)["fragment"],
    }
    for (before, after), where in zip(compat.HTML_REPAIRS, ("caption", "code", "table"), strict=True):
        assert before in written[where], (where, written[where])
        assert after in compat.repair_html(written[where])


def test_the_html_builder_still_digests_its_configuration(make_app, copy_root):
    """views' salt reads builder.build_info.config_hash: it must exist and change with an "html" setting."""
    src = copy_root("basic")
    first = make_app("html", srcdir=src, freshenv=True)
    digest = compat.html_config_hash(first.builder)
    assert digest and isinstance(digest, str)
    other = make_app("html", srcdir=src, freshenv=True, confoverrides={"html_title": "Another title"})
    assert compat.html_config_hash(other.builder) not in ("", digest)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Essays of 2026 <essays/2026>", ("Essays of 2026", "essays/2026")),
        ("essays/first", (None, "essays/first")),
        ("self", (None, "self")),
        ("A <b> title <essays/x>", ("A <b> title", "essays/x")),  # the target is after the last "<"
    ],
)
def test_toctree_entries_split_as_sphinx_splits_them(entry, expected):
    assert compat.toctree_entry(entry) == expected


def test_sphinx_still_registers_the_toctree_class_longform_overrides(make_app, tmp_path):
    """core.publishing subclasses compat.SphinxTocTree: it must be the directive Sphinx itself registers."""
    from docutils.parsers.rst import directives

    src = tmp_path / "plain"
    src.mkdir()
    (src / "conf.py").write_text("")
    (src / "index.rst").write_text("Title\n=====\n")
    make_app("html", srcdir=src, freshenv=True)
    assert directives._directives["toctree"] is compat.SphinxTocTree  # the registry Sphinx fills


def test_sphinx_still_caches_asset_checksums_and_forgetting_reads_the_file_again(tmp_path):
    """The ``?v=`` Sphinx puts on an asset is computed once per process: rewritten with new content, the file
    keeps its first checksum until :func:`compat.forget_asset_checksums` (a warm server's second build, a
    test's incremental build)."""
    from sphinx.builders.html import _assets

    (tmp_path / "_static").mkdir()
    asset = tmp_path / "_static" / "facts.js"
    asset.write_text("window.A = 1;\n", encoding="utf-8")
    first = _assets._file_checksum(tmp_path, "_static/facts.js")
    asset.write_text("window.A = 2;\n", encoding="utf-8")
    if hasattr(_assets, "_file_checksum_inner"):  # Sphinx 8.2+: cached, the reason for the shim (8.1 reads each time)
        assert _assets._file_checksum(tmp_path, "_static/facts.js") == first
    compat.forget_asset_checksums()
    assert _assets._file_checksum(tmp_path, "_static/facts.js") not in ("", first)
