"""The order in which Longform's handlers run, in one table.

Sphinx runs the handlers of one event by priority (lower first; Sphinx's own collectors and every handler
connected without one use 500), and handlers of equal priority in the order they were connected (the order
of ``setup()`` in ``longform/__init__.py``).  Longform's handlers are connected through :func:`connect`, which
takes each one's priority from :data:`PRIORITY`: the entries before the 500s are placed where they are for a
reason, given beside them; the 500s (Sphinx's default: what ``app.connect`` without a priority would give)
need no particular place and keep the order in which ``setup()`` connects them.  The table is every handler
Longform connects: ``tests/test_events.py`` holds it complete (no handler connected another way, no entry
without its handler).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: (event, handler's qualified name) -> priority.
PRIORITY: dict[tuple[str, str], int] = {
    # config-inited: check the settings before anything reads them.
    ("config-inited", "check"): 100,
    ("config-inited", "header_templates"): 500,
    # builder-inited: after the theme added its static folders.
    ("builder-inited", "dedupe_static_path"): 900,
    # source-read: the safety rules see the source before MyST does.
    ("source-read", "check_source"): 100,
    # env-get-outdated: source pages at generated addresses leave the build before publishing decides the rest.
    ("env-get-outdated", "leave_out_claimed"): 400,
    # env-get-outdated: pages over longform_max_page_bytes leave the build unread (another parser, myst-nb's
    # notebooks, would fail on a blanked page).
    ("env-get-outdated", "leave_out_oversized"): 400,
    # env-before-read-docs / env-updated: a new build's index (first, toctree cycles broken), then what each
    # feature derives.
    ("env-before-read-docs", "forget"): 100,
    ("env-updated", "bound_toctrees"): 50,  # before anything walks the toctrees (core.toctrees)
    # the scoped sidebar's own guard, for site.navigation used alone (after core.toctrees has warned)
    ("env-updated", "break_toctree_cycles"): 60,
    ("env-updated", "forget_derived"): 100,
    ("env-updated", "tags_after_read"): 400,
    # env-updated: unpublished pages a toctree names are not "in no toctree" (before the catalogue's hint, 500).
    ("env-updated", "listed_on_their_day"): 450,
    ("env-updated", "tags_labels"): 450,  # sphinx-tags' labels of tag pages, once the tags are known
    # doctree-read, in this order: refuse what is unsafe; give an untitled essay a title (before Sphinx's
    # title collector, 500); give every image a line (before Sphinx's image collector, 500); note what the
    # page names; the catalogue record (Sphinx's collectors' 500); download links in the toc made plain (after
    # Sphinx's toc collector); the placeholders it left; checks that read the record; the page's face, last.
    ("doctree-read", "check_doctree"): 100,
    ("doctree-read", "ensure_title"): 400,
    ("doctree-read", "locate_images"): 420,
    ("doctree-read", "record_names"): 450,
    ("doctree-read", "record_essay"): 500,
    ("doctree-read", "plain_toc_titles"): 550,  # after Sphinx's toc collector (500)
    ("doctree-read", "check_candidates"): 550,  # after Sphinx's image collector (500): what it will copy
    ("doctree-read", "record_placeholders"): 600,
    ("doctree-read", "check_alt"): 800,
    ("doctree-read", "strip_metadata"): 800,
    ("doctree-read", "check_description"): 900,
    ("doctree-read", "record_curator"): 900,
    ("doctree-read", "record_opening"): 900,  # an essay's first lines for its preview card (before its face)
    ("doctree-read", "record_face"): 950,
    # html-page-context: the sidebar first; repairs and social tags; assets (they see what the page uses); the policy.
    ("html-page-context", "navigation"): 400,
    ("html-page-context", "a11y"): 450,
    # an essay's section times go into the outline before furo (500) reads it (features.sections)
    ("html-page-context", "publish"): 450,
    ("html-page-context", "social"): 450,
    # the printed address after Pagefind's wrapper (500), so search never indexes it.
    ("html-page-context", "print_address"): 600,
    ("html-page-context", "search_entry"): 500,  # furo's mobile header: a template, no order needed
    ("html-page-context", "assets"): 900,
    # the Content-Security-Policy: after assets settled the page's scripts, whose inline ones it hashes.
    ("html-page-context", "csp"): 950,
    # html-collect-pages: note the feeds this build writes before the views machinery (500) empties its queue.
    ("html-collect-pages", "record_feeds"): 400,
    # build-finished: check the output against the contract before anything reads it (Pagefind's join and the
    # search page's switch: 500); refill the sitemap before sphinx-sitemap writes it (its own handler: 500);
    # check the sitemap once written.
    ("build-finished", "furnish_search_page"): 250,  # the search page's box and starting points, then checked
    ("build-finished", "check_output"): 300,
    ("build-finished", "refill_sitemap"): 400,
    ("build-finished", "check_sitemap"): 900,
    # -- Sphinx's default place (500), in the order setup() connects them: none needs a place of its own.
    # config-inited: check and settle settings (core.tagcompat, site.assets, site.csp, site.maths), the code's
    # digest (core.views), myst-nb's parser guarded (core.compat), sphinx-tags' own directive (features.tags).
    ("config-inited", "check_settings"): 500,
    ("config-inited", "config_inited"): 500,
    ("config-inited", "redirect_template"): 500,
    ("config-inited", "choose"): 500,
    ("config-inited", "record_code_digest"): 500,
    ("config-inited", "guard_myst_nb"): 500,
    ("config-inited", "say_sphinx_tags_owns_the_directive"): 500,
    # builder-inited: assets and search set up their builders (site.assets, site.search), Sphinx 8.1's no-search
    # (site.search), the policy's hosts and scripts checked (site.csp), the script for Sphinx's translations.
    ("builder-inited", "builder_inited"): 500,
    ("builder-inited", "index_without_no_search"): 500,
    ("builder-inited", "remember_highlighting"): 500,  # feeds with whole essays: code highlighted once (ui.feeds)
    ("builder-inited", "check_hosts"): 500,
    ("builder-inited", "check_scripts"): 500,
    ("builder-inited", "sphinx_translations"): 500,  # ui.text: Sphinx's translations.js under the policy
    # source-read: a byte that is not UTF-8, located (site.encoding).
    ("source-read", "check"): 500,
    # env-before-read-docs: the forgiving codec (site.encoding); the vocabularies (tags, authors, series).
    ("env-before-read-docs", "before_read"): 500,
    ("env-before-read-docs", "load"): 500,
    ("env-before-read-docs", "load_vocabulary"): 500,
    # env-get-updated: pages whose views changed (core.views); whose scoped sidebar changed (site.navigation).
    ("env-get-updated", "get_updated_docs"): 500,
    ("env-get-updated", "stale_pages"): 500,
    # env-check-consistency: each feature's checks of the whole site, once every page is read.
    ("env-check-consistency", "check"): 500,
    ("env-check-consistency", "check_consistency"): 500,
    ("env-check-consistency", "check_redirects"): 500,
    ("env-check-consistency", "check_images"): 500,
    ("env-check-consistency", "check_typed_links"): 500,  # core.typedlinks: targets, cycles, one successor
    # doctree-resolved: placeholders rendered (core.views); figures linked; the page noted for the contract.
    ("doctree-resolved", "resolve"): 500,
    ("doctree-resolved", "link_figures"): 500,
    ("doctree-resolved", "record_doc"): 500,
    ("doctree-resolved", "mark_page"): 500,  # features.header
    # html-page-context: scripts and links a page carries (features), the search page, the contract's record.
    ("html-page-context", "add_script"): 500,
    ("html-page-context", "announce_feeds"): 500,
    ("html-page-context", "one_way_on"): 500,
    ("html-page-context", "page_context"): 500,
    ("html-page-context", "record_page"): 500,
    ("html-page-context", "unlink_empty_index"): 500,  # features.header
    # html-collect-pages: the generated pages (core.views); Pagefind starts on the second core (site.search).
    ("html-collect-pages", "collect_pages"): 500,
    ("html-collect-pages", "write_facts"): 500,  # what each search result is, before the search page is written
    ("html-collect-pages", "start"): 500,
    # build-finished: Pagefind's run joined and the search page switched (site.search).
    ("build-finished", "build_finished"): 500,
    # build-finished: feed aliases naming no feed, one warning (features.listings).
    ("build-finished", "check_aliases"): 500,
    # env-updated: an index page with nothing to index is not linked (features.header).
    ("env-updated", "no_empty_index"): 500,
    # The core's own handlers at 500, which run in the order longform/__init__.py's setup() connects them
    # (core.safety's setup, then the package's own lines, then core.publishing's setup).  config-inited:
    # symlinks leading out of docs/ excluded and redirects checked (core.safety); "now" checked
    # (core.publishing); MyST's front-matter warning quieted (core.catalogue).
    ("config-inited", "exclude_outside_symlinks"): 500,
    ("config-inited", "check_redirects"): 500,
    ("config-inited", "check_now"): 500,
    ("config-inited", "quiet_myst_topmatter"): 500,
    # builder-inited: docutils' raw and file-insertion switches (core.safety); unpublished pages never "outdated"
    # (core.publishing); a feed without html_baseurl, one warning (ui.feeds).
    ("builder-inited", "docutils_switches"): 500,
    ("builder-inited", "withhold_from_outdated"): 500,
    ("builder-inited", "warn_without_baseurl"): 500,
    # env-get-outdated: pages whose publishing state changed with "now" are read again (core.publishing).
    ("env-get-outdated", "get_outdated"): 500,
    # env-get-outdated: every page written again when Sphinx's search index must be made whole (site.search).
    ("env-get-outdated", "whole_index"): 500,
    # env-get-updated: pages linking one that was published or withheld; assets of withheld pages (core.publishing).
    ("env-get-updated", "stale_links"): 500,
    ("env-get-updated", "note_stale_assets"): 500,
    # env-updated: the hint for an essay in no toctree (core.catalogue), after listed_on_their_day (450).
    ("env-updated", "hint_not_included"): 500,
    # env-check-consistency: essays outside the configured folders (core.catalogue).
    ("env-check-consistency", "check_folders"): 500,
    # missing-reference: a link to a generated page (core.addresses).
    ("missing-reference", "resolve_generated"): 500,
    # write-started: withheld pages checked to be out of what is written (core.publishing).
    ("write-started", "check_withheld"): 500,
    # python -m longform serve (cli.serve, its own application only): the documents read in a build, noted once
    # every handler changed the list; the pages written; after check_withheld wrapped the writer, the pages read
    # are written first and the browser reloads then.
    ("env-before-read-docs", "serve_note_read"): 900,
    ("html-page-context", "serve_note_page"): 950,
    ("write-started", "serve_write_read_first"): 900,
    # build-finished: the files of withheld pages removed from the output (core.publishing).
    ("build-finished", "delete_stale_assets"): 500,
}


def connect(app: Sphinx, event: str, handler: Callable[..., Any], name: str | None = None) -> int:
    """``app.connect(event, handler)`` at the priority :data:`PRIORITY` gives ``(event, name)``
    (``name`` defaults to the handler's name without leading underscores)."""
    key = (event, name or handler.__name__.lstrip("_"))
    return app.connect(event, handler, priority=PRIORITY[key])
