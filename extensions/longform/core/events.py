"""The order in which Longform's handlers run, in one table.

Sphinx runs the handlers of one event by priority (lower first; Sphinx's own collectors use 500).
Every Longform handler whose place matters is connected through :func:`connect`, which takes its
priority from :data:`PRIORITY`; reading this table is reading the order of a build.
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
    ("html-page-context", "social"): 450,
    ("html-page-context", "assets"): 900,
    # the Content-Security-Policy: after assets settled the page's scripts, whose inline ones it hashes.
    ("html-page-context", "csp"): 950,
    # html-collect-pages: note the feeds this build writes before the views machinery (500) empties its queue.
    ("html-collect-pages", "record_feeds"): 400,
    # build-finished: check the output against the contract before anything reads it (Pagefind's join and the
    # search page's switch: 500); refill the sitemap before sphinx-sitemap writes it (its own handler: 500);
    # check the sitemap once written.
    ("build-finished", "check_output"): 300,
    ("build-finished", "refill_sitemap"): 400,
    ("build-finished", "check_sitemap"): 900,
}


def connect(app: Sphinx, event: str, handler: Callable[..., Any], name: str | None = None) -> int:
    """``app.connect(event, handler)`` at the priority :data:`PRIORITY` gives ``(event, name)``
    (``name`` defaults to the handler's name without leading underscores)."""
    key = (event, name or handler.__name__.lstrip("_"))
    return app.connect(event, handler, priority=PRIORITY[key])
