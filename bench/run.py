"""Benchmarks: Longform against plain Sphinx, furo's own navigation, ABlog and sphinx-tags.

``nox -s bench`` (or ``python bench/run.py``) generates a synthetic corpus
(:mod:`corpus`), builds it with each configuration as a subprocess
(``python -m sphinx``, ``SOURCE_DATE_EPOCH`` fixed), and writes ``BENCHMARKS.md``:

========  ============================================================================
FULL      myst_parser, sphinx_design, longform (every Longform feature)
BASE      myst_parser, sphinx_design, longform.navigation (the same conf.py and the same
          scoped navigation, the rest of Longform off): what every ratio is against
FURO      myst_parser, sphinx_design: plain furo defaults, every essay in the toctree
ABLOG     BASE + ablog, configured for the same essays (tags, archives, per-tag feeds)
STAGS     BASE + sphinx-tags (a ``{tags}`` directive in each essay; tag pages out of
          the root toctree)
========  ============================================================================

Every configuration is the repository's ``conf.py`` (executed as is) with only
``extensions`` and the anchors' own settings changed, so site settings stay equal.

Measured: clean builds (serial and ``-j 2``), incremental rebuilds after a
body-only edit, a tag change and a title change (wall and CPU time, documents
re-read = doctree files rewritten, output files rewritten = mtimes compared, and
which of those were rewritten with identical bytes), a byte-for-byte comparison of
the incremental output with a clean build (never stale), a rebuild with no change,
growth, peak memory (``ru_maxrss`` of the build process from ``os.wait4``; for
``-j 2`` that is the largest single process), page weight, cProfiles of a FULL
build (serial: Longform's share; ``-j 2``: what the main process does itself), and a
*pull request* as CI builds one (:meth:`Runner.pull_request`: main's cached
environment and pages restored by ``.ci/sphinx_cache.py``, one essay changed).
Search (:meth:`Runner.search`): the bytes one query typed into the search box costs a
reader in Chromium (Playwright), the site served gzipped, with Pagefind (FULL) and with
Sphinx's own search (the same build, ``longform_search = "sphinx"``), and the time
Pagefind takes to index the built site against the build's.
Times are medians; every ratio is against BASE measured in the same run.  Each run
copies ``conf.py`` and ``extensions/`` first, so all its builds use the same code.

``--quick``: N = 300 only, one build each (about ten minutes on an idle machine).
The default (full) run repeats every clean build three times and adds N = 1,000
(BASE and FULL, the body-only edit there; FURO once, stopped after 15 minutes),
growth (FULL and BASE at N = 500 and 2,000), ``-j 2`` at N = 300 and 1,000, the profiled
``-j 2`` build and the pull request at N = 1,000 (N = 300 in ``--quick``); it takes about an hour.  ``--sections``
runs parts of it and ``--merge`` keeps an earlier run's results in the report.
Results are kept as JSON and BENCHMARKS.md is rewritten after every section, so a
stopped run still leaves what it measured.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 (documented: the profile runs `python -m cProfile`)
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402 (bench/ is not a package)

SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: fixed, so runs are comparable
#: Longform's "now" for every build: after the last date the corpus gives an essay (its dates run from 2016 one
#: every few days, into the 2040s at N = 2,000), so no essay is a scheduled one that FULL leaves out and BASE
#: builds — FULL and BASE build the same essays (FULL leaves out only the drafts, about 3%).
LONGFORM_NOW = "2099-12-31"
GIB = 1024**3

# -- configurations ----------------------------------------------------------------------

BASE_EXT = ["myst_parser", "sphinx_design"]


@dataclass(frozen=True)
class Variant:
    name: str
    extensions: list[str]
    extra: str = ""  # more conf.py lines
    source: str = "docs"  # which copy of the corpus it builds
    templates: bool = False  # ABlog's templates, linked into the conf dir
    label: str = ""


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("FULL", [*BASE_EXT, "longform"], label="Longform, every feature"),
        Variant("BASE", [*BASE_EXT, "longform.navigation"], label="same conf + scoped navigation, Longform off"),
        Variant("FURO", list(BASE_EXT), label="plain furo: whole toctree on every page"),
        Variant(
            "ABLOG",
            [*BASE_EXT, "longform.navigation", "ablog"],
            extra=(
                'blog_post_pattern = ["essays/*"]\n'
                'post_date_format = "%Y-%m-%d"\n'
                'post_date_format_short = "%Y-%m-%d"\n'
                'blog_baseurl = "https://bench.invalid/"\n'
                'blog_path = "blog"\n'
                "blog_feed_archives = True\n"
                "post_auto_excerpt = 1\n"
                # furo: keep furo's page.html; ABlog's collection templates come from _templates/ablog
                "skip_injecting_base_ablog_templates = True\n"
                'templates_path = ["_templates"]\n'
            ),
            templates=True,
            label="BASE + ABlog: tag, archive and category pages, per-tag feeds",
        ),
        Variant(
            "STAGS",
            [*BASE_EXT, "longform.navigation", "sphinx_tags"],
            extra='tags_create_tags = True\ntags_extension = ["md"]\ntags_output_dir = "_tags"\n',
            source="docs-stags",
            label="BASE + sphinx-tags: tag pages, kept out of the root toctree",
        ),
    )
}

CONF_TEMPLATE = """\
# Generated by bench/run.py for {name}: the repository's conf.py (a snapshot taken when the run
# started, with extensions/ beside it), then this variant's changes.
_repo_conf = {repo_conf!r}
__file__ = _repo_conf
with open(_repo_conf, encoding="utf-8") as _f:
    exec(compile(_f.read(), _repo_conf, "exec"))
extensions = {extensions!r}
{extra}"""


def snapshot_code(workdir: Path) -> tuple[Path, str]:
    """Copy ``conf.py`` and ``extensions/`` as they are now, so every build of a run uses the same code.

    Others may be editing the working tree while a run goes on; an edit in the middle would
    change what is measured (and Longform's code digest would force full rewrites).  Returns
    the copied ``conf.py`` and a digest of the code.
    """
    dest = workdir / "snapshot"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(
        ROOT / "extensions",
        dest / "extensions",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    digest = hashlib.sha1()
    for path in sorted(dest.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(dest).as_posix().encode() + b"\0" + path.read_bytes())
    return dest / "conf.py", digest.hexdigest()[:12]


def snapshot_revision(workdir: Path, revision: str) -> tuple[Path, str]:
    """``conf.py`` and ``extensions/`` as they are at git ``revision`` (for ``--against``): the copied conf.py
    and the full commit id."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True, text=True
    )
    if commit.returncode != 0:
        raise SystemExit(f"--against {revision}: not a commit of this repository ({commit.stderr.strip()})")
    dest = workdir / "snapshot-before"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit.stdout.strip(), "conf.py", "extensions"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "conf.py", commit.stdout.strip()


def write_conf(workdir: Path, variant: Variant, repo_conf: Path) -> Path:
    confdir = workdir / "conf" / variant.name
    confdir.mkdir(parents=True, exist_ok=True)
    text = CONF_TEMPLATE.format(
        name=variant.name, repo_conf=str(repo_conf), extensions=variant.extensions, extra=variant.extra
    )
    (confdir / "conf.py").write_text(text, encoding="utf-8")
    if variant.templates:
        import ablog

        link = confdir / "_templates" / "ablog"
        link.parent.mkdir(exist_ok=True)
        if not link.exists():
            link.symlink_to(Path(ablog.get_html_templates_path()) / "ablog", target_is_directory=True)
    return confdir


def stags_source(srcdir: Path, dest: Path) -> None:
    """The corpus with a sphinx-tags ``{tags}`` directive under each essay's H1."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(srcdir, dest)
    for path in sorted((dest / "essays").glob("*.md")):
        path.write_text(_with_stags(path.read_text(encoding="utf-8")), encoding="utf-8")


def _with_stags(text: str) -> str:
    match = re.search(r"^tags: \[(.*)\]$", text, flags=re.M)
    tags = match[1] if match else ""
    return re.sub(r"^(# .*)$", lambda m: f"{m[1]}\n\n```{{tags}} {tags}\n```", text, count=1, flags=re.M)


# -- one build ---------------------------------------------------------------------------

ALWAYS_WRITTEN = {"genindex.html", "search.html"}  # Sphinx writes these on every build


@dataclass
class Build:
    variant: str
    essays: int
    kind: str  # clean | clean-j2 | body | tag | title | noop
    wall: float
    cpu: float  # user + system seconds of the build and its waited-for children (less sensitive to load)
    maxrss_mib: float
    reread: int
    written_html: list[str]
    written_other: list[str]
    removed: list[str]
    warnings: int
    returncode: int
    timed_out: bool = False
    note: str = ""
    step: str = ""
    #: rewritten pages (HTML and feeds) whose bytes did not change: rewrites nobody needed
    identical: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _mtimes(folder: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    if not folder.exists():
        return out
    stack = [folder]
    while stack:
        current = stack.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                else:
                    out[os.path.relpath(entry.path, folder)] = entry.stat(follow_symlinks=False).st_mtime_ns
    return out


def _digests(folder: Path) -> dict[str, str]:
    """sha1 of every page and feed (not _static): to tell a needed rewrite from an identical one."""
    out: dict[str, str] = {}
    if not folder.exists():
        return out
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.suffix in (".html", ".xml") and not rel.startswith("_") and path.is_file():
            out[rel] = hashlib.sha1(path.read_bytes()).hexdigest()
    return out


def sphinx_command(*, confdir: Path, srcdir: Path, outdir: Path, doctrees: Path, jobs: int = 1) -> list[str]:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(confdir), "-d", str(doctrees)]
    if jobs > 1:
        cmd += ["-j", str(jobs)]
    return [*cmd, str(srcdir), str(outdir)]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env["LONGFORM_NOW"] = LONGFORM_NOW
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_build(
    *,
    variant: Variant,
    essays: int,
    kind: str,
    confdir: Path,
    srcdir: Path,
    outdir: Path,
    doctrees: Path,
    log: Path,
    jobs: int = 1,
    clean: bool = False,
    timeout: float | None = None,
    prefix: list[str] | None = None,
    compare: bool = False,
) -> Build:
    """Run one ``python -m sphinx`` build and measure it."""
    if clean:
        for folder in (outdir, doctrees):
            if folder.exists():
                shutil.rmtree(folder)
    before_out, before_dt = _mtimes(outdir), _mtimes(doctrees)
    before_hash = _digests(outdir) if compare and not clean else {}
    cmd = sphinx_command(confdir=confdir, srcdir=srcdir, outdir=outdir, doctrees=doctrees, jobs=jobs)
    if prefix:
        cmd = [*prefix, *cmd[1:]]
    log.parent.mkdir(parents=True, exist_ok=True)
    timed_out = False
    with log.open("w", encoding="utf-8") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=str(ROOT))
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    after_out, after_dt = _mtimes(outdir), _mtimes(doctrees)
    changed = sorted(p for p, m in after_out.items() if before_out.get(p) != m)
    removed = sorted(set(before_out) - set(after_out))
    html_pages = [p for p in changed if p.endswith(".html") and not p.startswith("_")]
    other = [
        p
        for p in changed
        if not p.endswith(".html") and not p.startswith(("_static", "_images", "_sources")) and p != ".buildinfo"
    ]
    reread = sum(1 for p, m in after_dt.items() if p.endswith(".doctree") and before_dt.get(p) != m)
    identical: list[str] = []
    if before_hash:
        after_hash = _digests(outdir)
        identical = [p for p in changed if p in before_hash and after_hash.get(p) == before_hash[p]]
    warnings = len(re.findall(r"\b(?:WARNING|ERROR|CRITICAL):", text))
    return Build(
        variant=variant.name,
        essays=essays,
        kind=kind,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        reread=reread,
        written_html=html_pages,
        written_other=other,
        removed=removed,
        warnings=warnings,
        returncode=proc.returncode,
        timed_out=timed_out,
        identical=identical,
    )


# -- edits ------------------------------------------------------------------------------


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


def _body_edit(text: str) -> str:
    """Swap one prose word for another: same word count, same reading time, nothing else changes."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    prose = [i for i in range(end + 1, len(lines)) if re.match(r"^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+ ", lines[i] or "")]
    i = prose[len(prose) // 2]
    words = lines[i].split(" ")
    words[2] = "latency" if words[2] != "latency" else "throughput"
    lines[i] = " ".join(words)
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
    body_and_tag = _rewrite(files, lambda t: tag_edit(_body_edit(t)))
    return [
        Edit(
            "body",
            plan.docname,
            "one prose word replaced by another (same word count)",
            _rewrite(files, _body_edit),
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
            f"one prose word replaced and tag `{old_tag}` replaced by `{new_tag}`",
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


# -- page weight --------------------------------------------------------------------------


class _Head(HTMLParser):
    """Collects inline <style> sizes, stylesheets and scripts (with their loading attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[tuple[str, int]] = []
        self.sheets: list[str] = []
        self.scripts: list[tuple[str, bool]] = []  # (src, blocking)
        self._style_id: str | None = None
        self._style_len = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "style":
            self._in_style, self._style_id, self._style_len = True, a.get("id") or "", 0
        elif tag == "link" and (a.get("rel") or "") == "stylesheet" and a.get("media", "all") in ("all", "screen"):
            self.sheets.append((a.get("href") or "").split("?")[0])
        elif tag == "script" and a.get("src"):
            blocking = "defer" not in a and "async" not in a and a.get("type") != "module"
            self.scripts.append(((a.get("src") or "").split("?")[0], blocking))

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._style_len += len(data.encode("utf-8"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self.styles.append((self._style_id or "", self._style_len))
            self._in_style = False


def page_weight(full_page: Path, base_page: Path, full_out: Path) -> dict[str, Any]:
    """What Longform adds to an essay page for a reader: inline CSS, scripts, blocking requests."""

    def parse(path: Path) -> _Head:
        parser = _Head()
        parser.feed(path.read_text(encoding="utf-8"))
        return parser

    full, base = parse(full_page), parse(base_page)
    css = sum(size for ident, size in full.styles if ident.startswith("longform"))
    # Longform's stylesheet (one file for the site, ``site/assets.py``), fetched once and cached
    css_files = [href for href in full.sheets if "longform" in href]
    css_file_bytes = sum(
        (full_page.parent / href).resolve().stat().st_size
        for href in css_files
        if (full_page.parent / href).resolve().is_file()
    )
    js_files = [src for src, _ in full.scripts if "longform" in src]
    js = 0
    for src in js_files:
        target = (full_page.parent / src).resolve()
        if target.is_file():
            js += target.stat().st_size
    base_blocking = set(base.sheets) | {s for s, b in base.scripts if b}
    full_blocking = set(full.sheets) | {s for s, b in full.scripts if b}
    return {
        "page": full_page.relative_to(full_out).as_posix(),
        "inline_css_bytes": css,
        "css_files": css_files,
        "css_file_bytes": css_file_bytes,
        "js_files": js_files,
        "js_bytes": js,
        "total_bytes": css + css_file_bytes + js,
        "extra_blocking": sorted(full_blocking - base_blocking),
        "full_page_bytes": full_page.stat().st_size,
        "base_page_bytes": base_page.stat().st_size,
    }


def output_stats(outdir: Path) -> dict[str, Any]:
    essays = [p.stat().st_size for p in (outdir / "essays").glob("*.html")] if (outdir / "essays").exists() else []
    total = sum(p.stat().st_size for p in outdir.rglob("*") if p.is_file())
    html = {p.relative_to(outdir).as_posix(): p.stat().st_size for p in outdir.rglob("*.html")}
    pages = sum(1 for name in html if not name.startswith("_"))
    largest = max(html.items(), key=lambda item: (item[1], item[0]), default=("", 0))
    return {
        "total_mib": total / 2**20,
        "pages": pages,
        "largest_page": list(largest),  # (path, bytes): the issue-18 bound is 300 KB at N = 2,000
        "essay_page_kib_mean": statistics.mean(essays) / 1024 if essays else 0.0,
        "essay_page_kib_max": max(essays) / 1024 if essays else 0.0,
    }


# -- profile -----------------------------------------------------------------------------


def profile_share(stats_file: Path) -> dict[str, Any]:
    """Longform's share of a cProfile: time under Longform functions entered from outside Longform."""
    stats = pstats.Stats(str(stats_file))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_f, _l, _n), (_cc, _nc, _tt, ct, _callers) in raw.items())

    def own(filename: str) -> bool:
        return f"{os.sep}extensions{os.sep}longform{os.sep}" in filename

    def furo(filename: str) -> bool:
        return f"{os.sep}furo{os.sep}" in filename

    def entered(pred: Callable[[str], bool], exclude: Callable[[str], bool] | None = None) -> float:
        out = 0.0
        for (filename, _line, _name), (_cc, _nc, _tt, _ct, callers) in raw.items():
            if not pred(filename) or (exclude and exclude(filename)):
                continue
            for (cfile, _cl, _cn), (_c1, _c2, _t, ct) in callers.items():
                if not pred(cfile):
                    out += ct
        return out

    nav = entered(lambda f: f.endswith(f"longform{os.sep}navigation.py"))
    # Longform's MyST parser (core/compat.py) only wraps MyST's: the parsing under it is MyST's, as in BASE.
    parser = sum(
        ct
        for (filename, _line, name), (_cc, _nc, _tt, _ct, callers) in raw.items()
        if f"{os.sep}myst_parser{os.sep}" in filename and name == "parse"
        for (cfile, _cl, cname), (_c1, _c2, _t, ct) in callers.items()
        if own(cfile) and cname == "parse"
    )
    longform = entered(own) - parser
    top: list[tuple[float, str]] = []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in raw.items():
        if own(filename):
            top.append((ct, f"{Path(filename).name}:{line}({name}) calls={nc} own={tt:.2f}s"))
    top.sort(reverse=True)
    return {
        "total_s": total,
        "longform_s": longform,
        "navigation_s": nav,
        "parser_s": parser,
        "furo_s": entered(furo),
        "longform_share": longform / total if total else 0.0,
        "longform_without_nav_share": (longform - nav) / total if total else 0.0,
        "top": [f"{ct:.2f}s {label}" for ct, label in top[:15]],
    }


def parallel_phases(stats_file: Path) -> dict[str, float]:
    """Where the main process of a ``-j 2`` build spends its time (the workers are not profiled).

    What the main process does itself, rather than waiting for workers (``time.sleep``
    in ``ParallelTasks.join``), cannot overlap with anything: it bounds the speed-up.
    """
    raw = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]

    def cum(file_end: str, name: str, caller: str | None = None) -> float:
        total = 0.0
        for (filename, _line, func), (_cc, _nc, _tt, ct, callers) in raw.items():
            if func != name or not filename.replace(os.sep, "/").endswith(file_end):
                continue
            if caller is None:
                total += ct
            else:
                total += sum(c[3] for (cf, _cl, cn), c in callers.items() if cn == caller)
        return total

    total = max(ct for (_cc, _nc, _tt, ct, _callers) in raw.values())
    sleep = sum(
        ct for (filename, _l, func), (_cc, _nc, _tt, ct, _c) in raw.items() if func == "<built-in method time.sleep>"
    )
    return {
        "total": total,
        "read phase (parallel)": cum("sphinx/builders/__init__.py", "_read_parallel"),
        "  unpickling and merging the workers' environments": cum("sphinx/builders/__init__.py", "merge"),
        "write phase (parallel)": cum("sphinx/builders/__init__.py", "_write_parallel"),
        "  resolving doctrees in the main process": cum(
            "sphinx/environment/__init__.py", "get_and_resolve_doctree", "_write_parallel"
        ),
        "  write_doc_serialized in the main process": cum(
            "sphinx/builders/html/__init__.py", "write_doc_serialized", "_write_parallel"
        ),
        "    of which indexing the page for search (index_page)": cum(
            "sphinx/builders/html/__init__.py", "index_page", "write_doc_serialized"
        ),
        "finish (search index, static files, generated pages)": cum("sphinx/builders/html/__init__.py", "finish"),
        "waiting for workers (sleep)": sleep,
        "main process busy (total - waiting)": total - sleep,
    }


# -- search: what one query costs a reader ------------------------------------------------

#: Served gzipped when the request accepts it, as GitHub Pages and Read the Docs do for text types.
GZIP_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml")
#: How long a reader's browser may keep a file without asking again (GitHub Pages sends max-age=600).
MAX_AGE = 600
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_CODE_NAME = re.compile(r"\b([a-z]+_[a-z]+)\b")


def search_word(corp: corpus_mod.Corpus, most: int = 5) -> tuple[str, list[str]]:
    """A query a reader would type: a code identifier (``noun_noun``) of a few published essays' bodies.

    The corpus's prose draws on a vocabulary of about two hundred words, so each prose word is in
    nearly every essay (and its rare plurals stem to common words): no query of one prose word finds
    a few pages.  The identifiers in the essays' code blocks are rare; the one chosen is in the most
    essays, at most ``most``, ties broken by name: deterministic by seed.  Returns it and its essays.
    """
    where: dict[str, set[str]] = {}
    for plan in corp.plans:
        if plan.draft:
            continue
        text = (Path(corp.srcdir) / f"{plan.docname}.md").read_text(encoding="utf-8")
        fenced = False
        for line in text.split("\n"):
            if line.startswith("```"):
                fenced = not fenced if not line.startswith("```{") else fenced
                continue
            if fenced:
                for name in _CODE_NAME.findall(line):
                    where.setdefault(name, set()).add(plan.docname)
    word = min((name for name in where if len(where[name]) <= most), key=lambda name: (-len(where[name]), name))
    return word, sorted(where[word])


def serve(folder: Path) -> tuple[Any, str]:
    """``folder`` over HTTP on a free local port, text types gzipped: the server (call ``shutdown``) and its URL."""
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            super().end_headers()

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            kind = self.guess_type(str(path))
            accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
            if not (accepts and path.is_file() and kind.split(";")[0] in GZIP_TYPES):
                super().do_GET()  # Pagefind's .pagefind / .pf_* files are gzipped already: as they are
                return
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_query(folder: Path, word: str, *, timeout_ms: int = 60_000) -> dict[str, Any]:
    """What a reader's browser receives for one query typed into furo's sidebar search box.

    ``index.html`` is opened first (not counted); then the word is typed into the box and Enter
    pressed, and every response from then until results are shown and the network is idle is
    summed as Chrome counts it (``encodedDataLength`` from the DevTools protocol: bytes on the wire,
    headers included).  Files the browser already holds from ``index.html`` come from its cache,
    as they would for a reader (the server sends ``Cache-Control: max-age=600``).
    """
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("LONGFORM_CHROMIUM", "/usr/bin/chromium")
    server, url = serve(folder)
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cached: set[str] = set()
    on = [False]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                cdp = page.context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
                cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))

                def finished(event: dict[str, Any]) -> None:
                    if on[0]:
                        sizes[event["requestId"]] = int(event["encodedDataLength"])

                cdp.on("Network.loadingFinished", finished)
                page.goto(url + "index.html", wait_until="networkidle")
                box = page.locator("input.sidebar-search:visible").first
                box.fill(word)
                on[0] = True
                t0 = time.perf_counter()
                box.press("Enter")
                page.wait_for_url("**/search.html?q=*", timeout=timeout_ms)
                summary = page.locator("#search-results p.search-summary")
                page.wait_for_function(
                    "() => { const p = document.querySelector('#search-results p.search-summary');"
                    " return p && /found|did not match/.test(p.textContent); }",
                    timeout=timeout_ms,
                )
                page.wait_for_load_state("networkidle", timeout=timeout_ms)
                seconds = time.perf_counter() - t0
                on[0] = False
                text = summary.first.text_content() or ""
                shown = page.locator("#search-results ul.search li").count()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    found = re.search(r"found (\d+|one) page", text)
    count = 0 if not found else (1 if found[1] == "one" else int(found[1]))
    by_url: dict[str, int] = {}
    for request, size in sizes.items():
        name = urls.get(request, request).removeprefix(url).split("?")[0]
        by_url[name] = by_url.get(name, 0) + size
    network = [r for r, size in sizes.items() if r not in cached]
    return {
        "bytes": sum(sizes.values()),
        "requests": len(network),
        "from_cache": len(sizes) - len(network),
        "results": count,
        "shown": shown,
        "seconds": round(seconds, 2),
        "summary": text.strip(),
        "largest": sorted(by_url.items(), key=lambda item: -item[1])[:8],
    }


def time_pagefind(outdir: Path) -> float | None:
    """Seconds Pagefind takes to index a built site, run as the build runs it (same binary and options)."""
    from longform.site import search as longform_search

    executable = longform_search.binary()
    if executable is None:
        return None
    t0 = time.perf_counter()
    problem = longform_search.run_pagefind(outdir, executable)
    seconds = time.perf_counter() - t0
    if problem:
        raise SystemExit(f"pagefind on {outdir} failed: {problem}")
    return seconds


# -- the run -----------------------------------------------------------------------------


@dataclass
class Plan:
    mode: str
    sizes: list[int]
    growth: list[int]
    repeat: int
    pairs: int
    furo_repeat: int
    anchors_at: list[int]
    incremental_at: list[int]
    parallel_at: list[int]
    profile_at: int
    furo_timeout: float
    seed: int
    stale_check: list[str] = field(default_factory=lambda: ["tag", "title"])
    edits: list[str] = field(default_factory=lambda: ["body", "tag", "title"])
    parallel_repeat: int = 1
    pr_at: list[int] = field(default_factory=list)
    search_at: list[int] = field(default_factory=list)
    against: str = ""  # a git revision: its Longform (BEFORE) measured beside this one's (AFTER), BASE in between


@dataclass
class Results:
    plan: dict[str, Any]
    meta: dict[str, Any]
    builds: list[dict[str, Any]] = field(default_factory=list)
    corpora: dict[str, Any] = field(default_factory=dict)
    edits: dict[str, Any] = field(default_factory=dict)
    stale: dict[str, Any] = field(default_factory=dict)
    weight: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    pr: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    sections_done: list[str] = field(default_factory=list)
    finished: bool = False


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "extensions", "conf.py"], cwd=ROOT, capture_output=True, text=True
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem / GIB, 1),
        "load_start": os.getloadavg(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            d: _version(d)
            for d in (
                "sphinx",
                "docutils",
                "myst-parser",
                "sphinx-design",
                "furo",
                "ablog",
                "sphinx-tags",
                "psutil",
                "pagefind-bin",
                "playwright",
            )
        },
        "commit": commit.stdout.strip() + (" (+ uncommitted changes in extensions/)" if dirty.stdout.strip() else ""),
        "argv": sys.argv[1:],
    }


SECTIONS = (
    "main",
    "incremental",
    "profile",
    "jprofile",
    "sizes",
    "growth",
    "furo",
    "parallel",
    "pr",
    "search",
    "against",
)

#: Site search is left to Sphinx in the before/after comparison: a revision older than Longform's Pagefind
#: index has none, and the comparison is of the extension's own cost (BASE has Sphinx's search too).
COMPARE_EXTRA = 'longform_search = "sphinx"\n'


class Runner:
    def __init__(self, plan: Plan, workdir: Path, out_md: Path, out_json: Path, merge: Path | None = None) -> None:
        self.plan = plan
        self.workdir = workdir
        self.out_md = out_md
        self.out_json = out_json
        self.results = Results(plan=asdict(plan), meta=machine_info())
        if merge is not None:
            self._merge(json.loads(merge.read_text(encoding="utf-8")))
        repo_conf, digest = snapshot_code(workdir)
        self.results.meta["code_digest"] = digest
        self.variants = dict(VARIANTS)
        full = VARIANTS["FULL"]
        # the search section's comparison: the same build with Sphinx's own search page and index
        self.variants["SEARCH-SPHINX"] = Variant(
            "SEARCH-SPHINX", full.extensions, extra=COMPARE_EXTRA, label="FULL with Sphinx's own search"
        )
        if plan.against:
            before_conf, revision = snapshot_revision(workdir, plan.against)
            self.results.meta["against"] = {"revision": plan.against, "commit": revision}
            self.variants["BEFORE"] = Variant(
                "BEFORE", full.extensions, extra=COMPARE_EXTRA, label=f"FULL at {plan.against} ({revision[:7]})"
            )
            self.variants["AFTER"] = Variant("AFTER", full.extensions, extra=COMPARE_EXTRA, label="FULL at this commit")
        self.confdirs = {
            name: write_conf(workdir, v, before_conf if name == "BEFORE" else repo_conf)
            for name, v in self.variants.items()
        }
        self.corpora: dict[int, corpus_mod.Corpus] = {}

    def _merge(self, old: dict[str, Any]) -> None:
        """Keep an earlier run's measurements (its own ratios stay within it); this run's are added."""
        r = self.results
        r.meta["previous"] = [*old["meta"].get("previous", []), {**old["meta"], "plan": old["plan"]}]
        r.meta["previous"][-1].pop("previous", None)
        run = len(r.meta["previous"])
        r.builds = [{**b, "run": b.get("run", run - 1)} for b in old["builds"]]
        for name in ("corpora", "edits", "stale", "weight", "outputs", "profile", "pr", "search"):
            getattr(r, name).update(old.get(name) or {})
        r.sections_done = [f"run {run}: {s}" for s in old.get("sections_done", [])]

    # plumbing
    def save(self, section: str | None = None) -> None:
        if section:
            self.results.sections_done.append(section)
        self.results.meta["load_now"] = os.getloadavg()
        self.out_json.parent.mkdir(parents=True, exist_ok=True)
        self.out_json.write_text(json.dumps(asdict(self.results), indent=1, default=str), encoding="utf-8")
        import report

        self.out_md.write_text(report.render(self.results), encoding="utf-8")

    def corpus(self, n: int) -> corpus_mod.Corpus:
        if n not in self.corpora:
            dest = self.workdir / f"corpus-{n}"
            t0 = time.perf_counter()
            corp = corpus_mod.generate(dest, essays=n, seed=self.plan.seed)
            stags_source(dest / "docs", dest / "docs-stags")
            self.corpora[n] = corp
            self.results.corpora[str(n)] = {
                "essays": n,
                "words": corp.words,
                "tags": len(corp.tags),
                "series": len(corp.series),
                "paths": len(corp.paths),
                "topics": len(corp.topics),
                "drafts": sum(p.draft for p in corp.plans),
                "seconds": round(time.perf_counter() - t0, 1),
                "command": f"python bench/corpus.py OUT --essays {n} --seed {self.plan.seed}",
            }
            log(f"corpus N={n}: {corp.words} words, {len(corp.tags)} tags -> {dest}")
        return self.corpora[n]

    def dirs(self, n: int, variant: str, tag: str = "") -> tuple[Path, Path]:
        base = self.workdir / f"out-{n}" / f"{variant}{tag}"
        return base / "html", base / "doctrees"

    def build(
        self,
        variant: str,
        n: int,
        kind: str,
        *,
        jobs: int = 1,
        clean: bool = False,
        timeout: float | None = None,
        step: str = "",
        tag: str = "",
        record: bool = True,
    ) -> Build:
        v = self.variants[variant]
        corp = self.corpus(n)
        src = Path(corp.srcdir).parent / v.source
        outdir, doctrees = self.dirs(n, variant, tag or ("-j2" if jobs > 1 else ""))
        logfile = self.workdir / "logs" / f"{n}-{variant}{tag}-{kind}-{len(self.results.builds)}.log"
        b = run_build(
            variant=v,
            essays=n,
            kind=kind,
            confdir=self.confdirs[variant],
            srcdir=src,
            outdir=outdir,
            doctrees=doctrees,
            log=logfile,
            jobs=jobs,
            clean=clean,
            timeout=timeout,
            compare=not clean,
        )
        b.note = str(logfile.relative_to(self.workdir))
        b.step = step
        if b.returncode != 0 and not b.timed_out:
            tail = "\n".join(logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise SystemExit(f"{variant} N={n} {kind} failed (exit {b.returncode}); {logfile}:\n{tail}")
        if record:
            self.results.builds.append({**asdict(b), "run": len(self.results.meta.get("previous", []))})
        state = "TIMEOUT" if b.timed_out else ("ok" if b.returncode == 0 else f"exit {b.returncode}")
        log(
            f"  {variant:5} N={n:<5} {kind:9} {b.wall:8.2f}s  cpu {b.cpu:7.1f}s  rss {b.maxrss_mib:6.0f} MiB  "
            f"reread {b.reread:5}  "
            f"html {len(b.written_html):5}  identical {len(b.identical):4}  warnings {b.warnings}  {state}"
            + ("" if record else "  (check, not a sample)")
        )
        return b

    # sections
    def before_and_after(self, n: int) -> None:
        """Clean builds of BASE, BEFORE (``--against``'s Longform) and AFTER (this one), interleaved so that
        the machine's load falls on all three alike; the report gives BEFORE/BASE and AFTER/BASE."""
        log(f"before/after at N={n}: BEFORE is {self.plan.against}")
        for _ in range(max(self.plan.repeat, 2)):
            for variant in ("BASE", "BEFORE", "AFTER"):
                self.build(variant, n, "cmp", clean=True, tag="-cmp")
        self.save("against")

    def clean_builds(self, n: int, variants: list[str]) -> None:
        for variant in variants:
            times = self.plan.furo_repeat if variant == "FURO" else self.plan.repeat
            if variant in ("ABLOG", "STAGS"):
                times = 1 if n not in self.plan.anchors_at else times
            timeout = self.plan.furo_timeout if variant == "FURO" else None
            stopped = False
            for _ in range(times):
                b = self.build(variant, n, "clean", clean=True, timeout=timeout)
                if b.timed_out:
                    stopped = True
                    break
            outdir, _ = self.dirs(n, variant)
            if outdir.exists() and not stopped:
                self.results.outputs[f"{n}:{variant}"] = output_stats(outdir)
        self.save(f"clean N={n}")

    def parallel_builds(self, n: int, variants: list[str]) -> None:
        for variant in variants:
            for _ in range(self.plan.parallel_repeat):
                self.build(variant, n, "clean-j2", jobs=2, clean=True)
        self.save(f"-j 2 N={n}")

    def incremental(self, n: int, variants: list[str], anchors: list[str], *, every: bool = True) -> None:
        """Rebuilds after each change; with ``every`` false (larger sizes) the body-only edit alone, unchecked."""
        corp = self.corpus(n)
        src = Path(corp.srcdir).parent
        kinds = self.plan.edits if every else [k for k in self.plan.edits if k == "body"]
        edits = [e for e in make_edits(corp, [src / "docs", src / "docs-stags"]) if e.kind in kinds]
        # every variant starts from an up-to-date build of the unedited sources
        for variant in [*variants, *anchors]:
            outdir, _ = self.dirs(n, variant)
            if not outdir.exists():
                self.build(variant, n, "clean", clean=True)
            self.build(variant, n, "noop")
        for edit in edits:
            who = variants + (anchors if edit.kind == "body" else [])
            self.results.edits[f"{n}:{edit.kind}"] = {"docname": edit.docname, "describe": edit.describe}
            for pair in range(self.plan.pairs):
                for step, action in (("apply", edit.apply), ("revert", edit.revert)):
                    action()
                    for variant in who:
                        if variant in anchors and pair > 0:
                            continue
                        b = self.build(variant, n, edit.kind, step=step)
                        if step == "apply" and pair == 0:
                            outdir, _ = self.dirs(n, variant)
                            self.results.edits[f"{n}:{edit.kind}"][variant] = {
                                "tags": edit.tags,
                                "html": b.written_html,
                                "other": b.written_other,
                                "removed": b.removed,
                                "identical": b.identical,
                                "why": justify(outdir, b, edit.docname, edit.tags, toctree_parents(src / "docs")),
                            }
                            if variant == "FULL" and every and edit.kind in self.plan.stale_check:
                                self.results.stale[f"{n}:{edit.kind}"] = self.stale_check(n, edit)
        self.save(f"incremental N={n}")

    def stale_check(self, n: int, edit: Edit) -> dict[str, Any]:
        """Never stale: the incremental FULL output against a clean FULL build of the same sources."""
        self.build("FULL", n, "check", clean=True, tag="-check", record=False)
        incremental, _ = self.dirs(n, "FULL")
        clean, _ = self.dirs(n, "FULL", "-check")
        a, b = _digests(incremental), _digests(clean)
        return {
            "edit": edit.describe,
            "differ": sorted(p for p in a.keys() & b.keys() if a[p] != b[p]),
            "only_incremental": sorted(a.keys() - b.keys()),
            "only_clean": sorted(b.keys() - a.keys()),
            "compared": len(a.keys() & b.keys()),
        }

    def pull_request(self, n: int) -> None:
        """A pull request as CI builds it (``.github/workflows/site.yml``): from main's cache, one essay changed.

        "Main" is a clean FULL build; its environment and pages are copied aside with their
        times (as the cache stores them) and its sources recorded (``sphinx_cache.stamp``).
        Then one essay gets a body and a tag change, and for each way of caching, the copy is
        put back, every source file is made new (as a checkout leaves it), ``sphinx_cache.restore``
        sets the times, and FULL builds incrementally: ``pr`` restores the environment and the
        pages (what CI caches), ``pr-env`` the environment alone, into an empty output folder.
        Each output is compared byte for byte with a clean build of the changed sources.
        """
        ci = _ci_module()
        corp = self.corpus(n)
        src = Path(corp.srcdir)
        edit = next(e for e in make_edits(corp, [src]) if e.kind == "pr")
        outdir, doctrees = self.dirs(n, "FULL", "-pr")
        cache = outdir.parent / "cache"
        self.build("FULL", n, "pr-main", clean=True, tag="-pr")
        ci.stamp(src, doctrees)
        if cache.exists():
            shutil.rmtree(cache)
        for folder in (doctrees, outdir):
            shutil.copytree(folder, cache / folder.name, symlinks=True)  # copy2: times kept, as a cache keeps them
        info: dict[str, Any] = {"docname": edit.docname, "describe": edit.describe, "restore": {}, "stale": {}}
        self.results.pr[str(n)] = info
        edit.apply()
        try:
            digests: dict[str, dict[str, str]] = {}
            for kind, folders in (("pr", (doctrees, outdir)), ("pr-env", (doctrees,))):
                for folder in (doctrees, outdir):
                    if folder.exists():
                        shutil.rmtree(folder)
                for folder in folders:
                    shutil.copytree(cache / folder.name, folder, symlinks=True)
                for path in src.rglob("*"):
                    if path.is_file():
                        os.utime(path)  # a fresh checkout: every file is new
                info["restore"][kind] = ci.restore(src, doctrees, outdir)
                b = self.build("FULL", n, kind, tag="-pr")
                info[kind] = {"html": b.written_html, "identical": b.identical, "removed": b.removed}
                digests[kind] = _digests(outdir)
            self.build("FULL", n, "check", clean=True, tag="-pr-check", record=False)
            clean = _digests(self.dirs(n, "FULL", "-pr-check")[0])
            for kind, got in digests.items():
                info["stale"][kind] = {
                    "differ": sorted(p for p in got.keys() & clean.keys() if got[p] != clean[p]),
                    "only_incremental": sorted(got.keys() - clean.keys()),
                    "only_clean": sorted(clean.keys() - got.keys()),
                    "compared": len(got.keys() & clean.keys()),
                }
        finally:
            edit.revert()
        self.save(f"pull request N={n}")

    def weight(self, n: int) -> None:
        corp = self.corpus(n)
        plan = pick_essay(corp)
        full_out, _ = self.dirs(n, "FULL")
        base_out, _ = self.dirs(n, "BASE")
        page = f"{plan.docname}.html"
        if (full_out / page).exists() and (base_out / page).exists():
            self.results.weight = page_weight(full_out / page, base_out / page, full_out)
            # the heaviest page of the site: every page FULL wrote that BASE wrote too
            heaviest = self.results.weight
            for path in sorted(full_out.rglob("*.html")):
                rel = path.relative_to(full_out)
                if rel.parts[0].startswith("_") or not (base_out / rel).is_file():
                    continue
                w = page_weight(path, base_out / rel, full_out)
                if w["total_bytes"] > heaviest["total_bytes"] or w["extra_blocking"]:
                    heaviest = w
            self.results.weight["heaviest"] = {k: v for k, v in heaviest.items() if k != "heaviest"}
        self.save("page weight")

    def profile(self, n: int) -> None:
        corp = self.corpus(n)
        outdir, doctrees = self.dirs(n, "FULL", "-profile")
        for folder in (outdir, doctrees):
            if folder.exists():
                shutil.rmtree(folder)
        stats_file = self.workdir / f"profile-FULL-{n}.pstats"
        sphinx = sphinx_command(
            confdir=self.confdirs["FULL"], srcdir=Path(corp.srcdir), outdir=outdir, doctrees=doctrees
        )
        # `python -m cProfile -o FILE -m sphinx ...`
        cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *sphinx[1:]]
        t0 = time.perf_counter()
        logfile = self.workdir / "logs" / f"{n}-FULL-profile.log"
        with logfile.open("w") as out:
            subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=str(ROOT), check=False)
        wall = time.perf_counter() - t0
        if stats_file.exists():
            self.results.profile = {"essays": n, "wall_s": wall, "command": " ".join(_short(c) for c in cmd)}
            self.results.profile.update(profile_share(stats_file))
            log(f"  profile N={n}: Longform {self.results.profile['longform_share']:.1%} of {wall:.1f}s")
        self.save("profile")

    def parallel_profile(self, n: int) -> None:
        """A cProfile of the main process of a FULL ``-j 2`` build: what it does serially."""
        corp = self.corpus(n)
        outdir, doctrees = self.dirs(n, "FULL", "-j2-profile")
        for folder in (outdir, doctrees):
            if folder.exists():
                shutil.rmtree(folder)
        stats_file = self.workdir / f"profile-FULL-j2-{n}.pstats"
        sphinx = sphinx_command(
            confdir=self.confdirs["FULL"], srcdir=Path(corp.srcdir), outdir=outdir, doctrees=doctrees, jobs=2
        )
        cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *sphinx[1:]]
        t0 = time.perf_counter()
        with (self.workdir / "logs" / f"{n}-FULL-j2-profile.log").open("w") as out:
            subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=str(ROOT), check=False)
        wall = time.perf_counter() - t0
        if stats_file.exists():
            self.results.profile["parallel"] = {
                "essays": n,
                "wall_s": wall,
                "command": " ".join(_short(c) for c in cmd),
                "phases": parallel_phases(stats_file),
            }
            log(f"  -j 2 profile N={n}: {wall:.1f}s")
        self.save("-j 2 profile")

    def search(self, n: int) -> None:
        """One query, typed into the search box, on the FULL site (Pagefind) and on the same site with
        Sphinx's search (``longform_search = "sphinx"``), each served gzipped; and Pagefind's indexing time."""
        corp = self.corpus(n)
        word, essays = search_word(corp)
        run = len(self.results.meta.get("previous", []))
        outdir, _ = self.dirs(n, "FULL")
        done = [
            b
            for b in self.results.builds
            if b["essays"] == n and b["variant"] == "FULL" and b["kind"] == "clean" and b.get("run", 0) == run
        ]
        reused = bool(done) and (outdir / "_pagefind" / "pagefind-entry.json").is_file()
        full = done[-1]["wall"] if reused else self.build("FULL", n, "clean", clean=True).wall
        sphinx = self.build("SEARCH-SPHINX", n, "clean", clean=True)
        sphinx_out, _ = self.dirs(n, "SEARCH-SPHINX")
        index_s = time_pagefind(outdir)
        info: dict[str, Any] = {
            "word": word,
            "essays_with_word": essays,
            "full_build_s": full,
            "full_build_reused": reused,
            "sphinx_build_s": sphinx.wall,
            "pagefind_index_s": index_s,
            "pagefind_bundle_kib": sum(p.stat().st_size for p in (outdir / "_pagefind").rglob("*") if p.is_file())
            / 1024,
            "searchindex_kib": (sphinx_out / "searchindex.js").stat().st_size / 1024,
        }
        for engine, folder in (("pagefind", outdir), ("sphinx", sphinx_out)):
            info[engine] = measure_query(folder, word)
            q = info[engine]
            log(
                f"  search N={n} {engine:8} {word!r}: {q['bytes']:,} bytes, {q['requests']} requests, "
                f"{q['results']} results ({q['seconds']:.1f}s)"
            )
        if index_s is not None:
            log(f"  pagefind index N={n}: {index_s:.2f}s = {index_s / full:.1%} of the FULL build ({full:.1f}s)")
        self.results.search[str(n)] = info
        self.save(f"search N={n}")

    def growth(self, sizes: list[int]) -> None:
        """FULL at each size (the target), and BASE beside it: how much of any superlinear growth
        is Sphinx's and furo's own (the corpus has a topic per 40 essays, so the sidebar's list of
        topics grows with the site)."""
        for n in sizes:
            for variant in ("FULL", "BASE"):
                self.build(variant, n, "clean", clean=True)
                outdir, _ = self.dirs(n, variant)
                self.results.outputs[f"{n}:{variant}"] = output_stats(outdir)
            self.save(f"growth N={n}")

    def run(self, sections: tuple[str, ...] = SECTIONS) -> None:
        p = self.plan
        main_n = p.sizes[0]
        if "main" in sections:
            self.clean_builds(main_n, ["BASE", "FULL", "FURO", "ABLOG", "STAGS"])
            self.weight(main_n)
        if "incremental" in sections and main_n in p.incremental_at:
            self.incremental(main_n, ["FULL", "BASE"], ["ABLOG", "STAGS"])
        if "profile" in sections and p.profile_at:
            self.profile(p.profile_at)
        if "jprofile" in sections and p.profile_at:
            self.parallel_profile(p.profile_at)
        if "sizes" in sections:
            for n in p.sizes[1:]:
                self.clean_builds(n, ["BASE", "FULL"] + (["ABLOG", "STAGS"] if n in p.anchors_at else []))
                if n in p.incremental_at:
                    self.incremental(n, ["FULL", "BASE"], [], every=False)
        if "growth" in sections:
            self.growth([n for n in p.growth if n not in p.sizes])
        if "furo" in sections:
            for n in p.sizes[1:]:
                self.clean_builds(n, ["FURO"])
        if "parallel" in sections:
            for n in p.parallel_at:
                self.parallel_builds(n, ["FULL", "BASE"] if n == main_n else ["FULL"])
        if "pr" in sections:
            for n in p.pr_at:
                self.pull_request(n)
        if "search" in sections:
            for n in p.search_at:
                self.search(n)
        if "against" in sections and p.against:
            self.before_and_after(main_n)
        self.results.finished = True
        self.save("done")


def _ci_module() -> Any:
    """``.ci/sphinx_cache.py``, what CI runs around its cached build (not a package: loaded from its path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sphinx_cache", ROOT / ".ci" / "sphinx_cache.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _short(part: str) -> str:
    return part.replace(str(ROOT) + os.sep, "").replace(sys.executable, "python")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def make_plan(args: argparse.Namespace) -> Plan:
    if args.quick:
        plan = Plan(
            mode="quick",
            sizes=[300],
            growth=[],
            repeat=1,
            pairs=1,
            furo_repeat=1,
            anchors_at=[300],
            incremental_at=[300],
            parallel_at=[300],
            pr_at=[300],
            search_at=[300],
            profile_at=300,
            furo_timeout=900,
            seed=args.seed,
        )
    else:
        plan = Plan(
            mode="full",
            sizes=[300, 1000],
            growth=[500, 2000],
            repeat=3,
            pairs=2,
            furo_repeat=1,
            anchors_at=[300],
            incremental_at=[300, 1000],
            parallel_at=[300, 1000],
            pr_at=[1000],
            search_at=[300, 1000],
            profile_at=300,
            furo_timeout=900,
            seed=args.seed,
        )
    for name in ("sizes", "growth", "anchors_at", "incremental_at", "parallel_at", "pr_at", "search_at"):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, [int(x) for x in value.split(",") if x])
    for name in ("edits", "stale_check"):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, [x for x in value.split(",") if x])
    plan.against = args.against or ""
    for name in ("repeat", "pairs", "profile_at", "furo_timeout"):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, name, value)
    return plan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Longform benchmarks; writes BENCHMARKS.md.")
    parser.add_argument("--quick", action="store_true", help="N = 300 only, one run each (a few minutes)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--sizes", help="comma-separated corpus sizes; the first gets every comparison")
    parser.add_argument("--growth", help="comma-separated sizes of FULL-only growth builds")
    parser.add_argument("--anchors-at", dest="anchors_at", help="sizes at which ABlog/sphinx-tags repeat")
    parser.add_argument("--incremental-at", dest="incremental_at", help="sizes with incremental rebuilds")
    parser.add_argument("--parallel-at", dest="parallel_at", help="sizes with -j 2 clean builds")
    parser.add_argument("--pr-at", dest="pr_at", help="sizes with a pull request built from main's cache, as CI does")
    parser.add_argument("--search-at", dest="search_at", help="sizes at which one search query is measured")
    parser.add_argument("--repeat", type=int, help="clean builds per configuration (median)")
    parser.add_argument("--edits", help="incremental changes to measure: body,tag,title")
    parser.add_argument("--stale-check", dest="stale_check", help="changes checked against a clean build: tag,title")
    parser.add_argument("--pairs", type=int, help="edit/revert pairs per incremental change")
    parser.add_argument("--profile-at", dest="profile_at", type=int, help="N of the profiled FULL build (0: none)")
    parser.add_argument("--furo-timeout", dest="furo_timeout", type=float, help="stop a FURO build after S seconds")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=None, help="results as JSON (default: WORKDIR/results.json)")
    parser.add_argument(
        "--sections", help=f"which parts to run: {','.join(SECTIONS)} (quick: all but jprofile; full: all)"
    )
    parser.add_argument(
        "--against",
        help="a git revision whose Longform is built beside this one (BEFORE/AFTER, with BASE) at the first size",
    )
    parser.add_argument("--merge", type=Path, help="results JSON of an earlier run to keep and add to")
    args = parser.parse_args(argv)
    plan = make_plan(args)
    args.workdir = args.workdir.resolve()  # Sphinx runs conf.py from its own folder
    args.output = args.output.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    merge = None
    if args.merge:  # copied first: the results file of this run may be the same path
        merge = args.workdir / "merged-from.json"
        shutil.copyfile(args.merge, merge)
    runner = Runner(plan, args.workdir, args.output, args.json or args.workdir / "results.json", merge=merge)
    log(f"{plan.mode} run: sizes {plan.sizes}, growth {plan.growth}, repeat {plan.repeat}; work in {args.workdir}")
    if args.sections is None:
        sections = tuple(x for x in SECTIONS if not (args.quick and x == "jprofile"))
    else:
        sections = tuple(x for x in args.sections.split(",") if x)
    runner.run(sections)
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
