"""What is published: drafts and scheduled essays are read and checked, never published.

A page of the catalogue's folders (essays, earlier writing, notes) is *unpublished*
when its front matter says ``draft: true`` or its ``date`` is after the build's
"now" (a *scheduled* essay: published on that day).  Which pages are unpublished is
decided from each file's front-matter block before Sphinx reads anything (:func:`peek`), by the
one front-matter parser (:mod:`longform.core.frontmatter`), whose parse the page's read reuses.

In a published build (``longform_show_drafts`` off) an unpublished page is *checked
but withheld*.  Sphinx reads it like any page, so it gets every warning it will get
on its day — front matter, unknown tags and authors, series, the markup allow-list,
alt text, broken links (its references are resolved, without writing it,
:func:`check_withheld`) — and a pull request's strict build fails on it now, not the
daily build on its publication date.  It is withheld from everything written: the
catalogue (:func:`longform.core.catalogue.essays`) leaves it out of every listing,
feed, tag, author and series page, related essays, backlinks and the search index; a
toctree drops it (:class:`TocTree`, a glob toctree too); a link to it from another
page is its text, without a link (with a warning for a draft; a scheduled essay's
link is expected to go live with it); and before writing, :func:`longform.core.compat.withhold`
takes it out of the documents Sphinx writes, its copied downloads and images, and
what the domains know of it (labels, index entries, ``objects.inv``).  So no file of
the output names it.  Drafts are treated like scheduled essays: a draft is an essay a
contributor is still writing in a pull request, and it becomes published by deleting
one line — the build that publishes it should not be the first to check it.
Previews (``-D longform_show_drafts=1``, ``nox -s serve``) publish every page,
drafts with their badge.

"Now" is ``longform_now`` if set, else the environment variable ``LONGFORM_NOW``
(``YYYY-MM-DD``, for reproducible builds), else today's date in UTC.  It is never
``SOURCE_DATE_EPOCH`` (the last commit's time): a scheduled essay would then never
go live without a commit.

Incremental builds equal clean ones after deletions, renames, drafts toggled and
essays scheduled: each page records the documents and labels it names (toctree
entries, links); when a document appears or disappears (added, deleted, hidden,
published), the pages naming it are read again, so they warn and link exactly as
in a clean build.  An unpublished page is withheld after the environment is saved,
so the saved environment knows it whole: publishing it needs no new read.  Images
and downloads that no page uses any more are deleted from the output (Sphinx copies
them but never removes them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.util import docname_join, url_re

from . import bounds, catalogue, compat, domain, events, frontmatter, log, output, tagcompat, views

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .catalogue import Essay

#: How many lines :func:`peek` reads at most: front matter is at the top.
PEEK_LINES = 400
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DRAFT_LINE = re.compile(r"^draft\s*:\s*['\"]?(true|yes|on)['\"]?\s*(#.*)?$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)
_DATE_LINE = re.compile(r"^date\s*:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


# -- "now" ------------------------------------------------------------------------------


def now(config: Config) -> dt.date:
    """The build's "now": ``longform_now``, else ``$LONGFORM_NOW``, else today (UTC)."""
    for source, value in (
        ("longform_now", config.longform_now),
        ("the environment variable LONGFORM_NOW", os.environ.get("LONGFORM_NOW")),
    ):
        text = str(value or "").strip()
        if not text:
            continue
        day = frontmatter.parse_date(text) if _ISO.match(text) else None
        if day is None:
            raise ConfigError(f"{source} is {text!r}, which is not a date — write it as YYYY-MM-DD, e.g. 2026-05-12")
        return day
    return dt.datetime.now(dt.UTC).date()


def check_now(app: Sphinx, config: Config) -> None:
    """``config-inited``: a bad "now" stops the build at once, with what to write."""
    now(config)


# -- reading a front-matter block before Sphinx reads the page ---------------------------------


def _head(path: Path) -> str | None:
    """The first lines of a file up to its front matter's closing line (at most :data:`PEEK_LINES`, never the
    body), or None when it opens no front matter; :func:`longform.core.frontmatter.find_block` finds the block."""
    lines: list[str] = []
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                lines.append(line)
                if len(lines) == 1 and not frontmatter.is_delimiter(line):
                    return None
                if len(lines) > PEEK_LINES or (len(lines) > 1 and frontmatter.is_delimiter(line)):
                    break
    except OSError:
        return None
    return "".join(lines) or None


def _heading(path: Path, *, after: int) -> str | None:
    """The first '# Heading' after line ``after`` (only for unpublished pages: their title in a link's text)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if number > after + PEEK_LINES:
                    break
                match = _HEADING.match(line) if number > after else None
                if match:
                    return " ".join(match[1].split())
    except OSError:
        return None
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class Peeked:
    """What the publishing scan reads of a page before Sphinx does: its typed front matter, each key's line, and
    whether it is a draft (failing closed: a ``draft`` value that does not clearly say no keeps it a draft)."""

    front_matter: frontmatter.FrontMatter
    lines: dict[str, int]
    draft: bool


def peek(path: Path, cache: dict[str, Any] | None = None) -> Peeked | None:
    """The front matter of the file at ``path`` (None without a block), parsed by the one parser — into ``cache``
    (:attr:`longform.core.domain.Index.front_matter`), so that reading the page later parses nothing again.

    A block that gives nothing to read (not YAML, never closed, or refused by the bounds) is read line by line for
    ``draft:`` and ``date:`` only: a broken block never publishes a draft (the safety rules report the block).
    """
    head = _head(path)
    if head is None:
        return _rst_fields(path)
    parsed = frontmatter.read(bounds.drop_bad_characters(head), cache)
    if parsed is None:
        return None
    if parsed.broken or parsed.refused:
        text = parsed.block.text if parsed.block.closed else head or ""
        date = _DATE_LINE.search(text)
        fm = frontmatter.FrontMatter(date=frontmatter.parse_date(date[1]) if date else None)
        return Peeked(fm, dict(parsed.lines), bool(_DRAFT_LINE.search(text)))
    fm = frontmatter.typed(parsed.data, require=False)
    written = parsed.data.get("draft")
    unclear = written not in (None, "") and any(problem.key == "draft" for problem in fm.problems)
    return Peeked(fm, dict(parsed.lines), fm.draft or unclear)


_RST_FIELD = re.compile(r"^:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?$")


def _rst_fields(path: Path) -> Peeked | None:
    """A reST page's opening field list (its docinfo: ``:draft: true``, ``:date: 2026-05-12``), typed by the same
    table as front matter: a reST essay marked as a draft is withheld as a Markdown one is."""
    if path.suffix != ".rst":
        return None
    found: dict[str, str] = {}
    lines: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                match = _RST_FIELD.match(line.rstrip("\r\n"))
                if not match or number > PEEK_LINES:
                    break
                found[match["key"]] = bounds.drop_bad_characters((match["value"] or "").strip())
                lines[match["key"]] = number
    except OSError:
        return None
    if not found:
        return None
    fm = frontmatter.typed(frontmatter.from_fields(found), require=False)
    unclear = found.get("draft") not in (None, "") and any(problem.key == "draft" for problem in fm.problems)
    return Peeked(fm, lines, fm.draft or unclear)


# -- which pages are unpublished ----------------------------------------------------------


def unpublished(env: BuildEnvironment) -> dict[str, Essay]:
    """This build's unpublished pages (docname -> a small catalogue record; empty in previews)."""
    hidden: dict[str, Essay] = domain.site(env, "hidden")
    return hidden


def _record(env: BuildEnvironment, docname: str, kind: str, found: Peeked) -> Essay:
    fm = found.front_matter
    title = fm.title or _heading(Path(env.doc2path(docname)), after=found.lines.get("__end__", 0))
    return catalogue.Essay(
        docname=docname,
        kind=kind,
        title=title or docname,
        date=fm.date,
        updated=None,
        description="",
        tags=fm.tags,
        series=fm.series,
        part=fm.part,
        draft=found.draft,
        words=0,
        code_blocks=0,
        figures=0,
        minutes=0,
        image=None,
        lines=tuple(sorted(found.lines.items())),
    )


def scan(env: BuildEnvironment) -> dict[str, Essay]:
    """The unpublished pages among the build's documents, decided from their front matter."""
    if env.config.longform_show_drafts:
        return {}
    today = now(env.config)
    cache = domain.index(env).front_matter
    hidden: dict[str, Essay] = {}
    for docname in sorted(env.found_docs):
        kind = catalogue.kind_of(env, docname)
        found = peek(Path(env.doc2path(docname)), cache) if kind is not None else None
        if kind is None or found is None:
            continue
        date = found.front_matter.date
        if found.draft or (date is not None and date > today):
            hidden[docname] = _record(env, docname, kind, found)
    return hidden


# -- what each page names -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Names:
    """The documents and labels one page names: toctree entries (hidden ones too) and links."""

    docs: frozenset[str]
    labels: frozenset[str]
    #: The unpublished pages the page's toctrees name (they drop out; the pages are listed on their day).
    toc: frozenset[str] = frozenset()


def _names(env: BuildEnvironment) -> dict[str, Names]:
    return domain.records(env, "names")


def _link_target(env: BuildEnvironment, docname: str, node: addnodes.pending_xref) -> tuple[str | None, str | None]:
    """(document, label) that a cross-reference names, as far as either can be told."""
    target = str(node.get("reftarget", ""))
    domain, kind = node.get("refdomain"), node.get("reftype")
    if kind == "doc" and domain == "std":
        return docname_join(node.get("refdoc") or docname, target), None
    if kind == "myst" and domain == "doc":
        return target, None
    if kind == "myst":
        path = target.split("#", 1)[0]
        named = None
        if path and "://" not in path:
            _rel, absolute = env.relfn2path(path, docname)
            named = env.path2doc(absolute)
        return named, target.lower()
    if domain == "std" and kind in ("ref", "numref", "keyword"):
        return None, target.lower()
    return None, None


def _shown_text(node: addnodes.pending_xref, target: str, hidden: dict[str, Essay]) -> nodes.Node:
    """What a link to an unpublished page becomes: its text, or, when it had none of its own, the target as the
    link's author wrote it — never the unpublished page's title, which is not published before its day."""
    if node.get("refexplicit") or not node.children:
        return nodes.inline("", node.astext(), classes=["longform-unpublished-link"])
    written = str(node.get("reftarget", "") or target)
    return nodes.inline("", written, classes=["longform-unpublished-link"])


def record_names(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember what this page names; links to unpublished pages become text."""
    env = app.env
    docname = env.docname
    hidden = unpublished(env)
    docs: set[str] = set()
    labels: set[str] = set()
    toc: set[str] = set()
    for toctree in doctree.findall(addnodes.toctree):
        docs.update(toctree.get("includefiles", ()))
        toc.update(toctree.get("longform_unpublished", ()))
        docs.update(toctree.get("longform_left_out", ()))
    docs |= toc
    for node in list(doctree.findall(addnodes.pending_xref)):
        target, label = _link_target(env, docname, node)
        if target:
            docs.add(target)
        if label:
            labels.add(label)
        if target in hidden and target != docname:
            if hidden[target].draft:
                log.warn(
                    f"this links to '{target}', a draft: the published site shows the link's text without a link — "
                    "publish it (remove 'draft: true') or remove the link",
                    subtype="link-to-draft",
                    location=(docname, log.line_of(node)),
                )
            node.replace_self(_shown_text(node, target, hidden))
    _names(env)[docname] = Names(frozenset(docs), frozenset(labels), frozenset(toc))
    if docname in hidden:
        domain.records(env, "checked")[docname] = domain.site(env, "build")


# -- toctrees ---------------------------------------------------------------------------------


class TocTree(compat.SphinxTocTree):
    """Sphinx's toctree, whose entries naming unpublished or oversized pages drop out silently, and whose entries naming
    generated tag pages (sphinx-tags' ``_tags/tagsindex``) become a ``tag-toctree`` view after it."""

    def run(self) -> list[nodes.Node]:
        self.generated_entries: list[tuple[str | None, str]] = []
        result = super().run()
        if self.generated_entries:
            node = views.make_placeholder(
                "tag-toctree", {"entries": tuple(self.generated_entries), "line": self.lineno}
            )
            node.line = self.lineno
            result.append(node)
        return result

    def parse_content(self, toctree: addnodes.toctree) -> None:
        current = self.env.docname  # Sphinx 8.1 has no env.current_document (8.2+)
        generated: list[tuple[str | None, str]] = []
        kept: list[str] = []
        items: list[tuple[str, int]] = []
        oversized = set(domain.site(self.env, "oversized"))
        left_out: list[str] = []
        for (source, offset), entry in zip(self.content.items, self.content.data, strict=True):
            if oversized and (named_out := self._names_one_of(entry, current, oversized)):
                left_out.append(named_out)
                continue  # a page left out for its size: its own warning says so
            named = self._names_generated(entry, current)
            if named is not None:
                generated.append(named)
                continue
            kept.append(entry)
            items.append((source, offset))
        if generated or len(kept) != len(self.content.data):
            self.content = StringList(kept, items=items)
        super().parse_content(toctree)
        hidden = unpublished(self.env)
        dropped = [ref for _title, ref in toctree["entries"] if ref in hidden]
        if dropped:
            toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if ref not in hidden]
            toctree["includefiles"] = [name for name in toctree["includefiles"] if name not in hidden]
        toctree["longform_unpublished"] = list(dict.fromkeys(dropped))
        toctree["longform_left_out"] = left_out  # still named: this page is read again when one comes back
        self.generated_entries = generated

    def _names_one_of(self, entry: str, current: str, docnames: set[str]) -> str | None:
        """The one of ``docnames`` (pages left out of the build) the entry names, or None."""
        entry = entry.strip()
        if not entry or url_re.match(entry) is not None:
            return None
        _title, ref = compat.toctree_entry(entry)
        docname = docname_join(current, ref.strip())
        return docname if docname in docnames else None

    def _names_generated(self, entry: str, current: str) -> tuple[str | None, str] | None:
        """(title or None, page name) for an entry naming a generated tag page (sphinx-tags'
        ``_tags/tagsindex``), which Sphinx would call a nonexisting document: the tags feature links it."""
        entry = entry.strip()
        if not entry or url_re.match(entry) is not None:
            return None
        title, ref = compat.toctree_entry(entry)
        docname = docname_join(current, ref.strip())
        if docname in self.env.found_docs or not tagcompat.names_generated(self.config, docname):
            return None
        return (title, docname)


# -- deciding what to read again ----------------------------------------------------------


def _labels_of(env: BuildEnvironment, docnames: set[str]) -> set[str]:
    """The labels (``(label)=`` targets, section anchors) that ``docnames`` define."""
    std = env.domains.standard_domain
    found: set[str] = set()
    for store in (std.labels, std.anonlabels):
        found.update(name.lower() for name, value in store.items() if value and value[0] in docnames)
    return found


def get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: decide which pages are unpublished; re-read the pages that name what came or
    went (they drop or show a toctree entry, a link or its text)."""
    previous = set(unpublished(env))
    hidden = scan(env)
    domain.set_site(env, "hidden", hidden)
    domain.set_site(env, "build", int(domain.site(env, "build")) + 1)
    came_or_went = added | removed | (previous ^ set(hidden))
    gone_labels = _labels_of(env, removed)
    naming = {
        docname
        for docname, names in _names(env).items()
        if docname not in removed and (names.docs & came_or_went or names.labels & gone_labels)
    }
    return sorted(naming)


def listed_on_their_day(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (before the catalogue's hint): an unpublished page that a toctree names is listed
    on its day, so neither Longform nor Sphinx says it is in no toctree (a page no toctree names still
    hears it, as it would on its day).  Decided again every build, so incremental equals clean."""
    hidden = unpublished(env)
    named = set().union(*(names.toc for names in _names(env).values() if names.toc)) if hidden else set()
    for docname, metadata in env.metadata.items():
        if metadata.get("longform_listed_on_its_day") and docname not in (named & set(hidden)):
            metadata.pop("longform_listed_on_its_day")
            metadata.pop("orphan", None)
    for docname in sorted(named & set(hidden) & set(env.all_docs)):
        metadata = env.metadata.setdefault(docname, {})
        if "orphan" not in metadata or metadata.get("longform_hinted"):  # not the author's own 'orphan: true'
            metadata.pop("longform_hinted", None)  # an earlier build's "in no toctree" no longer holds
            metadata["orphan"] = True
            metadata["longform_listed_on_its_day"] = True


def check_withheld(app: Sphinx, builder: Any) -> None:
    """``write-started``: resolve the references of the unpublished pages read in this build (their broken
    links warn now, as on their day), then withhold every unpublished page from what is written."""
    env = app.env
    hidden = set(unpublished(env)) & set(env.all_docs)
    build = domain.site(env, "build")
    checked = domain.records(env, "checked")
    for docname in sorted(hidden):
        if checked.get(docname) == build:
            compat.resolve_without_writing(env, builder, docname)
    index = domain.index(env)
    warm = index.get(WARM) is True
    taken = compat.withhold(env, builder, hidden, keep=domain.NAME, record=warm)
    if warm:
        index.put(WITHHELD, taken)


#: Set by ``longform serve`` on the application it keeps in memory: withholding records what it takes out of the
#: live environment (:data:`WITHHELD`), and :func:`restore_withheld` puts it back before the next build.
WARM: domain.Slot[bool] = domain.Slot("publishing-warm", across_builds=True)
#: What this build's withholding took out of the live environment (``compat.withhold``'s record).
WITHHELD: domain.Slot[Any] = domain.Slot("publishing-withheld", across_builds=True)


def keep_warm(env: BuildEnvironment) -> None:
    """For ``longform serve``: record what withholding takes, so :func:`restore_withheld` can put it back."""
    domain.index(env).put(WARM, True)


def restore_withheld(env: BuildEnvironment) -> None:
    """Before a warm server's next build (and before it pickles the environment): the unpublished documents back
    in the live environment, as Sphinx's pickle has them (``compat.restore_withheld``)."""
    compat.restore_withheld(env, domain.index(env).pop(WITHHELD))


def _targets(env: BuildEnvironment) -> tuple[dict[str, str], dict[str, Any]]:
    """What links show of their targets: each document's title, each label's place and section title."""
    titles = {docname: node.astext() for docname, node in env.titles.items() if docname in env.all_docs}
    std = env.domains.standard_domain
    labels = {name.lower(): tuple(value) for name, value in std.labels.items()}
    return titles, labels


def stale_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages linking to a document or label whose title (or place) changed.

    A link without text of its own (``{doc}`page```, ``{ref}`label```) shows its target's title;
    Sphinx rewrites the retitled page, not the pages that link to it.
    """
    titles, labels = _targets(env)
    seen: tuple[dict[str, str], dict[str, Any]] | None = domain.site(env, "link_targets")
    domain.set_site(env, "link_targets", (titles, labels))
    if seen is None:
        return []
    old_titles, old_labels = seen
    docs = {d for d in old_titles.keys() | titles.keys() if old_titles.get(d) != titles.get(d)}
    names = {n for n in old_labels.keys() | labels.keys() if old_labels.get(n) != labels.get(n)}
    if not docs and not names:
        return []
    return sorted(
        docname
        for docname, named in _names(env).items()
        if docname in env.all_docs and (named.docs & docs or named.labels & names)
    )


# -- images and downloads nobody uses any more ---------------------------------------------------


def _assets(env: BuildEnvironment) -> set[str]:
    """The images and downloads published pages use (those of unpublished pages are withheld)."""
    hidden = unpublished(env)
    images = {f"_images/{unique}" for docs, unique in env.images.values() if set(docs) - hidden.keys()}
    downloads = {
        f"_downloads/{Path(str(dest)).as_posix()}" for docs, dest in env.dlfiles.values() if set(docs) - hidden.keys()
    }
    return images | downloads


def note_stale_assets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: which copied images and downloads of the last build no page uses now.

    Also deletes any page an earlier build wrote for a page unpublished now (even when that
    build's environment is gone, ``-E``): a draft's URL is the 404 page.
    """
    if getattr(app.builder, "format", "") != "html":
        return []
    output.delete_pages(app, set(unpublished(env)))
    key = str(Path(app.outdir).resolve())
    store: dict[str, set[str]] = domain.site(env, "assets")
    current = _assets(env)
    domain.index(env).stale_assets = sorted(store.get(key, set()) - current)
    domain.set_site(env, "assets", {**store, key: current})
    return []


def delete_stale_assets(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: delete them (files Sphinx copied itself, inside the output folder only)."""
    index = domain.index(app.env)
    stale, index.stale_assets = index.stale_assets, []
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    outdir = Path(app.outdir).resolve()
    for relpath in stale:
        target = (outdir / relpath).resolve()
        if not target.is_relative_to(outdir) or not target.is_file():
            continue
        target.unlink()
        folder = target.parent
        if (
            folder != outdir / "_downloads"
            and folder.is_relative_to(outdir / "_downloads")
            and not any(folder.iterdir())
        ):
            folder.rmdir()


def withhold_from_outdated(app: Sphinx) -> None:
    """``builder-inited``: an unpublished page has no output file, so the builder would call it out of date on
    every build and write the site's indices again; what is written is decided by the pages read, not by it."""
    compat.skip_when_outdated(app.builder, lambda: set(unpublished(app.env)))


def setup(app: Sphinx) -> None:
    app.add_directive("toctree", TocTree, override=True)
    events.connect(app, "builder-inited", withhold_from_outdated)
    events.connect(app, "config-inited", check_now)
    events.connect(app, "env-get-outdated", get_outdated)
    events.connect(app, "doctree-read", record_names)
    events.connect(app, "env-get-updated", stale_links)
    events.connect(app, "env-get-updated", note_stale_assets)
    events.connect(app, "build-finished", delete_stale_assets)
    events.connect(app, "env-updated", listed_on_their_day)
    events.connect(app, "write-started", check_withheld)
