"""Atom feeds, written with feedgen (a maintained feed library), byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .render import ItemData


def site_url(app: Sphinx) -> str:
    """The site's absolute base URL (``html_baseurl``), ending in '/', or '' when unset."""
    base = (app.config.html_baseurl or "").strip()
    if base and not base.endswith("/"):
        base += "/"
    return base


def _when(value: dt.date | None) -> dt.datetime:
    day = value or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom(
    app: Sphinx,
    *,
    path: str,
    title: str,
    subtitle: str,
    html_page: str,
    items: list[ItemData] | tuple[ItemData, ...],
) -> bytes:
    """An Atom feed of ``items`` (newest first), for the file ``path`` in the output folder.

    ``html_page`` is the output path of the page the feed mirrors (e.g. ``tags/go.html``).
    Entries point to essays with absolute URLs when ``html_baseurl`` is set.
    """
    base = site_url(app)
    builder = app.builder
    # Imported here: feedgen pulls in lxml and dateutil, which a rebuild that writes no feed
    # (most of them) need not load.
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    # Without html_baseurl, ids are URNs; a URN has no spaces, so the project's name is slugged into it.
    from slugify import slugify

    site = slugify(str(app.config.project or "site")) or "site"
    feed_id = base + path if base else f"urn:longform:{site}:{path}"
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle or title)
    fg.link(href=(base + path) if base else path, rel="self")
    fg.link(href=(base + html_page) if base else html_page, rel="alternate")
    fg.language(app.config.language or "en")
    fg.generator("Longform (feedgen)")
    if app.config.author:
        fg.author({"name": str(app.config.author)})
    newest = max((item.updated or item.date for item in items if item.updated or item.date), default=None)
    fg.updated(_when(newest))
    for item in items:
        if item.date is None:
            continue  # undated (warned about where it is written): a feed entry needs its date
        entry = fg.add_entry(order="append")
        target = builder.get_target_uri(item.docname)
        url = base + target if base else target
        entry.id(url if base else f"urn:longform:{site}:{item.docname}")
        entry.title(item.title)
        entry.link(href=url, rel="alternate")
        entry.summary(item.description or item.title)
        entry.published(_when(item.date))
        entry.updated(_when(item.updated or item.date))
        for _slug, tag_title in item.tags:
            entry.category(term=tag_title)
    return fg.atom_str(pretty=True)
