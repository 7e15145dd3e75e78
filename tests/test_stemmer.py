"""PyStemmer (a site dependency) speeds up search indexing without changing it: the search index of a
test root is byte-identical with PyStemmer and with snowballstemmer's pure-Python stemmers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
EXTENSIONS = Path(__file__).resolve().parent.parent / "extensions"

BUILD = """
import sys
if sys.argv[1] == "pure":
    sys.modules["Stemmer"] = None  # snowballstemmer falls back to its pure-Python stemmers
sys.path.insert(0, sys.argv[4])
import snowballstemmer
print(type(snowballstemmer.stemmer("english")).__module__)
from sphinx.cmd.build import main
options = ["-D", "suppress_warnings=longform.no-baseurl", "-D", "longform_search=sphinx"]  # Sphinx's own index
sys.exit(main(["-b", "html", "-q", "-E", *options, sys.argv[2], sys.argv[3]]))
"""


def _index(tmp_path: Path, mode: str) -> tuple[str, bytes]:
    site = tmp_path / f"site-{mode}"
    shutil.copytree(ROOT, site)
    out = tmp_path / f"out-{mode}"
    done = subprocess.run(
        [sys.executable, "-c", BUILD, mode, str(site), str(out), str(EXTENSIONS)],
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": "1767225600", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0], (out / "searchindex.js").read_bytes()


def test_the_search_index_is_the_same_with_and_without_pystemmer(tmp_path):
    fast_impl, fast = _index(tmp_path, "pystemmer")
    pure_impl, pure = _index(tmp_path, "pure")
    assert fast_impl == "Stemmer", "PyStemmer is a site dependency: snowballstemmer should use it"
    assert pure_impl.startswith("snowballstemmer"), pure_impl
    assert b"zanzibar" in fast  # a word of the root, indexed
    assert fast == pure
