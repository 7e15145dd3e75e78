"""``python -m longform serve`` in Chromium: a saved edit reloads the open page with the change, a bad input
shows its located warning in the page's overlay, and fixing it clears the overlay.

The server is the real command, a subprocess on the property test's small site, on a free port (``--port 0``;
the port is read from what it prints) and stopped in a ``finally`` whatever happens. Every wait has a timeout.
"""

from __future__ import annotations

import dataclasses
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 60_000
OVERLAY = "[data-longform-serve-overlay]"


@dataclass
class Served:
    source: Path
    url: str
    process: subprocess.Popen[str]


def _port(process: subprocess.Popen[str], timeout: float) -> int:
    """The port in the server's "Serving on http://127.0.0.1:PORT/" line, read as it prints it."""
    assert process.stdout is not None
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline and process.poll() is None:
        if not select.select([process.stdout], [], [], 0.5)[0]:
            continue
        line = process.stdout.readline()
        seen.append(line)
        if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
            return int(match.group(1))
    pytest.fail(f"the server did not start within {timeout} s:\n{''.join(seen)}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    from proofkit import registered_directives
    from test_incremental_property import NOW, initial, render, write

    # The property test's site without its two deliberate warnings (a series of one part, a tag nobody uses), so
    # the overlay has nothing to show until this test breaks a page.
    start = initial()
    essays = dict(start.essays)
    essays["e3"] = dataclasses.replace(essays["e3"], series=None, part=None)
    tags = {slug: title for slug, title in start.tags.items() if slug != "delta"}
    source = tmp_path / "src"
    write(render(dataclasses.replace(start, essays=essays, tags=tags), available=registered_directives()), source)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "extensions"), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "longform", "serve", str(source), "--output", str(tmp_path / "out")]
    command += ["--port", "0", "-D", f"longform_now={NOW}"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    try:
        port = _port(process, timeout=300)
        yield Served(source, f"http://127.0.0.1:{port}/", process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_reloads_the_page_and_warnings_show_in_it(served: Served, open_page: Any) -> None:
    watched = open_page()
    page = watched.page
    page.set_default_timeout(TIMEOUT_MS)
    watched.goto(served.url + "essays/e0.html")
    page.wait_for_selector("html[data-longform-serve-version]")  # the live-reload stream is open
    assert page.locator(OVERLAY).count() == 0
    essay = served.source / "essays" / "e0.md"

    # 1. A sentence added: the page reloads by itself and shows it.
    _save(essay, "# Queues are promises\n", "# Queues are promises\n\nWritten while the server ran.\n")
    page.get_by_text("Written while the server ran.").wait_for(state="visible")
    page.wait_for_load_state("load")
    page.wait_for_selector("html[data-longform-serve-version]")
    # The edited page comes first; the build's end brings no warnings, so no overlay.
    page.wait_for_function("() => !document.querySelector('[data-longform-serve-overlay]')")

    # 2. A link to an essay that does not exist: the overlay shows the warning, with the file and line.
    _save(essay, "Written while the server ran.", "See {doc}`no-such-essay`.")
    overlay = page.locator(OVERLAY)
    overlay.wait_for(state="visible")
    page.wait_for_function(
        "() => /e0\\.md:\\d+/.test(document.querySelector('[data-longform-serve-overlay]').textContent)"
    )
    text = overlay.inner_text()
    assert "no-such-essay" in text, text
    assert re.search(r"e0\.md:\d+", text), text
    assert overlay.get_attribute("role") == "alert"

    # 3. Fixed: the page reloads with the fix and the overlay goes.
    _save(essay, "See {doc}`no-such-essay`.", "Fixed in place.")
    page.get_by_text("Fixed in place.").wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('[data-longform-serve-overlay]')")
    assert page.locator(OVERLAY).count() == 0
    watched.assert_clean("the served essay through three saves")

    # 4. The served search page finds the essay with Sphinx's index and says which index it searches.
    watched.goto(served.url + "search.html?q=promises")
    page.locator("#search-results a", has_text="Queues are promises").first.wait_for(state="visible")
    note = page.locator("[data-longform-serve-search-note]")
    note.wait_for(state="visible")
    assert "Pagefind" in note.inner_text() and "Sphinx" in note.inner_text()
    watched.assert_clean("the served search page")
