extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
project = "Sections"
author = "Test Author"
html_baseurl = "https://example.org/sections/"
html_copy_source = False
