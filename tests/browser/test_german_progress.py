"""The scripts of a German site, in Chromium: every word they write is the page's, translated (reading-path
progress, Pagefind's search page), and Sphinx's translations run under the site's policy.

tests/roots/test-paths built with ``language = "de"``: its first path is alpha, beta, gamma.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from proofkit import build

pytestmark = pytest.mark.browser
ROOTS = Path(__file__).resolve().parents[1] / "roots"
TIMEOUT = 15_000  # ms: a local site either answers at once or is broken


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("paths-de") / "paths"
    shutil.copytree(ROOTS / "test-paths", src)
    built = build(src, freshenv=True, language="de")
    assert built.warnings == "", built.warnings
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="serve paths-de", daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_progress_is_counted_and_marked_in_german(german_site: str, open_page: Any) -> None:
    watched = open_page()
    page = watched.page
    watched.goto(german_site + "paths/first.html")
    progress = page.locator("article .longform-path-totals [data-longform-progress]")
    assert progress.inner_text().strip() == ""  # a first visit: no "0 von 3 gelesen" (nothing read yet)

    watched.goto(german_site + "essays/alpha.html")
    button = page.locator('button[data-longform-read-toggle="essays/alpha"]')
    assert button.inner_text().strip() == "Als gelesen markieren"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"

    watched.goto(german_site + "paths/first.html")
    progress = page.locator("article .longform-path-totals [data-longform-progress]")
    assert progress.inner_text().strip() == "1 von 3 gelesen"
    state = page.locator('article [data-longform-essay="essays/alpha"] [data-longform-read-state]')
    page.wait_for_function("() => document.querySelector('[data-longform-read-state]') !== null", timeout=TIMEOUT)
    assert state.inner_text().strip() == "✓ Gelesen"
    watched.assert_clean("German reading-path progress")


def test_sphinx_translations_run_under_the_policy(german_site: str, open_page: Any) -> None:
    """Sphinx's translations.js sets the catalogue's locale and plural rule without eval (which the site's
    policy refuses), and its messages translate."""
    watched = open_page()
    watched.goto(german_site + "paths/first.html")
    page = watched.page
    assert page.evaluate("Documentation.LOCALE") == "de"
    assert page.evaluate("[0, 1, 2].map((n) => Documentation.PLURAL_EXPR(n))") == [1, 0, 1]
    assert page.evaluate("Documentation.gettext('Search Results')") == "Suchergebnisse"
    watched.assert_clean("Sphinx's translations in German")


def test_the_search_page_answers_in_german(german_site: str, open_page: Any) -> None:
    """Pagefind's results on a German site: Sphinx's heading, and our summary in the catalogue's plural form."""
    watched = open_page()
    page = watched.page
    watched.goto(german_site + "search.html?q=Omega")  # only essays/omega.md says "Omega"
    summary = page.locator("#search-results p.search-summary")
    page.wait_for_function(
        "() => (document.querySelector('#search-results p.search-summary') || {}).textContent", timeout=TIMEOUT
    )
    # the heading repeats the query, in German typography
    assert page.locator("#search-results h2").inner_text().strip() == "Ergebnisse für „Omega“"
    assert summary.inner_text().strip() == "Suche abgeschlossen: eine Seite gefunden."
    watched.goto(german_site + "search.html?q=Zyxwvut")
    page.wait_for_function(
        "() => (document.querySelector('#search-results p.search-summary') || {}).textContent", timeout=TIMEOUT
    )
    assert page.locator("#search-results p.search-summary").inner_text().startswith("Die Suche hat keine Seite")
    watched.assert_clean("the German search page")
