# The bad-input matrix builds this root with the site's own conf.py (copied over this file by
# tests/test_bad_input_matrix.py), so every extension the site uses sees the malformed inputs.
extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]

# A test site: its feeds need no published address.
suppress_warnings = ["longform.no-baseurl"]
