"""The built site in a real browser: Debian's Chromium driven by Playwright, axe-core from npm.

Session fixtures build the real site once (strictly, like ``nox -s build``) and a
hostile site (the bad-input matrix's root with script in every metadata field),
serve each with ``http.server`` on 127.0.0.1 in a thread, and start one Chromium.
Chromium is ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package);
Playwright never downloads a browser.  A missing browser is a failure, never a skip.

Every page a test opens through :func:`open_page` records console errors,
uncaught exceptions, failed requests and dialogs; :func:`assert_clean` fails with
the list.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

import proofkit  # noqa: E402
from proofkit import hostile  # noqa: E402

CHROMIUM = Path(os.environ.get("LONGFORM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PACKAGE = "axe-core@4.10.3"
AXE_CACHE = ROOT / "build" / ".cache" / "axe-core"
EPOCH = "1767225600"


# -- building and serving -------------------------------------------------------------------


def _sphinx(srcdir: Path, confdir: Path, out: Path, *, strict: bool) -> None:
    result = proofkit.sphinx_build(
        srcdir,
        out / "html",
        "-d",
        str(out / "doctrees"),
        "-q",
        strict=strict,
        confdir=confdir,
        env={"SOURCE_DATE_EPOCH": EPOCH},
        timeout=900,
        cwd=ROOT,
    )
    if result.returncode != 0:
        pytest.fail(f"building {srcdir} failed ({' '.join(result.args)}):\n{result.stdout}\n{result.stderr}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


@dataclass
class Site:
    """A built site, served on 127.0.0.1."""

    html: Path
    base: str  # "http://127.0.0.1:PORT/"
    kinds: dict[str, str] = field(default_factory=dict)  # kind of page -> path from the root

    def url(self, path: str) -> str:
        return self.base + path

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / path).read_text(encoding="utf-8"), "html.parser")


def _serve(html: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name=f"serve {html}", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _first(html: Path, pattern: str, *, exclude: tuple[str, ...] = ("index.html",), want: str = "") -> str | None:
    """The first page matching ``pattern`` (sorted), preferring one whose HTML contains ``want``."""
    pages = [p for p in sorted(html.glob(pattern)) if p.name not in exclude]
    preferred = [p for p in pages if want and want in p.read_text(encoding="utf-8")]
    chosen = (preferred or pages or [None])[0]
    return chosen.relative_to(html).as_posix() if chosen else None


def page_kinds(html: Path) -> dict[str, str]:
    """One page of every kind the site generates, found in the output (not a list kept by hand)."""
    kinds = {
        "front page": "index.html",
        "essay": _first(html, "essays/*.html", want="longform-path-banner"),
        "earlier writing": _first(html, "earlier/*.html"),
        "note": _first(html, "notes/*.html"),
        "notes": "notes/index.html",
        "topic": _first(html, "topics/*.html"),
        "tag index": "tags/index.html",
        "tag page": _first(html, "tags/*.html"),
        "series index": "series/index.html",
        "series page": _first(html, "series/*.html"),
        "paths index": "paths/index.html",
        "path page": _first(html, "paths/*.html"),
        "archive": "archive.html",
        "404": "404.html",
        "search": "search.html",
    }
    missing = sorted(kind for kind, path in kinds.items() if path is None or not (html / path).is_file())
    assert not missing, f"the built site has no page of these kinds: {missing}"
    return {kind: path for kind, path in kinds.items() if path}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site, built once, strictly (a warning fails the session), and served."""
    out = tmp_path_factory.mktemp("site")
    _sphinx(ROOT / "docs", ROOT, out, strict=True)
    server, base = _serve(out / "html")
    yield Site(html=out / "html", base=base, kinds=page_kinds(out / "html"))
    server.shutdown()


def write_hostile_site(srcdir: Path) -> None:
    """The bad-input matrix's root with script in every metadata field a reader can see."""
    shutil.copytree(TESTS / "roots" / "test-matrix", srcdir)
    shutil.copy(ROOT / "conf.py", srcdir / "conf.py")

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string

    (srcdir / "essays" / "hostile.md").write_text(
        "---\n"
        f"title: {q(hostile('title'))}\n"
        "date: 2026-03-01\n"
        f"description: {q(hostile('description'))}\n"
        f"tags: [alpha, {q(hostile('tag'))}]\n"
        "series: s1\n"
        "part: 3\n"
        f"author: {q(hostile('author'))}\n"
        "---\n\n"
        f"# {hostile('heading')}\n\n"
        f"{hostile('body')} The word hostileword makes this essay easy to find.\n",
        encoding="utf-8",
    )
    tags_yaml = srcdir / "tags.yaml"
    tags_yaml.write_text(
        tags_yaml.read_text(encoding="utf-8")
        .replace("title: Alpha", f"title: {q(hostile('tag-title'))}")
        .replace("The first tag.", q(hostile("tag-description"))),
        encoding="utf-8",
    )
    (srcdir / "series.yaml").write_text(
        f"s1:\n  title: {q(hostile('series-title'))}\n  description: {q(hostile('series-description'))}\n",
        encoding="utf-8",
    )
    (srcdir / "paths" / "main.md").write_text(
        f"---\ndescription: {q(hostile('path-description'))}\n---\n\n# Path {hostile('path-title')}\n\n"
        "```{reading-path}\n- essays/valid-one\n- essay: essays/hostile\n"
        f"  note: {q(hostile('path-note'))}\n```\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site whose metadata is script everywhere (built leniently: it warns, by design), served."""
    out = tmp_path_factory.mktemp("hostile")
    write_hostile_site(out / "src")
    _sphinx(out / "src", out / "src", out, strict=False)
    server, base = _serve(out / "html")
    yield Site(html=out / "html", base=base)
    server.shutdown()


# -- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright. Missing: the session fails and says how to install it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need Debian's Chromium — run 'apt-get install -y chromium' "
            "as root (.ci/run does); Playwright's own browser downloads are not used"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js, installed from the npm registry once into build/.cache."""
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the accessibility tests install axe-core from the npm registry")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(AXE_CACHE), AXE_PACKAGE],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not script.is_file():
            pytest.fail(f"'npm install {AXE_PACKAGE}' failed:\n{result.stdout}\n{result.stderr}")
    return script.read_text(encoding="utf-8")


@dataclass
class Watched:
    """A page with everything that went wrong on it recorded."""

    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response.status if response else 'nothing'}"

    def assert_clean(self, what: str) -> None:
        assert not self.dialogs, f"{what}: a script opened dialogs: {self.dialogs}"
        assert not self.errors, f"{what}: console errors or failed requests:\n" + "\n".join(self.errors)


def _request_failed(watched: Watched, request: Any) -> None:
    failure = request.failure or ""
    if failure == "net::ERR_ABORTED":
        # Cancelled by the browser because the test moved on (the site icon is fetched after "load"):
        # a missing file is an HTTP 404, which the response handler reports.
        return
    watched.errors.append(f"request failed: {request.url} ({failure})")


def watch(page: Any) -> Watched:
    watched = Watched(page)

    def on_console(message: Any) -> None:
        if message.type == "error":
            source = (message.location or {}).get("url", "")
            watched.errors.append(f"console error on {page.url}: {message.text} ({source})")

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(f"{dialog.type} on {page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught exception on {page.url}: {error}"))
    page.on("requestfailed", lambda request: _request_failed(watched, request))
    page.on(
        "response",
        lambda response: (
            watched.errors.append(f"HTTP {response.status} for {response.url} (from {page.url})")
            if response.status >= 400
            else None
        ),
    )
    page.on("dialog", on_dialog)
    return watched


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(width=..., color_scheme=...)`` -> a :class:`Watched` page in a fresh context."""
    contexts = []

    def make(*, width: int = 1280, height: int = 900, color_scheme: str = "light") -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()
