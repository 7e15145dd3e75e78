"""Shared fixtures: Sphinx's own pytest plugin, our test roots, and build helpers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def copy_root(tmp_path: Path):
    """Copy ``tests/roots/test-<name>`` to a fresh folder and return it (for edits)."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", dest)
        return dest

    return copy


@pytest.fixture
def build(make_app):
    """Build ``srcdir`` with html (or another builder) and return the app.

    The app's warnings are in ``app.warnings`` (a string, without ANSI colours).
    """

    def run(srcdir: Path, buildername: str = "html", *, parallel: int = 0, freshenv: bool = False, **overrides):
        app = make_app(buildername, srcdir=srcdir, parallel=parallel, freshenv=freshenv, confoverrides=overrides)
        app.build()
        from sphinx.util.console import strip_colors

        app.warnings = strip_colors(app._warning.getvalue())
        return app

    return run


@pytest.fixture(scope="session")
def listings_site(tmp_path_factory):
    """One build of the listings root, shared by the tests that only read its output."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    src = tmp_path_factory.mktemp("listings-site") / "listings"
    shutil.copytree(ROOTS / "test-listings", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()  # at once: a live application would disturb the next one's setup
    assert strip_colors(app._warning.getvalue()) == ""
    return app
