"""The distribution ``sphinx-longform`` (extensions/) as a package index gets it, and the versions it supports.

The wheel and sdist are built from a copy of ``extensions/`` (``python -m build``, in an isolated environment as
pip would), checked with ``twine check --strict`` (the README renders, the metadata is complete), and the wheel's
file list is compared with the package's folders on disk: every static file, template and catalogue a build reads
must be in it.  The supported Sphinx, MyST and sphinx-design ranges are written in three places that must agree:
extensions/pyproject.toml, ``longform.core.compat.TESTED`` and the oldest pins in ``.ci/oldest.txt``.
"""

from __future__ import annotations

import email
import gettext
import io
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from packaging.requirements import Requirement
from packaging.version import Version

import longform
from longform.core import compat

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ROOT / "extensions"
PACKAGE = EXTENSIONS / "longform"
PYPROJECT = tomllib.loads((EXTENSIONS / "pyproject.toml").read_text(encoding="utf-8"))
OLDEST = ROOT / ".ci" / "oldest.txt"

#: The distributions whose supported range pyproject states and compat.TESTED records.
RANGED = ("sphinx", "myst-parser", "sphinx-design", "docutils")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist and wheel built from a clean copy of extensions/ (no build/ or egg-info of an earlier run)."""
    base = tmp_path_factory.mktemp("dist")
    source = base / "extensions"
    shutil.copytree(
        EXTENSIONS, source, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__", "*.pyc")
    )
    out = base / "out"
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("sphinx_longform-*-py3-none-any.whl")
    return wheel


def _sdist(dist: Path) -> Path:
    (sdist,) = dist.glob("sphinx_longform-*.tar.gz")
    return sdist


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def test_twine_check_strict_passes(dist):
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(_wheel(dist)), str(_sdist(dist))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_every_file_the_extension_reads(dist):
    with zipfile.ZipFile(_wheel(dist)) as archive:
        names = set(archive.namelist())
    on_disk = {
        path.relative_to(EXTENSIONS).as_posix()
        for folder in ("static", "templates", "locale")
        for path in (PACKAGE / folder).rglob("*")
        if path.is_file()
    }
    modules = {
        path.relative_to(EXTENSIONS).as_posix() for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts
    }
    assert {"longform/templates/longform-redirect.html", "longform/locale/de/LC_MESSAGES/longform.po"} <= on_disk
    assert any(name.startswith("longform/static/") and name.endswith(".css") for name in on_disk)
    assert on_disk - names == set(), "package data missing from the wheel"
    # No .mo in git: setup.py compiles each .po into the wheel, which an installed site reads as it is.
    compiled = {name.removesuffix(".po") + ".mo" for name in on_disk if name.endswith(".po")}
    assert compiled and compiled <= names, "a catalogue is not compiled into the wheel"
    for name in sorted(compiled):
        with zipfile.ZipFile(_wheel(dist)) as archive:
            translations = gettext.GNUTranslations(io.BytesIO(archive.read(name)))
        with (EXTENSIONS / name).with_suffix(".po").open("rb") as source:
            singular = [m for m in read_po(source) if m.id and isinstance(m.id, str)]
        assert singular and all(translations.gettext(m.id) == m.string for m in singular), name
    assert modules - names == set(), "modules missing from the wheel"
    assert "longform/py.typed" in names
    licenses = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
    assert licenses, "the LICENSE file is not in the wheel's metadata"
    with zipfile.ZipFile(_wheel(dist)) as archive:
        text = archive.read(licenses[0]).decode("utf-8")
    assert text == (EXTENSIONS / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "Copyright (c) 2026 The Longform authors" in text
    # Nothing of the repository around the package: no tests, no site.
    assert not [name for name in names if name.split("/")[0] not in ("longform",) and ".dist-info/" not in name]


def test_the_sdist_holds_the_license_readme_and_package_data(dist):
    with tarfile.open(_sdist(dist)) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = ["LICENSE", "README.md", "pyproject.toml", "setup.py", "longform/py.typed", "longform/locale/longform.pot"]
    wanted += [po.relative_to(EXTENSIONS).as_posix() for po in PACKAGE.glob("locale/*/LC_MESSAGES/*.po")]
    wanted.append("longform/templates/longform-redirect.html")
    for name in wanted:
        assert name in names, name
    static = {p.relative_to(EXTENSIONS).as_posix() for p in (PACKAGE / "static").rglob("*") if p.is_file()}
    assert static <= names


def test_the_wheel_metadata(dist):
    metadata = _metadata(_wheel(dist))
    assert metadata["Name"] == "sphinx-longform"
    assert metadata["Version"] == longform.__version__
    assert Version(metadata["Version"]) == Version(longform.__version__)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == ">=3.11"
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    assert metadata.get_content_type() == "text/plain"  # the README travels as the body
    assert metadata["Description-Content-Type"] == "text/markdown"
    readme = metadata.get_payload()
    assert "pip install sphinx-longform" in readme
    assert 'extensions = ["myst_parser", "longform"]' in readme
    assert "https://" in readme.split("## Documentation", 1)[1], "the README links the documentation"
    requires = {Requirement(text).name: Requirement(text) for text in metadata.get_all("Requires-Dist")}
    assert str(requires["sphinx"].specifier) == str(Requirement("sphinx>=8.1,<10").specifier)


def test_one_version_number():
    """pyproject names no version of its own: it reads longform.core.VERSION."""
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "longform.core.VERSION"}
    assert longform.__version__ == longform.core.VERSION


def _dependency(name: str) -> Requirement:
    (requirement,) = [
        Requirement(text) for text in PYPROJECT["project"]["dependencies"] if Requirement(text).name == name
    ]
    return requirement


def _bound(requirement: Requirement, operator: str) -> tuple[int, ...]:
    (spec,) = [spec for spec in requirement.specifier if spec.operator == operator]
    return Version(spec.version).release


@pytest.mark.parametrize("name", RANGED)
def test_compat_tested_agrees_with_pyproject(name):
    """The range pip may install is the range compat's shims were checked against."""
    requirement = _dependency(name)
    low, high = compat.TESTED[name]
    assert _bound(requirement, ">=")[: len(low)] == low
    assert _bound(requirement, "<") == high[: len(_bound(requirement, "<"))]


def _oldest() -> dict[str, Version]:
    pins = {}
    for line in OLDEST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", line
            pins[requirement.name] = Version(spec.version)
    return pins


@pytest.mark.parametrize("name", RANGED)
def test_the_oldest_pins_are_the_lowest_supported_versions(name):
    """.ci/oldest.txt (nox -s tests_oldest) installs what pyproject's lower bound allows, and nothing lower."""
    pin = _oldest()[name]
    requirement = _dependency(name)
    assert requirement.specifier.contains(pin)
    assert pin.release[: len(_bound(requirement, ">="))] == _bound(requirement, ">=")


def _app_with_longform(tmp_path: Path):
    """Makes a Sphinx test application whose conf.py loads Longform (and nothing else); it undoes Sphinx's global
    registrations when its setup fails, so later applications of this process see none."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["longform"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    return lambda: SphinxTestApp("html", srcdir=src)


def test_an_older_sphinx_is_one_clear_error_naming_the_version_needed(tmp_path, monkeypatch):
    """Sphinx 7.4 stops at Longform's setup with Sphinx's own error, which names the version needed."""
    import sphinx
    from sphinx.errors import VersionRequirementError

    make = _app_with_longform(tmp_path)
    monkeypatch.setattr(sphinx, "version_info", (7, 4, 7, "final", 0))
    with pytest.raises(VersionRequirementError) as raised:
        make()
    assert str(raised.value) == (
        "The longform extension used by this project needs at least Sphinx v8.1; "
        "it therefore cannot be built with this version."
    )


def test_a_newer_sphinx_is_one_clear_error_naming_the_supported_range(tmp_path, monkeypatch):
    import sphinx
    from sphinx.errors import ExtensionError

    make = _app_with_longform(tmp_path)
    monkeypatch.setattr(sphinx, "version_info", (10, 0, 0, "final", 0))
    monkeypatch.setattr(sphinx, "__display_version__", "10.0.0")
    with pytest.raises(ExtensionError) as raised:
        make()
    message = str(raised.value)
    assert "sphinx-longform" in message and "Sphinx 8.1 to 9.x" in message and "Sphinx 10.0.0" in message
    assert "pip install 'sphinx>=8.1,<10'" in message
