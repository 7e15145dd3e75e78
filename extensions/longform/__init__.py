"""Longform: Sphinx extensions for a knowledge base of long-form essays.

This package only wires ``setup()``; each feature lives in its own module and
talks to the others through the catalogue (:mod:`longform.catalogue`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
#: Bump when the shape of what Longform stores on the environment changes.
ENV_VERSION = 4

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from .core import catalogue, config, publishing, safety, views
    from .features import authors, backlinks, figures, header, listings, paths, reference, related, series, tags
    from .site import a11y, assets, encoding, search, social
    from .ui import feeds

    config.setup(app)
    safety.setup(app)  # allow-lists for markup, front matter, URLs and files (before everything else reads)
    app.setup_extension("sphinx_design")
    app.setup_extension("longform.site.navigation")
    views.setup(app)
    assets.setup(app)
    app.connect("source-read", catalogue.record_source_lines)
    app.connect("config-inited", catalogue.quiet_myst_topmatter)
    # Before Sphinx's own title and toctree collectors (priority 500).
    app.connect("doctree-read", catalogue.ensure_title, priority=400)
    encoding.setup(app)  # a source that is not UTF-8: a located warning, not a crash
    a11y.setup(app)  # aria-level on toctree captions, focusable code blocks (axe-core)
    app.add_env_collector(catalogue.EssayCollector)
    app.connect("env-updated", catalogue.hint_not_included)
    app.connect("env-check-consistency", catalogue.check_folders)
    app.connect("builder-inited", feeds.warn_without_baseurl)
    figures.setup(app)  # alt text required; figures link to their full-size image
    # Drafts and scheduled essays: left out of published builds before anything is read.
    publishing.setup(app)
    # The order of the essay header's and footer's parts is one table: views.HEADER, META, FOOTER.
    header.setup(app)
    authors.setup(app)
    series.setup(app)
    tags.setup(app)
    paths.setup(app)
    listings.setup(app)
    related.setup(app)
    backlinks.setup(app)  # after related essays: the page's last section
    social.setup(app)
    search.setup(app)  # Pagefind's chunked index when installed (longform_search)
    reference.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
