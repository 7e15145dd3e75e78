"""The tests' one toolkit: build a source tree (in process or as ``sphinx-build`` in a child), read its pages,
snapshot an output tree, explain differences.

The property test, the bad-input matrix and the reproducibility test all compare
whole output folders.  They share this module so that "what counts as the
output" is decided once: every file under the output folder, byte for byte.

Builds go through :class:`sphinx.testing.util.SphinxTestApp` (what the
``make_app`` fixture wraps); :func:`build` cleans each application up at once,
because hypothesis runs many builds inside one test function and the
``make_app`` fixture would keep every one of them alive until the test ends.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

#: The repository, its test roots and the extension's source folder.
REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "tests" / "roots"
EXTENSIONS = REPO / "extensions"


def warnings_of(app: SphinxTestApp) -> str:
    """What the build warned, without ANSI colours (Sphinx's public ``app.warning`` stream)."""
    return strip_colors(app.warning.getvalue())


def status_of(app: SphinxTestApp) -> str:
    """What the build said on its status stream, without ANSI colours (``app.status``)."""
    return strip_colors(app.status.getvalue())


def build_app(
    srcdir: Path,
    buildername: str = "html",
    *,
    builddir: Path | None = None,
    parallel: int = 0,
    freshenv: bool = False,
    cleanup: bool = True,
    **overrides: Any,
) -> SphinxTestApp:
    """Build ``srcdir`` (incrementally unless ``freshenv``) and return the application.

    ``app.warnings`` and ``app.messages`` hold what it warned and said, without colours. The application is
    cleaned up at once unless ``cleanup=False`` (then the caller calls ``app.cleanup()``): a live application
    would disturb the next one's setup. ``builddir`` (default ``srcdir/_build``) lets a read-only test build a
    root in place, writing only under a temporary folder.
    """
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        freshenv=freshenv,
        confoverrides=overrides,
        status=StringIO(),
        warning=StringIO(),
        parallel=parallel,
    )
    try:
        app.build()
    finally:
        if cleanup:
            app.cleanup()
    app.warnings = warnings_of(app)  # type: ignore[attr-defined]
    app.messages = status_of(app)  # type: ignore[attr-defined]
    return app


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *extra: str,
    strict: bool = True,
    confdir: Path | None = None,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 600,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx -b html`` in a child process, as CI and contributors run it.

    ``strict`` adds ``-W``; ``--keep-going`` and ``--no-color`` always; ``confdir`` is ``-c``; ``extra`` goes
    before the folders (``-q``, ``-j 2``, ``-D name=value``). The extension comes from this repository
    (``PYTHONPATH``) and the build is reproducible (``SOURCE_DATE_EPOCH=0``) unless ``env`` says otherwise.
    """
    args = [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", "--keep-going"]
    if strict:
        args.append("-W")
    if confdir is not None:
        args += ["-c", str(confdir)]
    path = os.pathsep.join(filter(None, [str(EXTENSIONS), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [*args, *extra, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0", "PYTHONPATH": path, **(env or {})},
        preexec_fn=preexec_fn,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def page(where: Path | SphinxTestApp | Built, name: str | None = None) -> str:
    """The text of an output file: ``where`` is a file, or an output folder / app / build and ``name`` the page."""
    if isinstance(where, (SphinxTestApp, Built)):
        where = Path(where.outdir)
    path = Path(where) if name is None else Path(where) / name
    return path.read_text(encoding="utf-8")


def soup(where: Path | SphinxTestApp | Built, name: str | None = None) -> BeautifulSoup:
    """An output page parsed (``html.parser``): see :func:`page` for ``where`` and ``name``."""
    return BeautifulSoup(page(where, name), "html.parser")


def text(node: Any) -> str:
    """A node's text as a reader sees it: every run of whitespace one space, no space at the ends, without
    Sphinx's '¶' permalinks."""
    return " ".join(node.get_text(" ").replace("¶", "").split())


@dataclass(frozen=True)
class Built:
    """What one build left behind: where, what it said, and the catalogue it ended with."""

    srcdir: Path
    outdir: Path
    warnings: str
    status: str
    essays: dict[str, Any]


def build(
    srcdir: Path,
    *,
    builddir: Path | None = None,
    parallel: int = 0,
    freshenv: bool = False,
    **overrides: Any,
) -> Built:
    """Build ``srcdir`` with the html builder (incrementally unless ``freshenv``) and clean up."""
    from longform.core import catalogue

    app = build_app(srcdir, builddir=builddir, parallel=parallel, freshenv=freshenv, **overrides)
    return Built(
        srcdir=srcdir,
        outdir=Path(app.outdir),
        warnings=app.warnings,  # type: ignore[attr-defined]
        status=app.messages,  # type: ignore[attr-defined]
        essays=dict(catalogue.essays(app.env)),
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path -> bytes)."""
    out: dict[str, bytes] = {}
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath, name)
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file (-> size, mtime_ns) and folder (-> (-1, 0)) under ``folder``: to prove what was written."""
    out: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            out[Path(dirpath, name).relative_to(folder).as_posix()] = (-1, 0)
        for name in filenames:
            path = Path(dirpath, name)
            stat = path.lstat()
            out[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return out


def _text_diff(name: str, left: bytes, right: bytes, *, labels: tuple[str, str], context: int = 2) -> str:
    try:
        a = left.decode("utf-8").splitlines()
        b = right.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{name}: binary files differ ({len(left)} vs {len(right)} bytes)"
    if max(map(len, a + b), default=0) > 400:  # minified files (the search index): show where they part
        return _first_difference(name, left.decode("utf-8"), right.decode("utf-8"), labels=labels)
    lines = list(difflib.unified_diff(a, b, f"{labels[0]}/{name}", f"{labels[1]}/{name}", n=context, lineterm=""))
    shown = [line if len(line) < 400 else line[:400] + " …" for line in lines[:60]]
    if len(lines) > 60:
        shown.append(f"… {len(lines) - 60} more diff lines")
    return "\n".join(shown)


def _first_difference(name: str, left: str, right: str, *, labels: tuple[str, str], width: int = 160) -> str:
    at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    start = max(0, at - width)
    return (
        f"{name}: first difference at character {at}\n"
        f"  {labels[0]}: …{left[start : at + width]}…\n"
        f"  {labels[1]}: …{right[start : at + width]}…"
    )


def compare(
    left: dict[str, bytes],
    right: dict[str, bytes],
    *,
    labels: tuple[str, str],
    max_files: int = 4,
) -> str:
    """'' when both trees are identical; otherwise a readable account of every difference."""
    problems: list[str] = []
    only_left = sorted(set(left) - set(right))
    only_right = sorted(set(right) - set(left))
    if only_left:
        problems.append(f"files only in the {labels[0]} build: {only_left}")
    if only_right:
        problems.append(f"files only in the {labels[1]} build: {only_right}")
    differing = sorted(name for name in set(left) & set(right) if left[name] != right[name])
    if differing:
        problems.append(f"{len(differing)} files differ: {differing}")
        for name in differing[:max_files]:
            problems.append(_text_diff(name, left[name], right[name], labels=labels))
    return "\n".join(problems)


def registered_directives() -> set[str]:
    """The directives and roles Longform's ``setup()`` registers, found without building anything.

    The proof corpora grow as features land (a reading path once ``reading-path``
    exists): this asks the extension itself rather than a list kept here.
    """
    from unittest import mock

    import longform

    app = mock.MagicMock()

    app.doctreedir = os.path.join(tempfile.gettempdir(), "longform-mock-doctrees")  # setup compiles catalogues there
    longform.setup(app)
    calls = [*app.add_directive.call_args_list, *app.add_role.call_args_list]
    return {call.args[0] for call in calls if call.args}


def without_pruned_search_terms(files: dict[str, bytes]) -> dict[str, bytes]:
    """``files`` with the search index's *empty* term entries dropped; every other byte kept.

    The one normalisation the incremental/clean comparison needs, and why: when a
    word disappears from the site, Sphinx's ``IndexBuilder.prune`` empties its set
    of documents but keeps the key, so an incremental ``searchindex.js`` carries
    ``"word":[]`` where a clean build has no entry at all.  An empty entry matches
    no page, so search results are identical; everything else in the index
    (titles, documents, every non-empty term) is still compared exactly.
    """
    raw = files.get("searchindex.js")
    if raw is None:
        return files
    text = raw.decode("utf-8")
    prefix, suffix = "Search.setIndex(", ")"
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return files
    index = json.loads(text[len(prefix) : -len(suffix)])
    for key in ("terms", "titleterms"):
        if isinstance(index.get(key), dict):
            index[key] = {term: docs for term, docs in index[key].items() if docs != []}
    rewritten = prefix + json.dumps(index, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + suffix
    return {**files, "searchindex.js": rewritten.encode("utf-8")}


def hostile(where: str) -> str:
    """A payload that runs script if it reaches a page unescaped, marked with the field it was put in."""
    return f'<script>alert("{where}")</script><img src=x onerror=alert("{where}")>" onmouseover="alert(1)'


def code_digest() -> str:
    """A digest of Longform's code and assets, to tell "the extension was edited during the run"
    (several people edit one working tree) from a real difference."""
    import hashlib

    import longform

    digest = hashlib.sha1()
    package = Path(longform.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
