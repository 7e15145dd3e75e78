extensions = ["myst_parser", "longform"]
html_theme = "furo"
project = "Cite & Preview"
author = "Test Author"
html_baseurl = "https://example.org/site/"
myst_disable_syntax = ["html_block", "html_inline"]
html_copy_source = False
