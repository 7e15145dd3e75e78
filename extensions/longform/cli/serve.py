"""``python -m longform serve``: preview a site while writing, rebuilt in memory on every save.

``sphinx-autobuild`` runs a whole ``sphinx-build`` per save: Python's start-up, the environment unpickled and
pickled again. This command keeps one Sphinx application and its environment in memory (:class:`WarmBuild`) and
calls ``app.build()`` again when a file changes: Sphinx's incremental build on the same application reads only the
outdated documents (Sphinx marks its configuration as current after the first read, and finds added and deleted
files on each build). A change to ``conf.py`` (or any Python file next to it) starts a new application, because
extensions read their configuration once; Sphinx still pickles the environment after each build that read
something, so a restart (or the next ``sphinx-build`` into the same folders) is incremental too.

The output is served from its own folder (``_build/serve`` by default) on ``127.0.0.1`` by a small threaded HTTP
server. Every page gets ``_static/longform-serve.js`` (only in this mode): it listens to ``/__longform/events``
(Server-Sent Events, same origin, so the site's Content-Security-Policy allows it), reloads the page when a new
build is done, and shows that build's warnings in an overlay (text only), so a contributor sees them in the page.

Search: the server's application uses Sphinx's own search (``longform_search = "sphinx"``), which Sphinx updates
incrementally in the same build; Pagefind re-indexes the whole site each time and is left to ``sphinx-build``.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from io import StringIO
from pathlib import Path
from typing import Any

from ..core import compat, events, publishing
from ..ui.text import _

#: The live-reload script (a file under ``_static``, never inline: the CSP allows only the site's own files).
SCRIPT = "longform-serve.js"
STATIC = Path(__file__).with_name("static")
EVENTS = "/__longform/events"
STATE = "/__longform/state"
#: What a change to one of these files means: the configuration changed, start a new application.
CONFIG_SUFFIXES = (".py",)
#: The file watcher: changes within DEBOUNCE_MS of each other are one build (an editor's save is often a write and
#: a rename); STEP_MS is how often it looks; after IDLE_MS without a change the environment is pickled.
DEBOUNCE_MS, STEP_MS, IDLE_MS = 50, 20, 1000
#: Seconds a build waits, at most, for an open page it published first to be fetched again (Hub.settle).
SETTLE = 2.0
#: A terminal colour code, as Sphinx writes them around a warning.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Seconds an idle event stream waits before sending a comment (keeps proxies and browsers from dropping it).
KEEPALIVE = 15.0


@dataclass
class Outcome:
    """One build: its number, whether it finished, how long it took and its warnings (one per line).

    ``pages`` are the output files (``essays/a.html``) written after the early reload (``WarmBuild.early``),
    or None when there was none: then every open page reloads."""

    version: int
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pages: list[str] | None = None
    building: bool = False
    read: list[str] = field(default_factory=list)


class WarmBuild:
    """One Sphinx application kept in memory; :meth:`build` rebuilds what changed, in process.

    While a rebuild writes, the pages of the documents it read are written first; ``early`` (when set) is then
    called with an :class:`Outcome` (``building``: the rest of the build goes on), so the browser reloads the
    edited page without waiting for the pages that list it, the feeds and the search index. Sphinx pickles the
    environment after reading, for the next start; a warm server needs it only then, so the pickle is written
    when the server is idle (:meth:`save_environment`) instead of before every rebuild's writing.
    """

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        *,
        confdir: Path | None = None,
        doctreedir: Path | None = None,
        overrides: dict[str, Any] | None = None,
        live_reload: bool = True,
        status: Any = None,
        early: Callable[[Outcome], None] | None = None,
        isolate: bool = True,
    ) -> None:
        self.srcdir = Path(srcdir).resolve()
        self.confdir = Path(confdir).resolve() if confdir is not None else self.srcdir
        self.outdir = Path(outdir).resolve()
        self.doctreedir = Path(doctreedir).resolve() if doctreedir is not None else self.outdir / ".doctrees"
        self.overrides = {"longform_search": "sphinx", **(overrides or {})}
        self.live_reload = live_reload
        self.status = status if status is not None else sys.stdout
        self.early = early
        #: Called after ``early`` with the pages published: may wait for the browser to fetch them (Hub.settle).
        self.settle: Callable[[list[str], float], None] | None = None
        self.isolate = isolate
        self.version = 0
        self.app: Any = None
        self.unsaved = False  # the environment changed since it was last pickled
        self._warnings = StringIO()
        self._namespace: ExitStack | None = None
        self._read: set[str] = set()
        self._pages: list[str] = []
        self._started = 0.0
        self._early_sent = False

    def _start(self) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        self.close()
        # As sphinx-build holds its application: docutils' registries (directives, roles, nodes) are restored when
        # the application is let go, so a restart registers its extensions afresh instead of on top of the old.
        self._namespace = ExitStack()
        self._namespace.enter_context(patch_docutils(self.confdir))
        if self.isolate:
            self._namespace.enter_context(docutils_namespace())
        self._warnings = StringIO()
        try:
            self.app = Sphinx(
                str(self.srcdir),
                str(self.confdir),
                str(self.outdir),
                str(self.doctreedir),
                "html",
                confoverrides=dict(self.overrides),
                status=self.status,
                warning=self._warnings,
                freshenv=False,
            )
        except BaseException:
            self.close()
            raise
        publishing.keep_warm(self.app.env)
        if self.live_reload:
            self.app.config.html_static_path = [*self.app.config.html_static_path, str(STATIC)]
            self.app.add_js_file(SCRIPT, loading_method="defer")
        events.connect(self.app, "env-before-read-docs", self._note_read, "serve_note_read")
        events.connect(self.app, "html-page-context", self._note_page, "serve_note_page")
        events.connect(self.app, "write-started", self._write_read_first, "serve_write_read_first")

    def __enter__(self) -> WarmBuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let the application go (its pickled environment is saved first) and restore docutils' registries.

        Close every WarmBuild (or use it as a context manager). docutils' registries are the process's: closing
        one ends what every application registered, so a second application alive beside the first (a test's
        clean build) is made with ``isolate=False`` and registers into the first one's namespace."""
        if self.app is not None:
            self.save_environment()
        self.app = None
        if self._namespace is not None:
            namespace, self._namespace = self._namespace, None
            namespace.close()

    def restart(self) -> None:
        """A new application at the next build (the configuration or the extensions' code changed); it starts
        from the environment Sphinx pickled after the last build, so it is still incremental."""
        self.close()

    # -- the pages read are written first --------------------------------------------------------------------

    def _note_read(self, app: Any, env: Any, docnames: list[str]) -> None:
        self._read.update(docnames)

    def _note_page(self, app: Any, pagename: str, *args: Any) -> None:
        self._pages.append(pagename + app.builder.out_suffix)

    def _write_read_first(self, app: Any, builder: Any) -> None:
        """``write-started``: write the pages of the documents read first, then call ``early``, then the rest.

        The builder's ``write_documents`` (public, documented as overridable) is wrapped for this build, over
        whatever Longform's withholding put there; ``longform_inner`` names the builder's own, so the next build's
        wrapping starts from it again (``compat.withhold`` unwraps by that name)."""
        if self.early is None or not self._read:
            return
        current = builder.write_documents
        if getattr(current, "longform_serve", False):  # this server's wrapper of an earlier build, left in place
            current = current.longform_inner
        own = getattr(current, "longform_inner", current)

        def write_documents(docnames: Any) -> None:
            first = {docname for docname in docnames if docname in self._read}
            if not first:
                current(docnames)
                return
            current(first)
            self._send_early()
            rest = {docname for docname in docnames if docname not in first}
            if rest:
                current(rest)

        write_documents.longform_inner = own  # type: ignore[attr-defined]
        write_documents.longform_serve = True  # type: ignore[attr-defined]
        builder.write_documents = write_documents

    def _send_early(self) -> None:
        if self.early is None:
            return
        self._early_sent = True
        pages, self._pages = self._pages, []
        lines = self._lines()
        seconds = time.perf_counter() - self._started
        self.early(Outcome(self.version + 1, not lines, seconds, lines, pages, building=True))
        if self.settle is not None:
            self.settle(pages, SETTLE)

    def _lines(self) -> list[str]:
        """The build's warnings so far, one per line, without the terminal's colours (Sphinx colours them unless
        ``sphinx-build`` turned colour off for a file or a pipe)."""
        text = ANSI.sub("", self._warnings.getvalue())
        return [line for line in text.splitlines() if line.strip()]

    # -- building ---------------------------------------------------------------------------------------------

    def build(self) -> Outcome:
        """Build what changed since the last build (everything, the first time)."""
        self._started = started = time.perf_counter()
        self._read, self._pages, self._early_sent = set(), [], False
        ok = True
        try:
            if self.app is None:
                self._start()
                app: Any = self.app
                app.build()
            else:
                self._warnings.seek(0)
                self._warnings.truncate()
                publishing.restore_withheld(self.app.env)
                compat.rebuild_again(self.app)
                with compat.environment_pickle_deferred(self.app) as deferred:
                    self.app.build()
                self.unsaved = self.unsaved or bool(deferred)
        except Exception as error:  # a broken conf.py or extension: shown in the page, the server keeps running
            ok = False
            self._warnings.write(f"{type(error).__name__}: {error}\n")
            self.close()  # the next change starts afresh
            self._early_sent = False
        self.version += 1
        lines = self._lines()
        pages = self._pages if self._early_sent else None
        seconds = time.perf_counter() - started
        return Outcome(self.version, ok and not lines, seconds, lines, pages, read=sorted(self._read))

    def save_environment(self) -> None:
        """Pickle the environment for the next start, if a rebuild left it unsaved (the server calls this when
        idle, and before it lets the application go)."""
        if self.app is not None and self.unsaved:
            publishing.restore_withheld(self.app.env)
            compat.pickle_environment(self.app)
            self.unsaved = False


class Hub:
    """The latest build's state, and the event streams waiting for the next one."""

    def __init__(self, *, search_note: str | None = None) -> None:
        #: What the served search page says of its search (None: nothing), shown by the live-reload script.
        self.search_note = search_note
        self._changed = threading.Condition()
        # A page reloads when the version differs from the one it saw first: a restarted server's first build
        # must differ from the old server's, whatever their counts.
        self._token = secrets.token_hex(4)
        self._count = 0
        self._state: dict[str, Any] = {"version": f"{self._token}-0", "ok": True, "warnings": [], "building": False}
        self._open: dict[str, int] = {}  # page (as the script names it) -> its open event streams
        self._connected = 0  # event streams opened so far

    def opened(self, page: str) -> None:
        with self._changed:
            self._open[page] = self._open.get(page, 0) + 1
            self._connected += 1
            self._changed.notify_all()

    def closed(self, page: str) -> None:
        with self._changed:
            self._open[page] = self._open.get(page, 1) - 1
            if self._open[page] <= 0:
                del self._open[page]

    def settle(self, pages: list[str], timeout: float) -> None:
        """After the pages a build read are published: when one of them is open in a browser, wait (at most
        ``timeout`` seconds) until a page connects again, that is until the reloaded page has been served and
        has run its scripts. Meanwhile the build waits too, so its remaining work (Python holds one lock for all
        threads, and a long call into C keeps it) does not slow the reload down."""
        with self._changed:
            if not set(self._open) & set(pages):
                return
            before = self._connected
            self._changed.wait_for(lambda: self._connected > before, timeout=timeout)

    def publish(self, outcome: Outcome) -> None:
        """A new state: the open pages among ``outcome.pages`` reload (all of them when it is None)."""
        heading = _("The last build gave {count} warnings; the page may be out of date:").format(
            count=len(outcome.warnings)
        )
        with self._changed:
            self._count += 1
            self._state = {
                "version": f"{self._token}-{self._count}",
                "build": outcome.version,
                "ok": outcome.ok,
                "building": outcome.building,
                "pages": outcome.pages,
                "seconds": round(outcome.seconds, 3),
                "warnings": outcome.warnings,
                "heading": heading,
                "close": _("Close"),
                "search_note": self.search_note,
            }
            self._changed.notify_all()

    def state(self) -> dict[str, Any]:
        with self._changed:
            return dict(self._state)

    def wait(self, version: str, timeout: float) -> dict[str, Any]:
        """The state once its version differs from ``version`` (or after ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state["version"] != version, timeout=timeout)
            return dict(self._state)


class Handler(http.server.SimpleHTTPRequestHandler):
    """The output folder's files, plus the live-reload event stream and the state as JSON."""

    hub: Hub

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # a request per page, script and image: too much for the terminal

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATE:
            body = json.dumps(self.hub.state()).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == EVENTS:
            self._stream()
        else:
            super().do_GET()

    def _stream(self) -> None:
        from urllib.parse import parse_qs, urlsplit

        page = (parse_qs(urlsplit(self.path).query).get("page") or [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state = self.hub.state()
        self.hub.opened(page)
        try:
            while True:
                self.wfile.write(b"data: " + json.dumps(state).encode("utf-8") + b"\n\n")
                self.wfile.flush()
                while True:
                    fresh = self.hub.wait(state["version"], KEEPALIVE)
                    if fresh["version"] != state["version"]:
                        state = fresh
                        break
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        finally:
            self.hub.closed(page)


def serve_http(outdir: Path, hub: Hub, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``outdir`` on ``host:port`` (0: any free port), started in a daemon thread."""
    handler = type("BoundHandler", (Handler,), {"hub": hub})
    server = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=str(outdir)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="longform-serve-http", daemon=True).start()
    return server


def _relevant(warm: WarmBuild) -> Callable[[Any, str], bool]:
    """Which changed paths matter: the sources and the configuration, not the output or editors' litter."""
    ignored = (warm.outdir, warm.doctreedir)

    def accept(change: Any, path: str) -> bool:
        candidate = Path(path)
        if any(candidate == folder or folder in candidate.parents for folder in ignored):
            return False
        name = candidate.name
        return not (name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".pyc")) or "__pycache__" in path)

    return accept


def _config_changed(changes: set[tuple[Any, str]], confdir: Path) -> bool:
    return any(Path(path).suffix in CONFIG_SUFFIXES and Path(path).parent == confdir for _change, path in changes)


class CodeChangedError(Exception):
    """A file in a ``--watch`` folder (an extension's code) changed: only a new process loads it."""


def watch(warm: WarmBuild, hub: Hub, stop: threading.Event, *, also: tuple[Path, ...] = ()) -> Iterator[Outcome]:
    """Rebuild on every change to the sources or ``conf.py``; yield each build's outcome. The pages a build read
    are published as soon as they are written (``WarmBuild.early``), the build's end after; the environment is
    pickled when no change came for a second. A change in one of the ``also`` folders raises
    :class:`CodeChangedError`."""
    from watchfiles import watch as watch_files

    if warm.early is None:
        warm.early = hub.publish
        warm.settle = hub.settle
    code = tuple(Path(p).resolve() for p in also)
    folders = {warm.srcdir, warm.confdir, *code}
    for changes in watch_files(
        *sorted(folders),
        watch_filter=_relevant(warm),
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=IDLE_MS,
        yield_on_timeout=True,
    ):
        if not changes:  # idle: what a rebuild left for later
            warm.save_environment()
            continue
        paths = [Path(path) for _change, path in changes]
        if any(folder == path or folder in path.parents for path in paths for folder in code):
            raise CodeChangedError(str(paths[0]))
        if _config_changed(changes, warm.confdir):
            warm.restart()
        outcome = warm.build()
        hub.publish(outcome)
        yield outcome


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("source", nargs="?", default="docs", help="the site's source folder (default: docs)")
    parser.add_argument("-c", dest="confdir", default=None, help="the folder of conf.py (default: the source)")
    parser.add_argument("--output", default=None, help="where the served site is written (default: _build/serve)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000; 0: any free port)")
    parser.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="FOLDER",
        help="restart the server when a file in this folder changes (an extension's code)",
    )
    parser.add_argument(
        "-D", dest="define", action="append", default=[], metavar="NAME=VALUE", help="override a conf.py setting"
    )
    parser.add_argument("--drafts", action="store_true", help="show drafts and scheduled essays")


def _overrides(pairs: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for pair in pairs:
        key, _sep, value = pair.partition("=")
        values[key.strip()] = value
    return values


def run(args: argparse.Namespace) -> int:
    srcdir = Path(args.source).resolve()
    if not srcdir.is_dir():
        print(_("No source folder at {path}.").format(path=srcdir), file=sys.stderr)
        return 2
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        print(_("The server needs watchfiles: pip install 'sphinx-longform[serve]'"), file=sys.stderr)
        return 2
    confdir = Path(args.confdir).resolve() if args.confdir else srcdir
    outdir = Path(args.output).resolve() if args.output else Path.cwd() / "_build" / "serve"
    overrides = _overrides(args.define)
    if args.drafts:
        overrides["longform_show_drafts"] = "1"
    warm = WarmBuild(srcdir, outdir / "html", confdir=confdir, doctreedir=outdir / "doctrees", overrides=overrides)
    searching = warm.overrides.get("longform_search") == "sphinx"
    # The served search page says which index it searches: Sphinx's, kept up to date by every rebuild; Pagefind
    # indexes the whole site each time (6.6 s at N = 1,000), too slow for every save, and is left to sphinx-build.
    note = _(
        "This preview searches with Sphinx's own index, brought up to date by every save; the published site "
        "searches with Pagefind."
    )
    hub = Hub(search_note=note if searching else None)
    first = warm.build()
    hub.publish(first)
    server = serve_http(warm.outdir, hub, args.host, args.port)
    host, port = server.server_address[:2]
    print(
        _("Serving on http://{host}:{port}/ (built in {seconds:.1f} s); Ctrl-C stops.").format(
            host=host, port=port, seconds=first.seconds
        ),
        flush=True,
    )
    stop = threading.Event()
    try:
        for outcome in watch(warm, hub, stop, also=tuple(Path(p) for p in args.watch)):
            print(
                _("Rebuilt in {seconds:.2f} s, {count} warnings.").format(
                    seconds=outcome.seconds, count=len(outcome.warnings)
                ),
                flush=True,
            )
    except KeyboardInterrupt:
        pass
    except CodeChangedError as changed:
        print(_("{path} changed: restarting the server.").format(path=changed), flush=True)
        warm.close()
        stop.set()
        server.shutdown()
        server.server_close()
        # The same command in a new process, which imports the changed code; the pages reconnect by themselves.
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    finally:
        stop.set()
        server.shutdown()
        warm.close()
    return 0
