"""Search that stays small: Pagefind's chunked index instead of Sphinx's whole ``searchindex.js``.

Sphinx's search page downloads the whole index before the first result (1.65 MB at 1,000 essays)
and then the full HTML of each result page for its snippet.  Pagefind (``pip install
'sphinx-longform[search]'``, which brings its binary) splits the index into chunks: a query fetches
the chunks holding its words and one small fragment per shown result.

``longform_search`` chooses: ``"auto"`` (the default) uses Pagefind when it is installed and Sphinx's
search otherwise, saying so in one info line (never a warning: an adopting site's strict build must
not fail for an optional tool); ``"pagefind"`` requires it (missing, or failing, is a
``longform.search`` warning, and Sphinx's search stays); ``"sphinx"`` never uses it.

What is indexed: only the essays', archived essays' and notes' own text.  At ``html-page-context``
the body of each such page is wrapped in ``<div data-pagefind-body>``; once one page of a site has
that attribute, Pagefind indexes only those pages, so listings, tag pages, the front page and the
reference are left out.  Inside the body, everything Longform marks with Sphinx's ``no-search``
class (the essay header and footer, banners, listings: see ``core/views.py``'s ``resolve``) and the
headings' pilcrows are excluded with Pagefind's ``--exclude-selectors`` — the same meaning as
``data-pagefind-ignore="all"``, without touching those elements.  The date is metadata and a sort
key; tags are not filters (see :func:`mark`).

Why in ``html-page-context`` and not by rewriting the written pages: the page's body is one string
there, whatever the theme, and what is added is in the written file, so an incremental build (which
writes only changed pages) keeps every unchanged page marked; the templates differ by theme.

After the build (``build-finished``, html and dirhtml builders, no exception) Pagefind indexes the
output folder into ``_pagefind/`` (only the files that changed are written: :func:`run_pagefind`;
Pagefind's ready-made UIs, unused here, are left out),
and only then is the written search page switched over: its three Sphinx search scripts
(``searchtools.js``, ``language_data.js``, ``searchindex.js``) get ``type="text/plain"`` (kept, not
fetched) and ``longform-pagefind.js`` answers the ``?q=`` that the theme's search box sends.  That
script falls back to Sphinx's search (it re-inserts the held scripts) when Pagefind's bundle cannot
be loaded, e.g. from ``file://``.  The search page is written by every build, so this is redone
each time; if indexing fails the page keeps Sphinx's search.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core import catalogue, domain, log

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Where the index goes, inside the output folder.
BUNDLE = "_pagefind"
#: The search page's script (in ``static/``).
SCRIPT = "longform-pagefind.js"
#: What Pagefind leaves out of a marked body: Longform's views that are not the page's text, and pilcrows.
EXCLUDE = (".no-search", ".headerlink")
#: What Pagefind writes that the search page never loads (its ready-made UIs): removed after indexing.
UNUSED = ("pagefind-ui.*", "pagefind-*-ui.*", "pagefind-highlight.js")
#: Sphinx's search scripts on the written search page (``src`` relative, with or without ``?v=``).
SPHINX_SCRIPTS = re.compile(
    r'<script(?=[^>]*\bsrc="[^"]*(?:searchtools|language_data|searchindex)\.js(?:\?[^"]*)?")(?![^>]*\btype=)'
)
HOLD = '<script type="text/plain" data-longform-sphinx-search'
BUILDERS = ("html", "dirhtml")
TIMEOUT = 900  # seconds: a very large site is still indexed in well under a minute


def binary() -> Path | None:
    """Pagefind's executable (from ``pagefind[bin]``, ``$PAGEFIND_BINARY_PATH`` or the PATH), or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except Exception:  # a broken install: treated as absent
        return None
    return found if found is not None and Path(found).is_file() else None


def engine(app: Sphinx) -> str:
    """``"pagefind"`` or ``"sphinx"``: what this build's search page uses (decided at ``builder-inited``)."""
    return domain.site(app.env, "search")


def _builder_inited(app: Sphinx) -> None:
    domain.set_site(app.env, "search", "sphinx")
    wanted = app.config.longform_search
    if wanted == "sphinx" or app.builder.name not in BUILDERS:
        return
    if binary() is None:
        advice = "install it with: pip install 'sphinx-longform[search]' (or 'pagefind[bin]')"
        if wanted == "pagefind":
            log.warn(
                f"longform_search = 'pagefind' but Pagefind is not installed — {advice}; using Sphinx's search",
                subtype="search",
                location=f"{Path(app.confdir, 'conf.py')}:1",
            )
        else:
            logger.info(f"longform: Pagefind is not installed, so the site uses Sphinx's search ({advice})")
        return
    domain.set_site(app.env, "search", "pagefind")


def indexed(app: Sphinx, docname: str) -> bool:
    """Whether Pagefind indexes this page: an essay, archived essay or note, not marked ``nosearch``."""
    essay = catalogue.essays(app.env).get(docname)
    if essay is None or catalogue.kind_of(app.env, docname) is None:
        return False
    return "nosearch" not in app.env.metadata.get(docname, {})


def mark(body: str, essay: catalogue.Essay) -> str:
    """``body`` wrapped for Pagefind, with the date as metadata and as a sort key.

    No filters (tags, kind): Pagefind 1.5 writes a filter's values in hash-map order, which differs
    from run to run, and two builds of one commit must be byte-identical (tests/test_reproducible.py).
    """
    attrs = "data-pagefind-body"
    if essay.date is not None:
        date = essay.date.isoformat()
        attrs += f' data-pagefind-meta="date:{date}" data-pagefind-sort="date:{date}"'
    return f"<div {attrs}>{body}</div>"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if engine(app) != "pagefind":
        return
    if templatename == "search.html":
        app.builder.add_js_file(SCRIPT, defer="defer")  # type: ignore[attr-defined]
        return
    body = context.get("body")
    if isinstance(body, str) and body and indexed(app, pagename):
        context["body"] = mark(body, catalogue.essays(app.env)[pagename])


def run_pagefind(outdir: Path, executable: Path) -> str | None:
    """Index ``outdir`` into ``outdir/_pagefind``; None when it worked, else what went wrong.

    Pagefind writes into a temporary folder first; then only the files whose bytes changed are
    written into ``_pagefind/`` and the ones it no longer has are removed.  Its chunks are named by
    their content, so a rebuild after one edit rewrites a few files, not the bundle (a deploy by
    rsync, or a check of what an incremental build rewrote, sees only what changed).
    """
    with tempfile.TemporaryDirectory(prefix="longform-pagefind-") as tmp:
        fresh = Path(tmp) / BUNDLE
        command = [str(executable), "--site", ".", "--output-path", str(fresh), "--quiet"]
        for selector in EXCLUDE:
            command += ["--exclude-selectors", selector]
        try:
            result = subprocess.run(command, cwd=outdir, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return str(error)
        if result.returncode != 0 or not (fresh / "pagefind-entry.json").is_file():
            output = (result.stdout + result.stderr).strip().splitlines()
            return " / ".join(output[-5:]) or f"exit status {result.returncode}"
        for pattern in UNUSED:
            for path in fresh.glob(pattern):
                path.unlink()
        sync(fresh, outdir / BUNDLE)
    return None


def sync(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly ``source``'s files, writing only those whose bytes differ."""
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):  # files before their folders
            relative = path.relative_to(target)
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for relative in sorted(wanted):
        content = (source / relative).read_bytes()
        destination = target / relative
        if not destination.is_file() or destination.read_bytes() != content:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)


def switch_search_page(page: Path) -> bool:
    """Hold Sphinx's search scripts on the written search page (kept, not fetched); True if it changed."""
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    held, count = SPHINX_SCRIPTS.subn(HOLD, text)
    if count:
        page.write_text(held, encoding="utf-8")
    return bool(count)


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or engine(app) != "pagefind":
        return
    outdir = Path(app.outdir)
    if not any(indexed(app, docname) for docname in catalogue.essays(app.env)):
        shutil.rmtree(outdir / BUNDLE, ignore_errors=True)
        logger.info("longform: no essay or note to index, so the site keeps Sphinx's search")
        return
    executable = binary()
    problem = run_pagefind(outdir, executable) if executable is not None else "its binary is gone"
    if problem is not None:
        log.warn(
            f"Pagefind could not index the site ({problem}); using Sphinx's search",
            subtype="search",
            location=f"{Path(app.confdir, 'conf.py')}:1",
        )
        return
    switch_search_page(Path(app.builder.get_outfilename("search")))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
