"""Save → served: how long a development server takes to serve a page with an edit, measured from the file write.

:func:`served_after_saves` starts a server (any command: ``hugo server``, ``mkdocs serve``, Longform's own), waits
until it serves the page, then makes each change in turn and asks the page again and again (every 10 ms, over HTTP,
as a browser's reload would once the server said it rebuilt) until the served bytes show the change.  What it
times is from just before the write to the first response that shows it: the server's noticing the file, its
rebuild and its answer.  A browser's reload adds its own parsing and painting (the same for every system); this
loop leaves it out, so it needs no browser and times every server the same way.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

#: How often the page is asked for while a change is awaited (seconds).
POLL = 0.01


class ServerError(RuntimeError):
    """The server stopped, or never served the page, or never showed a change in time."""


def fetch(url: str, timeout: float = 5.0) -> str | None:
    """The page at ``url`` as text, or None when the server does not answer it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read()).decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
        # not answering yet, or answering mid-rebuild (a page cut short: IncompleteRead): asked again
        return None


def wait_for(url: str, shows: Callable[[str], bool], *, timeout: float, process: subprocess.Popen[bytes]) -> float:
    """Ask ``url`` every :data:`POLL` seconds until its text ``shows`` what is awaited; the seconds it took."""
    start = time.perf_counter()
    while True:
        text = fetch(url)
        if text is not None and shows(text):
            return time.perf_counter() - start
        if process.poll() is not None:
            raise ServerError(f"the server stopped (exit status {process.returncode}) before {url} showed the change")
        if time.perf_counter() - start > timeout:
            raise ServerError(f"{url} did not show the change within {timeout:.0f} s")
        time.sleep(POLL)


def served_after_saves(
    cmd: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    log: Path,
    url: str,
    ready: Callable[[str], bool],
    changes: list[tuple[Callable[[], None], Callable[[str], bool]]],
    ready_timeout: float = 900.0,
    change_timeout: float = 300.0,
    settle: float = 1.0,
) -> dict[str, object]:
    """Start ``cmd``; once ``url`` answers and ``ready(text)``, make each change (``write()``, then await
    ``shows(text)``) and time it.  Returns ``{"startup_s": …, "served_s": [one per change]}``.

    Between changes the server is given ``settle`` seconds (a watcher that batches events would otherwise see two
    saves as one).  The server is stopped at the end, whatever happened (its process group: a server that starts
    workers takes them with it)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, cwd=str(cwd), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_for(url, ready, timeout=ready_timeout, process=process)
            startup = time.perf_counter() - start
            served: list[float] = []
            for write, shows in changes:
                time.sleep(settle)
                t0 = time.perf_counter()
                write()
                wait_for(url, shows, timeout=change_timeout, process=process)
                served.append(time.perf_counter() - t0)
            return {"startup_s": startup, "served_s": served}
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
