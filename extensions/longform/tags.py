"""(being written)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    return None


def badges_data(app: Sphinx, essay) -> tuple[tuple[str, str], ...]:
    """(slug, title) of each of the essay's tags, for badges. Replaced by the vocabulary-aware version."""
    from slugify import slugify

    return tuple((slugify(tag) or "tag", tag) for tag in essay.tags)
