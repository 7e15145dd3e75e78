"""Maths rendered to MathML while the page is written: no MathJax, no CDN, no script scanning the page.

Sphinx's default HTML maths (``sphinx.ext.mathjax``) writes the TeX into the page and loads MathJax
from a CDN, which then reads the whole page in the reader's browser.  Longform registers an HTML
maths renderer, ``"longform"``, and makes it the site's when ``html_math_renderer`` is not set: each
``{math}`` role, ``{math}`` directive (numbered, labelled, ``:nowrap:``) and MyST ``$…$``/``$$…$$``
becomes MathML Core with `latex2mathml <https://pypi.org/project/latex2mathml/>`_, which browsers
render natively.  Numbers, labels and ``{eq}`` references work as with MathJax (the same ``eqno``
markup and permalink).

What latex2mathml writes is not trusted as it is (it puts ``\\text{…}`` into the markup unescaped,
and turns ``\\href`` into an ``href``): its element tree is rebuilt here (:func:`mathml`) with only
MathML elements (:data:`ELEMENTS`) and presentation attributes (:data:`ATTRIBUTES`) — no ``href``,
``style``, ``class``, ``id`` or event attribute — and every text escaped.  A formula it cannot
convert (it raises, leaves a command it does not know, leaves ``&`` outside a table or a ``\\\\``
line break outside one — ``aligned``, ``gather``: MathML Core draws neither —, or leaves a fraction,
script or root without its parts) is one located ``longform.math`` warning that says what to change,
and the page shows the TeX as code.  ``align`` is converted as ``align*``: Sphinx numbers equations,
latex2mathml would number its rows too.  A formula may define no macros (``\\newcommand``,
``\\def``…: one definition may expand to millions of symbols) and is at most :data:`MAX_TEX` long.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement, tostring

from docutils import nodes
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from ..core import events, log

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

NAME = "longform"
#: What a formula may be: longer TeX is not converted (a warning says so).
MAX_TEX = 20_000
#: The MathML elements a formula may become (MathML Core, and the few legacy ones latex2mathml writes).
ELEMENTS: frozenset[str] = frozenset(
    {
        "math", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace", "mfrac", "msqrt", "mroot", "msub", "msup",
        "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
        "menclose", "merror", "semantics", "annotation",
    }
)  # fmt: skip
#: Presentation attributes kept; every other attribute (href, style, class, id, on*…) is dropped.
ATTRIBUTES: frozenset[str] = frozenset(
    {
        "xmlns", "display", "displaystyle", "scriptlevel", "mathvariant", "mathsize", "mathcolor",
        "mathbackground", "dir", "accent", "accentunder", "fence", "form", "largeop", "lspace", "rspace",
        "maxsize", "minsize", "movablelimits", "separator", "stretchy", "symmetric", "linethickness", "width",
        "height", "depth", "voffset", "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
        "rowlines", "frame", "framespacing", "columnspan", "rowspan", "notation", "encoding",
    }
)  # fmt: skip
#: Elements with a fixed number of children (a fraction has two: a numerator and a denominator).
ARITY = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}
#: Commands that define macros: refused (a chain of definitions grows exponentially).
MACROS = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|def|gdef|edef|xdef|let|DeclareMathOperator)(?![A-Za-z])"
)
#: The 'align' environment, which latex2mathml would number row by row.
NUMBERED_ALIGN = re.compile(r"\\(begin|end)\s*\{align\}")
#: latex2mathml's own character references in its tree's text.
REFERENCE = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
#: A command latex2mathml did not know: it leaves it as the text of an identifier or operator.
UNKNOWN = re.compile(r"\\[A-Za-z]+")


class UnconvertibleError(Exception):
    """A formula that cannot be shown as MathML; the message says what to change."""


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return REFERENCE.sub(lambda m: chr(int(m[1], 16)) if int(m[1], 16) <= 0x10FFFF else "\ufffd", value)


def _rebuild(source: Element, parent: Element | None) -> Element:
    tag = source.tag if isinstance(source.tag, str) else ""
    if tag not in ELEMENTS:
        raise UnconvertibleError(f"it makes a <{tag}> element, which is not MathML")
    attributes = {k: v for k, v in source.attrib.items() if k in ATTRIBUTES}
    element = Element(tag, attributes) if parent is None else SubElement(parent, tag, attributes)
    text = _text(source.text)
    if tag in ("mi", "mo", "mtext", "mn") and text:
        unknown = UNKNOWN.search(text)
        if unknown and tag != "mtext":
            raise UnconvertibleError(f"'{unknown[0]}' is not a command latex2mathml knows; write it without")
        if (source.text or "").strip() == "&" and tag != "mtext":  # a bare '&' (an escaped one is '&#x00026;')
            raise UnconvertibleError(
                "'&' aligns only inside an environment latex2mathml converts (split, align, matrix, cases…; "
                "not aligned, gathered or eqnarray): use \\begin{split}…\\end{split} or \\begin{align}…\\end{align}"
            )
    if tag == "mspace" and source.get("linebreak") == "newline":  # MathML Core draws no line break
        raise UnconvertibleError(
            "a line break (\\\\) works only inside split, align, matrix or cases (not gather or multline); "
            "use \\begin{split}…\\end{split}"
        )
    element.text = text
    children = list(source)
    if tag in ARITY and len(children) != ARITY[tag]:
        raise UnconvertibleError("a fraction, root, subscript or superscript is missing a part; check the braces")
    for child in children:
        _rebuild(child, element)
        element[-1].tail = _text(child.tail)
    return element


def mathml(tex: str, *, block: bool) -> str:
    """``tex`` as MathML (``display="block"`` for display maths); raises :class:`UnconvertibleError`."""
    from latex2mathml.converter import convert_to_element

    if len(tex) > MAX_TEX:
        raise UnconvertibleError(f"the formula is over {MAX_TEX:,} characters; split it")
    macro = MACROS.search(tex)
    if macro:
        raise UnconvertibleError(f"'{macro[0]}' defines a macro, which formulas on this site may not; write it out")
    # latex2mathml numbers each row of 'align' itself, (1), (2)…; Sphinx numbers equations (':label:').
    tex = NUMBERED_ALIGN.sub(r"\\\1{align*}", tex)
    try:
        tree = convert_to_element(tex, display="block" if block else "inline")
    except Exception as error:  # latex2mathml's own errors, and RecursionError on very deep nesting
        reason = type(error).__name__.removesuffix("Error")
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", reason).lower()
        raise UnconvertibleError(
            f"latex2mathml cannot convert it ({words or 'error'}); check the braces and commands"
        ) from None
    return tostring(_rebuild(tree, None), encoding="unicode", short_empty_elements=True)


def _line(node: nodes.Node) -> int:
    current: Any = node
    while current is not None:
        if getattr(current, "line", None):
            return int(current.line)
        current = current.parent
    return 1


def _convert(self: HTML5Translator, node: nodes.Element, tex: str, *, block: bool) -> str | None:
    try:
        return mathml(tex, block=block)
    except UnconvertibleError as problem:
        shown = tex if len(tex) <= 60 else tex[:57] + "…"
        log.warn(
            f"maths '{shown}' is shown as TeX: {problem}",
            subtype="math",
            location=(self.builder.current_docname, _line(node)),
        )
        return None


def visit_inline(self: HTML5Translator, node: nodes.math) -> None:
    tex = node.astext()
    rendered = _convert(self, node, tex, block=False)
    if rendered is None:
        self.body.append(self.starttag(node, "code", "", CLASS="math notranslate longform-math-tex"))
        self.body.append(escape(tex) + "</code>")
    else:
        self.body.append(self.starttag(node, "span", "", CLASS="math notranslate longform-math"))
        self.body.append(rendered + "</span>")
    raise nodes.SkipNode


def _parts(tex: str, nowrap: bool) -> list[str]:
    """The formulas of a display block: one per paragraph (as Sphinx's other renderers split them);
    a paragraph with line breaks (``\\\\``) and no environment of its own becomes a ``split``."""
    if nowrap:
        return [tex]
    parts = [part for part in tex.split("\n\n") if part.strip()]
    return [
        rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part and not part.lstrip().startswith(r"\begin") else part
        for part in parts
    ]


def visit_block(self: HTML5Translator, node: nodes.math_block) -> None:
    # furo wraps display maths in a container that takes the node's ids: one element per id, not two.
    parent = node.parent
    wrapped = isinstance(parent, nodes.container) and node.get("ids") and parent.get("ids") == node.get("ids")
    self.body.append(self.starttag(nodes.Element() if wrapped else node, "div", CLASS="math notranslate longform-math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    tex = node.astext()
    parts = _parts(tex, bool(node.get("no-wrap", node.get("nowrap", False))))
    rendered: list[str] = []
    for part in parts:
        converted = _convert(self, node, part, block=True)  # the first that fails warns, once for the block
        if converted is None:
            self.body.append(f'<pre class="longform-math-tex">{escape(tex)}</pre>')
            break
        rendered.append(converted)
    else:
        self.body.append("".join(rendered))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def choose(app: Sphinx, config: Config) -> None:
    """``config-inited``: the site's maths renderer is Longform's unless ``html_math_renderer`` names one."""
    if not config.html_math_renderer:
        config.html_math_renderer = NAME


def setup(app: Sphinx) -> None:
    app.add_html_math_renderer(NAME, (visit_inline, None), (visit_block, None))
    events.connect(app, "config-inited", choose)
