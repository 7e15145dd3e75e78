extensions = ["myst_parser", "longform"]
html_theme = "furo"
project = "Bylines"
author = "Test Author"
html_baseurl = "https://example.org/site/"
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
html_copy_source = False
