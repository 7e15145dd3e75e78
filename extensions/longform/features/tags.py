"""Tags: a controlled vocabulary, a tag index, a page and an Atom feed per tag, badges on every essay.

What contributors write
    ``tags: [go, concurrency]`` in front matter, or the sphinx-tags syntax in the body
    (``:::{tags} go, concurrency`` / a ```` ```{tags} ```` fence).  Names are matched against
    ``tags.yaml`` case-insensitively through each tag's slug, title and aliases.

What readers get
    * on every essay (and note): its tags as badges linking to ``tags/<slug>.html``, and a link
      to the tag index;
    * on any other page with ``{tags}``: "Tags: a, b" where the directive stands, and the page in a
      section of its own on each tag's page;
    * on a site that comes from sphinx-tags (:mod:`longform.core.tagcompat`): the same at sphinx-tags'
      addresses (``_tags/<slug>.html``, ``_tags/tagsindex.html``), wording and labels;
    * ``tags/index.html``: a source page holding the ``{tag-index}`` directive, so it sits in the
      toctree, the navigation and the search index;
    * ``tags/<slug>.html`` and ``tags/<slug>.xml``: generated, one per tag that at least one
      listed page carries (see :mod:`longform.core.views`, which writes them only when what they show
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

from ..core import catalogue, compat, domain, events, frontmatter, log, slugs, tagcompat, tagging, views
from ..core.catalogue import ESSAY_KINDS, NOTE_KINDS
from ..core.tagging import BODY_LINE_KEY, Tagged, TagState, badges_data, folder, state, tag_url
from ..ui import feeds, labels, render
from ..ui.text import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: The tag index, a source page (the URL contract: tags/index.html; _tags/tagsindex.html on a sphinx-tags site).
INDEX_DOC = "tags/index"


def index_doc(app: Sphinx) -> str:
    """This site's tag index: ``tags/index``, or sphinx-tags' ``_tags/tagsindex``."""
    return tagcompat.index_doc(app.config)


@dataclass(frozen=True, slots=True)
class TagPage:
    """What the page ``tags/<slug>.html`` shows: plain hashable data (fingerprinted by views)."""

    slug: str
    title: str
    description: str
    essays: tuple[render.ItemData, ...]  # essays and earlier writing, newest first
    notes: tuple[render.ItemData, ...]
    counts: tuple[int, int] = (0, 0)  # the tag's essays and notes, all pages together
    pager: render.Pager | None = None  # which page of the tag this is (None: the tag's whole data)
    #: other pages carrying the tag with {tags} (any page of a sphinx-tags site): (docname, title), by docname
    pages: tuple[tuple[str, str], ...] = ()
    wording: tuple[str, str] = ("", "")  # a sphinx-tags site's tags_page_title and tags_page_header


def tag_pages(app: Sphinx) -> dict[str, TagPage]:
    """This build's tag pages (derived once from the tag index)."""
    found = domain.index(app.env).get(PAGES)
    return found if found is not None else domain.index(app.env).put(PAGES, _tag_pages(app, state(app)))


#: tag slug -> its page's data, derived once per build.
PAGES: domain.Slot[dict[str, TagPage]] = domain.Slot("tag-pages")


def _tag_pages(app: Sphinx, st: TagState) -> dict[str, TagPage]:
    """Every tag that at least one listed page carries, with the items its page shows."""
    env = app.env
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
    others: dict[str, list[tuple[str, str]]] = {}
    for docname in sorted(tagging.tagged(env)):
        for slug in st.resolved.get(docname, ()):
            others.setdefault(slug, []).append((docname, _page_title(app, docname)))
    compat_site = tagcompat.active(app.config)
    wording = (
        (tagcompat.text(app.config, "tags_page_title"), tagcompat.text(app.config, "tags_page_header"))
        if compat_site
        else ("", "")
    )
    pages = {}
    for slug, tag in st.tags.items():
        if slug in essays or slug in notes or slug in others:
            pages[slug] = TagPage(
                slug=slug,
                title=tag.title,
                description=tag.description,
                essays=tuple(essays.get(slug, ())),
                notes=tuple(notes.get(slug, ())),
                counts=(len(essays.get(slug, ())), len(notes.get(slug, ()))),
                pages=tuple(others.get(slug, ())),
                wording=wording,
            )
    return pages


def _page_title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return (title.astext() if title is not None else "") or docname


# -- the essay header part: badges and the way to the index ----------------------------------


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    listed = state(app).listed
    badges = tuple((slug, title, slug in listed) for slug, title in badges_data(app, essay))
    if not badges:
        return None
    return badges


def header_render(app: Sphinx, docname: str, badges: tuple[tuple[str, str, bool], ...]) -> list[nodes.Node]:
    """One short line under the meta line: "Idempotency · Reliability · API design", each a link."""
    para = nodes.paragraph("", classes=["longform-tags", "longform-tag-line"])
    for slug, title, has_page in badges:
        if para.children:
            para += nodes.inline("", " · ", classes=["longform-sep"])
        if has_page:
            para += render.link(app, docname, f"{folder(app)}/{slug}", title, classes=("longform-tag",))
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


@dataclass(frozen=True, slots=True)
class TagSummary:
    """``{tag-index}`` with ``:summary:``: one line, "Browse all 12 tags", a link when the index exists."""

    count: int
    has_index: bool
    target: str


@dataclass(frozen=True, slots=True)
class TagsOverview:
    """A sphinx-tags site's overview: its heading, and every tag as (slug, title, pages), by name."""

    head: str
    listed: tuple[tuple[str, str, int], ...]
    where: str  # the tag pages' folder

    @property
    def count(self) -> int:
        return len(self.listed)


@dataclass(frozen=True, slots=True)
class TagIndex:
    """Every tag, most essays first: (slug, title, description, essays, notes, other pages)."""

    entries: tuple[tuple[str, str, str, int, int, int], ...]

    @property
    def count(self) -> int:
        return len(self.entries)


def index_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> TagSummary | TagsOverview | TagIndex:
    pages = tag_pages(app)
    if options.get("summary"):
        return TagSummary(len(pages), index_exists(app), index_doc(app))
    if tagcompat.active(app.config):
        # sphinx-tags' overview: every tag as "name (pages)", by name
        head = tagcompat.text(app.config, "tags_index_head")
        listed = tuple(
            (page.slug, page.title, len(page.essays) + len(page.notes) + len(page.pages))
            for page in sorted(pages.values(), key=lambda p: (p.title, p.slug))
        )
        return TagsOverview(head, listed, folder(app))
    entries = tuple(
        (page.slug, page.title, page.description, len(page.essays), len(page.notes), len(page.pages))
        for page in sorted(pages.values(), key=_index_order)
    )
    return TagIndex(entries)


def index_render(app: Sphinx, docname: str, data: TagSummary | TagsOverview | TagIndex) -> list[nodes.Node]:
    if isinstance(data, TagSummary):
        text = _("Browse all %s") % labels.count(app, data.count, "tag")
        para = nodes.paragraph("", classes=["longform-tag-summary"])
        para += render.link(app, docname, data.target, text) if data.has_index else nodes.Text(text)
        return [para]
    if isinstance(data, TagsOverview):
        caption = nodes.paragraph("", data.head, classes=["caption", "longform-tag-index-head"])
        items = nodes.bullet_list("", classes=["longform-tag-index"])
        for slug, title, count in data.listed:
            para = nodes.paragraph("")
            link = render.link(app, docname, f"{data.where}/{slug}", f"{title} ({count})", classes=("longform-tag",))
            para += link
            items += nodes.list_item("", para, ids=[f"tag-{slug}"])
        return [caption, items]
    entries = data.entries
    total = nodes.paragraph("", labels.count(app, len(entries), "tag"), classes=["longform-tag-total"])
    listing = nodes.container("", classes=["longform-tag-index"])
    for slug, title, description, essays, notes, others in entries:
        entry = nodes.container("", classes=["longform-tag-entry"], ids=[f"tag-{slug}"])
        line = nodes.paragraph("", classes=["longform-tag-entry-title"])
        line += render.tag_badge(app, docname, slug, title)
        counted = labels.essays_and_notes(app, essays, notes)
        if others:
            counted = _("%(counted)s, %(pages)s") % {"counted": counted, "pages": labels.count(app, others, "page")}
        line += nodes.inline("", " " + counted, classes=["longform-tag-count"])
        entry += line
        if description:
            entry += nodes.paragraph("", description, classes=["longform-tag-entry-description"])
        listing += entry
    return [total, listing]


def index_exists(app: Sphinx) -> bool:
    """Whether tags/index.html exists: a source page claims it, or it is generated (there are tags)."""
    return index_doc(app) in app.env.all_docs or bool(tag_pages(app))


def generated_index_pages(app: Sphinx) -> dict[str, Any]:
    """tags/index.html, generated when no source page claims it (a new site gets one out of the box)."""
    where = index_doc(app)
    if where in app.env.all_docs or not tag_pages(app):
        return {}
    title = _("Tags")
    if tagcompat.active(app.config):
        title = tagcompat.text(app.config, "tags_overview_title")
    return {f"{where}.html": (title, index_compute(app, where, {}))}


def emit_generated_index(
    app: Sphinx, path: str, value: tuple[str, TagSummary | TagsOverview | TagIndex]
) -> tuple[str, dict[str, Any], str]:
    title, data = value
    where = path.removesuffix(".html")
    count = data.count
    return render.page(
        app,
        where,
        title=title,
        body=index_render(app, where, data),
        description=_("Every tag of %(project)s: %(tags)s, each with its essays.")
        % {"project": app.config.project, "tags": labels.count(app, count, "tag")},
        feeds=(),
    )


# -- a page and a feed per tag ---------------------------------------------------------------


def pages(app: Sphinx) -> dict[str, TagPage]:
    """``tags/<slug>.html`` per tag, and ``tags/<slug>/page/<n>.html`` for the rest of a long one: each
    with its own items only (see :func:`render.term_pages`)."""
    out: dict[str, TagPage] = {}
    for slug, page in tag_pages(app).items():
        base = tag_url(app, slug).removesuffix(".html")
        for path, essays, notes, pager in render.term_pages(app, base, page.essays, page.notes):
            out[path] = replace(page, essays=essays, notes=notes, pager=pager)
    return out


def _feed_path(app: Sphinx, slug: str) -> str:
    return f"{folder(app)}/{slug}.xml"


def _feed_title(app: Sphinx, title: str) -> str:
    return feeds.title(app, title)


def emit_page(app: Sphinx, path: str, page: TagPage) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    body: list[nodes.Node] = []
    if page.description:
        body.append(nodes.paragraph("", page.description, classes=["longform-tag-description"]))
    counted = labels.essays_and_notes(app, *page.counts)
    if page.pages:
        counted = (
            labels.count(app, len(page.pages), "page")
            if page.counts == (0, 0)
            else _("%(counted)s, %(pages)s") % {"counted": counted, "pages": labels.count(app, len(page.pages), "page")}
        )
    summary = _("%(count)s on %(tag)s") % {
        "count": counted,
        "tag": page.title,
    }
    body.append(
        render.summary_line(
            app,
            pagename,
            summary,
            classes=("longform-tag-summary",),
            # a tag page exists, so the index does too (a source page tags/index, or the generated one)
            index=(index_doc(app), _("All tags"), "longform-all-tags"),
            feed=_feed_path(app, page.slug) if page.essays or page.notes else None,
        )
    )
    body.extend(render.essays_then_notes(app, pagename, page.essays, page.notes, notes_class="longform-tag-notes"))
    page_title, page_header = page.wording
    if page.pages:
        # pages tagged with {tags} that are not essays or notes (every page of a sphinx-tags site)
        section = nodes.section("", ids=["pages"], classes=["longform-tag-pages"])
        section += nodes.title("", page_header or _("Pages"))
        items = nodes.bullet_list("", classes=["longform-tag-page-list"])
        for docname, title in page.pages:
            items += nodes.list_item("", nodes.paragraph("", "", render.link(app, pagename, docname, title)))
        section += items
        body.append(section)
    return render.page(
        app,
        pagename,
        title=f"{page_title}: {page.title}" if page_title else page.title,
        body=body,
        description=page.description or summary,
        feeds=((_feed_title(app, page.title), _feed_path(app, page.slug)),) if page.essays or page.notes else (),
        pager=page.pager,
    )


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """The feed of each tag page: what the page lists, its essays and its notes, newest first (so "9 essays and
    2 notes" on the page is 11 entries in the feed, up to ``longform_feed_length``)."""
    essays = catalogue.essays(app.env)
    pages = {
        _feed_path(app, slug): feeds.Feed(
            title=_feed_title(app, page.title),
            subtitle=page.description,
            html_page=tag_url(app, slug),
            items=feeds.items(
                app, sorted((essays[item.docname] for item in (*page.essays, *page.notes)), key=catalogue.sort_key)
            ),
        )
        for slug, page in tag_pages(app).items()
        if page.essays or page.notes  # a tag only other pages carry (a sphinx-tags site's) has no feed
    }
    return feeds.aliased(app, pages)  # and at the old addresses longform_feed_aliases names


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
    """``{tags} go, concurrency``: tags a page from its body, as sphinx-tags does.

    On an essay or a note it renders nothing (the essay header shows the badges): the names join the
    front matter's in the catalogue through ``compat.page_data(env, "longform_body_tags", …)``, and their line is
    kept for warnings.  On any other page it leaves a ``page-tags`` view where it stands, which shows the
    page's tags ("Tags: a, b", each a link to its page), and the page is listed on each tag's page.
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
            records = tagging.tagged(env)
            before = records.get(env.docname, Tagged(names=(), lines=()))
            known = {slugs.key(name) for name in before.names}
            fresh = [name for name in dict.fromkeys(names) if slugs.key(name) not in known]
            room = frontmatter.MAX_TAGS - len(before.names)
            if len(fresh) > room:
                # as for an essay: a page with 1,000 tags would make 1,000 pages; the first ones are kept
                log.warn(
                    f"{len(before.names) + len(fresh)} tags — give at most {frontmatter.MAX_TAGS}; "
                    f"the first {frontmatter.MAX_TAGS} are kept",
                    subtype="too-many-tags",
                    location=location,
                )
                fresh = fresh[: max(room, 0)]
            lines = dict(before.lines)
            for name in fresh:
                lines.setdefault(BODY_LINE_KEY + slugs.key(name), self.lineno)
            records[env.docname] = Tagged(names=(*before.names, *fresh), lines=tuple(lines.items()))
            kept = {slugs.key(name) for name in (*before.names, *fresh)}
            shown = tuple(name for name in names if slugs.key(name) in kept)
            node = views.make_placeholder("page-tags", {"names": shown})
            node.line = self.lineno
            return [node]
        compat.page_data(env, "longform_body_tags", list[str]).extend(names)
        lines = compat.page_data(env, "longform_key_lines", dict[str, int])
        for name in names:
            lines.setdefault(BODY_LINE_KEY + slugs.key(name), self.lineno)
        return []


def page_tags_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """The tags one {tags} of a page names: (intro, badges?, ((slug, title, has page, colour), ...))."""
    st = state(app)
    mine = tuple(dict.fromkeys(st.names[key] for key in map(slugs.key, options.get("names", ())) if key in st.names))
    config = app.config
    compat_site = tagcompat.active(config)
    intro = tagcompat.text(config, "tags_intro_text") if compat_site else _("Tags:")
    badges = bool(getattr(config, "tags_create_badges", False)) and compat_site
    shown = tuple(
        (slug, st.tags[slug].title, slug in st.listed, tagcompat.badge_color(config, st.tags[slug].title))
        for slug in mine
    )
    return (intro, badges, folder(app), shown)


def page_tags_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """sphinx-tags' line: "Tags: a, b, c" (links), or "Tags: [a] [b]" (badges with ``tags_create_badges``)."""
    intro, badges, where, shown = data
    para = nodes.paragraph("", classes=["tags", "longform-tags", "longform-page-tags"])
    if intro:
        para += nodes.inline("", intro + " ", classes=["longform-tags-intro"])
    for index, (slug, title, has_page, color) in enumerate(shown):
        if index:
            para += nodes.inline("", " " if badges else ", ")
        classes = ("sd-badge", f"sd-bg-{color}", f"sd-bg-text-{color}", "longform-tag") if badges else ("longform-tag",)
        if has_page:
            para += render.link(app, docname, f"{where}/{slug}", title, classes=classes)
        else:
            para += nodes.inline("", title, classes=[*classes, "longform-tag-unlisted"])
    return [para]


# -- a sphinx-tags site: toctrees naming its pages, labels of its pages -----------------------------


def _generated_title(app: Sphinx, name: str) -> str | None:
    """The title of a generated tag page, or None when this build writes no such page."""
    pages = tag_pages(app)
    if name == index_doc(app):
        if name not in app.env.all_docs and not pages:
            return None
        if tagcompat.active(app.config):
            return tagcompat.text(app.config, "tags_overview_title")
        return _("Tags")
    where = folder(app) + "/"
    page = pages.get(name[len(where) :]) if name.startswith(where) else None
    if page is None:
        return None
    prefix = page.wording[0]
    return f"{prefix}: {page.title}" if prefix else page.title


def set_labels(app: Sphinx, env: Any) -> None:
    """``env-updated``: on a sphinx-tags site, ``sphx_tag_<slug>`` and ``tagoverview`` lead to the generated
    pages (``{ref}`` works as with sphinx-tags); on others, last build's such labels are gone."""
    labels_: dict[str, tuple[str, str]] = {}
    if tagcompat.active(app.config):
        for slug in tag_pages(app):
            name = f"{folder(app)}/{slug}"
            labels_[tagcompat.LABEL_PREFIX + slug] = (name, _generated_title(app, name) or slug)
        overview = index_doc(app)
        title = _generated_title(app, overview)
        if title is not None and overview not in app.env.all_docs:
            labels_[tagcompat.OVERVIEW_LABEL] = (overview, title)
    compat.set_generated_labels(env, folder(app), labels_)


def toctree_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    """A toctree's entries naming generated tag pages: ((title shown, page name, whether it is made), ...)."""
    out = []
    for title, name in options.get("entries", ()):
        found = _generated_title(app, name)
        out.append((title or found or name, name, found is not None))
    return (tuple(out), index_doc(app), options.get("line", 1))


def toctree_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    """Those entries as links after the toctree's own (the tag pages are generated, not documents Sphinx's
    toctree can hold); one naming a page the build does not make is a warning."""
    entries, overview, line = data
    items = nodes.bullet_list("")
    for title, name, made in entries:
        if not made:
            log.warn(
                f"the toctree names '{name}', a tag page this build does not make — name a tag that a page "
                f"carries, or '{overview}'",
                subtype="tags-toctree",
                location=(docname, line),
            )
            continue
        para = nodes.paragraph("", "", render.link(app, docname, name, title))
        items += nodes.list_item("", para, classes=["toctree-l1"])
    if not items.children:
        return []
    return [nodes.compound("", items, classes=["toctree-wrapper", "longform-tag-toctree"])]


def _say_sphinx_tags_owns_the_directive(app: Sphinx, config: Config) -> None:
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
        events.connect(app, "config-inited", _say_sphinx_tags_owns_the_directive)
    else:
        app.add_directive("tags", TagsDirective)
    tagcompat.declare(app)
    app.add_directive("tag-index", TagIndexDirective)
    registry.add_view("page-tags", compute=page_tags_compute, render=page_tags_render, searchable=False)
    registry.add_header_part("tags", compute=header_compute, render=header_render)
    registry.add_view("tag-index", compute=index_compute, render=index_render, searchable=False)
    registry.add_generated("tag-page", pages=pages, emit=emit_page)
    registry.add_generated("tag-index-page", pages=generated_index_pages, emit=emit_generated_index)
    registry.add_generated("tag-feed", pages=feed_pages, emit=feeds.emit)
    events.connect(app, "env-before-read-docs", tagging.load)
    # Before views' env-get-updated (which runs after env-updated anyway) and others' env-updated.
    events.connect(app, "env-updated", tagging.after_read, "tags_after_read")
    events.connect(app, "env-check-consistency", tagging.check)
    events.connect(app, "env-updated", set_labels, "tags_labels")
    registry.add_view("tag-toctree", compute=toctree_compute, render=toctree_render, searchable=False)
