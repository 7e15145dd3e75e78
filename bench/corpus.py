"""A synthetic Longform knowledge base, deterministic from a seed, for the benchmarks.

``python bench/corpus.py OUT --essays 300 --seed 8`` writes ``OUT/docs/`` (a Sphinx
source folder in Longform's front-matter contract) and ``OUT/manifest.json`` (what
was generated, for the benchmark runner's edits).  The same ``(essays, seed)``
always gives byte-identical files.

What a corpus of N essays holds, so that a build does the work a real site does:

- N essays under ``essays/`` of 800–3,000 prose words: an H1, H2 sections with
  some H3s, paragraphs with inline code and emphasis, bullet lists, code blocks
  (Python, Go, YAML, shell), an occasional admonition or sphinx-design tab set,
  and 2–5 links to other essays; about 3% are drafts, 10% carry ``updated``;
- a tag vocabulary (``tags.yaml``, drawn from about N/4 candidates, only the
  used ones kept) whose use follows a Zipf-like long tail (a few tags on many
  essays, many tags on one or two);
- series (``series.yaml``): about N/25 series of 2–6 parts in date order;
- reading paths (``paths/*.md``, the ``reading-path`` directive): about N/60
  paths of 4–8 essays, most with a note;
- topics (``topics/*.md``) that grow with N (about N/40), each a short intro, the
  (hidden) toctree of its essays and their ``essay-list``, so the navigation stays
  as deep as a real site's;
- the site's index pages, shaped like the real ones: a front page (``index.md``:
  tag summary, hidden topics and "more" toctrees, the topics as an annotated list,
  path list, latest essays), ``archive.md``,
  ``tags/index.md`` and ``paths/index.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Corpus", "EssayPlan", "generate"]

# -- word banks (plain engineering prose; enough variety for realistic parsing) -------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_NOUNS = _words(
    """
system service queue channel thread runtime scheduler buffer cache index database replica leader follower
partition shard request response deadline timeout retry budget error failure incident rollout deploy release
branch review test fixture benchmark profile trace metric log alert dashboard owner team engineer manager
customer contract interface module package library dependency version schema migration table column query
transaction lock mutex actor message mailbox supervisor worker pool connection socket protocol header payload
token secret key certificate policy permission role tenant account budget estimate deadline plan roadmap
document decision tradeoff constraint assumption invariant guarantee promise boundary layer abstraction
pipeline stage batch stream event handler callback future promise coroutine loop kernel process container
cluster node region zone network packet latency throughput capacity
"""
)
_VERBS = _words(
    """
builds breaks hides reveals costs buys measures tracks owns shares blocks waits retries drops accepts rejects
schedules batches streams caches invalidates replicates partitions serializes documents reviews tests deploys
rolls backs observes explains simplifies complicates moves keeps loses guards protects exposes limits bounds
shapes routes forwards signs verifies
"""
)
_ADJECTIVES = _words(
    """
slow fast bounded unbounded durable volatile eventual strong weak implicit explicit hidden visible cheap
expensive shared private idempotent stateful stateless small large simple careful honest boring predictable
fragile resilient partial complete local remote synchronous asynchronous concurrent sequential optimistic
pessimistic stale fresh nested flat quiet noisy
"""
)
_GLUE = _words(
    """
the a an this that every each no some our your their its of to in on for with without under over before after
when while because although so and but or yet then
"""
)
_TOPIC_NAMES = _words(
    """
concurrency distributed-systems security leadership ai-engineering databases observability testing reliability
hiring product-thinking networking storage compilers frontend mobile infrastructure incident-response data-
engineering performance architecture operations privacy developer-experience documentation open-source pricing
career teams planning cost estimation migrations api-design caching queues search messaging identity
compliance embedded
"""
)
_LANGS = ("python", "go", "yaml", "bash", "rust", "sql")

_EPOCH = dt.date(2016, 1, 4)


@dataclass
class EssayPlan:
    """One essay of the corpus, as the runner's edits need to know it."""

    docname: str
    title: str
    date: str
    tags: list[str]
    topic: str
    series: str | None = None
    part: int | None = None
    draft: bool = False
    updated: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    """What :func:`generate` wrote (also saved as ``manifest.json``)."""

    essays: int
    seed: int
    srcdir: str
    tags: list[str]
    series: dict[str, list[str]]
    paths: dict[str, list[str]]
    topics: dict[str, list[str]]
    plans: list[EssayPlan]
    words: int

    def plan(self, docname: str) -> EssayPlan:
        return next(p for p in self.plans if p.docname == docname)


# -- text --------------------------------------------------------------------------------


class _Writer:
    """Deterministic prose from one ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self) -> str:
        r = self.rng.random()
        if r < 0.42:
            return self.rng.choice(_GLUE)
        if r < 0.75:
            return self.rng.choice(_NOUNS)
        if r < 0.9:
            return self.rng.choice(_VERBS)
        return self.rng.choice(_ADJECTIVES)

    def sentence(self, low: int = 8, high: int = 24) -> tuple[str, int]:
        count = self.rng.randint(low, high)
        words = [self.word() for _ in range(count)]
        # a little inline markup, as real essays have
        r = self.rng.random()
        if r < 0.12:
            i = self.rng.randrange(count)
            words[i] = f"`{words[i]}()`"
        elif r < 0.2:
            i = self.rng.randrange(count)
            words[i] = f"*{words[i]}*"
        elif r < 0.24:
            i = self.rng.randrange(count)
            words[i] = f"**{words[i]}**"
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?"), count

    def paragraph(self, low: int = 3, high: int = 7) -> tuple[str, int]:
        parts, total = [], 0
        for _ in range(self.rng.randint(low, high)):
            text, count = self.sentence()
            parts.append(text)
            total += count
        return " ".join(parts), total

    def phrase(self, low: int, high: int) -> str:
        words = [self.rng.choice(_ADJECTIVES + _NOUNS) for _ in range(self.rng.randint(low, high))]
        return " ".join(words)

    def title(self) -> str:
        forms = (
            lambda: f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}s are not {self.rng.choice(_NOUNS)}s",
            lambda: f"What a {self.rng.choice(_NOUNS)} {self.rng.choice(_VERBS)}",
            lambda: f"The cost of a {self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}",
            lambda: f"{self.rng.choice(_NOUNS)} {self.rng.choice(_VERBS)} the {self.rng.choice(_NOUNS)}",
            lambda: f"When the {self.rng.choice(_NOUNS)} {self.rng.choice(_VERBS)} {self.rng.choice(_NOUNS)}s",
            lambda: f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}s and {self.rng.choice(_NOUNS)}s",
        )
        text = self.rng.choice(forms)()
        return text[0].upper() + text[1:]

    def code(self, lang: str) -> str:
        lines = []
        for _ in range(self.rng.randint(4, 16)):
            a, b = self.rng.choice(_NOUNS), self.rng.choice(_NOUNS)
            if lang == "python":
                lines.append(f"{a}_{b} = {self.rng.choice(_VERBS)}({a}, timeout={self.rng.randint(1, 90)})")
            elif lang == "go":
                lines.append(f"{a}, err := {b}.{self.rng.choice(_VERBS).title()}(ctx, {self.rng.randint(1, 64)})")
            elif lang == "yaml":
                lines.append(f"{a}_{b}: {self.rng.randint(1, 999)}")
            elif lang == "bash":
                lines.append(f"{a} --{b} {self.rng.randint(1, 9)} | grep {self.rng.choice(_NOUNS)}")
            elif lang == "rust":
                lines.append(f"let {a} = {b}.{self.rng.choice(_VERBS)}()?;")
            else:
                lines.append(f"SELECT {a} FROM {b} WHERE id = {self.rng.randint(1, 999)};")
        return "\n".join(lines)


def _slugify(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)


# -- the plan --------------------------------------------------------------------------


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def _plan(n: int, rng: random.Random, writer: _Writer) -> tuple[list[EssayPlan], dict, dict, dict, list[str]]:
    """Decide titles, dates, tags, topics, series and paths before writing any text."""
    tag_count = max(24, round(n / 4))
    tags = [f"{rng.choice(_ADJECTIVES)}-{rng.choice(_NOUNS)}-{i}" for i in range(tag_count)]
    tag_weights = _zipf_weights(tag_count)
    topic_count = max(3, round(n / 40))
    topics = [
        f"{_TOPIC_NAMES[i % len(_TOPIC_NAMES)]}" + (f"-{i // len(_TOPIC_NAMES)}" if i >= len(_TOPIC_NAMES) else "")
        for i in range(topic_count)
    ]

    seen_slugs: set[str] = set()
    plans: list[EssayPlan] = []
    day = 0
    for index in range(n):
        title = writer.title()
        slug = _slugify(title)
        while slug in seen_slugs or not slug:
            title = f"{title}, {rng.choice(_ADJECTIVES)}"
            slug = _slugify(title)
        seen_slugs.add(slug)
        day += rng.randint(1, 9)
        date = _EPOCH + dt.timedelta(days=day)
        k = rng.choices((1, 2, 3, 4), weights=(2, 4, 3, 1))[0]
        chosen: list[str] = []
        while len(chosen) < k:
            tag = rng.choices(tags, weights=tag_weights)[0]
            if tag not in chosen:
                chosen.append(tag)
        plan = EssayPlan(
            docname=f"essays/{slug}",
            title=title,
            date=date.isoformat(),
            tags=chosen,
            topic=topics[index % topic_count] if index < topic_count else rng.choice(topics),
            draft=rng.random() < 0.03,
        )
        if rng.random() < 0.1:
            plan.updated = (date + dt.timedelta(days=rng.randint(10, 400))).isoformat()
        plans.append(plan)

    # Series: consecutive parts in date order, drawn from listed essays.
    listed = [p for p in plans if not p.draft]
    series: dict[str, list[str]] = {}
    free = list(range(len(listed)))
    rng.shuffle(free)
    for s in range(max(2, round(n / 25))):
        size = rng.randint(2, 6)
        if len(free) < size:
            break
        members = sorted((listed[free.pop()] for _ in range(size)), key=lambda p: p.date)
        slug = f"{_slugify(writer.phrase(2, 3))}-{s}"
        for part, plan in enumerate(members, start=1):
            plan.series, plan.part = slug, part
        series[slug] = [p.docname for p in members]

    # Links between essays: each essay links to 2–5 others, never to a draft (a published link to a draft is a
    # longform.link-to-draft warning: the corpus builds without one).
    for plan in plans:
        others = rng.sample(listed, k=min(len(listed), 6))
        plan.links = [o.docname for o in others if o.docname != plan.docname][: rng.randint(2, 5)]

    # Reading paths.
    paths: dict[str, list[str]] = {}
    for p in range(max(2, round(n / 60))):
        size = min(len(listed), rng.randint(4, 8))
        members = rng.sample(listed, k=size)
        paths[f"{_slugify(writer.phrase(2, 3))}-{p}"] = [m.docname for m in members]

    used = {tag for plan in plans for tag in plan.tags}
    tags = [tag for tag in tags if tag in used]  # the vocabulary is what essays use: no unused tag

    topic_members: dict[str, list[str]] = {t: [] for t in topics}
    for plan in sorted(plans, key=lambda p: p.date, reverse=True):
        topic_members[plan.topic].append(plan.docname)
    return plans, series, paths, topic_members, tags


# -- the files ---------------------------------------------------------------------------


def _essay_text(plan: EssayPlan, titles: dict[str, str], rng: random.Random, writer: _Writer) -> tuple[str, int]:
    target = rng.randint(800, 3000)
    fm = ["---", f"date: {plan.date}"]
    description, _ = writer.sentence(12, 30)
    fm.append(f"description: {json.dumps(description)}")
    fm.append(f"tags: [{', '.join(plan.tags)}]")
    if plan.series:
        fm += [f"series: {plan.series}", f"part: {plan.part}"]
    if plan.updated:
        fm.append(f"updated: {plan.updated}")
    if plan.draft:
        fm.append("draft: true")
    fm.append("---")
    out = [*fm, "", f"# {plan.title}", ""]
    words = 0
    for _ in range(2):
        text, count = writer.paragraph()
        out += [text, ""]
        words += count
    links = list(plan.links)
    headings: set[str] = set()
    section = 0
    while words < target:
        section += 1
        heading = writer.phrase(2, 5).capitalize()
        while heading.lower() in headings:
            heading = f"{heading} {section}"
        headings.add(heading.lower())
        level = "###" if section > 1 and rng.random() < 0.3 else "##"
        out += [f"{level} {heading}", ""]
        words += len(heading.split())
        for _ in range(rng.randint(2, 5)):
            text, count = writer.paragraph()
            if links and rng.random() < 0.35:
                target_doc = links.pop()
                name = target_doc.rsplit("/", 1)[-1]
                text += f" See [{titles[target_doc]}]({name}.md) for the other side of this."
                count += 6 + len(titles[target_doc].split())
            out += [text, ""]
            words += count
            if words >= target:
                break
        r = rng.random()
        if r < 0.45:
            lang = rng.choice(_LANGS)
            out += [f"```{lang}", writer.code(lang), "```", ""]
        elif r < 0.65:
            for _ in range(rng.randint(3, 6)):
                text, count = writer.sentence(5, 14)
                out.append(f"- {text}")
                words += count
            out.append("")
        elif r < 0.72:
            text, count = writer.sentence()
            out += ["```{note}", text, "```", ""]
            words += count
        elif r < 0.76:
            a, ca = writer.sentence()
            b, cb = writer.sentence()
            out += [
                "::::{tab-set}",
                ":::{tab-item} Before",
                a,
                ":::",
                ":::{tab-item} After",
                b,
                ":::",
                "::::",
                "",
            ]
            words += ca + cb + 2
    for target_doc in links:  # links not placed yet go in a closing paragraph
        name = target_doc.rsplit("/", 1)[-1]
        out += [f"Related: [{titles[target_doc]}]({name}.md).", ""]
    return "\n".join(out), words


def _tags_yaml(tags: list[str], writer: _Writer, rng: random.Random) -> str:
    out = ["# Tag vocabulary of the benchmark corpus (generated)."]
    for slug in tags:
        title = slug.rsplit("-", 1)[0].replace("-", " ").capitalize() + f" {slug.rsplit('-', 1)[1]}"
        description, _ = writer.sentence(8, 20)
        out += [f"{slug}:", f"  title: {title}", f"  description: {json.dumps(description)}"]
        if rng.random() < 0.25:
            out.append(f"  aliases: [{slug}-alias]")
    return "\n".join(out) + "\n"


def _series_yaml(series: dict[str, list[str]], writer: _Writer) -> str:
    out = ["# Series of the benchmark corpus (generated)."]
    for slug in series:
        description, _ = writer.sentence(8, 20)
        out += [f"{slug}:", f"  title: {json.dumps(writer.title())}", f"  description: {json.dumps(description)}"]
    return "\n".join(out) + "\n"


def _path_page(slug: str, members: list[str], writer: _Writer, rng: random.Random) -> str:
    intro, _ = writer.paragraph(2, 3)
    description, _ = writer.sentence(10, 24)
    out = ["---", f"description: {json.dumps(description)}", "---", ""]
    out += [f"# {writer.title()} (a reading path)", "", intro, "", "```{reading-path}"]
    for docname in members:
        out.append(f"- essay: {docname}")
        if rng.random() < 0.8:
            note, _ = writer.sentence(6, 16)
            out.append(f"  note: {json.dumps(note)}")
    out += ["```", ""]
    return "\n".join(out)


def _topic_page(slug: str, members: list[str], writer: _Writer) -> str:
    intro, _ = writer.paragraph(3, 5)
    title = slug.replace("-", " ").capitalize()
    body = "\n".join(f"/{docname}" for docname in members)
    return (
        f"# {title}\n\n{intro}\n\n```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{body}\n```\n\n"
        f"```{{essay-list}}\n:topic: topics/{slug}\n:sort: toctree\n```\n"
    )


def _site_pages(topics: list[str], writer: _Writer) -> dict[str, str]:
    """The front page and the index pages, shaped like the real site's (docs/index.md, archive.md, ...)."""
    topic_list = "\n".join(f"topics/{t}" for t in topics)
    annotated = "\n".join(
        f"- [{t.replace('-', ' ').capitalize()}](topics/{t}.md) — {writer.phrase(4, 9)}." for t in topics
    )
    index = (
        "# Benchmark corpus\n\nA synthetic knowledge base generated by `bench/corpus.py`. "
        "There are {site-count}`essays` so far.\n\n"
        "```{tag-index}\n:summary:\n```\n\n"
        f"```{{toctree}}\n:caption: Topics\n:maxdepth: 1\n:hidden:\n\n{topic_list}\n```\n\n"
        "```{toctree}\n:caption: More\n:maxdepth: 1\n:hidden:\n\npaths/index\ntags/index\narchive\n```\n\n"
        f"## Topics\n\n{annotated}\n\n"
        "## Reading paths\n\n```{path-list}\n```\n\n"
        "## Latest essays\n\nNewest first; every essay is in the [archive](archive.md).\n\n"
        "```{essay-list}\n```\n"
    )
    return {
        "index.md": index,
        "archive.md": "# Archive\n\nEvery essay, newest first, by year.\n\n```{essay-list}\n:group-by: year\n```\n",
        "tags/index.md": "# Tags\n\nEvery tag, most used first.\n\n```{tag-index}\n```\n",
        "paths/index.md": (
            "---\ndescription: Curated routes through the essays.\n---\n\n"
            "# Reading paths\n\nCurated routes through the essays.\n\n```{path-list}\n```\n\n"
            "```{toctree}\n:hidden:\n:glob:\n\n*\n```\n"
        ),
    }


def generate(dest: Path, *, essays: int, seed: int = 8) -> Corpus:
    """Write a corpus of ``essays`` essays into ``dest/docs`` (replacing it) and return its manifest."""
    rng = random.Random(f"longform-bench:{seed}:{essays}")
    writer = _Writer(rng)
    plans, series, paths, topics, tags = _plan(essays, rng, writer)
    titles = {p.docname: p.title for p in plans}

    src = dest / "docs"
    if src.exists():
        shutil.rmtree(src)
    for folder in ("essays", "topics", "paths", "tags"):
        (src / folder).mkdir(parents=True)

    total_words = 0
    for plan in plans:
        text, words = _essay_text(plan, titles, rng, writer)
        total_words += words
        (src / f"{plan.docname}.md").write_text(text, encoding="utf-8")
    for slug, members in topics.items():
        (src / "topics" / f"{slug}.md").write_text(_topic_page(slug, members, writer), encoding="utf-8")
    for slug, members in paths.items():
        (src / "paths" / f"{slug}.md").write_text(_path_page(slug, members, writer, rng), encoding="utf-8")
    (src / "tags.yaml").write_text(_tags_yaml(tags, writer, rng), encoding="utf-8")
    (src / "series.yaml").write_text(_series_yaml(series, writer), encoding="utf-8")
    for name, text in _site_pages(list(topics), writer).items():
        (src / name).write_text(text, encoding="utf-8")

    corpus = Corpus(
        essays=essays,
        seed=seed,
        srcdir=str(src),
        tags=tags,
        series=series,
        paths=paths,
        topics=topics,
        plans=plans,
        words=total_words,
    )
    (dest / "manifest.json").write_text(json.dumps(asdict(corpus), indent=1), encoding="utf-8")
    return corpus


# -- the peers' formats ------------------------------------------------------------------
#
# The same essays for Hugo and MkDocs Material's blog, converted from the Sphinx corpus (not generated again), so
# every system builds the same words: the front matter in each one's keys, the H1 as the title, a summary break
# after the opening paragraphs (what ABlog's ``post_auto_excerpt`` and Longform's previews show), MyST's note and
# tab set as the peer's own admonition and tabs (MkDocs) or plain Markdown (Hugo has neither without a theme's
# shortcodes), links between essays in the peer's own form.  Drafts stay drafts.

PEER_FORMATS = ("hugo", "mkdocs")

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_LINK = re.compile(r"\]\(([\w-]+)\.md\)")


def _split(text: str) -> tuple[dict[str, str], str, str]:
    """An essay of the Sphinx corpus: its front matter (flat ``key: value``), its H1 and the body below it."""
    match = _FRONT.match(text)
    if match is None:
        raise ValueError("an essay of the corpus without front matter")
    meta = dict(line.split(": ", 1) for line in match[1].splitlines())
    body = text[match.end() :].lstrip("\n")
    title, _, rest = body.partition("\n")
    return meta, title.removeprefix("# ").strip(), rest.lstrip("\n")


def _with_summary_break(body: str, marker: str) -> str:
    """``marker`` after the first two paragraphs (the corpus opens every essay with two)."""
    parts = body.split("\n\n", 2)
    return "\n\n".join([*parts[:2], marker, *parts[2:]]) if len(parts) == 3 else body


def _myst_blocks(body: str, *, admonition: str, tabs: bool) -> str:
    """MyST's ``{note}`` fence and ``{tab-set}`` as the peer writes them."""
    out: list[str] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "```{note}":
            end = lines.index("```", i + 1)
            inner = lines[i + 1 : end]
            out += [admonition, *("    " + x for x in inner)] if admonition else ["> **Note.** " + " ".join(inner)]
            i = end + 1
            continue
        if line == "::::{tab-set}":
            end = lines.index("::::", i + 1)
            j = i + 1
            while j < end:
                label = lines[j].removeprefix(":::{tab-item} ")
                close = lines.index(":::", j + 1)
                inner = lines[j + 1 : close]
                out += (
                    [f'=== "{label}"', "", *("    " + x for x in inner), ""] if tabs else [f"**{label}.**", *inner, ""]
                )
                j = close + 1
            i = end + 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def hugo_essay(text: str) -> str:
    """One essay of the Sphinx corpus as a Hugo page: TOML front matter, ``<!--more-->``, ``ref`` links."""
    meta, title, body = _split(text)
    front = [f"title = {json.dumps(title)}", f"date = {meta['date']}", f"description = {meta['description']}"]
    front.append("tags = " + _yaml_list([t.strip() for t in meta["tags"].strip("[]").split(",") if t.strip()]))
    if "series" in meta:
        front += [f"series = [{json.dumps(meta['series'])}]", f"weight = {meta['part']}"]
    if "updated" in meta:
        front.append(f"lastmod = {meta['updated']}")
    if meta.get("draft") == "true":
        front.append("draft = true")
    body = _LINK.sub(lambda m: f']({{{{< relref "{m[1]}.md" >}}}})', body)
    body = _myst_blocks(_with_summary_break(body, "<!--more-->"), admonition="", tabs=False)
    return "+++\n" + "\n".join(front) + "\n+++\n\n" + body


def mkdocs_essay(text: str, slug: str) -> str:
    """One essay as a post of MkDocs Material's blog: YAML front matter, ``<!-- more -->``, admonition, tabs."""
    meta, title, body = _split(text)
    front = [f"date:\n  created: {meta['date']}"]
    if "updated" in meta:
        front[0] += f"\n  updated: {meta['updated']}"
    front += [f"slug: {slug}", f"description: {meta['description']}", f"tags: {meta['tags']}"]
    if "series" in meta:
        front.append(f"categories: [{json.dumps(meta['series'])}]")
    if meta.get("draft") == "true":
        front.append("draft: true")
    body = _myst_blocks(_with_summary_break(body, "<!-- more -->"), admonition="!!! note", tabs=True)
    return "---\n" + "\n".join(front) + "\n---\n\n" + f"# {title}\n\n" + body


#: A theme of Hugo's own, as small as a blog's: every page in one base template, essays with their date, tags and
#: series; the home page and term pages list essays (paginated); RSS for the home page, sections and terms.
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html>\n<html lang="{{ site.Language.LanguageCode }}">\n<head>\n<meta charset="utf-8">\n'
        "<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>\n"
        '<meta name="description" content="'
        '{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">\n'
        "{{ range .AlternativeOutputFormats }}"
        '<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}\n'
        '</head>\n<body>\n<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> · '
        '<a href="{{ "/tags/" | relURL }}">Tags</a> · <a href="{{ "/series/" | relURL }}">Series</a></header>\n'
        '<main>{{ block "main" . }}{{ end }}</main>\n</body>\n</html>\n'
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>\n'
        '<p>{{ .Date.Format "2 January 2006" }} · {{ .ReadingTime }} min read'
        '{{ with .Params.tags }} · {{ range . }}<a href="{{ (printf "/tags/%s/" (. | urlize)) | relURL }}">{{ . }}</a> '
        "{{ end }}{{ end }}</p>\n{{ .Content }}\n"
        '{{ with .NextInSection }}<nav>Next: <a href="{{ .RelPermalink }}">{{ .Title }}</a></nav>{{ end }}'
        "</article>{{ end }}\n"
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n'
        "{{ $pages := .RegularPagesRecursive }}"
        '{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "essays" }}{{ end }}'
        "{{ $pager := .Paginate $pages }}<ul>{{ range $pager.Pages }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}'
        "<p>{{ .Summary }}</p></li>"
        "{{ end }}</ul>\n"
        '{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}\n'
    ),
    "taxonomy.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n'
    ),
}

HUGO_CONFIG = """\
baseURL = "https://bench.invalid/"
title = "Benchmark corpus"
languageCode = "en"
# Every essay, as Longform's bench builds them (LONGFORM_NOW is 2099): the corpus dates run past today.
buildFuture = true
disableKinds = ["robotsTXT"]
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
  series = "series"
[markup.goldmark.renderer]
  unsafe = false
[markup.highlight]
  noClasses = true
"""

MKDOCS_CONFIG = """\
site_name: Benchmark corpus
site_url: https://bench.invalid/
theme:
  name: material
  features: [navigation.indexes]
plugins:
  - search
  - blog:
      blog_dir: blog
      post_readtime: true
      post_excerpt: required
      archive: true
      categories: true
      pagination_per_page: 20
  - tags
markdown_extensions:
  - admonition
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def write_peer(srcdir: Path, dest: Path, peer: str) -> Path:
    """The Sphinx corpus in ``srcdir`` as ``peer``'s site (``"hugo"`` or ``"mkdocs"``) in ``dest`` (replaced):
    the folder to build in.  Only the essays are converted; each peer makes its own listings, tag and archive
    pages (with their feeds, Hugo; with its search index, MkDocs Material), as its blog setup would."""
    if dest.exists():
        shutil.rmtree(dest)
    essays = sorted((srcdir / "essays").glob("*.md"))
    if peer == "hugo":
        (dest / "content" / "essays").mkdir(parents=True)
        (dest / "layouts").mkdir()
        (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        for name, text in HUGO_LAYOUTS.items():
            (dest / "layouts" / name).write_text(text, encoding="utf-8")
        (dest / "content" / "_index.md").write_text(
            '+++\ntitle = "Benchmark corpus"\n+++\n\nThe latest essays.\n', encoding="utf-8"
        )
        (dest / "content" / "essays" / "_index.md").write_text('+++\ntitle = "Essays"\n+++\n', encoding="utf-8")
        for path in essays:
            (dest / "content" / "essays" / path.name).write_text(hugo_essay(path.read_text(encoding="utf-8")), "utf-8")
    elif peer == "mkdocs":
        posts = dest / "docs" / "blog" / "posts"
        posts.mkdir(parents=True)
        (dest / "mkdocs.yml").write_text(MKDOCS_CONFIG, encoding="utf-8")
        (dest / "docs" / "index.md").write_text(
            "# Benchmark corpus\n\nThe essays are in the [blog](blog/index.md); "
            "every tag is on the [tags](tags.md) page.\n",
            encoding="utf-8",
        )
        (dest / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
        (dest / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
        for path in essays:
            (posts / path.name).write_text(mkdocs_essay(path.read_text(encoding="utf-8"), path.stem), "utf-8")
    else:
        raise ValueError(f"unknown peer {peer!r}: one of {', '.join(PEER_FORMATS)}")
    return dest


def peer_essay(dest: Path, peer: str, docname: str) -> Path:
    """Where ``write_peer`` put the essay ``docname`` (``essays/<slug>``) in ``peer``'s site."""
    name = docname.rsplit("/", 1)[-1] + ".md"
    return dest / "content" / "essays" / name if peer == "hugo" else dest / "docs" / "blog" / "posts" / name


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write (its docs/ is replaced)")
    parser.add_argument("--essays", "-n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--peers", action="store_true", help="also OUT/hugo and OUT/mkdocs: the peers' formats")
    args = parser.parse_args(argv)
    corpus = generate(args.dest, essays=args.essays, seed=args.seed)
    if args.peers:
        for peer in PEER_FORMATS:
            write_peer(Path(corpus.srcdir), args.dest / peer, peer)
    print(
        f"{corpus.essays} essays, {corpus.words} words, {len(corpus.tags)} tags, {len(corpus.series)} series, "
        f"{len(corpus.paths)} paths, {len(corpus.topics)} topics -> {corpus.srcdir}"
    )


if __name__ == "__main__":
    main()
