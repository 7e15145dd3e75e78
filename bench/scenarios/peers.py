"""The peers: Hugo and MkDocs Material's blog beside FULL, BASE and ABLOG, on the same essays, in one run.

At each size of ``plan.peers_at``, every system builds the same corpus (the peers from ``corpus.write_peer``'s
conversion of it): ``plan.repeat`` rounds of clean builds, the systems interleaved within each round (so a change
in the machine's load falls on all of them alike); then, from that output, a rebuild with nothing changed and,
``plan.pairs`` times, the body edit (:data:`edits.ADDED_SENTENCE` added to one essay) and its revert, each system
rebuilt after each.  Hugo and MkDocs have no incremental build: they build everything again, as their users do.
Last, the save → served loop of the peers' own development servers (``hugo server``, ``mkdocs serve``;
:mod:`serving`), ``plan.serve_edits`` saves each; Longform's own is :mod:`scenarios.devserver`'s.  Peak memory is
the largest resident size of the clean builds.
"""

from __future__ import annotations

import shutil
import socket
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import corpus as corpus_mod
import serving
from builds import PEERS, Build, log, measured, peer_env
from edits import ADDED_SENTENCE, body_edit, pick_essay

if TYPE_CHECKING:
    from run import Runner

#: The Sphinx configurations the peers are measured beside (run.VARIANTS), then the peers (builds.PEERS).
SPHINX = ["FULL", "BASE", "ABLOG"]
SYSTEMS = [*SPHINX, *PEERS]


def site(runner: Runner, n: int, name: str) -> Path:
    """The peer's site folder for the corpus of ``n`` essays (converted once per run)."""
    corp = runner.corpus(n)
    dest = Path(corp.srcdir).parent / PEERS[name].fmt
    if not dest.exists():
        corpus_mod.write_peer(Path(corp.srcdir), dest, PEERS[name].fmt)
    return dest


def peer_build(runner: Runner, n: int, name: str, kind: str, *, clean: bool = False, step: str = "") -> Build:
    """One build of the peer ``name`` (its own command, as a child process), recorded with the Sphinx builds."""
    peer = PEERS[name]
    folder = site(runner, n, name)
    out, _ = runner.dirs(n, name)
    if clean and out.exists():
        shutil.rmtree(out)
    logfile = runner.workdir / "logs" / f"{n}-{name}-{kind}-{len(runner.results.builds)}.log"
    wall, usage, returncode, timed_out = measured(
        peer.build_command(folder, out), log=logfile, cwd=folder, env=peer_env(), timeout=runner.plan.furo_timeout
    )
    if returncode != 0 or timed_out:
        tail = "\n".join(logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise SystemExit(f"{name} N={n} {kind} failed (exit {returncode}); {logfile}:\n{tail}")
    b = Build(
        variant=name,
        essays=n,
        kind=kind,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mib=usage.ru_maxrss / 1024,
        reread=0,
        written_html=[],
        written_other=[],
        removed=[],
        warnings=0,
        returncode=returncode,
        note=str(logfile.relative_to(runner.workdir)),
        step=step,
    )
    runner.results.builds.append({**asdict(b), "run": len(runner.results.meta.get("previous", []))})
    log(f"  {name:6} N={n:<5} {kind:9} {wall:8.2f}s  cpu {b.cpu:7.1f}s  rss {b.maxrss_mib:6.0f} MiB")
    return b


def build(runner: Runner, n: int, name: str, kind: str, *, clean: bool = False, step: str = "") -> Build:
    if name in PEERS:
        return peer_build(runner, n, name, kind, clean=clean, step=step)
    return runner.build(name, n, kind, clean=clean, step=step)


class BodyEdit:
    """The body edit made to one essay in every system's sources at once: the Sphinx corpus (and its sphinx-tags
    copy) gets the sentence, and each peer's copy of that essay is converted again from it."""

    def __init__(self, runner: Runner, n: int) -> None:
        corp = runner.corpus(n)
        self.plan = pick_essay(corp)
        root = Path(corp.srcdir).parent
        self.sources = [root / folder / f"{self.plan.docname}.md" for folder in ("docs", "docs-stags")]
        self.original = {path: path.read_text(encoding="utf-8") for path in self.sources}
        self.peers = {name: corpus_mod.peer_essay(site(runner, n, name), p.fmt, self.plan.docname) for name, p in
                      PEERS.items()}  # fmt: skip

    def _write(self, edited: bool) -> None:
        for path, text in self.original.items():
            path.write_text(body_edit(text) if edited else text, encoding="utf-8")
        text = self.sources[0].read_text(encoding="utf-8")
        slug = self.plan.docname.rsplit("/", 1)[-1]
        for name, path in self.peers.items():
            fmt = PEERS[name].fmt
            path.write_text(corpus_mod.hugo_essay(text) if fmt == "hugo" else corpus_mod.mkdocs_essay(text, slug),
                            encoding="utf-8")  # fmt: skip

    def apply(self) -> None:
        self._write(True)

    def revert(self) -> None:
        self._write(False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def served_loop(runner: Runner, n: int, name: str, edit: BodyEdit) -> dict[str, Any]:
    """``plan.serve_edits`` saves of the body edit (applied, reverted, …) in the peer's development server."""
    peer = PEERS[name]
    port = free_port()
    url = f"http://127.0.0.1:{port}{peer.page(edit.plan.docname, edit.plan.date)}"
    changes = []
    for i in range(runner.plan.serve_edits):
        if i % 2 == 0:
            changes.append((edit.apply, lambda text: ADDED_SENTENCE in text))
        else:
            changes.append((edit.revert, lambda text: ADDED_SENTENCE not in text))
    try:
        found = serving.served_after_saves(
            peer.serve_command(site(runner, n, name), port),
            cwd=site(runner, n, name),
            env=peer_env(),
            log=runner.workdir / "logs" / f"{n}-{name}-serve.log",
            url=url,
            ready=lambda text: ADDED_SENTENCE not in text,
            changes=changes,
        )
    finally:
        edit.revert()
    served = list(found["served_s"])  # type: ignore[call-overload]
    log(f"  {name:6} N={n:<5} served after save: median {statistics.median(served):.2f}s of {len(served)}")
    return {"url_path": url.split(str(port), 1)[1], **found}


def measure(runner: Runner, n: int) -> None:
    plan = runner.plan
    out: dict[str, Any] = {"systems": SYSTEMS, "repeat": plan.repeat, "pairs": plan.pairs, "rounds": []}
    runner.results.peers[str(n)] = out
    for name in PEERS:
        site(runner, n, name)
    for _ in range(plan.repeat):
        out["rounds"].append(runner.load())
        for name in SYSTEMS:
            build(runner, n, name, "clean", clean=True, step="peers")
    for name in SYSTEMS:
        build(runner, n, name, "noop", step="peers")
    edit = BodyEdit(runner, n)
    out["essay"] = edit.plan.docname
    for _ in range(plan.pairs):
        for step, action in (("apply", edit.apply), ("revert", edit.revert)):
            action()
            for name in SYSTEMS:
                build(runner, n, name, "body", step=f"peers-{step}")
    edit.revert()
    out["served"] = {}
    runner.save()  # the builds are kept if a development server fails below
    if plan.serve_edits:
        for name in PEERS:
            out["served"][name] = served_loop(runner, n, name, edit)
    out["load_end"] = runner.load()
    runner.save(f"peers N={n}")


def run(runner: Runner) -> None:
    """Section ``peers``: every size of ``plan.peers_at``."""
    for n in runner.plan.peers_at:
        measure(runner, n)
