# An ABlog site laid out as `ablog start` lays one out: the posts beside the index and an about page.
project = "Quay Log"
extensions = ["ablog"]
html_theme = "alabaster"
blog_title = "Quay Log"
blog_baseurl = "https://quay.example.org/"
blog_authors = {"Sam": ("Sam Ortega", "https://quay.example.org/sam")}
