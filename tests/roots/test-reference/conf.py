extensions = ["myst_parser", "longform"]

# A test site: its feeds need no published address.
suppress_warnings = ["longform.no-baseurl"]
