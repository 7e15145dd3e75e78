"""Every reliance on another package's internals, in one place, each guarded and tested.

* :func:`guard_markup` puts Longform's allow-list in front of docutils' directive
  and role lookup for one page.  Sphinx swaps ``docutils.parsers.rst.directives.directive``
  and ``roles.role`` for its domain-aware dispatchers while it reads a page
  (``sphinx.util.docutils.sphinx_domains``) and puts docutils' own back when the
  page is done, so a guard installed at ``source-read`` (which Sphinx emits
  inside that context) sees every lookup of that page — MyST's and reST's,
  domain directives included — and is gone with it.  On a trusted page (outside
  ``longform_policed``) it refuses nothing but keeps the bounds, reports names nothing
  registered as unknown, and turns docutils' ``raw_enabled`` and
  ``file_insertion_enabled`` on in that page's own settings (Sphinx builds each page's
  settings from ``env.settings`` before ``source-read``; the guard sets them at the page's
  first directive lookup, which receives its document).
  ``tests/test_hostile.py::test_markup_guard_does_not_outlive_the_page`` fails if
  Sphinx stops restoring the lookups.
* :func:`dedupe_static_path` keeps sphinx-design's static folder from making every build's
  configuration "changed" (it appends the folder after Sphinx compares configurations).
* :func:`install_myst_parser` registers MyST's parser with one change: an
  ``{eval-rst}`` block, which MyST renders without looking up a directive, is
  refused like any other directive outside the allow-list (myst-parser 5.2–5.x).
  With myst-nb loaded (before or after Longform, 1.4–1.x) it does not set myst_parser up again, and
  :func:`guard_myst_nb` wraps myst-nb's own parser (its ``.md`` and ``.ipynb``) the same way.
* :func:`is_notebook_output` tells an image myst-nb made from a cell's output (its ``nb_element``) from one
  an author wrote; :func:`notebook_output_folder` is where myst-nb writes those files (outside the source).
* :func:`leave_out` takes a source page that would replace a generated one out of the
  build's documents at ``env-get-outdated``, as if its file were absent (Sphinx 7.3–9.x);
  it fails closed.  ``tests/test_generated_pages.py::test_sphinx_still_lets_longform_leave_documents_out``
  fails if Sphinx changes how it treats those sets.
* :func:`withhold` takes drafts and scheduled essays, read and checked, out of
  everything a published build writes, at ``write-started`` (Sphinx 7.3–9.x); it
  fails closed.  ``tests/test_publishing.py::test_sphinx_still_lets_longform_withhold_documents``
  fails if Sphinx changes how it treats those sets.
* :func:`content_line` tells MyST's mock directive state from docutils' (their
  ``content_offset`` counts from different lines).
* :func:`relative_uri_is_standard` says whether a builder computes relative URLs the
  standard way, which lets listings memoise them by folder.
* :func:`sitemap_queue` is sphinx-sitemap's queue of pages, which Longform refills in
  order before it is written.
* :func:`forget_asset_checksums` clears the HTML builder's process-wide cache of assets' checksums, after
  Longform rewrites a file under ``_static`` with new content (the search results' facts).
* :func:`register_forgiving_codec` registers (process-wide, once) the UTF-8 codec that
  replaces an undecodable byte instead of raising, so one bad byte is a warning.
* :func:`render_partial` renders a generated page's body with the HTML builder outside
  Sphinx's writing of a document (whose per-document state it needs: ``fignumbers``).
* :func:`html_config_hash` reads the HTML builder's digest of its configuration (``build_info``,
  not public API), which changes when any "html" setting changes.
* :func:`note_dependency` makes a document depend on a file it does not include (Sphinx 8.1 has no ``docname``).
* :func:`returns_when_nothing_is_outdated`: Sphinx 8.1 writes no generated page when no document is outdated.
* :func:`index_without_no_search` gives Sphinx 8.1 the ``no-search`` class of 8.2+ (left out of the search index).
* :func:`skip_search_index` keeps the HTML builder from loading, feeding and writing Sphinx's search index (where
  Pagefind answers the search page); :func:`build_search_index` writes it after all.
* :func:`remember_highlighting` keeps the HTML builder's highlighted code blocks for the build (a feed with whole
  essays writes each one twice).
* :func:`forget_image` takes an image out of ``env.images`` (Sphinx's ``FilenameUniqDict``) for one document,
  so a file refused after Sphinx's image collector is never copied (:mod:`longform.core.files`).
* :func:`template_folders` lists the folders the HTML builder's templates come from (the site's
  ``templates_path``, then the theme chain), whose inline scripts the Content-Security-Policy hashes.
* :data:`SphinxTocTree` is Sphinx's toctree directive (which :mod:`longform.core.publishing` overrides), and
  :func:`toctree_entry` splits an entry's explicit title from its target as Sphinx does.
* :func:`page_data` (and :func:`page_value`, :func:`set_page_value`, :func:`forget_page_value`) keeps what
  Longform needs while one page is read, in Sphinx's per-page ``env.temp_data``; :func:`set_docutils_setting`
  writes docutils' settings of every page (``env.settings``).
* :func:`has_domain` and :func:`extension_scripts` read Sphinx's registry (its domains, extensions' scripts).
* :data:`HTML_REPAIRS` are exact replacements of markup that Sphinx, Pygments and furo
  write, for two accessibility problems (see :mod:`longform.site.a11y`).

* :func:`config_sets` says whether ``conf.py`` (or ``-D``) sets a value (``Config._raw_config``), which tells a
  site that comes from sphinx-tags; :func:`set_generated_labels` adds labels of generated pages (a sphinx-tags
  site's ``sphx_tag_<slug>``) to the standard domain's data.
  ``tests/test_tags_sphinx_tags.py::test_sphinx_still_tells_what_conf_py_sets_and_resolves_generated_labels``
  fails if Sphinx changes either.

:data:`TESTED` holds the versions of each package these were checked against, and
``tests/test_compat.py`` fails when an upstream behaviour one of them relies on changes;
``tests/test_private_api.py`` fails when another module uses one of these internals directly.
"""

from __future__ import annotations

import codecs
import contextlib
import importlib.metadata
import inspect
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import sphinx
from docutils.parsers.rst import Directive, directives, roles
from sphinx.builders import Builder
from sphinx.directives.other import TocTree as _SphinxTocTree
from sphinx.errors import ExtensionError
from sphinx.util import logging as sphinx_logging
from sphinx.util.nodes import explicit_title_re

from . import bounds, events
from .log import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

T = TypeVar("T")


class Refuse(Protocol):
    """Reports a refused directive or role; ``known`` is false for a name nothing registered (a typo, an
    extension not installed), and ``close`` then the known name nearest to it."""

    def __call__(
        self, kind: str, name: str, docname: str, line: int, *, known: bool = True, close: str | None = None
    ) -> None: ...


class _AnyOption(dict[str, "Callable[[str], Any]"]):
    """An option spec that accepts every option, so a refused directive never errors on its options."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged

    def get(self, key: str, default: Any = None) -> Callable[[str | None], str]:
        return directives.unchanged


class _Refused(Directive):
    """Stands in for a directive outside the allow-list: one warning, nothing rendered."""

    has_content = True
    optional_arguments = 100
    final_argument_whitespace = True
    option_spec = _AnyOption()
    refused_name = ""
    refuse: Refuse | None = None
    docname = ""
    known = True
    close: str | None = None

    def run(self) -> list[Any]:
        if self.refuse is not None:
            self.refuse("directive", self.refused_name, self.docname, self.lineno, known=self.known, close=self.close)
        return []


def refused_directive(
    name: str, docname: str, refuse: Refuse, *, known: bool = True, close: str | None = None
) -> type[Directive]:
    attributes = {"refused_name": name, "refuse": staticmethod(refuse), "docname": docname, "known": known}
    return type("RefusedDirective", (_Refused,), {**attributes, "close": close})


def bounded_directive(name: str, directive: type[Directive], docname: str) -> type[Directive]:
    """``directive`` with its numeric options and arguments checked against :mod:`longform.core.bounds`
    before it runs (a subclass; the directive itself is unchanged).

    The bounded options are parsed as text (so no converter sees a 5,000-digit number), checked, and
    only then given to the directive's own converter.  An out-of-range value is one located
    ``longform.out-of-range`` warning; the option is clamped (when its bound says so) or left out.
    """
    if name not in bounds.DIRECTIVE_OPTIONS and name not in bounds.DIRECTIVE_ARGUMENTS:
        return directive
    option_bounds = bounds.DIRECTIVE_OPTIONS.get(name, {})
    argument_bound = bounds.DIRECTIVE_ARGUMENTS.get(name)
    spec = dict(getattr(directive, "option_spec", None) or {})
    converters = {key: spec[key] for key in option_bounds if key in spec}
    if not converters and argument_bound is None:
        return directive
    for key in converters:
        spec[key] = directives.unchanged

    def out_of_range(self: Directive, what: str, value: str, problem: str, done: str) -> None:
        shown = value if len(value) <= 24 else value[:21] + "..."
        warn(
            f"{what} '{shown}' of {{{name}}} {problem}; {done}",
            subtype="out-of-range",
            location=(docname, self.lineno),
        )

    def run(self: Directive) -> list[Any]:
        for key, convert in converters.items():
            if key not in self.options:
                continue
            raw = self.options[key]
            value, problem = bounds.check_option(option_bounds[key], raw, content_lines=len(self.content or ()))
            if problem:
                done = "the option is left out" if value is None else f"{value} is used"
                out_of_range(self, f":{key}:", str(raw or ""), problem, done)
            if value is None:
                del self.options[key]
            else:
                try:
                    self.options[key] = convert(value or None)
                except (ValueError, TypeError) as exc:  # text, not a number: the directive's own error, as before
                    raise self.error(f"invalid option value: (option: '{key}'; value: {raw!r}) {exc}") from None
        if argument_bound is not None and self.arguments:
            value, problem = bounds.check_option(argument_bound, self.arguments[0])
            if problem:
                if value is None and argument_bound.refuse:
                    out_of_range(self, "the argument", self.arguments[0], problem, "the block is left out")
                    return []
                if value is None and self.required_arguments:
                    value = str(argument_bound.low)
                done = "the argument is left out" if value is None else f"{value} is used"
                out_of_range(self, "the argument", self.arguments[0], problem, done)
                self.arguments[:1] = [value] if value is not None else []
        return list(directive.run(self))

    return type(directive.__name__, (directive,), {"option_spec": spec, "run": run})


#: Allowed roles whose output is raw HTML built from their text: checked before they run.
RAW_HTML_ROLES = frozenset({"octicon"})


def octicon_names() -> frozenset[str]:
    """sphinx-design's octicon names (0.6–0.8: ``sphinx_design.icons.list_octicons``)."""
    try:
        from sphinx_design.icons import list_octicons
    except ImportError:  # pragma: no cover - sphinx-design is a dependency
        return frozenset()
    return frozenset(list_octicons())


def checked_role(name: str, role: Callable[..., Any], docname: str) -> Callable[..., Any]:
    """``role`` with its text checked first (:func:`longform.core.bounds.octicon_problem`): sphinx-design's
    ``{octicon}`` writes its size and classes unescaped into an ``<svg>`` it emits as raw HTML.  A bad text
    is one located ``longform.unsafe-role`` warning, and nothing is rendered."""
    from docutils.utils import unescape

    def checked(
        role_name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Any,
        options: Any = None,
        content: Any = None,
    ) -> tuple[list[Any], list[Any]]:
        problem = bounds.octicon_problem(unescape(text), octicon_names())
        if problem is not None:
            shown = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
            warn(
                f"{{{name}}}`{shown}` {problem} — fix it; until then the icon is left out",
                subtype="unsafe-role",
                location=(docname, lineno),
            )
            return [], []
        found: tuple[list[Any], list[Any]] = role(
            role_name, rawtext, text, lineno, inliner, options or {}, content or []
        )
        return found

    return checked


#: How an allow-list names reST's default role (`` `text` `` with no role name; docutils looks up '').
DEFAULT_ROLE = "default"


def role_key(name: str) -> str:
    """A role's name as the allow-list spells it (the default role, whose name is empty, is 'default')."""
    return name.strip().lower() or DEFAULT_ROLE


def known_names(env: BuildEnvironment, kind: str) -> set[str]:
    """Every directive (``kind`` 'directive') or role name this build could resolve: docutils' registries
    (``_directive_registry``/``_directives``, ``_role_registry``/``_roles``: not public API, docutils 0.20–0.22)
    and each domain's, prefixed (``py:function``)."""
    if kind == "directive":
        names = set(getattr(directives, "_directive_registry", {})) | set(getattr(directives, "_directives", {}))
    else:
        names = set(getattr(roles, "_role_registry", {})) | set(getattr(roles, "_roles", {}))
    domains = getattr(env, "domains", None)
    for domain in domains.values() if domains is not None else ():
        table = domain.directives if kind == "directive" else domain.roles
        names.update(f"{domain.name}:{name}" for name in table)
    names.discard("")
    return names


class _Guard:
    """The lookups of one page, with the allow-list in front (or, on a trusted page, only the bounds)."""

    def __init__(
        self,
        *,
        env: BuildEnvironment,
        docname: str,
        allowed_directives: frozenset[str],
        allowed_roles: frozenset[str],
        refuse: Refuse,
        trusted: bool,
    ):
        self.env = env
        self.docname = docname
        self.allowed_directives = allowed_directives
        self.allowed_roles = allowed_roles
        self.refuse = refuse
        self.trusted = trusted
        self.inner_directive = directives.directive
        self.inner_role = roles.role
        while isinstance(guard := getattr(self.inner_directive, "__self__", None), _Guard):
            self.inner_directive = guard.inner_directive
        while isinstance(guard := getattr(self.inner_role, "__self__", None), _Guard):
            self.inner_role = guard.inner_role

    def _domain_known(self, key: str) -> bool:
        """Whether a prefixed name's domain exists (Sphinx warns "unknown directive name" for one that does not)."""
        if ":" not in key:
            return True
        domains = getattr(self.env, "domains", None)
        prefix = key.partition(":")[0]
        return domains is not None and prefix in domains

    def _close(self, kind: str, key: str) -> str | None:
        from .log import suggest

        allowed = self.allowed_directives if kind == "directive" else self.allowed_roles
        candidates = known_names(self.env, kind) if self.trusted else set(allowed)
        return suggest(key, sorted(candidates - {key}))

    def directive(self, name: str, language_module: Any, document: Any) -> tuple[Any, list[Any]]:
        key = name.strip().lower()
        if self.trusted:
            # docutils' own switches, per page: Sphinx builds each page's settings afresh from env.settings
            # (which hold the policed pages' values) before source-read; this page's are on.
            settings = getattr(document, "settings", None)
            if settings is not None:
                settings.raw_enabled = True
                settings.file_insertion_enabled = True
        found: Any = None
        messages: list[Any] = []
        if self._domain_known(key):
            found, messages = self.inner_directive(name, language_module, document)
        if found is None:
            close = self._close("directive", key)
            return refused_directive(name, self.docname, self.refuse, known=False, close=close), []
        if not self.trusted and key not in self.allowed_directives:
            return refused_directive(name, self.docname, self.refuse), []
        if isinstance(found, type) and issubclass(found, Directive):
            found = bounded_directive(key, found, self.docname)
        return found, messages

    def role(self, name: str, language_module: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
        key = role_key(name)
        found: Any = None
        messages: list[Any] = []
        if self._domain_known(key):
            found, messages = self.inner_role(name, language_module, lineno, reporter)
        known = found is not None
        if not known or (not self.trusted and key not in self.allowed_roles):
            docname, refuse = self.docname, self.refuse
            close = None if known else self._close("role", key)

            def refused(
                role_name: str,
                rawtext: str,
                text: str,
                line: int,
                inliner: Any,
                options: Any = None,
                content: Any = None,
            ) -> tuple[list[Any], list[Any]]:
                refuse("role", name, docname, line or lineno, known=known, close=close)
                return [], []

            return refused, []
        if key in RAW_HTML_ROLES:
            found = checked_role(key, found, self.docname)
        return found, messages


def guard_markup(
    env: BuildEnvironment,
    docname: str,
    allowed_directives: frozenset[str],
    allowed_roles: frozenset[str],
    *,
    refuse: Refuse,
    trusted: bool = False,
) -> None:
    """Put the allow-list in front of the directive and role lookups while ``docname`` is read.

    On a ``trusted`` page (outside ``longform_policed``) every directive and role resolves, docutils' ``raw``
    and file-insertion switches are on for that page alone, and only what protects the build stays: numeric
    options are bounded, ``{octicon}`` checked, and a name nothing registered is reported as unknown."""
    guard = _Guard(
        env=env,
        docname=docname,
        allowed_directives=allowed_directives,
        allowed_roles=allowed_roles,
        refuse=refuse,
        trusted=trusted,
    )
    directives.directive = guard.directive  # type: ignore[assignment]
    roles.role = guard.role  # type: ignore[assignment]
    if trusted:
        env.temp_data.pop("longform_markup_refuse", None)
    else:
        env.temp_data["longform_markup_refuse"] = (docname, refuse, allowed_directives)


def is_guarded() -> bool:
    """Whether a page's guard is in front of the lookups now (for the test that it never outlives its page)."""
    return isinstance(getattr(directives.directive, "__self__", None), _Guard)


def dedupe_static_path(app: Sphinx) -> None:
    """``builder-inited`` (after sphinx-design's): keep ``html_static_path`` the same from build to build.

    sphinx-design appends its static folder at ``builder-inited``, after Sphinx has compared the saved
    configuration with this build's, so every build reported "the configuration has changed
    ('html_static_path')".  Longform adds that folder at ``config-inited`` (before the comparison, see
    :mod:`longform.site.assets`) and removes the second copy here (sphinx-design 0.6–0.8).
    """
    paths = app.config.html_static_path
    unique = list(dict.fromkeys(str(path) for path in paths))
    if len(unique) != len(paths):
        paths[:] = unique


def sphinx_design_static() -> str | None:
    """sphinx-design's static folder, the one it appends to ``html_static_path`` itself."""
    try:
        from sphinx_design import extension
    except ImportError:  # pragma: no cover - sphinx-design is a dependency
        return None
    folder = getattr(extension, "STATIC_DIR", None)
    return str(folder) if folder is not None else None


#: The source parser name myst-nb registers for its notebook and Markdown files (myst-nb 1.x).
MYST_NB_PARSER = "myst-nb"


def install_myst_parser(app: Sphinx) -> None:
    """Register MyST's parser with ``{eval-rst}`` refused (MyST renders it without a directive lookup).

    myst-nb sets MyST's settings up itself and claims ``.md`` (and ``.ipynb``) for its own parser, a subclass of
    MyST's.  Loaded before Longform, it has done so already and setting myst_parser up again would register
    ``.md`` twice (Sphinx's "source_suffix '.md' is already registered"): myst_parser is then left alone.  Loaded
    after, it overrides ``.md``.  Either way :func:`guard_myst_nb` wraps the parser myst-nb registered, at
    ``config-inited``, with the same changes.
    """
    if "myst_nb" not in app.extensions:
        app.setup_extension("myst_parser")
    from myst_parser.parsers import sphinx_ as myst_sphinx

    class LongformMystParser(myst_sphinx.MystParser):
        def parse(self, inputstring: str, document: Any) -> None:
            with _longform_renderers():
                super().parse(inputstring, document)

    app.add_source_parser(LongformMystParser, override=True)
    events.connect(app, "config-inited", guard_myst_nb)


class _LongformRendering:
    """What Longform changes in MyST's renderer (mixed in before MyST's or myst-nb's renderer class)."""

    sphinx_env: Any

    def render_restructuredtext(self, token: Any) -> None:
        env = self.sphinx_env
        docname, refuse, allowed = env.temp_data.get("longform_markup_refuse", (env.docname, None, ()))
        if "eval-rst" in allowed or refuse is None:
            super().render_restructuredtext(token)  # type: ignore[misc]
        else:
            line = token.map[0] if token.map else 1  # MyST's maps count from the front matter's end
            refuse("directive", "eval-rst", docname, line)

    def nested_render_text(self, text: str, lineno: int, *args: Any, **kwargs: Any) -> None:
        """Directive and ``:::`` contents are rendered here, recursively: past
        :data:`bounds.MAX_MARKUP_DEPTH` levels the content is left out, with one warning per page."""
        depth = getattr(self, "_longform_depth", 0)
        if depth >= bounds.MAX_MARKUP_DEPTH:
            if not getattr(self, "_longform_depth_warned", False):
                self._longform_depth_warned = True
                env = self.sphinx_env
                docname = env.temp_data.get("longform_markup_refuse", (env.docname,))[0]
                warn(bounds.markup_depth_message(), subtype="out-of-range", location=(docname, max(lineno, 1)))
            return
        self._longform_depth = depth + 1
        try:
            super().nested_render_text(text, lineno, *args, **kwargs)  # type: ignore[misc]
        finally:
            self._longform_depth = depth

    def render_fence(self, token: Any) -> None:
        self._bound_code_attributes(token)
        super().render_fence(token)  # type: ignore[misc]

    def render_code_block(self, token: Any) -> None:
        self._bound_code_attributes(token)
        super().render_code_block(token)  # type: ignore[misc]

    def _bound_code_attributes(self, token: Any) -> None:
        """A code block's ``{emphasize-lines=...}`` (MyST's attrs_block) names lines of the block itself:
        MyST lists every line of a range, so '1-999999999' would take gigabytes."""
        attrs = token.attrs
        if "emphasize-lines" not in attrs:
            return
        raw = str(attrs["emphasize-lines"])
        bound = bounds.DIRECTIVE_OPTIONS["code-block"]["emphasize-lines"]
        value, problem = bounds.check_option(bound, raw, content_lines=len(str(token.content).splitlines()))
        if problem:
            env = self.sphinx_env
            docname = env.temp_data.get("longform_markup_refuse", (env.docname,))[0]
            shown = raw if len(raw) <= 24 else raw[:21] + "..."
            line = token.map[0] if token.map else 1  # MyST's maps count from the front matter's end
            warn(
                f"{{emphasize-lines='{shown}'}} of a code block {problem}; the attribute is left out",
                subtype="out-of-range",
                location=(docname, line),
            )
        if value is None:
            del attrs["emphasize-lines"]


def _renderer_modules() -> list[tuple[Any, dict[Any, Any]]]:
    """(module whose ``create_md_parser`` a parser calls, {renderer class: Longform's subclass of it}): MyST's
    ``parsers.sphinx_`` and, when installed, myst-nb's ``sphinx_`` (its notebooks' renderer)."""
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers import sphinx_ as myst_sphinx

    swaps: dict[Any, Any] = {SphinxRenderer: type("LongformRenderer", (_LongformRendering, SphinxRenderer), {})}
    modules: list[Any] = [myst_sphinx]
    try:
        from myst_nb import sphinx_ as nb_sphinx
    except ImportError:
        nb_sphinx = None
    if nb_sphinx is not None and hasattr(nb_sphinx, "create_md_parser"):
        renderer = getattr(nb_sphinx, "SphinxNbRenderer", None)
        if renderer is not None:
            swaps[renderer] = type("LongformNbRenderer", (_LongformRendering, renderer), {})
        modules.append(nb_sphinx)
    return [(module, swaps) for module in modules]


class _longform_renderers:  # noqa: N801 - used as a context manager, like contextlib's
    """While a page is parsed: each parser module's ``create_md_parser`` makes Longform's renderers."""

    def __enter__(self) -> None:
        self.saved = []
        for module, swaps in _renderer_modules():
            original = module.create_md_parser

            def create_md_parser(config: Any, renderer: Any, _original: Any = original, _swaps: Any = swaps) -> Any:
                md = _original(config, _swaps.get(renderer, renderer))
                # markdown-it drops javascript:/data: links and images silently, leaving the Markdown as text;
                # let them through to the doctree, where longform.safety's allow-list warns about each and drops it.
                md.validateLink = lambda url: True
                return md

            self.saved.append((module, original))
            module.create_md_parser = create_md_parser

    def __exit__(self, *exc: object) -> None:
        for module, original in reversed(self.saved):
            module.create_md_parser = original


def guard_myst_nb(app: Sphinx, config: Config) -> None:
    """``config-inited``: wrap the parser myst-nb registered (when it is loaded, before or after Longform) so
    its Markdown and notebooks are rendered with Longform's changes (see :func:`install_myst_parser`)."""
    parsers = app.registry.source_parsers
    registered = parsers.get(MYST_NB_PARSER)
    if registered is None or getattr(registered, "longform_guarded", False):
        return

    class LongformNbParser(registered):  # type: ignore[misc, valid-type]
        longform_guarded = True

        def parse(self, inputstring: str, document: Any) -> None:
            with _longform_renderers():
                super().parse(inputstring, document)

    parsers[MYST_NB_PARSER] = LongformNbParser


#: The ``nb_element`` myst-nb 1.x gives the container of a code cell's outputs (``myst_nb.core.render``).
NB_CELL_OUTPUT = "cell_code_output"


def is_notebook_output(node: Any) -> bool:
    """Whether ``node`` was made by myst-nb from a notebook cell's output (inside a container whose
    ``nb_element`` is :data:`NB_CELL_OUTPUT`), not written by the page's author."""
    current = getattr(node, "parent", None)
    while current is not None:
        if getattr(current, "get", None) is not None and current.get("nb_element") == NB_CELL_OUTPUT:
            return True
        current = current.parent
    return False


def notebook_output_folder(env: BuildEnvironment) -> str | None:
    """The folder (absolute, resolved) where myst-nb writes the files of cell outputs (its ``output_folder``,
    set on ``env.mystnb_config`` at ``builder-inited``), or None without myst-nb."""
    folder = getattr(getattr(env, "mystnb_config", None), "output_folder", None)
    return os.path.realpath(folder) if isinstance(folder, str) and folder else None


def in_notebook_output_folder(env: BuildEnvironment, path: str) -> bool:
    """Whether the file ``path`` (absolute) is, after symlinks, inside :func:`notebook_output_folder`."""
    folder = notebook_output_folder(env)
    real = os.path.realpath(path)
    return folder is not None and real.startswith(folder + os.sep)


#: The Sphinx versions :func:`leave_out` was checked against (inclusive lower bound, exclusive upper).
LEAVE_OUT_TESTED = ((7, 3), (10, 0))


def leave_out_is_tested() -> bool:
    """Whether the running Sphinx is one :func:`leave_out` was checked against."""
    low, high = LEAVE_OUT_TESTED
    return low <= tuple(sphinx.version_info[:2]) < high


def leave_out(
    env: BuildEnvironment,
    docnames: Iterable[str],
    *,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> None:
    """``env-get-outdated``: take ``docnames`` out of this build's documents, as if their files were absent.

    Not public API: it relies on ``env.found_docs`` being the live set of the project's
    documents (``Project.docnames``) and on Sphinx using the very ``added`` / ``changed`` /
    ``removed`` sets it passes to ``env-get-outdated`` afterwards (removed documents are
    purged, added and changed ones read; glob toctrees re-read when either is not empty).
    Checked against Sphinx 7.3 to 9.x.  It fails closed: if a document is still among the
    build's documents afterwards, the build stops rather than write it.
    """
    names = set(docnames)
    if not names:
        return
    found = env.found_docs
    if isinstance(found, set):
        found.difference_update(names)
    for docname in sorted(names):
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    still = names & set(env.found_docs)
    if still:
        raise ExtensionError(
            f"Longform could not leave the documents {sorted(still)} out of the build on Sphinx "
            f"{sphinx.__version__} (checked with Sphinx 7.3 to 9.x); stopping rather than writing them"
        )


#: The Sphinx versions :func:`withhold` was checked against (inclusive lower bound, exclusive upper).
WITHHOLD_TESTED = ((7, 3), (10, 0))
#: The builder methods that write documents, newest Sphinx first: ``write_documents`` (Sphinx 8.1+), else the
#: serial and parallel writers it calls (Sphinx 7.3-8.0).
_WRITERS = (("write_documents",), ("_write_serial", "_write_parallel"))


def withhold_is_tested() -> bool:
    """Whether the running Sphinx is one :func:`withhold` was checked against."""
    low, high = WITHHOLD_TESTED
    return low <= tuple(sphinx.version_info[:2]) < high


def withhold(
    env: BuildEnvironment, builder: Builder, docnames: Iterable[str], *, keep: str, record: bool = False
) -> dict[str, Any] | None:
    """``write-started``: documents Sphinx has read and checked, withheld from everything it writes.

    Not public API (Sphinx 7.3 to 9.x): after the environment is saved and checked, ``docnames`` are
    taken out of ``env.found_docs`` (the live ``Project.docnames``: what "write everything", the
    sitemap and the outdated check go through) and ``env.all_docs`` (what ``objects.inv`` and
    ``{doc}`` resolution go through); every domain but ``keep`` forgets them (labels, citations,
    index entries); so do the downloads and images they use; and the builder's writer skips them
    (Sphinx adds every document read in the build to what it writes, after this event).  The saved
    environment keeps them whole.  With ``record``, what is taken is returned, for :func:`restore_withheld`.
    It fails closed: a document still known afterwards, or a builder without the writer it wraps, stops the
    build rather than publish it.
    """
    names = set(docnames)
    writers = next((group for group in _WRITERS if all(callable(getattr(builder, n, None)) for n in group)), None)
    if not names:  # nothing to withhold: the builder's own writers (a builder used for a second build)
        for name in writers or ():
            if name in vars(builder):
                delattr(builder, name)
        return None
    taken = _withheld_record(env, names, keep) if record else None
    found = env.found_docs
    if isinstance(found, set):
        found.difference_update(names)
    for docname in sorted(names):
        env.all_docs.pop(docname, None)
        for each in list(env.domains.values()):
            if each.name != keep:
                each.clear_doc(docname)
        env.dlfiles.purge_doc(docname)
        env.images.purge_doc(docname)
    still = names & (set(env.found_docs) | set(env.all_docs))
    if still or writers is None:
        raise ExtensionError(
            f"Longform could not withhold the unpublished documents {sorted(still or names)} from the build on "
            f"Sphinx {sphinx.__version__} (checked with Sphinx 7.3 to 9.x); "
            "stopping rather than publishing them — build with -D longform_show_drafts=1 for a preview"
        )
    for name in writers:
        _skip_when_writing(builder, name, frozenset(names))
    return taken


_PLAIN = (str, int, float, bool, type(None), tuple, frozenset)


def _copied(value: Any) -> Any:
    """A copy of one value of a domain's data that its ``clear_doc`` cannot change: a mapping of plain values
    copied at its level (the common case: labels, objects), anything else through a pickle."""
    import pickle

    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict) and all(isinstance(item, _PLAIN) for item in value.values()):
        return value.copy()
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _withheld_record(env: BuildEnvironment, names: set[str], keep: str) -> dict[str, Any] | None:
    """What :func:`withhold` takes from the live environment for ``names``, kept so :func:`restore_withheld` can
    put it back before a warm server's next build (None: a domain that cannot merge data back, or whose data
    cannot be copied)."""
    from sphinx.domains import Domain
    from sphinx.util._files import DownloadFiles, FilenameUniqDict

    domains: dict[str, dict[str, Any]] = {}
    for each in env.domains.values():
        if each.name == keep:
            continue
        if not isinstance(each.data, dict) or type(each).merge_domaindata is Domain.merge_domaindata:
            return None
        try:
            domains[each.name] = {key: _copied(value) for key, value in each.data.items()}
        except Exception:  # any failure to copy: the documents are read again, as before
            return None
    images, dlfiles = FilenameUniqDict(), DownloadFiles()
    for filename, (docs, unique) in env.images.items():
        if docs & names:
            images[filename] = (set(docs & names), unique)
    for path, (docs, dest) in env.dlfiles.items():
        if docs & names:
            dlfiles[path] = (set(docs & names), dest)
    return {
        "names": set(names),
        "all_docs": {name: env.all_docs[name] for name in names if name in env.all_docs},
        "domains": domains,
        "images": images,
        "dlfiles": dlfiles,
    }


def restore_withheld(env: BuildEnvironment, record: dict[str, Any] | None) -> None:
    """Before a warm server's next build: give the environment back the unpublished documents :func:`withhold`
    took out of it (its ``record``), as the environment Sphinx pickled before writing has them.

    Without this the next build finds them "added" (in the sources, not in ``env.all_docs``) and reads them again,
    and with them every page that names them (a topic page listing a draft): 16 documents instead of 2 after a
    sentence is added to one essay at N = 300. The domains get back their data through ``merge_domaindata`` (what
    Sphinx's parallel read uses), the images and downloads through ``merge_other``. Without a record (a domain that
    cannot merge, the default raising) nothing changes: the documents are then read again, as before.
    """
    if not record:
        return
    names: set[str] = record["names"]
    for each in env.domains.values():
        if each.name in record["domains"]:
            each.merge_domaindata(names, record["domains"][each.name])
    env.images.merge_other(names, record["images"])
    env.dlfiles.merge_other(names, record["dlfiles"])
    env.all_docs.update(record["all_docs"])
    found = env.found_docs
    if isinstance(found, set):
        found.update(name for name in names if name in record["all_docs"])


def skip_when_outdated(builder: Builder, hidden: Callable[[], set[str]]) -> None:
    """Wrap the builder's ``get_outdated_docs`` (public, but called by Sphinx itself before reading) so the
    documents ``hidden()`` names are never "out of date": a withheld document has no output file, and
    without this every build would write the indices and the search page again.  A builder that answers
    with a sentence ("all source files") is left alone."""
    inner = getattr(builder.get_outdated_docs, "longform_inner", builder.get_outdated_docs)

    def outdated() -> Any:
        found = inner()
        if isinstance(found, str):
            return found
        names = hidden()
        return [docname for docname in found if docname not in names]

    outdated.longform_inner = inner  # type: ignore[attr-defined]
    builder.get_outdated_docs = outdated  # type: ignore[method-assign]


def resolve_without_writing(env: BuildEnvironment, builder: Builder, docname: str) -> None:
    """Resolve a read document's references as writing it would (their warnings included), writing nothing:
    ``env.get_and_resolve_doctree``, given the builder's tags where it takes them (Sphinx 9 warns without)."""
    resolve = env.get_and_resolve_doctree
    if "tags" in inspect.signature(resolve).parameters:
        resolve(docname, builder, tags=builder.tags)
    else:  # pragma: no cover - Sphinx before 8.2
        resolve(docname, builder)


def _skip_when_writing(builder: Builder, name: str, names: frozenset[str]) -> None:
    """Wrap the builder's writer ``name`` (its first argument: the documents to write) so it skips ``names``;
    the wrapper is the builder object's own attribute, for this build."""
    method = getattr(builder, name)
    inner = getattr(method, "longform_inner", method)

    def write(docnames: Iterable[str], *args: Any, **kwargs: Any) -> Any:
        kept = [docname for docname in docnames if docname not in names]
        return inner(set(kept) if isinstance(docnames, (set, frozenset)) else kept, *args, **kwargs)

    write.longform_inner = inner  # type: ignore[attr-defined]
    setattr(builder, name, write)


def note_dependency(env: BuildEnvironment, path: str, docname: str) -> None:
    """``env.note_dependency(path, docname=docname)``: ``docname`` is read again when the file ``path`` changes.

    The ``docname`` keyword is Sphinx 8.2's; on 8.1 the dependency goes into ``env.dependencies`` (document ->
    file names, absolute or relative to the source folder: what 8.1's ``note_dependency`` itself adds to).
    """
    if sphinx.version_info[:2] >= (8, 2):
        env.note_dependency(path, docname=docname)
    else:
        # 8.1's set of str (later releases hold paths: this branch never runs there)
        cast("set[str]", env.dependencies[docname]).add(path)


def returns_when_nothing_is_outdated() -> bool:
    """Whether ``Builder.build`` stops before the writing phase (no ``html-collect-pages``, so no generated page
    is written) when no document is outdated: Sphinx 8.1 does; 8.2 to 9.x go on and write the extra pages."""
    return tuple(sphinx.version_info[:2]) < (8, 2)


def index_without_no_search(app: Sphinx) -> None:
    """``builder-inited``: on Sphinx 8.1, leave what carries the ``no-search`` class out of the search index, as
    Sphinx 8.2 to 9.x do themselves (``sphinx.search.WordCollector``).

    The HTML builder's ``index_page`` (8.1: ``index_page(pagename, doctree, title)``) is wrapped for this builder
    alone, and given a copy of the page without those nodes; the page itself is written in full.
    """
    if tuple(sphinx.version_info[:2]) >= (8, 2):
        return
    builder = app.builder
    original = getattr(builder, "index_page", None)
    if original is None:
        return
    from docutils import nodes

    def marked(node: Any) -> bool:
        return isinstance(node, nodes.Element) and "no-search" in node["classes"]

    def index_page(pagename: str, doctree: Any, title: str) -> None:
        if next(iter(doctree.findall(marked)), None) is not None:
            doctree = doctree.deepcopy()
            for node in list(doctree.findall(marked)):
                node.parent.remove(node)
        original(pagename, doctree, title)

    setattr(builder, "index_page", index_page)  # noqa: B010 (the builder's own attribute, on 8.1 only)


#: The HTML builder's methods that load, feed and write Sphinx's search index (``searchindex.js``), Sphinx 7.3–9.x.
SEARCH_INDEX_METHODS = ("load_indexer", "index_page", "dump_search_index")


def skip_search_index(builder: Builder) -> None:
    """This builder neither loads, feeds nor writes Sphinx's search index, and removes a ``searchindex.js`` an
    earlier build left (Pagefind answers the search page instead: :mod:`longform.site.search`).

    The HTML builder feeds every written page to its ``IndexBuilder`` (``index_page``, from
    ``write_doc_serialized``), loads the previous index first (``load_indexer``, from ``prepare_writing``) and
    writes it at the end (``dump_search_index``, a finishing task).  The three are replaced on this builder alone
    (not its class); :func:`build_search_index` puts them back."""
    outdir = Path(builder.outdir)
    name = str(getattr(builder, "searchindex_filename", "searchindex.js"))

    def nothing(*args: Any, **kwargs: Any) -> None:
        return None

    def remove_stale(*args: Any, **kwargs: Any) -> None:
        (outdir / name).unlink(missing_ok=True)

    for method in SEARCH_INDEX_METHODS:
        if not callable(getattr(builder, method, None)):
            return  # not an HTML builder of a known Sphinx: it keeps its own index
    for method, replacement in zip(SEARCH_INDEX_METHODS, (nothing, nothing, remove_stale), strict=True):
        setattr(builder, method, replacement)


def remember_highlighting(builder: Builder) -> None:
    """The HTML builder's code highlighter answers a block it highlighted before from memory, for this build.

    Pygments is the dearest part of writing a page with code; a feed with whole essays
    (:func:`longform.ui.feeds.full_content`) writes each essay once more and would highlight every block again.
    ``builder.highlighter.highlight_block(source, lang, opts=…, force=…, location=…, **options)`` (Sphinx 7.3–9.x)
    is wrapped on the highlighter object: the same source, language, options and flags give the same HTML, so the
    second asking is the first answer (a lexing problem is still warned once, at the first).  ``location`` is only
    where a warning points, so it is not part of what is remembered."""
    highlighter = getattr(builder, "highlighter", None)
    original = getattr(highlighter, "highlight_block", None)
    if highlighter is None or original is None or getattr(original, "longform_remembers", False):
        return
    answers: dict[tuple[str, ...], str] = {}

    def highlight_block(source: str, lang: str, opts: dict[str, Any] | None = None, force: bool = False,
                        location: Any = None, **options: Any) -> str:  # fmt: skip
        key = (source, str(lang), repr(sorted((opts or {}).items())), str(force), repr(sorted(options.items())))
        if key not in answers:
            answers[key] = original(source, lang, opts=opts, force=force, location=location, **options)
        return answers[key]

    highlight_block.longform_remembers = True  # type: ignore[attr-defined]
    setattr(highlighter, "highlight_block", highlight_block)  # noqa: B010 (the highlighter object's own attribute)


def build_search_index(app: Sphinx) -> None:
    """Undo :func:`skip_search_index` and write Sphinx's whole search index now (``build-finished``: every page is
    written), from every document's resolved doctree — what the writing phase would have fed it.  For when
    Pagefind failed: the search page keeps Sphinx's search, which needs its index."""
    builder: Any = app.builder
    for method in SEARCH_INDEX_METHODS:
        builder.__dict__.pop(method, None)
    if builder.indexer is None:
        return
    index_without_no_search(app)  # Sphinx 8.1: the wrapper the skipped methods had replaced
    env = app.env
    builder.indexer.prune(set())
    resolve = env.get_and_resolve_doctree
    tags = {"tags": builder.tags} if "tags" in inspect.signature(resolve).parameters else {}
    # Each page's warnings were given when it was written: resolving it again for the index says nothing twice.
    with sphinx_logging.suppress_logging():
        for docname in sorted(env.all_docs):
            doctree = resolve(docname, builder, **tags)
            title_node = env.longtitles.get(docname)
            title = builder.render_partial(title_node)["title"] if title_node else ""
            builder.index_page(docname, doctree, title)
    builder.dump_search_index()


def forget_image(env: BuildEnvironment, docname: str, path: str) -> None:
    """Take the image ``path`` (relative to the source folder) out of what ``docname`` has the builder copy.

    ``env.images`` is Sphinx's ``FilenameUniqDict`` (path -> (documents, unique name), with the unique names
    in use in ``_existing``; Sphinx 7.3–9.x): the document leaves the entry, and the entry goes with its last one.
    """
    entry = env.images.get(path)
    if entry is None:
        return
    documents, unique = entry
    documents.discard(docname)
    if not documents:
        del env.images[path]
        existing = getattr(env.images, "_existing", None)
        if isinstance(existing, set):
            existing.discard(unique)


# -- what is kept while one page is read, and docutils' settings of every page ----------------------


def page_data(env: BuildEnvironment, key: str, empty: Callable[[], T]) -> T:
    """What Longform keeps while one page is read, under ``key``: made with ``empty()`` on first use.

    It lives in ``env.temp_data`` (Sphinx 9: ``env.current_document``), which Sphinx empties when it starts
    the next page (7.3–9.x).  Keys are Longform's own (``longform_…``)."""
    store = env.temp_data
    if key not in store:
        store[key] = empty()
    return cast("T", store[key])


def page_value(env: BuildEnvironment, key: str) -> object:
    """The value kept under ``key`` for the page being read (see :func:`page_data`), or None."""
    return env.temp_data.get(key)


def set_page_value(env: BuildEnvironment, key: str, value: object) -> None:
    """Keep ``value`` under ``key`` while this page is read (see :func:`page_data`)."""
    env.temp_data[key] = value


def forget_page_value(env: BuildEnvironment, key: str) -> None:
    """Drop what is kept under ``key`` for the page being read, if anything (see :func:`page_data`)."""
    env.temp_data.pop(key, None)


def docutils_setting(env: BuildEnvironment, name: str) -> object:
    """One of docutils' settings every page is read with (``env.settings``: Sphinx builds each page's settings
    from it, 7.3–9.x; not public API)."""
    return env.settings.get(name)


def set_docutils_setting(env: BuildEnvironment, name: str, value: object) -> None:
    """Set one of docutils' settings for every page read from now on (see :func:`docutils_setting`)."""
    env.settings[name] = value


# -- the toctree directive ------------------------------------------------------------------------------

#: Sphinx's ``toctree`` directive class (``sphinx.directives.other.TocTree``, 7.3–9.x; not public API), which
#: :class:`longform.core.publishing.TocTree` subclasses to drop unpublished entries.
SphinxTocTree = _SphinxTocTree


def toctree_entry(entry: str) -> tuple[str | None, str]:
    """A toctree entry's (explicit title or None, target) as Sphinx splits it: ``Title <target>`` or ``target``
    (``sphinx.util.nodes.explicit_title_re``, 7.3–9.x; not public API)."""
    explicit = explicit_title_re.match(entry)
    return (explicit.group(1), explicit.group(2)) if explicit else (None, entry)


# -- Sphinx's registry ------------------------------------------------------------------------------


def has_domain(app: Sphinx, name: str) -> bool:
    """Whether a domain named ``name`` is registered (``app.registry.domains``: Sphinx's registry, 7.3–9.x,
    not public API)."""
    return name in app.registry.domains


def extension_scripts(app: Sphinx) -> list[tuple[str, dict[str, Any]]]:
    """The script files extensions added with ``app.add_js_file`` (``app.registry.js_files``, 7.3–9.x, not
    public API): (file name or URL, attributes)."""
    return [(str(name), dict(attributes)) for name, attributes in getattr(app.registry, "js_files", [])]


# -- versions ------------------------------------------------------------------------------------

#: distribution -> (lowest version checked, first version not checked): what the shims below rely on.
#: Sphinx, MyST-Parser and sphinx-design are the range extensions/pyproject.toml allows (tests/test_packaging.py).
TESTED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "sphinx": ((8, 1), (10, 0)),
    "docutils": ((0, 21), (0, 23)),
    "myst-parser": ((5, 2), (6, 0)),
    "sphinx-design": ((0, 6, 1), (0, 9)),
    "sphinx-sitemap": ((2, 6), (3, 0)),
    "myst-nb": ((1, 4), (2, 0)),  # optional: its parser's create_md_parser and renderer, nb_element, output_folder
    "furo": ((2024, 1), (2027, 1)),
    "pygments": ((2, 17), (3, 0)),
}


def require_supported_sphinx(version: str) -> None:
    """Stop at ``setup``, before anything is registered, on a Sphinx outside :data:`TESTED` (``version`` is
    Longform's own).  An older one is Sphinx's own error: "The longform extension used by this project needs at
    least Sphinx v8.1; it therefore cannot be built with this version."; a newer one names the supported range."""
    from sphinx.errors import VersionRequirementError

    low, high = TESTED["sphinx"]
    running = tuple(sphinx.version_info[:2])
    if running < low:
        raise VersionRequirementError(".".join(map(str, low)))  # Sphinx words the message around the version
    if running >= high:
        raise ExtensionError(
            f"sphinx-longform {version} supports Sphinx {'.'.join(map(str, low))} to {high[0] - 1}.x, and this is "
            f"Sphinx {sphinx.__display_version__}: install a supported one (pip install "
            f"'sphinx>={'.'.join(map(str, low))},<{high[0]}') or a sphinx-longform that supports it",
            modname="longform",
        )


def version_of(distribution: str) -> tuple[int, ...] | None:
    """The installed version of ``distribution`` as numbers (None when it is not installed)."""
    try:
        text = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    numbers = []
    for part in text.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        numbers.append(int(digits))
    return tuple(numbers)


def is_tested(distribution: str) -> bool:
    """Whether the installed ``distribution`` is a version the shims were checked against."""
    found = version_of(distribution)
    if found is None:
        return False
    low, high = TESTED[distribution]
    return low <= found[: len(low)] and found[: len(high)] < high


# -- MyST's directive state -------------------------------------------------------------------------


def content_line(directive: Any) -> int:
    """1-based source line of a directive's first content line.

    MyST runs directives with a mock state (``myst_parser.mocking.MockState``) and gives
    ``content_offset`` relative to the directive's first line; docutils gives it absolute (0-based).
    """
    try:
        from myst_parser.mocking import MockState
    except ImportError:  # pragma: no cover - MyST is a dependency
        return int(directive.content_offset) + 1
    if isinstance(directive.state, MockState):
        return int(directive.lineno) + 1 + int(directive.content_offset)
    return int(directive.content_offset) + 1


# -- builders' relative URLs ------------------------------------------------------------------------


def relative_uri_is_standard(builder: Builder) -> bool:
    """Whether ``builder`` computes relative URLs with Sphinx's own ``Builder.get_relative_uri`` (from
    ``get_target_uri`` of both pages), so a URL depends only on the two pages' target URIs."""
    return type(builder).get_relative_uri is Builder.get_relative_uri


# -- sphinx-sitemap ---------------------------------------------------------------------------------


def sitemap_queue(app: Sphinx) -> Any:
    """sphinx-sitemap's queue of (link, lastmod), written out at ``build-finished`` (2.6–2.x keeps a
    ``multiprocessing`` queue on the application as ``sitemap_links``, set at ``builder-inited``); None
    without sphinx-sitemap or when it keeps it elsewhere.  Emptied with ``get_nowait`` until
    :class:`queue.Empty`, filled with ``put``."""
    links = getattr(app, "sitemap_links", None)
    usable = callable(getattr(links, "get_nowait", None)) and callable(getattr(links, "put", None))
    return links if usable else None


def forget_asset_checksums() -> None:
    """Make the HTML builder read its assets' checksums (the ``?v=`` of a page's ``<script>`` and ``<link>``)
    afresh.  Sphinx 8.2–9.x keeps each file's checksum for the life of the process (``_file_checksum_inner``,
    a ``functools.cache``), so a file Longform rewrites with new content in a second build in the same process
    (the warm server, a test's incremental build) would be linked with the first build's ``?v=``.  Nothing
    happens where Sphinx keeps no such cache (8.1 reads the file each time)."""
    try:
        from sphinx.builders.html import _assets
    except ImportError:  # pragma: no cover - Sphinx 7.3+ has the module
        return
    clear = getattr(getattr(_assets, "_file_checksum_inner", None), "cache_clear", None)
    if callable(clear):
        clear()


# -- a forgiving codec for sources ------------------------------------------------------------------

#: The codec's name: UTF-8 with an optional BOM (Sphinx's default), an undecodable byte replaced by U+FFFD.
FORGIVING_CODEC = "longform_utf_8_replace"


def _search(name: str) -> codecs.CodecInfo | None:
    if name != FORGIVING_CODEC:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=FORGIVING_CODEC,
        encode=base.encode,
        decode=lambda data, errors="strict": base.decode(data, "replace"),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=lambda errors="strict": base.incrementaldecoder("replace"),
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


def register_forgiving_codec() -> str:
    """Register :data:`FORGIVING_CODEC` (codecs are process-wide; registered once) and return its name."""
    try:
        codecs.lookup(FORGIVING_CODEC)
    except LookupError:
        codecs.register(_search)
    return FORGIVING_CODEC


# -- markup repaired for accessibility --------------------------------------------------------------

#: (markup as written upstream, repaired markup).  Sphinx's toctree caption has role="heading" but no
#: aria-level; Pygments' <pre> and furo's table wrapper scroll sideways but cannot be focused.
HTML_REPAIRS = (
    ('<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'),
    ('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'),
    # furo wraps each table in a box that scrolls sideways on a phone: the same repair.
    ('<div class="table-wrapper ', '<div tabindex="0" class="table-wrapper '),
)


def repair_html(html: str) -> str:
    """``html`` with every :data:`HTML_REPAIRS` applied."""
    for before, after in HTML_REPAIRS:
        html = html.replace(before, after)
    return html


# -- rendering a generated page --------------------------------------------------------------------


def render_partial(builder: Builder, node: nodes.Node) -> str:
    """``builder.render_partial(node)["fragment"]`` for a page that is not a document (a tag page).

    The HTML writer reads ``builder.fignumbers``, which Sphinx sets only while it writes a document
    (``write_doc``); a build that writes nothing but generated pages never sets it.  A generated page
    numbers no figure, so it is given none (Sphinx 7.3–9.x).
    """
    html = cast("StandaloneHTMLBuilder", builder)  # the HTML builders (they alone write generated pages)
    html.fignumbers = {}
    return str(html.render_partial(node)["fragment"])


def html_config_hash(builder: Any) -> str:
    """The HTML builder's digest of its "html" configuration (``builder.build_info.config_hash``, Sphinx
    7.3–9.x; not public API), or '' for builders without one: a change of any such setting changes it."""
    build_info = getattr(builder, "build_info", None)
    value = getattr(build_info, "config_hash", "") if build_info is not None else ""
    return value if isinstance(value, str) else ""


# -- the templates' folders -------------------------------------------------------------------------


def template_folders(builder: Any) -> list[Path]:
    """The folders an HTML builder's templates are read from: the site's ``templates_path``, then the
    theme and each theme it extends, down to ``basic`` (``builder.templates.pathchain``: Sphinx
    7.3–9.x, not public API); [] for a builder without templates."""
    chain = getattr(getattr(builder, "templates", None), "pathchain", None)
    return [Path(folder) for folder in chain] if isinstance(chain, list) else []


# -- a sphinx-tags site: settings set, toctrees naming generated pages, labels of generated pages ---------


def config_sets(config: Any, name: str) -> bool:
    """Whether ``conf.py`` (or ``-D``) sets ``name``, whatever its value (``Config._raw_config``: the names
    ``conf.py`` defined, Sphinx 7.3–9.x, not public API; ``Config.overrides``: public)."""
    raw = getattr(config, "_raw_config", {})
    return (isinstance(raw, dict) and name in raw) or name in getattr(config, "overrides", {})


def set_generated_labels(env: BuildEnvironment, folder: str, labels: dict[str, tuple[str, str]]) -> None:
    """Make ``{ref}`` resolve ``labels`` (name -> (generated page name, title)) to pages under ``folder`` that
    no source holds: the standard domain's ``labels``/``anonlabels`` (its data: Sphinx 7.3–9.x), with last
    build's labels of that folder dropped first (no source page's ``clear_doc`` ever drops them)."""
    std: Any = env.get_domain("std")
    prefix = folder.rstrip("/") + "/"
    for table in (std.labels, std.anonlabels):
        for name in [n for n, value in table.items() if value[0].startswith(prefix) and value[0] not in env.all_docs]:
            del table[name]
    for name, (pagename, title) in labels.items():
        if name in std.labels and std.labels[name][0] in env.all_docs:
            continue  # a source page's own label wins (Sphinx warns about duplicates there)
        std.labels[name] = (pagename, "", title)
        std.anonlabels[name] = (pagename, "")


# -- the general index: none when nothing is indexed ------------------------------------------------


def index_is_empty(env: Any) -> bool:
    """Whether no page of the project has an index entry (the ``index`` domain's ``entries``, Sphinx 8.1–9.x)."""
    entries = getattr(env.get_domain("index"), "entries", None)
    return isinstance(entries, dict) and not any(entries.values())


def drop_general_index(builder: Any) -> None:
    """Write no ``genindex.html`` and link none (``builder.use_index``, read by ``prepare_writing`` for the
    "index" relation and by ``gen_indices``; Sphinx 8.1–9.x, not public API)."""
    if hasattr(builder, "use_index"):
        builder.use_index = False


def without_general_index(hasdoc: Any) -> Any:
    """A template's ``hasdoc`` that answers False for ``genindex`` (the themes' ``<link rel="index">``)."""

    def wrapped(name: str) -> bool:
        return False if name == "genindex" else bool(hasdoc(name))

    return wrapped


def rebuild_again(app: Any) -> None:
    """Make an application that has built once ready to build again in the same process (``longform serve``).

    * Its count of warnings and its exit status start from zero, as a new ``sphinx-build``'s would
      (``_warncount``, ``statuscode``).
    * The HTML builder's lists of scripts and stylesheets go back to the site's own. Sphinx puts them back before
      each page's ``html-page-context``, so a file an extension adds there for one page (Longform's search script
      on the search page, its stylesheet where a page uses it) stays in the lists after the last page written;
      the next build's ``prepare_writing`` would take it for a file of every page (``_orig_js_files``,
      ``_orig_css_files``).
    * The environment forgets the doctrees it holds in memory (``_pickled_doctree_cache``, filled as pages are
      written, and ``_write_doc_doctree_cache``): a page read again is pickled anew on disk, but the cache would
      still give its old doctree to the next page that resolves against it. Sphinx's own ``SphinxTestApp.build``
      clears the first the same way before building again.

    Sphinx 8.1–9.x. Everything else Sphinx resets itself: the configuration is marked current after the first
    read, and ``find_files`` looks for added and deleted sources on every build (tests/test_serve.py compares the
    output after every kind of edit with a clean build's).
    """
    if hasattr(app, "_warncount"):
        app._warncount = 0
    app.statuscode = 0
    builder = getattr(app, "builder", None)
    for current, original in (("_js_files", "_orig_js_files"), ("_css_files", "_orig_css_files")):
        files, saved = getattr(builder, current, None), getattr(builder, original, None)
        if isinstance(files, list) and isinstance(saved, list):
            files[:] = saved
    env = getattr(app, "env", None)
    for cache in ("_pickled_doctree_cache", "_write_doc_doctree_cache"):
        held = getattr(env, cache, None)
        if isinstance(held, dict):
            held.clear()


@contextlib.contextmanager
def environment_pickle_deferred(app: Any) -> Iterator[list[str]]:
    """While an application builds again in ``longform serve``: Sphinx's pickle of the environment before writing
    (``Builder.build``: ``pickle.dump(self.env, f)`` into ``doctreedir/environment.pickle``) is not written; the
    list yielded gets the file's path when it was skipped, and :func:`pickle_environment` writes it later.

    The pickle is only for the next start of an application (a warm server holds its environment in memory), and
    costs a tenth of a second to half a second per rebuild at N = 1,000, before any page is written. Not public
    API: Sphinx 8.1–9.x call ``pickle.dump`` through ``sphinx.builders``' own ``pickle`` name, which is replaced
    for the block by a stand-in that passes every other call through. Sphinx opens (so empties) the file before
    dumping: until :func:`pickle_environment` runs, a new process finds no environment and builds from scratch.
    """
    import pickle

    import sphinx.builders as module
    from sphinx.environment import BuildEnvironment

    skipped: list[str] = []
    real = module.__dict__["pickle"]

    class Deferred:
        HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def dump(obj: Any, file: Any, *args: Any, **kwargs: Any) -> None:
            if obj is app.env and isinstance(obj, BuildEnvironment):
                skipped.append(str(getattr(file, "name", "")))
                return
            real.dump(obj, file, *args, **kwargs)

    module.__dict__["pickle"] = Deferred()
    try:
        yield skipped
    finally:
        module.__dict__["pickle"] = real


def pickle_environment(app: Any) -> None:
    """Write the environment's pickle for the next start, as ``Builder.build`` writes it (whole, then renamed into
    place); put the unpublished documents back first (:func:`restore_withheld`), as Sphinx's pickle has them."""
    import pickle

    from sphinx.application import ENV_PICKLE_FILENAME

    target = Path(app.doctreedir) / ENV_PICKLE_FILENAME
    partial = target.with_name(target.name + ".writing")
    with open(partial, "wb") as file:
        pickle.dump(app.env, file, pickle.HIGHEST_PROTOCOL)
    partial.replace(target)
