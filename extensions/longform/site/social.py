"""Sharing and search engines: social cards, robots, the sitemap and redirects, from our front matter.

The ecosystem's extensions do the work; this module feeds them the catalogue:

* **OpenGraph / Twitter cards** (sphinxext-opengraph): for every catalogue page
  the card's title is the essay's title and its description the front matter's
  ``description`` (the extension would otherwise take the first paragraph), with
  ``og:type`` article, ``article:published_time`` / ``modified_time`` / ``tag``,
  and ``og:image`` from ``image:`` (a full URL, or a figure the essay shows).
  ``<meta name="description">`` carries the same sentence.  A contributor's own
  ``og:*`` front-matter keys win.  A page without a ``description`` gets the opening of its own text instead
  (:func:`opening`: its first sentences, from the resolved doctree without what Longform adds around the text —
  the byline, tags, banners, related essays, the cite block), never the extension's first 200 characters,
  which would start with the byline.
* **schema.org** (``BlogPosting``): every published essay, note and earlier piece carries a JSON-LD data
  block in ``<head>`` — headline, summary, dates, authors, tags, address, image, language, the essays it
  builds on (``isBasedOn``) — for search engines and read-later services.  A data block is not script (the
  output contract's inert types, no Content-Security-Policy hash); ``<``, ``>`` and ``&`` are written as JSON
  escapes, so no value can close the element.
* **robots**: drafts (and the 404 page) get ``<meta name="robots" content="noindex">``.
* **sitemap** (sphinx-sitemap): the extension collects only the pages written by
  the current build, in the order they were written, so an incremental or
  parallel build would publish a partial or shuffled sitemap.  Just before it
  writes, the queue is refilled with every published page in docname order
  (drafts and the 404 page left out, ``sitemap_excludes`` honoured), with
  ``lastmod`` from the essay's ``updated`` or ``date``: the same bytes from a
  clean or an incremental build.
* **redirects** (sphinx-reredirects): a redirect whose source is still a page,
  or whose target is not a page of the site, is a located warning in conf.py.
"""

from __future__ import annotations

import json
import posixpath
import queue
import re
from fnmatch import fnmatch
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes

from ..core import bounds, catalogue, compat, domain, events, log, output, people, publishing, tagging, typedlinks
from ..ui import feeds

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.catalogue import Essay


# -- social cards and robots ------------------------------------------------------------


#: What is not a page's running text: asides, notes, tables, figures, code, metadata, and Longform's own views.
_ASIDES = (
    nodes.footnote, nodes.citation, nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table, nodes.figure,
    nodes.field_list, nodes.docinfo, nodes.system_message, nodes.comment, nodes.raw, nodes.title, nodes.caption,
    nodes.literal_block, nodes.rubric,
)  # fmt: skip
#: Marks inside a paragraph that are not words of it.
_MARKS = (nodes.footnote_reference, nodes.citation_reference, nodes.substitution_definition)
#: Where a sentence ends: after . ! ? or …, and a closing quote or bracket, before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
#: The description's longest length when the site does not set ``ogp_description_length``.
DESCRIPTION_CHARS = 200


def _added_by_longform(node: nodes.Node) -> bool:
    """Whether ``node`` is one of Longform's views (the byline, tags, banners, listings, the essay footer) or an
    aside: not the page's own running text."""
    if isinstance(node, _ASIDES):
        return True
    # Every view Longform puts around the text carries Sphinx's no-search class (core/views.py), as search skips it.
    return isinstance(node, nodes.Element) and "no-search" in node.get("classes", [])


def _paragraph_text(paragraph: nodes.paragraph) -> str:
    parts: list[str] = []
    for text in paragraph.findall(nodes.Text):
        parent = text.parent
        while parent is not None and parent is not paragraph and not isinstance(parent, _MARKS):
            parent = parent.parent
        if parent is paragraph:
            parts.append(str(text))
    return " ".join("".join(parts).split())


def opening(doctree: nodes.Node, limit: int = DESCRIPTION_CHARS) -> str:
    """A page's first sentences, as long as fit in ``limit`` characters (at least one; a first sentence longer
    than that is cut at a word, with "…"), from the text before its first subsection when there is any: the
    description of a page whose front matter gives none."""
    found: list[str] = []
    size = 0

    def walk(node: nodes.Node) -> bool:  # True: enough found
        nonlocal size
        if _added_by_longform(node):
            return False
        if isinstance(node, nodes.section) and found and node.parent is not None:
            return True  # the opening ends where the first subsection begins
        if isinstance(node, nodes.paragraph):
            text = _paragraph_text(node)
            if text:
                found.append(text)
                size += len(text) + 1
            return size > limit
        return any(walk(child) for child in node.children) if isinstance(node, nodes.Element) else False

    walk(doctree)
    sentences = [part.strip() for part in _SENTENCE_END.split(" ".join(found)) if part.strip()]
    chosen = ""
    for sentence in sentences:
        joined = f"{chosen} {sentence}".strip()
        if chosen and len(joined) > limit:
            break
        chosen = joined
    if len(chosen) > limit:
        chosen = chosen[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
    return chosen


def _description_limit(app: Sphinx) -> int:
    value = getattr(app.config, "ogp_description_length", DESCRIPTION_CHARS)
    return value if isinstance(value, int) and value > 0 else DESCRIPTION_CHARS


def image_url(app: Sphinx, essay: Essay) -> str | None:
    """The absolute (or site-relative) URL of the essay's ``image:``, or None when it cannot be served."""
    if not essay.image:
        return None
    if urlsplit(essay.image).scheme in ("http", "https"):
        return essay.image
    srcpath = _image_srcpath(essay)
    found = app.env.images.get(srcpath)
    if found is None:
        return None
    return feeds.site_url(app) + "_images/" + found[1]


def _image_srcpath(essay: Essay) -> str:
    image = essay.image or ""
    if image.startswith("/"):
        return posixpath.normpath(image.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(essay.docname), image))


def _meta(name: str, content: str, *, attribute: str = "property") -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def card_fields(app: Sphinx, essay: Essay, written: dict[str, Any], description: str = "") -> dict[str, str]:
    """The og:* page fields sphinxext-opengraph reads, from the catalogue (front-matter og:* keys win);
    ``description`` is the page's when its front matter gives none (:func:`opening`)."""
    fields = {"og:title": essay.title, "og:type": "article"}
    if essay.description or description:
        fields["og:description"] = essay.description or description
    image = image_url(app, essay)
    if image:
        fields["og:image"] = image
        fields["og:image:alt"] = essay.title
    # sphinxext-opengraph escapes only '"' in what it writes: hand it the rest escaped already.
    return {key: escape(value, quote=False) for key, value in fields.items() if key not in written}


def extra_metatags(app: Sphinx, essay: Essay, description: str = "") -> list[str]:
    """Article dates and tags, the Twitter card kind, and the page's meta description (``description`` when the
    front matter gives none)."""
    out = []
    if essay.description or description:
        out.append(_meta("description", essay.description or description, attribute="name"))
    if essay.date:
        out.append(_meta("article:published_time", essay.date.isoformat()))
    if essay.updated:
        out.append(_meta("article:modified_time", essay.updated.isoformat()))
    out.extend(_meta("article:tag", title) for _slug, title in tagging.badges_data(app, essay))
    out.append(_meta("twitter:card", "summary_large_image" if image_url(app, essay) else "summary", attribute="name"))
    return out


def structured_data(app: Sphinx, essay: Essay, pagename: str, description: str = "") -> dict[str, Any]:
    """The schema.org ``BlogPosting`` of a catalogue page (absolute URLs only when ``html_baseurl`` is set);
    ``description`` is the summary when the front matter gives none."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": essay.title}
    base = feeds.site_url(app)
    if base:
        address = base + app.builder.get_target_uri(pagename)
        data["url"] = address
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": address}
    if essay.description or description:
        data["description"] = essay.description or description
    if essay.date:
        data["datePublished"] = essay.date.isoformat()
        data["dateModified"] = (essay.updated or essay.date).isoformat()
    authors = []
    for _slug, name, url in people.byline_data(app, essay):
        person: dict[str, str] = {"@type": "Person", "name": name}
        if url:
            person["url"] = url
        authors.append(person)
    if authors:
        data["author"] = authors
    keywords = [title for _slug, title in tagging.badges_data(app, essay)]
    if keywords:
        data["keywords"] = keywords
    image = image_url(app, essay)
    if image and urlsplit(image).scheme in ("http", "https"):
        data["image"] = image
    if essay.minutes and essay.kind != "note":
        data["timeRequired"] = f"PT{essay.minutes}M"
    if base:  # the essays it builds on (its typed links that hold: core.typedlinks), by their addresses
        based_on = [
            base + app.builder.get_target_uri(target)
            for key, target in typedlinks.resolved(app.env).outgoing.get(essay.docname, ())
            if key == "builds_on"
        ]
        if based_on:
            data["isBasedOn"] = based_on
    language = app.config.language
    if language:
        data["inLanguage"] = str(language).replace("_", "-")
    return data


def json_ld(data: dict[str, Any]) -> str:
    """``data`` as a ``<script type="application/ld+json">`` data block that no value can close or break out
    of: ``<``, ``>`` and ``&`` are JSON escapes (still the same JSON), so ``</script>`` cannot occur."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context`` (before sphinxext-opengraph): card fields, meta tags, robots."""
    if getattr(app.builder, "format", "") != "html":
        return
    additions: list[str] = []
    essay = catalogue.essays(app.env).get(pagename)
    if essay is not None and doctree is not None:
        written = dict(context.get("meta") or {})
        own = "" if essay.description else opening(doctree, _description_limit(app))
        # A copy: context["meta"] is the environment's own metadata dict.
        context["meta"] = {**written, **card_fields(app, essay, written, own)}
        additions.extend(extra_metatags(app, essay, own))
        if not essay.draft:
            additions.append(json_ld(structured_data(app, essay, pagename, own)))
    elif doctree is not None:
        # Other pages (topics, paths, indexes): sphinxext-opengraph would write the title it
        # parsed from the page with only '"' escaped; give it the text escaped instead.
        written = dict(context.get("meta") or {})
        title_node = app.env.titles.get(pagename)
        fields = {}
        if title_node is not None and "og:title" not in written:
            fields["og:title"] = escape(title_node.astext(), quote=False)
        description = " ".join(str(written.get("description") or "").split())
        if not description:
            # No description: the page's own opening, for the card and for search engines (never the listings
            # or banners Longform put on it).
            description = opening(doctree, _description_limit(app))
        # The same sentence for search engines (sphinxext-opengraph would write its own first 200 characters).
        if description and 'name="description"' not in str(context.get("metatags", "")):
            additions.append(_meta("description", description, attribute="name"))
        if description and "og:description" not in written:
            fields["og:description"] = escape(description, quote=False)
        if fields:
            context["meta"] = {**written, **fields}
    if (essay is not None and essay.draft) or pagename == getattr(app.config, "notfound_pagename", None):
        additions.append(_meta("robots", "noindex", attribute="name"))
    if additions:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(additions)


# -- the sitemap --------------------------------------------------------------------------


def sitemap_entries(app: Sphinx) -> list[tuple[str, str | None]]:
    """(link, lastmod) of every published page, in a stable order: what sitemap.xml lists."""
    env = app.env
    builder = app.builder
    essays = catalogue.essays(env)
    excludes = list(getattr(app.config, "sitemap_excludes", None) or [])
    hidden = {getattr(app.config, "notfound_pagename", "404"), *redirect_sources(app)}
    entries: list[tuple[str, str | None]] = []
    for docname in sorted(env.found_docs):
        essay = essays.get(docname)
        if docname in hidden or (essay is not None and essay.draft):
            continue
        changed = (essay.updated or essay.date) if essay is not None else None
        entries.append((builder.get_target_uri(docname), changed.isoformat() if changed else None))
    generated = domain.site(env, "generated")
    entries.extend((path, None) for path in sorted(generated) if path.endswith(".html"))
    return [(link, lastmod) for link, lastmod in entries if not any(fnmatch(link, p) for p in excludes)]


def refill_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap writes: the whole site, in order, drafts left out."""
    links = compat.sitemap_queue(app)
    if exception is not None or links is None or getattr(app.builder, "format", "") != "html":
        return
    while True:
        try:
            links.get_nowait()
        except queue.Empty:
            break
    for link, lastmod in sitemap_entries(app):
        links.put((bounds.xml_safe(link), lastmod))  # sphinx-sitemap writes them to XML as they are


# -- redirects ------------------------------------------------------------------------------


def redirect_sources(app: Sphinx) -> list[str]:
    return [str(source) for source in (getattr(app.config, "redirects", None) or {})]


def _target_docname(app: Sphinx, source: str, target: str) -> str | None:
    """The page a site-internal redirect target names (None for external URLs)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    # dirhtml writes the redirect inside the source's own folder (<source>/index.html): targets are relative to it
    folder = source if getattr(app.builder, "name", "") == "dirhtml" else posixpath.dirname(source)
    path = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    path = posixpath.normpath(path)
    suffix = app.config.html_file_suffix or ".html"
    if path.endswith(suffix):
        path = path[: -len(suffix)]
    if path.endswith("/index") and getattr(app.builder, "name", "") == "dirhtml":
        path = path[: -len("/index")]
    return "index" if path == "." and getattr(app.builder, "name", "") == "dirhtml" else path


def check_redirects(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every redirect leaves a moved page and lands on a page of the site."""
    redirects = getattr(app.config, "redirects", None) or {}
    generated = {path[:-5] for path in domain.site(env, "generated") if path.endswith(".html")}
    # an unpublished page is withheld (no file is written for it), so a redirect may hold its address until it is
    # published; once it is, its source is a page again and warns below
    withheld = publishing.unpublished(env)
    for source, target in redirects.items():
        source, target = str(source), str(target)
        if any(ch in source for ch in "*?["):
            continue  # a wildcard: sphinx-reredirects expands it over existing pages on purpose
        if source in env.found_docs and source not in withheld:
            log.warn(
                f"redirect source '{source}' is still a page — its redirect would overwrite it; "
                "remove the redirect or the page",
                subtype="redirect",
                location=log.conf_location(app.confdir, quoted=source),
            )
            continue
        landing = _target_docname(app, source, target)
        if landing is not None and landing not in env.found_docs and not output.writes_pages(app):
            continue  # perhaps a page Longform generates (tags/, the archive): this builder writes none to check
        if getattr(app.builder, "name", "") == "dirhtml" and landing is not None and landing not in env.found_docs:
            landing = landing if landing in generated else f"{landing}/index"  # dirhtml: tags/ is tags/index
        if landing is not None and landing not in env.found_docs and landing not in generated:
            log.warn(
                f"redirect '{source}' goes to '{target}', which is not a page of the site — "
                "point it at the essay's new address, e.g. '/essays/<new-name>.html'",
                subtype="redirect",
                location=log.conf_location(app.confdir, quoted=source),
            )


def check_images(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: an ``image:`` must be a full URL or a picture the page shows."""
    essays = catalogue.essays(env)
    for docname in sorted(essays):
        essay = essays[docname]
        if (
            essay.image
            and urlsplit(essay.image).scheme not in ("http", "https")
            and _image_srcpath(essay) not in env.images
        ):
            log.warn(
                f"'image: {essay.image}' is not a picture this page shows — use the path of a figure in the "
                "essay (relative to it), or a full https:// URL",
                subtype="image",
                location=(docname, essay.line("image")),
            )


def setup(app: Sphinx) -> None:
    # Before sphinxext-opengraph (500), which reads context["meta"].
    events.connect(app, "html-page-context", page_context, "social")
    # Before sphinx-sitemap (500), which writes the queue out.
    events.connect(app, "build-finished", refill_sitemap)
    events.connect(app, "env-check-consistency", check_redirects)
    events.connect(app, "env-check-consistency", check_images)
