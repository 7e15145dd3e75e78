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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from . import bounds, catalogue, compat, domain, events, files, frontmatter, notebooks, scope
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
MAX_FRONT_MATTER_BYTES = 16_000
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


# -- YAML -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class YamlResult:
    """Data of one YAML text, and what was wrong with it (line is 1-based within the text)."""

    data: Any = None
    root: Any = None
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    refused: bool = False


def load_yaml(text: str, *, what: str, max_bytes: int) -> YamlResult:
    """Safe YAML for contributor files: no anchors or aliases, duplicate keys reported, size bounded.

    Python tags (``!!python/object``) are refused by the safe loader itself.  Raises ``yaml.YAMLError``
    for text that does not parse, so that callers keep their own wording for syntax errors.
    """
    result = YamlResult()
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        result.refused = True
        result.problems.append(
            (1, "too-large", f"the {what} is over {max_bytes // 1000} KB — shorten it; until then it is not read")
        )
        return result
    deep = bounds.yaml_too_deep(text)
    if deep is not None:
        result.refused = True
        result.problems.append((deep, "unsafe-yaml", bounds.yaml_depth_message(what)))
        return result
    loader_cls = frontmatter.LOADER
    for token in yaml.scan(text, Loader=loader_cls):
        if isinstance(token, yaml.ScalarToken) and token.plain and bounds.HUGE_NUMBER.fullmatch(token.value):
            result.refused = True
            result.problems.append(
                (
                    token.start_mark.line + 1,
                    "out-of-range",
                    f"a number of {len(token.value)} digits in the {what} — no value here needs more than "
                    f"{bounds.MAX_DIGITS}; shorten it (until then the {what} is not read)",
                )
            )
            return result
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            result.refused = True
            kind = "anchor '&" if isinstance(token, yaml.AnchorToken) else "alias '*"
            result.problems.append(
                (
                    token.start_mark.line + 1,
                    "unsafe-yaml",
                    f"YAML {kind}{token.value}' in the {what} — anchors and aliases are not allowed here; "
                    "write the value out",
                )
            )
            return result
    root = yaml.compose(text, Loader=loader_cls)
    if root is None:
        return result
    result.root = root
    _duplicates(root, what=what, problems=result.problems)
    loader = loader_cls(text)
    try:
        result.data = loader.construct_document(root)
    except (ValueError, TypeError, OverflowError) as exc:  # 2026-02-30, huge numbers: callers word them
        raise yaml.YAMLError(str(exc)) from exc
    finally:
        loader.dispose()
    return result


def _duplicates(node: yaml.Node, *, what: str, problems: list[tuple[int, str, str]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                problems.append(
                    (
                        line,
                        "duplicate-key",
                        f"'{name}' is given twice in the {what} (first on line {seen[name]}) — keep one; "
                        "the last one is used",
                    )
                )
            else:
                seen[name] = line
            _duplicates(value, what=what, problems=problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicates(item, what=what, problems=problems)


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


def _front_matter_span(lines: list[str]) -> int | None:
    """Index of the closing '---' of a front-matter block opened on line 0, or None."""
    if not lines or lines[0].strip() != "---":
        return None
    return next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (first): refuse oversized pages and unsafe front matter; guard the markup."""
    env = app.env
    rules = policy(app.config)
    policed = scope.is_policed(app.config, docname)
    compat.guard_markup(
        env, docname, rules.directives, rules.roles, refuse=_markup_refuser(app.config), trusted=not policed
    )
    env.temp_data.pop("longform_front_matter", None)
    text = source[0]
    limit = max_page_bytes(app.config)
    notebook = notebooks.is_notebook(env.doc2path(docname))
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        # A page that grew past the bound after leave_out_oversized measured its file (undecodable bytes are read
        # as U+FFFD, three bytes each) is read empty; a notebook as an empty notebook (myst-nb stops on "").
        warn(
            f"the page is over {_size(limit)} once read — split it; until then it is left empty",
            subtype="too-large",
            location=(docname, 1),
        )
        env.temp_data["longform_refused"] = True
        source[0] = notebooks.EMPTY if notebook else ""
        return
    env.temp_data.pop("longform_refused", None)
    bad = bounds.first_bad_character(text)
    if bad is not None:
        line, code_point = bad
        warn(bounds.bad_character_message(code_point), subtype="bad-character", location=(docname, line))
        text = source[0] = bounds.drop_bad_characters(text)
    if notebook:
        if policed:  # its metadata and outputs, under the rules of a page's front matter and markup
            key = str(getattr(app.config, "nb_metadata_key", "") or "mystnb")
            source[0] = notebooks.check(text, docname, metadata_key=key)
        return
    if not str(env.doc2path(docname)).endswith((".md", ".markdown")):
        return
    lines = text.split("\n")
    end = _front_matter_span([line.rstrip("\r") for line in lines])
    if end is None:
        return
    block = "\n".join(lines[1:end])
    try:
        result = load_yaml(block, what="front matter", max_bytes=MAX_FRONT_MATTER_BYTES)
    except yaml.YAMLError:
        return  # reported by the catalogue with the parser's own words and line
    for line, subtype, message in result.problems:
        warn(message, subtype=subtype, location=(docname, line + 1))
    if result.refused:
        # Keep the delimiters and the line count; MyST then sees an empty block.
        for i in range(1, end):
            lines[i] = ""
        env.temp_data["longform_yaml_refused"] = True
        source[0] = "\n".join(lines)
        return
    env.temp_data.pop("longform_yaml_refused", None)
    data = result.data
    if not isinstance(data, dict) or not isinstance(result.root, yaml.MappingNode):
        return
    if not policed:
        env.temp_data["longform_front_matter"] = dict(data)  # a maintainer's page: every key is read
        return
    where = scope.described(app.config, docname)
    spans: list[tuple[int, int]] = []
    for key_node, value_node in result.root.value:
        name = str(key_node.value)
        if name in rules.front_matter:
            continue
        first = key_node.start_mark.line + 1  # 0-based line of the block -> index in ``lines``
        last = value_node.end_mark.line + (1 if value_node.end_mark.column else 0)
        spans.append((first, max(first, last)))
        line = first + 1
        if frontmatter.is_unsafe_key(name):
            warn(
                f"front-matter key '{name}' changes how the page is parsed or what its <head> holds — "
                f"not allowed in {where}; remove it (a maintainer can allow it with longform_allow)",
                subtype="unsafe-front-matter",
                location=(docname, line),
            )
        else:
            warn(
                f"unknown front-matter key '{name}'{frontmatter.suggest(name, sorted(rules.front_matter))}",
                subtype="unknown-key",
                location=(docname, line),
            )
    if spans:
        for first, last in spans:
            for i in range(first, min(last, end - 1) + 1):
                lines[i] = ""
        if not _only_allowed("\n".join(lines[1:end]), rules.front_matter):
            for i in range(1, end):  # keys sharing a line with others (a flow mapping): drop the block
                lines[i] = ""
        source[0] = "\n".join(lines)
    blanked = {str(k.value) for k, _ in result.root.value if str(k.value) not in rules.front_matter}
    env.temp_data["longform_front_matter"] = {k: v for k, v in data.items() if str(k) not in blanked}


def _only_allowed(block: str, allowed: frozenset[str]) -> bool:
    try:
        data = yaml.load(block, Loader=frontmatter.LOADER)
    except yaml.YAMLError:
        return False
    return data is None or (isinstance(data, dict) and all(str(key) in allowed for key in data))


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
    """``doctree-read`` (before Sphinx's image and download collectors): drop unsafe URLs and files."""
    env = app.env
    docname = env.docname
    rules = policy(app.config)
    schemes = rules.url_schemes
    srcdir = os.path.realpath(env.srcdir)
    # Files and remote images are checked on policed pages only; URL schemes, link attributes and maths everywhere.
    policed = scope.is_policed(app.config, docname)

    source_lines: list[str] = []

    def where(node: nodes.Node, needle: str = "") -> tuple[str, int]:
        line = node.line
        parent = node.parent
        while not line and parent is not None:
            line = parent.line
            parent = parent.parent
        if not line and needle:
            # Some directives (sphinx-design's cards) keep no line on the nodes they make: find the text.
            if not source_lines:
                try:
                    source_lines.extend(Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines())
                except (OSError, UnicodeDecodeError):
                    source_lines.append("")
            line = next((n for n, text in enumerate(source_lines, start=1) if needle in text), None)
        return (docname, line or 1)

    def inside(target: str) -> bool:
        if "\x00" in target:
            return False
        _rel, absolute = env.relfn2path(target, docname)
        real = os.path.realpath(absolute)
        return real == srcdir or real.startswith(srcdir + os.sep)

    reported: set[tuple[str, Any]] = set()
    for node in list(doctree.findall(nodes.Element)):
        if isinstance(node, addnodes.toctree):
            _check_toctree_urls(node, schemes, where)
            continue
        if isinstance(node, nodes.math | nodes.math_block) and _ACTIVE_TEX.search(node.astext()):
            command = _ACTIVE_TEX.search(node.astext())[0]  # type: ignore[index]
            warn(
                f"maths with '{command}' dropped — TeX for links, styles, classes, raw markup and loaded extensions "
                "is not allowed on this site; write the formula without them",
                subtype="unsafe-math",
                location=where(node, command),
            )
            node.parent.remove(node)
            continue
        if isinstance(node, nodes.math | nodes.math_block) and (colour := bad_tex_colour(node.astext())):
            command = colour.split("{", 1)[0]
            warn(
                f"maths with '{_shown(colour)}' dropped — a colour is a name (red, teal) or a hex code (#1f77b4); "
                "the MathML it becomes carries it as a style value",
                subtype="unsafe-math",
                location=where(node, command),
            )
            node.parent.remove(node)
            continue
        if (
            isinstance(node, addnodes.pending_xref)
            and node.get("refdomain") in (None, "", "myst", "std")
            and node.get("reftype") not in INVENTORY_ROLES
        ):
            target = str(node.get("reftarget", ""))
            scheme = url_scheme(target)
            if scheme is not None and scheme not in schemes and "://" not in target[: len(scheme) + 1]:
                # MyST reads a link with an unknown scheme ('javascript:…') as a reference to a page: say why
                # it goes nowhere, once, instead of "cross-reference target not found".
                warn(
                    f"link to '{_shown(target)}' dropped — links may be http(s), mailto or relative to the site",
                    subtype="unsafe-url",
                    location=where(node, target),
                )
                node.replace_self(nodes.inline("", "", *node.children))
                continue
        if isinstance(node, nodes.reference) and ("target" in node or "rel" in node):
            _check_link_attributes(node, where)
        for attribute in ("refuri",):
            url = node.get(attribute)
            if isinstance(url, str) and url and not url_allowed(url, schemes):
                location = where(node, url)
                if (url, location) not in reported:  # reST's `text <url>`_ is a reference and a target: one link
                    reported.add((url, location))
                    warn(
                        f"link to '{_shown(url)}' dropped — links may be http(s), mailto or relative to the site",
                        subtype="unsafe-url",
                        location=location,
                    )
                del node[attribute]
                if isinstance(node, nodes.reference) and node.parent is not None:
                    if url_scheme(node.astext().strip()) is not None:
                        node.parent.remove(node)  # its text is the URL itself (an autolink, a card's hidden text)
                    else:
                        node.replace_self(nodes.inline("", "", *node.children))
        if isinstance(node, nodes.image):
            uri = str(node.get("uri", ""))
            scheme = url_scheme(uri)
            if scheme is not None and scheme not in (schemes - {"mailto"}):
                warn(
                    f"image '{_shown(uri)}' dropped — images are files in the source folder or http(s) URLs",
                    subtype="unsafe-url",
                    location=where(node, uri),
                )
                node.parent.remove(node)
            elif not policed:
                continue
            elif (
                scheme is None
                and compat.is_notebook_output(node)
                and compat.in_notebook_output_folder(env, env.relfn2path(uri, docname)[1])
            ):
                if (refused := files.check_notebook_output(env, docname, uri)) is not None:
                    warn(refused.message, subtype=refused.subtype, location=where(node, uri))
                    node.parent.remove(node)
            elif scheme is None and not uri.startswith("//") and not inside(uri):
                warn(
                    f"image '{_shown(uri)}' is outside the source folder — put the file next to the page",
                    subtype="unsafe-file",
                    location=where(node, uri),
                )
                node.parent.remove(node)
            elif (refused := files.check_image(env, docname, uri, rules.hosts)) is not None:
                warn(refused.message, subtype=refused.subtype, location=where(node, uri))
                node.parent.remove(node)
        elif isinstance(node, addnodes.download_reference):
            target = str(node.get("reftarget", ""))
            scheme = url_scheme(target)
            bad = scheme is not None and scheme not in schemes
            if bad or (policed and scheme is None and not inside(target)):
                warn(
                    f"download '{_shown(target)}' refused — downloads are files inside the source folder",
                    subtype="unsafe-file",
                    location=where(node, target),
                )
                node.replace_self(nodes.inline("", node.astext()))
            elif not policed or scheme is not None:
                continue
            elif refused := files.check_download(env, docname, target, rules.downloads):
                warn(refused.message, subtype=refused.subtype, location=where(node, target))
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
    """``doctree-read`` (after Sphinx's metadata collector): keys outside the allow-list never reach a theme
    or another extension (sphinxext-opengraph reads ``og:*`` from page metadata).  Markdown pages had them
    blanked and warned at ``source-read``; reST pages (docinfo field lists) are warned here, unless the
    catalogue's contract check warns about them already."""
    env = app.env
    metadata = env.metadata.get(env.docname)
    if not metadata or str(env.doc2path(env.docname)).endswith((".md", ".markdown")):
        return
    if not scope.is_policed(app.config, env.docname):
        return  # a maintainer's page: its fields are its own
    allowed = policy(app.config).front_matter
    from_catalogue = catalogue.kind_of(env, env.docname) is not None
    for key in [k for k in metadata if k not in allowed and k not in _SYSTEM_KEYS]:
        del metadata[key]
        if not from_catalogue:
            subtype = "unsafe-front-matter" if frontmatter.is_unsafe_key(key) else "unknown-key"
            warn(
                f"page field '{key}' is not allowed in {scope.described(app.config, env.docname)} — remove it",
                subtype=subtype,
                location=(env.docname, 1),
            )


_SYSTEM_KEYS = frontmatter.SYSTEM_KEYS


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
    conf = Path(app.confdir, "conf.py")
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
            warn(f"{problem}; the redirect is left out", subtype="unsafe-redirect", location=_conf_line(conf, source))
        else:
            kept[source_text] = target_text
    if len(kept) != len(redirects):
        config.redirects = kept


def _conf_line(conf: Path, source: object) -> str:
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return f"{conf}:1"
    needle = repr(str(source))[1:-1]
    for number, line in enumerate(lines, start=1):
        if needle and needle in line:
            return f"{conf}:{number}"
    return f"{conf}:1"  # given on the command line (-D) or by a test, not written in conf.py


def docutils_switches(app: Sphinx) -> None:
    """``builder-inited``: docutils' own switches off too, as a second wall behind the allow-list.

    ``raw_enabled`` and ``file_insertion_enabled`` are docutils settings, which Sphinx takes from
    ``env.settings`` (not from ``conf.py``); they stay on only for what a maintainer allowed.
    """
    rules = policy(app.config)
    app.env.settings["raw_enabled"] = "raw" in rules.directives
    app.env.settings["file_insertion_enabled"] = bool({"include", "literalinclude", "csv-table"} & rules.directives)


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
    app.connect("config-inited", exclude_outside_symlinks)
    app.connect("config-inited", check_redirects)
    app.connect("builder-inited", docutils_switches)
    events.connect(app, "source-read", check_source)
    events.connect(app, "env-get-outdated", leave_out_oversized)
    events.connect(app, "doctree-read", check_doctree)
    events.connect(app, "doctree-read", files.check_candidates)
    events.connect(app, "doctree-read", strip_metadata)
    compat.install_myst_parser(app)
