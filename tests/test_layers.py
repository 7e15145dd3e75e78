"""The shape of the extension: Longform's state is in its domain, and the scoped sidebar stands alone."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def _longform_attributes(obj) -> list[str]:
    return sorted(name for name in vars(obj) if "longform" in name.lower())


def test_nothing_of_longforms_is_an_attribute_of_the_app_the_environment_or_the_builder(build, copy_root):
    """Everything Longform keeps is in env.domaindata['longform'] (pickled with the environment) or in
    the domain's per-build index; a rebuild from the pickled environment keeps working."""
    src = copy_root("listings")
    app = build(src, freshenv=True)
    assert _longform_attributes(app) == []
    assert _longform_attributes(app.env) == []
    assert _longform_attributes(app.builder) == []
    records = app.env.domaindata["longform"]
    assert records["essays"], "the catalogue is in the domain"
    assert records["placeholders"] and records["faces"]
    again = build(src)  # from the pickled environment
    assert _longform_attributes(again) == [] and _longform_attributes(again.env) == []
    assert again.env.domaindata["longform"]["essays"].keys() == records["essays"].keys()


def test_the_scoped_sidebar_works_without_the_rest_of_longform(make_app, tmp_path):
    src = tmp_path / "alone"
    (src / "topics").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "longform.navigation"]\nhtml_theme = "furo"\nlongform_navigation = "scoped"\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\ntopics/a\ntopics/b\n```\n", encoding="utf-8")
    (src / "topics" / "a.md").write_text("# Topic A\n\n```{toctree}\na1\n```\n", encoding="utf-8")
    (src / "topics" / "a1.md").write_text("# Essay A1\n\ntext\n", encoding="utf-8")
    (src / "topics" / "b.md").write_text("# Topic B\n\n```{toctree}\nb1\n```\n", encoding="utf-8")
    (src / "topics" / "b1.md").write_text("# Essay B1\n\ntext\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "longform" not in app.extensions
    sidebar = BeautifulSoup((Path(app.outdir) / "topics" / "a1.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(strip=True) for a in sidebar.select(".sidebar-tree a")}
    assert {"Topic A", "Essay A1", "Topic B"} <= links and "Essay B1" not in links, links


def test_the_catalogues_generated_folders_are_the_addresses_ones():
    """core.catalogue repeats the generated folders' names (the modules that own them import it)."""
    from longform.core import addresses, catalogue

    assert set(addresses.FOLDERS) == set(catalogue.GENERATED_FOLDERS)
