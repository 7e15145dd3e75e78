"""Sessions: build · serve · tests · browser · lint · linkcheck · bench · new.

Every session runs on the interpreter that runs nox unless ``--python`` asks for
another; a missing interpreter is an error, never a silent skip.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["build", "tests"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD = ROOT / "build"
HTML = BUILD / "html"  # the published site
DOCTREES = BUILD / "doctrees"  # kept outside the published folder


def _install(session: nox.Session, *groups: str) -> None:
    deps = [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", ".", *deps)


def _source_date_epoch() -> str:
    """The last commit's time, so two builds of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"


def _sphinx(session: nox.Session, builder: str, outdir: Path, *extra: str) -> None:
    session.run(
        "sphinx-build",
        "-b",
        builder,
        "-c",
        str(ROOT),
        "-d",
        str(DOCTREES if builder == "html" else BUILD / f"doctrees-{builder}"),
        "-W",
        "--keep-going",
        *extra,
        str(ROOT / "docs"),
        str(outdir),
        env={"SOURCE_DATE_EPOCH": _source_date_epoch()},
    )


@nox.session
def build(session: nox.Session) -> None:
    """Build the site strictly (a warning fails the build) into build/html."""
    _install(session)
    _sphinx(session, "html", HTML, *session.posargs)
    session.log(f"site written to {HTML / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview with live reload on http://127.0.0.1:8000 (drafts shown)."""
    _install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "-c",
        str(ROOT),
        "-D",
        "longform_show_drafts=1",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        str(ROOT / "extensions"),
        "--watch",
        str(ROOT / "conf.py"),
        "--ignore",
        "*/__pycache__/*",
        "-d",
        str(BUILD / "doctrees-serve"),
        str(ROOT / "docs"),
        str(BUILD / "serve"),
        *session.posargs,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite (extensions, warnings, incremental builds, feeds). Fails if no test ran."""
    _install(session, "tests")
    session.run("pytest", "-m", "not browser and not slow", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """The built site in a real Chromium (Debian's /usr/bin/chromium), with axe-core from npm.

    A missing browser fails the session (never a skip): install it with `apt-get install chromium`
    (.ci/run does), or point LONGFORM_CHROMIUM at another Chromium binary.
    """
    chromium = Path(os.environ.get("LONGFORM_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        session.error(f"{chromium} is missing: run 'apt-get install -y chromium' as root (or set LONGFORM_CHROMIUM)")
    if shutil.which("npm") is None:
        session.error("npm is missing: the accessibility tests install axe-core from the npm registry")
    _install(session, "tests", "browser")
    session.run("pytest", "-m", "browser", "tests/browser", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and zizmor's audit of the CI workflows (offline: no GitHub API)."""
    deps = nox.project.dependency_groups(PYPROJECT, "lint")
    session.install(*deps)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("zizmor", "--offline", "--no-progress", ".github/workflows")


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every link of the site (needs the network for external links)."""
    _install(session)
    _sphinx(session, "linkcheck", BUILD / "linkcheck", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against plain Sphinx; writes BENCHMARKS.md. `nox -s bench -- --quick` for N=300 only."""
    _install(session, "bench")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(venv_backend="none")
def new(session: nox.Session) -> None:
    """Scaffold an essay: nox -s new -- "The title of the essay" [tag ...]"""
    if not session.posargs:
        session.error('give a title: nox -s new -- "My essay title" tag1 tag2')
    title, *tags = session.posargs
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "essay"
    path = ROOT / "docs" / "essays" / f"{slug}.md"
    if path.exists():
        session.error(f"{path.relative_to(ROOT)} already exists")
    today = dt.date.today().isoformat()
    tag_list = ", ".join(tags) or "architecture"
    path.write_text(
        "---\n"
        f"date: {today}\n"
        "description: One or two sentences that tell a reader why to read this.\n"
        f"tags: [{tag_list}]\n"
        "draft: true\n"
        "---\n\n"
        f"# {title}\n\nYour opening paragraph.\n",
        encoding="utf-8",
    )
    session.log(f"wrote {path.relative_to(ROOT)} (a draft); add it to a topic's toctree under docs/topics/")
