"""A new Sphinx site that adopts Longform: alabaster, MyST, and the extension — nothing else.

Built by ``nox -s adopt`` in a brand-new environment (only the wheel built from ``extensions/``), and by the tests.
"""

project = "Field notes"
author = "A. Writer"
extensions = ["myst_parser", "longform"]
html_theme = "alabaster"
html_baseurl = "https://notes.example.org/"
longform_essay_dirs = ["posts"]
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["_build"]
