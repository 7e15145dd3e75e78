extensions = ["myst_parser", "longform", "sphinxext.opengraph"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
myst_enable_extensions = ["colon_fence"]
project = "Openings"
html_baseurl = "https://example.org/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
