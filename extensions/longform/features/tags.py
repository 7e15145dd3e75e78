"""Tags: a controlled vocabulary, a tag index, a page and an Atom feed per tag, badges on every essay.

What contributors write
    ``tags: [go, concurrency]`` in front matter, or the sphinx-tags syntax in the body
    (``:::{tags} go, concurrency`` / a ```` ```{tags} ```` fence).  Names are matched against
    ``tags.yaml`` case-insensitively through each tag's slug, title and aliases.

What readers get
    * on every essay (and note): its tags as badges linking to ``tags/<slug>.html``, and a link
      to the tag index;
    * ``tags/index.html``: a source page holding the ``{tag-index}`` directive, so it sits in the
      toctree, the navigation and the search index;
    * ``tags/<slug>.html`` and ``tags/<slug>.xml``: generated, one per tag that at least one
      listed page carries (see :mod:`longform.views`, which writes them only when what they show
      changed and deletes those of a vanished tag).

Which pages count
    Essays and earlier writing (kinds ``essay`` and ``archived``) are "essays" on a tag page, in
    its count and in its feed, newest first; earlier writing is marked as such.  Notes may carry
    tags too: they are listed in a "Notes" section of the tag page but are not counted as essays.
    Drafts are left out unless ``longform_show_drafts``.

Why nothing is ever stale or unsafe
    All of it is derived from the catalogue and the vocabulary after every read (``env-updated``),
    kept on the application (never on env, never in a module global), and every view's compute
    returns all the values its render shows.  Slugs are ``[a-z0-9-]+`` (python-slugify, then a
    stable hash suffix for a name that slugifies to nothing, to a reserved name or to a slug
    already taken).  Text goes into docutils Text nodes and feedgen, which escape it.

Without a vocabulary file the tags are free-form: no unknown-tag warnings, the rest works alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core import catalogue, domain, events, log, slugs, tagging, views
from ..core.catalogue import ESSAY_KINDS, NOTE_KINDS
from ..core.tagging import BODY_LINE_KEY, FOLDER, TagState, badges_data, state, tag_url
from ..ui import feeds, labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: The tag index, a source page (the URL contract: tags/index.html).
INDEX_DOC = "tags/index"


@dataclass(frozen=True, slots=True)
class TagPage:
    """What the page ``tags/<slug>.html`` shows: plain hashable data (fingerprinted by views)."""

    slug: str
    title: str
    description: str
    essays: tuple[render.ItemData, ...]  # essays and earlier writing, newest first
    notes: tuple[render.ItemData, ...]
    has_index: bool
    counts: tuple[int, int] = (0, 0)  # the tag's essays and notes, all pages together
    pager: render.Pager | None = None  # which page of the tag this is (None: the tag's whole data)


def tag_pages(app: Sphinx) -> dict[str, TagPage]:
    """This build's tag pages (derived once from the tag index)."""
    cache = domain.index(app.env).pages
    if "tags" not in cache:
        cache["tags"] = _tag_pages(app, state(app))
    return cache["tags"]


def _tag_pages(app: Sphinx, st: TagState) -> dict[str, TagPage]:
    """Every tag that at least one listed page carries, with the items its page shows."""
    env = app.env
    has_index = True  # a source page tags/index, or the generated one (generated_index_pages)
    essays: dict[str, list[render.ItemData]] = {}
    notes: dict[str, list[render.ItemData]] = {}
    for essay in catalogue.published(env, kinds=ESSAY_KINDS):
        item = render.item_data(app, essay)
        for slug in st.resolved.get(essay.docname, ()):
            essays.setdefault(slug, []).append(item)
    for note in catalogue.published(env, kinds=NOTE_KINDS):
        item = render.item_data(app, note)
        for slug in st.resolved.get(note.docname, ()):
            notes.setdefault(slug, []).append(item)
    pages = {}
    for slug, tag in st.tags.items():
        if slug in essays or slug in notes:
            pages[slug] = TagPage(
                slug=slug,
                title=tag.title,
                description=tag.description,
                essays=tuple(essays.get(slug, ())),
                notes=tuple(notes.get(slug, ())),
                has_index=has_index,
                counts=(len(essays.get(slug, ())), len(notes.get(slug, ()))),
            )
    return pages


# -- the essay header part: badges and the way to the index ----------------------------------


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    listed = state(app).listed
    badges = tuple((slug, title, slug in listed) for slug, title in badges_data(app, essay))
    if not badges:
        return None
    return (badges, index_exists(app))


def header_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """One short line under the meta line: "Idempotency · Reliability · API design", each a link."""
    badges, _has_index = data
    para = nodes.paragraph("", classes=["longform-tags", "longform-tag-line"])
    for slug, title, has_page in badges:
        if para.children:
            para += nodes.inline("", " · ", classes=["longform-sep"])
        if has_page:
            para += render.link(app, docname, f"{FOLDER}/{slug}", title, classes=("longform-tag",))
        else:  # a tag only drafts carry has no page: shown, but not as a link to nowhere
            para += nodes.inline("", title, classes=["longform-tag", "longform-tag-unlisted"])
    return [para]


# -- the tag index: {tag-index} ---------------------------------------------------------------


class TagIndexDirective(SphinxDirective):
    """``{tag-index}``: every tag with its description and count; ``:summary:`` for one link line."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"summary": directives.flag}

    def run(self) -> list[nodes.Node]:
        return [views.make_placeholder("tag-index", {"summary": "summary" in self.options})]


def _index_order(page: TagPage) -> tuple[Any, ...]:
    """Most essays first (notes do not count), then by title."""
    return (-len(page.essays), page.title.casefold(), page.slug)


def index_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    pages = tag_pages(app)
    if options.get("summary"):
        return ("summary", len(pages), index_exists(app))
    entries = tuple(
        (page.slug, page.title, page.description, len(page.essays), len(page.notes))
        for page in sorted(pages.values(), key=_index_order)
    )
    return ("full", entries)


def index_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    if data[0] == "summary":
        _kind, count, has_index = data
        text = _("Browse all %s") % labels.count(count, "tag")
        para = nodes.paragraph("", classes=["longform-tag-summary"])
        para += render.link(app, docname, INDEX_DOC, text) if has_index else nodes.Text(text)
        return [para]
    entries = data[1]
    total = nodes.paragraph("", labels.count(len(entries), "tag"), classes=["longform-tag-total"])
    listing = nodes.container("", classes=["longform-tag-index"])
    for slug, title, description, essays, notes in entries:
        entry = nodes.container("", classes=["longform-tag-entry"], ids=[f"tag-{slug}"])
        line = nodes.paragraph("", classes=["longform-tag-entry-title"])
        line += render.tag_badge(app, docname, slug, title)
        line += nodes.inline("", " " + labels.essays_and_notes(essays, notes), classes=["longform-tag-count"])
        entry += line
        if description:
            entry += nodes.paragraph("", description, classes=["longform-tag-entry-description"])
        listing += entry
    return [total, listing]


def index_exists(app: Sphinx) -> bool:
    """Whether tags/index.html exists: a source page claims it, or it is generated (there are tags)."""
    return INDEX_DOC in app.env.all_docs or bool(tag_pages(app))


def generated_index_pages(app: Sphinx) -> dict[str, Any]:
    """tags/index.html, generated when no source page claims it (a new site gets one out of the box)."""
    if INDEX_DOC in app.env.all_docs or not tag_pages(app):
        return {}
    return {f"{INDEX_DOC}.html": index_compute(app, INDEX_DOC, {})}


def emit_generated_index(app: Sphinx, path: str, data: Any) -> tuple[str, dict[str, Any], str]:
    count = len(data[1])
    return render.page(
        app,
        INDEX_DOC,
        title=_("Tags"),
        body=index_render(app, INDEX_DOC, data),
        description=_("Every tag of %(project)s: %(tags)s, each with its essays.")
        % {"project": app.config.project, "tags": labels.count(count, "tag")},
        feeds=(),
    )


# -- a page and a feed per tag ---------------------------------------------------------------


def pages(app: Sphinx) -> dict[str, TagPage]:
    """``tags/<slug>.html`` per tag, and ``tags/<slug>/page/<n>.html`` for the rest of a long one: each
    with its own items only (see :func:`render.term_pages`)."""
    out: dict[str, TagPage] = {}
    for slug, page in tag_pages(app).items():
        base = tag_url(slug).removesuffix(".html")
        for path, essays, notes, pager in render.term_pages(app, base, page.essays, page.notes):
            out[path] = replace(page, essays=essays, notes=notes, pager=pager)
    return out


def _feed_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.xml"


def _feed_title(app: Sphinx, title: str) -> str:
    return feeds.title(app, title)


def emit_page(app: Sphinx, path: str, page: TagPage) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    body: list[nodes.Node] = []
    if page.description:
        body.append(nodes.paragraph("", page.description, classes=["longform-tag-description"]))
    summary = _("%(count)s on %(tag)s") % {
        "count": labels.essays_and_notes(*page.counts),
        "tag": page.title,
    }
    body.append(
        render.summary_line(
            app,
            pagename,
            summary,
            classes=("longform-tag-summary",),
            index=(INDEX_DOC, _("All tags"), "longform-all-tags") if page.has_index else None,
            feed=_feed_path(page.slug),
        )
    )
    body.extend(render.essays_then_notes(app, pagename, page.essays, page.notes, notes_class="longform-tag-notes"))
    return render.page(
        app,
        pagename,
        title=page.title,
        body=body,
        description=page.description or summary,
        feeds=((_feed_title(app, page.title), _feed_path(page.slug)),),
        pager=page.pager,
    )


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """The feed of each tag page: its essays (not its notes), newest first, what a feed shows only."""
    essays = catalogue.essays(app.env)
    return {
        _feed_path(slug): feeds.Feed(
            title=_feed_title(app, page.title),
            subtitle=page.description,
            html_page=tag_url(slug),
            items=feeds.items(app, (essays[item.docname] for item in page.essays)),
        )
        for slug, page in tag_pages(app).items()
    }


# -- the sphinx-tags syntax: {tags} in the body ---------------------------------------------


def split_names(text: str) -> list[str]:
    """sphinx-tags' reading of a directive: comma-separated, quotes and extra whitespace dropped."""
    names = []
    for part in text.replace("\n", ",").split(","):
        name = " ".join(part.strip().strip('"').strip().split())
        if name:
            names.append(name)
    return names


class TagsDirective(SphinxDirective):
    """``{tags} go, concurrency``: tags an essay from its body, as sphinx-tags does.

    Renders nothing (the essay header shows the badges); the names join the front matter's in
    the catalogue through ``env.temp_data["longform_body_tags"]``, and their line is kept for
    warnings.
    """

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        env = self.env
        text = ",".join([*(self.arguments or ()), *self.content])
        names = split_names(text)
        location = (env.docname, self.lineno)
        if not names:
            log.warn(
                "the {tags} directive names no tag — write e.g. '```{tags} concurrency, go```' or remove it",
                subtype="tags-directive",
                location=location,
            )
            return []
        if catalogue.kind_of(env, env.docname) is None:
            log.warn(
                "{tags} only tags essays and notes, and this page is neither — remove the directive",
                subtype="tags-directive",
                location=location,
            )
            return []
        env.temp_data.setdefault("longform_body_tags", []).extend(names)
        lines = env.temp_data.setdefault("longform_key_lines", {})
        for name in names:
            lines.setdefault(BODY_LINE_KEY + slugs.key(name), self.lineno)
        return []


def _say_sphinx_tags_owns_the_directive(app: Sphinx, config: Any) -> None:
    log.warn(
        "sphinx-tags is loaded as well as Longform: its {tags} directive is the one used, so tags written with "
        "it reach sphinx-tags' pages (_tags/) but not Longform's (tags/). Choose one: remove 'sphinx_tags' from "
        "extensions (Longform reads {tags} itself), or tag essays in front matter only",
        subtype="sphinx-tags",
        location=f"{Path(app.confdir, 'conf.py')}:1",
    )


def setup(app: Sphinx, registry: views.Views) -> None:
    if "sphinx_tags" in app.config.extensions:
        # sphinx-tags is loaded too, and owns {tags}: Longform reads front-matter tags only, and says so once.
        app.connect("config-inited", _say_sphinx_tags_owns_the_directive)
    else:
        app.add_directive("tags", TagsDirective)
    app.add_directive("tag-index", TagIndexDirective)
    registry.add_header_part("tags", compute=header_compute, render=header_render)
    registry.add_view("tag-index", compute=index_compute, render=index_render, searchable=False)
    registry.add_generated("tag-page", pages=pages, emit=emit_page)
    registry.add_generated("tag-index-page", pages=generated_index_pages, emit=emit_generated_index)
    registry.add_generated("tag-feed", pages=feed_pages, emit=feeds.emit)
    app.connect("env-before-read-docs", tagging.load)
    # Before views' env-get-updated (which runs after env-updated anyway) and others' env-updated.
    events.connect(app, "env-updated", tagging.after_read, "tags_after_read")
    app.connect("env-check-consistency", tagging.check)
