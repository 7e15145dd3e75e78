extensions = [
    "myst_parser",
    "longform",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_reredirects",
]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
project = "Social"
author = "Test Author"
html_baseurl = "https://example.org/blog/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]
notfound_urls_prefix = "/blog/"
redirects = {
    "essays/old-name": "/essays/moved.html",
}
