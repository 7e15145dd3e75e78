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
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from io import StringIO
from pathlib import Path
from typing import Any

from ..core import compat
from ..ui.text import _

#: The live-reload script (a file under ``_static``, never inline: the CSP allows only the site's own files).
SCRIPT = "longform-serve.js"
STATIC = Path(__file__).with_name("static")
EVENTS = "/__longform/events"
STATE = "/__longform/state"
#: What a change to one of these files means: the configuration changed, start a new application.
CONFIG_SUFFIXES = (".py",)
#: Seconds an idle event stream waits before sending a comment (keeps proxies and browsers from dropping it).
KEEPALIVE = 15.0


@dataclass
class Outcome:
    """One build: its number, whether it finished, how long it took and its warnings (one per line)."""

    version: int
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


class WarmBuild:
    """One Sphinx application kept in memory; :meth:`build` rebuilds what changed, in process."""

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
    ) -> None:
        self.srcdir = Path(srcdir).resolve()
        self.confdir = Path(confdir).resolve() if confdir is not None else self.srcdir
        self.outdir = Path(outdir).resolve()
        self.doctreedir = Path(doctreedir).resolve() if doctreedir is not None else self.outdir / ".doctrees"
        self.overrides = {"longform_search": "sphinx", **(overrides or {})}
        self.live_reload = live_reload
        self.status = status if status is not None else sys.stdout
        self.version = 0
        self.app: Any = None
        self._warnings = StringIO()

    def _start(self) -> None:
        from sphinx.application import Sphinx

        self._warnings = StringIO()
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
        if self.live_reload:
            self.app.config.html_static_path = [*self.app.config.html_static_path, str(STATIC)]
            self.app.add_js_file(SCRIPT, loading_method="defer")

    def restart(self) -> None:
        """A new application at the next build (the configuration or the extensions' code changed); it starts
        from the environment Sphinx pickled after the last build, so it is still incremental."""
        self.app = None

    def build(self) -> Outcome:
        """Build what changed since the last build (everything, the first time)."""
        started = time.perf_counter()
        ok = True
        try:
            if self.app is None:
                self._start()
            else:
                self._warnings.seek(0)
                self._warnings.truncate()
                compat.rebuild_again(self.app)
            self.app.build()
        except Exception as error:  # a broken conf.py or extension: shown in the page, the server keeps running
            ok = False
            self._warnings.write(f"{type(error).__name__}: {error}\n")
            self.app = None  # the next change starts afresh
        self.version += 1
        lines = [line for line in self._warnings.getvalue().splitlines() if line.strip()]
        return Outcome(self.version, ok and not lines, time.perf_counter() - started, lines)


class Hub:
    """The latest build's state, and the event streams waiting for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        # A page reloads when the version differs from the one it saw first: a restarted server's first build
        # must differ from the old server's, whatever their counts.
        self._token = secrets.token_hex(4)
        self._state: dict[str, Any] = {"version": f"{self._token}-0", "ok": True, "warnings": []}

    def publish(self, outcome: Outcome) -> None:
        heading = _("The last build gave {count} warnings; the page may be out of date:").format(
            count=len(outcome.warnings)
        )
        with self._changed:
            self._state = {
                "version": f"{self._token}-{outcome.version}",
                "ok": outcome.ok,
                "seconds": round(outcome.seconds, 3),
                "warnings": outcome.warnings,
                "heading": heading,
                "close": _("Close"),
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
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state = self.hub.state()
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
    """Rebuild on every change to the sources or ``conf.py``; yield each build's outcome. A change in one of the
    ``also`` folders raises :class:`CodeChangedError`."""
    from watchfiles import watch as watch_files

    code = tuple(Path(p).resolve() for p in also)
    folders = {warm.srcdir, warm.confdir, *code}
    for changes in watch_files(
        *sorted(folders), watch_filter=_relevant(warm), stop_event=stop, debounce=50, step=20, rust_timeout=500
    ):
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
    hub = Hub()
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
        stop.set()
        server.shutdown()
        server.server_close()
        # The same command in a new process, which imports the changed code; the pages reconnect by themselves.
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    finally:
        stop.set()
        server.shutdown()
    return 0
