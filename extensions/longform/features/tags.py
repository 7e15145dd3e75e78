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

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from slugify import slugify
from sphinx.util.docutils import SphinxDirective

from ..core import catalogue, publishing, safety, views, vocabulary
from ..ui import feeds, render
from . import header

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.catalogue import Essay

#: Kinds listed (and counted) as essays on a tag page; notes get their own section.
ESSAY_KINDS = ("essay", "archived")
NOTE_KINDS = ("note",)
#: The tag index, a source page (the URL contract: tags/index.html).
INDEX_DOC = "tags/index"
#: Generated pages live in this folder of the output.
FOLDER = "tags"
#: Slugs longer than this are cut (file names have limits); a hash keeps them distinct.
MAX_SLUG = 60
#: Where the {tags} directive leaves each tag's line in the catalogue's key lines.
BODY_LINE_KEY = "{tags}:"


# -- the state: everything derived from the vocabulary and the catalogue ---------------------


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as the site shows it."""

    slug: str
    title: str
    description: str
    known: bool  # in the vocabulary (False: written in an essay only)


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning to give in ``env-check-consistency``."""

    message: str
    subtype: str
    location: tuple[str, int] | str


@dataclass(frozen=True, slots=True)
class TagPage:
    """What the page ``tags/<slug>.html`` shows: plain hashable data (fingerprinted by views)."""

    slug: str
    title: str
    description: str
    essays: tuple[tuple[render.ItemData, str], ...]  # (item, kind), newest first
    notes: tuple[render.ItemData, ...]
    has_index: bool


@dataclass(slots=True)
class TagState:
    """Tags of one build. Rebuilt after every read; lives on the application only."""

    tags: dict[str, Tag]  # slug -> tag, in vocabulary order then unknown tags
    names: dict[str, str]  # normalised name (slug, title, alias or written name) -> slug
    resolved: dict[str, tuple[str, ...]]  # docname -> slugs of its tags, in written order
    problems: tuple[Problem, ...]
    pages: dict[str, TagPage] = field(default_factory=dict)  # slug -> page, for tags with a page
    badges: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # docname -> (slug, title)


def _key(name: str) -> str:
    """How names are compared: case-insensitive, whitespace-normalised."""
    return " ".join(str(name).split()).casefold()


def make_slug(name: str) -> str:
    """``[a-z0-9-]+`` for a tag name (may be empty: emoji, punctuation)."""
    slug = slugify(str(name), max_length=MAX_SLUG, word_boundary=False).strip("-")
    return slug if vocabulary.SLUG.fullmatch(slug) and slug not in safety.DEVICE_NAMES else ""


def _safe_slug(natural: str, key: str, taken: set[str] | dict[str, Any]) -> str:
    """A slug for a name whose natural slug is empty, reserved or taken: stable, never colliding."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    stem = (natural[: MAX_SLUG - 10].strip("-") or "tag") if natural else "tag"
    for size in range(8, len(digest) + 1, 4):
        slug = f"{stem}-{digest[:size]}"
        if slug not in taken:
            return slug
    return f"{stem}-{digest}"


def _reserved(env: BuildEnvironment) -> set[str]:
    """Names under tags/ that belong to source pages (tags/index above all)."""
    # casefolded: on a case-insensitive file system tags/Go.html and tags/go.html are one file
    found = {doc[len(FOLDER) + 1 :].casefold() for doc in env.found_docs if doc.casefold().startswith(FOLDER + "/")}
    return {"index"} | {name for name in found if "/" not in name}


def _vocabulary_file(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.longform_tags_file)


def load_vocabulary(app: Sphinx) -> vocabulary.Vocabulary | None:
    """The tag vocabulary (None when there is no file: tags are then free-form).

    Loaded once per build, at ``env-before-read-docs`` (its own file problems are warned there).
    """
    path = _vocabulary_file(app)
    if not path.is_file():
        return None
    # 'index' is kept (with a page of its own, and a warning below); device names are refused
    vocab = vocabulary.load(app, app.config.longform_tags_file, what="tag", reserved=safety.DEVICE_NAMES)
    if not vocab.terms and not _empty_mapping(path):
        # Unreadable (bad YAML, not a mapping): load() has said where. Checking every tag of every
        # page against nothing would bury that one warning under hundreds; tags are free-form until fixed.
        return None
    return vocab


def _empty_mapping(path: Path) -> bool:
    """Whether the file is valid YAML holding nothing (an empty vocabulary, not a broken one)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return data is None or data == {}


def _vocabulary_tags(
    app: Sphinx, vocab: vocabulary.Vocabulary, reserved: set[str]
) -> tuple[dict[str, Tag], dict[str, str], list[Problem]]:
    """The vocabulary's tags and the names that lead to them: slugs first, then titles, then aliases."""
    path = _vocabulary_file(app)
    fname = app.config.longform_tags_file
    tags: dict[str, Tag] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    slug_of: dict[str, str] = {}
    for term in vocab.terms:
        slug = term.slug
        if slug in reserved:
            slug = _safe_slug(term.slug, _key(term.slug), set(vocab.by_slug()) | reserved)
            problems.append(
                Problem(
                    f"tag slug '{term.slug}' is reserved: tags/{term.slug}.html is a page of the site — "
                    f"rename the tag (until then its page is tags/{slug}.html)",
                    "tag-collision",
                    f"{path}:{term.line}",
                )
            )
        slug_of[term.slug] = slug
        tags[slug] = Tag(slug=slug, title=term.title, description=term.description, known=True)
        names[_key(term.slug)] = slug
    for field_name in ("title", "aliases"):
        for term in vocab.terms:
            values = (term.title,) if field_name == "title" else term.aliases
            for name in values:
                key = _key(name)
                owner = names.get(key)
                if not key or owner == slug_of[term.slug]:
                    continue
                if owner is None:
                    names[key] = slug_of[term.slug]
                    continue
                problems.append(
                    Problem(
                        f"'{name}' ({'title' if field_name == 'title' else 'an alias'} of tag '{term.slug}') "
                        f"already names tag '{owner}' in {fname} — essays writing it get '{owner}'; "
                        f"remove it from one of the two",
                        "tag-collision",
                        f"{path}:{term.line}",
                    )
                )
    return tags, names, problems


def _tag_location(essay: Essay, name: str) -> tuple[str, int]:
    """Where an essay names a tag: the {tags} directive's line, else the front-matter 'tags:' key."""
    wanted = BODY_LINE_KEY + _key(name)
    for key, line in essay.lines:
        if key == wanted:
            return (essay.docname, line)
    return (essay.docname, essay.line("tags"))


def _closest(key: str, names: dict[str, str]) -> str | None:
    """The slug of the vocabulary tag whose slug, title or alias is closest to ``key``, if any is close."""
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def compute_state(app: Sphinx) -> TagState:
    """Resolve every catalogue page's tags against the vocabulary, and collect the problems."""
    env = app.env
    vocab = getattr(app, "_longform_tag_vocabulary", None)
    if vocab is None and not hasattr(app, "_longform_tag_vocabulary"):
        vocab = load_vocabulary(app)
    reserved = _reserved(env)
    fname = app.config.longform_tags_file
    problems: list[Problem] = []
    if vocab is not None:
        tags, names, problems = _vocabulary_tags(app, vocab, reserved)
    else:
        tags, names = {}, {}
    known_names = dict(names)

    all_essays = catalogue.essays(env)
    # Names no vocabulary entry matches, grouped by normalised name, first spelling wins.
    unknown: dict[str, str] = {}
    for docname in sorted(all_essays):
        for name in all_essays[docname].tags:
            key = _key(name)
            if key and key not in names:
                unknown.setdefault(key, " ".join(name.split()))
    natural_owner: dict[str, str] = {}  # unknown key -> the slug it would have wanted, when taken
    for key in sorted(unknown):
        natural = make_slug(unknown[key])
        if natural and natural not in reserved and natural not in tags:
            slug = natural
        else:
            slug = _safe_slug(natural, key, tags)
            if natural and natural in tags:
                natural_owner[key] = natural
        tags[slug] = Tag(slug=slug, title=unknown[key], description="", known=False)
        names[key] = slug

    resolved: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for docname in sorted(all_essays):
        essay = all_essays[docname]
        slugs: list[str] = []
        for name in essay.tags:
            key = _key(name)
            if not key:
                continue
            slug = names[key]
            if slug not in slugs:
                slugs.append(slug)
            if key in unknown:
                problem = _unknown_problem(
                    name=name,
                    slug=slug,
                    natural=natural_owner.get(key),
                    tags=tags,
                    known_names=known_names,
                    fname=fname,
                    has_vocabulary=vocab is not None,
                    location=_tag_location(essay, name),
                )
                if problem is not None:
                    problems.append(problem)
        resolved[docname] = tuple(slugs)
        used.update(slugs)

    # Tags only drafts or scheduled essays carry (left out of a published build) are not unused:
    # they get a page when the essay is published.
    for essay in publishing.unpublished(env).values():
        used.update(names[_key(name)] for name in essay.tags if _key(name) in names)

    if vocab is not None:
        path = _vocabulary_file(app)
        for term in vocab.terms:
            if names[_key(term.slug)] not in used:
                problems.append(
                    Problem(
                        f"tag '{term.slug}' is in {fname} but no essay or note uses it — tag a page with it "
                        f"or remove it from {fname}",
                        "unused-tag",
                        f"{path}:{term.line}",
                    )
                )
    badges = {doc: tuple((slug, tags[slug].title) for slug in slugs) for doc, slugs in resolved.items()}
    return TagState(tags=tags, names=names, resolved=resolved, problems=tuple(problems), badges=badges)


def _unknown_problem(
    *,
    name: str,
    slug: str,
    natural: str | None,
    tags: dict[str, Tag],
    known_names: dict[str, str],
    fname: str,
    has_vocabulary: bool,
    location: tuple[str, int],
) -> Problem | None:
    """One warning per unknown tag per page: what is wrong, what to write, where it is listed meanwhile."""
    shown = " ".join(name.split())
    meanwhile = f"until then it is listed on tags/{slug}.html"
    if natural is not None:
        owner = tags[natural]
        close = _closest(_key(name), known_names) if has_vocabulary else None
        if not has_vocabulary:
            fix = "write it differently"
        elif close:
            fix = f"did you mean '{close}'? Or add '{shown}' to {fname} with a slug of its own"
        else:
            fix = f"use a tag from {fname}, or add '{shown}' there with a slug of its own"
        return Problem(
            f"tag '{shown}' would take tags/{natural}.html, the page of tag '{owner.title}' — {fix}; {meanwhile}",
            "tag-collision",
            location,
        )
    if has_vocabulary:
        close = _closest(_key(name), known_names)
        fix = f"did you mean '{close}'? Or add" if close else "use a tag from it, or add"
        return Problem(
            f"unknown tag '{shown}' (not in {fname}) — {fix} '{shown}' to {fname}; {meanwhile}",
            "unknown-tag",
            location,
        )
    if not make_slug(name) or make_slug(name) != slug:
        return Problem(
            f"tag '{shown}' has no usable name for its page (letters or digits) — write it differently; {meanwhile}",
            "tag-slug",
            location,
        )
    return None


def _tag_pages(app: Sphinx, st: TagState) -> dict[str, TagPage]:
    """Every tag that at least one listed page carries, with the items its page shows."""
    env = app.env
    has_index = True  # a source page tags/index, or the generated one (generated_index_pages)
    essays: dict[str, list[tuple[render.ItemData, str]]] = {}
    notes: dict[str, list[render.ItemData]] = {}
    for essay in catalogue.published(env, kinds=ESSAY_KINDS):
        item = render.item_data(app, essay)
        for slug in st.resolved.get(essay.docname, ()):
            essays.setdefault(slug, []).append((item, essay.kind))
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
            )
    return pages


def state(app: Sphinx) -> TagState:
    """This build's tags (computed after reading; computed on demand if asked earlier)."""
    st = getattr(app, "_longform_tags", None)
    if st is None:
        st = compute_state(app)
        app._longform_tags = st  # type: ignore[attr-defined]
        st.pages = _tag_pages(app, st)
    return st


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: load the vocabulary once per build, forget last build's tags."""
    app._longform_tag_vocabulary = load_vocabulary(app)  # type: ignore[attr-defined]
    app._longform_tags = None  # type: ignore[attr-defined]


def _after_read(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every page is read (and merged): derive the tags of this build."""
    app._longform_tags = None  # type: ignore[attr-defined]
    state(app)


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: unknown, colliding and unused tags, against the current catalogue."""
    for problem in state(app).problems:
        catalogue.warn(problem.message, subtype=problem.subtype, location=problem.location)


# -- what other features ask -----------------------------------------------------------------


def badges_data(app: Sphinx, essay: Essay) -> tuple[tuple[str, str], ...]:
    """(slug, title) of each of the essay's tags, resolved through the vocabulary, for badges."""
    st = state(app)
    cached = st.badges.get(essay.docname)
    if cached is not None:  # every catalogue page: a dict lookup (listings call this for each item)
        return cached
    # Not in this build's catalogue (should not happen): resolve by name.
    slugs = tuple(dict.fromkeys(st.names.get(_key(n)) or make_slug(n) or "tag" for n in essay.tags))
    return tuple((slug, st.tags[slug].title if slug in st.tags else slug) for slug in slugs)


def tag_url(slug: str) -> str:
    """The output path of a tag's page."""
    return f"{FOLDER}/{slug}.html"


# -- the essay header part: badges and the way to the index ----------------------------------


def header_compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    essay = catalogue.essays(app.env).get(docname)
    if essay is None:
        return None
    st = state(app)
    badges = tuple((slug, title, slug in st.pages) for slug, title in badges_data(app, essay))
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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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
    pages = state(app).pages
    if options.get("summary"):
        return ("summary", len(pages), index_exists(app))
    entries = tuple(
        (page.slug, page.title, page.description, len(page.essays), len(page.notes))
        for page in sorted(pages.values(), key=_index_order)
    )
    return ("full", entries)


def _counts(essays: int, notes: int) -> str:
    text = _plural(essays, "essay")
    return f"{text} and {_plural(notes, 'note')}" if notes else text


def index_render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    if data[0] == "summary":
        _, count, has_index = data
        text = f"Browse all {_plural(count, 'tag')}"
        para = nodes.paragraph("", classes=["longform-tag-summary"])
        para += render.link(app, docname, INDEX_DOC, text) if has_index else nodes.Text(text)
        return [para]
    entries = data[1]
    total = nodes.paragraph("", _plural(len(entries), "tag"), classes=["longform-tag-total"])
    listing = nodes.container("", classes=["longform-tag-index"])
    for slug, title, description, essays, notes in entries:
        entry = nodes.container("", classes=["longform-tag-entry"], ids=[f"tag-{slug}"])
        line = nodes.paragraph("", classes=["longform-tag-entry-title"])
        line += render.tag_badge(app, docname, slug, title)
        line += nodes.inline("", " " + _counts(essays, notes), classes=["longform-tag-count"])
        entry += line
        if description:
            entry += nodes.paragraph("", description, classes=["longform-tag-entry-description"])
        listing += entry
    return [total, listing]


def index_exists(app: Sphinx) -> bool:
    """Whether tags/index.html exists: a source page claims it, or it is generated (there are tags)."""
    return INDEX_DOC in app.env.all_docs or bool(state(app).pages)


def generated_index_pages(app: Sphinx) -> dict[str, Any]:
    """tags/index.html, generated when no source page claims it (a new site gets one out of the box)."""
    if INDEX_DOC in app.env.all_docs or not state(app).pages:
        return {}
    return {f"{INDEX_DOC}.html": index_compute(app, INDEX_DOC, {})}


def emit_generated_index(app: Sphinx, path: str, data: Any) -> tuple[str, dict[str, Any], str]:
    count = len(data[1])
    return render.page(
        app,
        INDEX_DOC,
        title="Tags",
        body=index_render(app, INDEX_DOC, data),
        description=f"Every tag of {app.config.project}: {_plural(count, 'tag')}, each with its essays.",
        feeds=(),
    )


# -- a page and a feed per tag ---------------------------------------------------------------


def pages(app: Sphinx) -> dict[str, TagPage]:
    return {tag_url(slug): page for slug, page in state(app).pages.items()}


def _feed_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.xml"


def _feed_title(app: Sphinx, title: str) -> str:
    return feeds.title(app, title)


def emit_page(app: Sphinx, path: str, page: TagPage) -> tuple[str, dict[str, Any], str]:
    pagename = path.removesuffix(".html")
    body: list[nodes.Node] = []
    if page.description:
        body.append(nodes.paragraph("", page.description, classes=["longform-tag-description"]))
    summary = nodes.paragraph("", classes=["longform-tag-summary"])
    summary += nodes.Text(f"{_counts(len(page.essays), len(page.notes))} on {page.title}")
    if page.has_index:
        summary += nodes.inline("", " · ", classes=["longform-sep"])
        summary += render.link(app, pagename, INDEX_DOC, "All tags", classes=("longform-all-tags",))
    summary += nodes.inline("", " · ", classes=["longform-sep"])
    summary += nodes.reference(
        "",
        "Atom feed",
        refuri=render.file_uri(app, pagename, _feed_path(page.slug)),
        internal=True,
        classes=["longform-feed-link"],
    )
    body.append(summary)
    if page.essays:
        listing = nodes.container("", classes=["longform-list"])
        for item, kind in page.essays:
            extra = None
            if kind == "archived":
                marker = nodes.paragraph("", classes=["longform-item-kind"])
                marker += header.badge("Earlier writing", classes=("longform-archived",))
                extra = [marker]
            listing += render.render_item(app, pagename, item, extra=extra)
        body.append(listing)
    if page.notes:
        section = nodes.section("", ids=["notes"], classes=["longform-tag-notes"])
        section += nodes.title("", "Notes")
        section += render.render_items(app, pagename, page.notes)
        body.append(section)
    return render.page(
        app,
        pagename,
        title=page.title,
        body=body,
        description=page.description or f"{_counts(len(page.essays), len(page.notes))} on {page.title}",
        feeds=((_feed_title(app, page.title), _feed_path(page.slug)),),
    )


def feed_pages(app: Sphinx) -> dict[str, feeds.Feed]:
    """The feed of each tag page: its essays (not its notes), newest first, what a feed shows only."""
    essays = catalogue.essays(app.env)
    return {
        _feed_path(slug): feeds.Feed(
            title=_feed_title(app, page.title),
            subtitle=page.description,
            html_page=tag_url(slug),
            items=feeds.items(app, (essays[item.docname] for item, _kind in page.essays)),
        )
        for slug, page in state(app).pages.items()
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
            catalogue.warn(
                "the {tags} directive names no tag — write e.g. '```{tags} concurrency, go```' or remove it",
                subtype="tags-directive",
                location=location,
            )
            return []
        if catalogue.kind_of(env, env.docname) is None:
            catalogue.warn(
                "{tags} only tags essays and notes, and this page is neither — remove the directive",
                subtype="tags-directive",
                location=location,
            )
            return []
        env.temp_data.setdefault("longform_body_tags", []).extend(names)
        lines = env.temp_data.setdefault("longform_key_lines", {})
        for name in names:
            lines.setdefault(BODY_LINE_KEY + _key(name), self.lineno)
        return []


def _say_sphinx_tags_owns_the_directive(app: Sphinx, config: Any) -> None:
    catalogue.warn(
        "sphinx-tags is loaded as well as Longform: its {tags} directive is the one used, so tags written with "
        "it reach sphinx-tags' pages (_tags/) but not Longform's (tags/). Choose one: remove 'sphinx_tags' from "
        "extensions (Longform reads {tags} itself), or tag essays in front matter only",
        subtype="sphinx-tags",
        location=f"{Path(app.confdir, 'conf.py')}:1",
    )


def setup(app: Sphinx) -> None:
    if "sphinx_tags" in app.config.extensions:
        # sphinx-tags is loaded too, and owns {tags}: Longform reads front-matter tags only, and says so once.
        app.connect("config-inited", _say_sphinx_tags_owns_the_directive)
    else:
        app.add_directive("tags", TagsDirective)
    app.add_directive("tag-index", TagIndexDirective)
    views.add_header_part(app, "tags", compute=header_compute, render=header_render)
    views.add_view(app, "tag-index", compute=index_compute, render=index_render, searchable=False)
    views.add_generated(app, "tag-page", pages=pages, emit=emit_page)
    views.add_generated(app, "tag-index-page", pages=generated_index_pages, emit=emit_generated_index)
    views.add_generated(app, "tag-feed", pages=feed_pages, emit=feeds.emit)
    app.connect("env-before-read-docs", _before_read)
    # Before views' env-get-updated (which runs after env-updated anyway) and others' env-updated.
    app.connect("env-updated", _after_read, priority=400)
    app.connect("env-check-consistency", _check)
