"""The changes an incremental build is measured after, and what each rewritten page shows of them.

:func:`make_edits` picks one well-connected essay of the corpus and makes four changes to it: a body edit (a
sentence added to a paragraph, as an author revising an essay would), a tag replaced, the title changed, and the
pull request's body-and-tag change.  :func:`justify` labels every page a rebuild rewrote: the essay, a page
that lists it or shows a changed tag, or a rewrite with identical bytes nobody needed (and whether Sphinx's own
toctree-parent rule made it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import corpus as corpus_mod
from builds import ALWAYS_WRITTEN, Build


@dataclass
class Edit:
    kind: str
    docname: str
    describe: str
    apply: Callable[[], None]
    revert: Callable[[], None]
    old_title: str = ""
    tags: tuple[str, str] = ("", "")


def _rewrite(paths: list[Path], fn: Callable[[str], str]) -> Callable[[], None]:
    originals = {p: p.read_text(encoding="utf-8") for p in paths}

    def apply() -> None:
        for path, text in originals.items():
            new = fn(text)
            if new == text:
                raise RuntimeError(f"edit changed nothing in {path}")
            path.write_text(new, encoding="utf-8")

    return apply


def _restore(paths: list[Path]) -> Callable[[], None]:
    originals = {p: p.read_text(encoding="utf-8") for p in paths}

    def revert() -> None:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")

    return revert


def pick_essay(corp: corpus_mod.Corpus) -> corpus_mod.EssayPlan:
    """A well-connected essay: listed, in a series, with two tags or more, in a topic of 3+ essays."""
    for plan in sorted(corp.plans, key=lambda p: p.docname):
        if not plan.draft and plan.series and len(plan.tags) >= 2 and len(corp.topics[plan.topic]) >= 3:
            return plan
    return next(p for p in corp.plans if not p.draft)


#: The sentence the body edit adds: an author's revision, eleven words, none of them a tag, a title or a link.
ADDED_SENTENCE = "A later revision adds this sentence, which changes the word count."


def body_edit(text: str) -> str:
    """Add a sentence at the end of a prose paragraph in the middle of the essay: the text, its word count and
    (on a long enough essay) its reading time change, as they do when an author revises an essay; the front
    matter, the title, the tags and the links stay as they were."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    prose = [i for i in range(end + 1, len(lines)) if re.match(r"^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+ ", lines[i] or "")]
    if not prose:
        raise RuntimeError("no prose paragraph to add a sentence to")
    i = prose[len(prose) // 2]
    while i + 1 < len(lines) and lines[i + 1].strip():  # the paragraph's last line
        i += 1
    lines[i] = f"{lines[i].rstrip()} {ADDED_SENTENCE}"
    return "\n".join(lines)


def make_edits(corp: corpus_mod.Corpus, sources: list[Path]) -> list[Edit]:
    plan = pick_essay(corp)
    files = [src / f"{plan.docname}.md" for src in sources if (src / f"{plan.docname}.md").exists()]
    old_tag = plan.tags[0]
    new_tag = next(t for t in corp.tags if t not in plan.tags)

    def tag_edit(text: str) -> str:
        return re.sub(
            r"^(tags: \[)(.*)(\])$",
            lambda m: m[1] + m[2].replace(old_tag, new_tag, 1) + m[3],
            text,
            count=1,
            flags=re.M,
        ).replace(f"```{{tags}} {old_tag}", f"```{{tags}} {new_tag}")

    new_title = f"{plan.title} (revised)"
    body_and_tag = _rewrite(files, lambda t: tag_edit(body_edit(t)))
    return [
        Edit(
            "body",
            plan.docname,
            "a sentence added to a paragraph (eleven more words)",
            _rewrite(files, body_edit),
            _restore(files),
        ),
        Edit(
            "tag",
            plan.docname,
            f"tag `{old_tag}` replaced by `{new_tag}`",
            _rewrite(files, tag_edit),
            _restore(files),
            tags=(old_tag, new_tag),
        ),
        Edit(
            "title",
            plan.docname,
            f"H1 title changed to '{new_title}'",
            _rewrite(files, lambda t: t.replace(f"\n# {plan.title}\n", f"\n# {new_title}\n", 1)),
            _restore(files),
            old_title=plan.title,
        ),
        # a pull request's one-essay change (Runner.pull_request): not one of the incremental rows
        Edit(
            "pr",
            plan.docname,
            f"a sentence added and tag `{old_tag}` replaced by `{new_tag}`",
            body_and_tag,
            _restore(files),
            tags=(old_tag, new_tag),
        ),
    ]


_TOCTREE = re.compile(r"^```\{toctree\}[^\n]*\n(.*?)^```", re.M | re.S)


def toctree_parents(srcdir: Path) -> dict[str, set[str]]:
    """docname -> the pages whose toctree lists it, read from the corpus's Markdown sources.

    Sphinx's ``Builder.write`` rewrites, with every page it writes, the pages whose toctree
    lists it (``env.files_to_rebuild``), whatever they show: in BASE too.
    """
    parents: dict[str, set[str]] = {}
    for path in sorted(srcdir.rglob("*.md")):
        parent = path.relative_to(srcdir).with_suffix("").as_posix()
        for block in _TOCTREE.findall(path.read_text(encoding="utf-8")):
            for line in block.splitlines():
                entry = line.strip()
                if entry and not entry.startswith(":"):
                    child = entry.lstrip("/").removesuffix(".md")
                    if not entry.startswith("/") and "/" in parent:
                        child = f"{parent.rsplit('/', 1)[0]}/{child}"
                    parents.setdefault(child, set()).add(parent)
    return parents


def parent_rule(page: str, why: dict[str, str], parents: dict[str, set[str]]) -> str | None:
    """The rewritten page with changed content whose toctree parent ``page`` is, if any."""
    stem = page.removesuffix(".html")
    for other, reason in sorted(why.items()):
        if reason.startswith("content changed") and stem in parents.get(other.removesuffix(".html"), ()):
            return other
    return None


def justify(
    outdir: Path, build: Build, docname: str, tags: tuple[str, str], parents: dict[str, set[str]] | None = None
) -> dict[str, str]:
    """What each rewritten page shows of the change; identical rewrites are flagged, and those
    Sphinx makes as the toctree parent of a changed page are named as such."""
    name = docname.rsplit("/", 1)[-1] + ".html"
    identical = set(build.identical)
    why: dict[str, str] = {}
    for page in build.written_html:
        stem = page.removesuffix(".html")
        if page in ALWAYS_WRITTEN:
            why[page] = "Sphinx writes it on every build"
            continue
        path = outdir / page
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        links_essay = stem == docname or re.search(r'href="(?:[^"]*/)?' + re.escape(name) + '"', text)
        in_tags = page.startswith("tags/")  # links from tags/ to a tag page are relative: "slug.html"
        links_tag = any(
            t and re.search(r'href="(?:[^"]*/)?' + ("" if in_tags else "tags/") + re.escape(t) + r'\.html"', text)
            for t in tags
        )
        if stem == docname:
            label = "the essay"
        elif links_essay and links_tag:
            label = "lists the essay with a changed tag"
        elif links_essay:
            label = "links the essay"
        elif links_tag:
            label = "shows a changed tag"
        else:
            label = "shows neither the essay nor a changed tag"
        why[page] = ("UNNEEDED: rewritten with identical bytes; " if page in identical else "content changed; ") + label
    return label_parent_rewrites(why, parents or {})


def label_parent_rewrites(why: dict[str, str], parents: dict[str, set[str]]) -> dict[str, str]:
    """Mark identical rewrites that are Sphinx's toctree-parent rule (see :func:`toctree_parents`)."""
    out = dict(why)
    for page, reason in why.items():
        if reason.startswith("UNNEEDED") and SPHINX_PARENT not in reason:
            child = parent_rule(page, why, parents)
            if child:
                out[page] = f"{reason}; {SPHINX_PARENT} `{child}`"
    return out


#: How a rewrite made by Sphinx's own toctree-parent rule is labelled (the report counts it as Sphinx's).
SPHINX_PARENT = "Sphinx's rule: the toctree parent of"
