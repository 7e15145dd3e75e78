"""The catalogue: one typed record per essay, collected while Sphinx reads.

The record is built from the page's typed front matter (:mod:`longform.core.frontmatter`: found, parsed
and typed once per build; the safety rules hand it over at ``source-read``) and from its doctree (title,
reading time, links, a note's commentary).  Every feature (badges, tags, series, paths, listings, feeds) is a view over
the domain's ``essays`` records (:mod:`longform.core.domain`), kept in step with the
sources: :func:`record_essay` adds one on read; the domain drops it when the page
is read again or deleted, and merges it back from parallel readers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join

from . import commentary, compat, domain, frontmatter, readingtime, tagcompat, views
from .log import warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The kinds of page the catalogue knows, and the config value naming their folders.
KINDS = {"essay": "longform_essay_dirs", "archived": "longform_archive_dirs", "note": "longform_note_dirs"}
#: The kinds a term's page (a tag's, an author's) lists and counts as essays; notes get a section of their own.
ESSAY_KINDS = ("essay", "archived")
NOTE_KINDS = ("note",)


@dataclass(frozen=True, slots=True)
class Essay:
    """Everything the site shows about one essay; picklable, immutable."""

    docname: str
    kind: str  # "essay", "archived" (earlier writing) or "note"
    title: str
    date: dt.date | None
    updated: dt.date | None
    description: str
    tags: tuple[str, ...]  # as written; matched against the vocabulary by the tags feature
    series: str | None
    part: int | None
    draft: bool
    words: int
    code_blocks: int
    figures: int
    minutes: int
    image: str | None
    lines: tuple[tuple[str, int], ...]  # front-matter key -> source line, for warnings
    authors: tuple[str, ...] = ()  # author slugs (or free-form names without authors.yaml)
    link: str | None = None  # a note's link: the piece it discusses
    #: A note's whole commentary, as runs of text (:mod:`longform.core.commentary`); empty for other kinds.
    commentary: tuple[tuple[tuple[str, str, str], ...], ...] = ()
    outgoing: tuple[str, ...] = ()  # docnames the text links to (Markdown links, {doc} roles), sorted, not itself
    #: Typed links from the front matter (:mod:`longform.core.typedlinks`): (key, target docname, as written),
    #: in the order written; checked against the catalogue once every page is read.
    typed_links: tuple[tuple[str, str, str], ...] = ()

    def line(self, key: str) -> int:
        """The source line of a front-matter key (1 when unknown)."""
        for name, number in self.lines:
            if name == key:
                return number
        return 1


def records(env: BuildEnvironment) -> dict[str, Essay]:
    """Every catalogue page read in this build, unpublished ones included (drafts and scheduled essays
    are read and checked like the rest): what the checks read — unknown tags, authors, series."""
    return domain.records(env, "essays")


def essays(env: BuildEnvironment) -> dict[str, Essay]:
    """The catalogue: docname -> :class:`Essay`, without this build's unpublished pages (see
    :mod:`longform.core.publishing`): what every page, listing, feed and index shows."""
    store: dict[str, Essay] = domain.records(env, "essays")
    hidden = domain.site(env, "hidden")
    if not hidden:
        return store
    index = domain.index(env)
    if index.shown is None:  # once per change of the records, not once per call (pages ask for it often)
        index.shown = {docname: essay for docname, essay in store.items() if docname not in hidden}
    return index.shown


def published(env: BuildEnvironment, *, kinds: Iterable[str] = ("essay",)) -> list[Essay]:
    """Listed essays of the given kinds (drafts included only in previews), newest first."""
    show_drafts = env.config.longform_show_drafts
    wanted = set(kinds)
    chosen = [e for e in essays(env).values() if e.kind in wanted and (show_drafts or not e.draft)]
    return sorted(chosen, key=sort_key)


def next_on_paths(env: BuildEnvironment, docname: str) -> frozenset[str]:
    """The essays that come right after ``docname`` on a reading path, as readers see the paths: the steps
    the domain's ``paths`` records list (written by the paths feature's directive), keeping only essays of the
    catalogue and drafts only in previews, as the path pages and the essays' "next step" show them.

    Every feature that offers a way on at the end of an essay reads this, so one essay is never offered twice
    (the related essays leave these out); it is computed once per build from the records, so no feature needs
    another's data."""
    index = domain.index(env)
    onward = index.get(ONWARD)
    if onward is None:
        known = essays(env)
        show_drafts = env.config.longform_show_drafts
        found: dict[str, set[str]] = {}
        for pathdoc, definition in sorted(domain.records(env, "paths").items()):
            if pathdoc not in env.all_docs:
                continue
            steps = [
                name
                for name in (str(step.docname) for step in definition.steps)
                if name in known and (show_drafts or not known[name].draft)
            ]
            for here, following in itertools.pairwise(steps):
                if following != here:
                    found.setdefault(here, set()).add(following)
        onward = index.put(ONWARD, {name: frozenset(after) for name, after in found.items()})
    return onward.get(docname, frozenset())


#: essay docname -> the essays right after it on a reading path (:func:`next_on_paths`), once per build.
ONWARD: domain.Slot[dict[str, frozenset[str]]] = domain.Slot("catalogue-onward")


def archive_generated(env: BuildEnvironment) -> bool:
    """Whether this build writes ``archive.html`` itself: no source page claims the address and the site has
    published essays (a new site gets its archive out of the box, as it gets ``tags/index.html``)."""
    return ARCHIVE not in env.all_docs and bool(published(env, kinds=("essay",)))


def smart_quotes(text: str, config: Any) -> str:
    """``text`` with the typography Sphinx gives the title beside it (``smartquotes``, ``smartquotes_action``, the
    site's language): a description shown under "Why ‘we’ll stay flat’ fails" never reads 'we'll stay flat'.
    Listings, feeds and ``<meta name="description">`` all read the catalogue's description, so they agree."""
    if not text or not getattr(config, "smartquotes", True):
        return text
    from docutils.utils import smartquotes

    language = (getattr(config, "language", None) or "en").replace("_", "-")
    known = smartquotes.smartchars.quotes
    if language not in known and language.split("-")[0] not in known:
        return text
    if language not in known:
        language = language.split("-")[0]
    action = str(getattr(config, "smartquotes_action", "qDe"))
    # One text token: a '<' a contributor wrote is a character here (smartyPants would skip it as a tag).
    return "".join(smartquotes.educate_tokens([("text", text)], attr=action, language=language))


def sort_key(essay: Essay) -> tuple[Any, ...]:
    """Newest first; undated essays last; ties broken by title then docname."""
    return (essay.date is None, -(essay.date.toordinal() if essay.date else 0), essay.title.lower(), essay.docname)


#: The folders of the pages Longform generates (tagging.FOLDER, people.FOLDER, parts.FOLDER: those modules import
#: this one, so the names are repeated here; tests/test_layers.py checks they agree with core.addresses.FOLDERS).
GENERATED_FOLDERS = frozenset({tagcompat.LONGFORM_FOLDER, "authors", "series"})

#: A catalogue folder named ``"."`` is the source folder itself (posts at the root, as ``ablog start`` makes them).
SOURCE_ROOT = "."
#: Topic pages live in this folder (``topics/<name>.md``): never essays, even when essays sit at the root.
TOPICS_FOLDER = "topics"
#: The archive's address (``archive.html``): a source page there wins; without one Longform generates it.
ARCHIVE = "archive"
#: Pages at the root that are the site's own, not essays, when essays sit at the root: the archive.
ROOT_PAGES = (ARCHIVE,)


def _folders_of(env: BuildEnvironment) -> list[tuple[str, str]]:
    """(kind, folder) of every catalogue folder, named folders first, ``"."`` (the source root) last."""
    named, root = [], []
    for kind, option in KINDS.items():
        for folder in getattr(env.config, option):
            folder = str(folder).strip()
            if folder == SOURCE_ROOT:
                root.append((kind, folder))
            elif folder.strip("/"):
                named.append((kind, folder.strip("/")))
    return named + root


def _outside_root_catalogue(env: BuildEnvironment, docname: str) -> bool:
    """Whether a page is left out of a ``"."`` catalogue folder: the site's own pages (the archive), the topic
    pages, the pages under the folders Longform generates (tags/, authors/, series/, _tags/) and under
    folders of the source whose name starts with '_' or '.'."""
    if docname in ROOT_PAGES or docname == env.config.root_doc:
        return True
    top = docname.split("/", 1)[0] if "/" in docname else ""
    return bool(top) and (top in GENERATED_FOLDERS or top == TOPICS_FOLDER or top.startswith(("_", ".")))


def kind_of(env: BuildEnvironment, docname: str) -> str | None:
    """Which kind of catalogue page ``docname`` is, or None for other pages.

    A folder named ``"."`` is every page of the source folder but the index pages, the pages of the other
    catalogue folders (named folders win), the topic pages, the archive and the folders Longform generates.
    """
    if docname.rsplit("/", 1)[-1] == "index":
        return None
    for kind, folder in _folders_of(env):
        if folder == SOURCE_ROOT:
            return None if _outside_root_catalogue(env, docname) else kind
        if docname.startswith(folder + "/"):
            return kind
    return None


def _first_title(doctree: nodes.document) -> nodes.title | None:
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is not None:
            return title
        break
    return None


def ensure_title(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx's collectors): give an untitled essay a title.

    Without one, Sphinx repeats "toctree contains reference to document ... that
    doesn't have a title" wherever it is listed; the essay still gets its own
    located "no '# Heading'" warning from the catalogue.
    """
    env = app.env
    if kind_of(env, env.docname) is None or _first_title(doctree) is not None:
        return
    written = front_matter(env, env.docname, "essay").title
    text = written or env.docname.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    section = nodes.section("", ids=["longform-untitled"], names=["longform-untitled"])
    section += nodes.title("", text)
    section.extend(child for child in list(doctree.children) if not isinstance(child, nodes.docinfo))
    doctree.children = [child for child in doctree.children if isinstance(child, nodes.docinfo)]
    doctree += section
    doctree["longform_untitled"] = True


def quiet_myst_topmatter(app: Sphinx, config: Any) -> None:
    """``config-inited``: front-matter syntax errors are reported by Longform, with the
    parser's message and line, instead of MyST's bare "Malformed YAML"."""
    if "myst.topmatter" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def outgoing_links(doctree: nodes.document, docname: str) -> tuple[str, ...]:
    """The pages ``doctree``'s text links to: MyST links to documents and ``{doc}`` roles, read from the
    ``pending_xref`` nodes they leave (resolved later by Sphinx), without the page itself.

    Reading-path steps and toctrees leave no ``pending_xref``: they are not links of the text.
    """
    found: set[str] = set()
    for node in doctree.findall(addnodes.pending_xref):
        target = str(node.get("reftarget") or "")
        domain, kind = node.get("refdomain"), node.get("reftype")
        linked = None
        if domain == "doc" and kind == "myst":  # [text](other.md): MyST gives the docname itself
            linked = target
        elif domain == "std" and kind == "doc":  # {doc}`other`: relative to the page, as Sphinx resolves it
            linked = docname_join(str(node.get("refdoc") or docname), target)
        if linked == docname and not node.get("reftargetid") and "#" not in target:
            warn(
                "this links to the page itself — link to a section with '#<heading>', or to another essay",
                subtype="self-link",
                location=node,
            )
        elif linked and linked != docname:  # a link to one of its own sections is not a backlink
            found.add(linked)
    found.discard("")
    return tuple(sorted(found))


#: The front-matter keys of typed links, strongest first (an essay named under two keys keeps the first).
TYPED_KEYS = ("supersedes", "responds_to", "builds_on")


def typed_links(docname: str, fm: frontmatter.FrontMatter) -> tuple[tuple[str, str, str], ...]:
    """The page's typed links as (key, target docname, as written): each target resolved as a toctree entry is
    (relative to the page, or from the source folder when it starts with '/'); the keys strongest first
    (:data:`TYPED_KEYS`), each key's targets in the order written."""
    found: list[tuple[str, str, str]] = []
    for key in TYPED_KEYS:
        for written in getattr(fm, key):
            found.append((key, docname_join(docname, written), written))
    return tuple(found)


def check_folders(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: essay folders that hold no page are one warning saying what to set."""
    folders = [str(folder).strip() for folder in env.config.longform_essay_dirs]
    if tagcompat.active(env.config):
        return  # a sphinx-tags site is documentation: it need not hold essays (the guide says how to add them)
    if any(kind_of(env, doc) == "essay" for doc in env.found_docs):
        return
    shown = ", ".join("the source folder" if f == SOURCE_ROOT else f"'{f.strip('/')}/'" for f in folders) or "none"
    warn(
        f"no page is in the essay folders ({shown}, from longform_essay_dirs), so the site lists no essay — put "
        "the essays there, or name their folder in conf.py, e.g. longform_essay_dirs = ['posts']",
        subtype="no-essays",
        location=f"{Path(app.confdir, 'conf.py')}:1",
    )


def hint_not_included(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (before Sphinx's consistency check): an essay in no toctree gets Longform's hint
    — which page to list it on — instead of Sphinx's bare "document isn't included in any toctree"."""
    included = set().union(*env.included.values()) if env.included else set()
    every = records(env)  # unpublished pages too: they hear it now, as on their day
    listing_pages = topic_pages_of(env, every)
    for docname, essay in sorted(every.items()):
        if essay.kind != "essay" or docname in env.files_to_rebuild or docname in included:
            continue
        metadata = env.metadata.setdefault(docname, {})
        if "orphan" in metadata and not metadata.get("longform_hinted"):
            continue  # orphan on purpose
        suggestion = _best_listing_page(env, essay, listing_pages)
        where = (
            f"add '/{docname}' to the toctree of {env.doc2path(suggestion, False)} (its essays share this one's tags)"
            if suggestion
            else "add it to the toctree of a topic page (e.g. docs/topics/<topic>.md)"
        )
        warn(
            f"the essay is in no topic's toctree, so readers cannot reach it from the navigation — {where}",
            subtype="not-in-topic",
            location=(docname, 1),
        )
        metadata["orphan"] = True  # said once, here; Sphinx's toc.not_included would repeat it without the hint
        metadata["longform_hinted"] = True


def topic_pages_of(env: BuildEnvironment, every: dict[str, Essay]) -> dict[str, set[str]]:
    """The pages an essay can be listed on, with the essays their toctrees list: the topic pages
    (``topics/<name>``) whose toctree lists essays; on a site without such a page (a new one: the index lists its
    essays), any page whose toctree lists essays.  Never a page listing only earlier writing or notes (the
    archive's hidden toctree, ``notes/index``): the hint proposes where the essay's own topic is."""
    listing: dict[str, set[str]] = {}
    for page, entries in env.toctree_includes.items():
        members = {entry for entry in entries if entry in every and every[entry].kind == "essay"}
        if members:
            listing[page] = members
    topics = {page: members for page, members in listing.items() if _in_topics_folder(page)}
    return topics or listing


def _in_topics_folder(docname: str) -> bool:
    folder, _, name = docname.partition("/")
    return folder == TOPICS_FOLDER and bool(name) and "/" not in name and name != "index"


def _best_listing_page(env: BuildEnvironment, essay: Essay, pages: dict[str, set[str]]) -> str | None:
    wanted = {tag.lower() for tag in essay.tags}
    best, score = None, 0
    for page, members in sorted(pages.items()):
        shared = sum(len(wanted & {t.lower() for t in records(env)[m].tags}) for m in members)
        if shared > score:
            best, score = page, shared
    return best or (min(pages) if pages else None)


def _insert_placeholders(doctree: nodes.document, title_node: nodes.title | None) -> None:
    """Leave the essay header under the title and the footer at the end of the page."""
    header = views.make_placeholder("essay-header")
    footer = views.make_placeholder("essay-footer")
    if title_node is not None and isinstance(title_node.parent, nodes.section):
        section = title_node.parent
        section.insert(section.index(title_node) + 1, header)
        section.append(footer)
    else:
        doctree.insert(0, header)
        doctree.append(footer)


def front_matter(env: BuildEnvironment, docname: str, kind: str) -> frontmatter.FrontMatter:
    """The typed front matter of the page being read: a Markdown page's, typed once at ``source-read`` from its
    parsed block (:func:`longform.core.safety.check_source`); a reST page's fields or a notebook's metadata,
    typed by the same table from the text they are."""
    found = compat.page_value(env, "longform_front_matter")
    if isinstance(found, frontmatter.FrontMatter):
        return found
    fields = frontmatter.from_fields(env.metadata.get(docname, {}))
    return frontmatter.typed(fields, require=kind != "note", text_lists=True)


def _check_note_date(docname: str, fm: frontmatter.FrontMatter, lines: dict[str, int]) -> None:
    """A note needs at least a ``date`` (its place in the notes listing and feed), like an essay."""
    if "date" in fm.given:
        return
    if not lines:
        message = (
            "the note has no front matter — start the file with three lines: '---', 'date: YYYY-MM-DD', '---' "
            "(until then it is left out of the notes feed)"
        )
    else:
        message = "no 'date' in the front matter — add 'date: YYYY-MM-DD' (until then it is left out of the notes feed)"
    warn(message, subtype="missing-date", location=(docname, 1))


def _warn_problems(docname: str, fm: frontmatter.FrontMatter, lines: dict[str, int], body_tags: bool) -> None:
    """Each problem of the typed front matter, once, at its key's line."""
    for problem in fm.problems:
        if problem.subtype == "missing-tags" and body_tags:
            continue  # tagged the sphinx-tags way, with a {tags} directive in the body
        warn(problem.message, subtype=problem.subtype, location=(docname, problem.line or lines.get(problem.key, 1)))


def _with_body_tags(
    docname: str, fm: frontmatter.FrontMatter, body_tags: tuple[str, ...], lines: dict[str, int]
) -> tuple[str, ...]:
    """The front matter's tags and then the ``{tags}`` directive's, under one cap."""
    tags = list(fm.tags)
    for extra in body_tags:
        if extra.lower() not in (t.lower() for t in tags):
            tags.append(extra)
    if len(tags) > frontmatter.MAX_TAGS and body_tags:
        # The {tags} directive's names count against the same cap as front matter's: an essay with
        # 1,000 tags would put 1,000 badges on every listing that shows it, and make 1,000 pages.
        warn(
            f"{len(tags)} tags — give at most {frontmatter.MAX_TAGS}; the first {frontmatter.MAX_TAGS} are kept",
            subtype="too-many-tags",
            location=(
                docname,
                lines.get("tags") or min((line for key, line in lines.items() if key.startswith("{tags}:")), default=1),
            ),
        )
    return tuple(tags[: frontmatter.MAX_TAGS])


def _title(
    docname: str, doctree: nodes.document, fm: frontmatter.FrontMatter, lines: dict[str, int], *, empty: bool
) -> str:
    """The essay's title (its front matter's, else its first heading); a missing heading warns once."""
    title_node = _first_title(doctree)
    untitled = doctree.get("longform_untitled", False) or title_node is None
    if untitled and not empty:
        warn(
            "the essay has no '# Heading' — start the body with a level-1 heading, its title",
            subtype="missing-title",
            location=(docname, lines.get("__end__", 0) + 1 if lines else 1),
        )
    title = fm.title or (title_node.astext() if title_node is not None else "") or docname
    return " ".join(title.split())


def record_essay(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the page's :class:`Essay` record, for every essay, note and earlier piece, from its
    typed front matter (:func:`front_matter`) and its doctree (dropped on re-read and merged from parallel
    readers by the domain)."""
    env = app.env
    docname = env.docname
    kind = kind_of(env, docname)
    if kind is None:
        return
    if compat.page_value(env, "longform_refused") or compat.page_value(env, "longform_yaml_refused"):
        return  # refused by the safety rules, which have warned once
    lines = cast("dict[str, int]", compat.page_value(env, "longform_key_lines") or {})
    block = compat.page_value(env, "longform_block")  # "empty" or "broken": warned once, by the safety rules
    fm = front_matter(env, docname, kind)
    if kind == "note" and block is None:
        _check_note_date(docname, fm, lines)
    body_tags = tuple(cast("Iterable[str]", compat.page_value(env, "longform_body_tags") or ()))
    _warn_problems(docname, fm, lines, bool(body_tags))
    title = _title(docname, doctree, fm, lines, empty=block == "empty")
    tags = _with_body_tags(docname, fm, body_tags, lines)
    config = env.config
    stats = readingtime.measure(doctree)
    minutes = fm.reading_time or readingtime.minutes(
        stats,
        words_per_minute=config.longform_words_per_minute,
        code_block_seconds=config.longform_code_block_seconds,
        figure_seconds=config.longform_figure_seconds,
    )
    title_node = _first_title(doctree)
    body = title_node.parent if title_node is not None else doctree
    text = commentary.extract(body) if kind == "note" else ()
    outgoing = outgoing_links(doctree, docname)
    _insert_placeholders(doctree, title_node)
    domain.index(env).shown = None
    records(env)[docname] = Essay(
        docname=docname,
        kind=kind,
        title=title,
        date=fm.date,
        updated=fm.updated,
        description=smart_quotes(fm.description, env.config),
        tags=tags,
        series=fm.series,
        part=fm.part,
        draft=fm.draft,
        words=stats.words,
        code_blocks=stats.code_blocks,
        figures=stats.figures,
        minutes=minutes,
        authors=fm.authors,
        link=fm.link,
        commentary=text,
        image=fm.image,
        lines=tuple(sorted(lines.items())),
        outgoing=outgoing,
        typed_links=typed_links(docname, fm),
    )
