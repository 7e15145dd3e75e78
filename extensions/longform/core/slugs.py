"""Slugs: the ``[a-z0-9-]+`` names of generated pages (tags, authors), and how names are compared."""

from __future__ import annotations

import hashlib
from typing import Any

from slugify import slugify

from . import safety, vocabulary

#: Slugs longer than this are cut (file names have limits); a hash keeps them distinct.
MAX_SLUG = 60


def key(name: str) -> str:
    """How names are compared: case-insensitive, whitespace-normalised."""
    return " ".join(str(name).split()).casefold()


def make_slug(name: str) -> str:
    """``[a-z0-9-]+`` for a name (may be empty: emoji, punctuation, a reserved device name)."""
    slug = slugify(str(name), max_length=MAX_SLUG, word_boundary=False).strip("-")
    return slug if vocabulary.SLUG.fullmatch(slug) and slug not in safety.DEVICE_NAMES else ""


def safe_slug(natural: str, name_key: str, taken: set[str] | dict[str, Any]) -> str:
    """A slug for a name whose natural slug is empty, reserved or taken: stable, never colliding."""
    digest = hashlib.sha1(name_key.encode("utf-8")).hexdigest()
    stem = (natural[: MAX_SLUG - 10].strip("-") or "tag") if natural else "tag"
    for size in range(8, len(digest) + 1, 4):
        slug = f"{stem}-{digest[:size]}"
        if slug not in taken:
            return slug
    return f"{stem}-{digest}"
