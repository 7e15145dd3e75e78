extensions = ["myst_parser", "longform"]
html_theme = "furo"
html_baseurl = "https://example.org/"
myst_disable_syntax = ["html_block", "html_inline"]
