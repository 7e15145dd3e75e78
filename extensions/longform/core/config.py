"""Longform's configuration values: declared once, typed, validated, documented.

:data:`CONFIG` is the one table: ``setup()`` declares every value from it, ``config-inited``
checks each (a bad value is a ``longform.config`` warning and the default is used), and the
published reference (``{longform-reference} settings``) is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sphinx.util import logging

from . import events, log, scope

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    rebuild: Literal["", "env", "html"]  # what a change of the value makes Sphinx do again
    types: type | tuple[type, ...]
    doc: str
    check: Callable[[Any], bool] | None = None  # beyond the type: is the value usable?
    expect: str = ""  # what a usable value looks like, for the warning


def _folders(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip("/") for v in value)


def _allow(value: Any) -> bool:
    known = {"directives", "roles", "front_matter", "url_schemes", "hosts", "downloads"}
    return isinstance(value, dict) and not set(value) - known and all(isinstance(v, list) for v in value.values())


def _feed_path(value: Any) -> bool:
    """A feed's path in the output folder: relative, '/'-separated, ending in '.xml', never leaving the folder."""
    if not isinstance(value, str) or not value.endswith(".xml") or "\\" in value or value.startswith("/"):
        return False
    parts = value.split("/")
    return all(part not in ("", ".", "..") and not part.startswith(".") for part in parts) and parts[0] != "_static"


def _feed_aliases(value: Any) -> bool:
    return isinstance(value, dict) and all(
        _feed_path(alias) and _feed_path(target) and alias != target for alias, target in value.items()
    )


def _pages(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip("/") for v in value)


CONFIG: tuple[Setting, ...] = (
    Setting("longform_essay_dirs", ["essays"], "env", list,
            "folders (in the source dir) whose pages are essays; '.' is the source dir itself (posts beside the "
            "index): every page but index pages, topics/, archive, the generated folders and other catalogue folders",
            _folders, "a list of folder names such as ['essays'] (or ['.'] for the source dir)"),
    Setting("longform_archive_dirs", ["earlier"], "env", list,
            "folders of earlier writing: archived, apart from the latest essays", _folders, "a list of folder names"),
    Setting("longform_note_dirs", ["notes"], "env", list, "folders of short dated notes (tags optional)",
            _folders, "a list of folder names"),
    Setting("longform_words_per_minute", 238, "env", int, "reading rate for prose words",
            lambda v: isinstance(v, int) and 50 <= v <= 2000, "a whole number between 50 and 2000"),
    Setting("longform_code_block_seconds", 20, "env", (int, float), "reading time per code block",
            lambda v: isinstance(v, int | float) and 0 <= v <= 600, "a number of seconds between 0 and 600"),
    Setting("longform_figure_seconds", 12, "env", (int, float), "reading time added per figure or stand-alone image",
            lambda v: isinstance(v, int | float) and 0 <= v <= 600, "a number of seconds between 0 and 600"),
    Setting("longform_show_drafts", False, "env", bool,
            "build drafts and scheduled essays too, with their badge (nox -s serve sets it)"),
    Setting("longform_now", "", "env", str,
            "the build's 'now' (YYYY-MM-DD) for scheduled essays; '' = $LONGFORM_NOW, else today (UTC)"),
    Setting("longform_tags_file", "tags.yaml", "env", str, "the tag vocabulary, relative to the source dir"),
    Setting("longform_series_file", "series.yaml", "env", str, "the series vocabulary, relative to the source dir"),
    Setting("longform_authors_file", "authors.yaml", "env", str,
            "the authors (name, bio, https url), relative to the source dir"),
    Setting("longform_feed_length", 20, "html", int, "entries in each Atom feed",
            lambda v: isinstance(v, int) and 1 <= v <= 1000, "a whole number between 1 and 1000"),
    Setting("longform_feed_aliases", {}, "html", dict,
            "more addresses for feeds the site writes: {'<old path>.xml': '<feed>'}, e.g. {'blog/atom.xml': "
            "'atom.xml', 'blog/tag/go/atom.xml': 'tags/go.xml'} — the same Atom file at each old address, so "
            "subscribers of a site's former feeds keep their entries (feed readers do not follow HTML redirects)",
            _feed_aliases, "a dict of output paths ending in '.xml' (relative, no '..'), such as "
            "{'blog/atom.xml': 'atom.xml'}"),
    Setting("longform_feed_fulltext", False, "html", bool,
            "essays' feed entries carry the whole essay (absolute links), not only the description; needs "
            "html_baseurl"),
    Setting("longform_page_size", 50, "html", int,
            "items on one page of a tag's, an author's or a series' page (later pages: tags/<slug>/page/2.html), "
            "and in a listing without ':limit:' before it links on",
            lambda v: isinstance(v, int) and 5 <= v <= 1000, "a whole number between 5 and 1000"),
    Setting("longform_navigation", "scoped", "html", str,
            "'scoped': a bounded sidebar (topics, the current topic's essays); 'full': the theme's whole tree",
            lambda v: v in ("scoped", "full"), "'scoped' or 'full'"),
    Setting("longform_allow", {}, "env", dict,
            "what a maintainer trusts beyond the security allow-lists: "
            "{'directives': [...], 'roles': [...], 'front_matter': [...], 'url_schemes': [...], "
            "'hosts': [...] (hosts whose https images and media pages may show), 'downloads': [...] (file extensions)}",
            _allow, "a dict of lists under 'directives', 'roles', 'front_matter', 'url_schemes', 'hosts' and "
            "'downloads'"),
    Setting("longform_policed", None, "env", (list, tuple, type(None)),
            "the folders (in the source dir) whose pages the security allow-list polices: the folders strangers "
            "write; '.' is the whole source dir; None = the catalogue's folders (essay, archive and note dirs). "
            "Pages elsewhere are the maintainer's: any directive, role and front-matter key",
            scope.usable, "None, or a list of folder names such as ['essays', 'notes'] (or ['.'] for every page)"),
    Setting("longform_claimed_pages", ["tags/index", "authors/index", "series/index"], "env", list,
            "source pages the site's maintainers write on purpose at an address Longform generates (names or "
            "patterns, e.g. 'authors/ines-varga'); any other page under tags/, authors/ or series/ is left out "
            "with a warning", _pages, "a list of page names such as ['tags/index']"),
    Setting("longform_search", "auto", "html", str,
            "the search page's engine: 'pagefind' (a chunked index: a query downloads only what it needs; "
            "pip install 'sphinx-longform[search]'), 'sphinx' (Sphinx's own, the whole index at once), "
            "'auto': Pagefind when it is installed, else Sphinx's; where Pagefind answers, Sphinx's index is not "
            "built, and a page opened from file:// says to serve the site",
            lambda v: v in ("auto", "pagefind", "sphinx"), "'auto', 'pagefind' or 'sphinx'"),
    Setting("longform_tags_compat", "", "env", str,
            "'sphinx-tags': tag pages at sphinx-tags' URLs (_tags/<slug>.html, _tags/tagsindex.html) and labels "
            "(sphx_tag_<slug>) even without a tags_* setting; '' = so when conf.py sets any tags_* setting",
            lambda v: v in ("", "sphinx-tags"), "'' or 'sphinx-tags'"),
    Setting("longform_max_page_bytes", 1_000_000, "env", int,
            "the largest source page (bytes on disk, a notebook's JSON included) the build reads; a larger one is "
            "left out of the build with one longform.too-large warning, like an excluded file",
            lambda v: isinstance(v, int) and 1_000 <= v <= 100_000_000, "a whole number between 1000 and 100000000"),
    Setting("longform_previews", True, "html", bool,
            "a card (title, byline, date, reading time, description, an essay's opening) when a reader hovers or "
            "focuses a link to an essay, note, tag or reading path, on windows at least 48em wide; its data is one "
            "small JSON file per page under _longform/previews/, fetched from the site itself. False: none"),
    Setting("longform_sidenotes", True, "html", bool,
            "an essay's footnotes also shown beside their reference: in the margin on wide windows, opened by a tap "
            "on narrow ones (a script; the footnotes at the end, in feeds and in print are unchanged). False: none"),
    Setting("longform_section_times", True, "html", bool,
            "each section's reading time in an essay's outline, a quiet 'N min left' while reading, and which "
            "sections changed since the reader's last visit (kept in their browser only). False: none of these"),
    Setting("longform_cite", True, "html", bool,
            "a 'Cite this essay' block (plain text, BibTeX, CSL-JSON, with downloads under _longform/cite/) and "
            "the citation_* meta tags reference managers read, on every essay. False: none"),
    Setting("longform_csp", True, "html", bool,
            "a Content-Security-Policy on every HTML page (a <meta> in <head>): only the site's own scripts run, "
            "never a script or event handler in a page's body; False leaves it out"),
)  # fmt: skip


def set_in_conf(app: Sphinx, name: str) -> bool:
    """Whether the site's ``conf.py`` sets ``name`` itself (a line ``name = ...``)."""
    return log.conf_line(app.confdir, setting=name) is not None


def check(app: Sphinx, config: Config) -> None:
    """``config-inited``: a value of the wrong type or out of range warns once and falls back to the default."""
    for setting in CONFIG:
        value = getattr(config, setting.name, setting.default)
        usable = isinstance(value, setting.types) and (setting.check is None or setting.check(value))
        if isinstance(value, bool) and setting.types in (int, (int, float)):
            usable = False  # True is an int to Python, not a number of minutes to a reader
        if not usable:
            expect = setting.expect or " or ".join(
                t.__name__ for t in (setting.types if isinstance(setting.types, tuple) else (setting.types,))
            )
            logger.warning(
                f"{setting.name} = {value!r} cannot be used — it must be {expect}; using {setting.default!r}",
                type="longform",
                subtype="config",
                location=log.conf_location(app.confdir, setting=setting.name),
            )
            setattr(config, setting.name, setting.default)


def setup(app: Sphinx) -> None:
    """Declare every setting once (``longform`` and ``longform.navigation`` alone both call this)."""
    if CONFIG[0].name in app.config:
        return
    for setting in CONFIG:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=setting.types)
    events.connect(app, "config-inited", check)
