extensions = ["myst_parser", "longform"]
html_theme = "furo"
myst_disable_syntax = ["html_block", "html_inline"]
myst_enable_extensions = ["colon_fence"]
project = "Design"

# A test site: its feeds need no published address.
suppress_warnings = ["longform.no-baseurl"]
