"""What contributors write is text, never code: the allow-lists, enforced in code.

Longform takes pull requests from strangers, so the pages they write are read under
these rules (the writing guide's "Security policy" states them, and
``tests/test_hostile.py`` tries to break each one).  Which pages: the folders
``longform_policed`` names (:mod:`longform.core.scope`; by default the catalogue's
folders, ``"."`` for all of them).  Markup, front-matter keys and files are policed
there only; a maintainer's page elsewhere is trusted.  Sizes, characters, YAML,
numeric bounds, URLs, link attributes, maths, symlinks and redirects hold on every page.

* **Markup**: only the directives in :data:`DIRECTIVES` and the roles in
  :data:`ROLES` run.  Any other is a located ``longform.unsafe-directive`` /
  ``longform.unsafe-role`` warning and renders nothing (``{eval-rst}`` included); a name
  nothing registered is ``longform.unknown-directive`` / ``longform.unknown-role``, with the
  closest name.  reST's default role is spelled ``default`` in ``longform_allow["roles"]``.
* **Front matter**: only the keys in :data:`FRONT_MATTER` are read; a key that
  would change how the page is parsed or what its ``<head>`` holds (``myst``,
  ``html_meta``, ``og:*``, ``substitutions``…) is ``longform.unsafe-front-matter``,
  any other unknown key ``longform.unknown-key``; either is blanked before MyST
  sees it.  YAML anchors and aliases are refused, duplicate keys warned.
* **URLs**: every ``href`` and ``src`` from a page is http(s), mailto or relative
  (:data:`URL_SCHEMES`); anything else is ``longform.unsafe-url`` and is dropped.
* **Files**: every image and download resolves, after symlinks, inside the
  source folder (``longform.unsafe-file``); pages and folders that are symlinks
  to outside it are left out of the build (``longform.unsafe-symlink``).
* **Bounds**: a page over ``longform_max_page_bytes`` (default :data:`MAX_SOURCE_BYTES`) is left out of
  the build unread, like an excluded file (:func:`leave_out_oversized`); a front-matter block over
  :data:`MAX_FRONT_MATTER_BYTES` and a vocabulary over :data:`MAX_VOCABULARY_BYTES` are refused
  (``longform.too-large``).
* **Numbers, characters, nesting** (:mod:`longform.core.bounds`): a character XML cannot hold is
  ``longform.bad-character`` once per page and removed at ``source-read``; YAML nested deeper than
  :data:`~longform.core.bounds.MAX_YAML_DEPTH` is ``longform.unsafe-yaml`` and a 100-digit number
  ``longform.out-of-range``, either refusing the block; directive options and ``{octicon}`` are checked
  by the markup guard (:mod:`longform.core.compat`).
* **Link attributes**: ``rel`` in :data:`REL_VALUES`, ``target`` in :data:`LINK_TARGETS`
  (``longform.unsafe-attribute``); ``target="_blank"`` always comes with ``rel="noopener noreferrer"``.
* **Redirects** (``redirects`` in conf.py): sources are pages inside the site,
  targets http(s) or site-relative (``longform.unsafe-redirect``).

A maintainer widens the lists with one setting, ``longform_allow``::

    longform_allow = {"directives": ["csv-table"], "roles": ["py:func"], "front_matter": [], "url_schemes": []}
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from . import bounds, catalogue, compat, domain, events, files, frontmatter, log, notebooks, scope
from .log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


#: Directives any page may use: prose, code, figures, tables, sphinx-design layout and Longform's own.
DIRECTIVES: frozenset[str] = frozenset(
    {
        # admonitions and prose blocks
        "admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "tip",
        "warning", "seealso", "topic", "rubric", "epigraph", "pull-quote", "highlights", "compound",
        "line-block", "parsed-literal", "versionadded", "versionchanged", "deprecated", "centered",
        "glossary", "hlist", "container", "rst-class", "class", "only",
        # code, maths, figures and tables
        "code", "code-block", "sourcecode", "highlight", "math", "figure", "image", "table", "list-table",
        # navigation (names pages of the site only)
        "toctree", "contents",
        # sphinx-design
        "grid", "grid-item", "grid-item-card", "card", "card-carousel", "tab-set", "tab-item",
        "tab-set-code", "dropdown", "button-link", "button-ref",
        # Longform
        "tags", "tag-index", "essay-list", "reading-path", "path-list", "longform-reference",
    }
)  # fmt: skip

#: Roles any page may use.
ROLES: frozenset[str] = frozenset(
    {
        "doc", "ref", "numref", "term", "abbr", "sub", "sup", "subscript", "superscript", "math", "eq", "kbd",
        "code", "literal", "emphasis", "strong", "title-reference", "dfn", "file", "samp", "command",
        "program", "option", "envvar", "guilabel", "menuselection", "rfc", "pep", "download",
        # sphinx-design
        "bdg", "bdg-primary", "bdg-secondary", "bdg-success", "bdg-info", "bdg-warning", "bdg-danger",
        "bdg-light", "bdg-dark", "bdg-muted", "bdg-ref-primary", "bdg-ref-secondary", "bdg-link-primary",
        "bdg-link-secondary", "octicon",
        # Longform
        "site-count", "feed-link",
    }
)  # fmt: skip

PARSER_KEYS = frontmatter.PARSER_KEYS
PAGE_KEYS = frontmatter.PAGE_KEYS

#: Every front-matter key a page may carry.
FRONT_MATTER: frozenset[str] = frozenset(frontmatter.CONTRACT) | PAGE_KEYS

#: URL schemes a link or image may use (no scheme: relative to the site).
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: ``longform_max_page_bytes``' default.
MAX_SOURCE_BYTES = 1_000_000
MAX_FRONT_MATTER_BYTES = frontmatter.MAX_FRONT_MATTER_BYTES
MAX_VOCABULARY_BYTES = 500_000


# -- allow-lists with the maintainer's additions -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Policy:
    directives: frozenset[str]
    roles: frozenset[str]
    front_matter: frozenset[str]
    url_schemes: frozenset[str]
    hosts: frozenset[str]
    downloads: frozenset[str]


def policy(config: Config) -> Policy:
    extra = getattr(config, "longform_allow", None) or {}

    def more(key: str) -> frozenset[str]:
        values = extra.get(key, []) if isinstance(extra, dict) else []
        return frozenset(str(v).strip().lower() for v in values if str(v).strip())

    # reST's default role (`text`, no role name) is spelled "default" (or "") in longform_allow["roles"].
    given_roles = extra.get("roles", []) if isinstance(extra, dict) else []
    default_role = frozenset({compat.DEFAULT_ROLE}) if any(not str(v).strip() for v in given_roles) else frozenset()
    return Policy(
        directives=DIRECTIVES | more("directives"),
        roles=ROLES | more("roles") | default_role,
        front_matter=FRONT_MATTER | frontmatter.allowed_keys(config),
        url_schemes=URL_SCHEMES | more("url_schemes"),
        hosts=more("hosts"),
        downloads=more("downloads"),
    )


# -- text and names -------------------------------------------------------------------------------

clean_text = frontmatter.clean_text

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Names Windows cannot give a file, whatever the extension.
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)})
#: Slugs that would name a generated page of their own folder (``tags/index.html`` is the tag index).
RESERVED_SLUGS = frozenset({"index"}) | DEVICE_NAMES


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a generated page, or None when it can."""
    if not SLUG.fullmatch(slug) or len(slug) > 60:
        return "must be lowercase letters, digits and single hyphens (at most 60), e.g. 'event-sourcing'"
    if slug in RESERVED_SLUGS:
        return f"is reserved ('{slug}' names a page the site generates itself, or a file Windows cannot hold)"
    return None


# -- URLs -----------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (after it strips blanks and controls), or None."""
    text = unquote(url) if "%" in url[:16] else url
    text = re.sub(r"[\t\n\r]", "", text).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f \x1f")
    text = frontmatter.INVISIBLE.sub("", text)
    match = _SCHEME.match(text)
    if match and not re.match(r"[^:]*[/?#]", text[: match.end()]):
        return match[1].lower()
    if text.startswith("\\") or text.startswith("/\\"):
        return "unc"
    return None


#: Roles whose target may name another project's inventory (``:ref:`sphinx:build-config```, intersphinx): the
#: prefix is not a URL scheme.
INVENTORY_ROLES = frozenset({"ref", "numref", "doc", "term", "keyword", "option", "envvar", "token"})


def url_allowed(url: str, schemes: frozenset[str]) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in schemes


# -- source-read: size, front matter, markup ------------------------------------------------------


def max_page_bytes(config: Config) -> int:
    """``longform_max_page_bytes`` (its default when unusable: ``config.check`` has warned)."""
    value = getattr(config, "longform_max_page_bytes", MAX_SOURCE_BYTES)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else MAX_SOURCE_BYTES


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} KB"


def oversized(app: Sphinx, env: BuildEnvironment) -> dict[str, int]:
    """docname -> size in bytes of every source page whose file is over ``longform_max_page_bytes``."""
    limit = max_page_bytes(app.config)
    found: dict[str, int] = {}
    for docname in sorted(env.found_docs):
        try:
            size = os.stat(env.doc2path(docname)).st_size
        except OSError:
            continue  # Sphinx reports a page it cannot read
        if size > limit:
            found[docname] = size
    return found


def leave_out_oversized(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: a page over ``longform_max_page_bytes`` is left out of the build, unread, as if its
    file were excluded (one ``longform.too-large`` warning at its line 1, every build); the rest builds."""
    limit = max_page_bytes(app.config)
    found = oversized(app, env)
    for docname, size in found.items():
        warn(
            f"the page is {size:,} bytes, over the {_size(limit)} a page may be — split it (or a maintainer "
            f"raises longform_max_page_bytes in conf.py); until then it is left out of the build",
            subtype="too-large",
            location=(docname, 1),
        )
    compat.leave_out(env, found, added=added, changed=changed, removed=removed)
    domain.set_site(env, "oversized", sorted(found))  # a toctree naming one drops it silently (publishing.TocTree)
    return []


#: What ``source-read`` leaves for the rest of the page's read (:func:`longform.core.compat.page_data`, emptied by
#: Sphinx per page).
#: ``longform_front_matter``: the page's typed :class:`~longform.core.frontmatter.FrontMatter` (catalogue pages);
#: ``longform_key_lines``: front-matter key -> line; ``longform_block``: "empty" or "broken" when the block gave
#: nothing to read; ``longform_refused`` / ``longform_yaml_refused``: the page or its block was refused.
READ_STATE = (
    "longform_front_matter",
    "longform_key_lines",
    "longform_block",
    "longform_refused",
    "longform_yaml_refused",
)


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (first): refuse oversized pages and unsafe front matter; guard the markup."""
    env = app.env
    rules = policy(app.config)
    policed = scope.is_policed(app.config, docname)
    compat.guard_markup(
        env, docname, rules.directives, rules.roles, refuse=_markup_refuser(app.config), trusted=not policed
    )
    for key in READ_STATE:
        compat.forget_page_value(env, key)
    path = str(env.doc2path(docname))
    if not _within_bounds(app, docname, source, notebook=notebooks.is_notebook(path)):
        return
    if notebooks.is_notebook(path):
        if policed:  # its metadata and outputs, under the rules of a page's front matter and markup
            key = str(getattr(app.config, "nb_metadata_key", "") or "mystnb")
            source[0] = notebooks.check(source[0], docname, metadata_key=key)
    elif path.endswith((".md", ".markdown")):
        source[0] = _check_front_matter(app, docname, source[0], rules, policed=policed)


def _within_bounds(app: Sphinx, docname: str, source: list[str], *, notebook: bool) -> bool:
    """A page over ``longform_max_page_bytes`` once read is read empty (False); a character XML cannot hold
    is one located warning and is removed."""
    text = source[0]
    limit = max_page_bytes(app.config)
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        # A page that grew past the bound after leave_out_oversized measured its file (undecodable bytes are read
        # as U+FFFD, three bytes each) is read empty; a notebook as an empty notebook (myst-nb stops on "").
        warn(
            f"the page is over {_size(limit)} once read — split it; until then it is left empty",
            subtype="too-large",
            location=(docname, 1),
        )
        compat.set_page_value(app.env, "longform_refused", True)
        source[0] = notebooks.EMPTY if notebook else ""
        return False
    bad = bounds.first_bad_character(text)
    if bad is not None:
        line, code_point = bad
        warn(bounds.bad_character_message(code_point), subtype="bad-character", location=(docname, line))
        source[0] = bounds.drop_bad_characters(text)
    return True


def _check_front_matter(app: Sphinx, docname: str, text: str, rules: Policy, *, policed: bool) -> str:
    """A Markdown page's front matter, parsed once (:func:`longform.core.frontmatter.read`): each problem of the
    block and each key the page may not carry is one located warning; what is refused is blanked (keeping the
    line count) before MyST reads the block; a catalogue page's typed record is left for the catalogue."""
    env = app.env
    kind = catalogue.kind_of(env, docname)
    if kind is not None and not text.strip():
        warn(
            "the file is empty — write the front matter and a '# Title', or delete the file",
            subtype="empty-essay",
            location=(docname, 1),
        )
        compat.set_page_value(env, "longform_block", "empty")
        compat.set_page_value(env, "longform_front_matter", frontmatter.typed({}, require=False))
        return text
    parsed = frontmatter.read(text, domain.index(env).front_matter)
    compat.set_page_value(env, "longform_key_lines", dict(parsed.lines) if parsed is not None else {})
    if parsed is None:
        if kind is not None:
            compat.set_page_value(env, "longform_front_matter", frontmatter.typed({}, require=kind != "note"))
        return text
    for problem in parsed.problems:
        warn(problem.message, subtype=problem.subtype, location=(docname, problem.line or 1))
    lines = text.split("\n")
    if parsed.refused:
        compat.set_page_value(env, "longform_yaml_refused", True)
        return _blanked(lines, [(2, parsed.block.end)], parsed.block.end)
    if parsed.broken:
        compat.set_page_value(env, "longform_block", "broken")
        if not parsed.block.closed:
            # Blank the stray '---' (keeping the line count) so that MyST does not also read it as a thematic
            # break, which docutils would report in words of its own.
            lines[0] = ""
    refused = _refused_keys(app, docname, parsed, rules, policed=policed, catalogued=kind is not None)
    if kind is not None:
        kept = {key: value for key, value in parsed.data.items() if key not in refused}
        typed = frontmatter.typed(kept, require=kind != "note" and not parsed.broken)
        compat.set_page_value(env, "longform_front_matter", typed)
    return _without(lines, parsed, refused) if policed else "\n".join(lines)


def _without(lines: list[str], parsed: frontmatter.Parsed, refused: set[str]) -> str:
    """The source with the refused keys' lines blanked; the whole block when one shares a line with a key that
    is kept (a flow mapping such as ``{title: x, myst: y}``)."""
    spans = [(first, last) for key, first, last in parsed.spans if key in refused]
    kept = {n for key, first, last in parsed.spans if key not in refused for n in range(first, last + 1)}
    if any(first <= n <= last for first, last in spans for n in kept):
        spans = [(2, parsed.block.end)]
    return _blanked(lines, spans, parsed.block.end)


def _refused_keys(
    app: Sphinx, docname: str, parsed: frontmatter.Parsed, rules: Policy, *, policed: bool, catalogued: bool
) -> set[str]:
    """The keys the page may not carry, each warned once at its line: on a policed page every key outside the
    allow-list; on a maintainer's catalogue page the unknown ones (its parser keys are its own)."""
    if not (policed or catalogued):
        return set()
    where = scope.described(app.config, docname)
    refused: set[str] = set()
    for key in parsed.data:
        problem = frontmatter.key_problem(key, rules.front_matter, where=where, trusted=not policed)
        if problem is not None:
            warn(problem.message, subtype=problem.subtype, location=(docname, parsed.lines.get(key, 1)))
            refused.add(key)
    return refused


def _blanked(lines: list[str], spans: list[tuple[int, int]], end: int) -> str:
    """``lines`` joined, with the 1-based lines of each span emptied (never the closing delimiter, line
    ``end + 1``): MyST then reads the block without them, and every line keeps its number."""
    for first, last in spans:
        for number in range(first, min(last, end) + 1):
            lines[number - 1] = ""
    return "\n".join(lines)


def _markup_refuser(config: Config) -> compat.Refuse:
    """The guard's report of a refused directive or role, naming where the allow-list holds."""

    def refuse(kind: str, name: str, docname: str, line: int, *, known: bool = True, close: str | None = None) -> None:
        key = compat.role_key(name) if kind == "role" else name.strip().lower()
        shown = f"the {kind} '{name}'"
        if kind == "role" and not name.strip():
            shown = "the default role (`text` with no role name)"
        if not known:
            hint = f"did you mean '{close}'? " if close else ""
            message = (
                f"unknown {kind} '{name}' — no extension of this site defines it (a typo, or an extension not "
                f"installed); {hint}fix the name or remove it"
            )
            if kind == "directive":
                warn(message, subtype="unknown-directive", location=(docname, line))
            else:
                warn(message, subtype="unknown-role", location=(docname, line))
            return
        listed = "directives" if kind == "directive" else "roles"
        warn(
            f"{shown} is not allowed in {scope.described(config, docname)} — pages there are text, never code; "
            f"remove it (the {listed} they may use are listed in the writing guide's security policy; "
            f"a maintainer can allow it with longform_allow = {{'{listed}': ['{key}']}})",
            subtype=f"unsafe-{kind}",
            location=(docname, line),
        )

    return refuse


# -- doctree-read: URLs and files -----------------------------------------------------------------


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx's image and download collectors): drop unsafe URLs and files.

    Files and remote images are checked on policed pages only; URL schemes, link attributes and maths everywhere.
    """
    check = _PageCheck(app.env, app.env.docname, policy(app.config), scope.is_policed(app.config, app.env.docname))
    for node in list(doctree.findall(nodes.Element)):
        if isinstance(node, addnodes.toctree):
            _check_toctree_urls(node, check.rules.url_schemes, check.where)
        elif not (check.maths(node) or check.page_link(node)):
            if isinstance(node, nodes.reference) and ("target" in node or "rel" in node):
                _check_link_attributes(node, check.where)
            check.refuri(node)
            if isinstance(node, nodes.image):
                check.image(node)
            elif isinstance(node, addnodes.download_reference):
                check.download(node)


class _PageCheck:
    """One page's :func:`check_doctree`: where a node is, and one method per kind of node it drops."""

    def __init__(self, env: BuildEnvironment, docname: str, rules: Policy, policed: bool) -> None:
        self.env, self.docname, self.rules, self.policed = env, docname, rules, policed
        self.srcdir = os.path.realpath(env.srcdir)
        self.source_lines: list[str] = []
        self.reported: set[tuple[str, Any]] = set()

    def where(self, node: nodes.Node, needle: str = "") -> tuple[str, int]:
        line, parent = node.line, node.parent
        while not line and parent is not None:
            line, parent = parent.line, parent.parent
        if not line and needle:
            # Some directives (sphinx-design's cards) keep no line on the nodes they make: find the text.
            if not self.source_lines:
                try:
                    self.source_lines.extend(
                        Path(self.env.doc2path(self.docname)).read_text(encoding="utf-8").splitlines()
                    )
                except (OSError, UnicodeDecodeError):
                    self.source_lines.append("")
            line = next((n for n, text in enumerate(self.source_lines, start=1) if needle in text), 0)
        return (self.docname, line or 1)

    def inside(self, target: str) -> bool:
        if "\x00" in target:
            return False
        _rel, absolute = self.env.relfn2path(target, self.docname)
        real = os.path.realpath(absolute)
        return real == self.srcdir or real.startswith(self.srcdir + os.sep)

    def drop(self, node: nodes.Element, message: str, *, subtype: str, needle: str) -> None:
        warn(message, subtype=subtype, location=self.where(node, needle))
        node.parent.remove(node)

    def maths(self, node: nodes.Element) -> bool:
        """Maths with TeX for links, styles or extensions, or a colour that is not one: dropped (True)."""
        if not isinstance(node, nodes.math | nodes.math_block):
            return False
        if active := _ACTIVE_TEX.search(node.astext()):
            message = (
                f"maths with '{active[0]}' dropped — TeX for links, styles, classes, raw markup and loaded "
                "extensions is not allowed on this site; write the formula without them"
            )
            self.drop(node, message, subtype="unsafe-math", needle=active[0])
            return True
        if colour := bad_tex_colour(node.astext()):
            message = (
                f"maths with '{_shown(colour)}' dropped — a colour is a name (red, teal) or a hex code (#1f77b4); "
                "the MathML it becomes carries it as a style value"
            )
            self.drop(node, message, subtype="unsafe-math", needle=colour.split("{", 1)[0])
            return True
        return False

    def page_link(self, node: nodes.Element) -> bool:
        """MyST reads a link with an unknown scheme ('javascript:…') as a reference to a page: say why it goes
        nowhere, once, instead of "cross-reference target not found" (True: the link became its text)."""
        if (
            not isinstance(node, addnodes.pending_xref)
            or node.get("refdomain") not in (None, "", "myst", "std")
            or node.get("reftype") in INVENTORY_ROLES
        ):
            return False
        target = str(node.get("reftarget", ""))
        scheme = url_scheme(target)
        if scheme is None or scheme in self.rules.url_schemes or "://" in target[: len(scheme) + 1]:
            return False
        warn(
            f"link to '{_shown(target)}' dropped — links may be http(s), mailto or relative to the site",
            subtype="unsafe-url",
            location=self.where(node, target),
        )
        node.replace_self(nodes.inline("", "", *node.children))
        return True

    def refuri(self, node: nodes.Element) -> None:
        url = node.get("refuri")
        if not isinstance(url, str) or not url or url_allowed(url, self.rules.url_schemes):
            return
        location = self.where(node, url)
        if (url, location) not in self.reported:  # reST's `text <url>`_ is a reference and a target: one link
            self.reported.add((url, location))
            warn(
                f"link to '{_shown(url)}' dropped — links may be http(s), mailto or relative to the site",
                subtype="unsafe-url",
                location=location,
            )
        del node["refuri"]
        if isinstance(node, nodes.reference) and node.parent is not None:
            if url_scheme(node.astext().strip()) is not None:
                node.parent.remove(node)  # its text is the URL itself (an autolink, a card's hidden text)
            else:
                node.replace_self(nodes.inline("", "", *node.children))

    def image(self, node: nodes.image) -> None:
        uri = str(node.get("uri", ""))
        scheme = url_scheme(uri)
        env, docname = self.env, self.docname
        if scheme is not None and scheme not in (self.rules.url_schemes - {"mailto"}):
            message = f"image '{_shown(uri)}' dropped — images are files in the source folder or http(s) URLs"
            self.drop(node, message, subtype="unsafe-url", needle=uri)
        elif not self.policed:
            return
        elif (
            scheme is None
            and compat.is_notebook_output(node)
            and compat.in_notebook_output_folder(env, env.relfn2path(uri, docname)[1])
        ):
            if (refused := files.check_notebook_output(env, docname, uri)) is not None:
                self.drop(node, refused.message, subtype=refused.subtype, needle=uri)
        elif scheme is None and not uri.startswith("//") and not self.inside(uri):
            message = f"image '{_shown(uri)}' is outside the source folder — put the file next to the page"
            self.drop(node, message, subtype="unsafe-file", needle=uri)
        elif (refused := files.check_image(env, docname, uri, self.rules.hosts)) is not None:
            self.drop(node, refused.message, subtype=refused.subtype, needle=uri)

    def download(self, node: addnodes.download_reference) -> None:
        target = str(node.get("reftarget", ""))
        scheme = url_scheme(target)
        bad = scheme is not None and scheme not in self.rules.url_schemes
        if bad or (self.policed and scheme is None and not self.inside(target)):
            warn(
                f"download '{_shown(target)}' refused — downloads are files inside the source folder",
                subtype="unsafe-file",
                location=self.where(node, target),
            )
            node.replace_self(nodes.inline("", node.astext()))
        elif self.policed and scheme is None:
            refused = files.check_download(self.env, self.docname, target, self.rules.downloads)
            if refused:
                warn(refused.message, subtype=refused.subtype, location=self.where(node, target))
                node.replace_self(nodes.inline("", node.astext()))


#: ``rel`` values a link may carry (MyST's ``{rel=...}``); ``opener`` and the rest are refused.
REL_VALUES = frozenset(
    {
        "noopener", "noreferrer", "nofollow", "external", "ugc", "sponsored", "me", "author", "license", "tag",
        "help", "bookmark", "alternate", "prev", "next",
    }
)  # fmt: skip
#: ``target`` values a link may carry: a new tab or this one (never a named window another page can reach).
LINK_TARGETS = frozenset({"_blank", "_self"})


def _check_link_attributes(node: nodes.reference, where: Any) -> None:
    """A link's ``rel`` and ``target`` (MyST's attributes ``{target=_blank rel=...}``) against the allow-lists:
    a value outside them is one located ``longform.unsafe-attribute`` warning and the attribute is dropped;
    a link that opens a new tab always has ``rel="noopener noreferrer"`` (no reverse tabnabbing)."""
    target = str(node.get("target", "")).strip()
    rel = str(node.get("rel", "")).lower().split()
    problems = []
    if "target" in node and target not in LINK_TARGETS:
        problems.append(f"target '{_shown(target)}' (a link may open in '_blank' or '_self')")
        del node["target"]
        target = ""
    if "rel" in node and not set(rel) <= REL_VALUES:
        unknown = " ".join(value for value in rel if value not in REL_VALUES)
        problems.append(f"rel '{_shown(unknown)}' (allowed: {', '.join(sorted(REL_VALUES))})")
        del node["rel"]
        rel = []
    if problems:
        needle = "target=" if "target '" in problems[0] else "rel="
        warn(
            f"link attribute {' and '.join(problems)} dropped — remove it or use an allowed value",
            subtype="unsafe-attribute",
            location=where(node, needle),
        )
    if target == "_blank":
        node["rel"] = " ".join(dict.fromkeys([*rel, "noopener", "noreferrer"]))
    elif rel:
        node["rel"] = " ".join(dict.fromkeys(rel))


def strip_metadata(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after Sphinx's metadata collector): the fields of a reST page or a notebook (which have
    no YAML block for :func:`check_source`) under the same rule as front matter, one located warning each; on a
    policed page the field is dropped, so it never reaches a theme or another extension (sphinxext-opengraph
    reads ``og:*`` from page metadata)."""
    env = app.env
    docname = env.docname
    metadata = env.metadata.get(docname)
    path = str(env.doc2path(docname))
    if not metadata or path.endswith((".md", ".markdown")):
        return
    policed = scope.is_policed(app.config, docname)
    if not policed and catalogue.kind_of(env, docname) is None:
        return  # a maintainer's page: its fields are its own
    allowed = policy(app.config).front_matter
    if notebooks.is_notebook(path):
        allowed |= frontmatter.NOTEBOOK_KEYS
    where = scope.described(app.config, docname)
    for key in list(metadata):
        problem = frontmatter.key_problem(str(key), allowed, where=where, trusted=not policed)
        if problem is None:
            continue
        warn(problem.message, subtype=problem.subtype, location=(docname, 1))
        if policed:
            del metadata[key]


#: TeX commands for links, styles, classes, raw HTML or extension loads (MathJax's, and latex2mathml's \href).
_ACTIVE_TEX = re.compile(r"\\(?:href|url|class|cssId|style|html\w*|require|data\w*|unicode|mmlToken)\b")


#: TeX commands whose arguments are colours, which latex2mathml writes into ``mathcolor``/``mathbackground``.
_COLOUR_TEX = re.compile(r"\\(?:fcolorbox|colorbox|textcolor|mathcolor|pagecolor|color|definecolor)(?![A-Za-z])")
#: A colour: a name or a hex code; nothing a style value could read as a function (``url(…)``, ``var(…)``).
_COLOUR = re.compile(r"[A-Za-z]{1,30}|#[0-9A-Fa-f]{3,8}")


def bad_tex_colour(tex: str) -> str | None:
    """The first colour command of ``tex`` whose argument is not a plain colour (a name or a hex code), as
    written (command and argument), or None.  An optional ``[model]`` is refused too."""
    for found in _COLOUR_TEX.finditer(tex):
        rest = tex[found.end() :].lstrip()
        arguments = 2 if found[0] in ("\\fcolorbox", "\\definecolor") else 1
        for _ in range(arguments):
            if rest.startswith("["):
                return found[0] + rest[: rest.find("]") + 1 or len(rest)]
            if not rest.startswith("{"):
                break  # a single-token argument (``\color r``): a letter or a command, never a function
            end = rest.find("}")
            argument = rest[1:end] if end > 0 else rest[1:]
            if end < 0 or not _COLOUR.fullmatch(argument.strip()):
                return f"{found[0]}{{{argument}}}"
            rest = rest[end + 1 :].lstrip()
    return None


def _check_toctree_urls(node: addnodes.toctree, schemes: frozenset[str], where: Any) -> None:
    """A toctree entry may be an external link ('Title <https://…>'): the same URL rules as any link."""
    kept = []
    for title, ref in node["entries"]:
        if ref and ref != "self" and "://" in ref and not url_allowed(ref, schemes):
            warn(
                f"toctree link to '{_shown(ref)}' dropped — links may be http(s), mailto or relative to the site",
                subtype="unsafe-url",
                location=where(node, ref[:20]),
            )
            continue
        kept.append((title, ref))
    node["entries"] = kept


def _shown(url: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in url)
    return text if len(text) <= 60 else text[:57] + "..."


# -- config-inited: symlinks and redirects --------------------------------------------------------


def exclude_outside_symlinks(app: Sphinx, config: Config) -> None:
    """``config-inited``: pages and folders that are symlinks to outside the source folder are left out."""
    srcdir = os.path.realpath(app.srcdir)
    found: list[str] = []
    for folder, dirnames, filenames in os.walk(app.srcdir):
        for name in [*dirnames, *filenames]:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                continue
            real = os.path.realpath(path)
            if real == srcdir or real.startswith(srcdir + os.sep):
                continue
            rel = os.path.relpath(path, app.srcdir).replace(os.sep, "/")
            found.append(rel)
            warn(
                f"'{rel}' is a symlink to outside the source folder — it is left out of the site; copy the "
                "file in instead",
                subtype="unsafe-symlink",
                location=f"{path}:1",
            )
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(folder, d))]
    if found:
        config.exclude_patterns = [*config.exclude_patterns, *found, *(f"{rel}/**" for rel in found)]


_DOCNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*")


def check_redirects(app: Sphinx, config: Config) -> None:
    """``config-inited``: each redirect's source is a page path inside the site, its target http(s) or relative."""
    redirects = getattr(config, "redirects", None)
    if not isinstance(redirects, dict) or not redirects:
        return
    kept: dict[str, str] = {}
    for source, target in redirects.items():
        source_text, target_text = str(source), str(target)
        problem = None
        if not _DOCNAME.fullmatch(source_text) or ".." in source_text.split("/"):
            problem = (
                f"redirect source '{_shown(source_text)}' must be a page path inside the site such as "
                "'essays/old-name' (no '..', no leading '/')"
            )
        elif not url_allowed(target_text, URL_SCHEMES - {"mailto"}) or target_text.startswith("//"):
            problem = f"redirect target '{_shown(target_text)}' must be an http(s) URL or a path on this site"
        elif re.search(r"[\"'<>\s]", target_text):
            problem = f"redirect target '{_shown(target_text)}' holds quotes, brackets or spaces — escape them"
        if problem:
            warn(
                f"{problem}; the redirect is left out",
                subtype="unsafe-redirect",
                location=log.conf_location(app.confdir, quoted=str(source)),
            )
        else:
            kept[source_text] = target_text
    if len(kept) != len(redirects):
        config.redirects = kept


def docutils_switches(app: Sphinx) -> None:
    """``builder-inited``: docutils' own switches off too, as a second wall behind the allow-list.

    ``raw_enabled`` and ``file_insertion_enabled`` are docutils settings, which Sphinx takes from
    ``env.settings`` (not from ``conf.py``); they stay on only for what a maintainer allowed.
    """
    rules = policy(app.config)
    compat.set_docutils_setting(app.env, "raw_enabled", "raw" in rules.directives)
    inserting = bool({"include", "literalinclude", "csv-table"} & rules.directives)
    compat.set_docutils_setting(app.env, "file_insertion_enabled", inserting)


class DropEmptyQuotes(SphinxTransform):
    """An empty quote (``{pull-quote}``, ``{epigraph}`` or ``{highlights}`` with no text) stopped the build with
    an AssertionError in Sphinx's own HandleCodeBlocks (priority 210), plain Sphinx included (found by the
    fuzzer): it is removed first, with one located warning."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.block_quote)):
            if node.children or node.parent is None:
                continue
            line, parent = node.line, node.parent
            while not line and parent is not None:
                line, parent = parent.line, parent.parent
            warn(
                "an empty quote ({pull-quote}, {epigraph} or {highlights} with no text) — write its text or remove it",
                subtype="empty-quote",
                location=(self.env.docname, line or 1),
            )
            node.parent.remove(node)


def setup(app: Sphinx) -> None:
    app.add_transform(DropEmptyQuotes)
    events.connect(app, "config-inited", exclude_outside_symlinks)
    events.connect(app, "config-inited", check_redirects)
    events.connect(app, "builder-inited", docutils_switches)
    events.connect(app, "source-read", check_source)
    events.connect(app, "env-get-outdated", leave_out_oversized)
    events.connect(app, "doctree-read", check_doctree)
    events.connect(app, "doctree-read", files.check_candidates)
    events.connect(app, "doctree-read", strip_metadata)
    compat.install_myst_parser(app)
