"""Source distributions fetched from PyPI for tests that prove Longform on other projects' own material.

One download per version, pinned by its sha256 and kept in pytest's cache between runs (or the session's tmp);
never copied into this repository.  A failed download fails the test (CI reaches PyPI), it is never a skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder kept between runs when pytest's cache is on, else one for this session."""
    provider = getattr(request.config, "cache", None)
    return Path(provider.mkdir(name)) if provider is not None else tmp_path_factory.mktemp(name)


def fetch(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, *, project: str, version: str, sha256: str
) -> Path:
    """``project==version``'s sdist (checked against ``sha256``), unpacked; the path of its top folder."""
    cache = cache_dir(request, tmp_path_factory, f"{project}-{version}-sdist")
    stem = f"{project.replace('-', '_')}-{version}.tar.gz"
    sdist = cache / stem
    if not sdist.is_file() or _digest(sdist) != sha256:
        download = tmp_path_factory.mktemp(f"{project}-download")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"{project}=={version}", "-d", str(download)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        found = sorted(download.glob("*.tar.gz"))
        if done.returncode != 0 or not found:
            pytest.fail(f"could not download {project} {version}'s sdist from PyPI:\n{done.stdout}\n{done.stderr}")
        assert _digest(found[0]) == sha256, f"PyPI's {project} sdist is not the one these tests were written for"
        partial = cache / f"{stem}.{os.getpid()}.part"
        shutil.copyfile(found[0], partial)
        os.replace(partial, sdist)  # whole or not at all, if two sessions download at once
    unpacked = tmp_path_factory.mktemp(f"{project}-sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    (root,) = unpacked.iterdir()
    return root


def install_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str, requirements: list[str]
) -> Path:
    """``requirements`` installed (without their dependencies) into a folder of their own, for ``PYTHONPATH``:
    never into the environment the tests run in."""
    cache = cache_dir(request, tmp_path_factory, name)
    target = cache / "site"
    marker = cache / "installed.txt"
    wanted = "\n".join(requirements)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), *requirements],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"could not install {requirements}:\n{done.stdout}\n{done.stderr}")
    marker.write_text(wanted, encoding="utf-8")
    return target
