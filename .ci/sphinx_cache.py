"""Sphinx's environment and output kept between CI runs (``.github/workflows/site.yml``).

CI caches ``build/doctrees`` (Sphinx's environment) and ``build/html`` (the pages) of the last
successful build on ``main``, so a build reads and writes only what changed.  Three commands:

``key``      print the cache key's prefix: it changes, and the next build starts clean, when the
             resolved dependencies, the Python, the runner's OS, the configuration (``conf.py``,
             ``docs/conf.py``), ``noxfile.py``, ``pyproject.toml``, the extension
             (``extensions/``) or this file change.
``stamp``    after a successful build: record a digest of every file under ``docs/`` beside
             the environment (``build/doctrees/longform-ci-sources.json``).
``restore``  after the cache is restored, before the build: set the files' times so that Sphinx
             re-reads exactly the files whose content differs from the cached build's.

Why times: Sphinx re-reads a document when its file is newer than when it was last read, and
a fresh checkout gives every file the time of the checkout, which would make every document
look changed.  So ``restore`` gives each source file whose digest equals the recorded one a
time older than any build (2000-01-01), the restored pages the time of the restore, and every
other source file (changed or new) a later time: only those are re-read, and their pages
rewritten.  A cache without a record, or a record in another format, is deleted: the build
starts clean.  ``restore --clean`` deletes the build folders unconditionally (scheduled builds
start clean).  Nothing outside the given folders is touched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "longform-ci-sources.json"
FORMAT = 1
#: The time given to unchanged sources: older than any build's reading time.
OLD = 946_684_800  # 2000-01-01T00:00:00Z
#: What the key covers in the repository (tracked files only, by their Git blob ids).
KEY_PATHS = ("conf.py", "docs/conf.py", "noxfile.py", "pyproject.toml", "extensions", ".ci/sphinx_cache.py")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(srcdir: Path) -> dict[str, str]:
    """Every file under ``srcdir`` (relative POSIX path -> sha256 of its bytes)."""
    return {p.relative_to(srcdir).as_posix(): _digest(p) for p in _files(srcdir)}


def stamp(srcdir: Path, doctrees: Path) -> Path:
    """Record what the build in ``doctrees`` was built from."""
    doctrees.mkdir(parents=True, exist_ok=True)
    target = doctrees / MANIFEST
    target.write_text(json.dumps({"format": FORMAT, "files": sources(srcdir)}, indent=0, sort_keys=True), "utf-8")
    return target


def _start_clean(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)


def restore(srcdir: Path, doctrees: Path, outdir: Path, *, clean: bool = False, now: float | None = None) -> str:
    """Set the times of the sources and the restored output; returns what was done, in one line."""
    if clean:
        _start_clean(doctrees, outdir)
        return "clean build: no cache used"
    if not doctrees.exists():
        _start_clean(outdir)  # pages without their environment are never trusted
        return "no cache restored: clean build"
    try:
        record = json.loads((doctrees / MANIFEST).read_text(encoding="utf-8"))
        recorded = record["files"] if record.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        recorded = None
    if not isinstance(recorded, dict):
        _start_clean(doctrees, outdir)
        return f"the restored cache has no readable {MANIFEST}: deleted, clean build"
    restored = int(now if now is not None else time.time())
    newer = restored + 2  # later than the restored pages, and than any earlier build's reading time
    for path in _files(outdir) if outdir.exists() else []:
        os.utime(path, (restored, restored), follow_symlinks=False)
    same = changed = 0
    current = sources(srcdir)
    for rel, digest in current.items():
        path = srcdir / rel
        if recorded.get(rel) == digest:
            os.utime(path, (OLD, OLD), follow_symlinks=False)
            same += 1
        else:
            os.utime(path, (newer, newer), follow_symlinks=False)
            changed += 1
    gone = len(recorded.keys() - current.keys())
    return f"incremental build from the cache: {same} source files unchanged, {changed} changed or new, {gone} gone"


def key(python: str) -> str:
    """The cache key's prefix (a run id is appended to save; restoring matches the prefix)."""
    digest = hashlib.sha256()
    tracked = subprocess.run(
        ["git", "ls-files", "-s", "--", *KEY_PATHS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    digest.update(tracked.encode())
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for cmd in (
        [python, "-c", "import sys; print(sys.version)"],
        # the editable extension is left out: it is the commit (covered by extensions/ above)
        [python, "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
    ):
        digest.update(subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout.encode())
    digest.update(os.environ.get("ImageOS", sys.platform).encode())  # noqa: SIM112 (GitHub spells it so)
    return f"sphinx-env-v{FORMAT}-{digest.hexdigest()[:32]}-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    k = sub.add_parser("key", help="print the cache key's prefix")
    k.add_argument("--python", default=str(ROOT / ".nox" / "build" / "bin" / "python"))
    for name in ("stamp", "restore"):
        p = sub.add_parser(name)
        p.add_argument("--srcdir", type=Path, default=ROOT / "docs")
        p.add_argument("--doctrees", type=Path, default=ROOT / "build" / "doctrees")
        p.add_argument("--outdir", type=Path, default=ROOT / "build" / "html")
        if name == "restore":
            p.add_argument("--clean", action="store_true", help="delete the build folders: start clean")
    args = parser.parse_args(argv)
    if args.command == "key":
        print(key(args.python))
    elif args.command == "stamp":
        print(f"recorded the sources in {stamp(args.srcdir, args.doctrees)}")
    else:
        print(restore(args.srcdir, args.doctrees, args.outdir, clean=args.clean))
    return 0


if __name__ == "__main__":
    sys.exit(main())
