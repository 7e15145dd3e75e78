"""Reading time: prose words counted in the doctree, at a documented rate.

``minutes = ceil(words / longform_words_per_minute
                 + code_blocks * longform_code_block_seconds / 60
                 + figures * longform_figure_seconds / 60)``, and at least 1.

Words are counted in the text a reader reads: paragraphs, headings, lists, tables,
admonitions, captions and inline code.  Code blocks, math blocks, comments, raw
blocks and the front matter are not words; each code block and each figure (or
stand-alone image) instead adds a fixed cost.  Han, kana and hangul characters
count one word each, since those scripts do not separate words with spaces.
A ``reading_time: N`` front-matter value overrides the computed figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docutils import nodes

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

#: Nodes whose text is not prose (their subtree is skipped).
_SKIP = (
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.comment,
    nodes.raw,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.docinfo,
    nodes.target,
)


@dataclass(frozen=True, slots=True)
class TextStats:
    """What the reading-time formula needs from one document."""

    words: int
    code_blocks: int
    figures: int


def count_words(text: str) -> int:
    """Count words in a piece of prose (see the module docstring)."""
    cjk = len(_CJK.findall(text))
    if cjk:
        text = _CJK.sub(" ", text)
    return cjk + len(_WORD.findall(text))


def measure(doctree: nodes.Node) -> TextStats:
    """Walk ``doctree`` once, counting prose words, code blocks and figures."""
    return measure_all((doctree,))


def measure_all(roots: Sequence[nodes.Node]) -> TextStats:
    """:func:`measure` of several subtrees together, in one walk and one count (a section's own parts)."""
    code_blocks = figures = 0
    texts: list[str] = []
    stack: list[nodes.Node] = list(reversed(roots))
    while stack:
        node = stack.pop()
        if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            code_blocks += 1
            continue
        if isinstance(node, _SKIP):
            continue
        standalone_image = isinstance(node, nodes.image) and not isinstance(node.parent, nodes.figure)
        if isinstance(node, nodes.figure) or standalone_image:
            figures += 1
        if isinstance(node, nodes.Text):
            texts.append(str(node))
            continue
        stack.extend(reversed(node.children))
    # One pass of the regular expressions over the whole text (not two per text node): a word
    # never spans the space that joins two nodes, so the count is the same.
    return TextStats(words=count_words(" ".join(texts)), code_blocks=code_blocks, figures=figures)


def minutes(
    stats: TextStats,
    *,
    words_per_minute: int,
    code_block_seconds: float,
    figure_seconds: float,
) -> int:
    """Minutes to read, rounded up, at least 1."""
    total = stats.words / max(words_per_minute, 1)
    total += stats.code_blocks * code_block_seconds / 60
    total += stats.figures * figure_seconds / 60
    # Guard against float noise pushing an exact figure over the next minute.
    return max(1, math.ceil(round(total, 6)))
