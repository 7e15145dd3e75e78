"""Check a built example site: tag pages, a tag index, feeds and reading times, and nothing but the
extension's own dependencies installed.  ``python examples/check.py <built html folder>``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"


def check(out: Path) -> list[str]:
    problems = []
    for page in ("index.html", "tags/index.html", "tags/design.html", "atom.xml", "tags/design.xml"):
        if not (out / page).is_file():
            problems.append(f"{page} is missing")
    posts = sorted((out / "posts").glob("*.html"))
    if len(posts) != 5:
        problems.append(f"{len(posts)} post pages, not 5")
    for post in posts:
        if "min read" not in post.read_text(encoding="utf-8"):
            problems.append(f"{post.name} shows no reading time")
    if (out / "atom.xml").is_file():
        entries = ElementTree.parse(out / "atom.xml").getroot().findall(f"{ATOM}entry")
        if len(entries) != 5:
            problems.append(f"atom.xml has {len(entries)} entries, not 5")
    return problems


def foreign() -> list[str]:
    """Site choices that must not come with the extension."""
    names = ("furo", "sphinx_tags", "sphinxext.opengraph", "sphinx_sitemap", "notfound", "sphinx_reredirects")
    found = []
    for name in names:
        try:
            if importlib.util.find_spec(name) is not None:
                found.append(name)
        except ModuleNotFoundError:
            pass
    return found


if __name__ == "__main__":
    problems = check(Path(sys.argv[1]))
    if "--alone" in sys.argv:
        problems += [f"{name} is installed, but the extension does not need it" for name in foreign()]
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
