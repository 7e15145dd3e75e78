"""The writer's loop in the dev server: ``python -m longform serve`` started on the corpus as an adopter starts it,
the edited essay open in Chromium (Playwright), a sentence added to its source file, and the time from the file's
write until the reloaded page shows the sentence and has finished loading.  ``plan.devserver_edits`` edits (each
replaces the previous one's sentence, each saved once the server is idle again: the previous build done, the rest
of its pages, feeds and search index written), the median is what the target reads; then the served output folder is
compared with a clean build of the same sources (equal but for the live-reload script tag the server adds)."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builds import child_env, digests, log
from edits import pick_essay

from .search import CHROMIUM_ARGS

if TYPE_CHECKING:
    from run import Runner

#: The configuration the server and the clean build it is compared with share: FULL with Sphinx's own search, as
#: the server builds it (``longform_search = "sphinx"``, see ``longform.cli.serve``).
VARIANT = "SEARCH-SPHINX"
#: The server's live-reload script tag: the one line a served page has that a clean build's page has not.
LIVE_RELOAD = re.compile(rb'<script defer="defer" src="(\.\./)*_static/longform-serve\.js[^"]*"></script>\s*')
#: Seconds the whole loop may take for one edit before the scenario gives up (the target is one).
PATIENCE = 60.0
_SERVING = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def sentence(i: int) -> str:
    """The ``i``-th edit's sentence: an author's revision, unique, none of its words a tag or a title."""
    return f"Revision {i + 1} of this paragraph adds a sentence that the reader sees once it is saved."


def with_sentence(text: str, added: str) -> str:
    """``text`` with ``added`` at the end of a prose paragraph in its middle (as :func:`edits.body_edit`)."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    prose = [i for i in range(end + 1, len(lines)) if re.match(r"^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+ ", lines[i] or "")]
    i = prose[len(prose) // 2]
    while i + 1 < len(lines) and lines[i + 1].strip():
        i += 1
    lines[i] = f"{lines[i].rstrip()} {added}"
    return "\n".join(lines)


def served_digests(folder: Path) -> dict[str, str]:
    """:func:`builds.digests` of the served folder, each page without the live-reload script tag."""
    import hashlib

    out: dict[str, str] = {}
    for rel in digests(folder):
        data = (folder / rel).read_bytes()
        out[rel] = hashlib.sha1(LIVE_RELOAD.sub(b"", data) if rel.endswith(".html") else data).hexdigest()
    return out


def _wait_for_port(server: subprocess.Popen[str], timeout: float) -> int:
    """The port the server prints once its first build is done (``--port 0``: a free one)."""
    assert server.stdout is not None
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([server.stdout], [], [], 1.0)
        if not ready:
            if server.poll() is not None:
                break
            continue
        line = server.stdout.readline()
        if not line and server.poll() is not None:
            break
        seen.append(line)
        if match := _SERVING.search(line):
            return int(match.group(1))
    raise RuntimeError("the server did not start:\n" + "".join(seen[-20:]))


def _drain(server: subprocess.Popen[str], into: list[str]) -> None:
    """What the server printed since the last call (its "Rebuilt in ..." lines), without blocking."""
    assert server.stdout is not None
    while select.select([server.stdout], [], [], 0)[0]:
        line = server.stdout.readline()
        if not line:
            return
        into.append(line.rstrip("\n"))


def _state(port: int) -> dict[str, Any]:
    """The server's last build (``/__longform/state``): its version, seconds and warnings."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__longform/state", timeout=10) as response:
        state: dict[str, Any] = json.loads(response.read())
    return state


def _idle(port: int, timeout: float) -> None:
    """Wait until the server's last build is done (its state no longer ``building``)."""
    deadline = time.monotonic() + timeout
    while _state(port).get("building") and time.monotonic() < deadline:
        time.sleep(0.2)


def measure(runner: Runner, n: int) -> None:
    from playwright.sync_api import sync_playwright

    corp = runner.corpus(n)
    src = Path(corp.srcdir)
    plan = pick_essay(corp)
    essay = src / f"{plan.docname}.md"
    original = essay.read_text(encoding="utf-8")
    out = runner.workdir / f"out-{n}" / "serve"
    if out.exists():
        shutil.rmtree(out)
    snapshot = runner.workdir / "snapshot" / "extensions"
    env = {**child_env(), "PYTHONPATH": os.pathsep.join([str(snapshot), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "longform", "serve", str(src), "-c", str(runner.confdirs[VARIANT])]
    command += ["--output", str(out), "--port", "0"]
    info: dict[str, Any] = {"docname": plan.docname, "edits": [], "command": " ".join(command[1:])}
    runner.results.devserver[str(n)] = info
    started = time.perf_counter()
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True
    )
    printed: list[str] = []
    try:
        port = _wait_for_port(server, timeout=1800)
        info["first_build_s"] = round(time.perf_counter() - started, 1)
        log(f"  serve N={n}: first build and start {info['first_build_s']} s, port {port}")
        url = f"http://127.0.0.1:{port}/{plan.docname}.html"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, timeout=60_000)
            try:
                page = browser.new_page()
                page.set_default_timeout(PATIENCE * 1000)
                page.goto(url, wait_until="load")
                page.wait_for_selector("html[data-longform-serve-version]")  # the live-reload stream is open
                for i in range(runner.plan.devserver_edits):
                    added = sentence(i)
                    # Each save finds the server idle: the previous build's pages after the first (listings,
                    # feeds, the search index) written, and the environment pickled a second after that.
                    _idle(port, timeout=PATIENCE * 5)
                    time.sleep(2.0)
                    t0 = time.perf_counter()
                    essay.write_text(with_sentence(original, added), encoding="utf-8")
                    page.get_by_text(added).wait_for(state="visible")
                    page.wait_for_load_state("load")
                    seconds = time.perf_counter() - t0
                    early = _state(port)
                    _idle(port, timeout=PATIENCE * 5)
                    state = _state(port)
                    info["edits"].append(
                        {
                            "seconds": round(seconds, 3),
                            "rebuild_s": state.get("seconds"),
                            "early_s": early.get("seconds") if early.get("building") else None,
                            "load": [round(x, 2) for x in os.getloadavg()],
                        }
                    )
                    log(
                        f"  serve N={n} edit {i + 1}: saved -> served {seconds:.3f} s (the whole rebuild "
                        f"{state.get('seconds')} s; load {os.getloadavg()[0]:.2f})"
                    )
            finally:
                browser.close()
        times = [e["seconds"] for e in info["edits"]]
        info["median_s"] = round(statistics.median(times), 3)
        info["load"] = [round(x, 2) for x in os.getloadavg()]
        time.sleep(3.0)  # anything the server does after the page is served (search, the environment's pickle)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        _drain(server, printed)
        info["server_log_tail"] = printed[-5:]
    # The sources as the last edit left them, built clean with the server's configuration.
    try:
        runner.build(VARIANT, n, "serve-check", clean=True, tag="-serve-check", record=False)
    finally:
        essay.write_text(original, encoding="utf-8")
    served, clean = served_digests(out / "html"), digests(runner.dirs(n, VARIANT, "-serve-check")[0])
    info["stale"] = {
        "differ": sorted(p for p in served.keys() & clean.keys() if served[p] != clean[p]),
        "only_incremental": sorted(served.keys() - clean.keys()),
        "only_clean": sorted(clean.keys() - served.keys()),
        "compared": len(served.keys() & clean.keys()),
    }
    log(f"  serve N={n}: median {info['median_s']} s; differ from clean: {len(info['stale']['differ'])}")
    runner.save(f"devserver N={n}")


def run(runner: Runner) -> None:
    for n in runner.plan.devserver_at:
        measure(runner, n)
