"""The reference, generated from the tables the code uses: ``{longform-reference} <part>``.

Parts: ``directives`` (each with its options, read from the directive's own ``option_spec``),
``roles``, ``front-matter`` (:data:`longform.core.frontmatter.CONTRACT` and the page keys),
``settings`` (:data:`longform.core.config.CONFIG`, with types and defaults) and ``warnings``
(:data:`WARNINGS`).  ``tests/test_reference.py`` fails when a directive, option, role,
front-matter key, setting or warning subtype exists in the code without its entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import get_language
from sphinx.util.docutils import SphinxDirective

from ..core import config, frontmatter, tagcompat

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx


@dataclass(frozen=True, slots=True)
class Entry:
    """One directive or role: where it lives, what it does, its options' meanings and an example."""

    summary: str
    options: dict[str, str]
    example: str


DIRECTIVES: dict[str, Entry] = {
    "essay-list": Entry(
        "A list of essays, newest first, with date, reading time and description.",
        {
            "tag": "only essays carrying this tag (slug, title or alias)",
            "topic": "only the essays in this topic page's toctree (e.g. topics/concurrency)",
            "series": "only the parts of this series (slug), in part order",
            "year": "only essays dated in this year",
            "kind": "essay (default), archived, note, or several separated by spaces",
            "sort": "date (default), title, or toctree (with :topic:)",
            "limit": "at most this many items",
            "group-by": "year, month or none (default): headings between groups",
        },
        "```{essay-list}\n:tag: concurrency\n:limit: 5\n```",
    ),
    "reading-path": Entry(
        "Defines the page's reading path: a YAML list of essays, each with an optional note.",
        {},
        "```{reading-path}\n- essay: essays/retries-and-idempotency\n  note: Start with the retry.\n"
        "- essays/exactly-once-is-a-budget\n```",
    ),
    "path-list": Entry(
        "Every reading path of the site, with its description, essay count and total reading time.",
        {"limit": "at most this many paths"},
        "```{path-list}\n```",
    ),
    "tag-index": Entry(
        "Every tag with its description and number of essays; with :summary:, one line linking to the index.",
        {"summary": "one line ('N essays on engineering · browse all M tags') instead of the full index"},
        "```{tag-index}\n:summary:\n```",
    ),
    "tags": Entry(
        "Tags a page from its body, as sphinx-tags does (comma-separated): on an essay or a note it shows nothing "
        "where it stands (the header shows the tags); on any other page it shows 'Tags: a, b' there, and the page "
        "is listed on each tag's page.",
        {},
        "```{tags} concurrency, backpressure\n```",
    ),
    "toctree": Entry(
        "Sphinx's toctree, with entries naming drafts and scheduled essays left out of published builds, and "
        "entries naming the generated tag index (or, on a sphinx-tags site, _tags/tagsindex and _tags/<slug>) "
        "linked.",
        {
            "maxdepth": "how many heading levels to show",
            "name": "a label for the toctree",
            "class": "extra CSS classes",
            "caption": "a heading above the list",
            "glob": "entries are patterns",
            "hidden": "build the navigation but show no list here",
            "includehidden": "show hidden toctrees' entries",
            "numbered": "number the sections",
            "titlesonly": "only the pages' titles",
            "reversed": "reverse order",
        },
        "```{toctree}\n:maxdepth: 1\n\nessays/retries-and-idempotency\n```",
    ),
    "longform-reference": Entry(
        "This reference: one of directives, roles, front-matter, settings or warnings, from the code's tables.",
        {},
        "```{longform-reference} settings\n```",
    ),
}

ROLES: dict[str, Entry] = {
    "site-count": Entry(
        "A count computed at build time: essays, notes, archived, tags or series ('28 essays').",
        {},
        "{site-count}`essays`",
    ),
    "feed-link": Entry(
        "A link to one of the site's feeds (atom.xml, notes.xml), with optional text.",
        {},
        "{feed-link}`Subscribe <atom.xml>`",
    ),
}

#: What each page key (beyond the essay contract) means.
PAGE_KEYS: dict[str, str] = {
    "orphan": "the page is in no toctree on purpose (Sphinx)",
    "nosearch": "leave the page out of the search index (Sphinx)",
    "tocdepth": "how deep the page's own table of contents goes (Sphinx)",
    "hide-toc": "hide the page's table of contents (furo)",
    "curator": "a reading path's curator: an author slug",
}

#: Every warning subtype (``longform.<subtype>``): when it fires, an example, and the fix.
WARNINGS: dict[str, tuple[str, str, str]] = {
    "author-url": (
        "an author's url in authors.yaml that is not https",
        "author 'ines-varga': url 'http://…' must be an https:// address",
        "write https://…",
    ),
    "bad-date": (
        "a date that is not YYYY-MM-DD, does not exist, or an update before the date",
        "'date' is '12/05/2026', which is not an ISO 8601 date",
        "write it as YYYY-MM-DD",
    ),
    "bad-notebook": (
        "a .ipynb page that is not a notebook (not JSON, or not an object)",
        "the notebook is not valid JSON (Expecting ',' delimiter)",
        "save it again from Jupyter (it reads as an empty notebook until then)",
    ),
    "bad-type": ("a front-matter value of the wrong kind", "'tags' must be a list — write 'tags: [go]'", "as said"),
    "csp": (
        "a script from another host, which the Content-Security-Policy refuses",
        "the script 'https://cdn.example.org/x.js' comes from another host",
        "serve it from _static",
    ),
    "config": ("a longform_* setting of the wrong type or value", "longform_allow must be a dict …", "fix conf.py"),
    "confusable": (
        "two authors or tags a reader cannot tell apart (lookalike letters, the same name twice, a name that is "
        "another author's slug), or a name mixing scripts in one word",
        "author 'iv': the name 'Inеs Varga' looks like the name of author 'ines-varga' (line 1, 'Ines Varga')",
        "write the name in the letters it is read with, merge duplicates, or rename one",
    ),
    "duplicate-key": (
        "a key given twice in front matter or a vocabulary (YAML keeps the last)",
        "'description' is given twice in the front matter (first on line 3)",
        "keep one",
    ),
    "duplicate-part": ("two essays claim one part of a series", "part 2 of 'go' is claimed twice", "renumber one"),
    "empty-essay": ("an empty essay file", "the file is empty", "write front matter and a title, or delete it"),
    "encoding": ("a source file that is not UTF-8", "this file is not UTF-8 (byte 0xe9 on line 4 …)", "save as UTF-8"),
    "essay-list": ("a bad option of essay-list", "':sort: newest' is not one of date, title, toctree", "as said"),
    "feed-alias": (
        "a longform_feed_aliases entry naming a feed the site does not write",
        "longform_feed_aliases: 'blog/atom.xml' names the feed 'tags/go.xml', which this site does not write",
        "name atom.xml, notes.xml, tags/<slug>.xml or authors/<slug>.xml",
    ),
    "feed-content": (
        "an essay holding another extension's node that cannot be written into a feed (longform_feed_fulltext)",
        "the whole text of this essay cannot be written into the feeds (RuntimeError: …) — its entries carry the "
        "description",
        "report it to that extension, or set longform_feed_fulltext = False",
    ),
    "feed-link": ("a feed-link naming no feed", "{feed-link}`x.xml` names no feed of the site", "link atom.xml"),
    "front-matter-syntax": (
        "front matter that is not valid YAML, not closed, or not a mapping",
        "the front matter is not valid YAML (expected ',' or ']') …",
        "fix the line",
    ),
    "generated-page": (
        "a source page at an address Longform generates (tags/, authors/, series/, or the 404 page); it is left out",
        "authors/ines-varga.md would replace the page Longform generates for the author 'ines-varga' — rename it",
        "rename or move it; maintainers claim such a page in longform_claimed_pages",
    ),
    "image": ("an image: that is not a figure of the page", "'image: x.png' is not a picture this page shows", "fix"),
    "link-to-draft": ("a published page linking to a draft", "links to essays/x, a draft", "publish it or unlink"),
    "missing-alt": (
        "an image or figure on an essay, note or earlier piece without alt text",
        "the image 'x.svg' has no alt text",
        "add ':alt: <what it shows>' under '{figure}', or '![<what it shows>](...)'",
    ),
    "math": (
        "a formula latex2mathml cannot turn into MathML (shown as TeX)",
        "maths '\\frac{a' is shown as TeX: a fraction, root, subscript or superscript is missing a part",
        "fix the TeX",
    ),
    "bad-character": (
        "a character XML cannot hold (a control character, U+FFFE, a noncharacter) in a page or vocabulary",
        "the page holds the character U+FFFE … — delete it",
        "delete it (it is removed until then)",
    ),
    "missing-date": ("an essay without date", "no 'date' in the front matter", "add 'date: YYYY-MM-DD'"),
    "missing-description": ("an essay without description", "no 'description' in the front matter", "add one"),
    "missing-tags": ("an essay without tags", "no 'tags' in the front matter", "add e.g. 'tags: [architecture]'"),
    "missing-title": ("an essay without '# Title'", "the essay has no '# Heading'", "start with a level-1 heading"),
    "no-baseurl": (
        "an HTML build without html_baseurl",
        "html_baseurl is not set, so feeds carry relative …",
        "set it",
    ),
    "no-essays": ("no page in the essay folders", "no page is in the essay folders ('essays/' …)", "set the folder"),
    "not-in-topic": ("an essay in no toctree", "the essay is in no topic's toctree … add '/essays/x' to …", "add it"),
    "out-of-range": (
        "a number out of its bounds: part 1–999, reading_time 1–600, a directive's numeric option, blocks nested "
        "more than 8 levels deep, toctrees more than 30 levels deep or walked over 100,000 times",
        ":columns: '0' of {hlist} must be a whole number from 1 to 12; 1 is used",
        "use a number in range",
    ),
    "part-without-series": ("part: without series:", "'part' is set but 'series' is not", "add series or remove"),
    "path-description": ("a reading path without description", "the reading path has no 'description'", "add one"),
    "path-draft": ("a reading path naming a draft", "step 3 is a draft", "publish it or remove the step"),
    "path-duplicate": ("an essay twice in one path", "essays/x is already step 2", "remove one"),
    "path-duplicate-directive": ("two reading-path directives on one page", "a page holds one reading path", "merge"),
    "path-empty": ("a reading path with no steps", "the reading path has no steps", "add steps"),
    "path-item": ("a step that is neither a name nor {essay, note}", "write '- essays/<name>'", "as said"),
    "path-unknown-essay": ("a step naming no essay", "'essays/nope' is not an essay", "fix the name"),
    "path-yaml": ("a reading path that is not a YAML list", "a reading path is a YAML list", "start items with '- '"),
    "redirect": (
        "a redirect whose source is a page or whose target is not",
        "redirect source 'x' is still a page",
        "fix",
    ),
    "remote-resource": (
        "an image on another site (every reader's browser would call it)",
        "the image 'https://…/x.png' is on another site (cdn.example)",
        "download it next to the page, or allow the host in longform_allow['hosts']",
    ),
    "reserved-slug": (
        "a slug that names a generated page or a Windows device",
        "series slug 'index' is reserved",
        "rename",
    ),
    "search": (
        "longform_search = 'pagefind' without Pagefind installed, or Pagefind failing to index the site",
        "longform_search = 'pagefind' but Pagefind is not installed — install it with: pip install …",
        "pip install 'sphinx-longform[search]', or set longform_search = 'auto'; the site keeps Sphinx's search",
    ),
    "series-gap": ("parts of a series with a gap", "series 'go' has parts 1, 3 — part 2 is missing", "renumber"),
    "series-without-part": ("series: without part:", "'series: go' needs 'part: N'", "add part"),
    "self-link": ("a page that links to itself", "this links to the page itself", "link a section or another essay"),
    "single-part": ("a series with one part", "series 'go' has one part", "add parts or drop the series"),
    "site-count": ("a site-count of something uncountable", "{site-count}`posts` cannot be counted", "use essays …"),
    "sphinx-tags": (
        "sphinx-tags loaded beside Longform; a tags_* setting Longform cannot use",
        "tags_output_dir = '../x' cannot be used …",
        "choose one; fix the setting",
    ),
    "typed-link-cycle": (
        "essays that supersede one another in a circle (A supersedes B supersedes A, of any length)",
        "these essays supersede one another in a circle: essays/a.md → essays/b.md → essays/a.md",
        "remove the 'supersedes' that names a newer essay",
    ),
    "typed-link-self": (
        "a typed link to the essay itself",
        "'builds_on: caching' names this essay itself",
        "remove it",
    ),
    "typed-link-successor": (
        "an essay two essays supersede",
        "essays/old.md is already superseded by essays/new.md",
        "supersede the newer essay instead, or use builds_on",
    ),
    "typed-link-syntax": (
        "a builds_on, responds_to or supersedes item that is not a page path",
        "'supersedes' names 'https://…', which is not the path of an essay of this site",
        "write the essay's path as in a toctree",
    ),
    "typed-link-target": (
        "a typed link to no page, or to a page that is not an essay, a note or earlier writing",
        "'builds_on: cachng' names no page of this site (read as 'essays/cachng') — did you mean …?",
        "fix the path",
    ),
    "typed-link-twice": (
        "one essay named under two typed-link keys",
        "'builds_on: x' names an essay this one already names under 'supersedes'",
        "keep one",
    ),
    "typed-link-unpublished": (
        "a published essay's typed link to a draft or a scheduled essay",
        "'builds_on: next' names essays/next.md, which is not published in this build",
        "publish it first, or add the link when it is",
    ),
    "tag-collision": ("two tags that would share a page", "tag 'C++' would take tags/c.html", "rename one"),
    "tag-slug": ("a free-form tag (no tags.yaml) whose name makes no slug", "tag '🔥' has no letters", "rename it"),
    "tags-directive": (
        "a {tags} directive without names",
        "the {tags} directive names no tag",
        "fix",
    ),
    "tags-toctree": (
        "a toctree naming a tag page the build does not make",
        "the toctree names '_tags/nope', a tag page this build does not make",
        "name a tag a page carries",
    ),
    "too-large": (
        "a page over longform_max_page_bytes (1 MB; left out of the build), front matter over 16 KB, a vocabulary "
        "over 500 KB",
        "the page is 1,980,000 bytes, over the 1 MB a page may be",
        "split",
    ),
    "toctree-cycle": (
        "a toctree entry that lists a page above it in the navigation (the walk would never end)",
        "the toctree lists 'index', which is above this page in the site's navigation",
        "remove the entry",
    ),
    "too-long": ("a title over 200 or a description over 600 characters", "'title' is 240 characters", "shorten"),
    "too-many-authors": ("more than 8 authors", "9 authors — give at most 8", "keep the main authors"),
    "too-many-tags": ("more than 12 tags", "40 tags — give at most 12", "keep the tags readers browse by"),
    "unknown-directive": (
        "a directive no extension of the site defines (a typo, an extension not installed)",
        "unknown directive 'automodul' — … did you mean 'automodule'?",
        "fix the name",
    ),
    "unknown-role": (
        "a role no extension of the site defines (a typo, an extension not installed)",
        "unknown role 'dcc' — … did you mean 'doc'?",
        "fix the name",
    ),
    "unknown-key": (
        "a front-matter key outside the allow-list",
        "unknown front-matter key 'tilte' — did you mean",
        "fix",
    ),
    "unknown-author": (
        "an author or curator not in authors.yaml",
        "unknown author 'ines-vraga' (not in authors.yaml) — did you mean 'ines-varga'?",
        "fix or add",
    ),
    "unknown-series": ("a series: not in series.yaml", "unknown series 'go-concurency' — did you mean", "fix or add"),
    "unknown-tag": ("a tag not in tags.yaml", "unknown tag 'concurency' — did you mean 'concurrency'?", "fix or add"),
    "unsafe-attribute": (
        "a link's rel or target outside the allow-list",
        "link attribute rel 'opener' … dropped",
        "use noopener, noreferrer, nofollow … and _blank or _self",
    ),
    "unsafe-directive": (
        "a directive outside the allow-list, in a policed folder (longform_policed)",
        "the directive 'raw' is not allowed in pages under essays/ (longform_policed)",
        "remove, or allow it with longform_allow['directives']",
    ),
    "unsafe-file": (
        "an image or download outside the source folder, of a type the site does not publish, or a page's source",
        "image 'figures/x.svg' refused — it has a <script> element",
        "move it in, export a plain image, or offer an inert file",
    ),
    "unsafe-front-matter": ("a key that changes parsing or <head>", "front-matter key 'myst' changes how …", "remove"),
    "unsafe-output-type": (
        "a notebook cell's saved output of a type that injects markup or script (text/html, JavaScript, widgets)",
        "a cell's output of type 'text/html' is not shown",
        "clear the output, or show it as an image",
    ),
    "unsafe-math": ("maths with \\href, \\class, \\style, \\require…", "maths with '\\href' dropped", "remove it"),
    "empty-quote": (
        "a {pull-quote}, {epigraph} or {highlights} with no text (Sphinx itself stops on one)",
        "an empty quote ({pull-quote}, {epigraph} or {highlights} with no text)",
        "write its text or remove it",
    ),
    "unsafe-output": (
        "a written page, feed or copied file that breaks the output contract",
        "the output page essays/x.html holds an inline event handler 'onerror' on <img>",
        "remove what put it there",
    ),
    "unsafe-redirect": ("a redirect that leaves the site", "redirect source '../x' must be a page path", "fix conf.py"),
    "unsafe-role": (
        "a role outside the allow-list, in a policed folder (longform_policed); reST's default role too",
        "the role 'raw-html' is not allowed in pages under essays/ (longform_policed)",
        "remove, or allow it with longform_allow['roles'] ('default' for `text`)",
    ),
    "unsafe-symlink": ("a page or folder that links outside docs/", "'essays/x.md' is a symlink to outside", "copy in"),
    "unsafe-url": ("a link or image that is not http(s), mailto or relative", "link to 'javascript:…' dropped", "fix"),
    "unsafe-yaml": (
        "YAML anchors or aliases, or YAML nested deeper than 20 levels",
        "YAML anchor '&a' in the front matter",
        "write values out",
    ),
    "unused-tag": ("a tag of tags.yaml that nothing carries", "tag 'unused' is in tags.yaml but no essay …", "use it"),
    "vocabulary": ("a broken vocabulary file", "tag slug 'Big Tag' must be lowercase letters …", "fix the file"),
}


def _table(headers: list[str], rows: list[list[nodes.Node | str]], *, widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["longform-reference"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells: Sequence[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, nodes.Node) and isinstance(
            cell, nodes.Body
        ):  # a block (a code example) is the cell's content, never inside a <p>
            entry += cell
        else:
            para = nodes.paragraph()
            para += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
            entry += para
        row += entry
    return row


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _directive_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    """One row per directive; its options are read from the directive as registered (docutils' own lookup),
    so the reference never lists an option the code does not have, and needs no import of the features."""
    rows: list[list[nodes.Node | str]] = []
    language: Any = get_language("en", document.reporter)  # docutils' stubs name two module types for one
    for name, entry in sorted(DIRECTIVES.items()):
        cls, _messages = directives.directive(name, language, document)
        spec = getattr(cls, "option_spec", None) or {}
        options = "; ".join(f":{option}: {entry.options.get(option, '')}" for option in sorted(spec)) or "—"
        rows.append([_code(name), entry.summary, options, nodes.literal_block(entry.example, entry.example)])
    return rows


def _role_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    return [[_code(name), e.summary, nodes.literal_block(e.example, e.example)] for name, e in sorted(ROLES.items())]


def _front_matter_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    rows: list[list[nodes.Node | str]] = []
    for key, meaning in sorted(frontmatter.CONTRACT.items()):
        required = "required in essays" if key in frontmatter.REQUIRED else "optional"
        rows.append([_code(key), meaning, required])
    for key, meaning in sorted(PAGE_KEYS.items()):
        rows.append([_code(key), meaning, "optional, any page"])
    return rows


def _setting_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    rows: list[list[nodes.Node | str]] = []
    for setting in config.CONFIG:
        types = setting.types if isinstance(setting.types, tuple) else (setting.types,)
        rows.append(
            [_code(setting.name), " or ".join(t.__name__ for t in types), _code(repr(setting.default)), setting.doc]
        )
    return rows


def _sphinx_tags_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    return [
        [_code(s.name), _code(repr(s.default)), "honoured" if s.honoured else "not needed", s.doc]
        for s in tagcompat.SETTINGS
    ]


def _warning_rows(document: nodes.document) -> list[list[nodes.Node | str]]:
    return [[_code(f"longform.{name}"), when, example, fix] for name, (when, example, fix) in sorted(WARNINGS.items())]


PARTS = {
    "directives": (["directive", "what it does", "options", "example"], _directive_rows, [14, 30, 36, 30]),
    "roles": (["role", "what it does", "example"], _role_rows, [14, 50, 36]),
    "front-matter": (["key", "what it holds", "where"], _front_matter_rows, [14, 60, 26]),
    "settings": (["setting", "type", "default", "what it does"], _setting_rows, [26, 12, 18, 44]),
    "warnings": (["warning", "when", "example", "what to do"], _warning_rows, [22, 32, 30, 16]),
    "sphinx-tags-settings": (["setting", "default", "Longform", "what it does"], _sphinx_tags_rows, [24, 14, 12, 50]),
}


class ReferenceDirective(SphinxDirective):
    """``{longform-reference} settings``: one part of the reference, as a table."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0].strip()
        if part not in PARTS:
            self.env.note_dependency(__file__)
            from ..core.log import warn

            warn(
                f"{{longform-reference}} has no part '{part}' — use one of {', '.join(PARTS)}",
                subtype="reference",
                location=(self.env.docname, self.lineno),
            )
            return []
        headers, rows, widths = PARTS[part]
        return [_table(headers, rows(self.state.document), widths=widths)]


WARNINGS["reference"] = ("a {longform-reference} part that does not exist", "has no part 'x'", "use one of the parts")


def setup(app: Sphinx) -> None:
    app.add_directive("longform-reference", ReferenceDirective)
