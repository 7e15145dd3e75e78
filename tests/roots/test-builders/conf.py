# Every builder builds this root (tests/test_builders.py): each feature that lists or links essays.
extensions = ["myst_parser", "longform"]
html_theme = "furo"
project = "Builders"
myst_disable_syntax = ["html_block", "html_inline"]
html_baseurl = "https://example.org/site/"
# EPUB3 wants both (Sphinx warns otherwise).
version = "1"
copyright = "2026, Test Author"  # noqa: A001 (Sphinx's name)
