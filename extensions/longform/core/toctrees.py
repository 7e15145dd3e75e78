"""Bounds on the toctree graph, which every page's navigation is built from.

Sphinx walks the toctrees from the root page recursively (``BuildEnvironment.collect_relations``, for the
previous/next links) and does not stop at a page it has already walked: a toctree that lists a page above it
(``/index``, or a ``:glob:`` that reaches the root) recurses until Python's stack overflows and the build stops
with a traceback; a chain of a thousand pages each listing the next does the same; and pages that each list the
same two pages below them make the walk double at every level.  One essay's toctree must not stop the build of
the site, so, once every page is read (``env-updated``, before anything walks the graph), :func:`bound_toctrees`
removes from ``env.toctree_includes``:

* an entry that lists a page already open on the way down from the root (a cycle): ``longform.toctree-cycle``;
* an entry deeper than :data:`MAX_DEPTH` levels: ``longform.out-of-range``;
* when the walk would visit more than :data:`MAX_WALK` pages, every entry that lists, a second time, a page with
  a toctree of its own (what makes the walk double): ``longform.out-of-range``.

Each is one warning at the toctree that holds the entry, which no longer shows the entry
(:class:`DropRemovedEntries`).  The rest of the navigation is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import events
from .log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: How many toctree levels below the root page a page may sit (Sphinx resolves each level in a few
#: nested calls, and Python's stack holds about 1,000).
MAX_DEPTH = 30
#: How many pages the recursive walk of the toctrees may visit, counting a page once per path to it.
MAX_WALK = 100_000

_OPEN, _DONE = 1, 2


def _line(env: BuildEnvironment, parent: str, child: str) -> int:
    """The line of the toctree of ``parent`` that lists ``child`` (1 when it cannot be told)."""
    try:
        doctree = env.get_doctree(parent)
    except Exception:  # a doctree that cannot be read only loses the line
        return 1
    for node in doctree.findall(addnodes.toctree):
        if child in node.get("includefiles", ()):
            return node.line or 1
    return 1


def _walk(
    includes: dict[str, list[str]], root: str, state: dict[str, int]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Depth-first from ``root`` without recursion, past the pages ``state`` has seen: the (parent, child)
    entries that close a cycle, and those that reach deeper than :data:`MAX_DEPTH`."""
    state[root] = _OPEN
    stack: list[tuple[str, int]] = [(root, 0)]
    cycles: list[tuple[str, str]] = []
    deep: list[tuple[str, str]] = []
    while stack:
        docname, index = stack[-1]
        children = includes.get(docname, [])
        if index >= len(children):
            state[docname] = _DONE
            stack.pop()
            continue
        stack[-1] = (docname, index + 1)
        child = children[index]
        seen = state.get(child)
        if seen == _OPEN:
            cycles.append((docname, child))
        elif seen is None:
            if len(stack) > MAX_DEPTH:
                deep.append((docname, child))
            else:
                state[child] = _OPEN
                stack.append((child, 0))
    return cycles, deep


def _walk_size(includes: dict[str, list[str]], root: str) -> int:
    """How many pages Sphinx's recursive walk visits from ``root`` (the graph has no cycle any more)."""
    size: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(root, False)]
    while stack:
        docname, expanded = stack.pop()
        if docname in size:
            continue
        children = includes.get(docname, [])
        if expanded:
            size[docname] = min(MAX_WALK + 1, 1 + sum(size.get(child, 0) for child in children))
            continue
        stack.append((docname, True))
        stack.extend((child, False) for child in children if child not in size)
    return size.get(root, 1)


def _doubled(includes: dict[str, list[str]], root: str) -> list[tuple[str, str]]:
    """Entries (in walk order) that list a page with a toctree of its own that another entry listed first."""
    listed: set[str] = {root}
    doubled: list[tuple[str, str]] = []
    queue = [root]
    while queue:
        docname = queue.pop(0)
        for child in includes.get(docname, []):
            if child in listed:
                if includes.get(child):
                    doubled.append((docname, child))
                continue
            listed.add(child)
            queue.append(child)
    return doubled


def _remove(env: BuildEnvironment, parent: str, child: str) -> None:
    """Remove the entry from the graph and from the toctrees of ``parent``'s table of contents, which Sphinx
    resolves (recursively, page by page) for every toctree and sidebar that reaches ``parent``."""
    env.toctree_includes[parent] = [entry for entry in env.toctree_includes.get(parent, []) if entry != child]
    toc = env.tocs.get(parent)
    if toc is None:
        return
    for node in toc.findall(addnodes.toctree):
        entries: list[tuple[str | None, str]] = node["entries"]
        includefiles: list[str] = node.get("includefiles", [])
        node["entries"] = [(title, ref) for title, ref in entries if ref != child]
        node["includefiles"] = [ref for ref in includefiles if ref != child]


def bound_toctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: remove the toctree entries that would stop or exhaust the walk of the navigation."""
    includes = env.toctree_includes
    root = env.config.root_doc
    state: dict[str, int] = {}
    for start in [root, *sorted(includes)]:
        if start in state:
            continue
        cycles, deep = _walk(env.toctree_includes, start, state)
        for parent, child in cycles:
            _remove(env, parent, child)
            warn(
                f"the toctree lists '{child}', which is above this page in the site's navigation, so the "
                "navigation would loop forever — remove the entry (a page is listed by one toctree, below it)",
                subtype="toctree-cycle",
                location=(parent, _line(env, parent, child)),
            )
        for parent, child in deep:
            _remove(env, parent, child)
            warn(
                f"the toctree lists '{child}' more than {MAX_DEPTH} levels below the root page — list it from a "
                "page nearer the root",
                subtype="out-of-range",
                location=(parent, _line(env, parent, child)),
            )
    if _walk_size(env.toctree_includes, root) > MAX_WALK:
        for parent, child in _doubled(env.toctree_includes, root):
            _remove(env, parent, child)
            warn(
                f"the toctree lists '{child}', which another toctree lists already and which lists pages of its "
                f"own: the navigation would visit over {MAX_WALK} pages — list each page from one toctree",
                subtype="out-of-range",
                location=(parent, _line(env, parent, child)),
            )


class DropRemovedEntries(SphinxPostTransform):
    """The page that holds a removed entry shows it no more: its own toctree, resolved after the post-transforms,
    keeps only the pages ``env.toctree_includes`` still lists (and its links to other sites)."""

    default_priority = 5

    def run(self, **kwargs: object) -> None:
        kept = set(self.env.toctree_includes.get(self.env.docname, ()))
        for node in self.document.findall(addnodes.toctree):
            removed: set[str] = set(node.get("includefiles", ())) - kept
            if removed:
                node["entries"] = [(title, ref) for title, ref in node["entries"] if ref not in removed]
                node["includefiles"] = [ref for ref in node["includefiles"] if ref not in removed]


def setup(app: Sphinx) -> None:
    events.connect(app, "env-updated", bound_toctrees)
    app.add_post_transform(DropRemovedEntries)
