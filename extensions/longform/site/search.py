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

Once Sphinx has written every source page (``html-collect-pages``, html and dirhtml builders),
Pagefind starts indexing the catalogue's folders (:func:`glob`) in the background, on the second core
while Sphinx writes the generated pages, the indices and its own search index; ``build-finished``
waits for it (and stops it after an exception) and writes its bundle into ``_pagefind/`` (only the
files that changed: :func:`finish_pagefind`; Pagefind's ready-made UIs, unused here, are left out),
and only then is the written search page switched over: its three Sphinx search scripts
(``searchtools.js``, ``language_data.js``, ``searchindex.js``) become data blocks (``type="text/plain"``, the
address in ``data-src``: kept, not fetched) and ``longform-pagefind.js`` answers the ``?q=`` that the theme's
search box sends.  The search page is written by every build, so this is redone each time.

One index, not two: where Pagefind answers, Sphinx's own index (``searchindex.js``, every page fed to it and the
whole of it written on every build) is not made (:func:`~longform.core.compat.skip_search_index`), and its
script tag leaves the search page.  Nothing would use it but a reader who opened the pages from ``file://``,
where Pagefind's bundle cannot load: the page then says to serve the site (``data-longform-serve``).  Where Sphinx
answers — ``longform_search = "sphinx"`` (the dev server's choice: Sphinx updates its index page by page), no
Pagefind, no essay to index, or indexing that failed (the whole index is made then, at ``build-finished``) — its
index is made as usual, and ``file://`` search works too.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..core import catalogue, compat, domain, events, log, output, tagging
from ..ui import labels
from ..ui.text import _

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

#: Where the index goes, inside the output folder.
BUNDLE = "_pagefind"
#: The search page's script (in ``static/``).
SCRIPT = "longform-pagefind.js"
#: What each result of Sphinx's search says it is ("Essay · 12 May 2026 · 7 min read"): written by the build into
#: ``_static`` (:func:`write_facts`), read by ``longform-search.js``; with Pagefind it is held with Sphinx's scripts.
FACTS = "longform-search-facts.js"
#: What Pagefind leaves out of a marked body: Longform's views that are not the page's text, and pilcrows.
EXCLUDE = (".no-search", ".headerlink")
#: What Pagefind writes that the search page never loads (its ready-made UIs): removed after indexing.
UNUSED = ("pagefind-ui.*", "pagefind-*-ui.*", "pagefind-highlight.js")
#: Sphinx's search scripts on the written search page (``src`` relative, with or without ``?v=``).
SPHINX_SCRIPTS = re.compile(
    r'<script(?![^>]*\btype=)([^>]*?)\ssrc="([^"]*(?:searchtools|language_data|searchindex|longform-search-facts)\.js'
    r'(?:\?[^"]*)?)"([^>]*)>'
)
#: Sphinx's index script on the written search page, with its closing tag.
SPHINX_INDEX_SCRIPT = re.compile(
    r'<script(?![^>]*\btype=)[^>]*\ssrc="[^"]*searchindex\.js(?:\?[^"]*)?"[^>]*>\s*</script>\n?'
)
#: A held script: a data block (``type="text/plain"``, its address in ``data-src``: a script with a ``src`` must be
#: JavaScript, says HTML), which ``longform-pagefind.js`` turns back into a script if Pagefind cannot answer.
#: ``defer`` and ``async`` go (they belong to a script with a ``src``).
_TIMING = re.compile(r'\s(?:defer|async)(?:="[^"]*")?')


def HOLD(match: re.Match[str]) -> str:  # noqa: N802 (a replacement, named as the string it replaced)
    before, src, after = (_TIMING.sub("", match[1]), match[2], _TIMING.sub("", match[3]))
    return f'<script type="text/plain" data-longform-sphinx-search{before} data-src="{src}"{after}>'


BUILDERS = ("html", "dirhtml")
#: A catalogue folder Pagefind's ``--glob`` can name as it is.
PLAIN_FOLDER = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
#: Where the background run waits for build-finished, in the build's index.
RUN: domain.Slot[tuple[str, Any, str]] = domain.Slot("pagefind-run")
#: In the doctrees folder: what the bundle in the output folder was made from (see :func:`_current`).
STAMP = "longform-pagefind.stamp"
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
    return str(domain.site(app.env, "search"))


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
    # Pagefind answers the search page: Sphinx's own index would be a second one, fed every page and written on
    # every build, for nobody (a page opened from file:// cannot run either search: it says to serve the site).
    compat.skip_search_index(app.builder)


def _whole_index(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: a build that keeps Sphinx's search index where the last build (Pagefind's) left none
    writes every page again, so the index it makes is whole (Sphinx would warn that it cannot be loaded, and
    leave out every page it does not write)."""
    builder: Any = app.builder
    if engine(app) != "sphinx" or builder.name not in BUILDERS or not env.all_docs:
        return []
    index = Path(app.outdir) / str(getattr(builder, "searchindex_filename", "searchindex.js"))
    if index.is_file() or not (Path(app.outdir) / BUNDLE).is_dir():
        return []
    return sorted(set(env.all_docs) - added - changed - removed)


def indexed(app: Sphinx, docname: str) -> bool:
    """Whether Pagefind indexes this page: an essay, archived essay or note, not marked ``nosearch``."""
    essay = catalogue.essays(app.env).get(docname)
    if essay is None or catalogue.kind_of(app.env, docname) is None:
        return False
    return "nosearch" not in app.env.metadata.get(docname, {})


def mark(app: Sphinx, body: str, essay: catalogue.Essay) -> str:
    """``body`` wrapped for Pagefind, with the date as metadata (as the site writes it) and as a sort key.

    No filters (tags, kind): Pagefind 1.5 writes a filter's values in hash-map order, which differs
    from run to run, and two builds of one commit must be byte-identical (tests/test_reproducible.py).
    """
    attrs = "data-pagefind-body"
    # What a result shows beside its title: what it is, its date (as listings write it: "12 May 2026") and its
    # reading time.  Pagefind takes one "key:value" per element (a comma would split it: none is left in a value):
    # the date on the body, the others on empty elements, which add no text to the index.
    meta = [("kind", kind_label(essay.kind))]
    if essay.kind != "note" and essay.minutes:
        meta.append(("minutes", labels.reading_time(app, essay.minutes).astext()))
    extra = "".join(
        f'<span data-pagefind-meta="{key}:{escape(value.replace(",", " "), quote=True)}"></span>' for key, value in meta
    )
    if essay.date is not None:
        date = essay.date.isoformat()
        # What a result shows, as listings write it ("12 May 2026"); a comma would split Pagefind's metadata.
        shown = escape(labels.format_date(app, essay.date).replace(",", " "), quote=True)
        attrs += f' data-pagefind-meta="date:{shown}" data-pagefind-sort="date:{date}"'
    return f"<div {attrs}>{extra}{body}</div>"


def kind_label(kind: str) -> str:
    """What a search result says it is: an essay, a note, or earlier writing (the archive's older pieces)."""
    return {"note": _("Note"), "archived": _("Earlier writing")}.get(kind, _("Essay"))


def facts(app: Sphinx) -> dict[str, list[str]]:
    """Each listed essay's, earlier piece's and note's address (as the builder writes it) -> what its search
    result says beside the title: what it is, its date and its reading time (not for a note), in the site's
    language, as Pagefind's results say it (:func:`mark`)."""
    show_drafts = app.config.longform_show_drafts
    out: dict[str, list[str]] = {}
    for docname, essay in sorted(catalogue.essays(app.env).items()):
        if catalogue.kind_of(app.env, docname) is None or (essay.draft and not show_drafts):
            continue
        shown = [kind_label(essay.kind)]
        if essay.date is not None:
            shown.append(labels.format_date(app, essay.date))
        if essay.kind != "note" and essay.minutes:
            shown.append(labels.reading_time(app, essay.minutes).astext())
        out[app.builder.get_target_uri(docname)] = shown
    return out


def write_facts(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (before Sphinx writes the search page, so its link carries the file's checksum):
    ``_static/longform-search-facts.js``, a script that hands :func:`facts` to ``longform-search.js``.  A file, not
    a block in the page: it works from ``file://`` too, and the Pagefind page holds it unfetched."""
    if app.builder.name not in BUILDERS:
        return []
    data = json.dumps(facts(app), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    comment = "/* Longform: what each search result is (written by the build). */"
    text = f"{comment}\nwindow.LONGFORM_SEARCH_FACTS = {data};\n"
    target = Path(app.outdir, "_static", FACTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        compat.forget_asset_checksums()  # the search page links the new content's ?v=, not the last build's
    return []


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if templatename == "search.html" and app.builder.name in BUILDERS:
        # Before the search scripts run: each result of Sphinx's search is labelled from it (longform-search.js).
        app.builder.add_js_file(FACTS, defer="defer")  # type: ignore[attr-defined]
    if engine(app) != "pagefind":
        return
    if templatename == "search.html":
        # The script's words, translated, in attributes of its tag: Sphinx's own wording ("Search Results" is
        # translated by Sphinx's catalogue; the summaries are ours, as Sphinx's German leaves them English).
        words = {
            "data-longform-more": _("More results"),
            "data-longform-none": _(
                "Your search did not match any documents. Please make sure that all words are spelled correctly."
            ),
            "data-longform-found": labels.plural_table(
                lambda n: _(
                    "Search finished, found one page matching the search query.",
                    "Search finished, found %(count)s pages matching the search query.",
                    n,
                )
            ),
            # Shown where Pagefind's bundle cannot load (a page opened from file://): the build made no other index.
            "data-longform-serve": _(
                "Search works on the served site, not on pages opened as files. Serve the site's folder (for "
                "example, run “python -m http.server” in it) and search again from that address."
            ),
        }
        # async, not defer: the script starts Pagefind (and what a query fetches first) while the stylesheets load,
        # and shows the results once the page is parsed.
        app.builder.add_js_file(SCRIPT, **{"async": "async"}, **words)  # type: ignore[attr-defined]
        return
    body = context.get("body")
    if isinstance(body, str) and body and indexed(app, pagename):
        context["body"] = mark(app, body, catalogue.essays(app.env)[pagename])


def glob(dirs: list[str]) -> str:
    """The pages Pagefind reads: the catalogue's folders (``{essays,notes}/**/*.html``), the only
    places an indexed page can be, or every page when a folder is the source root or has a name that
    is not plain (letters, digits, ``_ . / -``)."""
    folders = sorted({d.strip("/") for d in dirs})
    if not folders or any(not f or f == "." or not PLAIN_FOLDER.fullmatch(f) for f in folders):
        return "**/*.html"
    return (folders[0] if len(folders) == 1 else "{" + ",".join(folders) + "}") + "/**/*.html"


class Run(NamedTuple):
    """Pagefind indexing in the background (:func:`start_pagefind`), finished by :func:`finish_pagefind`."""

    process: subprocess.Popen[bytes]
    tmp: Path  # Pagefind's output folder's parent, removed when finished
    log: IO[bytes]  # its stdout and stderr


def start_pagefind(outdir: Path, executable: Path, pages: str = "**/*.html") -> Run | str:
    """Start indexing ``outdir``'s pages matching ``pages`` into a temporary folder; the Run, or what went wrong."""
    tmp = Path(tempfile.mkdtemp(prefix="longform-pagefind-"))
    command = [str(executable), "--site", ".", "--glob", pages, "--output-path", str(tmp / BUNDLE), "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    # A file, not a pipe (a pipe that fills up would stall Pagefind); closed by finish_pagefind.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        process = subprocess.Popen(command, cwd=outdir, stdout=output, stderr=subprocess.STDOUT)
    except OSError as error:
        output.close()
        shutil.rmtree(tmp, ignore_errors=True)
        return str(error)
    return Run(process, tmp, output)


def finish_pagefind(outdir: Path, run: Run, *, cancel: bool = False) -> str | None:
    """Wait for ``run`` (or stop it: ``cancel``); then write what changed into ``outdir/_pagefind``.
    None when it worked, else what went wrong.

    Pagefind writes into a temporary folder first; then only the files whose bytes changed are
    written into ``_pagefind/`` and the ones it no longer has are removed.  Its chunks are named by
    their content, so a rebuild after one edit rewrites a few files, not the bundle (a deploy by
    rsync, or a check of what an incremental build rewrote, sees only what changed).
    """
    try:
        if cancel:
            run.process.kill()
        try:
            returncode = run.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as error:
            run.process.kill()
            run.process.wait()
            return str(error)
        if cancel:
            return "stopped"
        fresh = run.tmp / BUNDLE
        if returncode != 0 or not (fresh / "pagefind-entry.json").is_file():
            run.log.seek(0)
            output = run.log.read().decode("utf-8", "replace").strip().splitlines()
            return " / ".join(output[-5:]) or f"exit status {returncode}"
        for pattern in UNUSED:
            for path in fresh.glob(pattern):
                path.unlink()
        sync(fresh, outdir / BUNDLE)
        return None
    finally:
        run.log.close()
        shutil.rmtree(run.tmp, ignore_errors=True)


def run_pagefind(outdir: Path, executable: Path, pages: str = "**/*.html") -> str | None:
    """Index ``outdir`` into ``outdir/_pagefind`` and wait; None when it worked, else what went wrong."""
    started = start_pagefind(outdir, executable, pages)
    return started if isinstance(started, str) else finish_pagefind(outdir, started)


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


#: The page's search script's tag on the written search page (its ``src`` relative, with or without ``?v=``).
SCRIPT_TAG = re.compile(r'<script(?=[^>]*\ssrc="[^"]*' + re.escape(SCRIPT) + r'(?:\?[^"]*)?")')
#: The language of the written page.
PAGE_LANG = re.compile(r'<html[^>]*\slang="([^"]*)"')


def bundle_files(bundle: Path, language: str) -> tuple[str, list[str]] | None:
    """What a query on the search page fetches before anything else, from the bundle's ``pagefind-entry.json``:
    a tag for the entry's address (Pagefind's ``metaCacheTag``: it changes when the index does, so the entry can
    be fetched early and cached, instead of under a new ``?ts=`` each time) and the files, relative to the bundle
    (the entry, then the language's WebAssembly and metadata).  The language is chosen as Pagefind chooses it
    for a page in ``language``: that language, its base language, else the one with the most pages.  None when
    the entry cannot be read."""
    try:
        raw = (bundle / "pagefind-entry.json").read_bytes()
        languages = json.loads(raw)["languages"]
        chosen = languages.get(language) or languages.get(language.split("-")[0])
        if chosen is None:
            chosen = max(languages.values(), key=lambda entry: entry["page_count"])
        files = [f"wasm.{chosen['wasm']}.pagefind", f"pagefind.{chosen['hash']}.pf_meta"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(PLAIN_FOLDER.fullmatch(name) and (bundle / name).is_file() for name in files):
        return None
    tag = hashlib.sha256(raw).hexdigest()[:12]
    return tag, [f"pagefind-entry.json?ts={tag}", *files]


def switch_search_page(page: Path, bundle: Path | None = None, *, index: bool = True) -> bool:
    """Hold Sphinx's search scripts on the written search page (kept, not fetched); True if it changed.
    Without Sphinx's index (``index=False``: the build made none) the index's script tag goes instead.

    With the ``bundle`` folder, the page's script also learns what a query fetches first (:func:`bundle_files`),
    in two attributes of its tag, so it starts those requests at once, beside Pagefind's own script, instead of
    one after the other."""
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    if not index:
        text, removed = SPHINX_INDEX_SCRIPT.subn("", text)
        if removed:
            page.write_text(text, encoding="utf-8")
    held, count = SPHINX_SCRIPTS.subn(HOLD, text)
    if count and bundle is not None:
        lang = PAGE_LANG.search(held)
        found = bundle_files(bundle, lang[1] if lang else "")
        if found is not None:
            tag, files = found
            attributes = (
                f' data-longform-bundle="{escape(tag, quote=True)}"'
                f' data-longform-preload="{escape(" ".join(files), quote=True)}"'
            )
            held = SCRIPT_TAG.sub(lambda match: match[0] + attributes, held, count=1)
    if count:
        page.write_text(held, encoding="utf-8")
    return bool(count)


#: Where the search page's own content goes: before the results Sphinx's and Pagefind's scripts fill.
RESULTS = '<div id="search-results"></div>'
#: How many of the newest essays and most used tags the search page offers before anything is asked.
LATEST, TAGS = 5, 12


def _link(app: Sphinx, here: str, docname: str) -> str:
    return escape(relative_uri(app.builder.get_target_uri(here), app.builder.get_target_uri(docname)), quote=True)


def _start_page(app: Sphinx) -> str:
    """What the search page offers before a query (and hides once there is one): the latest essays, the topics,
    the most used tags — links a reader can follow instead of guessing a word."""
    env = app.env
    here = "search"
    parts: list[str] = []
    latest = catalogue.published(env, kinds=("essay",))[:LATEST]
    if latest:
        items = []
        for essay in latest:
            facts = [labels.format_date(app, essay.date)] if essay.date else []
            facts.append(labels.reading_time(app, essay.minutes).astext())
            items.append(
                f'<li><a href="{_link(app, here, essay.docname)}">{escape(essay.title)}</a> '
                f'<span class="longform-search-facts">{escape(" · ".join(facts))}</span></li>'
            )
        heading = _("Latest essays")  # never inside an f-string: extraction must not depend on Python's version
        parts.append(f"<h2>{escape(heading)}</h2>\n<ul>{''.join(items)}</ul>")
    prefix = catalogue.TOPICS_FOLDER + "/"
    topics = sorted(
        (d for d in env.all_docs if d.startswith(prefix) and "/" not in d[len(prefix) :] and not d.endswith("/index")),
        key=lambda d: _title(env, d).casefold(),
    )
    if topics:
        items = [f'<li><a href="{_link(app, here, d)}">{escape(_title(env, d))}</a></li>' for d in topics]
        heading = _("Topics")
        parts.append(f"<h2>{escape(heading)}</h2>\n<ul>{''.join(items)}</ul>")
    state = tagging.state(app)
    if state.listed and output.writes_pages(app):
        used: dict[str, int] = {}
        for essay in catalogue.published(env, kinds=catalogue.ESSAY_KINDS):
            for slug, _title_text in tagging.badges_data(app, essay):
                if slug in state.listed:
                    used[slug] = used.get(slug, 0) + 1
        top = sorted(
            used, key=lambda slug: (-used[slug], state.tags[slug].title.casefold() if slug in state.tags else slug)
        )
        pages = {slug: tagging.tag_url(app, slug).removesuffix(".html") for slug in top[:TAGS]}  # dirhtml: tags/go/
        links = [
            f'<a class="longform-search-tag" href="{_link(app, here, pages[slug])}">'
            f"{escape(state.tags[slug].title if slug in state.tags else slug)}</a>"
            for slug in top[:TAGS]
        ]
        if links:
            heading = _("Tags")
            parts.append(f"<h2>{escape(heading)}</h2>\n<p>{' · '.join(links)}</p>")
    if not parts:
        return ""
    # Hidden until the page's script sees there is no query: with one, results take this place without a shift.
    return f'<div class="longform-search-start" id="longform-search-start" hidden>\n{chr(10).join(parts)}\n</div>\n'


def _title(env: Any, docname: str) -> str:
    node = env.titles.get(docname)
    return " ".join(node.astext().split()) if node is not None else docname


def search_page_html(app: Sphinx) -> str:
    """The search page's own top: a heading (the script makes it "Results for “…”"), a visible search box
    (the script fills in the query) and, before a query, somewhere to start (:func:`_start_page`)."""
    target = app.builder.get_target_uri("search")
    action = posixpath.basename(target) or "./"  # the page itself: search.html, or ./ for dirhtml's search/
    results = _("Results for “%s”")
    # Messages are never written inside f-strings: Python 3.12+ tokenises them, so pybabel would find them on one
    # Python and not on another (tests/test_translations.py compares the .pot with an extraction).
    search, label = _("Search"), _("Search the essays and notes")
    return (
        f'<h1 id="longform-search-heading" data-longform-results="{escape(results, quote=True)}">'
        f"{escape(search)}</h1>\n"
        f'<form class="longform-search-form" action="{escape(action, quote=True)}" method="get" role="search">\n'
        f'<label for="longform-search-input">{escape(label)}</label>\n'
        f'<div class="longform-search-row"><input type="search" id="longform-search-input" name="q" '
        f'autocomplete="off" enterkeyhint="search" spellcheck="false">'
        f'<button type="submit">{escape(search)}</button></div>\n'
        f"</form>\n{_start_page(app)}"
    )


def furnish_search_page(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (before the output contract reads the page): the written search page gets its heading,
    box and starting points (:func:`search_page_html`) above the results.  The theme's search template has no
    place for content of an extension's; the page is written by every build, so this is done every time."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    builder: Any = app.builder
    page = Path(builder.get_outfilename("search"))
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    if RESULTS not in text or 'id="longform-search-heading"' in text:
        return
    page.write_text(text.replace(RESULTS, search_page_html(app) + RESULTS, 1), encoding="utf-8")


def _catalogue_glob(app: Sphinx) -> str:
    config = app.config
    return glob([*config.longform_essay_dirs, *config.longform_archive_dirs, *config.longform_note_dirs])


def _wanted(app: Sphinx) -> bool:
    return engine(app) == "pagefind" and app.builder.name in BUILDERS


def _indexed_pages(app: Sphinx) -> list[str]:
    return sorted(docname for docname in catalogue.essays(app.env) if indexed(app, docname))


def _stamp_text(app: Sphinx, executable: Path, pages: list[str]) -> str:
    """What the bundle was made from: the builder, the output folder, the Pagefind binary, the indexed pages."""
    digest = hashlib.sha256()
    info = executable.stat()
    for part in (app.builder.name, str(Path(app.outdir).resolve()), str(executable), str(info.st_size),
                 str(info.st_mtime_ns), *pages):  # fmt: skip
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _current(app: Sphinx, text: str, pages: list[str]) -> bool:
    """Whether the bundle in the output folder is this build's already: made by the same binary from the
    same indexed pages (the stamp in the doctrees folder says so), none of them written since."""
    stamp = Path(app.doctreedir) / STAMP
    if not (Path(app.outdir) / BUNDLE / "pagefind-entry.json").is_file() or not stamp.is_file():
        return False
    try:
        if stamp.read_text(encoding="utf-8") != text:
            return False
        made = stamp.stat().st_mtime_ns
        builder = cast("StandaloneHTMLBuilder", app.builder)  # html or dirhtml (BUILDERS)
        return all(Path(builder.get_outfilename(docname)).stat().st_mtime_ns < made for docname in pages)
    except OSError:
        return False


def _begin(app: Sphinx) -> tuple[str, Any, str] | None:
    """("current", None, stamp) when the bundle is up to date, ("run", Run, stamp) when Pagefind started,
    ("error", message, "") when it could not; None when there is nothing to index."""
    pages = _indexed_pages(app)
    if not pages:
        return None
    executable = binary()
    if executable is None:
        return ("error", "its binary is gone", "")
    text = _stamp_text(app, executable, pages)
    if _current(app, text, pages):
        return ("current", None, text)
    started = start_pagefind(Path(app.outdir), executable, _catalogue_glob(app))
    return ("error", started, "") if isinstance(started, str) else ("run", started, text)


def _start(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: every source page is written by now (Sphinx writes them before it
    finishes), and only source pages are indexed, so Pagefind starts here and indexes on the second
    core while Sphinx writes the generated pages, the indices and its own search index.  When no
    indexed page was written or removed since the last bundle was made, it does not run at all."""
    if _wanted(app) and (begun := _begin(app)) is not None:
        domain.index(app.env).put(RUN, begun)
    return []


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    entry = domain.index(app.env).pop(RUN) if app.env is not None else None
    if exception is not None or not _wanted(app):
        if entry is not None and entry[0] == "run":
            finish_pagefind(Path(app.outdir), entry[1], cancel=True)
        return
    outdir = Path(app.outdir)
    stamp = Path(app.doctreedir) / STAMP
    if entry is None:  # html-collect-pages did not run, or found nothing to index
        entry = _begin(app)
    if entry is None:
        shutil.rmtree(outdir / BUNDLE, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        compat.build_search_index(app)
        logger.info("longform: no essay or note to index, so the site keeps Sphinx's search")
        return
    kind, value, text = entry
    problem = value if kind == "error" else finish_pagefind(outdir, value) if kind == "run" else None
    if problem is not None:
        stamp.unlink(missing_ok=True)  # the next build indexes again
        compat.build_search_index(app)  # Sphinx's search answers the page after all: it needs its index
        log.warn(
            f"Pagefind could not index the site ({problem}); using Sphinx's search",
            subtype="search",
            location=f"{Path(app.confdir, 'conf.py')}:1",
        )
        return
    if kind == "run":
        stamp.write_text(text, encoding="utf-8")
    switch_search_page(
        Path(cast("StandaloneHTMLBuilder", app.builder).get_outfilename("search")), outdir / BUNDLE, index=False
    )


def setup(app: Sphinx) -> None:
    events.connect(app, "builder-inited", compat.index_without_no_search)  # Sphinx 8.1: what 8.2+ do for no-search
    events.connect(app, "builder-inited", _builder_inited)
    events.connect(app, "env-get-outdated", _whole_index)
    events.connect(app, "html-page-context", _page_context)
    events.connect(app, "html-collect-pages", write_facts)
    events.connect(app, "html-collect-pages", _start)
    events.connect(app, "build-finished", _build_finished)
    events.connect(app, "build-finished", furnish_search_page)
