"""Shared fixtures: Sphinx's own pytest plugin, our test roots, and build helpers."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
def build() -> Callable[..., Any]:
    """Build ``srcdir`` with html (or another builder) and return the app (:func:`proofkit.build_app`).

    The app's warnings are in ``app.warnings`` (a string, without ANSI colours), its status in ``app.messages``.
    """
    from proofkit import build_app

    return build_app


@pytest.fixture(scope="session")
def built_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Any]]:
    """One html build per root and configuration for the whole session, built in place: for tests that only
    read the output (pages, the environment, the warnings). ``built_root("series")`` or
    ``built_root("series", longform_show_drafts=True)``; never edit the root or the output it returns."""
    from proofkit import build_app

    built: dict[tuple[str, str], Any] = {}

    def get(name: str, **overrides: Any) -> Any:
        key = (name, repr(sorted(overrides.items())))
        if key not in built:
            builddir = tmp_path_factory.mktemp(f"built-{name}")
            built[key] = build_app(ROOTS / f"test-{name}", builddir=builddir, freshenv=True, **overrides)
        return built[key]

    yield get


@pytest.fixture(scope="session")
def listings_site(built_root: Callable[..., Any]) -> Any:
    """One build of the listings root, shared by the tests that only read its output."""
    app = built_root("listings")
    assert app.warnings == ""
    return app
