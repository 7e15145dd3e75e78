"""Jupyter notebooks (``.ipynb``, read by myst-nb) under the same rules as Markdown pages.

A notebook is JSON, and myst-nb reads more than its cells from it: its ``metadata`` may carry the keys
myst-nb and MyST take their settings from (``mystnb``: among others ``execution_mode``, which would run the
notebook's code on the machine that builds the site; ``myst``: the Markdown syntax), and a cell's saved
outputs are shown as they are (``text/html`` as raw HTML, ``application/javascript`` as a script).
On a policed page (:mod:`longform.core.scope`), at ``source-read``:

* a metadata key that belongs to a parser or the page's ``<head>`` (:func:`frontmatter.is_unsafe_key`, and the
  site's ``nb_metadata_key``) is one located ``longform.unsafe-front-matter`` warning and is removed;
* an output's data of a type outside :data:`OUTPUT_TYPES` is one located ``longform.unsafe-output-type``
  warning per output and is removed (the output's other types, an image or text, still show; an output left
  with none is removed);
* a file that is not a notebook (not JSON, or not an object) is one ``longform.bad-notebook`` warning and reads
  as an empty notebook (myst-nb would stop the build on it).

On every page, policed or not, a notebook read empty (the size bound) is :data:`EMPTY`, never ``""``.
"""

from __future__ import annotations

import json
from typing import Any

from . import frontmatter
from .log import warn

#: The output types a notebook on a policed page may show: text, images (their files are type-checked like any
#: image, :func:`longform.core.files.check_notebook_output`), Markdown (read by MyST under the allow-list) and
#: LaTeX (maths).  HTML, JavaScript and widgets' JSON run or inject script.
OUTPUT_TYPES: frozenset[str] = frozenset(
    {
        "text/plain",
        "text/markdown",
        "text/latex",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
    }
)

#: An empty nbformat 4 notebook: what a refused notebook reads as.
EMPTY = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


class _Lines:
    """Finds, in order, the source line of each quoted key of the notebook's JSON text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def of(self, key: str) -> int:
        found = self.text.find(json.dumps(key), self.position)
        if found < 0:
            return 1
        self.position = found + 1
        return self.text.count("\n", 0, found) + 1


def check(text: str, docname: str, *, metadata_key: str = "mystnb") -> str:
    """The notebook ``text`` of the policed page ``docname`` with what the rules refuse removed (and warned)."""
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", 1) if isinstance(error, ValueError) else 1
        warn(
            f"the notebook is not valid JSON ({str(error).split(':')[0]}) — save it again from Jupyter; until then "
            "it reads as an empty notebook",
            subtype="bad-notebook",
            location=(docname, int(line or 1)),
        )
        return EMPTY
    if not isinstance(notebook, dict):
        warn(
            "the notebook is not a JSON object — save it again from Jupyter",
            subtype="bad-notebook",
            location=(docname, 1),
        )
        return EMPTY
    lines = _Lines(text)
    changed = False
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        for key in list(metadata):
            if frontmatter.is_unsafe_key(str(key)) or key == metadata_key:
                warn(
                    f"notebook metadata '{key}' changes how the notebook is parsed, run or shown — not allowed on "
                    "this page; remove it (a maintainer's page may carry it)",
                    subtype="unsafe-front-matter",
                    location=(docname, lines.of(str(key))),
                )
                del metadata[key]
                changed = True
    lines = _Lines(text)
    cells = notebook.get("cells")
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if not isinstance(outputs, list):
            continue
        for output in list(outputs):
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict):
                continue
            refused = [str(kind) for kind in data if kind not in OUTPUT_TYPES]
            if not refused:
                continue
            warn(
                f"a cell's output of type {', '.join(repr(kind) for kind in refused)} is not shown — outputs may be "
                "text, Markdown, LaTeX or images (PNG, JPEG, GIF, WebP, SVG); clear the output or show it as an image",
                subtype="unsafe-output-type",
                location=(docname, lines.of(refused[0])),
            )
            for kind in refused:
                del data[kind]
            if not data:
                outputs.remove(output)  # nothing left to show (an output without data would be myst-nb's warning)
            changed = True
    return json.dumps(notebook, ensure_ascii=False, indent=1) if changed else text


def is_notebook(path: Any) -> bool:
    """Whether the source file ``path`` is a Jupyter notebook."""
    return str(path).lower().endswith(".ipynb")
