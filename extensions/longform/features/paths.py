"""Reading paths: a curated order over independent essays, and the reader's progress along it.

A path is a page (under ``docs/paths/``) whose H1 is the path's title, whose
front matter gives a ``description:``, whose prose is the introduction, and
which holds one ``reading-path`` directive.  The directive's content is a YAML
list; each item is a docname or a mapping ``{essay: <docname>, note: <why
here>}``::

    ```{reading-path}
    - essays/retries-and-idempotency
    - essay: essays/exactly-once-is-a-budget
      note: Once retries are safe, decide what "exactly once" is worth to you.
    ```

The directive only records the steps in the domain (its ``paths`` records, with
purge and merge for parallel reads) and leaves a placeholder; everything
shown is computed from the catalogue at resolve time:

* ``reading-path``: numbered steps as sphinx-design cards (title, description,
  reading-time badge, the note) and the totals ("6 essays · 74 min");
* ``path-list``: every path with its description, essay count and total time
  (the paths index and the front page);
* the essay header part ``paths``: on each member essay, one compact line per path
  ("Reading path <title> · step k of n");
* the essay footer part ``paths``: the way on — the path's next step and "Mark as read".

Reader progress lives in the browser only (``static/longform-progress.js``,
added to the pages that carry its hooks): the DOM carries ``data-longform-*``
attributes, the script fills them in.  Without JavaScript nothing is missing
but the counts and the "Mark as read" button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core import bounds, catalogue, compat, domain, events, log, people, publishing, views
from ..ui import labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "longform-progress.js"


# -- what the directive records -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One item of a path as written: the essay's docname, the note, its source line."""

    docname: str
    note: str
    line: int


@dataclass(frozen=True, slots=True)
class PathDef:
    """A ``reading-path`` directive: where it is and the steps it lists (unchecked)."""

    docname: str
    line: int
    steps: tuple[Step, ...]


def definitions(env: BuildEnvironment) -> dict[str, PathDef]:
    """Every path page: docname -> :class:`PathDef` (the domain's ``paths`` records)."""
    return domain.records(env, "paths")


# -- parsing the directive ------------------------------------------------------------------


def normalise(target: str) -> str:
    """A docname as written in a path ('/essays/x.md' -> 'essays/x')."""
    name = target.strip().strip("/")
    for suffix in (".md", ".rst", ".html"):
        name = name.removesuffix(suffix)
    return name


class _Problem(NamedTuple):
    line: int
    subtype: str
    message: str


def parse_steps(text: str, *, first_line: int) -> tuple[list[Step], list[_Problem]]:
    """Read the YAML list of a ``reading-path``; ``first_line`` is the source line of ``text``'s line 1.

    Returns the steps that make sense and a problem per item (or per file) that
    does not, each with its source line.
    """
    problems: list[_Problem] = []
    deep = bounds.yaml_too_deep(text)
    if deep is not None:
        problems.append(_Problem(first_line + deep - 1, "unsafe-yaml", bounds.yaml_depth_message("reading path")))
        return [], problems
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                problems.append(
                    _Problem(
                        first_line + token.start_mark.line,
                        "unsafe-yaml",
                        "YAML anchors and aliases are not allowed in a reading path — write each step out",
                    )
                )
                return [], problems
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        problems.append(
            _Problem(
                line,
                "path-yaml",
                f"the reading path is not valid YAML ({problem}) — write one item per line: "
                "'- essays/<name>' or '- {essay: essays/<name>, note: ...}'",
            )
        )
        return [], problems
    if root is None:
        return [], problems
    if not isinstance(root, yaml.SequenceNode):
        problems.append(
            _Problem(
                first_line + root.start_mark.line,
                "path-yaml",
                "a reading path is a YAML list — start each item with '- ', e.g. '- essays/<name>'",
            )
        )
        return [], problems
    steps: list[Step] = []
    for node in root.value:
        line = first_line + node.start_mark.line
        step = _parse_item(node, line, problems)
        if step is not None:
            steps.append(step)
    return steps, problems


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None


def _parse_item(node: yaml.Node, line: int, problems: list[_Problem]) -> Step | None:
    shape = "write '- essays/<name>' or '- {essay: essays/<name>, note: ...}'"
    if isinstance(node, yaml.ScalarNode):
        target = _scalar(node)
        if not target or not normalise(target):
            problems.append(_Problem(line, "path-item", f"empty item in the reading path — {shape}"))
            return None
        return Step(normalise(target), "", line)
    if not isinstance(node, yaml.MappingNode):
        problems.append(_Problem(line, "path-item", f"a reading-path item must be an essay — {shape}"))
        return None
    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        fields[str(key.value)] = value
    unknown = sorted(set(fields) - {"essay", "note"})
    if unknown:
        problems.append(
            _Problem(
                line,
                "path-item",
                f"unknown key {', '.join(map(repr, unknown))} in a reading-path item — "
                "only 'essay' and 'note' are read",
            )
        )
        return None
    target = _scalar(fields["essay"]) if "essay" in fields else None
    if not target or not normalise(target):
        problems.append(_Problem(line, "path-item", f"a reading-path item needs 'essay: essays/<name>' — {shape}"))
        return None
    note = _scalar(fields["note"]) if "note" in fields else ""
    if note is None:
        problems.append(_Problem(line, "path-item", "'note' must be one line of text about why to read it here"))
        note = ""
    return Step(normalise(target), " ".join(note.split()), line)


class ReadingPathDirective(SphinxDirective):
    """``reading-path``: records the steps of this page's path; renders nothing at read time."""

    has_content = True
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        location = (docname, self.lineno)
        if compat.page_value(self.env, "longform_reading_path"):
            log.warn(
                "a page can hold one reading path — move this list to its own page under paths/",
                subtype="path-duplicate-directive",
                location=location,
            )
            return []
        compat.set_page_value(self.env, "longform_reading_path", True)
        steps, problems = parse_steps("\n".join(self.content), first_line=compat.content_line(self))
        for problem in problems:
            log.warn(problem.message, subtype=problem.subtype, location=(docname, problem.line))
        kept: list[Step] = []
        for step in steps:
            earlier = next((s for s in kept if s.docname == step.docname), None)
            if earlier is not None:
                log.warn(
                    f"'{step.docname}' is already on this path (line {earlier.line}) — "
                    "an essay appears once on a path; remove one of the two",
                    subtype="path-duplicate",
                    location=(docname, step.line),
                )
                continue
            kept.append(step)
        if not steps and not problems:
            log.warn(
                "the reading path is empty — list its essays, one per line: '- essays/<name>'",
                subtype="path-empty",
                location=location,
            )
        definitions(self.env)[docname] = PathDef(docname, self.lineno, tuple(kept))
        return [views.make_placeholder("reading-path")]


class PathListDirective(SphinxDirective):
    """``path-list``: every reading path with description, essay count and total time."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        options = {"limit": self.options["limit"]} if "limit" in self.options else {}
        return [views.make_placeholder("path-list", options)]


# -- resolving a path against the catalogue ---------------------------------------------------


class StepData(NamedTuple):
    """One step as readers see it: the essay's listing item (the one item model) and the path's note."""

    item: render.ItemData
    note: str

    @property
    def docname(self) -> str:
        return self.item.docname


class PathData(NamedTuple):
    docname: str
    title: str
    description: str
    steps: tuple[StepData, ...]
    curator: tuple[str, str, bool] | None = None  # (slug, name, has a page): filled by the views' compute

    @property
    def minutes(self) -> int:
        return sum(step.item.minutes for step in self.steps)

    @property
    def essays(self) -> tuple[str, ...]:
        return tuple(step.docname for step in self.steps)


def path_title(env: BuildEnvironment, docname: str) -> str:
    node = env.titles.get(docname)
    text = node.astext() if node is not None else ""
    return " ".join(text.split()) or docname


def path_description(env: BuildEnvironment, docname: str) -> str:
    value = env.metadata.get(docname, {}).get("description", "")
    return " ".join(str(value).split())


def resolve(app: Sphinx, docname: str) -> PathData | None:
    """The path on page ``docname`` as readers see it: known, listed essays only."""
    env = app.env
    definition = definitions(env).get(docname)
    if definition is None or docname not in env.all_docs:
        return None
    known = catalogue.essays(env)
    show_drafts = env.config.longform_show_drafts
    steps = []
    for step in definition.steps:
        essay = known.get(step.docname)
        if essay is None or (essay.draft and not show_drafts):
            continue
        steps.append(StepData(render.item_data(app, essay, with_tags=False), step.note))
    return PathData(docname, path_title(env, docname), path_description(env, docname), tuple(steps))


def all_paths(app: Sphinx) -> list[PathData]:
    """Every path, by title."""
    found = [resolve(app, docname) for docname in definitions(app.env)]
    return sorted((p for p in found if p is not None), key=lambda p: (p.title.lower(), p.docname))


def totals(app: Sphinx, count: int, minutes: int) -> str:
    return f"{labels.count(app, count, 'essay')} · {labels.minutes(app, minutes)}"


# -- DOM hooks for the progress script ---------------------------------------------------------


class hook(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A plain ``<div>`` (no docutils classes), with ``data-longform-*`` attributes from ``data`` (name, value)."""


class hook_inline(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A ``<span>`` carrying ``data-longform-*`` attributes."""


def make_hook(data: dict[str, str], *children: nodes.Node, classes: tuple[str, ...] = ()) -> hook:
    return hook("", *children, data=tuple(sorted(data.items())), classes=list(classes))


def make_inline_hook(data: dict[str, str], text: str = "", *, classes: tuple[str, ...] = ()) -> hook_inline:
    return hook_inline("", text, data=tuple(sorted(data.items())), classes=list(classes))


def _attributes(node: nodes.Element) -> dict[str, str]:
    # Names are ours (never contributor text); values are escaped by starttag().
    data: tuple[tuple[str, str], ...] = node.get("data", ())
    return {f"data-longform-{name}": value for name, value in data}


def _visit_hook(self: HTML5Translator, node: hook) -> None:
    self.body.append(self.starttag(node, "div", "", False, **_attributes(node)))


def _depart_hook(self: HTML5Translator, node: hook) -> None:
    self.body.append("</div>\n")


def _visit_hook_inline(self: HTML5Translator, node: hook_inline) -> None:
    self.body.append(self.starttag(node, "span", "", False, **_attributes(node)))


def _depart_hook_inline(self: HTML5Translator, node: hook_inline) -> None:
    self.body.append("</span>")


def _passthrough(self: Any, node: nodes.Node) -> None:
    """Other builders render the children only."""


def _progress(text_classes: tuple[str, ...] = ()) -> hook_inline:
    """Where the script writes "k of n read" (empty without JavaScript); the attribute holds the words, translated."""
    words = _("%(read)s of %(total)s read")
    return make_inline_hook({"progress": words}, classes=("longform-progress", *text_classes))


# -- the path page ------------------------------------------------------------------------------


def _curator(app: Sphinx, docname: str) -> tuple[str, str, bool] | None:

    return people.curator(app, docname)


def path_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    found = resolve(app, docname)
    return found._replace(curator=_curator(app, docname)) if found is not None else None


def _step_card(app: Sphinx, fromdoc: str, number: int, step: StepData) -> hook:
    """A step: the essay's listing item (the shared renderer) in a card, numbered, with the path's note
    and the slot the progress script marks "Read"."""
    kicker = nodes.inline("", _("Step %d") % number, classes=["longform-path-step-number"])
    read_state = make_inline_hook({"read-state": "✓ " + _("Read")}, classes=("longform-read-state",))
    extra: list[nodes.Node] = []
    if step.note:
        note = nodes.paragraph("", classes=["longform-path-note"])
        note += nodes.strong("", _("Why here:"))
        note += nodes.Text(f" {step.note}")
        extra.append(note)
    item = render.render_item(
        app, fromdoc, step.item, kicker=kicker, meta_extra=[read_state], extra=extra, classes=("sd-card-body",)
    )
    return make_hook(
        {"essay": step.docname},
        item,
        classes=("sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "longform-path-step"),
    )


def path_render(app: Sphinx, docname: str, data: PathData | None) -> list[nodes.Node]:
    if data is None:
        return []
    curated: list[nodes.Node] = []
    if data.curator is not None:
        curated.append(render.curated_by(app, docname, data.curator))
    summary = nodes.paragraph("", classes=["longform-path-totals"])
    summary += nodes.Text(totals(app, len(data.steps), data.minutes))
    summary += _progress()
    steps: nodes.Element = nodes.enumerated_list(
        "", classes=["longform-path-steps"], enumtype="arabic", prefix="", suffix="."
    )
    for number, step in enumerate(data.steps, start=1):
        steps += nodes.list_item("", _step_card(app, docname, number, step))
    if not data.steps:
        steps = nodes.paragraph("", _("This path has no essays yet."), classes=["longform-path-empty"])
    root = make_hook(
        {"path": data.docname, "essays": " ".join(data.essays)},
        *curated,
        summary,
        steps,
        classes=("longform-path",),
    )
    root["ids"] = ["longform-path"]
    return [root]


# -- the list of paths ------------------------------------------------------------------------


def toctree_order(env: BuildEnvironment) -> dict[str, int]:
    """Each page's position in the site's navigation (the root's toctrees, depth first): the sidebar's order."""
    order: dict[str, int] = {}
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order[docname] = len(order)
        stack.extend(reversed(env.toctree_includes.get(docname, ())))
    return order


def list_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    # In the sidebar's order (the paths index's toctree), then any path in no toctree by title.
    order = toctree_order(app.env)
    found = sorted(all_paths(app), key=lambda p: order.get(p.docname, len(order)))
    limit = options.get("limit")
    if limit:
        found = found[:limit]
    return tuple(
        (p.docname, p.title, p.description, len(p.steps), p.minutes, p.essays, _curator(app, p.docname)) for p in found
    )


def list_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    listing = nodes.container("", classes=["longform-path-list"])
    for pathdoc, title, description, count, minutes, essays, curator in data:
        # A plain <div>: furo zeroes the padding of ".container".  Each element carries a class of Longform's, so the
        # page is not taken for one holding a sphinx-design component (site/assets.py).
        body = make_hook({}, classes=("sd-card-body", "longform-path-list-body"))
        heading = nodes.paragraph("", classes=["sd-card-title", "longform-path-list-title"])
        heading += render.link(app, docname, pathdoc, title)
        body += heading
        if description:
            body += nodes.paragraph("", description, classes=["sd-card-text", "longform-path-list-description"])
        if curator is not None:
            body += render.curated_by(app, docname, curator)
        meta = nodes.paragraph("", classes=["sd-card-text", "longform-path-list-meta"])
        meta += nodes.Text(totals(app, count, minutes))
        meta += _progress()
        body += meta
        listing += make_hook(
            {"path": pathdoc, "essays": " ".join(essays)},
            body,
            classes=("sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "longform-path-entry"),
        )
    if not data:
        listing += nodes.paragraph("", _("No reading paths yet."), classes=["longform-path-empty"])
    return [listing]


# -- the banner on member essays -----------------------------------------------------------------


def _paths_by_essay(app: Sphinx) -> dict[str, tuple[PathData, ...]]:
    """Each essay's paths, in :func:`all_paths` order, resolved once per build.

    A banner is computed for every essay on every build: resolving every path for each
    essay made that quadratic in the size of the site (found by the benchmarks).
    """
    index = domain.index(app.env)
    held = index.get(BY_ESSAY)
    if held is None:
        found: dict[str, list[PathData]] = {}
        for path in all_paths(app):
            for essay in dict.fromkeys(path.essays):
                found.setdefault(essay, []).append(path)
        held = index.put(BY_ESSAY, {essay: tuple(paths) for essay, paths in found.items()})
    return held


#: essay docname -> the reading paths that include it, computed once per build.
BY_ESSAY: domain.Slot[dict[str, tuple[PathData, ...]]] = domain.Slot("paths")


def banner_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    banners = []
    for path in _paths_by_essay(app).get(docname, ()):
        index = path.essays.index(docname)
        following = path.steps[index + 1] if index + 1 < len(path.steps) else None
        banners.append(
            (
                path.docname,
                path.title,
                index + 1,
                len(path.steps),
                (following.docname, following.item.title) if following else None,
                path.essays,
            )
        )
    return tuple(banners) or None


def banner_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """Under the title, one compact line per path: "Reading path <title> · step 2 of 6 · 1 of 6 read"."""
    box = make_hook({"current": docname}, classes=("longform-path-banners",))
    for pathdoc, title, number, count, _following, essays in data:
        para = nodes.paragraph("", classes=["longform-path-banner-text"])
        para += nodes.inline("", _("Reading path") + " ", classes=["longform-path-banner-label"])
        para += render.link(app, docname, pathdoc, title)
        para += nodes.Text(" · " + _("step %(number)s of %(count)s") % {"number": number, "count": count})
        para += _progress()
        box += make_hook(
            {"path": pathdoc, "essays": " ".join(essays)},
            para,
            classes=("longform-path-banner",),
        )
    return [box]


def footer_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """At the end of the essay, the way on along each path: its next step, and "Mark as read" (the
    script adds the button: progress lives in the browser)."""
    box = make_hook({"current": docname}, classes=("longform-path-next-steps",))
    for pathdoc, title, number, count, following, essays in data:
        step = make_hook({"path": pathdoc, "essays": " ".join(essays)}, classes=("longform-path-onward",))
        label = nodes.paragraph("", classes=["longform-path-onward-label"])
        label += nodes.Text(
            _("Step %(number)s of %(count)s on the reading path") % {"number": number, "count": count} + " "
        )
        label += render.link(app, docname, pathdoc, title)
        label += _progress()
        step += label
        onward = nodes.paragraph("", classes=["longform-path-onward-next"])
        if following is not None:
            onward += nodes.inline("", _("Next step:") + " ", classes=["longform-path-onward-kicker"])
            onward += render.link(app, docname, following[0], f"{following[1]} →", classes=("longform-path-next",))
        else:
            onward += nodes.Text(_("The last step of this path") + " — ")
            onward += render.link(app, docname, pathdoc, _("back to the path"))
        step += onward
        box += step
    box += make_hook({"toggle": docname, "toggle-label": _("Mark as read")}, classes=("longform-read-toggle",))
    return [box]


# -- checks -------------------------------------------------------------------------------------------


def _did_you_mean(target: str, known: list[str]) -> str:
    close = log.suggest(target, known)
    if close is None:
        tail = target.rsplit("/", 1)[-1]
        close = next((name for name in known if name.rsplit("/", 1)[-1] == tail), None)
    return f" — did you mean '{close}'?" if close else " — write the essay's docname, e.g. 'essays/<name>'"


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: each step must name an existing, published essay."""
    known = catalogue.essays(env)
    for docname, definition in sorted(definitions(env).items()):
        if docname not in env.all_docs:
            continue
        for step in definition.steps:
            location = (docname, step.line)
            essay = known.get(step.docname) or publishing.unpublished(env).get(step.docname)
            if essay is not None and essay.docname not in known and not essay.draft:
                continue  # scheduled: the step appears on the essay's day
            if essay is None:
                if step.docname in env.all_docs:
                    message = f"'{step.docname}' is not an essay — a reading path lists essays only"
                else:
                    message = f"no essay '{step.docname}'{_did_you_mean(step.docname, sorted(known))}"
                log.warn(message, subtype="path-unknown-essay", location=location)
            elif essay.draft:
                log.warn(
                    f"'{step.docname}' is a draft: the published site leaves this step out — "
                    "publish it (remove 'draft: true') or take it off the path",
                    subtype="path-draft",
                    location=location,
                )


def check_description(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after the metadata collector): a path page needs a description."""
    docname = app.env.docname
    if docname in definitions(app.env) and not path_description(app.env, docname):
        log.warn(
            "the reading path has no 'description' — add 'description: <one sentence>' to the page's front matter; "
            "the paths index shows it",
            subtype="path-description",
            location=(docname, 1),
        )


# -- the progress script ------------------------------------------------------------------------------


def add_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the progress script goes only on pages that carry its hooks."""
    if doctree is None or not hasattr(app.builder, "add_js_file"):
        return
    if any(node.get("data") for node in doctree.findall(hook)):
        # The builder's own method adds the file to this page only (Sphinx restores the list after each page).
        app.builder.add_js_file(SCRIPT, defer="defer")


def setup(app: Sphinx, registry: views.Views) -> None:
    handlers = {"html": (_visit_hook, _depart_hook)}
    inline_handlers = {"html": (_visit_hook_inline, _depart_hook_inline)}
    for builder in ("latex", "text", "man", "texinfo"):
        handlers[builder] = inline_handlers[builder] = (_passthrough, _passthrough)
    app.add_node(hook, False, **handlers)
    app.add_node(hook_inline, False, **inline_handlers)
    app.add_directive("reading-path", ReadingPathDirective)
    app.add_directive("path-list", PathListDirective)
    events.connect(app, "doctree-read", check_description)
    events.connect(app, "env-check-consistency", check_consistency)
    events.connect(app, "html-page-context", add_script)
    registry.add_view("reading-path", compute=path_compute, render=path_render, searchable=False)
    registry.add_view("path-list", compute=list_compute, render=list_render, searchable=False)
    registry.add_header_part("paths", compute=banner_compute, render=banner_render)
    registry.add_footer_part("paths", compute=banner_compute, render=footer_render)
