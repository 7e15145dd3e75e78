"""Search: the bytes one query typed into the search box costs a reader (Chromium driven by Playwright, the site
served gzipped), with Pagefind (FULL) and with Sphinx's own search, and the time Pagefind takes to index the site."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import corpus as corpus_mod
from builds import log

if TYPE_CHECKING:
    from run import Runner


#: Served gzipped when the request accepts it, as GitHub Pages and Read the Docs do for text types.
GZIP_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml")
#: How long a reader's browser may keep a file without asking again (GitHub Pages sends max-age=600).
MAX_AGE = 600
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_CODE_NAME = re.compile(r"\b([a-z]+_[a-z]+)\b")


def search_word(corp: corpus_mod.Corpus, most: int = 5) -> tuple[str, list[str]]:
    """A query a reader would type: a code identifier (``noun_noun``) of a few published essays' bodies.

    The corpus's prose draws on a vocabulary of about two hundred words, so each prose word is in
    nearly every essay (and its rare plurals stem to common words): no query of one prose word finds
    a few pages.  The identifiers in the essays' code blocks are rare; the one chosen is in the most
    essays, at most ``most``, ties broken by name: deterministic by seed.  Returns it and its essays.
    """
    where: dict[str, set[str]] = {}
    for plan in corp.plans:
        if plan.draft:
            continue
        text = (Path(corp.srcdir) / f"{plan.docname}.md").read_text(encoding="utf-8")
        fenced = False
        for line in text.split("\n"):
            if line.startswith("```"):
                fenced = not fenced if not line.startswith("```{") else fenced
                continue
            if fenced:
                for name in _CODE_NAME.findall(line):
                    where.setdefault(name, set()).add(plan.docname)
    word = min((name for name in where if len(where[name]) <= most), key=lambda name: (-len(where[name]), name))
    return word, sorted(where[word])


def serve(folder: Path) -> tuple[Any, str]:
    """``folder`` over HTTP on a free local port, text types gzipped: the server (call ``shutdown``) and its URL."""
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            super().end_headers()

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            kind = self.guess_type(str(path))
            accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
            if not (accepts and path.is_file() and kind.split(";")[0] in GZIP_TYPES):
                super().do_GET()  # Pagefind's .pagefind / .pf_* files are gzipped already: as they are
                return
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_query(folder: Path, word: str, *, timeout_ms: int = 60_000) -> dict[str, Any]:
    """What a reader's browser receives for one query typed into furo's sidebar search box.

    ``index.html`` is opened first (not counted); then the word is typed into the box and Enter
    pressed, and every response from then until results are shown and the network is idle is
    summed as Chrome counts it (``encodedDataLength`` from the DevTools protocol: bytes on the wire,
    headers included).  Files the browser already holds from ``index.html`` come from its cache,
    as they would for a reader (the server sends ``Cache-Control: max-age=600``).
    """
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("LONGFORM_CHROMIUM", "/usr/bin/chromium")
    server, url = serve(folder)
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cached: set[str] = set()
    on = [False]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                cdp = page.context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
                cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))

                def finished(event: dict[str, Any]) -> None:
                    if on[0]:
                        sizes[event["requestId"]] = int(event["encodedDataLength"])

                cdp.on("Network.loadingFinished", finished)
                page.goto(url + "index.html", wait_until="networkidle")
                box = page.locator("input.sidebar-search:visible").first
                box.fill(word)
                on[0] = True
                t0 = time.perf_counter()
                box.press("Enter")
                page.wait_for_url("**/search.html?q=*", timeout=timeout_ms)
                summary = page.locator("#search-results p.search-summary")
                page.wait_for_function(
                    "() => { const p = document.querySelector('#search-results p.search-summary');"
                    " return p && /found|did not match/.test(p.textContent); }",
                    timeout=timeout_ms,
                )
                page.wait_for_load_state("networkidle", timeout=timeout_ms)
                seconds = time.perf_counter() - t0
                on[0] = False
                text = summary.first.text_content() or ""
                shown = page.locator("#search-results ul.search li").count()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    found = re.search(r"found (\d+|one) page", text)
    count = 0 if not found else (1 if found[1] == "one" else int(found[1]))
    by_url: dict[str, int] = {}
    for request, size in sizes.items():
        name = urls.get(request, request).removeprefix(url).split("?")[0]
        by_url[name] = by_url.get(name, 0) + size
    network = [r for r, size in sizes.items() if r not in cached]
    return {
        "bytes": sum(sizes.values()),
        "requests": len(network),
        "from_cache": len(sizes) - len(network),
        "results": count,
        "shown": shown,
        "seconds": round(seconds, 2),
        "summary": text.strip(),
        "largest": sorted(by_url.items(), key=lambda item: -item[1])[:8],
    }


def time_pagefind(outdir: Path) -> float | None:
    """Seconds Pagefind takes to index a built site, run as the build runs it (same binary and options)."""
    from longform.site import search as longform_search

    executable = longform_search.binary()
    if executable is None:
        return None
    t0 = time.perf_counter()
    problem = longform_search.run_pagefind(outdir, executable)
    seconds = time.perf_counter() - t0
    if problem:
        raise SystemExit(f"pagefind on {outdir} failed: {problem}")
    return seconds


def measure(runner: Runner, n: int) -> None:
    """One query, typed into the search box, on the FULL site (Pagefind) and on the same site with
    Sphinx's search (``longform_search = "sphinx"``), each served gzipped; and Pagefind's indexing time."""
    corp = runner.corpus(n)
    word, essays = search_word(corp)
    run = len(runner.results.meta.get("previous", []))
    outdir, _ = runner.dirs(n, "FULL")
    done = [
        b
        for b in runner.results.builds
        if b["essays"] == n and b["variant"] == "FULL" and b["kind"] == "clean" and b.get("run", 0) == run
    ]
    reused = bool(done) and (outdir / "_pagefind" / "pagefind-entry.json").is_file()
    full = done[-1]["wall"] if reused else runner.build("FULL", n, "clean", clean=True).wall
    sphinx = runner.build("SEARCH-SPHINX", n, "clean", clean=True)
    sphinx_out, _ = runner.dirs(n, "SEARCH-SPHINX")
    index_s = time_pagefind(outdir)
    info: dict[str, Any] = {
        "word": word,
        "essays_with_word": essays,
        "full_build_s": full,
        "full_build_reused": reused,
        "sphinx_build_s": sphinx.wall,
        "pagefind_index_s": index_s,
        "pagefind_bundle_kib": sum(p.stat().st_size for p in (outdir / "_pagefind").rglob("*") if p.is_file()) / 1024,
        "searchindex_kib": (sphinx_out / "searchindex.js").stat().st_size / 1024,
    }
    for engine, folder in (("pagefind", outdir), ("sphinx", sphinx_out)):
        info[engine] = measure_query(folder, word)
        q = info[engine]
        log(
            f"  search N={n} {engine:8} {word!r}: {q['bytes']:,} bytes, {q['requests']} requests, "
            f"{q['results']} results ({q['seconds']:.1f}s)"
        )
    if index_s is not None:
        log(f"  pagefind index N={n}: {index_s:.2f}s = {index_s / full:.1%} of the FULL build ({full:.1f}s)")
    runner.results.search[str(n)] = info
    runner.save(f"search N={n}")


def run(runner: Runner) -> None:
    for n in runner.plan.search_at:
        measure(runner, n)
