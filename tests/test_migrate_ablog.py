"""``python -m longform migrate ablog``: an ABlog site moved in one command, then built strictly with Longform.

The root ``tests/roots/test-ablog-src`` is a small ABlog site (reST ``.. post::``, a field-list post, a MyST
front-matter post, ``postlist``, ``update``, ``redirect:``, a category, a location, ``blog_path = "journal"``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from proofkit import build

from longform import cli
from longform.cli import migrate

ROOT = Path(__file__).parent / "roots" / "test-ablog-src"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("ablog") / "site"
    shutil.copytree(ROOT, site)
    assert cli.main(["migrate", "ablog", str(site)]) == 0
    return site


@pytest.fixture(scope="module")
def built(moved: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build(moved, builddir=tmp_path_factory.mktemp("ablog-build"), freshenv=True)


def test_dates_in_ablog_formats_become_iso() -> None:
    assert migrate.parse_date("Mar 3, 2026", "%b %d, %Y").date().isoformat() == "2026-03-03"  # type: ignore[union-attr]
    assert migrate.parse_date("2026-03-03 10:00").date().isoformat() == "2026-03-03"  # type: ignore[union-attr]
    assert migrate.parse_date("15 Apr, 2013").date().isoformat() == "2013-04-15"  # type: ignore[union-attr]
    assert migrate.parse_date("not a date at all") is None


def test_rst_post_directive_becomes_fields(moved: Path) -> None:
    text = (moved / "posts" / "low-tide.rst").read_text(encoding="utf-8")
    assert ".. post::" not in text
    head = text.split("\n\n", 1)[0].splitlines()
    assert ":date: 2026-03-03" in head
    assert ":tags: walking, tides, Field notes" in head
    assert ":authors: wren-okafor, ilse-marrow" in head
    assert ":updated: 2026-03-10" in head
    assert any(line.startswith(":description: At low water the bay gives back") for line in head)
    assert ".. ablog location: Harbour" in text  # kept as a comment, never dropped
    assert ".. admonition:: Updated on 2026-03-10" in text


def test_front_matter_post_and_comma_tags(moved: Path) -> None:
    text = (moved / "posts" / "salt-marsh.md").read_text(encoding="utf-8")
    front = text.split("---")[1]
    assert "date: 2026-03-12" in front
    assert "tags: [marsh, birds, Field notes]" in front
    assert "authors: [ilse-marrow]" in front
    assert "blogpost" not in front
    assert "# ablog language: en" in front


def test_field_list_post_and_default_author(moved: Path) -> None:
    text = (moved / "posts" / "estuary-maps.rst").read_text(encoding="utf-8")
    # in no toctree: an orphan, as ABlog's post_auto_orphan made it (listings and the archive reach it)
    assert text.startswith(":date: 2026-04-04\n:tags: maps\n:orphan: true\n:authors: wren-okafor\n")
    assert ":image: chart.svg" in text.split("\n\n", 1)[0].splitlines()  # ABlog's 'image: 1': the post's first image
    low_tide = (moved / "posts" / "low-tide.rst").read_text(encoding="utf-8")
    assert ":orphan:" not in low_tide  # the index's toctree lists it


def test_postlist_becomes_essay_list_but_not_in_literal_text(moved: Path) -> None:
    text = (moved / "index.rst").read_text(encoding="utf-8")
    assert ".. essay-list::\n   :limit: 3" in text
    assert "   .. postlist:: 2" in text  # an example inside a literal block stays text
    assert "`the feed <atom.xml>`__" in text


def test_myst_postlist_and_update(moved: Path) -> None:
    reading = (moved / "reading.md").read_text(encoding="utf-8")
    assert "```{essay-list}\n:limit: 2\n:tag: marsh\n```" in reading
    assert "```{postlist} 5\n```" in reading  # inside a code block: an example, left as it is
    marsh = (moved / "posts" / "salt-marsh.md").read_text(encoding="utf-8")
    assert "updated: 2026-03-20" in marsh.split("---")[1]
    assert "```{admonition} Updated on 2026-03-20\nThe curlew came back, and stayed.\n```" in marsh


def test_conf_and_what_cannot_be_converted(moved: Path) -> None:
    conf = (moved / "conf.py").read_text(encoding="utf-8")
    assert '"longform"' in conf and '"ablog"' not in conf and '"sphinx_reredirects"' in conf
    assert "# disqus_shortname = " in conf and "# blog_locations = " in conf
    assert "html_baseurl = 'https://tidewater.example.org/'" in conf
    assert "longform_feed_length = 15" in conf
    assert "longform_feed_fulltext = True" in conf  # ABlog's blog_feed_fulltext = True
    report = (moved / "MIGRATION.md").read_text(encoding="utf-8")
    assert "`posts/low-tide.rst:4`: 'location: Harbour'" in report
    assert "`conf.py:17`: blog_locations" in report
    assert "postlist ':format: {title}'" in report


def test_moved_site_builds_strictly(built) -> None:  # type: ignore[no-untyped-def]
    assert built.warnings.strip() == ""
    essays = built.essays
    assert set(essays) >= {"posts/low-tide", "posts/salt-marsh", "posts/estuary-maps"}
    listing = BeautifulSoup((built.outdir / "reading.html").read_text(encoding="utf-8"), "html.parser")
    listed = [a.get_text(strip=True) for a in listing.select(".longform-item-title a")]
    assert listed == ["Counting birds in the salt marsh"]  # the postlist's tag, as an essay-list
    front = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(front.select(".longform-item-title a")) == 3  # postlist 3 -> essay-list :limit: 3
    low = essays["posts/low-tide"]
    assert low.date.isoformat() == "2026-03-03"
    assert list(low.tags) == ["walking", "tides", "Field notes"] or len(low.tags) == 3


def test_an_ablog_draft_stays_unpublished(moved: Path, built) -> None:  # type: ignore[no-untyped-def]
    text = (moved / "posts" / "unfinished.rst").read_text(encoding="utf-8")
    assert ":draft: true" in text.split("\n\n", 1)[0]
    # a reST essay's ':draft: true' withholds it like Markdown front matter does: in no listing or feed, and its
    # address (ABlog wrote the draft's page, unlisted) is a redirect to the archive, never the essay
    assert "Notes towards a tide table" not in (built.outdir / "atom.xml").read_text(encoding="utf-8")
    assert "Notes towards a tide table" not in (built.outdir / "index.html").read_text(encoding="utf-8")
    old = (built.outdir / "posts" / "unfinished.html").read_text(encoding="utf-8")
    assert "Notes towards a tide table" not in old and "tide table" not in old.lower()
    refresh = BeautifulSoup(old, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and str(refresh["content"]).endswith("url=../archive.html")
    assert "Notes towards a tide table" not in (built.outdir / "archive.html").read_text(encoding="utf-8")
    report = (moved / "MIGRATION.md").read_text(encoding="utf-8")
    assert "a post without a date (an ABlog draft)" in report
    assert "its old address redirects to the archive until it is published" in report
    conf = (moved / "conf.py").read_text(encoding="utf-8")
    drafts = conf.split("# ABlog's drafts, withheld until published", 1)[1]
    assert "redirects.update({'posts/unfinished': '../archive.html'})" in drafts


def test_publishing_a_draft_warns_until_its_redirect_goes(moved: Path, tmp_path: Path) -> None:
    """The draft's redirect holds its address only while it is withheld: published with the line still in conf.py,
    the strict build warns once (the redirect would overwrite the essay); with the line deleted, it is the essay."""
    site = tmp_path / "site"
    shutil.copytree(moved, site)
    post = site / "posts" / "unfinished.rst"
    post.write_text(post.read_text(encoding="utf-8").replace(":draft: true\n", ""), encoding="utf-8")
    result = build(site, builddir=tmp_path / "a", freshenv=True)
    assert result.warnings.count("[longform.redirect]") == 1
    assert "redirect source 'posts/unfinished' is still a page" in result.warnings
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("redirects.update({'posts/unfinished': '../archive.html'})", ""),
        encoding="utf-8",
    )
    result = build(site, builddir=tmp_path / "b", freshenv=True)
    assert result.warnings.strip() == ""
    page = (result.outdir / "posts" / "unfinished.html").read_text(encoding="utf-8")
    assert "Notes towards a tide table" in page and 'http-equiv="refresh"' not in page


def test_a_ref_to_another_projects_label_is_not_a_url(tmp_path: Path) -> None:
    """``:ref:`text <sphinx:build-config>``` names intersphinx's inventory 'sphinx', not a URL scheme: on a policed
    page it is Sphinx's own "undefined label" when the inventory is missing, never ``longform.unsafe-url``."""
    (tmp_path / "essays").mkdir()
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "longform", "sphinx.ext.intersphinx"]\nintersphinx_mapping = {}\n'
        'suppress_warnings = ["longform.no-baseurl", "longform.not-in-topic"]\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text("# Home\n\n```{toctree}\nessays/one\n```\n", encoding="utf-8")
    (tmp_path / "essays" / "one.md").write_text(
        "---\ndate: 2026-01-02\ndescription: One.\ntags: [a]\n---\n\n# One\n\n"
        "See {ref}`the settings <sphinx:build-config>`.\n",
        encoding="utf-8",
    )
    result = build(tmp_path, builddir=tmp_path / "_build", freshenv=True)
    assert "unsafe-url" not in result.warnings
    assert "sphinx:build-config" in result.warnings  # Sphinx's own: the label is not found


def test_every_old_url_answers(built) -> None:  # type: ignore[no-untyped-def]
    out = built.outdir
    old = [
        "journal.html",
        "journal/2026.html",
        "journal/tag/walking.html",
        "journal/category/field-notes.html",
        "journal/author/wren-okafor.html",
        "journal/location/the-harbour.html",
        "journal/old-low-tide.html",
        "2019/low-tide-walk.html",
    ]
    for page in old:
        path = out / page
        assert path.is_file(), page
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None, page
        target, _, fragment = str(refresh["content"]).split("url=", 1)[1].partition("#")
        assert (path.parent / target).resolve().is_file(), f"{page} -> {target}"
        if fragment:  # a year's page lands on that year's heading of the archive
            landing = BeautifulSoup((path.parent / target).resolve().read_text(encoding="utf-8"), "html.parser")
            assert landing.find(id=fragment) is not None, f"{page} -> {target}#{fragment}"
        assert "unsafe-inline" not in str(soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}))


def test_old_feed_addresses_are_atom(built) -> None:  # type: ignore[no-untyped-def]
    site = etree.parse(str(built.outdir / "journal" / "atom.xml"))
    titles = [e.findtext(f"{ATOM}title") for e in site.iter(f"{ATOM}entry")]
    feed = etree.parse(str(built.outdir / "atom.xml"))  # the same entries as the site feed; its own self link
    assert titles == [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert site.find(f"{ATOM}link[@rel='self']").get("href") == "https://tidewater.example.org/journal/atom.xml"
    assert set(titles) == {"Walking the low-tide line", "Counting birds in the salt marsh", "Old maps of the estuary"}
    # blog_feed_fulltext = True moved as longform_feed_fulltext: each entry carries the post's whole text
    for entry in feed.iter(f"{ATOM}entry"):
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html", entry.findtext(f"{ATOM}title")
    marsh = next(
        e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Counting birds in the salt marsh"
    )
    assert "The curlew came back, and stayed." in marsh.find(f"{ATOM}content").text
    tag = etree.parse(str(built.outdir / "journal" / "tag" / "maps" / "atom.xml"))
    assert [e.findtext(f"{ATOM}title") for e in tag.iter(f"{ATOM}entry")] == ["Old maps of the estuary"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert cli.main(["migrate", "ablog", str(site), "--dry-run"]) == 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert "would write conf.py" in capsys.readouterr().out


@pytest.mark.parametrize(
    "aliases",
    [
        {"../atom.xml": "atom.xml"},
        {"old/feed.html": "atom.xml"},
        {"a.xml": "a.xml"},
        ["blog/atom.xml"],
        {"/blog/atom.xml": "atom.xml"},
    ],
)
def test_feed_aliases_setting_is_checked(tmp_path: Path, aliases: object) -> None:
    """A value that would leave the output folder, is not a feed, or is not a mapping: one longform.config warning,
    and the default (no aliases) is used."""
    (tmp_path / "essays").mkdir()
    (tmp_path / "conf.py").write_text(
        f'extensions = ["myst_parser", "longform"]\nlongform_feed_aliases = {aliases!r}\n'
        'suppress_warnings = ["longform.no-baseurl"]\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    result = build(tmp_path, builddir=tmp_path / "_build", freshenv=True)
    assert result.warnings.count("[longform.config]") == 1, result.warnings
    assert "longform_feed_aliases = " in result.warnings


def test_a_moved_site_is_not_moved_twice(moved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (moved / "conf.py").read_text(encoding="utf-8")
    assert cli.main(["migrate", "ablog", str(moved)]) == 2
    assert "it was moved already" in capsys.readouterr().err
    assert (moved / "conf.py").read_text(encoding="utf-8") == before


def test_feed_alias_to_no_feed_is_one_warning(moved: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(moved, site)
    result = build(
        site, builddir=tmp_path / "b", freshenv=True, longform_feed_aliases={"old/atom.xml": "tags/nothing.xml"}
    )
    assert result.warnings.count("[longform.feed-alias]") == 1
    assert "longform_feed_aliases: 'old/atom.xml' names the feed 'tags/nothing.xml'" in result.warnings


START = Path(__file__).parent / "roots" / "test-ablog-start"


def test_posts_beside_other_pages_move_to_a_folder_and_keep_their_address(tmp_path: Path) -> None:
    """``ablog start``'s layout: posts at the source root beside an about page.  The posts move to posts/ (the root
    cannot be an essay folder while it holds other pages), their old address redirects, the references follow."""
    site = tmp_path / "site"
    shutil.copytree(START, site)
    assert cli.main(["migrate", "ablog", str(site)]) == 0
    assert not (site / "first-post.rst").exists()
    post = (site / "posts" / "first-post.rst").read_text(encoding="utf-8")
    assert ".. image:: ../moorings.svg" in post and ":doc:`../about`" in post
    assert ":doc:`the first post </posts/first-post>`" in (site / "index.rst").read_text(encoding="utf-8")
    conf = (site / "conf.py").read_text(encoding="utf-8")
    assert "longform_essay_dirs = ['posts']" in conf and "'first-post': 'posts/first-post.html'" in conf
    result = build(site, builddir=tmp_path / "_build", freshenv=True)
    assert result.warnings.strip() == ""
    assert set(result.essays) == {"posts/first-post"}  # the about page is not an essay
    old = BeautifulSoup((result.outdir / "first-post.html").read_text(encoding="utf-8"), "html.parser")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("url=posts/first-post.html")
    page = BeautifulSoup((result.outdir / "posts" / "first-post.html").read_text(encoding="utf-8"), "html.parser")
    image = page.find("img", alt="A plan of the quay's six moorings")
    assert image is not None and (result.outdir / "posts" / image["src"]).resolve().is_file()


def test_a_posts_own_description_and_page_options_are_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "conf.py").write_text('extensions = ["myst_parser", "ablog"]\n', encoding="utf-8")
    (site / "index.md").write_text("# Home\n", encoding="utf-8")
    (site / "posts" / "kept.md").write_text(
        "---\nblogpost: true\ndate: Jan 5, 2026\ntags: a\ndescription: Written for the social card.\n"
        "orphan: true\nnosearch: true\nog:image: card.png\n---\n\n# Kept\n\nThe first paragraph.\n",
        encoding="utf-8",
    )
    assert cli.main(["migrate", "ablog", str(site)]) == 0
    front = (site / "posts" / "kept.md").read_text(encoding="utf-8").split("---")[1]
    assert "description: Written for the social card." in front
    assert front.count("orphan:") == 1 and "nosearch: true" in front
    assert "# ablog og:image: card.png" in front  # no Longform equivalent: kept as a comment, and listed
    assert "'og:image: card.png' is not an ABlog post option" in (site / "MIGRATION.md").read_text(encoding="utf-8")


def test_what_uses_ablogs_templates_is_listed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_templates").mkdir(parents=True)
    (site / "conf.py").write_text(
        'extensions = ["ablog"]\ntemplates_path = ["_templates"]\n'
        'html_sidebars = {"**": ["ablog/" + name for name in ("postcard.html", "tagcloud.html")]}\n',
        encoding="utf-8",
    )
    (site / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    (site / "_templates" / "page.html").write_text(
        '{% extends "!page.html" %}\n{% block body %}\n{% include "ablog/postcard.html" %}\n{% endblock %}\n',
        encoding="utf-8",
    )
    assert cli.main(["migrate", "ablog", str(site)]) == 0
    report = (site / "MIGRATION.md").read_text(encoding="utf-8")
    assert "`conf.py:3`: html_sidebars is computed and names ABlog's templates" in report
    assert "`_templates/page.html:3`: a template of the site's that uses ABlog's templates" in report


@pytest.mark.parametrize("builder", ["singlehtml", "json"])
def test_moved_site_builds_strictly_with_other_builders(moved: Path, tmp_path: Path, builder: str) -> None:
    """The redirects name pages Longform generates; a builder that writes none (singlehtml) does not call them
    missing, and one that writes feeds (json) writes them at the old addresses too."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    warnings = StringIO()
    app = SphinxTestApp(builder, srcdir=moved, builddir=tmp_path, freshenv=True, status=StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue().strip() == ""
    assert (Path(app.outdir) / "journal" / "atom.xml").is_file() == (builder == "json")


def test_a_site_published_with_dirhtml_keeps_its_addresses(tmp_path: Path) -> None:
    """``ablog build`` publishes with dirhtml (``journal/tag/walking/``): with ``--builder dirhtml`` every old folder
    address redirects to the folder of the page that replaced it, and Longform's redirect check reads them so."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    assert cli.main(["migrate", "ablog", str(site), "--builder", "dirhtml"]) == 0
    conf = (site / "conf.py").read_text(encoding="utf-8")
    assert "'journal/tag/walking': '../../../tags/walking/'" in conf
    broken = tmp_path / "broken"
    shutil.copytree(site, broken)
    with (broken / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write("redirects['journal/tag/gone'] = '../../../tags/no-such-tag/'\n")
    for source, expect_clean in ((site, True), (broken, False)):
        warnings = StringIO()
        app = SphinxTestApp("dirhtml", srcdir=source, builddir=tmp_path / f"_build-{source.name}", freshenv=True,
                            status=StringIO(), warning=warnings)  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()
        if not expect_clean:
            assert warnings.getvalue().count("[longform.redirect]") == 1
            assert "redirect 'journal/tag/gone' goes to '../../../tags/no-such-tag/'" in warnings.getvalue()
            continue
        assert warnings.getvalue().strip() == ""
        out = Path(app.outdir)
        for old in (
            "journal",
            "journal/2026",
            "journal/tag/walking",
            "journal/author/wren-okafor",
            "2019/low-tide-walk",
        ):
            page = out / old / "index.html"
            refresh = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
                "meta", attrs={"http-equiv": "refresh"}
            )
            target = str(refresh["content"]).split("url=", 1)[1].split("#", 1)[0]
            assert target.endswith("/") and (page.parent / target / "index.html").resolve().is_file(), (
                f"{old} -> {target}"
            )
