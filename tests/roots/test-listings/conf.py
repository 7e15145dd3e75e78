extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
project = "Listings"
author = "Test Author"
html_baseurl = "https://example.org/site/"
longform_feed_length = 4
html_copy_source = False  # as the real site
