"""Series parts: ``series.yaml`` (loaded once per build) and which essays are which part of a series.

The series feature shows them (the header's "Part 2 of 4", the footer's next part, the series pages
and feeds); listings read the known series to check ``{essay-list}``'s ``:series:``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from . import bounds, catalogue, domain, publishing, safety, vocabulary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalogue import Essay

#: Folder of the generated series pages (``series/<slug>.html``, ``series/index.html``).
FOLDER = "series"


# -- the vocabulary, loaded once per build --------------------------------------------


def load_vocabulary(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: (re)load ``series.yaml`` once per build, before any view needs it.

    Emitted on every build, even when no source changed, so an edit of the
    vocabulary alone reaches every page that shows a series title.
    """
    relpath = app.config.longform_series_file
    vocabulary.loaded(env)["series"] = vocabulary.load(app, relpath, what="series")
    domain.index(env).put(BROKEN, _unreadable(Path(app.srcdir, relpath)))


#: Whether ``series.yaml`` exists but does not load (a lasting slot: loaded before reading, like the vocabulary).
BROKEN: domain.Slot[bool] = domain.Slot("series-broken", lasting=True)


def vocabulary_broken(env: BuildEnvironment) -> bool:
    """Whether this build's ``series.yaml`` exists but did not load (its problem is warned once, at loading)."""
    return domain.index(env).get(BROKEN) is True


def _unreadable(path: Path) -> bool:
    """Whether the vocabulary file exists but is not a YAML mapping (``vocabulary.load`` has warned)."""
    if not path.is_file():
        return False
    try:
        result = bounds.load_yaml(
            bounds.drop_bad_characters(path.read_text(encoding="utf-8")),
            what="series",
            max_bytes=safety.MAX_VOCABULARY_BYTES,
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True
    return result.refused or (result.data is not None and not isinstance(result.data, dict))


def terms(env: BuildEnvironment) -> dict[str, vocabulary.Term]:
    """Known series: slug -> :class:`~longform.core.vocabulary.Term`."""
    vocab = vocabulary.loaded(env).get("series")
    return vocab.by_slug() if vocab is not None else {}


# -- membership -------------------------------------------------------------------------


def _order(essay: Essay) -> tuple[int, str]:
    return (essay.part or 0, essay.docname)


def declared(env: BuildEnvironment, *, unpublished: bool = False) -> dict[str, list[Essay]]:
    """Every catalogue entry that names a series (drafts too), by series slug, in part order.

    With ``unpublished``, also the drafts and scheduled essays a published build leaves out
    (for the checks: an author writing part 3 as a draft has no gap).
    """
    groups: dict[str, list[Essay]] = {}
    entries = list(catalogue.essays(env).values())
    if unpublished:
        # Read and checked like the rest (the full record); the small one when the page was refused.
        read = catalogue.records(env)
        entries += [read.get(docname, essay) for docname, essay in publishing.unpublished(env).items()]
    for essay in entries:
        if essay.series is not None:
            groups.setdefault(essay.series, []).append(essay)
    return {slug: sorted(group, key=_order) for slug, group in groups.items()}


def members(env: BuildEnvironment, slug: str) -> list[Essay]:
    """The parts readers see: known series, a part number, listed (drafts only in previews)."""
    if slug not in terms(env):
        return []
    show_drafts = env.config.longform_show_drafts
    return [
        essay for essay in declared(env).get(slug, ()) if essay.part is not None and (show_drafts or not essay.draft)
    ]
