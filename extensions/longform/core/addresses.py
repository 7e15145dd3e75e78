"""Addresses Longform generates belong to Longform: a source page there is left out, with one warning.

Longform writes a page for each tag, author and series (``tags/<slug>.html``, ``authors/<slug>.html``,
``series/<slug>.html``, their further pages ``…/<slug>/page/2.html``), and sphinx-notfound-page writes
the page served for every missing address (``404.html``).  A source page of the same name would take
that address without a word: a contributor's ``docs/authors/ines-varga.md`` would become Ines Varga's
page (and the author's own page would move to another slug), a ``docs/404.md`` what every reader of a
dead link sees.  The rule is an allow-list:

* a source page under ``tags/``, ``authors/`` or ``series/`` is left out of the build, as if its file
  did not exist (:func:`longform.core.compat.leave_out`: never read, so nothing of it reaches the output),
  with one warning at its line 1 (``longform.generated-page``); the generated page keeps its address;
* except the pages ``longform_claimed_pages`` names (names or ``fnmatch`` patterns): by default the three
  folders' ``index`` pages, which a site's maintainers write on purpose (the site's ``tags/index`` holds
  ``{tag-index}``).  A claimed page wins over the generated one, as every source page did before;
* with sphinx-notfound-page loaded, the page ``notfound_pagename`` names ('404') is left out the same
  way, unless ``longform_claimed_pages`` names it: the page sphinx-notfound-page writes from conf.py's
  ``notfound_context`` is the maintainers' own, and a source page of that name would replace it without a word
  (sphinx-notfound-page generates nothing when the page exists);
* a source page named ``search`` or ``genindex`` (:data:`SPHINX_PAGES`), which Sphinx's own page overwrites;
* a listing's further pages (``archive/page/2.html``) are not generated for a term but for a source
  page the maintainers own, and a source page of the same name wins over them (docs/contributing);
* the archive (``archive.html``, :func:`longform.core.catalogue.archive_generated`) is generated only while no
  source page claims it: a source ``archive.md`` is the maintainers' and wins, without a warning.

Decided again before every build reads anything, so incremental builds equal clean ones.

A link to a generated page resolves as a link to a source page does (:class:`GeneratedLinks`):
``[the archive](archive.md)``, ``[](/tags/index)``, ``{doc}`archive``` and ``{doc}`/tags/go``` lead to the page
this build writes, instead of ``myst.xref_missing`` / ``ref.doc``.  Builders that write no generated pages (LaTeX,
text, single HTML) keep the link's text without a link and without a warning.
"""

from __future__ import annotations

import fnmatch
import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from . import catalogue, compat, domain, output, parts, people, tagcompat, tagging
from .log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Pages Sphinx's HTML builder writes after the source pages: a source page of the same name is lost without a word.
SPHINX_PAGES = frozenset({"search", "genindex"})
#: folder -> what Longform generates a page for in it, one per slug.
FOLDERS = {tagging.FOLDER: "tag", people.FOLDER: "author", parts.FOLDER: "series"}
NOTFOUND = "notfound.extension"


def _claimed(docname: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(docname, pattern.strip("/")) for pattern in patterns)


def _notfound_page(app: Sphinx) -> str | None:
    """The page sphinx-notfound-page generates, which a source page of the same name would replace (a site that
    writes its 404 page as a source page claims it in ``longform_claimed_pages``)."""
    if NOTFOUND not in app.extensions:
        return None
    return str(getattr(app.config, "notfound_pagename", "404") or "404").strip("/")


def intruders(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """docname -> the warning: every source page that would replace a page Longform (or the 404 page) generates."""
    claimed = list(app.config.longform_claimed_pages)
    notfound = _notfound_page(app)
    found: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        file = env.doc2path(docname, False)
        folder, _, rest = docname.partition("/")
        if docname == notfound and not _claimed(docname, claimed):
            found[docname] = (
                f"{file} would replace the page readers get for every missing address ({notfound}.html, written "
                f"by sphinx-notfound-page) — rename it; a site whose maintainers write their own 404 page claims it "
                f"in conf.py (longform_claimed_pages)"
            )
        elif docname in SPHINX_PAGES and app.builder.format == "html":
            found[docname] = f"{file} would be overwritten by the page Sphinx writes at {docname}.html — rename it"
        elif folder in FOLDERS and rest and not _claimed(docname, claimed):
            what, slug = FOLDERS[folder], rest.split("/", 1)[0]
            found[docname] = (
                f"{file} would replace the page Longform generates for the {what} '{slug}' — rename it, or move "
                f"it out of {folder}/ (the site's maintainers can claim it: longform_claimed_pages in conf.py)"
            )
    return found


def leave_out_claimed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: leave out (with one warning each, at line 1) the source pages at generated addresses."""
    found = intruders(app, env)
    for docname, message in found.items():
        warn(message, subtype="generated-page", location=f"{env.doc2path(docname)}:1")
    compat.leave_out(env, found, added=added, changed=changed, removed=removed)
    return []


# -- links to generated pages ---------------------------------------------------------------------------------

#: Source suffixes a link may name a generated page with (``archive.md``), and the output suffix (``archive.html``).
LINK_SUFFIXES = (".md", ".rst", ".txt", ".html")


def generated_name(fromdocname: str, target: str) -> tuple[str, str]:
    """(page name, anchor) a link in ``fromdocname`` names: ``../archive.md#y2026`` in ``essays/a`` ->
    ``("archive", "y2026")``; ``/tags/index`` is from the source root."""
    path, _, anchor = target.partition("#")
    for suffix in LINK_SUFFIXES:
        if path.endswith(suffix):
            path = path.removesuffix(suffix)
            break
    name = docname_join(fromdocname, path.strip())
    return posixpath.normpath(name).lstrip("/") if name else "", anchor


def _generated_folders(env: BuildEnvironment) -> set[str]:
    return {*FOLDERS, tagcompat.folder(env.config)}


def _title(env: BuildEnvironment, name: str) -> str | None:
    """The title a link without text of its own shows for a generated page (None: the link's own text)."""
    translate = get_translation("longform")
    if name == catalogue.ARCHIVE:
        return str(translate("Archive"))
    if name == tagcompat.index_doc(env.config):
        if tagcompat.active(env.config):
            return tagcompat.text(env.config, "tags_overview_title")
        return str(translate("Tags"))
    return None


def _named(env: BuildEnvironment, node: nodes.Element) -> tuple[str, str] | None:
    """(page name, anchor) of the generated page a reference names, None for any other reference."""
    name, anchor = generated_name(node.get("refdoc", env.docname), str(node.get("reftarget", "")))
    if not name or name in env.all_docs:
        return None
    written = f"{name}.html" in domain.site(env, "generated")
    if not written and name != catalogue.ARCHIVE and name.partition("/")[0] not in _generated_folders(env):
        return None
    return name, str(node.get(ANCHOR, anchor))


#: Where a MyST link's anchor is kept once :class:`GeneratedLinks` made it a document reference.
ANCHOR = "longform-anchor"


class GeneratedLinks(SphinxPostTransform):
    """MyST links naming a page Longform generates (``[the archive](archive.md)``) become document references
    (what ``{doc}`` makes), which :func:`resolve_generated` resolves.  It runs before MyST's resolver (priority 9),
    which would warn about them, and touches only links to names no source page has."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") not in (None, "", "doc"):
                continue
            found = _named(self.env, node)
            if found is None:
                continue
            name, anchor = found
            node["refdomain"], node["reftype"], node["reftarget"] = "std", "doc", "/" + name
            node["refwarn"] = True  # not a page this build writes: one warning, as {doc} gives
            node[ANCHOR] = anchor or node.get("reftargetid") or ""


def resolve_generated(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """``missing-reference``: a document reference (``{doc}``, or a MyST link :class:`GeneratedLinks` turned into
    one) naming a generated page leads to it; a builder that writes no generated pages keeps the text, unlinked."""
    if (node.get("refdomain"), node.get("reftype")) != ("std", "doc"):
        return None
    found = _named(env, node)
    if found is None:
        return None
    name, anchor = found
    explicit = node.get("refexplicit")
    title = _title(env, name)
    content: nodes.Element = contnode.deepcopy()
    if not explicit and title:
        content = nodes.inline(title, title, classes=["xref", "std", "std-doc"])
    if not output.writes_pages(app):
        return content  # the text, unlinked (LaTeX, text, single HTML: no generated pages)
    if f"{name}.html" not in domain.site(env, "generated"):
        return None
    return make_refnode(app.builder, node.get("refdoc", env.docname), name, anchor, content, title)
