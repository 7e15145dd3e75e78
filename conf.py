"""Sphinx configuration for Longform: site settings only.

Build with ``sphinx-build -c . docs build/html`` (or ``nox -s build``).
Every ``longform_*`` value is documented in ``extensions/longform/config.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "extensions"))

project = "Longform"
author = "The Longform authors"
copyright = "2026, the Longform authors"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "longform",
]

root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]
templates_path: list[str] = []

# -- MyST: front matter on, and safe defaults for pages written by strangers ---------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3
# Raw HTML in Markdown is shown as text, never passed through.
myst_disable_syntax = ["html_block", "html_inline"]
# No `raw` directive, no file inclusion (`include`, `literalinclude`, `csv-table :file:`).
raw_enabled = False
file_insertion_enabled = False

# -- HTML -----------------------------------------------------------------------------
html_theme = "furo"
html_title = "Longform"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
