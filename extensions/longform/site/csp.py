"""The third wall: a Content-Security-Policy on every HTML page, so the browser refuses what slipped past.

Walls one and two (the input allow-lists of :mod:`longform.core.safety` and the check of every
written file) keep script out of the pages; if one of them misses a door, the browser still refuses
to run it.  Every page the HTML builders write through a template (source pages, generated tag,
author, series and archive pages, the search page, sphinx-notfound-page's 404 page) carries

``<meta http-equiv="Content-Security-Policy" content="…">``

at the start of the theme's ``{{ metatags }}``, which every supported theme (furo, alabaster,
pydata-sphinx-theme, sphinx-rtd-theme, Sphinx's basic) writes in ``<head>`` before any ``<script>``
(``tests/test_csp.py`` checks this for each of them).  A meta element, not a header: GitHub Pages
cannot set headers.  The policy (:func:`policy`):

* ``script-src 'self'`` and one ``'sha256-…'`` per inline script the site itself writes — never
  ``'unsafe-inline'`` or ``'unsafe-hashes'``, so an event handler attribute (``onerror=…``) or a
  ``<script>`` in a page's body does not run.  The hashes come only from trusted sources, never
  from a page's body: the inline scripts of the templates of the theme chain and of the site's
  ``templates_path`` (:func:`template_scripts`; one whose text holds Jinja is rendered with the
  page's context less what the page's content puts there, outside the body, and hashed as
  rendered), and the inline scripts registered with
  ``app.add_js_file(None, body=…)`` by Sphinx, extensions and ``conf.py`` (the page's
  ``script_files``).  ``'wasm-unsafe-eval'`` lets Pagefind compile its WebAssembly search (no
  JavaScript ``eval``; without it Chromium refuses the module and the page falls back to Sphinx's
  search) and is given on the search page only, when the site uses Pagefind.
* ``style-src 'self' 'unsafe-inline'``: docutils writes ``style`` attributes for an image's
  ``:width:``/``:scale:`` and tables' column widths, and themes write ``<style>`` blocks and style
  attributes from their options; those come from page content, so hashing them would mean trusting
  the page.  Inline CSS cannot run script; the cost of allowing it is defacement, not code.
* ``img-src 'self' data:``: furo's stylesheet draws its icons as ``data:`` SVG images.  A maintainer
  adds hosts to ``img-src`` and ``media-src`` (never to ``script-src``) with
  ``longform_allow = {"hosts": ["images.example.org"]}`` (https only).
* ``connect-src 'self'`` (Pagefind fetches its index chunks), ``font-src``, ``media-src``
  ``'self'``; ``object-src``, ``frame-src`` ``'none'``; ``base-uri`` and ``form-action`` ``'self'``.

The pages sphinx-reredirects writes are not rendered by the theme: unless the site names its own
``redirect_html_template_file``, they get Longform's (``templates/longform-redirect.html``), whose
policy allows nothing but its one script (which keeps the address's ``#fragment``), and whose
``<meta http-equiv="refresh">`` redirects without script.

``longform_csp = False`` leaves the meta element out, and sphinx-reredirects' own template in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import compat, domain, events, log, safety

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: An inline ``<script>`` of a template: its attributes and its text.
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
#: Jinja syntax in a script's text: the text is rendered with the page's context before it is hashed.
JINJA = re.compile(r"\{[{%#]")
#: A host a maintainer may allow: a DNS name (optionally ``*.``-prefixed), an optional port.
HOST = re.compile(r"(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}(?::[0-9]{1,5})?")
#: What a page's content puts into its template context (Sphinx's document context, and the navigation
#: built from pages' titles): never rendered into a script that the policy allows.
PAGE_CONTENT = frozenset(
    {"body", "title", "toc", "meta", "metatags", "parents", "prev", "next", "rellinks", "sourcename", "display_toc",
     "page_source_suffix", "toctree", "furo_navigation_tree"}
)  # fmt: skip
#: Where this build's scan of the templates is kept (the build's index: one build, never pickled state).
#: The theme's and conf.py's template scripts: (their hashes, the scripts built from the page context).
KEY: domain.Slot[tuple[frozenset[str], tuple[str, ...]]] = domain.Slot("csp-templates")
#: sphinx-reredirects' pages: a policy of their own, one hashed script, a refresh that needs none.
REDIRECT_TEMPLATE = Path(__file__).parent.parent / "templates" / "longform-redirect.html"
#: The element, first in the page's ``metatags``.
META = '<meta http-equiv="Content-Security-Policy" content="{}" />'


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script whose text is ``text``: base64 of its UTF-8 SHA-256."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def template_scripts(folders: list[Path]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The inline scripts of every template in ``folders``: (hashes of those written as they are,
    the texts of those holding Jinja, to be rendered per page)."""
    literal: set[str] = set()
    templated: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for match in INLINE_SCRIPT.finditer(text.replace("\r\n", "\n")):
                attributes, body = match.groups()
                if re.search(r"\bsrc\s*=", attributes):
                    continue
                if JINJA.search(body):
                    templated.add(body)
                else:
                    literal.add(source_hash(body))
    return frozenset(literal), tuple(sorted(templated))


def _templates(app: Sphinx) -> tuple[frozenset[str], tuple[str, ...]]:
    index = domain.index(app.env)
    found = index.get(KEY)
    return found if found is not None else index.put(KEY, template_scripts(compat.template_folders(app.builder)))


def hosts(app: Sphinx) -> list[str]:
    """The hosts a maintainer allows images and media from (``longform_allow["hosts"]``), checked."""
    return sorted(host for host in safety.policy(app.config).hosts if HOST.fullmatch(host))


def policy(hashes: set[str] | frozenset[str], allowed_hosts: list[str], *, wasm: bool = False) -> str:
    """The policy's text for a page whose inline scripts may be those with ``hashes``."""
    script = ["'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *sorted(hashes)]
    extra = [f"https://{host}" for host in allowed_hosts]
    directives = (
        ("default-src", ["'self'"]),
        ("script-src", script),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", *extra]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("media-src", ["'self'", *extra]),
        ("object-src", ["'none'"]),
        ("frame-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    )
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def registered_scripts(script_files: Any) -> set[str]:
    """Hashes of the inline scripts in a page's ``script_files`` (``add_js_file(None, body=…)``)."""
    found: set[str] = set()
    for asset in script_files if isinstance(script_files, list) else []:
        attributes = getattr(asset, "attributes", None)
        if getattr(asset, "filename", "x") or not isinstance(attributes, dict):
            continue  # a script file (a str, or with a filename): its body, if any, is not written
        found.add(source_hash(str(attributes.get("body", "") or "")))
    return found


def _rendered(app: Sphinx, texts: tuple[str, ...], context: dict[str, Any]) -> set[str]:
    """Hashes of the theme's scripts that hold Jinja, rendered with the page's context less what a page's
    own content puts there (:data:`PAGE_CONTENT`): a theme script that writes a page's title renders
    without it, so its hash does not match what is on the page and the browser refuses it."""
    trusted = {k: v for k, v in context.items() if k not in PAGE_CONTENT and not k.startswith("longform")}
    found = set()
    for text in texts:
        try:
            found.add(source_hash(app.builder.templates.render_string(text, trusted)))
        except Exception:  # a script that needs what only its own template sets: not allowed, so it is refused
            continue
    return found


def page_policy(app: Sphinx, templatename: str, context: dict[str, Any]) -> str:
    literal, templated = _templates(app)
    hashes = set(literal) | registered_scripts(context.get("script_files")) | _rendered(app, templated, context)
    # Pagefind runs on the search page only, when this build uses it (longform.site.search decides).
    wasm = templatename == "search.html" and domain.site(app.env, "search") == "pagefind"
    return policy(hashes, hosts(app), wasm=wasm)


def meta(text: str) -> str:
    """The policy as a meta element (its single quotes stay as they are inside the double-quoted value)."""
    return META.format(escape(text, quote=False).replace('"', "&quot;"))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Put the policy first in the page's ``metatags`` (in ``<head>``, before any script)."""
    if not app.config.longform_csp or getattr(app.builder, "format", "") != "html":
        return
    if not hasattr(app.builder, "templates"):
        return
    tags = context.get("metatags")
    tags = tags if isinstance(tags, str) else ""
    context["metatags"] = meta(page_policy(app, templatename, context)) + ("\n" + tags if tags else "")


def _check_hosts(app: Sphinx) -> None:
    """``builder-inited``: a host in ``longform_allow["hosts"]`` that is not a host name warns once."""
    for host in sorted(safety.policy(app.config).hosts):
        if not HOST.fullmatch(host):
            log.warn(
                f"longform_allow['hosts'] has {host!r}, which is not a host name — write a name such as "
                "'images.example.org' (no scheme, path or wildcard but a leading '*.'); it is left out of the "
                "Content-Security-Policy",
                subtype="config",
                location=log.conf_location(app.confdir, setting="longform_allow"),
            )


def _foreign(filename: object) -> bool:
    text = str(filename or "")
    return "://" in text or text.startswith("//")


def _check_scripts(app: Sphinx) -> None:
    """``builder-inited``: a script the site loads from another host would be refused by the policy:
    one ``longform.csp`` warning each, so the build says so instead of the reader's browser."""
    if not app.config.longform_csp or getattr(app.builder, "format", "") != "html":
        return
    found: list[tuple[str, str]] = []
    for entry in app.config.html_js_files or []:
        filename = entry[0] if isinstance(entry, list | tuple) and entry else entry
        if _foreign(filename):
            found.append((str(filename), "html_js_files"))
    for filename, _attributes in compat.extension_scripts(app):
        if _foreign(filename):
            found.append((str(filename), "extensions"))
    if getattr(app.builder, "math_renderer_name", None) == "mathjax" and _foreign(app.config.mathjax_path):
        found.append((str(app.config.mathjax_path), "html_math_renderer"))
    for url, setting in sorted(set(found)):
        log.warn(
            f"the script '{url}' comes from another host, and the Content-Security-Policy lets only the site's own "
            "scripts run — copy it into html_static_path (or let Longform render maths), or set longform_csp = False",
            subtype="csp",
            location=log.conf_location(app.confdir, setting=setting),
        )


def _redirect_template(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after every extension is set up): sphinx-reredirects' pages get Longform's
    template unless the site names one.  Set here, the same each build, so the saved configuration
    does not change."""
    if config.longform_csp and "redirect_html_template_file" in config and not config.redirect_html_template_file:
        config.redirect_html_template_file = str(REDIRECT_TEMPLATE)


def setup(app: Sphinx) -> None:
    events.connect(app, "config-inited", _redirect_template)
    events.connect(app, "builder-inited", _check_hosts)
    events.connect(app, "builder-inited", _check_scripts)
    # Last: after every handler that adds a script to the page (assets at 900 settles the page's list).
    events.connect(app, "html-page-context", _page_context, "csp")
