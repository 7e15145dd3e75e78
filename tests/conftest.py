"""Shared fixtures: Sphinx's own pytest plugin, our test roots, and the build fixtures.

Which to use (every one builds through :func:`proofkit.build_app`, the one build helper):

- ``built_root("tags")`` (session): the output of a root you only read. One build per root and configuration
  for the whole run, built in place with the output under a temporary folder; never edit what it returns.
- ``copy_root("tags")`` + ``build(src, ...)``: a root you edit before or between builds (incremental tests).
- ``proofkit.build`` / ``proofkit.sphinx_build``: a generated site, compared as a tree / built in a child
  process as ``sphinx-build`` runs in CI.

Read pages with ``proofkit.soup`` / ``proofkit.text`` and warnings with ``app.warnings`` (from Sphinx's public
``app.warning``). The suite runs under pytest-xdist (``nox -s tests`` = ``-n auto``): a session fixture is per
worker process, and a test must not depend on another having run.
"""

from __future__ import annotations

import os
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


# -- LONGFORM_COUNT_BUILDS=1: how many Sphinx builds the run made (to measure the suite, not to test it) --------

_BUILDS = pytest.StashKey[list[int]]()


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("LONGFORM_COUNT_BUILDS"):
        return
    from sphinx.application import Sphinx

    counter = config.stash[_BUILDS] = [0]
    original = Sphinx.build

    def counted(self: Sphinx, *args: Any, **kwargs: Any) -> None:
        counter[0] += 1
        original(self, *args, **kwargs)

    Sphinx.build = counted  # type: ignore[method-assign]  # this process only, for this run only


def pytest_sessionfinish(session: pytest.Session) -> None:
    counter = session.config.stash.get(_BUILDS, None)
    workeroutput = getattr(session.config, "workeroutput", None)
    if counter is not None and workeroutput is not None:  # a pytest-xdist worker: report to the controller
        workeroutput["longform_builds"] = counter[0]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    counter = node.config.stash.get(_BUILDS, None)
    if counter is not None:
        counter[0] += node.workeroutput.get("longform_builds", 0)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counter = config.stash.get(_BUILDS, None)
    if counter is not None:
        terminalreporter.write_line(f"LONGFORM_COUNT_BUILDS: {counter[0]} in-process Sphinx builds")
