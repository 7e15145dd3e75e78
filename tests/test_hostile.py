"""The security policy, tried as an attacker would: a hostile-body matrix built in one site.

Every case is one essay (or file) of a copy of ``tests/roots/test-matrix``, built with the
site's own ``conf.py``, next to a secret file *outside* the source folder.  For each case:

* the exact located warning (file, line, ``[longform.<subtype>]``) is in the build's output,
  so ``-W`` fails the build (one test runs the real ``sphinx-build -W`` to prove that);
* its payload is in no output file: HTML, feeds, sitemap, search index and every copied file;
* the valid essays of the root still build.

The allow-lists of :mod:`longform.safety` are also checked against the writing guide, which
states them: a directive allowed in the code and not in the guide (or the reverse) fails.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import proofkit as kit
import pytest
from proofkit import build

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"
SECRET = "OUTSIDE-SECRET-7f3a"  # the content of files outside the source folder
ENV_SECRET = "ENVIRONMENT-SECRET-91c2"


@dataclass(frozen=True)
class Case:
    id: str
    body: str = ""  # the essay's body (under '# Heading'), or a whole file when ``whole``
    extra: str = ""  # front-matter lines after 'tags:'
    subtype: str = ""  # the expected warning's subtype
    at: str = ""  # the expected line is the first line holding this text (else: line 1)
    payload: str = ""  # never in any output file (default: the case's marker)
    whole: bool = False
    path: str = ""  # the file the warning names (default: essays/h-<id>.md)

    @property
    def marker(self) -> str:
        return f"PWN-{self.id}"

    @property
    def file(self) -> str:
        return self.path or f"essays/h-{self.id}.md"

    def source(self) -> str:
        text = self.body.replace("MARK", self.marker)
        if self.whole:
            return text
        extra = self.extra.replace("MARK", self.marker)
        head = [
            "---",
            f"date: 2026-02-{10 + len(self.id) % 9:02d}",
            f"description: Hostile case {self.id}.",
            "tags: [alpha]",
        ]
        if extra:
            head.append(extra.rstrip("\n"))
        return "\n".join([*head, "---", "", f"# Case {self.id}", "", text, ""])

    def line(self) -> int:
        if not self.at:
            return 1
        for number, line in enumerate(self.source().splitlines(), start=1):
            if self.at.replace("MARK", self.marker) in line:
                return number
        raise AssertionError(f"{self.id}: {self.at!r} is not in the source")


def fence(name: str, argument: str = "", *lines: str) -> str:
    return "\n".join([f"```{{{name}}} {argument}".rstrip(), *lines, "```"])


def _nested(levels: int, *, quotes: int) -> str:
    """``levels`` admonitions titled L001… each in the last, each inside ``quotes`` block quotes; MARK innermost."""
    text = "MARK"
    for level in range(levels, 0, -1):
        ticks = "`" * (3 + levels - level)
        block = f"{ticks}{{admonition}} L{level:03d}\n{text}\n{ticks}"
        text = "\n".join("> " * quotes + line for line in block.split("\n"))
    return text


CASES = [
    # -- directives outside the allow-list ------------------------------------------------------
    Case("raw", fence("raw", "html", "<script>alert('MARK')</script>"), subtype="unsafe-directive", at="{raw}"),
    Case("raw-colon", ":::{raw} html\n<script>alert('MARK')</script>\n:::", subtype="unsafe-directive", at="{raw}"),
    Case(
        "eval-rst-raw",
        fence("eval-rst", "", ".. raw:: html", "", "   <script>alert('MARK')</script>"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case(
        "eval-rst-include",
        fence("eval-rst", "", ".. include:: ../../secret.txt"),
        subtype="unsafe-directive",
        at="{eval-rst}",
        payload=SECRET,
    ),
    Case(
        "literalinclude",
        fence("literalinclude", "../../secret.txt"),
        subtype="unsafe-directive",
        at="{literalinclude}",
        payload=SECRET,
    ),
    Case(
        "literalinclude-environ",
        fence("literalinclude", "/proc/self/environ"),
        subtype="unsafe-directive",
        at="{literalinclude}",
        payload=ENV_SECRET,
    ),
    Case("include", fence("include", "../../secret.txt"), subtype="unsafe-directive", at="{include}", payload=SECRET),
    Case(
        "csv-table-file",
        fence("csv-table", "Data", ":file: ../../secret.txt"),
        subtype="unsafe-directive",
        at="{csv-table}",
        payload=SECRET,
    ),
    Case(
        "csv-table-url",
        fence("csv-table", "Data", ":url: https://evil.example/MARK.csv"),
        subtype="unsafe-directive",
        at="{csv-table}",
    ),
    Case(
        "meta-refresh",
        fence("meta", "", ":http-equiv=refresh: 0; url=https://evil.example/MARK"),
        subtype="unsafe-directive",
        at="{meta}",
    ),
    Case(
        "eval-rst-meta",
        fence("eval-rst", "", ".. meta::", "   :http-equiv=refresh: 0; url=https://evil.example/MARK"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case("domain-directive", fence("py:function", "MARK()"), subtype="unsafe-directive", at="{py:function}"),
    Case("unknown-directive", fence("no-such-thing", "", "MARK"), subtype="unknown-directive", at="{no-such-thing}"),
    # 'raw-html' is defined by no extension here (reST defines it with '.. role:: raw-html(raw)'): unknown
    Case("raw-role", "Text {raw-html}`<b>MARK</b>` here.", subtype="unknown-role", at="{raw-html}"),
    Case("domain-role", "Call {py:func}`MARK` now.", subtype="unsafe-role", at="{py:func}"),
    Case(
        # MyST numbers a directive nested in another from the line after its fence (myst-parser 5.2)
        "nested-raw",
        "::::{note}\n:::{raw} html\n<script>alert('MARK')</script>\n:::\n::::",
        subtype="unsafe-directive",
        at="<script>",
    ),
    # -- front matter that would change parsing or <head> ------------------------------------------
    Case(
        "myst-key",
        "Some text with <script>alert('MARK')</script> inline.",
        extra="myst:\n  disable_syntax: []",
        subtype="unsafe-front-matter",
        at="myst:",
        payload="<script>alert('PWN-myst-key')",
    ),
    Case(
        "myst-flow",
        "Text <script>alert('MARK')</script>.",
        extra="myst: {enable_extensions: [html_image], disable_syntax: []}",
        subtype="unsafe-front-matter",
        at="myst:",
        payload="<script>alert('PWN-myst-flow')",
    ),
    Case(
        "myst-explicit-key",
        "Text <script>alert('MARK')</script>.",
        extra="? myst\n: {disable_syntax: []}",
        subtype="unsafe-front-matter",
        at="? myst",
        payload="<script>alert('PWN-myst-explicit-key')",
    ),
    Case(
        "html-meta-refresh",
        extra='html_meta:\n  "http-equiv=refresh": "0; url=https://evil.example/MARK"',
        subtype="unsafe-front-matter",
        at="html_meta:",
    ),
    Case(
        "og-key-breakout",
        extra='\'og:title" content="x"><script>alert(1)</script><meta x="\': MARK',
        subtype="unsafe-front-matter",
        at="og:title",
    ),
    Case("og-image-js", extra="og:image: javascript:alert('MARK')", subtype="unsafe-front-matter", at="og:image"),
    Case("substitutions", extra="substitutions:\n  evil: MARK", subtype="unsafe-front-matter", at="substitutions:"),
    Case("image-js", extra="image: javascript:alert('MARK')", subtype="unsafe-url", at="image:"),
    Case("image-data", extra="image: data:text/html,MARK", subtype="unsafe-url", at="image:"),
    Case("duplicate-key", extra="description: Second MARK.", subtype="duplicate-key", at="Second", payload="PWN-never"),
    # -- URLs ------------------------------------------------------------------------------------
    Case(
        "button-js", fence("button-link", "javascript:alert('MARK')", "Click"), subtype="unsafe-url", at="{button-link}"
    ),
    Case("button-data", fence("button-link", "data:text/html,MARK", "Click"), subtype="unsafe-url", at="{button-link}"),
    Case(
        "card-link-js",
        fence("card", "Title", ":link: javascript:alert('MARK')", "", "Body."),
        subtype="unsafe-url",
        at="{card}",
    ),
    Case(
        "eval-rst-link",
        fence("eval-rst", "", "`click <javascript:alert('MARK')>`_"),
        subtype="unsafe-directive",
        at="{eval-rst}",
    ),
    Case(
        "image-target-js",
        fence("image", "figures/ok.svg", ":target: javascript:alert('MARK')", ":alt: An image"),
        subtype="unsafe-url",
        at="{image}",
    ),
    Case(
        "figure-target-vbscript",
        fence("figure", "figures/ok.svg", ":target: vbscript:msgbox('MARK')", ":alt: A figure", "", "Caption."),
        subtype="unsafe-url",
        at="{figure}",
    ),
    Case("markdown-image-data", "![pixel](data:image/svg+xml;base64,MARK)", subtype="unsafe-url", at="![pixel]"),
    Case(
        "markdown-image-js",
        "![pixel](javascript:alert('MARK'))",
        subtype="unsafe-url",
        at="![pixel]",
        payload="javascript:alert('PWN-markdown-image-js')\"",
    ),
    Case(
        "badge-link-js",
        "A {bdg-link-primary}`badge <javascript:alert('MARK')>` here.",
        subtype="unsafe-url",
        at="{bdg-link-primary}",
    ),
    Case(
        "mixed-case-js",
        "Click [me](JaVaScRiPt:alert('MARK')) now.",
        subtype="unsafe-url",
        at="[me]",
        payload='href="JaVaScRiPt',
    ),
    Case(
        "reference-definition-js",
        "Read [the piece][evil].\n\n[evil]: javascript:alert('MARK')",
        subtype="unsafe-url",
        at="[the piece]",
        payload="href=\"javascript:alert('PWN",
    ),
    Case(
        "entity-js",
        "Read [this](jav&#x61;script:alert('MARK')).",
        subtype="unsafe-url",
        at="[this]",
        payload="href=\"javascript:alert('PWN",
    ),
    Case("autolink-js", "See <javascript:alert('MARK')> now.", subtype="unsafe-url", at="<javascript"),
    Case(
        "math-href",
        fence("math", "", r"\href{javascript:alert('MARK')}{x^2}"),
        subtype="unsafe-math",
        at="{math}",
    ),
    Case("math-require", "Inline {math}`\\require{MARK}x` maths.", subtype="unsafe-math", at="{math}"),
    Case(
        "toctree-js",
        fence("toctree", "", "Evil <javascript://%0aalert('MARK')>"),
        subtype="unsafe-url",
        at="{toctree}",
    ),
    # -- files from outside the source folder ------------------------------------------------------
    Case(
        "markdown-link-outside",
        "Read [the file](../../secret.txt).",
        subtype="unsafe-file",
        at="[the file]",
        payload=SECRET,
    ),
    Case(
        "markdown-image-outside", "![secret](../../outside.svg)", subtype="unsafe-file", at="![secret]", payload=SECRET
    ),
    Case(
        "figure-outside",
        fence("figure", "../../outside.svg", ":alt: Secret", "", "Caption."),
        subtype="unsafe-file",
        at="{figure}",
        payload=SECRET,
    ),
    Case(
        "figure-absolute",
        fence("image", "/../../outside.svg", ":alt: Secret"),
        subtype="unsafe-file",
        at="{image}",
        payload=SECRET,
    ),
    Case(
        "download-outside",
        "Get {download}`the file <../../secret.txt>`.",
        subtype="unsafe-file",
        at="{download}",
        payload=SECRET,
    ),
    Case(
        "symlinked-image",
        "![linked](figures/linked.svg)",
        subtype="unsafe-file",
        at="![linked]",
        payload=SECRET,
    ),
    Case(
        "card-img-outside",
        fence("card", "Title", ":img-top: ../../outside.svg", "", "Body."),
        subtype="unsafe-file",
        at="{card}",
        payload=SECRET,
    ),
    Case("image-front-matter-outside", extra="image: ../../outside.svg", subtype="", payload=SECRET),
    # -- YAML and bounds -------------------------------------------------------------------------
    Case(
        "alias-bomb",
        extra='a: &a ["MARK","MARK","MARK","MARK","MARK","MARK","MARK","MARK","MARK"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        subtype="unsafe-yaml",
        at="a: &a",
    ),
    Case(
        "python-tag",
        extra="title: !!python/object/apply:os.system ['echo MARK']",
        subtype="front-matter-syntax",
        at="!!python",
        payload="PWN-never",
    ),
    Case("many-tags", extra="", subtype="too-many-tags", at="tags:", payload="PWN-never"),
    Case(
        "long-title",
        extra="title: " + "MARK " * 60,
        subtype="too-long",
        at="title:",
        payload="PWN-long-title PWN-long-title PWN-long-title " * 14,
    ),
    Case("huge-file", "lorem ipsum dolor sit amet MARK " * 40_000, subtype="too-large", at="---"),
    # -- symlinked pages and folders ---------------------------------------------------------------
    Case("symlinked-essay", subtype="unsafe-symlink", path="essays/linked-essay.md", payload=SECRET),
    Case("symlinked-folder", subtype="unsafe-symlink", path="essays/linked-folder", payload=SECRET),
    # -- numbers, characters, raw-HTML arguments (wall 1) -------------------------------------------
    # One character that XML cannot hold: one warning per page, the character gone from every output
    # (feeds and sitemap included: test_feeds_and_sitemap_parse_after_bad_characters parses them).
    Case(
        "char-title",
        "---\ndate: 2026-03-01\ndescription: A title with U+FFFE.\ntags: [alpha]\ntitle: Odd \ufffe title\n---\n\n"
        "# Odd\n\nText.\n",
        whole=True,
        subtype="bad-character",
        at="title:",
        payload="\ufffe",
    ),
    Case(
        "char-description",
        "---\ndate: 2026-03-01\ndescription: A description \uffff here.\ntags: [alpha]\n---\n\n# Odd\n\nText.\n",
        whole=True,
        subtype="bad-character",
        at="description:",
        payload="\uffff",
    ),
    Case(
        "char-h1-esc",
        "---\ndate: 2026-03-01\ndescription: An escape in the heading.\ntags: [alpha]\n---\n\n"
        "# Odd \x1b[31m heading\n\nText \x00 and \x0c too.\n",
        whole=True,
        subtype="bad-character",
        at="# Odd",
        payload="\x1b[31m",  # (a lone ESC byte is in binary outputs)
    ),
    Case(
        "char-note-vt",
        "---\ndate: 2026-03-01\ndescription: A note.\ntags: [gamma]\n---\n\n# A note\n\nIts body \x0b here.\n",
        whole=True,
        path="notes/h-char-note-vt.md",
        subtype="bad-character",
        at="Its body",
        payload="\x0b here",
    ),
    Case(
        "char-plane-16",
        "Body with the last noncharacter \U0010ffff and \ufdd0.",
        subtype="bad-character",
        at="Body with",
        payload="\U0010ffff",
    ),
    # Numbers: bounded where they are typed, never int() of unbounded text.
    Case(
        "part-digits",
        extra='series: s1\npart: "' + "9" * 5000 + '"',
        subtype="out-of-range",
        at="part:",
        payload="9" * 200,
    ),
    Case("part-zero", extra="series: s1\npart: 0", subtype="out-of-range", at="part:", payload="PWN-never"),
    Case(
        "reading-time-digits",
        extra='reading_time: "' + "9" * 5000 + '"',
        subtype="out-of-range",
        at="reading_time:",
        payload="9" * 200,
    ),
    Case("reading-time-big", extra="reading_time: 100000", subtype="out-of-range", at="reading_time:"),
    Case(
        "plain-number-digits",
        extra="reading_time: " + "9" * 5000,
        subtype="out-of-range",
        at="reading_time:",
        payload="9" * 200,
    ),
    # YAML nested deeper than 20 levels: refused before it is composed.
    Case(
        "yaml-deep-flow",
        extra="title: [" + "[" * 7000 + "MARK" + "]" * 7001,
        subtype="unsafe-yaml",
        at="title:",
    ),
    # Directive options and arguments, checked before the directive runs.
    Case(
        "emphasize-lines",
        fence("code-block", "python", ":emphasize-lines: 1-40", "", "x = 1", "y = 2"),
        subtype="out-of-range",
        at="{code-block}",
        payload='<span class="hll">',
    ),
    Case(
        "lineno-start-digits",
        fence("code-block", "python", ":lineno-start: " + "9" * 5000, "", "x = 1"),
        subtype="out-of-range",
        at="{code-block}",
        payload="9" * 200,
    ),
    Case("hlist-zero", fence("hlist", "", ":columns: 0", "", "* a", "* b"), subtype="out-of-range", at="{hlist}"),
    Case(
        "toctree-maxdepth",
        fence("toctree", "", ":maxdepth: " + "9" * 5000),
        subtype="out-of-range",
        at="{toctree}",
        payload="9" * 200,
    ),
    Case("contents-depth", fence("contents", "", ":depth: 0"), subtype="out-of-range", at="{contents}"),
    Case(
        "grid-columns",
        "::::{grid} 0 0 0 99\n:::{grid-item}\nA\n:::\n::::",
        subtype="out-of-range",
        at="{grid}",
    ),
    Case(
        "grid-gutter",
        "::::{grid} 2\n:gutter: 9\n:::{grid-item}\nA\n:::\n::::",
        subtype="out-of-range",
        at="{grid}",
    ),
    Case(
        "grid-item-columns",
        "::::{grid} 2\n:::{grid-item}\n:columns: 13\nA\n:::\n::::",
        subtype="out-of-range",
        at=":columns: 13",
    ),
    Case(
        "carousel-count",
        "::::{card-carousel} 30000000\n:::{card}\nA\n:::\n::::",
        subtype="out-of-range",
        at="{card-carousel}",
    ),
    Case(
        "list-table-header-rows",
        fence("list-table", "", ":header-rows: 99999", "", "* - a", "  - b"),
        subtype="out-of-range",
        at="{list-table}",
    ),
    Case(
        "list-table-widths",
        fence("list-table", "", ":widths: " + " ".join(["1"] * 300), "", "* - a", "  - b"),
        subtype="out-of-range",
        at="{list-table}",
    ),
    Case(
        "essay-list-limit",
        fence("essay-list", "", ":limit: " + "9" * 5000),
        subtype="essay-list",  # the listing's own check of its options
        at="{essay-list}",
        payload="9" * 200,
    ),
    Case(
        "path-list-limit",
        fence("path-list", "", ":limit: " + "9" * 5000),
        subtype="out-of-range",
        at="{path-list}",
        payload="9" * 200,
    ),
    Case(
        "only-deep",
        fence("only", "(" * 3000 + "html" + ")" * 3000, "MARK"),
        subtype="out-of-range",
        at="{only}",
    ),
    # Roles whose output is raw HTML: sphinx-design's octicon writes its size and classes into an <svg>.
    Case(
        "octicon-classes",
        'An icon {octicon}`check;1em;x"onload="alert(\'MARK\')"x` here.',
        subtype="unsafe-role",
        at="{octicon}",
    ),
    Case(
        "octicon-size",
        "An icon {octicon}`check;1em\"><script>alert('MARK')</script>` here.",
        subtype="unsafe-role",
        at="{octicon}",
    ),
    Case(
        "octicon-in-h1",
        "---\ndate: 2026-02-11\ndescription: An icon in the heading.\ntags: [alpha]\n---\n\n"
        '# Odd {octicon}`check;1em;x"onmouseover="alert(\'MARK\')"x`\n\nText.\n',
        whole=True,
        subtype="unsafe-role",
        at="# Odd",
    ),
    # Arguments that reach HTML attributes through the writer, which escapes them (classes are also normalised
    # by docutils): no warning, and the quote never breaks out of the attribute.
    Case(
        "card-class", fence("card", "Title", ":class-card: x\"onload=\"alert('MARK')", "", "Body."), payload='onload="'
    ),
    Case(
        "tab-sync",
        '::::{tab-set}\n:sync-group: x"onload="alert(\'MARK\')\n:::{tab-item} A\n:sync: y"><script>MARK\nA\n:::\n::::',
        payload='"><script>',
    ),
    Case("badge-text", "A {bdg-primary}`x\" onload=\"alert('MARK')` badge.", payload='" onload="'),
    Case("link-class", "Read [this](https://example.org/){.x\"onload=\"alert('MARK')} now.", payload='onload="'),
    # Link attributes: rel and target allow-listed.
    Case(
        "rel-opener",
        "Read [this](https://example.org/MARK){target=_blank rel=opener} now.",
        subtype="unsafe-attribute",
        at="[this]",
        payload='rel="opener"',
    ),
    Case(
        "target-named",
        "Read [this](https://example.org/){target=MARK} now.",
        subtype="unsafe-attribute",
        at="[this]",
    ),
    # -- files (wall 1) --------------------------------------------------------------------------
    # What a page may publish (longform.core.files); each case's file is in FILE_FIXTURES below.
    Case("svg-script", "![drawing](figures/svg-script.svg)", subtype="unsafe-file", at="![drawing]"),
    Case("svg-onload", "![drawing](figures/svg-onload.svg)", subtype="unsafe-file", at="![drawing]"),
    Case(
        "svg-foreign-object",
        fence("figure", "figures/svg-foreign-object.svg", ":alt: A drawing", "", "Caption."),
        subtype="unsafe-file",
        at="{figure}",
    ),
    Case("svg-xlink-href", "![drawing](figures/svg-xlink-href.svg)", subtype="unsafe-file", at="![drawing]"),
    Case("svg-style-import", "![drawing](figures/svg-style-import.svg)", subtype="unsafe-file", at="![drawing]"),
    Case(
        "svg-entity", fence("image", "figures/svg-entity.svg", ":alt: A drawing"), subtype="unsafe-file", at="{image}"
    ),
    Case("svg-stylesheet-pi", "![drawing](figures/svg-stylesheet-pi.svg)", subtype="unsafe-file", at="![drawing]"),
    Case("svg-is-html", "![drawing](figures/svg-is-html.svg)", subtype="unsafe-file", at="![drawing]"),
    Case("png-is-html", "![photo](figures/png-is-html.png)", subtype="unsafe-file", at="![photo]"),
    Case(
        "card-svg-script",
        fence("card", "Title", ":img-top: figures/card-svg-script.svg", "", "Body."),
        subtype="unsafe-file",
        at="{card}",
    ),
    Case(
        # figure_language_filename: the page names a clean 'lang.svg'; Sphinx would publish 'lang.en.svg'
        "svg-language-variant",
        "![drawing](figures/svg-language-variant.svg)",
        subtype="unsafe-file",
        at="![drawing]",
    ),
    Case("glob-symlink", "![chart](figures/glob-symlink.*)", subtype="unsafe-file", at="![chart]"),
    Case("glob-wrong-type", "![chart](figures/glob-wrong-type.*)", subtype="unsafe-file", at="![chart]"),
    Case(
        "download-html",
        "Get {download}`the page <figures/download-html.html>`.",
        subtype="unsafe-file",
        at="{download}",
    ),
    Case(
        "download-xhtml",
        "Get {download}`the page <figures/download-xhtml.xhtml>`.",
        subtype="unsafe-file",
        at="{download}",
    ),
    Case(
        "download-xml", "Get {download}`the data <figures/download-xml.xml>`.", subtype="unsafe-file", at="{download}"
    ),
    Case("download-js", "Get {download}`the script <figures/download-js.js>`.", subtype="unsafe-file", at="{download}"),
    Case(
        "download-svg",
        "Get {download}`the drawing <figures/download-svg.svg>`.",
        subtype="unsafe-file",
        at="{download}",
    ),
    Case(
        "download-txt-html",
        "Get {download}`the notes <figures/download-txt-html.txt>`.",
        subtype="unsafe-file",
        at="{download}",
    ),
    Case(
        "download-no-ext", "Get {download}`the file <figures/download-no-ext>`.", subtype="unsafe-file", at="{download}"
    ),
    Case("link-html", "Read [the page](figures/link-html.html) now.", subtype="unsafe-file", at="[the page]"),
    Case("download-draft", "Get {download}`the draft <draft-source.md>`.", subtype="unsafe-file", at="{download}"),
    Case(
        "download-scheduled", "Get {download}`the essay <scheduled-source.md>`.", subtype="unsafe-file", at="{download}"
    ),
    Case("link-draft-pdf", "Get [the draft's PDF](draft-source.pdf).", subtype="unsafe-file", at="[the draft"),
    Case("image-md", "![source](draft-image-source.md)", subtype="unsafe-file", at="![source]"),
    Case(
        # a symlink inside the source folder, named as text, to a draft's source
        "download-symlink-to-draft",
        "Get {download}`the notes <figures/notes-of-a-draft.txt>`.",
        subtype="unsafe-file",
        at="{download}",
    ),
    Case("remote-image", "![pixel](https://tracker.example/MARK.png)", subtype="remote-resource", at="![pixel]"),
    Case(
        "remote-figure",
        fence("figure", "https://tracker.example/MARK.png", ":alt: A pixel", "", "Caption."),
        subtype="remote-resource",
        at="{figure}",
    ),
    Case(
        "remote-card",
        fence("card", "Title", ":img-top: https://tracker.example/MARK.png", "", "Body."),
        subtype="remote-resource",
        at="{card}",
    ),
    Case(
        "remote-scheme-relative",
        fence("image", "//tracker.example/MARK.png", ":alt: A pixel"),
        subtype="remote-resource",
        at="{image}",
    ),
    # -- wall 3: maths becomes MathML at build time; its text is text, never markup -------------------------
    Case(
        "math-text-markup",
        "Inline {math}`\\text{<img src=x onerror=alert('MARK')>} x` maths.",
        payload="<img src=x onerror=alert('PWN",
    ),
    Case(
        "math-unconvertible",
        fence("math", "", "\\frac{<script>alert('MARK')</script>"),
        subtype="math",
        at="{math}",
        payload="<script>alert('PWN",
    ),
    # -- policy scope (issue 25): known but refused, and unknown, directives and roles ----------------
    Case("raw-role-known", "Text {raw}`<b>MARK</b>` here.", subtype="unsafe-role", at="{raw}"),
    Case("unknown-role-typo", "See {dcc}`MARK` here.", subtype="unknown-role", at="{dcc}"),
    # a directive docutils knows that would change how the rest of the page is parsed
    Case("default-role", fence("default-role", "MARK"), subtype="unsafe-directive", at="{default-role}"),
    # an extension this site does not load: unknown, with no payload rendered
    Case("unknown-automodule", fence("automodule", "os", "", "MARK"), subtype="unknown-directive", at="{automodule}"),
    # -- scheduled, identity, generated pages --------------------------------------------------
    # A scheduled essay (or a draft) is read and checked now, as on its day, and nothing of it is written.
    Case(
        "scheduled-raw",
        "---\ndate: 2099-01-01\ndescription: Scheduled.\ntags: [alpha]\n---\n\n# Scheduled MARK\n\n"
        + fence("raw", "html", "<script>alert('MARK')</script>")
        + "\n",
        whole=True,
        subtype="unsafe-directive",
        at="{raw}",
    ),
    Case(
        "scheduled-unknown-tag",
        "---\ndate: 2099-01-02\ndescription: Scheduled.\ntags: [alpha, zz-MARK]\n---\n\n# Scheduled MARK\n\nText.\n",
        whole=True,
        subtype="unknown-tag",
        at="tags:",
    ),
    Case(
        "draft-image-js",
        "---\ndate: 2026-01-03\ndraft: true\ndescription: Draft.\ntags: [alpha]\nimage: javascript:alert('MARK')\n"
        "---\n\n# Draft MARK\n\nText.\n",
        whole=True,
        subtype="unsafe-url",
        at="image:",
    ),
    # Two authors a reader cannot tell apart (a Cyrillic 'е'): one warning, at the newer entry.
    Case(
        "confusable-author",
        "a-writer:\n  name: A. Writer\n  bio: Writes the valid essays.\nines-varga:\n  name: Ines Varga\n"
        "  bio: Writes.\nines-cyr:\n  name: In\u0435s Varga\n  bio: Looks like Ines.\n",
        whole=True,
        subtype="confusable",
        at="ines-cyr:",
        path="authors.yaml",
        payload="PWN-never",
    ),
    # A source page at an address Longform generates is left out; the generated page keeps it.
    *(
        Case(
            f"generated-{kind}",
            "---\norphan: true\n---\n\n# MARK\n\n<script>alert('MARK')</script>\n",
            whole=True,
            subtype="generated-page",
            path=path,
        )
        for kind, path in (("tag", "tags/alpha.md"), ("author", "authors/ines-varga.md"), ("series", "series/s1.md"))
    ),
    # -- issue 25 (sphinx-tags drop-in): {tags} on a page that is not an essay; its names are text -----------
    Case(
        "tags-plain-page",
        "# A plain page\n\n```{tags} <script>alert('MARK')</script>, beta\n```\n",
        whole=True,
        path="h-tags-plain-page.md",
        subtype="unknown-tag",
        at="```{tags}",
        payload="<script>alert('PWN",
    ),
    # -- red team ----------------------------------------------------------------------------------
    # A source page named search or genindex was overwritten by Sphinx's own page without a word.
    Case(
        "sphinx-search-page",
        "---\norphan: true\n---\n\n# MARK\n\nText.\n",
        whole=True,
        subtype="generated-page",
        path="search.md",
    ),
    # A docs/404.md replaced the 404 page this site's conf.py writes (notfound_context) without a word: every reader
    # of a dead link got the contributor's page. It is left out unless longform_claimed_pages names it.
    Case(
        "notfound-page",
        "---\norphan: true\n---\n\n# Moved: MARK\n\nThe site moved to [a new address](https://evil.example/MARK).\n",
        whole=True,
        subtype="generated-page",
        path="404.md",
    ),
    # A toctree that lists a page above it: Sphinx's walk of the navigation recursed until the stack overflowed
    # (a RecursionError traceback, no site). The entry is removed (core.toctrees); the page still builds.
    Case("toctree-cycle", fence("toctree", "", "MARK </index>"), subtype="toctree-cycle", at="{toctree}"),
    Case("toctree-glob-root", fence("toctree", "", ":glob:", "", "/*"), subtype="toctree-cycle", at="{toctree}"),
    # Blocks nested in blocks: ~150 notes in notes overflowed Python's stack while parsing; 12 notes, each in 19
    # quotes (the Markdown parser's own bound, per level), overflowed it while pickling the page. Past 8 levels the
    # content is left out (core.compat's renderer), with one warning at the first block too deep.
    Case("nest-blocks", _nested(150, quotes=0), subtype="out-of-range", at="L009"),
    Case("nest-quotes", _nested(12, quotes=19), subtype="out-of-range", at="L009"),
    # A TeX colour becomes MathML's mathcolor/mathbackground, a style value: 'url(…)' there passed wall 1 (wall 2
    # caught it as unsafe-output). Colours are names or hex codes.
    Case(
        "math-color-url",
        "Maths {math}`\\color{url(https://evil.example/MARK.png)}{x}` here.",
        subtype="unsafe-math",
        at="{math}",
    ),
    # reST's `text <url>`_ makes a reference and a target with the same URL: one bad link, one warning (was two).
    Case(
        "rst-link-js",
        ":date: 2026-02-11\n:description: Hostile case rst-link-js.\n:tags: alpha\n\nCase rst-link-js\n"
        "================\n\nRead `this <javascript:alert('MARK')>`_ now.\n",
        whole=True,
        path="essays/h-rst-link-js.rst",
        subtype="unsafe-url",
        at="`this",
    ),
    # An empty quote stopped plain Sphinx with an AssertionError (found by the fuzzer once its open classes closed).
    Case("empty-pull-quote", "``````{pull-quote}\n\n\n``````", subtype="empty-quote", at="{pull-quote}"),
    Case(
        "math-colorbox-url",
        fence("math", "", "\\fcolorbox{red}{url(https://evil.example/MARK.png)}{x}"),
        subtype="unsafe-math",
        at="{math}",
    ),
]

_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4"'
_ESSAY = "---\ndate: {date}\ndescription: Not published.\ntags: [alpha]\n{extra}---\n\n# Unpublished\n\n{mark}\n"
#: The files the "files (wall 1)" cases name (path under essays/ -> bytes); each holds its case's marker.
FILE_FIXTURES: dict[str, bytes] = {
    name: text.encode()
    for name, text in {
        "figures/svg-script.svg": f"{_SVG}><script>alert('PWN-svg-script')</script></svg>",
        "figures/svg-onload.svg": f"{_SVG} onload=\"alert('PWN-svg-onload')\"/>",
        "figures/svg-foreign-object.svg": f"{_SVG}><foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>"
        "PWN-svg-foreign-object</p></foreignObject></svg>",
        "figures/svg-xlink-href.svg": f"{_SVG}><image xlink:href='https://evil.example/PWN-svg-xlink-href.png'/></svg>",
        "figures/svg-style-import.svg": f"{_SVG}><style>@import 'https://evil.example/PWN-svg-style-import.css';</style>"
        "</svg>",
        "figures/svg-entity.svg": f'<!DOCTYPE svg [<!ENTITY x "PWN-svg-entity">]>{_SVG}><text>&x;</text></svg>',
        "figures/svg-stylesheet-pi.svg": "<?xml version='1.0'?><?xml-stylesheet type='text/xsl' href='x.xsl'?>"
        f"{_SVG}><title>PWN-svg-stylesheet-pi</title></svg>",
        "figures/svg-is-html.svg": "<!doctype html><html><script>alert('PWN-svg-is-html')</script></html>",
        "figures/png-is-html.png": "<html><script>alert('PWN-png-is-html')</script></html>",
        "figures/card-svg-script.svg": f"{_SVG}><script>alert('PWN-card-svg-script')</script></svg>",
        "figures/svg-language-variant.svg": f"{_SVG}/>",
        "figures/svg-language-variant.en.svg": f"{_SVG}><script>alert('PWN-svg-language-variant')</script></svg>",
        "figures/glob-wrong-type.svg": f"{_SVG}/>",
        "figures/glob-wrong-type.html": "<html><script>alert('PWN-glob-wrong-type')</script></html>",
        "figures/download-html.html": "<!doctype html><script>alert('PWN-download-html')</script>",
        "figures/download-xhtml.xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert('PWN-download-xhtml')"
        "</script></html>",
        "figures/download-xml.xml": "<?xml version='1.0'?><r xmlns:h='http://www.w3.org/1999/xhtml'>"
        "<h:script>alert('PWN-download-xml')</h:script></r>",
        "figures/download-js.js": "alert('PWN-download-js');",
        "figures/download-svg.svg": f"{_SVG}><title>PWN-download-svg</title></svg>",
        "figures/download-txt-html.txt": "  <!DOCTYPE html><script>alert('PWN-download-txt-html')</script>",
        "figures/download-no-ext": "PWN-download-no-ext",
        "figures/link-html.html": "<html><script>alert('PWN-link-html')</script></html>",
        "draft-source.md": _ESSAY.format(date="2026-01-05", extra="draft: true\n", mark="PWN-download-draft"),
        "draft-source.pdf": "%PDF-1.4 PWN-link-draft-pdf",
        "scheduled-source.md": _ESSAY.format(date="2099-01-01", extra="", mark="PWN-download-scheduled"),
        "draft-image-source.md": _ESSAY.format(date="2026-01-05", extra="draft: true\n", mark="PWN-image-md"),
        "draft-linked-source.md": _ESSAY.format(
            date="2026-01-05", extra="draft: true\n", mark="PWN-download-symlink-to-draft"
        ),
    }.items()
}


def _write_file_fixtures(site: Path) -> None:
    """The files (wall 1) cases' files, and a PNG outside the source folder matched by a glob through a symlink."""
    for name, data in FILE_FIXTURES.items():
        (site / "essays" / name).write_bytes(data)
    outside = site.parent / "outside-secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n PWN-glob-symlink")
    os.symlink(outside, site / "essays" / "figures" / "glob-symlink.png")
    os.symlink("../draft-linked-source.md", site / "essays" / "figures" / "notes-of-a-draft.txt")


def _write_cases(site: Path) -> None:
    outside = site.parent
    (outside / "secret.txt").write_text(f"{SECRET}\nline two\n", encoding="utf-8")
    (outside / "outside.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>{SECRET}</title></svg>\n',
        encoding="utf-8",
    )
    (outside / "outside-essay.md").write_text(
        f"---\ndate: 2026-01-01\ndescription: Outside.\ntags: [alpha]\n---\n\n# Outside {SECRET}\n\nText.\n",
        encoding="utf-8",
    )
    (outside / "outside-folder").mkdir()
    (outside / "outside-folder" / "inner.md").write_text((outside / "outside-essay.md").read_text(), encoding="utf-8")
    figures = site / "essays" / "figures"
    figures.mkdir(parents=True)
    (figures / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n', encoding="utf-8"
    )
    os.symlink(outside / "outside.svg", figures / "linked.svg")
    os.symlink(outside / "outside-essay.md", site / "essays" / "linked-essay.md")
    os.symlink(outside / "outside-folder", site / "essays" / "linked-folder")
    for case in CASES:
        if case.path and not case.whole:
            continue
        (site / case.file).parent.mkdir(parents=True, exist_ok=True)
        source = case.source()
        if case.id == "many-tags":
            source = source.replace("tags: [alpha]", "tags: [" + ", ".join(f"t{i}" for i in range(1000)) + "]")
        (site / case.file).write_text(source, encoding="utf-8")
    _write_file_fixtures(site)  # files (wall 1)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    site = base / "site"
    shutil.copytree(ROOT, site)
    shutil.copy(REPO / "conf.py", site / "conf.py")
    (site / "conf.py").write_text(
        (site / "conf.py").read_text().replace('Path(__file__).parent / "extensions"', repr(str(REPO / "extensions"))),
        encoding="utf-8",
    )
    _write_cases(site)
    os.environ["LONGFORM_TEST_SECRET"] = ENV_SECRET
    try:
        built = build(site, freshenv=True)
    finally:
        os.environ.pop("LONGFORM_TEST_SECRET", None)
    outputs = {}
    for path in Path(built.outdir).rglob("*"):
        if path.is_file():
            outputs[str(path.relative_to(built.outdir))] = path.read_bytes().decode("utf-8", "replace")
    return site, built, outputs


def _warning_lines(warnings: str, file: str) -> list[str]:
    return [
        line
        for line in warnings.splitlines()
        if f"/{file}:" in line or line.startswith(f"{file}:") or f"/{file}" in line
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input_is_refused_with_a_located_warning_and_leaves_no_payload(hostile_site, case: Case):
    _site, built, outputs = hostile_site
    mine = _warning_lines(built.warnings, case.file)
    if case.subtype:
        expected = f"{case.file}:{case.line()}: WARNING:"
        hits = [line for line in mine if expected in line and line.endswith(f"[longform.{case.subtype}]")]
        assert hits, f"no '{expected} … [longform.{case.subtype}]' among:\n" + "\n".join(mine)
        ours = [line for line in mine if "[longform." in line]
        if case.id == "many-tags":  # the 12 tags kept are unknown tags too, each reported once
            ours = [line for line in ours if "[longform.unknown-tag]" not in line]
        assert len(ours) == 1, "one warning per bad input:\n" + "\n".join(ours)
    payload = case.payload or case.marker
    leaked = [name for name, text in outputs.items() if payload in text]
    assert not leaked, f"{payload!r} reached {leaked}"
    assert "Traceback" not in built.warnings and "Exception occurred" not in built.warnings


def test_feeds_and_sitemap_parse_after_bad_characters(hostile_site):
    """Wall 1 (characters): every feed and the sitemap are written and parse, with the pages that held
    characters XML cannot hold among their entries."""
    from lxml import etree

    _site, built, outputs = hostile_site
    feeds = {name: text for name, text in outputs.items() if name.endswith(".xml")}
    assert {"atom.xml", "notes.xml", "tags/alpha.xml", "sitemap.xml"} <= set(feeds), sorted(feeds)
    for name in feeds:
        etree.parse(str(Path(built.outdir) / name))  # raises on anything XML 1.0 cannot hold
    # the newest entries (dated after every other case): the U+FFFE title and the U+FFFF description, without them
    assert re.search(r"<title>Odd\s+title</title>", feeds["atom.xml"]), feeds["atom.xml"][:3000]
    assert re.search(r"A description\s+here\.", feeds["atom.xml"])
    assert "h-char-note-vt" in feeds["notes.xml"] and "Its body" in feeds["notes.xml"]
    assert "essays/h-char-title.html" in feeds["sitemap.xml"]


def test_a_link_that_opens_a_new_tab_never_gives_the_page_its_opener(hostile_site):
    """Wall 1 (attributes): rel=opener is dropped, and target=_blank always comes with noopener noreferrer."""
    _site, _built, outputs = hostile_site
    page = outputs["essays/h-rel-opener.html"]
    link = re.search(r'<a [^>]*href="https://example.org/PWN-rel-opener"[^>]*>', page)
    assert link, "the link itself is kept"
    assert 'target="_blank"' in link[0] and 'rel="noopener noreferrer"' in link[0], link[0]
    named = re.search(r'<a [^>]*href="https://example.org/"[^>]*>', outputs["essays/h-target-named.html"])
    assert named and "target=" not in named[0], named


def test_no_file_from_outside_the_source_folder_is_copied_and_valid_essays_still_build(hostile_site):
    _site, _built, outputs = hostile_site
    for name, text in outputs.items():
        assert SECRET not in text, name
        assert ENV_SECRET not in text, name
    for docname in ("essays/valid-one", "essays/valid-two", "essays/valid-three"):
        assert f"{docname}.html" in outputs
    assert "essays/linked-essay.html" not in outputs
    assert not any(name.startswith("essays/linked-folder") for name in outputs)


def test_normalised_names_cannot_look_the_same(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "lookalike.md").write_text(
        '---\ndate: 2026-02-01\ndescription: Two alphas.\ntags: [alpha, "al\u200bpha", "\uff41lpha"]\n'
        'title: "Evil \u202eeman"\n---\n\n# Lookalike\n\nText.\n',
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    assert built.warnings == ""
    essay = built.essays["essays/lookalike"]
    assert essay.tags == ("alpha",)
    assert "\u202e" not in essay.title
    page = (Path(built.outdir) / "essays" / "lookalike.html").read_text(encoding="utf-8")
    assert "\u202e" not in page and "\u200b" not in page


def test_the_strict_build_fails_on_a_hostile_essay(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "evil.md").write_text(
        "---\ndate: 2026-02-01\ndescription: Evil.\ntags: [alpha]\n---\n\n# Evil\n\n"
        "```{raw} html\n<script>x</script>\n```\n",
        encoding="utf-8",
    )
    done = kit.sphinx_build(site, tmp_path / "out", confdir=REPO)
    assert done.returncode != 0
    assert re.search(
        r"evil\.md:9: WARNING: the directive 'raw' is not allowed .*\[longform\.unsafe-directive\]", done.stderr
    )
    assert "<script>x</script>" not in (tmp_path / "out" / "essays" / "evil.html").read_text(encoding="utf-8")


def test_markup_guard_does_not_outlive_the_page(hostile_site):
    """compat.guard_markup relies on Sphinx restoring docutils' lookups after each page."""
    from docutils.parsers.rst import directives, roles

    from longform.core import compat

    assert not compat.is_guarded()
    assert directives.directive.__module__.startswith("docutils")
    assert roles.role.__module__.startswith("docutils")


def test_redirects_cannot_escape_the_output_folder_or_run_script(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    redirects = {
        "../../escaped": "https://example.org/",
        "/abs/path": "https://example.org/",
        "essays/old": "javascript:alert('PWN-redirect')",
        "essays/moved": "/essays/valid-one.html",
    }
    built = build(
        site, freshenv=True, extensions=["myst_parser", "longform", "sphinx_reredirects"], redirects=redirects
    )
    assert built.warnings.count("[longform.unsafe-redirect]") == 3, built.warnings
    assert not (tmp_path / "escaped.html").exists() and not (site.parent / "escaped.html").exists()
    assert not Path("/abs/path.html").exists()
    assert (Path(built.outdir) / "essays" / "moved.html").exists()
    for path in Path(built.outdir).rglob("*.html"):
        assert "PWN-redirect" not in path.read_text(encoding="utf-8")


def test_the_allow_list_is_what_the_writing_guide_says():
    from longform.core import safety

    guide = (REPO / "docs" / "contributing" / "index.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Security policy") :]

    def listed(label: str) -> set[str]:
        match = re.search(rf"\*\*{label}\*\*[^:]*:(.*?)\.\s", section, re.S)
        assert match, f"the guide's security policy has no '**{label}**' list"
        return set(re.findall(r"`([^`]+)`", match[1]))

    assert listed("Directives") == set(safety.DIRECTIVES)
    assert listed("Roles") == set(safety.ROLES)
    assert listed("Front-matter keys") == set(safety.FRONT_MATTER)
    assert listed("URL schemes") == set(safety.URL_SCHEMES)


BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    + "".join(f"{chr(100 + i)}: &{chr(100 + i)} [{','.join([f'*{chr(99 + i)}'] * 9)}]\n" for i in range(6))
)
TAGS = (ROOT / "tags.yaml").read_text(encoding="utf-8")
SERIES = (ROOT / "series.yaml").read_text(encoding="utf-8")

VOCABULARY_CASES = {
    "tags-alias-bomb": (
        {"tags.yaml": BOMB},
        "tags.yaml:1: WARNING: YAML anchor '&a' in the tag vocabulary",
        "unsafe-yaml",
    ),
    "series-alias-bomb": (
        {"series.yaml": BOMB},
        "series.yaml:1: WARNING: YAML anchor '&a' in the series vocabulary",
        "unsafe-yaml",
    ),
    "tags-alias": (
        {"tags.yaml": TAGS + "delta: &d\n  title: Delta\nepsilon: *d\n"},
        "tags.yaml:10: WARNING: YAML anchor '&d'",
        "unsafe-yaml",
    ),
    "tags-newline-slug": (
        {"tags.yaml": TAGS + '"evil\\n":\n  title: Evil\n'},
        "tags.yaml:10: WARNING: tag slug 'evil\\n' must be",
        "vocabulary",
    ),
    "tags-device-name": (
        {"tags.yaml": TAGS + "con:\n  title: Con\n"},
        "tags.yaml:10: WARNING: tag slug 'con' is reserved",
        "reserved-slug",
    ),
    "series-index": (
        {"series.yaml": SERIES + "index:\n  title: Index\n"},
        "series.yaml:4: WARNING: series slug 'index' is reserved",
        "reserved-slug",
    ),
    "series-duplicate": (
        {"series.yaml": SERIES + "s1:\n  title: Again\n"},
        "series.yaml:4: WARNING: series 's1' is defined twice in series.yaml (first on line 1)",
        "duplicate-key",
    ),
    "tags-nested-duplicate": (
        {"tags.yaml": TAGS.replace("  title: Alpha\n", "  title: Alpha\n  title: Alpha two\n")},
        "tags.yaml:3: WARNING: 'title' is given twice in the tag vocabulary (first on line 2)",
        "duplicate-key",
    ),
    "path-alias": (
        {
            "paths/main.md": (ROOT / "paths" / "main.md")
            .read_text(encoding="utf-8")
            .replace("- essays/valid-one", "- &one essays/valid-one\n- *one", 1)
        },
        "WARNING: YAML anchors and aliases are not allowed in a reading path",
        "unsafe-yaml",
    ),
    "front-matter-too-large": (
        {"essays/big.md": "---\ndate: 2026-01-01\nnotes: |\n" + "  padding words\n" * 1300 + "---\n\n# Big\n\nText.\n"},
        "essays/big.md:2: WARNING: the front matter is over 16 KB",
        "too-large",
    ),
    "tags-yaml-too-large": (
        {"tags.yaml": TAGS + "".join(f"t{i}:\n  title: Tag {i}\n  description: {'x' * 80}\n" for i in range(5000))},
        "tags.yaml:1: WARNING: the tag vocabulary is over 500 KB",
        "too-large",
    ),
    "many-authors": (
        {
            "essays/crowd.md": "---\ndate: 2026-01-01\ndescription: Many hands.\ntags: [alpha]\n"
            "authors: [a1, a2, a3, a4, a5, a6, a7, a8, a9]\n---\n\n# Crowd\n\nText.\n"
        },
        "essays/crowd.md:5: WARNING: 9 authors — give at most 8",
        "too-many-authors",
    ),
    "long-description": (
        {
            "essays/wordy.md": "---\ndate: 2026-01-01\ndescription: "
            + "word " * 200
            + "\ntags: [alpha]\n---\n\n# Wordy\n\nText.\n"
        },
        "essays/wordy.md:3: WARNING: 'description' is 999 characters — one or two sentences, under 600",
        "too-long",
    ),
    # -- wall 1: nesting and characters in vocabularies and reading paths --
    "tags-deep-flow": (
        {"tags.yaml": TAGS + "delta:\n  title: " + "[" * 7000 + "x" + "]" * 7000 + "\n"},
        "tags.yaml:11: WARNING: the tag vocabulary nests deeper than 20 levels",
        "unsafe-yaml",
    ),
    "series-deep-block": (
        {"series.yaml": SERIES + "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x: 1\n"},
        "series.yaml:24: WARNING: the series vocabulary nests deeper than 20 levels",
        "unsafe-yaml",
    ),
    "path-deep": (
        {
            "paths/main.md": (ROOT / "paths" / "main.md")
            .read_text(encoding="utf-8")
            .replace("- essays/valid-one", "- essays/valid-one\n- " + "[" * 7000 + "x" + "]" * 7000, 1)
        },
        "paths/main.md:9: WARNING: the reading path nests deeper than 20 levels",
        "unsafe-yaml",
    ),
    "tags-bad-character": (
        {"tags.yaml": TAGS.replace("  title: Alpha\n", "  title: Al\ufffepha\n")},
        "tags.yaml:2: WARNING: the tag vocabulary holds the character U+FFFE",
        "bad-character",
    ),
    "series-control-character": (
        {"series.yaml": SERIES.replace("Series one", "Series \x1b one")},
        "series.yaml:2: WARNING: the series vocabulary holds the character U+001B",
        "bad-character",
    ),
    "front-matter-bomb": (
        {"essays/bomb.md": "---\n" + BOMB + "date: 2026-01-01\n---\n\n# Bomb\n\nText.\n"},
        "essays/bomb.md:2: WARNING: YAML anchor '&a' in the front matter",
        "unsafe-yaml",
    ),
}


@pytest.mark.parametrize("name", sorted(VOCABULARY_CASES))
def test_hostile_vocabularies_are_refused_with_one_located_warning(tmp_path, name):
    files, expected, subtype = VOCABULARY_CASES[name]
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    for relpath, content in files.items():
        (site / relpath).write_text(content, encoding="utf-8")
    built = build(site, freshenv=True)
    hits = [line for line in built.warnings.splitlines() if expected in line and line.endswith(f"[longform.{subtype}]")]
    assert len(hits) == 1, built.warnings
    assert "Traceback" not in built.warnings and "MemoryError" not in built.warnings
    assert (Path(built.outdir) / "essays" / "valid-one.html").exists()
    assert not any("\n" in p.name for p in Path(built.outdir).rglob("*"))
    assert not (Path(built.outdir) / "tags" / "con.html").exists()


def test_docutils_switches_are_off_behind_the_allow_list(hostile_site):
    """The second wall: docutils' raw and file-insertion switches, set where Sphinx reads them."""
    from sphinx.testing.util import SphinxTestApp

    site, _built, _outputs = hostile_site
    app = SphinxTestApp("html", srcdir=site)
    try:
        assert app.env.settings["raw_enabled"] is False
        assert app.env.settings["file_insertion_enabled"] is False
    finally:
        app.cleanup()
