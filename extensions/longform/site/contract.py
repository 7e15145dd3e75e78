"""Wall 2, the output contract: every page, feed and copied file the build writes is checked after it is written.

Wall 1 (:mod:`longform.core.safety`) refuses unsafe *input*; this module does not trust it, nor any template or
extension.  At ``build-finished`` (when the build raised nothing, HTML builders only) it reads back what this build
wrote and checks it against the allow-lists below:

* every HTML page written in this build (source pages, recorded at ``doctree-resolved`` because with ``-j`` Sphinx
  writes them in worker processes; generated pages, recorded at ``html-page-context``), parsed with
  selectolax's HTML5 parser (lexbor), as a browser parses it: entities decoded, attributes de-duplicated; a page
  of the json and pickle builders is its context, read back as data (:func:`check_serialized`: ``metatags`` are
  the <head>, ``body`` is all content);
* every file under ``_images/`` and ``_downloads/``, by its bytes (not its name alone);
* every feed Longform wrote in this build, and ``sitemap.xml`` (after sphinx-sitemap writes it), parsed as XML
  with no DTD, no entity expansion and no network; the HTML inside a feed entry passes the page contract.

Theme and extension static files (``_static/``) come from installed packages and are not checked.

Each violation is one located ``longform.unsafe-output`` warning per output file and kind of violation, so the strict
build fails.  It names the file, what was found and where it came from: the page's source document (its line when
the offending text is in it), otherwise the output file.  The file is left as written: the build fails instead of
silently rewriting output.

What counts as the page's *content* (what holds ``context["body"]``): ``<article>``, ``[role=main]``, ``.body``,
``#content`` and ``[itemprop=articleBody]`` (furo, alabaster and Sphinx's basic themes, pydata, Read the Docs).
Outside it is the theme's chrome.  ``<meta>``, ``<link>`` and ``<style>`` in the ``<body>`` are allowed only in the
chrome, and so is an inline ``<script>`` on a page that carries no Content-Security-Policy; on a page whose
``<head>`` has ``<meta http-equiv="Content-Security-Policy">``, every inline script must have its hash listed there
(:func:`csp_hash`).  A page rendered without a body (the search page, the general index) is all chrome.

A maintainer widens the URL schemes and the hosts the reader's browser may fetch from with ``longform_allow``
(``"url_schemes"``, ``"hosts"``); ``html_baseurl``'s own host is always allowed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import pickle
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import urlsplit

from ..core import domain, events, safety
from ..core.log import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config


# == The contract ==================================================================================================

#: HTML elements a documentation or essay page has: structure, text, lists, tables, figures and media, the search
#: form, and the <head>'s own (``meta``, ``link``, ``style`` are further limited to the <head> and the chrome).
HTML_ELEMENTS: frozenset[str] = frozenset(
    {
        # document and <head>
        "html", "head", "body", "title", "meta", "link", "style", "script", "noscript",
        # sections
        "main", "header", "footer", "nav", "aside", "article", "section", "address", "search",
        "h1", "h2", "h3", "h4", "h5", "h6", "hgroup",
        # grouping
        "p", "hr", "pre", "blockquote", "ol", "ul", "li", "dl", "dt", "dd", "figure", "figcaption", "div", "menu",
        "details", "summary", "dialog",
        # text
        "a", "em", "strong", "small", "s", "cite", "q", "dfn", "abbr", "ruby", "rt", "rp", "data", "time", "code",
        "var", "samp", "kbd", "sub", "sup", "i", "b", "u", "mark", "bdi", "bdo", "span", "br", "wbr", "ins", "del",
        # images and media (what they fetch is checked)
        "picture", "source", "img", "video", "audio", "track", "map", "area",
        # tables
        "table", "caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th",
        # forms (the search box)
        "form", "label", "input", "button", "select", "datalist", "optgroup", "option", "textarea", "output",
        "progress", "meter", "fieldset", "legend",
        # foreign content roots
        "svg", "math",
    }
)  # fmt: skip

#: SVG elements (lowercased: the check compares lowercased names): shapes, text, paint servers, filters, icons.
SVG_ELEMENTS: frozenset[str] = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "a", "view",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
        "text", "tspan", "textpath",
        "lineargradient", "radialgradient", "stop", "pattern", "clippath", "mask", "marker",
        "filter", "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "feconvolvematrix",
        "fediffuselighting", "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood", "fefunca", "fefuncb",
        "fefuncg", "fefuncr", "fegaussianblur", "feimage", "femerge", "femergenode", "femorphology", "feoffset",
        "fepointlight", "fespecularlighting", "fespotlight", "fetile", "feturbulence",
        # animation: allowed, except what rewrites a link (see ANIMATIONS)
        "animate", "animatemotion", "animatetransform", "set", "mpath",
        # a <style> in an inline <svg> follows the rule for <style> in the body
        "style",
    }
)  # fmt: skip

#: MathML elements: maths is rendered to MathML at build time.
MATHML_ELEMENTS: frozenset[str] = frozenset(
    {
        "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt",
        "mroot", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
        "menclose", "merror", "mmultiscripts", "mprescripts", "none", "semantics", "annotation", "annotation-xml",
    }
)  # fmt: skip

#: Refused anywhere, with the reason the warning gives (any element on no list above is refused too).
REFUSED_ELEMENTS: dict[str, str] = {
    "iframe": "it embeds another document",
    "frame": "it embeds another document",
    "frameset": "it embeds other documents",
    "object": "it embeds a plug-in or another document",
    "embed": "it embeds a plug-in or another document",
    "applet": "it runs a plug-in",
    "base": "it changes where every link of the page points",
    "portal": "it embeds another document",
    "template": "its content is hidden from the check and can be made live by script",
    "foreignobject": "it puts HTML inside SVG",
}

#: Elements of the <head> that the <body> may hold only outside the page's content (in the theme's chrome).
HEAD_ELEMENTS: frozenset[str] = frozenset({"meta", "link", "style"})

#: ``<meta http-equiv>`` values a page may carry (``refresh`` and ``set-cookie`` are not among them).
HTTP_EQUIV: frozenset[str] = frozenset(
    {"content-type", "content-security-policy", "x-ua-compatible", "content-language"}
)

#: SVG animation elements: refused when they animate a link (``attributeName="href"``).
ANIMATIONS: frozenset[str] = frozenset({"animate", "animatemotion", "animatetransform", "set"})

#: Attributes refused on any element (besides every ``on*`` event handler).
REFUSED_ATTRIBUTES: dict[str, str] = {
    "srcdoc": "it holds a whole document",
    "formaction": "it sends a form somewhere else",
}

#: What a ``style`` attribute may not hold (after CSS comments and escapes are removed): loads and script.
STYLE_REFUSED: tuple[str, ...] = (
    "url(", "image-set(", "image(", "src(", "expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding",
)  # fmt: skip

#: ``target`` values (case-insensitive): no named window another page could reach.
TARGETS: frozenset[str] = frozenset({"_blank", "_self", "_top", "_parent"})

#: ``rel`` keywords on <a>, <area>, <link> and <form>.  The last line: what the themes write (furo's
#: ``shortcut icon`` and ``prefetch``, Sphinx's ``copyright``, alabaster's ``apple-touch-icon``).
RELS: frozenset[str] = frozenset(
    {
        "noopener", "noreferrer", "nofollow", "external", "prev", "next", "alternate", "stylesheet", "icon",
        "canonical", "search", "preload", "author", "license", "tag", "me", "ugc", "sponsored", "help", "bookmark",
        "up", "index", "modulepreload",
        "shortcut", "prefetch", "copyright", "apple-touch-icon",
    }
)  # fmt: skip
REL_ELEMENTS: frozenset[str] = frozenset({"a", "area", "link", "form"})

#: Attributes holding URLs (``srcset`` and ``imagesrcset``: candidate lists; ``ping``: a space-separated list).
URL_ATTRIBUTES: frozenset[str] = frozenset(
    {"href", "src", "srcset", "imagesrcset", "poster", "action", "data", "xlink:href", "cite", "background",
     "manifest", "ping"}
)  # fmt: skip

#: URLs the reader's browser fetches as soon as the page loads: (element, attribute).  ``*``: any element.
#: They must be relative, or on ``html_baseurl``'s host, or on a host of ``longform_allow["hosts"]``.
FETCHES: frozenset[tuple[str, str]] = frozenset(
    {
        ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
        ("video", "poster"), ("audio", "src"), ("track", "src"), ("script", "src"), ("input", "src"),
        ("embed", "src"), ("object", "data"), ("iframe", "src"), ("frame", "src"),
        ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
        ("feimage", "href"), ("feimage", "xlink:href"),
        ("*", "background"), ("*", "manifest"), ("*", "ping"),
    }
)  # fmt: skip

#: Of those, the images and media a host named in ``longform_allow["hosts"]`` may serve (as the
#: Content-Security-Policy's img-src and media-src allow); scripts, styles, fonts and frames come from the site only.
MEDIA_FETCHES: frozenset[tuple[str, str]] = frozenset(
    {
        ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
        ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"), ("image", "href"),
        ("image", "xlink:href"),
    }
)  # fmt: skip

#: ``<link rel>`` keywords that make the browser fetch the ``href`` (or ``imagesrcset``).
FETCH_RELS: frozenset[str] = frozenset(
    {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest", "prefetch",
     "preconnect", "dns-prefetch"}
)  # fmt: skip

#: ``<script type>`` values a browser does not run (data blocks): they need no hash.
INERT_SCRIPT_TYPES: frozenset[str] = frozenset({"application/json", "application/ld+json", "text/plain"})

#: Image types a ``data:`` URL may carry, only in an ``<img src>`` (never SVG: it can hold script).
DATA_IMAGES: frozenset[str] = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})

# -- copied files (``_images/``, ``_downloads/``) ------------------------------------------------------------------

#: Raster images by their first bytes -> the extensions that may carry them.
RASTER: dict[str, frozenset[str]] = {
    "png": frozenset({".png"}),
    "jpeg": frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}),
    "gif": frozenset({".gif"}),
    "webp": frozenset({".webp"}),
    "avif": frozenset({".avif"}),
}
#: Other inert downloads by their first bytes -> the extensions that may carry them.
ARCHIVES: dict[str, frozenset[str]] = {
    "pdf": frozenset({".pdf"}),
    "zip": frozenset({".zip", ".whl", ".epub", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}),
    "gzip": frozenset({".gz", ".tgz"}),
    "tar": frozenset({".tar"}),
    "bzip2": frozenset({".bz2", ".tbz2"}),
    "xz": frozenset({".xz", ".txz"}),
}
#: Downloads served as text: UTF-8 text with one of these extensions (data, configuration, source code).
TEXT_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".txt", ".text", ".csv", ".tsv", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf",
        ".md", ".rst", ".tex", ".bib", ".log", ".diff", ".patch",
        ".py", ".pyi", ".ipynb", ".c", ".h", ".cc", ".cpp", ".hpp", ".rs", ".go", ".java", ".kt", ".scala",
        ".rb", ".pl", ".php", ".sh", ".bash", ".zsh", ".ps1", ".sql", ".r", ".jl", ".hs", ".ml", ".ex", ".exs",
        ".erl", ".clj", ".lua", ".swift", ".cs", ".fs", ".ts", ".proto", ".graphql", ".dockerfile", ".mk",
    }
)  # fmt: skip
#: Never published as a copied file, whatever their bytes: a browser runs them or renders them as a page.
NEVER_EXTENSIONS: frozenset[str] = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".svg", ".svgz", ".js", ".mjs", ".cjs",
     ".wasm", ".swf", ".hta", ".mht", ".mhtml"}
)  # fmt: skip
#: What first bytes mean a browser may render the file as a page (WHATWG MIME sniffing's HTML patterns, then
#: ``<svg``), compared case-insensitively after leading blanks; each must be followed by a space or ``>``.
HTML_SNIFF: tuple[bytes, ...] = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font", b"<table", b"<a",
    b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--", b"<svg",
)  # fmt: skip
#: Namespaces that make an XML file a page or a drawing (refused in a ``<?xml`` download).
ACTIVE_NAMESPACES: tuple[bytes, ...] = (b"http://www.w3.org/1999/xhtml", b"http://www.w3.org/2000/svg")

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Namespaces of an SVG file's inert metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons).
METADATA_NAMESPACES: frozenset[str] = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
    }
)

#: How much of a copied file is read to tell its type; an SVG over MAX_SVG_BYTES is not parsed (refused).
SNIFF_BYTES = 4096
MAX_SVG_BYTES = 10_000_000
MAX_FEED_BYTES = 50_000_000


# == Findings and rules ============================================================================================


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation: its kind (one warning per file and kind), what was found, and where.

    ``needle`` is text to look for in the page's source, for the warning's line; ``line`` is the line in the
    output file itself (feeds and SVG files, which are parsed as XML)."""

    kind: str
    what: str
    needle: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Rules:
    """What this site allows beyond the contract: URL schemes, and the hosts the browser may fetch from."""

    schemes: frozenset[str] = frozenset({"http", "https", "mailto"})
    hosts: frozenset[str] = frozenset()  # the site's own host and the maintainer's: images and media
    own: frozenset[str] = frozenset()  # the site's own host only: scripts, styles, fonts, frames

    @classmethod
    def of(cls, config: Config) -> Rules:
        rules = safety.policy(config)
        hosts = {host.strip().lower().rstrip(".") for host in rules.hosts}
        own = urlsplit(str(getattr(config, "html_baseurl", "") or "").strip()).hostname
        if own:
            hosts.add(own.rstrip("."))
        return cls(
            schemes=frozenset(rules.url_schemes),
            hosts=frozenset(h for h in hosts if h),
            own=frozenset({own.rstrip(".")} if own else ()),
        )


def csp_hash(script: str, algorithm: str = "sha256") -> str:
    """The Content-Security-Policy source of an inline script, as browsers compute it: the digest of the script's
    exact text in UTF-8, in base64, e.g. ``'sha256-…'`` without the quotes."""
    digest = hashlib.new(algorithm, script.encode("utf-8")).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def shown(text: str, limit: int = 60) -> str:
    """``text`` for a warning: non-printable characters escaped, at most ``limit`` characters."""
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


# == URLs ==========================================================================================================

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_OR_SPACE = "".join(chr(i) for i in range(0x21))


def browser_url(url: str) -> str:
    """``url`` as a browser's URL parser reads it: C0 controls and spaces stripped at both ends, tabs and newlines
    removed everywhere (entities are already decoded by the HTML parser)."""
    return url.strip(_C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")


def url_scheme(url: str) -> str | None:
    """The lowercased scheme of a :func:`browser_url`, or None for a relative URL."""
    match = _SCHEME.match(url)
    return match[1].lower() if match else None


def url_host(url: str) -> str | None:
    """The host a URL is fetched from: None when it is relative to the site; '' when it has no readable host."""
    text = browser_url(url).replace("\\", "/")  # browsers read '\' as '/' in http(s) URLs
    scheme = url_scheme(text)
    if scheme is None:
        if not text.startswith("//"):
            return None
        rest = text
    elif scheme in ("http", "https"):
        rest = "//" + text[len(scheme) + 1 :].lstrip("/")  # 'https:evil.example' and 'https:////x' name a host too
    else:
        return ""
    try:
        host = urlsplit(rest).hostname
    except ValueError:
        return ""
    return (host or "").rstrip(".")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (the HTML standard's candidate parsing: a URL, then descriptors up to a comma)."""
    urls: list[str] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i] in " \t\n\r\f,"):
            i += 1
        start = i
        while i < n and value[i] not in " \t\n\r\f":
            i += 1
        url = value[start:i]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0
        while i < n:  # descriptors, up to a comma outside parentheses
            ch = value[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == "," and depth == 0:
                i += 1
                break
            i += 1
    return urls


def _data_image(url: str) -> bool:
    """Whether a ``data:`` URL carries a raster image type (not SVG)."""
    head = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
    return head in DATA_IMAGES


def _url_findings(url: str, rules: Rules, *, tag: str, attr: str, fetch: bool) -> Iterator[Finding]:
    clean = browser_url(url)
    scheme = url_scheme(clean)
    if scheme == "data":
        if not (tag == "img" and attr == "src" and _data_image(clean)):
            yield Finding(
                "url",
                f"the URL '{shown(clean)}' in <{tag} {attr}> (data: URLs are allowed only for raster images in "
                "<img src>)",
                clean[:40],
            )
        return
    if scheme is not None and scheme not in rules.schemes:
        yield Finding("url", f"the URL '{shown(clean)}' in <{tag} {attr}> (scheme '{scheme}:')", clean[:40])
        return
    if fetch:
        host = url_host(clean)
        allowed = rules.hosts if (tag, attr) in MEDIA_FETCHES else rules.own
        if host is not None and host not in allowed:
            where = f"the host '{shown(host)}'" if host else "another origin"
            yield Finding(
                "request",
                f"<{tag} {attr}='{shown(clean)}'>, which makes the reader's browser fetch from {where}",
                clean[:40],
            )


# == CSS ===========================================================================================================

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\n|(.))", re.S)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))", re.I)
_CSS_IMPORT = re.compile(r"@import\s*(?:url\(\s*)?(?:\"([^\"]*)\"|'([^']*)'|([^\s;)]*))", re.I)


def css_plain(css: str) -> str:
    """CSS with comments removed and escapes decoded (``u\\72l(`` is ``url(``)."""

    def unescape(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match[2] or ""

    return _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", css))


def style_attribute_problem(value: str) -> str | None:
    """What a ``style`` attribute holds that it may not (see :data:`STYLE_REFUSED`), or None."""
    compact = "".join(css_plain(value).lower().split())
    return next((token for token in STYLE_REFUSED if token in compact), None)


def css_urls(css: str) -> list[str]:
    """The URLs a style sheet loads: ``url(…)`` and ``@import``."""
    plain = css_plain(css)
    found = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(plain)]
    found += [next(g for g in m.groups() if g is not None) for m in _CSS_IMPORT.finditer(plain)]
    return found


def _stylesheet_findings(css: str, rules: Rules, *, where: str) -> Iterator[Finding]:
    compact = "".join(css_plain(css).lower().split())
    for token in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding"):
        if token in compact:
            yield Finding("attribute", f"'{token}' in {where}", token)
    for url in css_urls(css):
        clean = browser_url(url)
        scheme = url_scheme(clean)
        if scheme == "data":  # an image in CSS (SVG included: an image in CSS runs no script), nothing else
            if not clean[5:].lstrip().lower().startswith("image/"):
                yield Finding("url", f"the URL '{shown(clean)}' in {where}", clean[:40])
            continue
        host = url_host(clean)
        if host is not None and host not in rules.hosts:
            yield Finding("request", f"url('{shown(clean)}') in {where}, fetched from another origin", clean[:40])


# == HTML pages ====================================================================================================


def _csp_sources(head: Any) -> set[str] | None:
    """The hash sources a page's Content-Security-Policy ``<meta>`` elements allow for scripts (each policy must
    allow a script: the intersection), or None when its <head> carries no such meta."""
    if head is None:
        return None
    allowed: set[str] | None = None
    found = False
    for meta in head.css("meta"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() != "content-security-policy":
            continue
        found = True
        directives: dict[str, list[str]] = {}
        for part in (meta.attributes.get("content") or "").split(";"):
            words = part.split()
            if words:
                directives.setdefault(words[0].lower(), words[1:])
        sources = directives.get("script-src", directives.get("default-src"))
        if sources is None:
            continue
        hashes = {s.strip("'") for s in sources if s.strip("'").lower().startswith(("sha256-", "sha384-", "sha512-"))}
        allowed = hashes if allowed is None else allowed & hashes
    if not found:
        return None
    return allowed or set()


def _is_content(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether this element holds the page's content (``context["body"]``) in one of the known themes."""
    if tag == "article":
        return True
    if (attrs.get("role") or "").strip().lower() == "main":
        return True
    if (attrs.get("id") or "") == "content" or (attrs.get("itemprop") or "") == "articleBody":
        return True
    return "body" in (attrs.get("class") or "").split()


def check_page(
    html: str, rules: Rules, *, content: Literal["found", "nothing", "everything"] = "found", redirect: bool = False
) -> list[Finding]:
    """Every violation of the contract in one HTML page.

    ``content`` says where the page's content is (what holds ``context["body"]``): ``"found"``, inside the elements
    :func:`_is_content` knows, the rest being the theme's chrome; ``"nothing"``, a page rendered without a body
    (the search page), all chrome; ``"everything"``, HTML that is all content (a feed entry).

    ``redirect``: the page is the source of a redirect of the maintainer's ``redirects`` setting, which
    sphinx-reredirects writes as ``<meta http-equiv="refresh">``: that refresh is allowed when its URL is one a link
    may have (http, https or relative)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    state = _Page(rules, _csp_sources(tree.head), redirect)
    findings: list[Finding] = []
    root = tree.root
    if root is None:
        return findings
    detect = content == "found"
    # (node, in the content, foreign content: "" for HTML, "svg" or "math")
    stack: list[tuple[Any, bool, str]] = [(root, content == "everything", "")]
    while stack:
        node, in_content, foreign = stack.pop()
        raw = node.tag
        if raw is None or raw.startswith("-"):  # text, comment, document
            continue
        tag = raw.lower()
        attrs = node.attributes
        if detect and not in_content and _is_content(tag, attrs):
            in_content = True
        if foreign or tag not in _PLAIN or not _PLAIN_ATTRIBUTES.issuperset(attrs):
            _check_element(node, tag, attrs, state, in_content, foreign, findings)
        if tag == "svg":
            child_foreign = "svg"
        elif tag == "math":
            child_foreign = "math"
        elif foreign == "svg" and tag in ("desc", "title"):
            child_foreign = ""  # an HTML integration point: its children are HTML
        else:
            child_foreign = foreign
        children = [(child, in_content, child_foreign) for child in node.iter(include_text=False)]
        stack.extend(reversed(children))  # in document order: the first finding is the first in the page
    return findings


#: The common case, passed without a closer look: HTML elements with nothing to check but their attributes, and
#: attributes with nothing to check (every other element and attribute goes through :func:`_check_element`).
_PLAIN: frozenset[str] = HTML_ELEMENTS - HEAD_ELEMENTS - {"script", "noscript", "svg", "math"}
_PLAIN_ATTRIBUTES: frozenset[str] = frozenset(
    {"class", "id", "title", "lang", "dir", "role", "tabindex", "hidden", "alt", "width", "height", "name", "value",
     "type", "for", "colspan", "rowspan", "headers", "scope", "checked", "disabled", "placeholder", "method",
     "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-level", "aria-expanded",
     "aria-controls", "aria-current", "data-content_root", "datetime", "start", "reversed", "open", "span"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Page:
    """What the check of one page knows besides the element at hand."""

    rules: Rules
    csp: set[str] | None  # the hash sources of the page's Content-Security-Policy, None without one
    redirect: bool


def _refresh_url(content: str) -> str:
    """The URL of a ``<meta http-equiv="refresh" content="0; url=…">``."""
    _delay, _, rest = content.partition(";")
    rest = rest.strip()
    if rest[:4].lower() == "url=":
        rest = rest[4:].strip()
    return rest.strip("'\"")


def _check_element(
    node: Any,
    tag: str,
    attrs: dict[str, str | None],
    state: _Page,
    in_content: bool,
    foreign: str,
    findings: list[Finding],
) -> None:
    """The element itself (:func:`_check_tag`, :func:`_check_special`), then each of its attributes."""
    _check_tag(node, tag, foreign, in_content, findings)
    _check_special(node, tag, attrs, state, in_content, foreign, findings)
    rel_fetch = tag == "link" and bool(set((attrs.get("rel") or "").lower().split()) & FETCH_RELS)
    for name, value in attrs.items():
        findings.extend(_attribute_findings(tag, name.lower(), value or "", state.rules, rel_fetch))


def _check_tag(node: Any, tag: str, foreign: str, in_content: bool, findings: list[Finding]) -> None:
    """Whether the element is on the contract's lists (HTML, or SVG and MathML inside their roots)."""
    needle = f"<{node.tag}"
    if tag in REFUSED_ELEMENTS:
        findings.append(Finding("element", f"the element <{tag}> ({REFUSED_ELEMENTS[tag]})", needle))
    elif foreign == "svg" and tag == "script":
        findings.append(Finding("element", "a <script> inside <svg>", needle))
    elif foreign == "svg" and tag not in SVG_ELEMENTS and tag not in HTML_ELEMENTS:
        findings.append(Finding("element", f"the element <{tag}> inside <svg>, which is not on the contract's list"))
    elif foreign == "math" and tag not in MATHML_ELEMENTS and tag not in HTML_ELEMENTS:
        findings.append(Finding("element", f"the element <{tag}> inside <math>, which is not on the contract's list"))
    elif not foreign and tag not in HTML_ELEMENTS:
        findings.append(Finding("element", f"the element <{tag}>, which is not on the contract's list", needle))
    if tag in HEAD_ELEMENTS and in_content:
        findings.append(
            Finding("element", f"a <{tag}> inside the page's content (only the <head> and the theme may have one)")
        )


def _check_special(
    node: Any,
    tag: str,
    attrs: dict[str, str | None],
    state: _Page,
    in_content: bool,
    foreign: str,
    findings: list[Finding],
) -> None:
    """The elements with rules of their own: <meta http-equiv>, SVG animations, <noscript>, <script>, <style>."""
    needle = f"<{node.tag}"
    if tag == "meta":
        equiv = (attrs.get("http-equiv") or "").strip().lower()
        refresh = _refresh_url(attrs.get("content") or "") if equiv == "refresh" and state.redirect else None
        if refresh is not None and url_scheme(browser_url(refresh)) in (None, "http", "https"):
            pass  # the maintainer's redirect (its target was checked as a link's)
        elif equiv and equiv not in HTTP_EQUIV:
            findings.append(Finding("element", f"<meta http-equiv='{shown(equiv)}'>", "http-equiv"))
    if foreign == "svg" and tag in ANIMATIONS:
        target = (attrs.get("attributeName") or attrs.get("attributename") or "").strip().lower()
        if target in ("href", "xlink:href"):
            findings.append(Finding("element", f"<{tag} attributeName='{target}'> (it rewrites a link)", needle))
    if tag == "noscript" and _closes_noscript(node):
        findings.append(Finding("element", "a <noscript> whose content closes it early (a browser runs what follows)"))
    if tag == "script" and foreign != "svg":
        _check_script(node, attrs, state.csp, in_content, findings)
    if tag == "style":
        css = node.text(deep=True, separator="", strip=False)
        findings.extend(_stylesheet_findings(css, state.rules, where="a <style> element"))


def _attribute_findings(tag: str, lname: str, text: str, rules: Rules, rel_fetch: bool) -> list[Finding]:
    """What is wrong with the attribute ``lname`` (lowercase) of value ``text`` on a <``tag``>: the first rule
    that applies to it decides (an event handler, a refused attribute, style, target, rel, a URL, a CSS url())."""
    if lname.startswith("on"):
        return [Finding("handler", f"an inline event handler '{shown(lname)}' on <{tag}>", lname)]
    if lname in REFUSED_ATTRIBUTES:
        return [Finding("attribute", f"the attribute '{lname}' on <{tag}> ({REFUSED_ATTRIBUTES[lname]})", lname)]
    if lname == "style":
        problem = style_attribute_problem(text)
        return [Finding("attribute", f"a style attribute on <{tag}> holding '{problem}'", text[:40])] if problem else []
    if lname == "target" and tag in ("a", "area", "form"):
        if text.strip().lower() in TARGETS:
            return _css_url_findings(tag, lname, text, rules)  # an allowed target: checked as any other value
        return [Finding("attribute", f"target='{shown(text)}' on <{tag}>", f"target={text}"[:40])]
    if lname == "rel" and tag in REL_ELEMENTS:
        bad = [w for w in text.lower().split() if w not in RELS]
        return [Finding("attribute", f"rel='{shown(text)}' on <{tag}> ('{shown(bad[0])}')", text)] if bad else []
    if lname in URL_ATTRIBUTES:
        if lname in ("srcset", "imagesrcset"):
            urls = srcset_urls(text)
        elif lname == "ping":
            urls = text.split()
        else:
            urls = [text]
        fetch = (tag, lname) in FETCHES or ("*", lname) in FETCHES or (tag == "link" and rel_fetch)
        return [finding for url in urls for finding in _url_findings(url, rules, tag=tag, attr=lname, fetch=fetch)]
    return _css_url_findings(tag, lname, text, rules)


def _css_url_findings(tag: str, lname: str, text: str, rules: Rules) -> list[Finding]:
    """An SVG presentation attribute's url() (``fill="url(#gradient)"``): never data, never another host."""
    if "url(" not in text.lower():
        return []
    found = []
    for url in css_urls(text):
        host = url_host(url)
        if url_scheme(browser_url(url)) == "data" or (host is not None and host not in rules.hosts):
            found.append(Finding("request", f"{lname}='url({shown(url)})' on <{tag}>, fetched from elsewhere", url))
    return found


def _closes_noscript(node: Any) -> bool:
    """Whether text inside a <noscript> holds '</noscript': a browser that runs scripts reads a <noscript>'s content
    as raw text up to there, and parses what follows it as markup (the parser here reads it as a script-less
    browser does, so what follows is hidden from it)."""
    for inner in node.traverse(include_text=True):
        texts = [inner.text_content or ""] if inner.tag in ("-text", "-comment") else []
        if inner.tag == "-comment":
            texts.append(inner.comment_content or "")
        texts.extend(value or "" for value in (inner.attributes or {}).values())
        if any("</noscript" in text.lower() for text in texts):
            return True
    return False


def _check_script(
    node: Any, attrs: dict[str, str | None], csp: set[str] | None, in_content: bool, findings: list[Finding]
) -> None:
    if "src" in attrs:
        return  # its URL is checked with the attributes (same site only)
    kind = (attrs.get("type") or "").strip().lower()
    if kind in INERT_SCRIPT_TYPES:
        return
    text = node.text(deep=True, separator="", strip=False)
    if csp is not None:
        algorithms = {source.split("-", 1)[0].lower() for source in csp} or {"sha256"}
        if not any(csp_hash(text, algorithm) in csp for algorithm in algorithms):
            findings.append(
                Finding(
                    "script",
                    f"an inline <script> ('{shown(text.strip(), 40)}', {csp_hash(text)}) that the page's "
                    "Content-Security-Policy does not list",
                    text.strip()[:40],
                )
            )
    elif in_content:
        findings.append(
            Finding(
                "script",
                f"an inline <script> ('{shown(text.strip(), 40)}') inside the page's content, on a page without a "
                "Content-Security-Policy",
                text.strip()[:40],
            )
        )


def check_fragment(html: str, rules: Rules) -> list[Finding]:
    """The contract for HTML that is all content (a feed entry's ``content``): no script, no <head> elements."""
    return check_page("<!DOCTYPE html><html><head></head><body>" + html, rules, content="everything")


# == XML: SVG files, feeds, the sitemap ============================================================================


def _xml_parser() -> Any:
    from lxml import etree

    # No DTD loaded, no entity expanded, nothing fetched, no giant trees: what defusedxml guarantees.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
    )


def _parse_xml(data: bytes, kind: str, what: str) -> tuple[Any, list[Finding]]:
    """(root, []) or (None, [why]): the bytes parsed as XML 1.0 with no DOCTYPE, entities or forbidden characters."""
    from lxml import etree

    lowered = data[:MAX_FEED_BYTES].lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return None, [Finding(kind, f"{what} with a DOCTYPE or entity declaration (<!DOCTYPE, <!ENTITY)", "<!")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [Finding(kind, f"{what} that is not UTF-8 (byte {error.start})")]
    bad = _XML_FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, [Finding(kind, f"{what} holding a character XML 1.0 forbids ({bad[0]!r})", line=line)]
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        return None, [
            Finding(kind, f"{what} that is not well-formed XML ({shown(str(error), 80)})", line=error.lineno or 0)
        ]
    return root, []


_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _local(name: str) -> tuple[str, str]:
    """('namespace', 'local name') of an lxml tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def check_svg(data: bytes) -> list[Finding]:
    """The contract for a copied SVG file: XML that parses, SVG elements from the list (and inert metadata), no
    script, no event handler, no ``foreignObject``, links only to ``#fragments``, no style loading from elsewhere."""
    if len(data) > MAX_SVG_BYTES:
        return [Finding("file", f"an SVG over {MAX_SVG_BYTES // 1_000_000} MB, too large to check")]
    lowered = data.lower()
    if b"<!entity" in lowered:
        return [Finding("file", "an SVG that declares entities (<!ENTITY)", "<!ENTITY")]
    from lxml import etree

    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        return [
            Finding("file", f"an SVG that is not well-formed XML ({shown(str(error), 80)})", line=error.lineno or 0)
        ]
    if _local(root.tag if isinstance(root.tag, str) else "") != (SVG_NS, "svg"):
        return [Finding("file", "a file named .svg whose root is not an SVG <svg> element")]
    findings: list[Finding] = []
    # before the root: <?xml-stylesheet href="…"?> loads a style sheet, and comments are inert
    prolog = [node for node in root.itersiblings(preceding=True) if node.tag is etree.PI]
    for node in [*prolog, *root.iter()]:
        line = node.sourceline or 0
        if not isinstance(node.tag, str):
            if node.tag is etree.PI:
                findings.append(Finding("file", f"an SVG with a processing instruction <?{node.target}>", line=line))
            continue
        namespace, tag = _local(node.tag)
        lowered_tag = tag.lower()
        if namespace == SVG_NS:
            if lowered_tag == "script":
                findings.append(Finding("file", "an SVG with a <script>", line=line))
            elif lowered_tag == "foreignobject":
                findings.append(Finding("file", "an SVG with a <foreignObject> (HTML inside SVG)", line=line))
            elif lowered_tag not in SVG_ELEMENTS:
                findings.append(Finding("file", f"an SVG with the element <{tag}>, not on the list", line=line))
            elif lowered_tag in ANIMATIONS and (node.get("attributeName") or "").strip().lower() in (
                "href",
                "xlink:href",
            ):
                findings.append(Finding("file", f"an SVG with <{tag}> animating a link", line=line))
            elif lowered_tag == "style":
                findings.extend(_svg_css(tag, "".join(node.itertext()), line))
        elif namespace not in METADATA_NAMESPACES:
            findings.append(Finding("file", f"an SVG with <{tag}> in the namespace '{shown(namespace)}'", line=line))
        for name, value in node.attrib.items():
            attr_ns, attr = _local(name)
            lowered_attr = attr.lower()
            if lowered_attr.startswith("on"):
                findings.append(Finding("file", f"an SVG with an event handler '{attr}' on <{tag}>", line=line))
            elif lowered_attr == "href" and attr_ns in ("", XLINK_NS) and not value.strip().startswith("#"):
                findings.append(Finding("file", f"an SVG with a link to '{shown(value)}' (only #fragments)", line=line))
            elif lowered_attr == "style" or "url(" in value.lower():
                findings.extend(_svg_css(f"{tag} {attr}", value, line))
    return findings


def _svg_css(where: str, css: str, line: int) -> Iterator[Finding]:
    """CSS in an SVG file (a <style>, a style or presentation attribute): no @import, url() only to #fragments,
    nothing that runs."""
    plain = "".join(css_plain(css).lower().split())
    if "@import" in plain:
        yield Finding("file", f"an SVG with an @import in <{where}>", line=line)
    for token in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding"):
        if token in plain:
            yield Finding("file", f"an SVG with '{token}' in <{where}>", line=line)
    for url in css_urls(css):
        if not browser_url(url).startswith("#"):
            yield Finding("file", f"an SVG loading url('{shown(url)}') in <{where}> (only #fragments)", line=line)


def sniff(head: bytes) -> str | None:
    """What the first bytes of a file are: a raster type or archive of :data:`RASTER` / :data:`ARCHIVES`, "html"
    (a browser may render it as a page), "xml-active" (XML in the XHTML or SVG namespace), "xml", or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and (head[8:12] in (b"avif", b"avis") or b"avif" in head[16:64]):
        return "avif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head[257:262] == b"ustar":
        return "tar"
    text = head
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace").encode("utf-8")
    text = text.removeprefix(b"\xef\xbb\xbf").lstrip(b"\t\n\x0c\r ").lower()
    for pattern in HTML_SNIFF:
        if text.startswith(pattern) and text[len(pattern) : len(pattern) + 1] in (b" ", b">", b"\t", b"\n", b"/"):
            return "html"
    if text.startswith(b"<?xml"):
        return "xml-active" if any(ns in text for ns in ACTIVE_NAMESPACES) else "xml"
    return None


def check_copied(name: str, data: bytes, *, folder: str) -> list[Finding]:
    """The contract for a file under ``_images/`` (``folder="images"``) or ``_downloads/``: an inert type by its
    first bytes, and a name that agrees (a web server picks the type it sends from the name)."""
    suffix = Path(name).suffix.lower()
    if folder == "images" and suffix == ".svg":
        return check_svg(data)
    kind = sniff(data[:SNIFF_BYTES])
    if kind in ("html", "xml-active"):
        start = shown(data[:24].decode("utf-8", "replace"))
        return [Finding("file", f"a file whose first bytes make it a page ('{start}')")]
    if suffix in NEVER_EXTENSIONS:
        return [Finding("file", f"a '{suffix}' file (a browser runs or renders it as a page)")]
    for table in (RASTER, ARCHIVES) if folder == "downloads" else (RASTER,):
        if kind in table:
            if suffix in table[kind]:
                return []
            return [Finding("file", f"{kind.upper()} bytes under the name '{shown(Path(name).name)}'")]
    if kind is None and folder == "downloads" and suffix in TEXT_EXTENSIONS:
        head = data[:SNIFF_BYTES]
        if b"\x00" not in head:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as error:
                if error.start < len(head) - 3:  # not just a character cut at the end of the sample
                    return [Finding("file", f"a '{suffix}' file that is not UTF-8 text")]
            return []
        return [Finding("file", f"a '{suffix}' file that is not text (it holds NUL bytes)")]
    shape = f"'{suffix}'" if suffix else "extension-less"
    return [Finding("file", f"a {shape} file of a type the contract does not list for {folder}")]


#: Feed elements whose text is a link, and the attributes that are.
_LINK_ELEMENTS = frozenset({"uri", "icon", "logo", "loc"})
_LINK_ATTRIBUTES = frozenset({"href", "src", "base"})
_HTML_ELEMENTS = frozenset({"content", "summary", "subtitle", "rights", "title"})


def check_feed(data: bytes, rules: Rules, *, what: str = "a feed") -> list[Finding]:
    """The contract for an Atom feed or the sitemap: well-formed XML 1.0 without DOCTYPE or entities, links
    http(s) or relative, and the HTML of each entry passing :func:`check_fragment`."""
    if len(data) > MAX_FEED_BYTES:
        return [Finding("feed", f"{what} over {MAX_FEED_BYTES // 1_000_000} MB, too large to check")]
    root, findings = _parse_xml(data, "feed", what)
    if root is None:
        return findings
    from lxml import etree

    web = frozenset({"http", "https"})
    prolog = [node for node in root.itersiblings(preceding=True) if node.tag is etree.PI]
    for node in [*prolog, *root.iter()]:
        line = node.sourceline or 0
        if node.tag is etree.PI:  # <?xml-stylesheet?>: a browser renders the feed through a style sheet or XSLT
            findings.append(Finding("feed", f"a processing instruction <?{shown(node.target)}?>", line=line))
            continue
        if not isinstance(node.tag, str):
            continue
        _namespace, tag = _local(node.tag)
        links = [value for name, value in node.attrib.items() if _local(name)[1] in _LINK_ATTRIBUTES]
        if tag in _LINK_ELEMENTS:
            links.append(node.text or "")
        for link in links:
            scheme = url_scheme(browser_url(link))
            if scheme is not None and scheme not in web:
                findings.append(Finding("feed", f"a link to '{shown(browser_url(link))}' in <{tag}>", line=line))
        kind = (node.get("type") or "text").strip().lower()
        if tag in _HTML_ELEMENTS and kind in ("html", "text/html", "xhtml", "application/xhtml+xml"):
            if kind in ("html", "text/html"):
                html = node.text or ""
            else:
                html = "".join(etree.tostring(child, encoding="unicode") for child in node)
            for found in check_fragment(html, rules):
                findings.append(Finding(found.kind, f"{found.what} in an entry's <{tag}>", found.needle, line))
    return findings


# == The build =====================================================================================================

#: Where this build's record lives (per build, reset with the index).
KEY: domain.Slot[Written] = domain.Slot("contract")


@dataclass
class Written:
    """What this build wrote: page names (-> whether the page was rendered with a body) and feed paths."""

    pages: dict[str, bool] = field(default_factory=dict)
    feeds: set[str] = field(default_factory=set)
    data: set[str] = field(default_factory=set)  # data files under DATA_FOLDER (preview cards, citation exports)


def _applies(app: Sphinx) -> bool:
    builder = app.builder
    return (
        getattr(builder, "format", "") == "html" and builder.name != "linkcheck" and hasattr(builder, "get_outfilename")
    )


def _written(app: Sphinx) -> Written:
    index = domain.index(app.env)
    record = index.get(KEY)
    return record if record is not None else index.put(KEY, Written())


def record_doc(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the builder is about to write ``docname`` (in this process, even with ``-j``)."""
    if _applies(app):
        _written(app).pages.setdefault(docname, True)


def record_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: a page is written, generated ones included; one without a body is all chrome."""
    if _applies(app):
        _written(app).pages[pagename] = bool(context.get("body"))


def record_feeds(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, before the views machinery empties its queue: the feeds this build writes."""
    if _applies(app):
        pending = domain.index(app.env).pending
        _written(app).feeds.update(path for path in pending if path.endswith(".xml"))
        _written(app).data.update(path for path in pending if path.startswith(DATA_FOLDER + "/"))
    return []


def check_output(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (before anything reads the output): the pages, copied files and feeds of this build."""
    if exception is not None or not _applies(app) or app.env is None:
        return
    written = domain.index(app.env).pop(KEY) or Written()
    rules = Rules.of(app.config)
    outdir = Path(app.outdir)
    redirects = getattr(app.config, "redirects", None)
    redirects = set(redirects) if isinstance(redirects, dict) else set()
    builder = cast("StandaloneHTMLBuilder", app.builder)  # one with get_outfilename (_applies)
    for pagename, has_body in sorted(written.pages.items()):
        path = Path(builder.get_outfilename(pagename))
        if not path.is_file():
            continue
        content: Literal["found", "nothing"] = "found" if has_body else "nothing"
        if _serializing(app.builder):
            findings = _safely(partial(check_serialized, path, rules))
        else:
            findings = _safely(partial(_check_page_file, path, rules, content, pagename in redirects))
        _report(app, findings, path, what="page", docname=pagename if pagename in app.env.all_docs else None)
    for folder, kind in (("_images", "images"), ("_downloads", "downloads")):
        for path in sorted(p for p in (outdir / folder).rglob("*") if p.is_file()):
            whole = kind == "images" and path.suffix.lower() == ".svg"
            findings = _safely(partial(_check_copied_file, path, kind, whole))
            _report(app, findings, path, what="file")
    for feed in sorted(written.feeds):
        path = outdir / feed
        if path.is_file():
            _report(app, _safely(partial(_check_feed_file, path, rules)), path, what="feed")
    for name in sorted(written.data):
        path = outdir / name
        if path.is_file():
            _report(app, _safely(partial(_check_data_file, path)), path, what="file")


def _check_page_file(path: Path, rules: Rules, content: Literal["found", "nothing"], redirect: bool) -> list[Finding]:
    return check_page(path.read_bytes().decode("utf-8", "replace"), rules, content=content, redirect=redirect)


def _check_copied_file(path: Path, kind: str, whole: bool) -> list[Finding]:
    return check_copied(path.name, _head(path, MAX_SVG_BYTES + 1 if whole else SNIFF_BYTES), folder=kind)


def _check_feed_file(path: Path, rules: Rules) -> list[Finding]:
    return check_feed(path.read_bytes(), rules)


def _check_data_file(path: Path) -> list[Finding]:
    return check_data(path.name, path.read_bytes())


#: Where features write data files the site's own scripts and readers fetch (JSON, BibTeX).
DATA_FOLDER = "_longform"
#: The suffixes a data file may have there.
DATA_SUFFIXES = frozenset({".json", ".bib"})


def check_data(name: str, data: bytes) -> list[Finding]:
    """The contract for a data file under ``_longform/``: JSON or BibTeX, UTF-8 text that no browser reads as a
    page (its first bytes are not markup); JSON must parse and hold no ``<`` at all (markup is ``\\u003c``)."""
    suffix = Path(name).suffix.lower()
    if suffix not in DATA_SUFFIXES:
        return [Finding("file", f"a '{suffix}' data file (only {', '.join(sorted(DATA_SUFFIXES))} are written there)")]
    found = check_copied(name, data, folder="downloads")
    if found or suffix != ".json":
        return found
    if b"<" in data:
        return [Finding("file", "a JSON data file with a raw '<' (write it as \\u003c)")]
    try:
        json.loads(data.decode("utf-8"))
    except ValueError:
        return [Finding("file", "a JSON data file that does not parse")]
    return []


def _serializing(builder: Any) -> bool:
    """Whether ``builder`` writes each page's context as data (Sphinx's json and pickle builders), not HTML."""
    return getattr(builder, "out_suffix", "") in SERIALIZED


#: The serializing builders' page files: suffix -> format.
SERIALIZED = {".fjson": "json", ".fpickle": "pickle"}

#: The HTML a serialized page's consumer puts in the <head> (``metatags``) and in the page's content (``body``).
SERIALIZED_HEAD = ("metatags",)
SERIALIZED_CONTENT = ("body",)


class _DataOnly(pickle.Unpickler):
    """Reads back a page the pickle builder wrote: strings, numbers, lists and dicts, never an object."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"a page holds an object ({module}.{name}), not data")


def check_serialized(path: Path, rules: Rules) -> list[Finding]:
    """The contract for a page written by a serializing builder (``.fjson``, ``.fpickle``): its context, whose
    ``metatags`` go in the <head> and whose ``body`` is all content (no script), as the site that renders it will."""
    data = path.read_bytes()
    if SERIALIZED[path.suffix] == "json":
        context = json.loads(data.decode("utf-8"))
    else:
        context = _DataOnly(io.BytesIO(data)).load()
    if not isinstance(context, dict):
        return [Finding("unchecked", f"a page that is not a context ({type(context).__name__})")]
    head = "".join(str(context.get(key) or "") for key in SERIALIZED_HEAD)
    body = "".join(str(context.get(key) or "") for key in SERIALIZED_CONTENT)
    # <article> is content (:func:`_is_content`): the body is all content, the <head> is the head.
    return check_page(f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article>", rules)


def check_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, after sphinx-sitemap wrote it: ``sitemap.xml``, if there is one."""
    if exception is not None or not _applies(app):
        return
    path = Path(app.outdir, str(getattr(app.config, "sitemap_filename", "") or "sitemap.xml"))
    if path.is_file():
        rules = Rules.of(app.config)
        found = _safely(lambda: check_feed(path.read_bytes(), rules, what="a sitemap"))
        _report(app, found, path, what="sitemap")


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def _safely(check: Callable[[], list[Finding]]) -> list[Finding]:
    """``check()``; a file that cannot be read or checked does not pass: it fails closed, with a finding."""
    try:
        return check()
    except Exception as error:  # any failure to read or check the file must fail the build, not pass the file
        why = f"{type(error).__name__}: {shown(str(error), 80)}"
        return [Finding("unchecked", f"content the contract could not check ({why})")]


def _report(app: Sphinx, findings: Iterable[Finding], path: Path, *, what: str, docname: str | None = None) -> None:
    """One warning per kind of violation in one output file."""
    by_kind: dict[str, list[Finding]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    if not by_kind:
        return
    relpath = path.relative_to(app.outdir).as_posix() if path.is_relative_to(app.outdir) else str(path)
    source_lines: list[str] | None = None
    for kind, found in by_kind.items():
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        location: tuple[str, int] | str
        if docname is not None:
            if source_lines is None:
                source_lines = _source_lines(app, docname)
            location = (docname, _line_of(source_lines, first.needle))
        else:
            location = f"{path}:{first.line or 1}"
        hint = ""
        if kind == "request":
            hint = "; a maintainer who trusts the host names it in longform_allow['hosts']"
        elif kind == "url":
            hint = "; a maintainer who trusts the scheme names it in longform_allow['url_schemes']"
        holds = "is" if kind == "file" else "holds"
        warn(
            f"the output {what} {relpath} {holds} {first.what}{more} — a rule upstream missed it, and the {what} must "
            f"not be published: find what put it there (a source, a template or an extension) and remove it{hint}",
            subtype="unsafe-output",
            location=location,
        )


def _source_lines(app: Sphinx, docname: str) -> list[str]:
    try:
        return Path(app.env.doc2path(docname)).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _line_of(lines: list[str], needle: str) -> int:
    """The first line of the source holding ``needle`` (at least 4 characters), else 1."""
    if len(needle) >= 4:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return 1


def setup(app: Sphinx) -> None:
    events.connect(app, "doctree-resolved", record_doc)
    events.connect(app, "html-page-context", record_page)
    events.connect(app, "html-collect-pages", record_feeds)
    events.connect(app, "build-finished", check_output)
    events.connect(app, "build-finished", check_sitemap)
