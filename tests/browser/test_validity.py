"""Validity: the Nu HTML Checker (vnu-jar from npm, run on Java) over every page of the built site.

The site is built once per session (tests/browser/conftest.py), strictly, as CI builds it; the hostile site
(script and markup in every field a contributor controls) is checked too, since strangers' text must not break
the markup either.  One page that is invalid on purpose goes into the same run: a checker that ran on nothing, or
reported nothing, fails the test instead of passing it.

Marked ``browser``: it runs in ``nox -s browser`` (``.ci/run``), which has the built site, npm and Java.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

VNU_PACKAGE = "vnu-jar@26.9.27"
VNU_CACHE = Path(os.environ.get("LONGFORM_TEST_CACHE", Path.home() / ".cache" / "longform-tests")) / "vnu-jar"
#: Invalid on purpose: a <div> inside a <p>, and a <script> with a src that is not JavaScript.
BROKEN = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>broken</title>'
    '<script type="text/plain" src="x.js"></script></head><body><p><div>x</div></p></body></html>'
)


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the checker: ``java -jar vnu.jar``, vnu-jar installed from npm once into the cache."""
    jar = VNU_CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: the Nu HTML Checker runs on it (apt-get install default-jre-headless)")
    if not jar.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the validity test installs vnu-jar from the npm registry")
        VNU_CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(VNU_CACHE), VNU_PACKAGE],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0 or not jar.is_file():
            pytest.fail(f"'npm install {VNU_PACKAGE}' failed:\n{result.stdout}\n{result.stderr}")
    return [java, "-jar", str(jar)]


def _check(vnu: list[str], *folders: Path) -> list[dict[str, Any]]:
    command = [*vnu, "--errors-only", "--format", "json", "--skip-non-html", *map(str, folders)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    report = result.stderr.strip() or result.stdout.strip()  # vnu writes its report to stderr
    try:
        messages: list[dict[str, Any]] = json.loads(report)["messages"]
    except (ValueError, KeyError) as error:
        pytest.fail(f"the Nu HTML Checker gave no report ({error}): {result.stdout[-2000:]}{result.stderr[-2000:]}")
    return messages


@pytest.mark.parametrize("which", ["site", "hostile_site"])
def test_every_page_is_valid_html(request: pytest.FixtureRequest, vnu: list[str], tmp_path: Path, which: str) -> None:
    built = request.getfixturevalue(which)
    html = Path(built.html)
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 10, f"{which} has only {len(pages)} pages"
    control = tmp_path / "control"
    control.mkdir()
    (control / "broken.html").write_text(BROKEN, encoding="utf-8")
    messages = _check(vnu, html, control)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    caught = [m for m in errors if m.get("url", "").endswith("control/broken.html")]
    assert len(caught) >= 2, f"the checker missed the page invalid on purpose: {messages[:5]}"
    found = [
        f"{m['url'].split(str(html), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '')!r}]"
        for m in errors
        if m not in caught
    ]
    assert not found, f"{len(found)} Nu HTML Checker errors on the {which} ({len(pages)} pages):\n" + "\n".join(
        found[:40]
    )
