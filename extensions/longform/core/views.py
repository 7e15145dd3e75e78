"""Placeholders, generated pages, and knowing exactly which of them are stale.

Features never render at read time.  A directive (or the catalogue, for the
essay header and footer) leaves a :class:`placeholder` node naming a *view kind*
and its options.  Each view kind has two pure functions, registered in
``setup()`` of the feature that owns it:

``compute(app, docname, options) -> data``
    the values the view shows, as plain hashable data (tuples, strings, ints);
``render(app, docname, data) -> list[Node]``
    docutils nodes built from that data alone.

At ``doctree-resolved`` a placeholder becomes ``render(compute(...))``, the
pattern of ``sphinx.ext.todo``.  At ``env-get-updated`` the data of every
placeholder is computed again and fingerprinted: a page is rewritten when, and
only when, what it shows has changed.  That data is kept for the build, so
``doctree-resolved`` does not compute it twice; and when no document's *face*
(what other pages can show of it: metadata, title, toctrees, catalogue record,
placeholders) changed, nor the vocabulary files or the settings, nothing is
computed at all.  A body edit changes a document's face only when it changes what
a view shows of it: the catalogue record's counts (:data:`UNSHOWN`) make only the
rounded reading time, so a sentence added costs what it costs without Longform
unless the minutes change, and then only the pages that show them are rewritten.  Pages
that are not sources (a page per tag, feeds) are *generated kinds*:
``pages(app)`` gives each output file's data, and the same fingerprints decide
which files to write and which to delete.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from . import VERSION, compat, domain, events, output

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

Compute = Callable[["Sphinx", str, dict[str, Any]], Any]
Render = Callable[["Sphinx", str, Any], list[nodes.Node]]


class placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Stands where a view will be rendered; attributes ``kind`` and ``options``."""


@dataclass(frozen=True)
class ViewKind:
    compute: Compute
    render: Render
    #: False for views that repeat other pages' text (listings, related essays): their output
    #: gets Sphinx's ``no-search`` class, so a search finds the essay itself, not every page
    #: that lists it (and the search indexer does not stem the same descriptions again and again).
    searchable: bool = True


@dataclass(frozen=True)
class GeneratedKind:
    """Output files that are not sources.

    ``pages(app)`` maps each output path (relative to the output folder, e.g.
    ``tags/go.html``) to its data; ``emit(app, path, data)`` either returns
    ``(pagename, context, template)`` for an HTML page or writes the file itself
    and returns None.
    """

    pages: Callable[[Sphinx], dict[str, Any]]
    emit: Callable[[Sphinx, str, Any], tuple[str, dict[str, Any], str] | None]


#: The essay header, top to bottom: the banner of a superseded essay, one quiet line of facts, the typed links
#: ("Builds on …"), the tags, one line per reading path.
HEADER = ("superseded", "meta", "relations", "tags", "paths")
#: The header's first line, left to right: "12 May 2026 · Ada Park · 7 min read · Part 2 of 4 in <series>".
#: ``authors`` is the byline's slot.  Each part renders inline nodes; the line puts " · " between them.
META = ("date", "updated", "authors", "minutes", "series", "draft")
#: The essay's end, top to bottom: the reading path's next step (and "mark as read"), the series'
#: next part, related essays — one way on, no other "next".
FOOTER = ("paths", "series", "related", "backlinks", "link-targets")


@dataclass
class Registry:
    views: dict[str, ViewKind] = field(default_factory=dict)
    generated: dict[str, GeneratedKind] = field(default_factory=dict)
    #: Parts of the essay header / footer and of the header's meta line: (name, compute, render),
    #: shown in the order of :data:`HEADER`, :data:`FOOTER` and :data:`META` (unlisted names last).
    header: list[tuple[str, Compute, Render]] = field(default_factory=list)
    footer: list[tuple[str, Compute, Render]] = field(default_factory=list)
    meta: list[tuple[str, Compute, Render]] = field(default_factory=list)


def _insert(
    parts: list[tuple[str, Compute, Render]], order: tuple[str, ...], part: tuple[str, Compute, Render]
) -> None:
    """Add ``part`` to ``parts`` and keep them in the order of the table ``order``."""
    parts.append(part)
    parts.sort(key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def make_placeholder(kind: str, options: dict[str, Any] | None = None, **attrs: Any) -> placeholder:
    node = placeholder("", kind=kind, options=dict(options or {}), **attrs)
    return node


# -- bookkeeping in the domain ---------------------------------------------------------------


def _placeholders(env: BuildEnvironment) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    return domain.records(env, "placeholders")


def placeholders(env: BuildEnvironment, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(docname, options) of every placeholder of view ``kind`` on the site, by docname (for checks)."""
    found = _placeholders(env)
    return [(docname, options) for docname in sorted(found) for k, options in found[docname] if k == kind]


def page_placeholders(env: BuildEnvironment, docname: str, kind: str) -> list[dict[str, Any]]:
    """The options of the placeholders of view ``kind`` on page ``docname``, in the page's order."""
    return [options for k, options in _placeholders(env).get(docname, ()) if k == kind]


def _fingerprint(data: Any) -> str:
    """A digest of ``data``'s values.

    Without the pickler's memo ("fast" mode): with it, equal data that shares objects differently
    (fresh from reading vs. unpickled from the last build's env) gives different bytes, and pages
    would be rewritten for nothing.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=4)
    pickler.fast = True
    pickler.dump(data)
    return hashlib.sha1(buffer.getvalue()).hexdigest()


def _code_hash() -> str:
    """A digest of Longform's own code and assets: editing a renderer or a stylesheet
    changes what every page shows, so it must make every view stale (``nox -s serve``)."""
    digest = hashlib.sha1()
    package = Path(__file__).parent.parent  # the whole package: every layer's code and assets
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".js", ".html") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _record_code_digest(app: Sphinx, config: Config) -> None:
    """``config-inited``: put the code digest into an "html" config value, so that Sphinx's
    own build info sees the change and rewrites every page (each links longform.css with its checksum)."""
    config.longform_code_digest = _code_hash()


def _salt(app: Sphinx) -> str:
    """What invalidates every view at once: the HTML configuration, which includes the
    digest of our code and assets (see :func:`_record_code_digest`)."""
    config_hash = compat.html_config_hash(app.builder)
    return f"{VERSION}:{app.config.longform_code_digest}:{config_hash}:{app.config.longform_show_drafts}"


def record_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember which views each page shows (read after the catalogue)."""
    found = [(node["kind"], node["options"]) for node in doctree.findall(placeholder)]
    if found:
        _placeholders(app.env)[app.env.docname] = found
    else:
        _placeholders(app.env).pop(app.env.docname, None)


#: Fields of the catalogue record that no view reads: they are counted only to make ``minutes``, which views
#: show.  Left out of a document's face, so that a sentence added to an essay recomputes nothing elsewhere
#: unless its rounded reading time changes.  tests/test_views_read.py holds this true: no module other than
#: the ones that count them reads these fields.
UNSHOWN = frozenset({"words", "code_blocks", "figures"})
#: Metadata no view reads: MyST-Parser's own word count (its ``wordcount`` substitutions are read in the page
#: itself, never on another page).
UNSHOWN_METADATA = frozenset({"wordcount"})


def _shown_record(record: object) -> object:
    """What views can read of a catalogue record: its fields without :data:`UNSHOWN` (any other value as is)."""
    if record is None or not is_dataclass(record):
        return record
    return tuple((item.name, getattr(record, item.name)) for item in fields(record) if item.name not in UNSHOWN)


def _faces(env: BuildEnvironment) -> dict[str, str]:
    return domain.records(env, "faces")


def record_face(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after every other reader: a digest of what this document shows to others.

    Every view is computed from the documents' metadata (without :data:`UNSHOWN_METADATA`),
    titles, toctrees, catalogue records (without :data:`UNSHOWN`), placeholders and reading-path
    steps, plus the vocabulary files and the configuration.  When a rebuild re-reads documents
    whose faces did not change (a body edit that keeps the rounded reading time), no view anywhere
    can have changed, and :func:`get_updated_docs` skips computing them all again.
    """
    from sphinx import addnodes

    env = app.env
    docname = env.docname
    title = env.titles.get(docname)
    toc = env.tocs.get(docname)
    trees = (
        tuple(
            (node.get("caption") or "", tuple(map(tuple, node["entries"])), bool(node.get("hidden")))
            for node in toc.findall(addnodes.toctree)
        )
        if toc is not None
        else ()
    )
    paths_store = domain.records(env, "paths")
    face = (
        {key: value for key, value in env.metadata.get(docname, {}).items() if key not in UNSHOWN_METADATA},
        title.astext() if title is not None else None,
        trees,
        tuple(sorted(env.toctree_includes.get(docname, ()))),
        _shown_record(domain.records(env, "essays").get(docname)),
        _placeholders(env).get(docname),
        paths_store.get(docname),
    )
    try:
        _faces(env)[docname] = _fingerprint(face)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):  # unpicklable: never skip this one
        _faces(env)[docname] = f"unhashable:{os.urandom(8).hex()}"  # never equal to the last build's


def _inputs(app: Sphinx, env: BuildEnvironment, salt: str) -> str:
    """A digest of everything views are computed from (see :func:`record_face`)."""
    config = app.config
    settings = tuple(
        (option.name, repr(option.value))
        for option in sorted(config, key=lambda option: option.name)
        if option.name.startswith("longform_")
        or option.name in ("html_baseurl", "project", "author", "language", "root_doc")
    )
    files = []
    for relpath in (config.longform_tags_file, config.longform_series_file, config.longform_authors_file):
        path = Path(app.srcdir, relpath)
        files.append((relpath, path.read_bytes() if path.is_file() else None))
    faces = _faces(env)
    # Feeds with whole essays (longform_feed_fulltext) change with every edit of a body, not only of a face.
    fulltext = bool(config.longform_feed_fulltext)
    docs = tuple(
        (docname, faces.get(docname, ""), env.all_docs[docname] if fulltext else 0) for docname in sorted(env.all_docs)
    )
    return _fingerprint((salt, settings, tuple(files), docs))


class Views:
    """The views of one application: what the features registered, and the event handlers that
    compute, fingerprint and render them.  Its bound methods are connected to Sphinx's events, so
    the registry needs no attribute on the application."""

    def __init__(self) -> None:
        self.registry = Registry()
        # Neither the header nor the footer is the essay's text: a search finds the prose, and its
        # snippets never read "7 min read · Idempotency · Reliability · Reading path …".
        self.registry.views["essay-header"] = ViewKind(self._header_compute, self._header_render, False)
        self.registry.views["essay-footer"] = ViewKind(self._footer_compute, self._footer_render, False)
        self.add_header_part("meta", compute=self._meta_compute, render=self._meta_render)

    # -- what features register ---------------------------------------------------------------

    def add_view(self, kind: str, *, compute: Compute, render: Render, searchable: bool = True) -> None:
        self.registry.views[kind] = ViewKind(compute, render, searchable)

    def add_generated(self, kind: str, *, pages: Callable[..., Any], emit: Callable[..., Any]) -> None:
        self.registry.generated[kind] = GeneratedKind(pages, emit)

    def add_header_part(self, name: str, *, compute: Compute, render: Render) -> None:
        _insert(self.registry.header, HEADER, (name, compute, render))

    def add_meta_part(self, name: str, *, compute: Compute, render: Render) -> None:
        """A part of the header's first line (see :data:`META`); ``render`` returns inline nodes."""
        _insert(self.registry.meta, META, (name, compute, render))

    def add_footer_part(self, name: str, *, compute: Compute, render: Render) -> None:
        _insert(self.registry.footer, FOOTER, (name, compute, render))

    # -- the essay header and footer are views made of parts ------------------------------------

    @staticmethod
    def _parts_compute(
        parts: list[tuple[str, Compute, Render]], app: Sphinx, docname: str, options: dict[str, Any]
    ) -> Any:
        return tuple((name, fn(app, docname, options)) for name, fn, _ in parts)

    @staticmethod
    def _parts_render(
        parts: list[tuple[str, Compute, Render]], app: Sphinx, docname: str, data: Any
    ) -> list[nodes.Node]:
        renderers = {name: fn for name, _, fn in parts}
        out: list[nodes.Node] = []
        for name, part in data:
            if part is not None and name in renderers:
                out.extend(renderers[name](app, docname, part))
        return out

    def _header_compute(self, app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
        return self._parts_compute(self.registry.header, app, docname, options)

    @staticmethod
    def _marked(found: list[nodes.Node], name: str) -> list[nodes.Node]:
        """Each part's outer element with ``name`` as a class: what reader modes (Readability drops an element
        whose class says header or footer) and the print stylesheet tell apart from the essay's own text."""
        for node in found:
            if isinstance(node, nodes.Element) and name not in node["classes"]:
                node["classes"].append(name)
        return found

    def _header_render(self, app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
        return self._marked(self._parts_render(self.registry.header, app, docname, data), "longform-header")

    def _footer_compute(self, app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
        return self._parts_compute(self.registry.footer, app, docname, options)

    def _footer_render(self, app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
        return self._marked(self._parts_render(self.registry.footer, app, docname, data), "longform-footer")

    def _meta_compute(self, app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
        found = self._parts_compute(self.registry.meta, app, docname, options)
        return found if any(data is not None for _name, data in found) else None

    def _meta_render(self, app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
        """The header's first line: each part's inline nodes, " · " between them."""
        renderers = {name: fn for name, _, fn in self.registry.meta}
        line = nodes.paragraph("", classes=["longform-meta"])
        for name, part in data:
            if part is None or name not in renderers:
                continue
            rendered = renderers[name](app, docname, part)
            if not rendered:
                continue
            if line.children:
                line += nodes.inline("", " · ", classes=["longform-sep"])
            line.extend(rendered)
        return [line] if line.children else []

    # -- computing, fingerprinting, rendering -----------------------------------------------------

    def compute(self, app: Sphinx, kind: str, docname: str, options: dict[str, Any]) -> Any:
        """The data of one view (None for a kind no feature registered)."""
        view = self.registry.views.get(kind)
        return view.compute(app, docname, options) if view is not None else None

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-get-updated``: the pages whose views show something that changed.

        Also decides which generated files to (re)write, and deletes the files of
        generated pages that no longer exist (a tag no essay uses any more).
        """
        index = domain.index(env)
        index.pending = {}
        salt = _salt(app)
        inputs = _inputs(app, env, salt)
        # What only generated files show (an essay's opening lines, in its preview card): a change there
        # rewrites those files, never a page's views.
        generated_inputs = _fingerprint(sorted(domain.records(env, "openings").items()))
        views_unchanged = inputs == domain.site(env, "inputs") and domain.site(env, "view_hashes") is not None
        if (
            views_unchanged
            and generated_inputs == domain.site(env, "generated_inputs")
            and _generated_on_disk(app, env)
        ):
            # Nothing any view is computed from has changed (no change, or body-only edits):
            # every fingerprint is what it was.  The re-read pages are rewritten by Sphinx anyway,
            # and their views are computed when they are resolved.
            index.view_data = None
            return []
        domain.set_site(env, "inputs", inputs)
        domain.set_site(env, "generated_inputs", generated_inputs)
        if views_unchanged:  # only generated files change: views are computed when pages are resolved
            index.view_data = None
        stale: list[str] = [] if views_unchanged else self._stale_views(app, env, salt)

        if output.writes_pages(app):
            old_files: dict[str, str] = domain.site(env, "generated")
            files: dict[str, str] = {}
            # A generated HTML page also shows the site's navigation: rewrite it when the toctrees change.
            navigation = _navigation(env)
            for kind_name, kind in self.registry.generated.items():
                for path, data in kind.pages(app).items():
                    if not output.safe_relpath(path):
                        continue
                    digest = _fingerprint((salt, kind_name, data, navigation if path.endswith(".html") else ""))
                    files[path] = digest
                    if old_files.get(path) != digest or not _outfile(app, path).exists():
                        index.pending[path] = (kind_name, data)
            for path in sorted(set(old_files) - set(files)):
                target = _outfile(app, path)
                if output.safe_relpath(path) and target.is_file():
                    target.unlink()
            domain.set_site(env, "generated", files)
            root = env.config.root_doc
            if index.pending and not stale and compat.returns_when_nothing_is_outdated() and root in env.all_docs:
                # Sphinx 8.1 writes nothing, generated pages included, when no document is outdated: one is.
                stale.append(root)
        return stale

    def _stale_views(self, app: Sphinx, env: BuildEnvironment, salt: str) -> list[str]:
        """Compute every page's views and return the pages whose views' fingerprints changed."""
        index = domain.index(env)
        old: dict[str, str] = domain.site(env, "view_hashes") or {}
        new: dict[str, str] = {}
        stale: list[str] = []
        # The data computed here is what doctree-resolved renders (the catalogue does not change in
        # between): keep it for this build, so no view is computed twice.
        cache: dict[str, list[tuple[str, dict[str, Any], Any]]] = {}
        index.view_data = cache
        withheld = domain.site(env, "hidden")  # unpublished pages are read, never written
        for docname in sorted(_placeholders(env)):
            if docname not in env.all_docs or docname in withheld:
                continue
            entries = [
                (kind, options, self.compute(app, kind, docname, options))
                for kind, options in _placeholders(env)[docname]
            ]
            cache[docname] = entries
            new[docname] = _fingerprint((salt, [(kind, data) for kind, _options, data in entries]))
            if old.get(docname) != new[docname]:
                stale.append(docname)
        domain.set_site(env, "view_hashes", new)
        return stale

    def collect_pages(self, app: Sphinx) -> Any:
        """``html-collect-pages``: emit the generated files whose data changed."""
        if not output.writes_pages(app):
            return
        index = domain.index(app.env)
        pending, index.pending = index.pending, {}
        for path in sorted(pending):
            kind_name, data = pending[path]
            kind = self.registry.generated.get(kind_name)
            if kind is None:
                continue
            result = kind.emit(app, path, data)
            if result is not None:
                yield result

    def resolve(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: replace each placeholder with its rendered view."""
        held = domain.index(app.env).view_data
        cached = list(held.get(docname, ())) if held is not None else []
        for node in list(doctree.findall(placeholder)):
            view = self.registry.views.get(node["kind"])
            if view is None:
                node.replace_self([])
                continue
            if cached and cached[0][0] == node["kind"] and cached[0][1] == node["options"]:
                data = cached.pop(0)[2]
            else:
                cached = []  # not the placeholders recorded at read time: compute from here on
                data = self.compute(app, node["kind"], docname, node["options"])
            rendered = view.render(app, docname, data)
            if not view.searchable:
                for child in rendered:
                    if isinstance(child, nodes.Element):
                        child["classes"].append("no-search")
            node.replace_self(rendered)


def _generated_on_disk(app: Sphinx, env: BuildEnvironment) -> bool:
    """Whether every generated file of the last build is still in the output folder."""
    if not output.writes_pages(app):
        return True
    return all(_outfile(app, path).exists() for path in domain.site(env, "generated"))


def _outfile(app: Sphinx, path: str) -> Path:
    """Where the builder writes generated ``path``: a page ``tags/go.html`` is ``tags/go/index.html``
    under dirhtml and ``tags/go.xhtml`` in an EPUB; any other file is written as named."""
    if path.endswith(".html") and hasattr(app.builder, "get_outfilename"):
        return Path(app.builder.get_outfilename(path.removesuffix(".html")))
    return Path(app.outdir, path)


def _navigation(env: BuildEnvironment) -> str:
    """Fingerprint of what a generated page's sidebar shows: toctree entries and their titles.

    Sphinx rewrites a source page only when it changed; generated pages are rewritten only when
    their data changed, so without this their sidebar would go stale when an essay is added,
    removed or retitled (a body-only edit changes neither, so it still rewrites nothing).
    A generated page is in no toctree, so the scoped navigation shows it only the root's
    toctrees (the topics, not their essays): only those count, or retitling one essay would
    rewrite every tag and series page.  With ``longform_navigation = "full"`` every toctree counts.
    """
    from sphinx import addnodes

    scoped = getattr(env.config, "longform_navigation", "full") == "scoped"
    owners = [env.config.root_doc] if scoped else sorted(env.tocs)
    trees = []
    for docname in owners:
        if docname not in env.tocs:
            continue
        for node in env.tocs[docname].findall(addnodes.toctree):
            trees.append((docname, node.get("caption") or "", tuple(map(tuple, node["entries"]))))
    refs = sorted({ref for _doc, _caption, entries in trees for _title, ref in entries})
    titles = tuple((ref, env.titles[ref].astext()) for ref in refs if ref in env.titles)
    # the sidebar links the generated archive while no source page claims it (site/navigation.py; the catalogue's
    # ARCHIVE, named here because the catalogue imports this module)
    return _fingerprint((tuple(trees), titles, "archive" in env.all_docs))


def setup(app: Sphinx) -> Views:
    """Register the placeholder node and the views' event handlers; the features add their views
    to the returned :class:`Views`."""
    app.add_config_value("longform_code_digest", "", "html", types=(str,))
    events.connect(app, "config-inited", _record_code_digest)
    app.add_node(placeholder)
    views = Views()
    events.connect(app, "doctree-read", record_placeholders)
    events.connect(app, "doctree-read", record_face)
    events.connect(app, "env-get-updated", views.get_updated_docs)
    events.connect(app, "doctree-resolved", views.resolve)
    events.connect(app, "html-collect-pages", views.collect_pages)
    return views
