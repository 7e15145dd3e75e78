"""The bad-input matrix: every malformed input a contributor can write, and what the site does with it.

Each case adds or replaces a few files of ``tests/roots/test-matrix`` (a small
valid site that builds without a warning, with the site's own ``conf.py``) and
builds it from scratch.  For every case:

* no traceback, and the build finishes;
* exactly the expected warnings, with file and line (exact text: ours are
  ``[longform.<subtype>]``, the others are Sphinx's or MyST's known text);
* every valid essay of the root is still built, catalogued and listed on its tag pages;
* nothing is written outside the output folder (the folder around the site is
  snapshotted before and after; only ``_build/html`` and ``_build/doctrees`` may change);
* no injected markup in any output file: the raw payloads (``<script>alert(``,
  ``<img src=x onerror``, an attribute break-out) appear nowhere, escaped or not at all.

``searchindex.js`` is data (a JSON object in a script file): Sphinx's search page
escapes every title and description it shows from it (``_escapeHTML``), and the
browser test ``test_hostile_site_runs_no_script`` searches the hostile site to prove it.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build, hostile, listing

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"

#: The root's valid essays and their tags (slugs): all must survive every case.
VALID = {"essays/valid-one": ("alpha", "beta"), "essays/valid-two": ("beta",), "essays/valid-three": ("gamma", "alpha")}


#: Raw fragments that only an unescaped payload can put in an output file.
INJECTED = (re.compile(r"<script>alert\("), re.compile(r"<img src=x onerror", re.I))
#: In HTML only (in XML text a bare quote is legal and harmless).
INJECTED_HTML = (re.compile(r"\"\s*onmouseover=\"alert"),)


def q(value: str) -> str:
    """A YAML scalar for ``value`` (JSON strings are YAML strings)."""
    return json.dumps(value, ensure_ascii=False)


def essay(
    *,
    title: str = "A case essay",
    date: str = "2026-03-01",
    description: str = "An essay of the matrix.",
    tags: str = "[alpha]",
    extra: str = "",
    body: str = "Some words of the case essay.",
    heading: str | None = None,
) -> str:
    """An essay's source; each argument is written as-is (so it can be made wrong)."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {title}")
    if date is not None:
        lines.append(f"date: {date}")
    if description is not None:
        lines.append(f"description: {description}")
    if tags is not None:
        lines.append(f"tags: {tags}")
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += ["---", "", f"# {heading or 'The case essay'}", "", body, ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Case:
    """One malformed input: the files it writes and what the build must say about it."""

    id: str
    what: str  # the input, for the matrix table
    files: dict[str, str | bytes | None]  # relative path -> content (None deletes)
    #: (path, line or None, text after "WARNING: "), in any order; exactly these.
    warnings: tuple[tuple[str, int | None, str], ...] = ()
    yields: str = ""  # what the reader gets, for the matrix table
    #: (output page, text it must show, escaped): proves a hostile field was used, not dropped.
    shown: tuple[tuple[str, str], ...] = field(default=())
    #: Why this case fails today and whose fix it needs (the test is a strict xfail until then).
    xfail: str = ""
    #: The bad essay is withheld, not published (an ambiguous 'draft:' fails closed): it must NOT be built.
    withheld: bool = False


CASES: list[Case] = []


def case(
    id: str,  # noqa: A002
    what: str,
    files: dict[str, str | bytes | None],
    *warnings: tuple[str, int | None, str],
    yields: str,
    shown: tuple[tuple[str, str], ...] = (),
    xfail: str = "",
    withheld: bool = False,
) -> None:
    CASES.append(
        Case(
            id=id, what=what, files=files, warnings=warnings, yields=yields, shown=shown, xfail=xfail, withheld=withheld
        )
    )


BAD = "essays/bad.md"
TAGS_YAML = (ROOT / "tags.yaml").read_text(encoding="utf-8")
PATH_SOURCE = (ROOT / "paths/main.md").read_text(encoding="utf-8")
HUGE_BODY = "\n\n".join(["lorem ipsum dolor sit amet consectetur " * 20] * 2700)  # 2.1 MB of prose
FM_SYNTAX = (
    "the front matter is not valid YAML ({}) — fix this line; until then the page has no date, description or "
    "tags [longform.front-matter-syntax]"
)


def missing(key: str, line: int) -> tuple[str, int, str]:
    text = {
        "date": "no 'date' in the front matter — add 'date: YYYY-MM-DD' [longform.missing-date]",
        "description": "no 'description' in the front matter — add one or two sentences for listings and feeds "
        "[longform.missing-description]",
        "tags": "no 'tags' in the front matter — add e.g. 'tags: [architecture]' [longform.missing-tags]",
    }[key]
    return (BAD, line, text)


def unknown_tag(path: str, line: int, name: str, slug: str, *, close: str = "") -> tuple[str, int, str]:
    fix = f"did you mean '{close}'? Or add" if close else "use a tag from it, or add"
    return (
        path,
        line,
        f"unknown tag '{name}' (not in tags.yaml) — {fix} '{name}' to tags.yaml; until then it is listed on "
        f"tags/{slug}.html [longform.unknown-tag]",
    )


# -- front matter: syntax, types, keys -------------------------------------------------------
case(
    "yaml-syntax",
    "front matter that is not valid YAML (an unclosed list)",
    {BAD: essay(tags="[alpha, beta")},
    (BAD, 5, FM_SYNTAX.format("expected ',' or ']', but got '<stream end>'")),
    yields="1 warning at the line, with the parser's message (MyST's bare 'Malformed YAML' is suppressed); "
    "page built with its H1",
)
case(
    "yaml-tab",
    "a tab character indenting front matter",
    {BAD: essay(extra="series:\n\t- s1")},
    (BAD, 7, FM_SYNTAX.format("found character '\\t' that cannot start any token")),
    yields="as yaml-syntax: 1 warning at the tab's line",
)
case(
    "yaml-not-mapping",
    "front matter that is a list, not a mapping",
    {BAD: "---\n- a\n- b\n---\n\n# Listy\n\nText.\n"},
    (
        BAD,
        2,
        "the front matter must be 'key: value' lines (a mapping), not a list or a single value "
        "[longform.front-matter-syntax]",
    ),
    yields="1 warning",
)
case(
    "impossible-date",
    "'date: 2026-02-30' (YAML itself rejects the date)",
    {BAD: essay(date="2026-02-30")},
    (
        BAD,
        3,
        "'date: 2026-02-30' is not a date that exists — fix the day or the month; until then the page has no "
        "date, description or tags [longform.bad-date]",
    ),
    yields="1 warning at the date's line (PyYAML rejects the timestamp, so MyST drops the block)",
)
case(
    "unclosed-front-matter",
    "front matter with no closing '---'",
    {BAD: "---\ndate: 2026-03-01\n\n# Open\n\nText.\n"},
    (
        BAD,
        1,
        "the front matter has no closing '---' — end it with a line of three hyphens before the body "
        "[longform.front-matter-syntax]",
    ),
    yields="1 warning saying what to fix (the stray '---' is not also read as a thematic break); page built",
)
case("missing-date", "no 'date'", {BAD: essay(date=None)}, missing("date", 1), yields="1 warning; listed undated, last")
case(
    "bad-date",
    "'date: 12/05/2026'",
    {BAD: essay(date="12/05/2026")},
    (
        BAD,
        3,
        "'date' is '12/05/2026', which is not an ISO 8601 date — write it as YYYY-MM-DD, e.g. 'date: 2026-05-12' "
        "[longform.bad-date]",
    ),
    yields="1 warning; listed undated",
)
case(
    "date-list",
    "'date' that is a list",
    {BAD: essay(date="[2026-03-01]")},
    (
        BAD,
        3,
        "'date' is a list or mapping, which is not an ISO 8601 date — write it as YYYY-MM-DD, e.g. "
        "'date: 2026-05-12' [longform.bad-date]",
    ),
    yields="1 warning",
)
case(
    "updated-before-date",
    "'updated' earlier than 'date'",
    {BAD: essay(extra="updated: 2025-01-01")},
    (
        BAD,
        6,
        "'updated' (2025-01-01) is before 'date' (2026-03-01) — an update comes after publication; fix one of "
        "the two [longform.bad-date]",
    ),
    yields="1 warning",
)
case(
    "missing-description",
    "no 'description'",
    {BAD: essay(description=None)},
    missing("description", 1),
    yields="1 warning; listed without a description",
)
case(
    "description-mapping",
    "'description' that is a mapping",
    {BAD: essay(description="{a: 1}")},
    (BAD, 4, "'description' must be one or two sentences of plain text, not a list or mapping [longform.bad-type]"),
    yields="1 warning",
)
case(
    "tags-not-list",
    "'tags: alpha' (a string, not a list)",
    {BAD: essay(tags="alpha")},
    (BAD, 5, "'tags' must be a list — write 'tags: [alpha]' [longform.bad-type]"),
    yields="1 warning; the tag is still used",
)
case(
    "tags-empty",
    "'tags: []'",
    {BAD: essay(tags="[]")},
    (BAD, 5, "'tags' is empty — give at least one tag from tags.yaml [longform.missing-tags]"),
    yields="1 warning",
)
case(
    "tags-item-mapping",
    "a tag that is a mapping",
    {BAD: essay(tags="[{a: 1}]")},
    (BAD, 5, "every item of 'tags' must be a tag name such as 'concurrency' [longform.bad-type]"),
    yields="1 warning",
)
case("missing-tags", "no 'tags'", {BAD: essay(tags=None)}, missing("tags", 1), yields="1 warning")
case(
    "draft-not-bool",
    "'draft: maybe'",
    {BAD: essay(extra="draft: maybe")},
    (BAD, 6, "'draft' is 'maybe' — it must be true or false [longform.bad-type]"),
    yields="1 warning; withheld as a draft until it says true or false (fail closed: never published by mistake)",
    withheld=True,
)
case(
    "part-not-int",
    "'part: two'",
    {BAD: essay(extra="series: s1\npart: two")},
    (BAD, 7, "'part' is 'two' — it must be a whole number (1, 2, 3, ...) [longform.bad-type]"),
    yields="1 warning",
)
case(
    "part-without-series",
    "'part' without 'series'",
    {BAD: essay(extra="part: 3")},
    (
        BAD,
        6,
        "'part' is set but 'series' is not — add 'series: <slug>' or remove 'part' [longform.part-without-series]",
    ),
    yields="1 warning",
)
case(
    "series-without-part",
    "'series' without 'part'",
    {BAD: essay(extra="series: s1")},
    (BAD, 6, "'series: s1' needs 'part: N' — say which part this essay is [longform.series-without-part]"),
    yields="1 warning",
)
case(
    "unknown-key",
    "an unknown key 'tilte'",
    {BAD: essay(extra="tilte: Typo")},
    (BAD, 6, "unknown front-matter key 'tilte' — did you mean 'title'? [longform.unknown-key]"),
    yields="1 warning with did-you-mean",
)
case(
    "reading-time-bad",
    "'reading_time: soon'",
    {BAD: essay(extra="reading_time: soon")},
    (
        BAD,
        6,
        "'reading_time' is 'soon' — it must be a whole number of minutes, e.g. 'reading_time: 12' [longform.bad-type]",
    ),
    yields="1 warning; computed reading time",
)
case(
    "title-empty",
    "'title: \"\"'",
    {BAD: essay(title='""')},
    (BAD, 2, "'title' is empty — remove it to use the page's heading, or write one [longform.bad-type]"),
    yields="1 warning; the H1 is the title",
)

# -- references: tags, series, paths ---------------------------------------------------------
case(
    "unknown-tag",
    "a tag not in tags.yaml, close to one that is ('alpah')",
    {BAD: essay(tags="[alpah]")},
    unknown_tag(BAD, 5, "alpah", "alpah", close="alpha"),
    yields="1 warning with did-you-mean; a page tags/alpah.html",
)
case(
    "unknown-series",
    "'series: s9' (not in series.yaml)",
    {BAD: essay(extra="series: s9\npart: 1")},
    (
        BAD,
        6,
        "unknown series 's9' — known series: s1 (or add 's9:' with a title and a description to series.yaml (in the "
        "source folder)) [longform.unknown-series]",
    ),
    yields="1 warning",
)
case(
    "duplicate-part",
    "two essays claiming part 1 of a series",
    {BAD: essay(extra="series: s1\npart: 1")},
    (
        "essays/valid-one.md",
        6,
        "part 1 of series 's1' is also claimed by 'essays/bad' — give each part its own number "
        "[longform.duplicate-part]",
    ),
    yields="1 warning (on the later docname, naming the other)",
)
case(
    "path-unknown-member",
    "a reading path listing an essay that does not exist",
    {"paths/main.md": PATH_SOURCE.replace("- essays/valid-one", "- essays/valid-once")},
    (
        "paths/main.md",
        8,
        "no essay 'essays/valid-once' — did you mean 'essays/valid-one'? [longform.path-unknown-essay]",
    ),
    yields="1 warning with did-you-mean; the step is left out",
)
case(
    "path-duplicate-member",
    "a reading path listing one essay twice",
    {"paths/main.md": PATH_SOURCE.replace("second part.\n", "second part.\n- essays/valid-one\n")},
    (
        "paths/main.md",
        11,
        "'essays/valid-one' is already on this path (line 8) — an essay appears once on a path; remove one of the "
        "two [longform.path-duplicate]",
    ),
    yields="1 warning; the repeat is left out",
)
case(
    "path-not-yaml-list",
    "a reading path that is not a YAML list",
    {"paths/main.md": "---\ndescription: Broken.\n---\n\n# Broken path\n\n```{reading-path}\nessays/valid-one\n```\n"},
    (
        "paths/main.md",
        8,
        "a reading path is a YAML list — start each item with '- ', e.g. '- essays/<name>' [longform.path-yaml]",
    ),
    yields="1 warning",
)

# -- files -------------------------------------------------------------------------------------
case(
    "non-utf8",
    "an essay that is not UTF-8 (a Latin-1 'é' in the title)",
    {BAD: essay(title=q("Caf\u00e9")).encode("latin-1")},
    (
        BAD,
        2,
        "this file is not UTF-8 (byte 0xe9 on line 2 cannot be read, and is shown as '\ufffd') — save the file as "
        "UTF-8 [longform.encoding]",
    ),
    yields="1 warning (was: Sphinx 9.0 crashed with UnicodeDecodeError); page built",
)
case(
    "empty-file",
    "an empty essay file (0 bytes)",
    {BAD: ""},
    (BAD, 1, "the file is empty — write the front matter and a '# Title', or delete the file [longform.empty-essay]"),
    yields="1 warning; the page is built with a title made from its file name, so toctrees still link it",
)
case(
    "huge-essay",
    "a 2 MB essay",
    {BAD: essay(body=HUGE_BODY)},
    (
        BAD,
        1,
        f"the page is {len(essay(body=HUGE_BODY).encode()):,} bytes, over the 1 MB a page may be — split it (or a "
        "maintainer raises longform_max_page_bytes in conf.py); until then it is left out of the build "
        "[longform.too-large]",
    ),
    yields="1 warning; the page is left out of the build, unread (a bound, not a 10 s build)",
)
case(
    "no-toctree",
    "an essay in no toctree",
    {
        BAD: essay(),
        "topics/main.md": "# Everything\n\n```{toctree}\n\n" + "".join(f"/{docname}\n" for docname in VALID) + "```\n",
    },
    (
        BAD,
        1,
        "the essay is in no topic's toctree, so readers cannot reach it from the navigation — add '/essays/bad' "
        "to the toctree of topics/main.md (its essays share this one's tags) [longform.not-in-topic]",
    ),
    yields="Longform's hint (which page to list it on), not Sphinx's bare toc.not_included; still built",
)
case(
    "tags-yaml-syntax",
    "tags.yaml that is not valid YAML",
    {"tags.yaml": TAGS_YAML + "delta: [unclosed\n"},
    (
        "tags.yaml",
        11,
        "the tag vocabulary is not valid YAML (expected ',' or ']', but got '<stream end>') — fix the file; until "
        "then no tag is known [longform.vocabulary]",
    ),
    yields="1 located warning; tags are free-form until the file is fixed (no 'unknown tag' flood)",
)
case(
    "tags-yaml-duplicate",
    "a tag defined twice in tags.yaml",
    {"tags.yaml": TAGS_YAML + "alpha:\n  title: Alpha again\n"},
    (
        "tags.yaml",
        10,
        "tag 'alpha' is defined twice in tags.yaml (first on line 1) — only this entry is read; merge the two "
        "[longform.duplicate-key]",
    ),
    yields="1 warning",
)
case(
    "tags-yaml-bad-slug",
    "a tags.yaml slug with capitals and spaces",
    {"tags.yaml": TAGS_YAML + "Big Tag:\n  title: Big\n"},
    (
        "tags.yaml",
        10,
        "tag slug 'Big Tag' must be lowercase letters, digits and hyphens, e.g. 'big-tag' [longform.vocabulary]",
    ),
    yields="1 warning; the entry is skipped",
)
case(
    "series-yaml-not-mapping",
    "series.yaml that is a list",
    {"series.yaml": "- s1\n- s2\n"},
    (
        "series.yaml",
        1,
        "the series vocabulary must be a mapping of '<slug>: {title, description}' [longform.vocabulary]",
    ),
    yields="1 warning (the members are not reported again)",
)

# -- hostile metadata: HTML and JavaScript in every field -------------------------------------
case(
    "html-in-title",
    "HTML and JavaScript in 'title'",
    {BAD: essay(title=q(hostile("title")))},
    yields="no warning; shown as text everywhere (pages, og:title, feeds)",
    shown=(("index.html", hostile("title")), ("essays/valid-one.html", hostile("title"))),
)
case(
    "html-in-description",
    "HTML and JavaScript in 'description'",
    {BAD: essay(description=q(hostile("description")))},
    yields="no warning; shown as text",
    shown=(("index.html", hostile("description")),),
)
case(
    "html-in-author",
    "HTML and JavaScript in 'author'",
    {BAD: essay(extra=f"author: {q(hostile('author'))}")},
    yields="no warning; not shown (no page shows the author yet)",
)
case(
    "html-in-image",
    "HTML and JavaScript in 'image'",
    {BAD: essay(extra=f"image: {q(hostile('image'))}")},
    (
        BAD,
        6,
        f"'image: {hostile('image')}' is not a picture this page shows — use the path of a figure in the essay "
        "(relative to it), or a full https:// URL [longform.image]",
    ),
    yields="1 warning; no og:image",
)
case(
    "html-in-tag",
    "HTML and JavaScript as a tag name",
    {BAD: essay(tags=f"[alpha, {q(hostile('tag'))}]")},
    unknown_tag(BAD, 5, hostile("tag"), "script-alert-tag-script-img-src-x-onerror-alert-tag-onmouseo"),
    yields="1 warning; a tag page with a safe slug; the name shown as text",
    shown=(("essays/bad.html", hostile("tag")),),
)
case(
    "html-in-series",
    "HTML and JavaScript as the series name",
    {BAD: essay(extra=f"series: {q(hostile('series'))}\npart: 1")},
    (
        BAD,
        6,
        f"unknown series '{hostile('series')}' — known series: s1 (or add it to series.yaml (in the source folder) "
        "under a slug of lowercase letters, digits and hyphens) "
        "[longform.unknown-series]",
    ),
    yields="1 warning; no series page",
)
case(
    "html-in-heading",
    "HTML and JavaScript in the H1 (raw HTML is off)",
    {BAD: essay(title=None, heading=hostile("heading"))},
    yields="no warning; shown as text",
    shown=(("essays/bad.html", hostile("heading")), ("index.html", hostile("heading"))),
)
case(
    "html-in-body",
    "HTML and JavaScript in the body (raw HTML is off)",
    {BAD: essay(body=hostile("body"))},
    yields="no warning; shown as text",
    shown=(("essays/bad.html", hostile("body")),),
)
case(
    "html-in-vocabulary",
    "HTML and JavaScript in tags.yaml and series.yaml titles and descriptions",
    {
        "tags.yaml": TAGS_YAML.replace("title: Alpha", f"title: {q(hostile('tag-title'))}").replace(
            "The first tag.", q(hostile("tag-description"))
        ),
        "series.yaml": f"s1:\n  title: {q(hostile('series-title'))}\n"
        f"  description: {q(hostile('series-description'))}\n",
    },
    yields="no warning; shown as text on tag, series and essay pages",
    shown=(
        ("tags/alpha.html", hostile("tag-title")),
        ("tags/alpha.html", hostile("tag-description")),
        ("series/s1.html", hostile("series-title")),
        ("essays/valid-one.html", hostile("series-title")),
    ),
)
case(
    "html-in-path",
    "HTML and JavaScript in a reading path's title, description and step note",
    {
        "paths/main.md": f"---\ndescription: {q(hostile('path-description'))}\n---\n\n"
        f"# Path {hostile('path-title')}\n\n```{{reading-path}}\n- essays/valid-one\n- essay: essays/valid-two\n"
        f"  note: {q(hostile('path-note'))}\n```\n"
    },
    yields="no warning; shown as text everywhere, og:title and og:description included",
    shown=(
        ("paths/main.html", hostile("path-note")),
        ("paths/index.html", hostile("path-description")),
        ("essays/valid-one.html", hostile("path-title")),
    ),
)

# -- names that are paths, Unicode, collisions ---------------------------------------------------
case(
    "tag-path-traversal",
    "a tag '../../x'",
    {BAD: essay(tags='[alpha, "../../x"]')},
    unknown_tag(BAD, 5, "../../x", "x"),
    yields="1 warning; its page is tags/x.html, inside the output",
)
case(
    "tag-absolute-path",
    "a tag '/etc/passwd'",
    {BAD: essay(tags='[alpha, "/etc/passwd"]')},
    unknown_tag(BAD, 5, "/etc/passwd", "etc-passwd"),
    yields="1 warning; tags/etc-passwd.html",
)
case(
    "series-path-traversal",
    "a series '../../x'",
    {BAD: essay(extra='series: "../../x"\npart: 1')},
    (
        BAD,
        6,
        "unknown series '../../x' — known series: s1 (or add it to series.yaml (in the source folder) under a slug "
        "of lowercase letters, digits and hyphens) [longform.unknown-series]",
    ),
    yields="1 warning; no file written",
)
case(
    "unicode-tag",
    "a Unicode tag 'Überraschung'",
    {BAD: essay(tags="[alpha, Überraschung]")},
    unknown_tag(BAD, 5, "Überraschung", "uberraschung"),
    yields="1 warning; tags/uberraschung.html titled 'Überraschung'",
    shown=(("tags/uberraschung.html", "Überraschung"),),
)
case(
    "emoji-tag",
    "an emoji tag '🚀'",
    {BAD: essay(tags='[alpha, "🚀"]')},
    unknown_tag(BAD, 5, "🚀", "tag-0a858ab8"),
    yields="1 warning; a hashed slug tags/tag-0a858ab8.html titled '🚀'",
    shown=(("tags/tag-0a858ab8.html", "🚀"),),
)
case(
    "colliding-tag",
    "a tag 'Alpha!' whose slug collides with 'alpha'",
    {BAD: essay(tags='[beta, "Alpha!"]')},
    (
        BAD,
        5,
        "tag 'Alpha!' would take tags/alpha.html, the page of tag 'Alpha' — did you mean 'alpha'? Or add 'Alpha!' "
        "to tags.yaml with a slug of its own; until then it is listed on tags/alpha-323c06af.html "
        "[longform.tag-collision]",
    ),
    yields="1 warning; its own page, tags/alpha.html untouched",
)
case(
    "reserved-tag",
    "a tag named 'index' (tags/index.html is the tag index)",
    {BAD: essay(tags="[alpha, index]")},
    unknown_tag(BAD, 5, "index", "index-e540cdd1"),
    yields="1 warning; a hashed slug, the tag index untouched",
)
case(
    "colliding-unknown-tags",
    "two unknown tags that slugify alike ('Go Lang' and 'go-lang')",
    {BAD: essay(tags='[alpha, "Go Lang"]'), "essays/bad-twin.md": essay(tags='[beta, "go-lang"]', heading="Twin")},
    unknown_tag(BAD, 5, "Go Lang", "go-lang"),
    (
        "essays/bad-twin.md",
        5,
        "tag 'go-lang' would take tags/go-lang.html, the page of tag 'Go Lang' — use a tag from tags.yaml, or add "
        "'go-lang' there with a slug of its own; until then it is listed on tags/go-lang-f6cd1b9c.html "
        "[longform.tag-collision]",
    ),
    yields="1 warning each; two distinct pages",
)


# -- directives and roles contributors write on pages ---------------------------------------------
ARCHIVE = "archive.md"


def page(body: str) -> str:
    return f"# Archive\n\n{body}\n"


case(
    "essay-list-bad-limit",
    "an essay list with ':limit: many'",
    {ARCHIVE: page("```{essay-list}\n:limit: many\n```")},
    (ARCHIVE, 3, "':limit: many' must be a whole number such as 5; the option is ignored [longform.essay-list]"),
    yields="1 warning; the list shows every essay",
)
case(
    "essay-list-unknown-tag",
    "an essay list of a tag that does not exist (':tag: alpah')",
    {ARCHIVE: page("```{essay-list}\n:tag: alpah\n```")},
    (ARCHIVE, 3, "':tag: alpah' is not a tag in tags.yaml — did you mean 'alpha'? [longform.essay-list]"),
    yields="1 warning with did-you-mean",
)
case(
    "essay-list-unknown-option",
    "an essay list with an unknown option (':colour: red')",
    {ARCHIVE: page("```{essay-list}\n:colour: red\n```")},
    (
        ARCHIVE,
        4,
        "'essay-list': Unknown option key: 'colour' (allowed: ['group-by', 'kind', 'limit', 'series', 'sort', "
        "'tag', 'topic', 'year']) [myst.directive_option]",
    ),
    yields="MyST's warning (lists the allowed options)",
)
case(
    "site-count-unknown",
    "a {site-count} role naming nothing countable",
    {ARCHIVE: page("There are {site-count}`esays` here.")},
    (
        ARCHIVE,
        3,
        "{site-count}`esays` cannot be counted — use one of essays, notes, archived, tags, series — did you mean "
        "'essays'? [longform.site-count]",
    ),
    yields="1 warning with did-you-mean",
)
case(
    "feed-link-unknown",
    "a {feed-link} role naming no feed",
    {ARCHIVE: page("Subscribe: {feed-link}`atom.xlm`.")},
    (
        ARCHIVE,
        3,
        "{feed-link}`atom.xlm` names no feed of the site — link to one of atom.xml, notes.xml — did you mean "
        "'atom.xml'? [longform.feed-link]",
    ),
    yields="1 warning with did-you-mean",
)
case(
    "tags-directive-empty",
    "a {tags} directive in an essay body that names no tag",
    {BAD: essay(body="Body.\n\n```{tags}\n```\n")},
    (
        BAD,
        12,
        "the {tags} directive names no tag — write e.g. '```{tags} concurrency, go```' or remove it "
        "[longform.tags-directive]",
    ),
    yields="1 warning",
)
case(
    "two-reading-paths",
    "two reading-path directives on one page",
    {"paths/main.md": PATH_SOURCE + "\n```{reading-path}\n- essays/valid-three\n```\n"},
    (
        "paths/main.md",
        13,
        "a page can hold one reading path — move this list to its own page under paths/ "
        "[longform.path-duplicate-directive]",
    ),
    yields="1 warning; the first path is kept",
)


# -- the test ------------------------------------------------------------------------------------

OUTPUT_DIRS = ("site/_build/html", "site/_build/doctrees")
#: Text files scanned for injected markup (searchindex.js is data: see the module docstring).
TEXT_SUFFIXES = {".html", ".xml", ".js", ".json", ".txt", ".css", ".inv"}


SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})


def _write_case(site: Path, files: dict[str, str | bytes | None]) -> None:
    shutil.copytree(ROOT, site)
    shutil.copy(REPO / "conf.py", site / "conf.py")
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _warning_lines(text: str, site: Path) -> list[str]:
    prefix = f"{site}/"
    return sorted(
        line.replace(prefix, "")
        for line in text.splitlines()
        if any(level in line for level in ("WARNING:", "ERROR:", "CRITICAL:", "SEVERE:"))
    )


def _expected_lines(case: Case) -> list[str]:
    return sorted(
        f"{path}:{line}: WARNING: {text}" if line else f"{path}: WARNING: {text}" for path, line, text in case.warnings
    )


def _written_outside(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    allowed = {"site/_build", *OUTPUT_DIRS}
    return sorted(
        name for name in changed if name not in allowed and not name.startswith(tuple(d + "/" for d in OUTPUT_DIRS))
    )


def _injections(outdir: Path) -> list[str]:
    found = []
    for path in sorted(outdir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or path.name == "searchindex.js":
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        patterns = INJECTED + (INJECTED_HTML if path.suffix == ".html" else ())
        for pattern in patterns:
            for match in pattern.finditer(text):
                start = max(0, match.start() - 80)
                found.append(f"{path.relative_to(outdir)}: …{text[start : match.end() + 40]}…")
    return found


def _check_valid_essays_survive(outdir: Path, essays: dict, site: Path, *, withheld: bool = False) -> list[str]:
    problems = []
    for source in sorted((site / "essays").glob("*.md")):
        docname = f"essays/{source.stem}"
        if withheld and f"{docname}.md" == BAD:
            if (outdir / f"{docname}.html").exists():
                problems.append(f"{docname}.html was built, though the case withholds it")
            continue
        if source.stat().st_size > 1_000_000:  # over longform_max_page_bytes' default: left out, never written
            if (outdir / f"{docname}.html").exists():
                problems.append(f"{docname}.html was built, though its source is over the page bound")
            continue
        if not (outdir / f"{docname}.html").is_file():
            problems.append(f"{docname}.html was not built")
    for docname, tags in VALID.items():
        if docname not in essays:
            problems.append(f"{docname} is missing from the catalogue")
        for tag in tags:
            page = outdir / "tags" / f"{tag}.html"
            if not page.is_file():
                problems.append(f"tags/{tag}.html (a tag of {docname}) was not built")
                continue
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            hrefs = {a.get("href", "").split("#")[0] for a in soup.select("article a[href]")}
            if f"../{docname}.html" not in hrefs:
                problems.append(f"tags/{tag}.html no longer lists {docname}")
    return problems


def _params() -> list:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [])
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write_case(site, case.files)
    before = listing(tmp_path)
    try:
        built = build(site, freshenv=True)
    except Exception as exc:  # the first promise: a contributor never meets a traceback
        import traceback

        pytest.fail(f"[{case.id}] {case.what}: the build crashed:\n{''.join(traceback.format_exception(exc))}")
    said = built.warnings + built.status
    assert "Traceback" not in said, f"[{case.id}] {case.what}: a traceback was printed:\n{said}"

    actual = _warning_lines(built.warnings, site)
    expected = _expected_lines(case)
    assert actual == expected, (
        f"[{case.id}] {case.what}: the warnings are not the expected ones.\n"
        f"expected:\n  " + "\n  ".join(expected) + "\ngot:\n  " + "\n  ".join(actual)
    )

    lost = _check_valid_essays_survive(built.outdir, built.essays, site, withheld=case.withheld)
    assert not lost, f"[{case.id}] {case.what}: essays were lost:\n" + "\n".join(lost)

    outside = _written_outside(before, listing(tmp_path))
    assert not outside, f"[{case.id}] {case.what}: files written or changed outside the output folder: {outside}"

    injected = _injections(built.outdir)
    assert not injected, f"[{case.id}] {case.what}: unescaped markup reached the output:\n" + "\n".join(injected)

    for page, text in case.shown:
        path = built.outdir / page
        assert path.is_file(), f"[{case.id}] {page} was not built"
        visible = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        visible = visible.translate(SMART_QUOTES)  # docutils' smart quotes turn " into “ ” in prose
        assert text in visible, f"[{case.id}] {page} does not show {text!r} as text (was the field used at all?)"


def test_matrix_is_large_enough():
    assert len(CASES) >= 30, f"the matrix has {len(CASES)} cases; the issue asks for at least 30"
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"
