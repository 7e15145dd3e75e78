extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]

# A test site: its feeds need no published address.
suppress_warnings = ["longform.no-baseurl"]
