"""What the bench measures, one module per scenario; ``python bench/run.py --sections a,b`` runs some of them.

=================  ==============================================================================
clean              clean builds of every configuration (first size), FULL and BASE at larger sizes
no_change          a rebuild with nothing changed (and the up-to-date start of every edit)
one_edit           one essay changed: a sentence added, a tag replaced, the title changed
page_weight        what Longform adds to a page for a reader
profile            cProfiles of a FULL build, serial and ``-j 2``
parallel           clean builds with ``-j 2``
growth             FULL and BASE at the growth sizes
pull_request       a pull request built from main's cache, as CI does
search             what one search query costs a reader; Pagefind's indexing time
devserver          the dev server: a saved edit until the browser shows it, and the served output's equality
before_after       this commit's Longform against another revision's (``--against``)
peers              Hugo and MkDocs Material beside FULL, BASE and ABLOG: builds, saves served, memory
reader             what issue 28's reader features add: FULL with them against FULL without, BASE beside
=================  ==============================================================================

:data:`SECTIONS` is the order a run goes in; each entry takes the runner (``run.Runner``: the plan, the corpora,
one measured build, the results) and records what it measured in the results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import before_after, clean, devserver, growth, one_edit, parallel, peers, profile, pull_request, reader, search

if TYPE_CHECKING:
    from run import Runner

#: section name (``--sections``) -> what it runs, in the order of a run.
SECTIONS: dict[str, Callable[[Runner], None]] = {
    "main": clean.first_size,
    "incremental": one_edit.first_size,
    "profile": profile.serial,
    "jprofile": profile.parallel,
    "sizes": clean.larger_sizes,
    "growth": growth.run,
    "furo": clean.furo,
    "parallel": parallel.run,
    "pr": pull_request.run,
    "search": search.run,
    "devserver": devserver.run,
    "against": before_after.run,
    "peers": peers.run,
    "reader": reader.run,
}
