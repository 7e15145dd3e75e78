extensions = ["myst_parser", "longform"]
