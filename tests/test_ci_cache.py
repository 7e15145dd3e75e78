"""CI's cached Sphinx environment (.ci/sphinx_cache.py, .github/workflows/site.yml): who reads it, who writes
it, when the build starts clean, and which files Sphinx reads again after a restore."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("sphinx_cache", REPO / ".ci" / "sphinx_cache.py")
assert SPEC and SPEC.loader
sphinx_cache = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(sphinx_cache)

MAIN = "(github.event_name == 'push' || github.event_name == 'schedule') && github.ref == 'refs/heads/main'"


def _steps() -> list[dict]:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    return workflow["jobs"]["build"]["steps"]


def _site(root: Path) -> tuple[Path, Path, Path]:
    src, doctrees, out = root / "docs", root / "build" / "doctrees", root / "build" / "html"
    for rel, text in {"index.md": "# Home\n", "essays/a.md": "# A\n", "essays/b.md": "# B\n"}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    doctrees.mkdir(parents=True)
    (doctrees / "environment.pickle").write_bytes(b"env")
    out.mkdir(parents=True)
    (out / "index.html").write_text("<p>Home</p>", encoding="utf-8")
    return src, doctrees, out


def test_pull_requests_only_read_and_main_alone_writes_after_a_strict_build():
    steps = _steps()
    uses = [step.get("uses", "") for step in steps]
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert not any(u.startswith("actions/cache@") for u in uses)  # the combined action saves on every event
    for step in (restore, save):
        assert re.fullmatch(r"actions/cache/(restore|save)@[0-9a-f]{40}", step["uses"]), step["uses"]
        assert step["with"]["path"].split() == ["build/doctrees", "build/html"]
    assert restore["if"] == "github.event_name == 'pull_request' || github.event_name == 'push'"
    assert restore["with"]["restore-keys"] == "${{ steps.sphinx-key.outputs.prefix }}"
    assert save["if"] == MAIN
    names = [step.get("name", "") for step in steps]
    build = names.index("Strict build")
    assert names.index(restore["name"]) < build < names.index(save["name"])
    assert steps[build]["run"] == "nox -s build"
    stamp = next(s for s in steps if "sphinx_cache.py stamp" in s.get("run", ""))
    assert stamp["if"] == MAIN and build < steps.index(stamp) < steps.index(save)
    # the key comes from the installed environment, before the tests and before anything is restored
    key = next(s for s in steps if s.get("id") == "sphinx-key")
    assert "nox -s build --install-only" in key["run"] and steps.index(key) < names.index("Tests")


def test_the_key_covers_the_dependencies_the_config_and_the_extension():
    assert {"conf.py", "docs/conf.py", "pyproject.toml", "extensions", "noxfile.py"} <= set(sphinx_cache.KEY_PATHS)
    source = (REPO / ".ci" / "sphinx_cache.py").read_text(encoding="utf-8")
    assert '"pip", "list"' in source and "sys.version" in source


def test_unchanged_files_look_read_and_changed_ones_look_new(tmp_path):
    src, doctrees, out = _site(tmp_path)
    sphinx_cache.stamp(src, doctrees)
    # a checkout: every file new, one edited, one added
    (src / "essays" / "a.md").write_text("# A, edited\n", encoding="utf-8")
    (src / "essays" / "c.md").write_text("# C\n", encoding="utf-8")
    said = sphinx_cache.restore(src, doctrees, out, now=2_000_000_000)
    assert said.endswith("2 source files unchanged, 2 changed or new, 0 gone"), said
    mtime = {p.relative_to(src).as_posix(): p.stat().st_mtime for p in src.rglob("*.md")}
    assert mtime["index.md"] == mtime["essays/b.md"] == sphinx_cache.OLD
    assert mtime["essays/a.md"] == mtime["essays/c.md"] == 2_000_000_002
    assert (out / "index.html").stat().st_mtime == 2_000_000_000  # older than the changed sources
    assert (doctrees / "environment.pickle").is_file()


def test_a_cache_without_its_record_or_a_scheduled_build_starts_clean(tmp_path):
    src, doctrees, out = _site(tmp_path)
    said = sphinx_cache.restore(src, doctrees, out)
    assert "clean build" in said and not doctrees.exists() and not out.exists()
    src, doctrees, out = _site(tmp_path / "two")
    sphinx_cache.stamp(src, doctrees)
    (doctrees / sphinx_cache.MANIFEST).write_text('{"format": 0, "files": {}}', encoding="utf-8")
    sphinx_cache.restore(src, doctrees, out)
    assert not doctrees.exists() and not out.exists()
    src, doctrees, out = _site(tmp_path / "three")
    sphinx_cache.stamp(src, doctrees)
    sphinx_cache.restore(src, doctrees, out, clean=True)
    assert not doctrees.exists() and not out.exists()
    # pages restored without their environment are not trusted either
    out.mkdir(parents=True)
    sphinx_cache.restore(src, doctrees, out)
    assert not out.exists()
    assert all(os.path.getmtime(p) != sphinx_cache.OLD for p in src.rglob("*.md"))
