"""Longform: Sphinx extensions for a knowledge base of long-form essays.

The package's folders are its layers, and imports run one way (an import-linter contract in the
project's ``pyproject.toml``, checked by ``nox -s lint``):

``core``
    what Longform knows: settings, warnings, the domain and the build's index, the contract of
    front matter and vocabularies, the catalogue, reading time, the safety rules, publishing, the
    views machinery and the order of events;
``ui``
    how it is shown, for any builder: links, dates, badges, listing items, generated pages, feeds,
    translatable strings;
``features`` and ``site``
    what readers get — tags, authors, series, reading paths, listings, related essays, backlinks,
    the essay header, figures, the reference (``features``); the sidebar, assets, accessibility
    repairs, encodings, social cards (``site``).  They import ``core`` and ``ui``; nothing imports
    them but this module, which wires ``setup()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .core import ENV_VERSION, VERSION

__version__ = VERSION

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from .core import compat

    compat.require_supported_sphinx(__version__)  # Sphinx 8.1 to 9.x; any other is one clear error
    from .core import addresses, catalogue, config, domain, events, publishing, safety, toctrees, views
    from .features import (
        authors,
        backlinks,
        cite,
        figures,
        header,
        listings,
        paths,
        previews,
        reference,
        related,
        sections,
        series,
        sidenotes,
        tags,
        typed_links,
    )
    from .site import a11y, assets, contract, csp, encoding, maths, mobile_header, search, social
    from .ui import feeds, text

    config.setup(app)
    domain.add_to(app)
    text.setup(app)
    toctrees.setup(app)  # toctree cycles, depth and size: the navigation's walk always ends
    safety.setup(app)  # allow-lists for markup, front matter, URLs and files (before everything else reads)
    app.setup_extension("sphinx_design")
    app.setup_extension("longform.site.navigation")
    registry = views.setup(app)
    assets.setup(app)
    mobile_header.setup(app)  # furo: a search entry in the mobile header
    events.connect(app, "config-inited", catalogue.quiet_myst_topmatter)
    events.connect(app, "doctree-read", catalogue.ensure_title)
    events.connect(app, "doctree-read", catalogue.record_essay)
    encoding.setup(app)  # a source that is not UTF-8: a located warning, not a crash
    a11y.setup(app)  # aria-level on toctree captions, focusable code blocks (axe-core)
    events.connect(app, "env-updated", catalogue.hint_not_included)
    events.connect(app, "env-check-consistency", catalogue.check_folders)
    events.connect(app, "builder-inited", feeds.warn_without_baseurl)
    events.connect(app, "builder-inited", feeds.remember_highlighting)
    figures.setup(app)  # alt text required; figures link to their full-size image
    # Source pages at addresses Longform generates (tags/, authors/, series/, 404): left out, with a warning.
    events.connect(app, "env-get-outdated", addresses.leave_out_claimed)
    app.add_post_transform(addresses.GeneratedLinks)  # links to generated pages (archive, tags/index) resolve
    events.connect(app, "missing-reference", addresses.resolve_generated)
    # Drafts and scheduled essays: read and checked, withheld from what a published build writes.
    publishing.setup(app)
    # The order of the essay header's and footer's parts is one table each: views.HEADER, META, FOOTER.
    for feature in (header, authors, series, tags, paths, listings, related, backlinks, cite, previews, typed_links):
        feature.setup(app, registry)
    sections.setup(app, registry)  # section times in the outline, time left, changed since you last read
    sidenotes.setup(app, registry)  # footnotes beside their reference (a script; print and feeds unchanged)
    social.setup(app)
    search.setup(app)  # Pagefind's chunked index when installed (longform_search)
    reference.setup(app)
    contract.setup(app)  # wall 2: every page, feed and copied file checked after writing (longform.unsafe-output)
    maths.setup(app)  # maths rendered to MathML while the page is written: no MathJax, no CDN
    csp.setup(app)  # a Content-Security-Policy on every HTML page (longform_csp)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
