"""Red team: attacks on the merged walls that are not one essay each (many files, the shape of the site).

Each builds a copy of ``tests/roots/test-matrix`` with the site's own ``conf.py`` (as ``test_hostile`` does) and
asserts on the real build: the located warning, no traceback, and the pages written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from proofkit import build

from longform.core import toctrees

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
HEAD = "---\ndate: 2026-02-11\ndescription: Red team.\ntags: [alpha]\n---\n\n"


def _site(base: Path, files: dict[str, str]) -> Path:
    site = base / "site"
    shutil.copytree(ROOT, site)
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('Path(__file__).parent / "extensions"', repr(str(REPO / "extensions")))
    (site / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def _toctree(*entries: str) -> str:
    return "```{toctree}\n" + "\n".join(entries) + "\n```\n"


def _longform(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[longform." in line and "[longform.missing-date]" not in line]


def test_a_toctree_chain_deeper_than_the_bound_is_cut_with_a_located_warning(tmp_path):
    """A chain of pages each listing the next: at ~1,000 levels Sphinx's recursive walk of the navigation
    overflowed the stack; past :data:`toctrees.MAX_DEPTH` the entry is removed, once, where it is written."""
    depth = toctrees.MAX_DEPTH + 5
    files = {"essays/chain.md": HEAD + "# Chain\n\n" + _toctree("/notes/c1")}
    for level in range(1, depth):
        files[f"notes/c{level}.md"] = f"---\ndate: 2026-01-01\n---\n\n# C{level}\n\n" + _toctree(f"c{level + 1}")
    files[f"notes/c{depth}.md"] = "---\ndate: 2026-01-01\n---\n\n# The end\n\nText.\n"
    built = build(_site(tmp_path, files), freshenv=True)
    ours = _longform(built.warnings)
    # root -> topics/main ... : the matrix's root lists notes/index, which globs every note (level 2); the chain
    # is cut where it passes the bound, and that is the only Longform warning of the build about toctrees
    cut = [line for line in ours if "more than 30 levels below the root page" in line]
    assert len(cut) == 1, "\n".join(ours)
    assert cut[0].endswith("[longform.out-of-range]")
    page = cut[0].split("/site/", 1)[1].split(".md:", 1)[0]
    fence_line = files[f"{page}.md"].splitlines().index("```{toctree}") + 1
    assert f"/site/{page}.md:{fence_line}: WARNING:" in cut[0]
    assert "Traceback" not in built.warnings and "RecursionError" not in built.warnings
    assert (built.outdir / "essays" / "chain.html").is_file()
    assert (built.outdir / "notes" / f"c{depth}.html").is_file()


def test_pages_that_each_list_the_same_two_pages_do_not_make_the_walk_double_at_every_level(tmp_path):
    """A ladder of 20 levels, two pages each listing both pages of the next level: Sphinx's walk (and every
    sidebar) visited 2**20 paths. The entries that list a page with its own toctree a second time are removed."""
    levels = 20
    files = {"essays/ladder.md": HEAD + "# Ladder\n\n" + _toctree("/notes/la1", "/notes/lb1")}
    for level in range(1, levels):
        for side in "ab":
            body = f"---\ndate: 2026-01-01\n---\n\n# L{side}{level}\n\n" + _toctree(f"la{level + 1}", f"lb{level + 1}")
            files[f"notes/l{side}{level}.md"] = body
    for side in "ab":
        files[f"notes/l{side}{levels}.md"] = f"---\ndate: 2026-01-01\n---\n\n# L{side}{levels}\n\nText.\n"
    built = build(_site(tmp_path, files), freshenv=True)
    ours = _longform(built.warnings)
    doubled = [line for line in ours if "which another toctree lists already" in line]
    assert doubled and all(line.endswith("[longform.out-of-range]") for line in doubled), "\n".join(ours)
    assert len(doubled) == len(ours), "\n".join(ours)
    assert "Traceback" not in built.warnings
    assert (built.outdir / "essays" / "ladder.html").is_file()
    assert (built.outdir / "notes" / f"la{levels}.html").is_file()
