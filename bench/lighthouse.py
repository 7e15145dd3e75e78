"""Lighthouse (mobile) scores of the built site's front page, an essay, a tag page and the search page.

``python bench/lighthouse.py [HTML_DIR] [--out OUT.json]`` serves a built site (default ``build/html``; build it
first with ``nox -s build``) on 127.0.0.1 as a host serves it (text types gzipped, as GitHub Pages and Read the
Docs do: the search scenario's server, :func:`scenarios.search.serve`), runs Lighthouse 12 from npm (installed
once into ``~/.cache/longform-tests/lighthouse``) in Debian's Chromium (``/usr/bin/chromium`` or
``$LONGFORM_CHROMIUM``) with its default mobile settings (a throttled mid-range phone), and writes the four
category scores of each page as JSON (default ``bench/lighthouse.json``, which the bench report's
"Lighthouse (mobile)" section reads) and as a Markdown table on stdout, for the bench report.

It is a measurement, not a timed test: the numbers depend on the machine (Lighthouse simulates the
throttling from what it observed), so they are recorded, never asserted in CI.  The search page is
``noindex`` on purpose (it is a page of results), which costs it SEO points; that is said beside its row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "lighthouse@12"
CACHE = Path(os.environ.get("LONGFORM_TEST_CACHE", Path.home() / ".cache" / "longform-tests")) / "lighthouse"
CHROMIUM = os.environ.get("LONGFORM_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: The kinds of page measured, in the report's order (:func:`pages` finds one of each).
KINDS = ("front page", "essay", "tag page", "search")
RESULTS = Path(__file__).with_name("lighthouse.json")


def lighthouse() -> Path:
    """Lighthouse's command-line entry point, installed from npm once."""
    cli = CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is missing: Lighthouse is installed from the npm registry")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(CACHE), PACKAGE],
                       check=True)  # fmt: skip
    return cli


def pages(html: Path) -> dict[str, str]:
    """One page of each kind, found in the output: the front page, an essay (one with a figure if there is
    one), a tag page, and the search page asked a word of that essay."""
    essays = sorted(html.glob("essays/*.html"))
    if not essays:
        sys.exit(f"{html} has no essays/*.html: build the site first (nox -s build)")
    essay = next((p for p in essays if "longform-figure" in p.read_text(encoding="utf-8")), essays[0])
    tags = sorted(p for p in html.glob("tags/*.html") if p.name != "index.html")
    words = re.findall(r"\b[a-z]{9,}\b", re.sub(r"<[^>]+>", " ", essay.read_text(encoding="utf-8")))
    word = max(words, key=len) if words else "essay"
    out = {"front page": "index.html", "essay": essay.relative_to(html).as_posix(), "search": f"search.html?q={word}"}
    if tags:
        out["tag page"] = tags[0].relative_to(html).as_posix()
    return out


def run(cli: Path, url: str, about: dict[str, str] | None = None) -> dict[str, int]:
    """The four category scores (0-100) of one page, Lighthouse's default (mobile) configuration; ``about``
    receives the Lighthouse version and the browser's user agent."""
    with tempfile.TemporaryDirectory(prefix="longform-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            "node", str(cli), url, "--quiet", "--output=json", f"--output-path={report}",
            f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}",
        ]  # fmt: skip
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=600)
        data = json.loads(report.read_text(encoding="utf-8"))
    if about is not None:
        about["lighthouse"] = str(data.get("lighthouseVersion", "?"))
        about["browser"] = str((data.get("environment") or {}).get("hostUserAgent", "?"))
    return {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("--out", type=Path, default=RESULTS, help="write the scores here as JSON (the report reads it)")
    args = parser.parse_args()
    html = args.html.resolve()
    cli = lighthouse()
    from scenarios.search import serve  # the bench's own static host: gzip for text types, max-age=600

    server, base = serve(html)
    about: dict[str, str] = {}
    try:
        scores: dict[str, Any] = {
            kind: {"page": path, **run(cli, base + path, about)} for kind, path in pages(html).items()
        }
    finally:
        server.shutdown()
    # How it was measured, for the report: when, with what, and how the site was served.
    about["measured"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    about["served"] = "gzip for text types, max-age=600 (bench/scenarios/search.py)"
    if args.out:
        args.out.write_text(json.dumps({**scores, "about": about}, indent=2) + "\n", encoding="utf-8")
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("|---|" + "---|" * len(CATEGORIES))
    for kind, row in scores.items():
        if kind not in KINDS:
            continue
        note = " (noindex on purpose)" if kind == "search" else ""
        print(f"| {kind} (`{row['page']}`){note} | " + " | ".join(str(row[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
