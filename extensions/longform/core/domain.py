"""Where Longform keeps what it knows: one Sphinx domain, and one index per build.

:class:`LongformDomain` holds every record that outlives a build (it is pickled with the
environment, as Sphinx's own domains are): the per-document records in :data:`PER_DOC`, which
:meth:`~LongformDomain.clear_doc` drops when a page is read again or deleted and
:meth:`~LongformDomain.merge_domaindata` brings back from parallel readers, and the site-wide
bookkeeping in :data:`SITE` (what the last build wrote and fingerprinted).

:class:`Index` is what one build derives from those records (tag resolution, authors, series parts,
paths by essay, related weights, backlinks) plus what the build computes once and reuses (the views'
data, the sidebar tree, relative URLs).  It lives on the domain object, which Sphinx creates afresh
with the environment and never pickles, and it is emptied before reading and after reading
(:func:`forget`), so nothing derived is ever older than the records.  Nothing of Longform's is an
attribute of the application, the environment or a builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from sphinx.domains import Domain

from . import compat, events

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

NAME = "longform"
T = TypeVar("T")

#: Per-document records: docname -> record.  Dropped on re-read or deletion, merged from parallel readers.
PER_DOC = (
    "essays",  # catalogue.Essay: every essay, note and earlier piece
    "placeholders",  # [(view kind, options)]: the views the page shows
    "faces",  # digest of what other pages can show of the page (views.record_face)
    "paths",  # a reading path's definition (steps as written, with lines)
    "curators",  # (curator as written, line): a page's ``curator:``
    "names",  # publishing.Names: the documents and labels a page names
    "checked",  # the build (SITE "build") that last read an unpublished page: its references are resolved then
    "openings",  # an essay's first lines, for its preview card (features.previews)
    "tagged",  # tagging.Tagged: the {tags} of a page that is not an essay or a note
)
#: Site-wide bookkeeping of the last build, with its empty value.
SITE: dict[str, Any] = {
    "hidden": {},  # docname -> small Essay record: the drafts and scheduled pages withheld from this build
    "build": 0,  # counts builds (env-get-outdated), so a page's record can say it was read in this one
    "inputs": None,  # digest of everything views are computed from
    "generated_inputs": None,  # digest of what only generated files show (essays' openings, for previews)
    "view_hashes": None,  # docname -> fingerprint of its views' data
    "generated": {},  # output path -> fingerprint: the generated files written
    "nav_hashes": {},  # docname -> fingerprint of its sidebar
    "link_targets": None,  # (titles, labels) that links without text of their own show
    "assets": {},  # output folder -> copied images and downloads
    "search": "sphinx",  # this build's site search: "pagefind" or "sphinx" (decided at builder-inited)
    "oversized": [],  # pages over longform_max_page_bytes, left out of this build unread (safety.leave_out_oversized)
}


@dataclass(frozen=True)
class Slot(Generic[T]):
    """A typed place in :class:`Index` for what one module derives: the module that owns the data names its slot
    once, with the data's type (``STATE: Slot[TagState] = domain.Slot("tags")``), and reads and writes it with
    :meth:`Index.get` / :meth:`Index.put`, so nothing in the core needs to know (or import) a feature's types.
    Names are unique: the owning module's name, or its feature's."""

    name: str
    #: Kept after reading (``env-updated``) until the next build begins: what is loaded before reading (the
    #: vocabularies), not derived from the records.
    lasting: bool = False
    #: Kept from one build to the next (``longform serve`` builds again in the same process): only for a cache
    #: that holds what it was computed from and checks it before each use.
    across_builds: bool = False


#: One listing's views' data, as kept for the build: (view kind, options, data).
ViewEntry = tuple[str, dict[str, Any], object]


@dataclass
class Index:
    """What one build derives from the domain's records (see the module docstring); every field and slot
    starts empty and is filled on first use by the module that owns it."""

    #: Each owner's derived data, by slot (see :class:`Slot`): the tag and author states, the features' page
    #: data, related-essay weights, backlinks, the sidebar trees, the vocabularies loaded before reading …
    slots: dict[Slot[Any], object] = field(default_factory=dict)
    view_data: dict[str, list[ViewEntry]] | None = None  # docname -> views' data (core.views)
    #: Generated files to write: output path -> (generated kind, its data) (core.views).
    pending: dict[str, tuple[str, object]] = field(default_factory=dict)
    stale_assets: list[str] = field(default_factory=list)
    uris: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (builder, folder, target) -> URL
    #: The catalogue without this build's unpublished pages (catalogue.essays); None: not computed since the
    #: essays records last changed.
    shown: dict[str, Any] | None = None
    #: Front-matter block text -> frontmatter.Parsed: filled by the publishing scan (before reading) and at
    #: source-read, so each block is parsed once per build; kept by :func:`forget`, emptied after reading.
    front_matter: dict[str, Any] = field(default_factory=dict)

    def get(self, slot: Slot[T]) -> T | None:
        """The data in ``slot``, or None when its owner has not computed it in this build."""
        return cast("T | None", self.slots.get(slot))

    def put(self, slot: Slot[T], value: T) -> T:
        """Keep ``value`` in ``slot`` for the rest of the build; returns it."""
        self.slots[slot] = value
        return value

    def pop(self, slot: Slot[T]) -> T | None:
        """Take the data out of ``slot`` (None if empty)."""
        return cast("T | None", self.slots.pop(slot, None))

    def lasting(self) -> Index:
        """A new index holding only the lasting slots (see :attr:`Slot.lasting`)."""
        return Index(slots={slot: value for slot, value in self.slots.items() if slot.lasting or slot.across_builds})

    def next_build(self) -> Index:
        """A new index for the next build: the parsed front matter and the slots kept across builds."""
        kept = {slot: value for slot, value in self.slots.items() if slot.across_builds}
        return Index(slots=kept, front_matter=self.front_matter)


class LongformDomain(Domain):
    """Longform's records (no roles or directives of its own: those are the features')."""

    name = NAME
    label = "Longform"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {**{key: {} for key in PER_DOC}, **SITE}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.index = Index()

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOC:
            self.data[key].pop(docname, None)
        self.index.shown = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOC:
            mine, theirs = self.data[key], otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]
        self.index.shown = None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> None:
        return None

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


def add_to(app: Sphinx) -> None:
    """Register the domain (once: ``longform`` and ``longform.navigation`` alone both need it)."""
    if not compat.has_domain(app, NAME):
        app.add_domain(LongformDomain)
        events.connect(app, "env-before-read-docs", forget)
        events.connect(app, "env-updated", forget_derived)


def of(env: BuildEnvironment) -> LongformDomain:
    """The environment's Longform domain."""
    return env.get_domain(NAME)  # type: ignore[return-value]


def records(env: BuildEnvironment, key: str) -> dict[str, Any]:
    """One store of per-document records (see :data:`PER_DOC`)."""
    store: dict[str, Any] = of(env).data[key]
    return store


def site(env: BuildEnvironment, key: str) -> Any:
    """One value of the last build's bookkeeping (see :data:`SITE`)."""
    return of(env).data[key]


def set_site(env: BuildEnvironment, key: str, value: Any) -> None:
    of(env).data[key] = value


def index(env: BuildEnvironment) -> Index:
    """This build's index (see :class:`Index`)."""
    return of(env).index


def forget(app: Sphinx, env: BuildEnvironment, *args: Any) -> None:
    """``env-before-read-docs``: a new build; nothing derived from the last one's records is kept (the front
    matter the publishing scan parsed at ``env-get-outdated``, just before, is this build's)."""
    of(env).index = of(env).index.next_build()


def forget_derived(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (first of all): every page is read and merged; what is derived from the records
    is computed again on first use.  The lasting slots (the vocabularies, loaded before reading) are kept, and so
    is the parsed front matter: it is keyed by the block's own text, so it stays true, and the next build of an
    application kept in memory (``longform serve``) parses only the blocks that changed (emptied when it holds
    more than twice the pages, so edits never make it grow without end)."""
    index = of(env).index
    kept = index.lasting()
    if len(index.front_matter) <= 2 * len(env.found_docs) + 100:
        kept.front_matter = index.front_matter
    of(env).index = kept
