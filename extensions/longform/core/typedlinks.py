"""Typed links: an essay says it *builds on*, *responds to* or *supersedes* another, in its front matter.

The keys are rows of :data:`longform.core.frontmatter.FIELDS`; the catalogue records each page's links as
written (:attr:`longform.core.catalogue.Essay.typed_links`).  Once every page is read, :func:`resolve` checks them
against the catalogue and keeps the ones that hold, for every feature that shows them (the banner on a
superseded essay, the grouped "Linked from", the mark in listings and feeds):

* a target must be a listed page of the catalogue (an essay, earlier writing or a note), not the page itself;
* a page names a target under one key only (the strongest: supersedes, responds to, builds on);
* supersession has no cycle (A supersedes B supersedes A, of any length): the cycle's links are dropped;
* an essay has one successor: a second page superseding it is dropped (the earliest successor is kept).

Each broken rule is one :class:`Problem`, located at the key's line of the page that wrote it;
:func:`check_typed_links` warns them once per build.  A page that is not published in this build (a draft, a
scheduled essay) is checked too, but only for what will still be wrong when it is published (a target that does
not exist, the page itself); its links are shown when it is.

:func:`resolve` is a pure function of the catalogue's records, computed once per build (a :class:`domain.Slot`):
what a page shows of its typed links is view data, so a changed link rewrites exactly the pages that show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import catalogue, domain, log

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The keys, in the order a target's "Linked from" groups them.
KEYS = ("builds_on", "responds_to", "supersedes")
#: The kinds of catalogue page that may write and receive typed links.
PAGE_KINDS = ("essay", "archived", "note")


@dataclass(frozen=True, slots=True)
class Problem:
    """One typed link that does not hold: where it is written, and what to change."""

    docname: str
    line: int
    subtype: str
    message: str


@dataclass(frozen=True)
class Resolved:
    """The typed links that hold, both ways, and the problems of those that do not."""

    #: source docname -> ((key, target docname), …) in the order written.
    outgoing: dict[str, tuple[tuple[str, str], ...]]
    #: target docname -> ((key, source docname), …), sources newest first.
    incoming: dict[str, tuple[tuple[str, str], ...]]
    #: superseded docname -> the docname of the page that supersedes it.
    successor: dict[str, str]
    problems: tuple[Problem, ...]


RESOLVED: domain.Slot[Resolved] = domain.Slot("typed-links")


def resolved(env: BuildEnvironment) -> Resolved:
    """This build's typed links (computed once, after reading)."""
    held = domain.index(env)
    found = held.get(RESOLVED)
    if found is None:
        found = held.put(RESOLVED, resolve(env))
    return found


def successor_of(env: BuildEnvironment, docname: str) -> catalogue.Essay | None:
    """The listed page that supersedes ``docname``, or None."""
    found = resolved(env).successor.get(docname)
    return None if found is None else catalogue.essays(env).get(found)


def _shown(env: BuildEnvironment, docname: str) -> str:
    """How a page is named in a message: its source file."""
    return str(env.doc2path(docname, False)) if docname in env.all_docs else docname


def _target_problem(
    env: BuildEnvironment,
    essay: catalogue.Essay,
    key: str,
    target: str,
    written: str,
    listed: dict[str, catalogue.Essay],
) -> Problem | None:
    """Why ``target`` cannot be linked to from ``essay``, or None when it can."""
    docname, line = essay.docname, essay.line(key)
    if target == docname:
        message = f"'{key}: {written}' names this essay itself — name another essay, or remove it"
        return Problem(docname, line, subtype="typed-link-self", message=message)
    if target in listed:
        return None
    if target in catalogue.records(env):
        message = (
            f"'{key}: {written}' names {_shown(env, target)}, which is not published in this build (a draft or a "
            "scheduled essay) — readers could not follow it: publish it first, or remove the link until then"
        )
        return Problem(docname, line, subtype="typed-link-unpublished", message=message)
    if target in env.all_docs:
        message = (
            f"'{key}: {written}' names {_shown(env, target)}, which is not an essay, a note or earlier writing — "
            "name an essay"
        )
        return Problem(docname, line, subtype="typed-link-target", message=message)
    close = log.suggest(target, sorted(listed))
    hint = f" — did you mean '/{close}'?" if close else " — write the essay's path as in a toctree, e.g. '/essays/x'"
    message = f"'{key}: {written}' names no page of this site (read as '{target}'){hint}"
    return Problem(docname, line, subtype="typed-link-target", message=message)


def resolve(env: BuildEnvironment) -> Resolved:
    """The typed links of every page, checked (see the module docstring)."""
    listed = {essay.docname: essay for essay in catalogue.published(env, kinds=PAGE_KINDS)}
    problems: list[Problem] = []
    kept: dict[str, list[tuple[str, str]]] = {}
    for docname, essay in sorted(catalogue.records(env).items()):
        seen: dict[str, str] = {}
        for key, target, written in essay.typed_links:
            found = _target_problem(env, essay, key, target, written, listed)
            if found is not None and (docname in listed or found.subtype != "typed-link-unpublished"):
                problems.append(found)
                continue
            if target in seen:
                message = (
                    f"'{key}: {written}' names an essay this one already names under '{seen[target]}' — keep one "
                    f"of the two (until then '{seen[target]}' is kept)"
                )
                problems.append(Problem(docname, essay.line(key), subtype="typed-link-twice", message=message))
                continue
            seen[target] = key
            if found is None and docname in listed:
                kept.setdefault(docname, []).append((key, target))
    _drop_cycles(env, listed, kept, problems)
    successor = _one_successor(env, listed, kept, problems)
    incoming: dict[str, list[tuple[str, str]]] = {}
    for source in sorted(kept, key=lambda name: catalogue.sort_key(listed[name])):
        for key, target in kept[source]:
            incoming.setdefault(target, []).append((key, source))
    return Resolved(
        outgoing={source: tuple(links) for source, links in kept.items() if links},
        incoming={target: tuple(links) for target, links in incoming.items()},
        successor=successor,
        problems=tuple(problems),
    )


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """The cycles of the graph ``edges`` (node -> successors): each strongly connected component of more than one
    node (Tarjan's algorithm, iterative), as its nodes in the order of one walk around it from the least."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(edges):
        if root in order:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, next_index = work.pop()
            if next_index == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            successors = sorted(edges.get(node, ()))
            if next_index < len(successors):
                work.append((node, next_index + 1))
                child = successors[next_index]
                if child not in order:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], order[child])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return [_walk(sorted(component), edges) for component in components]


def _walk(members: list[str], edges: dict[str, list[str]]) -> list[str]:
    """The members of a cycle in the order one walk along its edges meets them, from the least."""
    inside = set(members)
    path, node = [members[0]], members[0]
    while True:
        node = next(child for child in sorted(edges[node]) if child in inside)
        if node == path[0] or node in path:
            return path + [node for node in members if node not in path]
        path.append(node)


def _drop_cycles(
    env: BuildEnvironment,
    listed: dict[str, catalogue.Essay],
    kept: dict[str, list[tuple[str, str]]],
    problems: list[Problem],
) -> None:
    """One problem per cycle of supersession, at its first essay's ``supersedes``; the cycle's links dropped."""
    edges: dict[str, list[str]] = {}
    for source, links in kept.items():
        edges[source] = [target for key, target in links if key == "supersedes"]
    for cycle in sorted(_cycles(edges)):
        names = " → ".join(_shown(env, name) for name in [*cycle, cycle[0]])
        first = cycle[0]
        problems.append(
            Problem(
                first,
                listed[first].line("supersedes"),
                subtype="typed-link-cycle",
                message=f"these essays supersede one another in a circle: {names} — an essay supersedes older "
                "ones only: remove the 'supersedes' that names a newer essay (until then the circle's links are "
                "ignored)",
            )
        )
        members = set(cycle)
        for source in cycle:
            kept[source] = [
                (key, target) for key, target in kept[source] if not (key == "supersedes" and target in members)
            ]


def _one_successor(
    env: BuildEnvironment,
    listed: dict[str, catalogue.Essay],
    kept: dict[str, list[tuple[str, str]]],
    problems: list[Problem],
) -> dict[str, str]:
    """Superseded -> successor: the earliest page superseding it; each later one is a problem, its link dropped."""
    claims: dict[str, list[str]] = {}
    for source in sorted(kept):
        for key, target in kept[source]:
            if key == "supersedes":
                claims.setdefault(target, []).append(source)
    successor: dict[str, str] = {}
    for target, sources in sorted(claims.items()):
        first, *others = sorted(sources, key=lambda name: _oldest_first(listed[name]))
        successor[target] = first
        for other in others:
            problems.append(
                Problem(
                    other,
                    listed[other].line("supersedes"),
                    subtype="typed-link-successor",
                    message=f"{_shown(env, target)} is already superseded by {_shown(env, first)} — an essay has one "
                    f"successor: supersede {_shown(env, first)} instead, or say this essay builds on it "
                    "('builds_on')",
                )
            )
            kept[other] = [(key, name) for key, name in kept[other] if not (key == "supersedes" and name == target)]
    return successor


def _oldest_first(essay: catalogue.Essay) -> tuple[object, ...]:
    return (essay.date is None, essay.date.toordinal() if essay.date else 0, essay.docname)


def check_typed_links(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: each typed link that does not hold, one warning at its key's line."""
    for problem in resolved(env).problems:
        log.warn(problem.message, subtype=problem.subtype, location=(problem.docname, problem.line))
