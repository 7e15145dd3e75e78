extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
myst_enable_extensions = ["colon_fence"]
project = "Reader"
author = "Test Author"
html_baseurl = "https://example.org/reader/"
html_copy_source = False
