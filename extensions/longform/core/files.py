"""What may be published: the file types a page may show or offer, decided from the file itself.

A contributor adds files next to an essay; an image or a download copies them to the site's origin,
where a browser opens them.  An HTML page, an SVG with script or an XML file with an XHTML
``<h:script>`` is then script on the site.  So a file is published only when it is in
:data:`IMAGES` (images) or :data:`DOWNLOADS` (downloads) **and** its first bytes say the same
(:func:`sniff`): both must agree, and anything else is refused (an allow-list, not a list of
dangers).  An SVG image must also pass :func:`svg_problem` (no script, no event handler, no
reference to another file); it is refused, never rewritten.

Never published, whatever a maintainer allows:

* the extensions in :data:`NEVER` (HTML, XML, SVG as a download, script, CSS, …), and any download
  whose first bytes look like markup (``<!doctype``, ``<html``, ``<?xml``, ``<svg``, ``<script`` …);
* a page's source (any of ``source_suffix``: ``.md``, ``.rst`` …): unpublished essays (drafts, scheduled)
  would leak through ``{download}`` or ``![](x.md)``; and any file named after an unpublished page
  (``essays/draft.pdf``, ``essays/draft/figure.png``);
* a file that is a symlink to outside the source folder, or not a regular file (a FIFO, a device);
* a file with no extension.

Every image a page names is checked as Sphinx will copy it: a glob (``figures/x.*``) and a
per-language variant (``x.en.svg`` for ``figure_language_filename``) are expanded here first, and the
image is refused when any file it could resolve to is refused (:func:`image_files`).

An image on another site (``https://…``) makes every reader's browser call that site: it is refused
(``longform.remote-resource``) unless its host is in ``longform_allow["hosts"]`` (or is ``html_baseurl``'s).

A maintainer widens downloads with ``longform_allow["downloads"]`` (extensions, e.g. ``["docx"]``): such
a file is published when it does not look like markup; :data:`NEVER` still wins.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from glob import glob
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from lxml import etree
from sphinx.util.i18n import get_image_filename_for_language, search_image_for_language

from . import compat, publishing, scope
from .log import line_of, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


# -- the allow-list ----------------------------------------------------------------------------------

#: Image extension -> the kind its first bytes must sniff as.
IMAGES: dict[str, str] = {
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
    "avif": "avif",
    "svg": "svg",  # and then svg_problem() must find nothing
}

#: Download extension -> the kind its first bytes must sniff as ("text": UTF-8 text that is not markup).
DOWNLOADS: dict[str, str] = {
    # documents and data
    "pdf": "pdf", "epub": "zip", "txt": "text", "csv": "text", "tsv": "text", "json": "text",
    "yaml": "text", "yml": "text", "toml": "text", "ipynb": "text", "log": "text", "diff": "text",
    "patch": "text",
    # source code, as text
    "py": "text", "go": "text", "rs": "text", "c": "text", "h": "text", "cc": "text", "cpp": "text",
    "hpp": "text", "java": "text", "kt": "text", "scala": "text", "rb": "text", "sql": "text", "sh": "text",
    "r": "text", "swift": "text", "hs": "text", "ex": "text", "exs": "text", "erl": "text", "lua": "text",
    "proto": "text", "tf": "text", "dockerfile": "text", "ini": "text", "cfg": "text",
    # archives
    "zip": "zip", "tar": "tar", "gz": "gzip", "tgz": "gzip", "bz2": "bzip2", "xz": "xz", "7z": "7z",
    # images offered as files
    "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "gif": "gif", "webp": "webp", "avif": "avif",
}  # fmt: skip

#: Extensions never published, whatever ``longform_allow`` says: a browser runs or renders them as a page.
NEVER: frozenset[str] = frozenset(
    {
        "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "xml", "xsl", "xslt", "xsd", "rss", "atom",
        "svg", "svgz", "js", "mjs", "cjs", "wasm", "swf", "jar", "css", "hta", "php", "vbs", "xbl", "pdfxml",
    }
)  # fmt: skip

#: Kind -> what a contributor calls it (in messages).
KIND_NAMES: dict[str, str] = {
    "png": "a PNG image", "jpeg": "a JPEG image", "gif": "a GIF image", "webp": "a WebP image",
    "avif": "an AVIF image", "svg": "an SVG image", "pdf": "a PDF", "zip": "a zip archive",
    "gzip": "a gzip archive", "bzip2": "a bzip2 archive", "xz": "an xz archive", "7z": "a 7-Zip archive",
    "tar": "a tar archive", "text": "UTF-8 text", "markup": "HTML/XML markup", "binary": "binary data",
    "empty": "an empty file",
}  # fmt: skip

#: How many first bytes :func:`sniff` reads.
SNIFF_BYTES = 4096
#: An SVG image over this is refused rather than parsed.
MAX_SVG_BYTES = 5_000_000


# -- sniffing --------------------------------------------------------------------------------------

#: (offset, signature) -> kind, for the binary kinds (their published specifications' magic bytes).
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"\xff\xd8\xff", "jpeg"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (0, b"%PDF-", "pdf"),
    (0, b"PK\x03\x04", "zip"),
    (0, b"PK\x05\x06", "zip"),  # an empty archive
    (0, b"\x1f\x8b", "gzip"),
    *((0, b"BZh" + bytes([level]), "bzip2") for level in b"123456789"),  # 'BZh' and the block size
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (257, b"ustar", "tar"),
)

#: Markup a browser would render as a page (after a BOM and blanks): '<' then a letter, '!', '?' or '/'.
#: A superset of the WHATWG MIME sniffing standard's HTML and XML patterns (``<!DOCTYPE HTML``, ``<HTML``,
#: ``<SCRIPT``, ``<!--``, ``<?xml`` …), so no text starting with a tag is published.
_MARKUP = re.compile(rb"^<[A-Za-z!?/]")
_BLANKS = b" \t\r\n\x0c"


def sniff(head: bytes) -> str:
    """The kind of a file from its first bytes: a key of :data:`KIND_NAMES` ("svg" is never returned:
    an SVG sniffs as "markup", and :func:`svg_problem` decides)."""
    if not head:
        return "empty"
    for offset, signature, kind in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and (head[8:12] in (b"avif", b"avis") or _has_brand(head, b"avif")):
        return "avif"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(_BLANKS)
    if _MARKUP.match(text):
        return "markup"
    if b"\x00" in head or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "binary"  # UTF-16 (which could hide markup) and anything with NUL bytes
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut in two at the end of the head
            return "binary"
    return "text"


def _has_brand(head: bytes, brand: bytes) -> bool:
    """Whether the ISO base media 'ftyp' box at the start lists ``brand`` among its compatible brands."""
    size = int.from_bytes(head[:4], "big")
    box = head[16 : min(size, len(head))]
    return any(box[i : i + 4] == brand for i in range(0, len(box) - 3, 4))


def _read_head(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(SNIFF_BYTES)


# -- SVG -------------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
#: Elements a browser runs, or that embed another document or page (any namespace).
_SVG_ELEMENTS_REFUSED = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "frame", "frameset", "applet", "handler", "listener"}
)
_ANIMATIONS = frozenset({"animate", "set", "animatetransform", "animatemotion", "animatecolor"})
#: Namespaces whose elements a browser renders or runs inside an SVG (XHTML, MathML, XML Events, XInclude).
_NAMESPACES_REFUSED = (
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/2001/xml-events",
    "http://www.w3.org/2001/XInclude",
)
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_FETCH = re.compile(r"@import|image-set\(|\\", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def svg_problem(data: bytes) -> str | None:
    """What makes ``data`` unsafe to publish as an SVG image, or None when it is a plain drawing."""
    if len(data) > MAX_SVG_BYTES:
        return f"it is over {MAX_SVG_BYTES // 1_000_000} MB"
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        return f"it is not well-formed XML ({error.msg})"
    tree = root.getroottree()
    docinfo: Any = tree.docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None or b"<!ENTITY" in data:
        return "it has a DOCTYPE or ENTITY declaration (delete the <!DOCTYPE …> line: a drawing needs none)"
    if root.tag != f"{{{SVG_NS}}}svg":
        return f"its root element is <{etree.QName(root).localname}>, not an SVG <svg>"
    for element in (*root.itersiblings(preceding=True), *root.itersiblings(), *root.iter()):
        if element.tag is etree.ProcessingInstruction:  # <?xml-stylesheet?> would apply XSLT: script
            return f"it has the processing instruction <?{element.target}?>"
        if element.tag is etree.Entity:
            return f"it uses the entity {element.text}"
        if not isinstance(element.tag, str):
            continue  # a comment
        qname = etree.QName(element)
        name = qname.localname
        if qname.namespace in _NAMESPACES_REFUSED:
            return f"it has an element <{name}> from {qname.namespace}"
        if name.lower() in _SVG_ELEMENTS_REFUSED:
            return f"it has a <{name}> element"
        if name.lower() in _ANIMATIONS:
            target = str(element.get("attributeName", "")).strip().lower().rsplit(":", 1)[-1]
            if target == "href" or target.startswith("on"):
                return f"<{name}> animates '{element.get('attributeName')}'"
        if name == "style":
            problem = _css_problem(element.text or "")
            if problem:
                return f"its <style> {problem}"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            lower = local.lower()
            if lower.startswith("on"):
                return f"<{name}> has the event handler attribute '{local}'"
            if lower in ("href", "src") and not value.strip().startswith("#"):
                return f"<{name}> has {local}=\"{_shown(value)}\" (only '#…' references inside the file are allowed)"
            problem = _css_problem(value) if lower == "style" or "url(" in value.lower() else None
            if problem:
                return f'<{name}> {local}="…" {problem}'
    return None


def _css_problem(css: str) -> str | None:
    found = _CSS_FETCH.search(css)
    if found:
        return f"has '{found[0]}' (CSS may not load or escape anything)"
    for match in _URL.finditer(css):
        if not match[2].startswith("#"):
            return f"has url({_shown(match[2])}) (only url(#…) inside the file is allowed)"
    return None


def _shown(text: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 40 else text[:37] + "..."


# -- what a file is --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a file is not published: the warning's subtype and its message."""

    subtype: str
    message: str


def extension(path: str) -> str:
    """The lower-case extension of ``path`` without its dot ('' when it has none)."""
    name = os.path.basename(path)
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def image_type_problem(path: str) -> str | None:
    """Why the file at ``path`` (a regular file) may not be shown as an image, or None."""
    ext = extension(path)
    if ext not in IMAGES:
        allowed = ", ".join(sorted(set(IMAGES)))
        return f"'.{ext}' is not an image type the site publishes ({allowed})" if ext else "it has no extension"
    expected = IMAGES[ext]
    if expected == "svg":
        with open(path, "rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
        return svg_problem(data)
    found = sniff(_read_head(path))
    if found != expected:
        return f"its name says {KIND_NAMES[expected]} but its bytes are {KIND_NAMES[found]}"
    return None


def download_type_problem(path: str, extra: Iterable[str] = ()) -> str | None:
    """Why the file at ``path`` (a regular file) may not be offered as a download, or None."""
    ext = extension(path)
    if not ext:
        return "it has no extension (name it for what it is, e.g. '.txt' or '.zip')"
    if ext in NEVER:
        return f"'.{ext}' files open as pages or run in the reader's browser"
    widened = {e.strip(".").lower() for e in extra}
    if ext not in DOWNLOADS and ext not in widened:
        return f"'.{ext}' is not a type the site offers for download (a maintainer can allow it in longform_allow)"
    found = sniff(_read_head(path))
    expected = DOWNLOADS.get(ext)
    if found == "markup":
        return "its first bytes are HTML/XML markup, which a browser may open as a page"
    if expected is None:  # a maintainer's extension: anything but markup
        return None
    if found != expected and not (expected == "text" and found == "empty"):
        return f"its name says {KIND_NAMES[expected]} but its bytes are {KIND_NAMES[found]}"
    return None


# -- where a file is -------------------------------------------------------------------------------


def _relative(env: BuildEnvironment, path: str) -> str:
    return os.path.relpath(path, env.srcdir).replace(os.sep, "/")


def place_problem(env: BuildEnvironment, path: str) -> str | None:
    """Why the file at ``path`` (absolute) may not be published from where it is, or None.

    Outside the source folder (after symlinks), not a regular file, a page's source, or named after an
    unpublished page."""
    srcdir = os.path.realpath(env.srcdir)
    real = os.path.realpath(path)
    rel = _relative(env, path)
    if not (real == srcdir or real.startswith(srcdir + os.sep)):
        return f"'{rel}' is a symlink to outside the source folder"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None  # missing: Sphinx says it is not readable
    if not stat.S_ISREG(mode):
        return f"'{rel}' is not a regular file"
    suffixes = tuple(str(s).lower() for s in env.config.source_suffix)
    hidden = publishing.unpublished(env)
    names = dict.fromkeys((rel, os.path.relpath(real, srcdir).replace(os.sep, "/")))  # as named, and its target
    for name in names:
        shown = rel if name == rel else f"{rel}' (a symlink to '{name})"
        if name.lower().endswith(suffixes):
            return (
                f"'{shown}' is a page's source (pages are published as pages, drafts and scheduled essays not at all)"
            )
        for docname in hidden:
            if name == docname or name.startswith((f"{docname}.", f"{docname}/")):
                return f"'{shown}' belongs to '{docname}', which is not published (a draft or scheduled essay)"
    return None


def image_files(env: BuildEnvironment, docname: str, uri: str) -> list[str]:
    """Every file (absolute path) Sphinx's image collector could take for ``uri`` on ``docname``: the
    glob's matches, with and without the language, or the file and its language variant."""
    if uri.endswith(os.extsep + "*"):
        found: list[str] = []
        for pattern in (get_image_filename_for_language(uri, env), uri):
            _rel, absolute = env.relfn2path(pattern, docname)
            found.extend(glob(absolute))  # the collector globs the same two patterns
        return sorted(set(found))
    paths = [env.relfn2path(uri, docname)[1]]
    variant = search_image_for_language(uri, env)
    if variant != uri:
        paths.append(env.relfn2path(variant, docname)[1])
    return paths


def check_image(env: BuildEnvironment, docname: str, uri: str, hosts: frozenset[str]) -> Refusal | None:
    """Why the image ``uri`` (a local path or an http(s) URL) of ``docname`` is refused, or None."""
    if "://" in uri or uri.startswith("//"):
        host = (urlsplit(uri).hostname or "").lower().rstrip(".")
        own = (urlsplit(str(getattr(env.config, "html_baseurl", "") or "")).hostname or "").lower().rstrip(".")
        if host and (host in hosts or host == own):  # the maintainer's hosts, and the site's own
            return None
        return Refusal(
            subtype="remote-resource",
            message=f"the image '{_shown(uri)}' is on another site ({host or 'no host'}), so every reader's browser "
            "would call it — download the image into the page's folder, or ask a maintainer to allow the host "
            "in longform_allow['hosts']",
        )
    named = env.relfn2path(uri, docname)[1]
    checked = compat.page_data(env, CHECKED, set[str])
    for path in image_files(env, docname, uri):
        if os.path.isfile(path):
            compat.note_dependency(env, path, docname)  # a fixed file is checked again in an incremental build
        problem = place_problem(env, path)
        if problem is None and os.path.isfile(path):
            try:
                problem = image_type_problem(path)
            except OSError as error:
                problem = f"it cannot be read ({error.strerror})"
            if problem and path != named:  # a glob's match or a language variant: say which file
                how = "the glob matches" if uri.endswith(".*") else "Sphinx would show the language variant"
                problem = f"{how} '{_relative(env, path)}': {problem}"
        if problem is None:
            checked.add(os.path.normpath(path))
            continue
        return Refusal(
            subtype="unsafe-file",
            message=f"image '{_shown(uri)}' refused — {problem}; an image is a PNG, JPEG, GIF, WebP, AVIF or "
            "a plain SVG drawing (no script, event handlers, foreignObject or links to other files) in the source "
            "folder",
        )
    return None


def check_notebook_output(env: BuildEnvironment, docname: str, uri: str) -> Refusal | None:
    """Why the image file myst-nb wrote for a notebook cell's output (``uri``, in its output folder, outside the
    source folder) is refused, or None.  Its bytes are the notebook's, so its type is checked as any image's."""
    path = os.path.normpath(env.relfn2path(uri, docname)[1])
    problem = None
    if os.path.isfile(path):
        try:
            problem = image_type_problem(path)
        except OSError as error:
            problem = f"it cannot be read ({error.strerror})"
    if problem is None:
        compat.page_data(env, CHECKED, set[str]).add(path)
        return None
    return Refusal(
        subtype="unsafe-file",
        message=f"the output image of a notebook cell '{_shown(uri)}' refused — {problem}; a cell's output image is "
        "a PNG, JPEG, GIF, WebP, AVIF or a plain SVG drawing",
    )


def check_download(env: BuildEnvironment, docname: str, target: str, extra: Iterable[str] = ()) -> Refusal | None:
    """Why the download ``target`` (a path relative to ``docname``) is refused, or None."""
    _rel, path = env.relfn2path(target, docname)
    if os.path.isfile(path):
        compat.note_dependency(env, path, docname)
    problem = place_problem(env, path)
    if problem is None and os.path.isfile(path):
        try:
            problem = download_type_problem(path, extra)
        except OSError as error:
            problem = f"it cannot be read ({error.strerror})"
    if problem is None:
        return None
    return Refusal(
        subtype="unsafe-file",
        message=f"download '{_shown(target)}' refused — {problem}; downloads are inert files (PDF, text, data, "
        "source code, archives, images) in the source folder",
    )


# -- after Sphinx's image collector: what it will copy -----------------------------------------------

#: :func:`~longform.core.compat.page_data` key: the files (absolute) :func:`check_image` passed on the page being read.
CHECKED = "longform_files_checked"


def check_candidates(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after Sphinx's image collector): fail closed on what it will copy.

    :func:`check_image` checks every file the collector could take for an image before it runs; this checks
    that each candidate it took is one of them (or passes the same rules), so a future Sphinx that finds its
    files differently publishes nothing unchecked.  A refused candidate leaves the node and ``env.images``; the
    dependency stays, so the page is read again when the file changes.
    """
    env = app.env
    docname = env.docname
    if not scope.is_policed(app.config, docname):
        return  # a maintainer's page: its files are the maintainer's (the output contract still checks them)
    checked = compat.page_data(env, CHECKED, set[str])
    for node in list(doctree.findall(nodes.image)):
        candidates: dict[str, str] = node.get("candidates") or {}
        refused: list[str] = []
        for key, rel in list(candidates.items()):
            if key == "?":
                continue  # a remote URL: check_image allowed its host
            path = os.path.normpath(os.path.join(env.srcdir, rel))
            if path in checked:
                continue
            problem = place_problem(env, path)
            if problem is None and os.path.isfile(path):
                try:
                    problem = image_type_problem(path)
                except OSError as error:
                    problem = f"it cannot be read ({error.strerror})"
            if problem is None:
                checked.add(path)
                continue
            del candidates[key]
            compat.forget_image(env, docname, rel)
            refused.append(f"'{rel}': {problem}")
        if not refused:
            continue
        warn(
            f"image '{_shown(str(node.get('uri', '')))}' refused — {refused[0]}; an image is a PNG, JPEG, GIF, WebP, "
            "AVIF or a plain SVG drawing in the source folder",
            subtype="unsafe-file",
            location=(docname, line_of(node)),
        )
        if not candidates and node.parent is not None:
            node.parent.remove(node)
