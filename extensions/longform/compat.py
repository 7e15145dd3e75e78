"""Every use of Sphinx behaviour that is not a documented API, each in one small, guarded function.

Each shim names the Sphinx versions it was checked against and has a test that
fails when upstream behaviour changes (``tests/test_publishing.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sphinx
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment

#: The Sphinx versions :func:`leave_out` was checked against (inclusive lower bound, exclusive upper).
LEAVE_OUT_TESTED = ((7, 3), (10, 0))


def leave_out_is_tested() -> bool:
    """Whether the running Sphinx is one :func:`leave_out` was checked against."""
    low, high = LEAVE_OUT_TESTED
    return low <= tuple(sphinx.version_info[:2]) < high


def leave_out(
    env: BuildEnvironment,
    docnames: Iterable[str],
    *,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> None:
    """``env-get-outdated``: take ``docnames`` out of this build's documents, as if their files were absent.

    Not public API: it relies on ``env.found_docs`` being the live set of the project's
    documents (``Project.docnames``) and on Sphinx using the very ``added`` / ``changed`` /
    ``removed`` sets it passes to ``env-get-outdated`` afterwards (removed documents are
    purged, added and changed ones read; glob toctrees re-read when either is not empty).
    Checked against Sphinx 7.3 to 9.x.  It fails closed: if a document is still among the
    build's documents afterwards, the build stops rather than publish it.
    """
    names = set(docnames)
    if not names:
        return
    found = env.found_docs
    if isinstance(found, set):
        found.difference_update(names)
    for docname in sorted(names):
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    still = names & set(env.found_docs)
    if still:
        raise ExtensionError(
            f"Longform could not leave the unpublished documents {sorted(still)} out of the build on Sphinx "
            f"{sphinx.__version__} (checked with Sphinx 7.3 to 9.x); "
            "stopping rather than publishing them — build with -D longform_show_drafts=1 for a preview"
        )
