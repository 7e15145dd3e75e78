"""A sidebar navigation whose cost per page does not grow with the whole site.

furo asks Sphinx for the entire toctree on every page
(``toctree(collapse=False, maxdepth=-1, includehidden=True)``) and reworks it
with BeautifulSoup: with a flat list of essays that is quadratic in time and in
bytes of HTML.  This extension hands furo (and any template calling
``toctree()``) a navigation with the root's entries (the topics, paths, tags,
archive), and below them only the branch that leads to the current page: the
current topic's essays.  It is the same HTML Sphinx writes, so furo's styling
and expand/collapse work unchanged; furo itself is not forked.

Use it alone (``extensions = ["longform.navigation"]``) or through ``longform``.
``longform_navigation = "full"`` restores furo's whole tree.
"""

from __future__ import annotations

import hashlib
import pickle
from html import escape
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from ..core import VERSION, catalogue, config, domain, events, output
from ..ui.text import _

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup"]


class _Tree:
    """The site's toctree skeleton, computed once per write phase."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.toctrees: dict[str, list[tuple[str, list[tuple[str | None, str]]]]] = {}
        self.parent: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._shown: dict[str, str] = {}
        for docname in sorted(env.tocs):
            trees = []
            for node in env.tocs[docname].findall(addnodes.toctree):
                entries = [(title, ref) for title, ref in node["entries"]]
                trees.append((node.get("caption") or "", entries))
                for _title, ref in entries:
                    if ref in env.all_docs and ref != docname:
                        self.parent.setdefault(ref, docname)
            if trees:
                self.toctrees[docname] = trees

    def chain(self, pagename: str) -> list[str]:
        seen: list[str] = []
        current: str | None = pagename
        while current is not None and current not in seen:
            seen.append(current)
            current = self.parent.get(current)
        return seen

    def title(self, docname: str, explicit: str | None) -> str:
        if explicit:
            return explicit
        text = self._titles.get(docname)
        if text is None:
            node = self.env.titles.get(docname)
            text = self._titles[docname] = node.astext() if node is not None else docname
        return text

    def shown(self, owner: str) -> str:
        """A digest of ``owner``'s toctrees as a sidebar shows them: entries, whether each exists,
        and their titles.  Computed once per owner and build, not once per page that shows it."""
        found = self._shown.get(owner)
        if found is None:
            all_docs = self.env.all_docs
            entries = tuple(
                (owner, caption, tuple((ref, ref in all_docs, self.title(ref, title)) for title, ref in entries))
                for caption, entries in self.toctrees.get(owner, ())
            )
            found = self._shown[owner] = hashlib.sha1(pickle.dumps(entries, protocol=4)).hexdigest()
        return found


def _render(app: Sphinx, tree: _Tree, pagename: str) -> str:
    builder = app.builder
    root = app.config.root_doc
    chain = set(tree.chain(pagename))
    out: list[str] = []
    opened: set[str] = {root}  # each page's entries at most once: a toctree cycle ends here

    def level(docname: str, depth: int) -> None:
        opened.add(docname)
        for caption, entries in tree.toctrees.get(docname, ()):
            if caption and depth == 1:
                out.append(
                    '<p class="caption" role="heading" aria-level="2">'
                    f'<span class="caption-text">{escape(caption)}</span></p>'
                )
            in_chain = any(ref in chain for _t, ref in entries)
            out.append('<ul class="current">' if in_chain else "<ul>")
            for title, ref in entries:
                if ref == "self" or ref not in tree.env.all_docs:
                    if "://" in ref:
                        out.append(
                            f'<li class="toctree-l{depth}"><a class="reference external" '
                            f'href="{escape(ref)}">{escape(title or ref)}</a></li>'
                        )
                    continue
                current = ref in chain
                classes = f"toctree-l{depth}" + (" current" if current else "")
                label = escape(tree.title(ref, title))
                if ref == pagename:
                    classes += " current-page"
                    out.append(f'<li class="{classes}"><a class="current reference internal" href="#">{label}</a>')
                else:
                    href = escape(builder.get_relative_uri(pagename, ref))
                    a_class = "reference internal"
                    out.append(f'<li class="{classes}"><a class="{a_class}" href="{href}">{label}</a>')
                if current and ref != docname and ref not in opened:
                    level(ref, depth + 1)
                out.append("</li>")
            out.append("</ul>")

    level(root, 1)
    if catalogue.archive_generated(tree.env) and not any(
        ref == catalogue.ARCHIVE for _caption, entries in tree.toctrees.get(root, ()) for _title, ref in entries
    ):
        # The archive Longform generates (no source page claims it) is in no toctree: the sidebar links it.
        here = pagename == catalogue.ARCHIVE or pagename.startswith(f"{catalogue.ARCHIVE}/page/")
        label = escape(_("Archive"))
        if here:
            link = f'<a class="current reference internal" href="#">{label}</a>'
        else:
            href = escape(builder.get_relative_uri(pagename, catalogue.ARCHIVE))
            link = f'<a class="reference internal" href="{href}">{label}</a>'
        classes = "toctree-l1 current current-page" if here else "toctree-l1"
        out.append(f'<ul class="longform-generated-nav"><li class="{classes}">{link}</li></ul>')
    return "".join(out)


#: builder name -> the sidebar's tree, built once per build.
TREES: domain.Slot[dict[str, _Tree]] = domain.Slot("nav-trees")


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if app.config.longform_navigation != "scoped" or "toctree" not in context:
        return
    index = domain.index(app.env)
    trees = index.get(TREES) or index.put(TREES, {})
    tree = trees.get(app.builder.name)
    if tree is None:
        tree = trees[app.builder.name] = _Tree(app.env)

    def toctree(**kwargs: Any) -> str:
        return _render(app, tree, pagename)

    context["toctree"] = toctree


def _shown(env: BuildEnvironment, tree: _Tree, relations: dict[str, list[str | None]], docname: str) -> Any:
    """What the theme shows on ``docname`` from *other* pages: sidebar entries and previous/next.

    Scoped: the toctrees of the root and of every page on the way to ``docname``;
    "full": every toctree.  Plus the parent, previous and next pages with their titles.
    """
    scoped = env.config.longform_navigation == "scoped"
    owners = [env.config.root_doc, *tree.chain(docname)] if scoped else sorted(tree.toctrees)
    shown = (*(tree.shown(owner) for owner in dict.fromkeys(owners)), catalogue.archive_generated(env))
    related = tuple((doc, tree.title(doc, None)) if doc else None for doc in relations.get(docname, ()))
    return (shown, related)


def stale_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose sidebar or previous/next links show something that changed.

    Sphinx rewrites an edited page and the pages whose toctree lists it, not its
    siblings: without this, renaming, adding or moving an essay left stale titles
    in the sidebar and the previous/next links of the pages around it.
    """
    tree = _Tree(env)
    relations = env.collect_relations()
    old: dict[str, str] = domain.site(env, "nav_hashes")
    new = {
        docname: hashlib.sha1(pickle.dumps(_shown(env, tree, relations, docname), protocol=4)).hexdigest()
        for docname in sorted(env.all_docs)
    }
    domain.set_site(env, "nav_hashes", new)
    _delete_vanished(app, sorted(set(old) - set(new)))
    return [docname for docname, digest in new.items() if old.get(docname) != digest]


def _delete_vanished(app: Sphinx, docnames: list[str]) -> None:
    """Delete the HTML of pages whose source was deleted (Sphinx leaves it, readable and stale),
    and the copy of their source under ``_sources/`` (``html_copy_source``)."""
    output.delete_pages(app, docnames)


def break_toctree_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (first): a toctree entry that leads back to a page above it is dropped from the tree.

    Sphinx walks the toctrees recursively to find each page's parent and neighbours, and a cycle (an essay
    whose toctree lists ``/index``, or ``/**``) made that walk recurse until Python's limit: a
    ``RecursionError`` that stopped the build (found by the fuzzer).  The walk here is iterative; the entry
    stays in the page, where Sphinx reports "circular toctree references detected" with its file.
    """
    includes = env.toctree_includes
    done: set[str] = set()
    for start in [app.config.root_doc, *sorted(includes)]:
        if start in done:
            continue
        path = [start]
        stack = [iter(list(includes.get(start, ())))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                done.add(path.pop())
            elif child in path:
                parent = path[-1]
                includes[parent] = [name for name in includes[parent] if name != child]
            elif child not in done:
                path.append(child)
                stack.append(iter(list(includes.get(child, ()))))


def plain_toc_titles(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after Sphinx's title and toc collectors, 500): a download link in a heading is
    plain text in the page's table of contents and in its title elsewhere.

    Sphinx copies a heading's nodes into the page's toc and rewrites every reference there to an anchor
    (``node['anchorname']``); the ``{download}`` role's reference has none, so ``## {download}`file.zip```
    was a ``KeyError`` while writing the page (found by the fuzzer).
    """
    from docutils import nodes

    env = app.env
    for tree in (env.tocs.get(env.docname), env.titles.get(env.docname), env.longtitles.get(env.docname)):
        if tree is None:
            continue
        for link in list(tree.findall(addnodes.download_reference)):
            link.replace_self(nodes.inline("", "", *link.children))


def setup(app: Sphinx) -> dict[str, Any]:
    # Before furo (priority 500), which calls context["toctree"].
    config.setup(app)  # longform_navigation, when this module is used alone
    domain.add_to(app)
    events.connect(app, "html-page-context", _page_context, "navigation")
    events.connect(app, "env-get-updated", stale_pages)
    events.connect(app, "doctree-read", plain_toc_titles)
    events.connect(app, "env-updated", break_toctree_cycles)
    return {"version": VERSION, "parallel_read_safe": True, "parallel_write_safe": True}
