"""Cite this essay: a "Cite" disclosure at the end of every essay, exports and reference managers' meta tags.

Every essay and piece of earlier writing ends with a ``<details>`` disclosure (no script needed) giving the
citation as plain text, BibTeX and CSL-JSON — its authors (names from ``authors.yaml``), title, the site
(``project``), date, ``updated`` date and stable absolute URL (``html_baseurl`` + the page's address; without
``html_baseurl`` the site-relative address) — and links to the same BibTeX and CSL-JSON as files
(``_longform/cite/<docname>.bib`` and ``.json``), written only when they change.  The page's ``<head>`` gets
the Highwire Press ``citation_*`` meta tags that Zotero, Mendeley and Google Scholar read.

All of it is built from the catalogue's typed record (never from the page's HTML): BibTeX escapes TeX's
special characters, JSON is written with ``<``, ``>`` and ``&`` as ``\\u`` escapes, the HTML is docutils
nodes (escaped when written).  Other builders (LaTeX, text, EPUB's single pages are HTML and keep it) get
nothing: a citation block in a printed essay cites the web page it came from.
``longform_cite = False`` turns all of it off.
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core import catalogue, events, output, people, views
from ..ui import feeds
from ..ui.labels import format_date
from ..ui.text import _

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from ..core.catalogue import Essay

#: The kinds of page that get a citation.
KINDS = ("essay", "archived")
#: The copy buttons (progressive: the citation is selectable text without them).
SCRIPT = "longform-cite.js"
#: Where the exported files go in the output folder (``_longform/cite/essays/x.bib``).
FOLDER = "_longform/cite"
#: BibTeX's special characters, and what each becomes in a braced field.
TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
#: Characters that may not stand in a BibTeX key.
_KEY_UNSAFE = re.compile(r"[^a-z0-9]+")
#: A name holding any of these is kept whole (CSL ``literal``), not split into given and family names.
_NOT_A_PLAIN_NAME = re.compile(r"[,(){}&_%#$~^\\\d]")


class cite_block(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """The "Cite this essay" disclosure: ``<details>`` with a ``<summary>`` (HTML only)."""


def visit_cite_html(self: HTML5Translator, node: cite_block) -> None:
    classes = " ".join(node["classes"])
    copy, copied = escape(node["copy"]), escape(node["copied"])
    self.body.append(
        f'<details class="{escape(classes)}" data-copy="{copy}" data-copied="{copied}">'
        f"<summary>{escape(node['label'])}</summary>\n"
    )


def depart_cite_html(self: HTML5Translator, node: cite_block) -> None:
    self.body.append("</details>\n")


class cite_export(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """One export (BibTeX, CSL-JSON) shown as plain preformatted text: no highlighting (no Pygments
    stylesheet on every essay for it), every character escaped, quotes included (HTML only)."""


def visit_cite_export_html(self: HTML5Translator, node: cite_export) -> None:
    self.body.append(
        f'<div class="longform-cite-export"><pre tabindex="0">{escape(node["text"], quote=True)}</pre></div>\n'
    )
    raise nodes.SkipNode


def _skip(self: Any, node: cite_block) -> None:
    raise nodes.SkipNode


# -- the citation, as data -----------------------------------------------------------------------


def page_url(app: Sphinx, docname: str) -> str:
    """The essay's stable address: absolute with ``html_baseurl``, else site-relative."""
    return feeds.site_url(app) + app.builder.get_target_uri(docname)


def citation(app: Sphinx, essay: Essay) -> dict[str, Any]:
    """Everything a citation of ``essay`` shows, from the catalogue (what the fingerprint covers)."""
    names = [name for _slug, name, _url in people.byline_data(app, essay) if name.strip()]
    return {
        "docname": essay.docname,
        "title": essay.title,
        "authors": tuple(names),
        "site": str(app.config.project or ""),
        "date": essay.date,
        "updated": essay.updated,
        "url": page_url(app, essay.docname),
        "description": essay.description,
        "language": str(app.config.language or "en"),
    }


def tex(text: str) -> str:
    """``text`` safe inside a braced BibTeX field: TeX's special characters escaped, whitespace one space."""
    return _TEX_SPECIAL.sub(lambda m: TEX_ESCAPES[m.group(0)], " ".join(text.split()))


def bibtex_key(data: dict[str, Any]) -> str:
    """A key a reference manager accepts: the page's name and year, ASCII letters, digits and dashes."""
    name = _KEY_UNSAFE.sub("-", data["docname"].rsplit("/", 1)[-1].lower()).strip("-") or "essay"
    year = data["date"].year if data["date"] else "nd"
    return f"{name}-{year}"


def _bib_author(name: str) -> str:
    # A name holding a comma or the word "and" would split into other people: keep it whole.
    escaped = tex(name)
    return "{" + escaped + "}" if "," in name or re.search(r"\band\b", name, re.I) else escaped


def bibtex(data: dict[str, Any]) -> str:
    """A biblatex ``@online`` entry (BibTeX reads it as ``@misc``-like: unknown types fall back)."""
    fields: list[tuple[str, str]] = []
    if data["authors"]:
        fields.append(("author", " and ".join(_bib_author(n) for n in data["authors"])))
    fields.append(("title", "{" + tex(data["title"]) + "}"))  # inner braces: the title's capitals are kept
    if data["site"]:
        fields.append(("organization", tex(data["site"])))
        fields.append(("howpublished", tex(data["site"])))
    if data["date"]:
        fields.append(("date", data["date"].isoformat()))
        fields.append(("year", str(data["date"].year)))
    if data["updated"]:
        fields.append(("note", "Updated " + data["updated"].isoformat()))
    if data["url"]:
        fields.append(("url", tex(data["url"]).replace(r"\_", "_").replace(r"\%", "%").replace(r"\#", "#")))
    if data["language"]:
        fields.append(("langid", tex(data["language"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{bibtex_key(data)},\n{body}\n}}\n"


def _csl_name(name: str) -> dict[str, str]:
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and parts[0].strip() and not _NOT_A_PLAIN_NAME.search(name):
        return {"given": parts[0].strip(), "family": parts[1]}
    return {"literal": name}


def _date_parts(value: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[value.year, value.month, value.day]]}


def csl(data: dict[str, Any]) -> dict[str, Any]:
    """The essay as one CSL-JSON item (type ``post-weblog``)."""
    item: dict[str, Any] = {"id": bibtex_key(data), "type": "post-weblog", "title": data["title"]}
    if data["authors"]:
        item["author"] = [_csl_name(name) for name in data["authors"]]
    if data["site"]:
        item["container-title"] = data["site"]
    if data["date"]:
        item["issued"] = _date_parts(data["date"])
    if data["updated"]:
        item["note"] = "Updated " + data["updated"].isoformat()
    if data["url"]:
        item["URL"] = data["url"]
    if data["description"]:
        item["abstract"] = data["description"]
    if data["language"]:
        item["language"] = data["language"]
    return item


def safe_json(value: Any) -> str:
    """JSON with ``<``, ``>`` and ``&`` as escapes: no byte of it reads as markup, wherever it is served."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csl_json(data: dict[str, Any], *, escaped: bool = True) -> str:
    """The CSL-JSON export: a list of one item, as reference managers import it (``escaped``: as a file is
    written, no ``<``, ``>`` or ``&``; the page shows it unescaped, as docutils escapes it for HTML)."""
    if escaped:
        return safe_json([csl(data)]) + "\n"
    return json.dumps([csl(data)], ensure_ascii=False, indent=2) + "\n"


def plain(app: Sphinx, data: dict[str, Any]) -> str:
    """One line a reader pastes: authors, “title”, site, date (updated), URL."""
    authors = ", ".join(data["authors"])
    date = format_date(app, data["date"]) if data["date"] else _("undated")
    if data["updated"]:
        date = _("%(date)s, updated %(updated)s") % {"date": date, "updated": format_date(app, data["updated"])}
    parts = [f"{authors}." if authors else "", f"“{' '.join(data['title'].split())}.”"]
    if data["site"]:
        parts.append(f"{data['site']},")
    parts.append(f"{date}.")
    if data["url"]:
        parts.append(data["url"])
    return " ".join(part for part in parts if part)


# -- the footer part -----------------------------------------------------------------------------


def compute(app: Sphinx, docname: str, options: dict[str, Any]) -> Any:
    if not app.config.longform_cite or getattr(app.builder, "format", "") != "html":
        return None  # other builders show no citation (and have no page URLs to cite)
    essay = catalogue.essays(app.env).get(docname)
    if essay is None or essay.kind not in KINDS:
        return None
    data = citation(app, essay)
    return tuple(sorted(data.items()))


def writes_exports(app: Sphinx) -> bool:
    """Whether this build writes the export files: the builders of a served site (not an EPUB, whose
    packager refuses files of unknown types, nor LaTeX or text)."""
    return bool(app.config.longform_cite) and output.writes_pages(app) and app.builder.name != "epub"


def export_path(docname: str, suffix: str) -> str:
    return f"{FOLDER}/{docname}{suffix}"


def _relative(app: Sphinx, docname: str, path: str) -> str:
    """``path`` (from the output folder) as a link from the page of ``docname`` (html and dirhtml)."""
    uri = app.builder.get_target_uri(docname)
    here = uri.rstrip("/") if uri.endswith("/") else posixpath.dirname(uri)
    return posixpath.relpath(path, here or ".")


def render(app: Sphinx, docname: str, data: Any) -> list[nodes.Node]:
    if getattr(app.builder, "format", "") != "html":
        return []
    fields = dict(data)
    block = cite_block("", classes=["longform-cite"], label=_("Cite this essay"), copy=_("Copy"), copied=_("Copied"))
    block += nodes.paragraph("", plain(app, fields), classes=["longform-cite-plain"])
    for label, text, language in (
        ("BibTeX", bibtex(fields), "none"),
        ("CSL-JSON", csl_json(fields, escaped=False), "json"),
    ):
        block += nodes.rubric("", label, classes=["longform-cite-format"])
        block += cite_export("", text=text, language=language)
    if writes_exports(app):
        links = nodes.paragraph("", _("Download:") + " ", classes=["longform-cite-downloads"])
        for index, (label, suffix) in enumerate((("BibTeX", ".bib"), ("CSL-JSON", ".json"))):
            if index:
                links += nodes.Text(" · ")
            uri = _relative(app, docname, export_path(docname, suffix))
            links += nodes.reference("", label, refuri=uri, internal=True, classes=["longform-cite-download"])
        block += links
    return [block]


# -- the exported files --------------------------------------------------------------------------


def exports(app: Sphinx) -> dict[str, Any]:
    """Output path -> (format, the citation's data) of every published essay's exports."""
    pages: dict[str, Any] = {}
    if not writes_exports(app):
        return pages
    for essay in catalogue.published(app.env, kinds=KINDS):
        data = tuple(sorted(citation(app, essay).items()))
        pages[export_path(essay.docname, ".bib")] = ("bibtex", data)
        pages[export_path(essay.docname, ".json")] = ("csl", data)
    return pages


def emit(app: Sphinx, path: str, data: Any) -> None:
    kind, fields = data
    text = bibtex(dict(fields)) if kind == "bibtex" else csl_json(dict(fields))
    output.write_file(app, path, text.encode("utf-8"))


# -- the reference managers' meta tags ----------------------------------------------------------


def _meta(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(" ".join(content.split()))}">'


def metatags(app: Sphinx, data: dict[str, Any]) -> list[str]:
    """Highwire Press tags (what Zotero's, Mendeley's and Google Scholar's translators read)."""
    tags = [_meta("citation_title", data["title"])]
    tags.extend(_meta("citation_author", name) for name in data["authors"])
    if data["date"]:
        tags.append(_meta("citation_publication_date", data["date"].strftime("%Y/%m/%d")))
        tags.append(_meta("citation_date", data["date"].strftime("%Y/%m/%d")))
    if data["updated"]:
        tags.append(_meta("citation_online_date", data["updated"].strftime("%Y/%m/%d")))
    if data["site"]:
        tags.append(_meta("citation_publisher", data["site"]))
    if data["url"]:
        tags.append(_meta("citation_public_url", data["url"]))
        tags.append(_meta("citation_abstract_html_url", data["url"]))
    if data["language"]:
        tags.append(_meta("citation_language", data["language"]))
    return tags


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the ``citation_*`` tags of an essay's page, and the copy buttons' script."""
    if getattr(app.builder, "format", "") != "html" or doctree is None:
        return
    body = context.get("body")
    if isinstance(body, str) and 'class="longform-cite' in body and hasattr(app.builder, "add_js_file"):
        app.builder.add_js_file(SCRIPT, defer="defer")
    essay = catalogue.essays(app.env).get(pagename)
    if not app.config.longform_cite or essay is None or essay.kind not in KINDS:
        return
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(metatags(app, citation(app, essay)))


def setup(app: Sphinx, registry: views.Views) -> None:
    app.add_node(
        cite_block,
        html=(visit_cite_html, depart_cite_html),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        cite_export,
        html=(visit_cite_export_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    registry.add_footer_part("cite", compute=compute, render=render)
    registry.add_generated("cite", pages=exports, emit=emit)
    events.connect(app, "html-page-context", page_context)
