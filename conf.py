"""Sphinx configuration for Longform: site settings only.

Build with ``sphinx-build -c . docs build/html`` (or ``nox -s build``).
Every ``longform_*`` value is documented in ``extensions/longform/core/config.py`` (and on the reference page).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "extensions"))

# sphinxext-opengraph prints "matplotlib is not installed" when it is imported without matplotlib; social
# cards are off here (ogp_social_cards below), so that line is noise on every build.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

project = "Longform"
author = "The Longform authors"
copyright = "2026, the Longform authors"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "longform",
    # Sharing and search engines (settings in the "Sharing" section below).
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_reredirects",
    # A copy button on every code block (scripts from _static only; assets.USED_BY keeps them off pages without code).
    "sphinx_copybutton",
]

root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]
templates_path: list[str] = []

# -- MyST: front matter on, and safe defaults for pages written by strangers ---------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3
# Raw HTML in Markdown is shown as text, never passed through (front matter cannot turn it back on).
myst_disable_syntax = ["html_block", "html_inline"]
# Everything else a page may do is an allow-list enforced by the extension (extensions/longform/safety.py;
# the writing guide's "Security policy" lists it): no `raw`, no file inclusion, no `javascript:` URLs, no
# files from outside docs/. This site takes pull requests for every page, so the allow-list polices all of
# docs/ ("." is the whole source folder; left out, only the essay, archive and note folders are policed).
longform_policed = ["."]
# To trust more markup, widen it here, e.g.
#   longform_allow = {"directives": ["csv-table"], "roles": [], "front_matter": [], "url_schemes": []}

# Maths is rendered to MathML while pages are written (Longform's html_math_renderer, no MathJax and no CDN);
# every page carries a Content-Security-Policy (longform_csp): only the site's own scripts run.

# -- HTML -----------------------------------------------------------------------------
html_theme = "furo"
html_title = "Longform"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# The search page uses Pagefind's chunked index (a query downloads ~150 KB, not the whole index); the
# site requires it (pagefind[bin] is in pyproject.toml's site group): missing, the strict build fails.
longform_search = "pagefind"
# The site's icon: Longform sets html_favicon to its SVG (extensions/longform/static/longform-favicon.svg)
# unless it is set here; without one, every page view asks for a /favicon.ico that is not there.

# -- Sharing: canonical URLs, social cards, sitemap, 404 page, redirects ---------------
# The published address, used for <link rel="canonical">, feeds, social cards and the sitemap.
# Read the Docs sets READTHEDOCS_CANONICAL_URL; elsewhere set LONGFORM_BASE_URL (for GitHub Pages:
# https://<owner>.github.io/<repo>/). The default is a placeholder until the site has its own domain.
html_baseurl = (
    os.environ.get("READTHEDOCS_CANONICAL_URL")
    or os.environ.get("LONGFORM_BASE_URL")
    or "https://longform.example.org/"
).rstrip("/") + "/"
# sphinxext-opengraph: title, description, type and dates of each essay come from its front matter.
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_social_cards = {"enable": False}  # no generated card images (no matplotlib; front matter's image: instead)
# sphinx-sitemap: the site lives at html_baseurl itself, not under a language or version folder.
# Drafts and the 404 page are always left out; lastmod is the essay's updated (or date), so builds stay
# reproducible (git-based lastmod, sitemap_show_lastmod, is off).
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]
# sphinx-notfound-page: 404.html links from the site root, wherever the missing URL was.
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1><p>Nothing lives at this address. If you followed a link to an essay, it may "
        f'have moved: start from the <a href="{notfound_urls_prefix}">front page</a>, look through the '
        f'<a href="{notfound_urls_prefix}archive.html">archive</a> or '
        f'<a href="{notfound_urls_prefix}search.html">search</a>.</p>'
    ),
}
# sphinx-reredirects: moving an essay keeps its old URL working. To move or rename docs/essays/old.md:
#   1. git mv docs/essays/old.md docs/essays/new.md, and update the topic toctree that lists it;
#   2. add  "essays/old": "/essays/new.html"  below (source: the old docname; target: the new URL from the site root).
# The build warns (with this file's line) when a source is still a page or a target is not a page.
redirects: dict[str, str] = {}


# -- Every builder --------------------------------------------------------------------------------------------------
def _page_name_for_opengraph(app, pagename, templatename, context, doctree):
    """sphinxext-opengraph reads ``context["pagename"]``, which Sphinx's json and pickle builders do not set (they
    write ``current_page_name``): set it before opengraph runs, so `sphinx-build -b json` builds the site too."""
    context.setdefault("pagename", pagename)


def setup(app):
    app.connect("html-page-context", _page_name_for_opengraph, priority=100)
