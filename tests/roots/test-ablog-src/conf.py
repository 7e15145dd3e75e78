# A small ABlog site, as `ablog start` and ABlog's manual write them: the input of `python -m longform migrate ablog`.
project = "Tidewater Notes"
extensions = [
    "myst_parser",
    "ablog",
]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
blog_title = "Tidewater Notes"
blog_baseurl = "https://tidewater.example.org"
blog_path = "journal"
blog_authors = {
    "Wren": ("Wren Okafor", "https://wren.example.org"),
    "Ilse": ("Ilse Marrow", None),
}
blog_default_author = "Wren"
blog_locations = {"Harbour": ("The Harbour", None)}
blog_feed_archives = True
blog_feed_length = 15
blog_feed_fulltext = True
post_date_format = "%b %d, %Y"
disqus_shortname = "tidewater"
