"""Sessions: build · serve · tests · tests_oldest · fuzz · slow · browser · lint · linkcheck · adopt · bench · new ·
translations.

Every session runs on the interpreter that runs nox unless ``--python`` asks for
another; a missing interpreter is an error, never a silent skip.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nox
from packaging.requirements import Requirement  # nox's own dependency

nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
# Environments are kept between runs and reinstalled only when what they install changes (see _install):
# a reinstall touches the theme's templates, and Sphinx then rebuilds every page.
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build", "tests"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD = ROOT / "build"
HTML = BUILD / "html"  # the published site
DOCTREES = BUILD / "doctrees"  # kept outside the published folder


def _install(session: nox.Session, *groups: str) -> None:
    """The extension (editable, from extensions/) and the site's and the groups' dependencies.

    Skipped when nothing it would install has changed since the environment was made: a stamp in the
    environment holds a digest of both pyproject files, the groups and the interpreter.
    """
    deps = [dep for group in ("site", *groups) for dep in nox.project.dependency_groups(PYPROJECT, group)]
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", ROOT / "extensions" / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(repr((deps, session.python, sys.version)).encode())
    stamp = Path(session.virtualenv.location) / ".longform-installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest.hexdigest():
        session.log("dependencies unchanged since this environment was made: not reinstalling")
        return
    session.install("-e", str(ROOT / "extensions"), *deps)
    stamp.write_text(digest.hexdigest(), encoding="utf-8")


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


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@nox.session
def serve(session: nox.Session) -> None:
    """Preview with live reload on http://127.0.0.1:8000 (drafts shown): ``python -m longform serve`` keeps the
    build in memory and reloads the edited page as soon as it is written (``bench/scenarios/devserver.py`` times
    it). Ctrl-C or SIGTERM stops it cleanly."""
    _install(session, "serve")
    # nox passes Ctrl-C on to the server and waits for it; make SIGTERM (a `kill <pid>`) do the same,
    # instead of leaving the server listening without its parent.
    signal.signal(signal.SIGTERM, _interrupt)
    session.run(
        "python",
        "-m",
        "longform",
        "serve",
        str(ROOT / "docs"),
        "-c",
        str(ROOT),
        "--drafts",
        "--output",
        str(BUILD / "serve"),
        "--watch",
        str(ROOT / "extensions" / "longform"),
        *session.posargs,
    )


#: How many processes share the test suite (pytest-xdist): one per core. The tests are independent (each builds
#: in its own temporary folder; shared builds are per process), so ``-n`` changes the time, not the outcome.
#: ``nox -s tests -- -n 0`` runs in one process (to debug with ``pdb``, or to read Sphinx's output in order).
WORKERS = ["-n", "auto", "--dist", "worksteal"]


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite (extensions, warnings, incremental builds, feeds) on every core: ~380 CPU-seconds, so about
    3½ minutes on two idle cores. Long property runs are `nox -s slow`, the fuzzer `nox -s fuzz`. Fails if no test
    ran (pytest's exit 5). LONGFORM_COUNT_BUILDS=1 prints how many Sphinx builds the run made."""
    _install(session, "tests")
    session.run("pytest", *WORKERS, "-m", "not browser and not slow and not fuzz", *session.posargs)


#: The seed of the slow property runs in CI, as the fuzzer's: the same drawn sequences on every run, so a failure
#: reproduces (another seed: nox -s slow -- --hypothesis-seed=N).
SLOW_SEED = "20261207"


@nox.session
def slow(session: nox.Session) -> None:
    """The tests marked ``slow``: hypothesis' drawn sequences of edits (incremental equals clean), the long
    property run and the 2,000-essay page-size bound. A fixed seed; .ci/run calls it. Fails if no test ran."""
    _install(session, "tests")
    session.run("pytest", *WORKERS, "-m", "slow", f"--hypothesis-seed={SLOW_SEED}", *session.posargs)


#: The fuzzer's seed in CI: the same random essays on every run, so a failure reproduces (a long run with
#: another seed: nox -s fuzz -- --hypothesis-seed=N).
FUZZ_SEED = "20261207"


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property-based fuzzer (tests/test_fuzz.py): random essays built strictly, each build in a child
    process with 1 GiB of memory and a time limit; no traceback, every warning located. A fixed seed and
    ~3 minutes; LONGFORM_FUZZ_EXAMPLES=2000 for a long run. Fails if no test ran (pytest's exit 5)."""
    _install(session, "tests")
    # success_codes stays [0]: exit 5 (no test collected, e.g. a marker renamed) fails the session.
    session.run(
        "pytest",
        "-m",
        "fuzz",
        f"--hypothesis-seed={FUZZ_SEED}",
        "tests/test_fuzz.py",
        *session.posargs,
    )


#: The oldest versions the extension supports (pins of extensions/pyproject.toml's lower bounds).
OLDEST = ROOT / ".ci" / "oldest.txt"
#: What `tests_oldest` runs: the tests of every shim of longform.core.compat and of what differs between Sphinx
#: releases (builders, search index, publishing, files, output contract, packaging), the hostile matrix and the
#: example site, the bad-input matrix — about 4 minutes on two busy cores (measured: 138 s without the bad-input
#: matrix, which adds ~100 s); `nox -s tests_oldest -- tests` runs everything.
OLDEST_TESTS = [
    f"tests/test_{name}.py"
    for name in (
        "foundation", "tags", "builders", "hostile", "compat", "packaging", "publishing", "output_contract",
        "example_site", "csp", "listings", "feed", "locale", "search", "stemmer", "files_policy", "bad_input_matrix",
    )
]  # fmt: skip


@nox.session(python="3.11")
def tests_oldest(session: nox.Session) -> None:
    """The tests on the oldest supported Sphinx, MyST-Parser and sphinx-design (.ci/oldest.txt) and Python 3.11:
    the other end of the matrix from `nox -s tests`, which installs the newest."""
    deps = [dep for group in ("site", "tests") for dep in nox.project.dependency_groups(PYPROJECT, group)]
    digest = hashlib.sha256(OLDEST.read_bytes())
    for path in (ROOT / "pyproject.toml", ROOT / "extensions" / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(repr((deps, session.python)).encode())
    stamp = Path(session.virtualenv.location) / ".longform-installed"
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == digest.hexdigest()):
        # The site group asks for the newest Sphinx and MyST: left to the extension's own range, which the
        # constraints hold at the oldest pins.
        newest = {"sphinx", "myst-parser"}
        deps = [dep for dep in deps if Requirement(dep).name not in newest]
        session.install("-c", str(OLDEST), "-e", str(ROOT / "extensions"), *deps)
        stamp.write_text(digest.hexdigest(), encoding="utf-8")
    versions = "import sphinx, myst_parser; print('Sphinx', sphinx.__version__, 'MyST-Parser', myst_parser.__version__)"
    session.run("python", "-c", versions)
    session.run("pytest", *WORKERS, "-m", "not browser and not slow and not fuzz", *(session.posargs or OLDEST_TESTS))


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
    if shutil.which("java") is None:
        session.error("java is missing: the Nu HTML Checker runs on it (apt-get install default-jre-headless)")
    _install(session, "tests", "browser")
    session.run("pytest", "-m", "browser", "tests/browser", *session.posargs)


@nox.session(reuse_venv=False)
def adopt(session: nox.Session) -> None:
    """A brand-new environment with only the built wheel of extensions/ (what `pip install sphinx-longform` gets
    from the package index) builds examples/alabaster-site strictly."""
    session.install("build")
    dist = Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    # Built from a copy, so no build/ or egg-info of the source folder goes into the wheel or stays behind.
    source = Path(session.create_tmp()) / "extensions"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(ROOT / "extensions", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), str(source))
    (wheel,) = dist.glob("sphinx_longform-*-py3-none-any.whl")
    session.install(str(wheel))  # not the folder, and nothing else: what an adopting site gets
    out = BUILD / "adopt"
    shutil.rmtree(out, ignore_errors=True)
    site = ROOT / "examples" / "alabaster-site"
    session.run(
        "sphinx-build",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-q",
        "-d",
        str(out / "doctrees"),
        str(site),
        str(out / "html"),
    )
    session.run("python", str(ROOT / "examples" / "check.py"), str(out / "html"), "--alone")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, the import contracts of the extension's layers (lint-imports,
    contracts in pyproject.toml), the type checker (mypy --strict: [tool.mypy] in pyproject.toml), the
    complexity ceiling (radon: no function of the extension above 30) and zizmor's audit of the CI workflows
    (offline: no GitHub API)."""
    # The extension and its dependencies too: mypy checks the package against Sphinx's and docutils' types.
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    # The package is read from the source tree (import-linter parses, it does not import the package).
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": str(ROOT / "extensions")})
    session.run("mypy")  # files, strictness and the untyped third-party modules: [tool.mypy]
    session.run("python", "tests/test_complexity.py")
    session.run("zizmor", "--offline", "--no-progress", ".github/workflows")


#: The extension's message catalogues: locale/longform.pot and one <lang>/LC_MESSAGES/longform.po per language.
LOCALE = ROOT / "extensions" / "longform" / "locale"
#: How pybabel finds the messages: ``_(message)`` and ``_(singular, plural, n)`` (longform.ui.text), nothing else
#: (tests/test_translations.py extracts with the same keywords and compares with the committed .pot). Babel counts
#: the trailing comma ruff format adds to a call split over lines as one more argument: hence 2t and 4t.
BABEL_KEYWORDS = [
    "--no-default-keywords",
    "--keyword=_:1,1t",
    "--keyword=_:1,2t",
    "--keyword=_:1,2,3t",
    "--keyword=_:1,2,4t",
]


@nox.session
def translations(session: nox.Session) -> None:
    """Extract the messages of the extension into locale/longform.pot and merge them into each language's .po.

    A new message comes into each .po untranslated (no fuzzy guesses) and a removed one leaves it; then translate
    the empty msgstr entries: tests/test_translations.py fails until every .po translates every message.  The .mo
    files are not kept: the wheel compiles them (extensions/setup.py), a checkout at build time.
    """
    session.install("babel>=2.13")
    core = (ROOT / "extensions" / "longform" / "core" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^VERSION = "([^"]+)"', core, re.MULTILINE)
    pot = LOCALE / "longform.pot"
    session.chdir(ROOT / "extensions")  # locations in the catalogues read "longform/ui/labels.py"
    session.run(
        "pybabel",
        "extract",
        *BABEL_KEYWORDS,
        "--project=sphinx-longform",
        f"--version={version.group(1) if version else '0'}",
        "--copyright-holder=The Longform authors",
        "--header-comment=# What readers of a sphinx-longform site see: written by `nox -s translations`.",
        "--sort-output",
        "--add-location=file",
        "--no-wrap",
        f"--output-file={pot}",
        "longform",
    )
    session.run(
        "pybabel", "update", f"--input-file={pot}", f"--output-dir={LOCALE}", "--domain=longform",
        "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap",
    )  # fmt: skip


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every link of the site (needs the network for external links)."""
    _install(session)
    _sphinx(session, "linkcheck", BUILD / "linkcheck", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against plain Sphinx, ABlog, sphinx-tags, Hugo and MkDocs Material; writes BENCHMARKS.md (targets:
    bench/targets.toml).
    `nox -s bench -- --quick` for N=300 only; a smoke run of a minute or two at N=50 into build/ (BENCHMARKS.md
    untouched): `nox -s bench -- --quick --sizes 50 --anchors-at 50 --incremental-at 50 --parallel-at 50
    --pr-at 50 --search-at 50 --peers-at 50 --profile-at 50 --workdir build/bench-50
    --output build/bench-50/BENCHMARKS.md`."""
    _install(session, "bench")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def new(session: nox.Session) -> None:
    """Scaffold a draft essay in docs/essays/: nox -s new -- "The title of the essay" [tag ...]
    (the same as `python -m longform new "Title" tag ...` where the extension is installed)."""
    if not session.posargs:
        session.error('give a title: nox -s new -- "My essay title" tag1 tag2')
    session.install("-e", str(ROOT / "extensions"))  # the command is the extension's own (longform.cli.new)
    session.run("python", "-m", "longform", "new", *session.posargs, "--site", str(ROOT))
