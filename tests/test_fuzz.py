"""No traceback, ever: random essays built strictly, in a child process with bounded memory and time.

Each hypothesis example is a handful of random essays written into a copy of ``tests/roots/test-matrix``
(with the site's own ``conf.py``, as the hostile matrix builds it), plus one essay that is valid by
construction.  The copy is built by ``sphinx-build -W --keep-going -T`` in a child process whose address
space is capped at :data:`MEMORY_LIMIT` (``RLIMIT_AS``) and whose run is capped at :data:`BUILD_TIMEOUT`
seconds, so a memory bomb or a hang fails this test instead of the machine.  For every build:

* no traceback, ``Exception occurred``, ``MemoryError`` or ``RecursionError``, no death by a signal, no
  timeout, and Sphinx's own exit status is 0 or 1 (1: warnings, which ``-W`` turns into a failed build);
* every warning that names a fuzzed file carries a line (``essays/fz-3.md:12: WARNING: ...``), and every
  warning that names no file at all is one of :data:`UNLOCATED_OK` (each with the reason it is acceptable);
* the build finished, the valid essays' pages are written with their titles, and ``atom.xml`` parses with
  lxml and lists them.

The peak resident memory of the builds (``getrusage(RUSAGE_CHILDREN)``) is printed at the end of the run.

What is generated: front matter as YAML-ish token soup and as typed mappings dumped by PyYAML (text from
every Unicode category with noncharacters, controls, bidi and zero-width characters, escaped lone
surrogates, integers up to thousands of digits, floats with nan/inf, booleans, nulls, dates that exist and
dates that do not, lists, mappings, flow nesting thousands of levels deep), with the contract's keys and
random keys; MyST bodies made of the directives and roles of :mod:`longform.core.safety`'s allow-lists,
with each directive's own options (read from the registry of a Sphinx application set up like the site's)
and random values, nested fences, odd headings, links with random schemes and images.  A few essays are
written as bytes that are not UTF-8 (raw lone surrogates).

Bug classes that other parts of the project are fixing are kept out of the generated input while they
are open: :data:`KNOWN_OPEN` names each one and the reason; delete an entry once its fix is merged, and the
fuzzer generates that input again.

Run: ``nox -s fuzz`` (CI: fixed seed, ~3 minutes), or ``pytest -m fuzz tests/test_fuzz.py``;
``LONGFORM_FUZZ_EXAMPLES=2000`` for a long run, ``LONGFORM_FUZZ_SHRINK=1`` to let hypothesis shrink a
failure to a minimal essay (slower: each step is a build), ``LONGFORM_FUZZ_OPEN=1`` to generate the
:data:`KNOWN_OPEN` classes too.
"""

from __future__ import annotations

import functools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.fuzz

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "roots" / "test-matrix"

#: Examples (builds) per run: ~3 minutes on a 2-core machine. Raise it for long runs.
EXAMPLES = int(os.environ.get("LONGFORM_FUZZ_EXAMPLES") or "80")
#: Random essays per build (a Sphinx start is ~1 s: several essays share it).
ESSAYS_PER_BUILD = 6
#: The child's address space (RLIMIT_AS): a memory bomb is a MemoryError there, not an exhausted machine.
MEMORY_LIMIT = 1 << 30
#: Wall-clock seconds for one build of the matrix and a few essays (a normal one takes ~2 s).
BUILD_TIMEOUT = 90
#: The builds' "now": every essay dated before it is published (a later date is a scheduled essay).
NOW = "2026-06-01"

#: Bug classes being fixed elsewhere (see the module's docstring): generated only with LONGFORM_FUZZ_OPEN=1.
KNOWN_OPEN: dict[str, str] = {
    # Both are fixed (core.toctrees warns on a cycle; compat bounds Markdown nesting at 8 levels) and tested in
    # tests/test_hostile.py's red-team block; generating them again changes the seeded stream, which the next
    # session should run long (LONGFORM_FUZZ_OPEN=1) before deleting these two entries.
    "directive-nesting": "~200 nested ':::{note}' fences (now bounded: longform.out-of-range)",
    "toctree-cycle": "an essay's toctree listing /index or /** (now longform.toctree-cycle)",
}
#: Classes this fuzzer found on main that the merged fixes closed, now generated again (their switches stay
#: in the strategies: putting a name back in KNOWN_OPEN keeps that input out again): control-characters,
#: noncharacters, escaped-surrogates (Atom feed crashes), yaml-nesting (RecursionError), hlist-columns
#: (ZeroDivisionError/MemoryError), emphasize-lines (MemoryError), huge-numbers ('part': MemoryError in
#: series), folder-as-file (Sphinx's unlocated 'cannot copy image file'), octicon (class field injected into
#: the SVG: script ran).


def is_open(name: str) -> bool:
    """Whether the fuzzer should avoid generating input of the known-open class ``name``."""
    return name in KNOWN_OPEN and not os.environ.get("LONGFORM_FUZZ_OPEN")


# -- the directives' and roles' table, from a Sphinx application set up like the site ----------------


@dataclass(frozen=True)
class DirectiveSpec:
    name: str
    options: tuple[str, ...]
    arguments: int  # required + optional
    content: bool


@functools.cache
def directive_table() -> tuple[DirectiveSpec, ...]:
    """Every allowed directive with its options, as the registry of a set-up application has them."""
    import importlib

    from docutils.parsers.rst import directives
    from sphinx.testing.util import SphinxTestApp

    from longform.core.safety import DIRECTIVES

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "site"
        shutil.copytree(ROOT, src)
        app = SphinxTestApp("html", srcdir=src, status=None, warning=None)
        try:
            std = app.env.domains.standard_domain
            specs = []
            for name in sorted(DIRECTIVES):
                cls = directives._directives.get(name)
                if cls is None and name in directives._directive_registry:
                    module, attribute = directives._directive_registry[name]
                    cls = getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module}"), attribute)
                if cls is None:
                    cls = std.directive(name)
                assert cls is not None, f"allowed directive {name!r} is registered nowhere"
                specs.append(
                    DirectiveSpec(
                        name=name,
                        options=tuple(sorted(cls.option_spec or {})),
                        arguments=cls.required_arguments + cls.optional_arguments,
                        content=bool(cls.has_content),
                    )
                )
        finally:
            app.cleanup()
    return tuple(specs)


# -- text ---------------------------------------------------------------------------------------------

#: Characters that break things: noncharacters, C0/C1 controls, bidi overrides and isolates, zero-width,
#: line and paragraph separators, a BOM, combining marks, the last code point, emoji.
NASTY = (
    "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"
    "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x8d\x9b\x9f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e"
    "\u2028\u2029\r\t"
    "\u0301\u20dd\U0001f600\U0001f1fa\U0001f1f8\u0130\u0131\ufb01\u1e9e\uff41\u2126"
)
CONTROL = frozenset(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]) - {"\t", "\n"}
NONCHARACTERS = frozenset("\ufffe\uffff\ufdd0\U0001fffe\U0010ffff")

#: Lone surrogates (category Cs), noncharacters (Cn) and controls (Cc) come from NASTY; the rest from
#: every other category.
_any_char = st.characters(exclude_categories=("Cs",))


def _allowed(ch: str) -> bool:
    """Whether ``ch`` may be generated while the classes of :data:`KNOWN_OPEN` are open."""
    if is_open("control-characters") and ch in CONTROL:
        return False
    return not (is_open("noncharacters") and ch in NONCHARACTERS)


chars = st.one_of(_any_char, st.sampled_from(NASTY), st.sampled_from("abc xyz:-_#*`{}[]()<>!&'\"\\|/.,;=%$~^")).filter(
    _allowed
)
text = st.text(chars, max_size=40)
short = st.text(chars, min_size=1, max_size=12)
words = st.lists(st.sampled_from(["queues", "drift", "owners", "latency", "retries", "zanzibar"]), min_size=1).map(
    " ".join
)


def digits(low: int, high: int) -> st.SearchStrategy[str]:
    """A whole number written with between ``low`` and ``high`` digits (past Python's 4,300-digit limit)."""
    return st.integers(low, high).flatmap(lambda n: st.just("9" * n))


def huge_digits() -> st.SearchStrategy[str]:
    return digits(19, 40) if is_open("huge-numbers") else st.one_of(digits(19, 40), digits(4290, 6000))


NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    huge_digits(),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "-0", "+1", "1e309", "-1e309", "nan", "inf", "0x10", "1_000", "١٢", "½", "1.5", ""]),
)

URL_SCHEMES = ["http", "https", "mailto", "javascript", "JaVaScRiPt", "data", "vbscript", "file", "ftp", "tel", "x"]
url = st.one_of(
    st.builds(lambda s, r: f"{s}:{r}", st.sampled_from(URL_SCHEMES), st.text(chars, max_size=20)),
    st.sampled_from(
        [
            "https://example.org/a?b=c#d",
            "//evil.example/x",
            "\\\\host\\share",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "&#x6a;avascript:alert(1)",
            "%6Aavascript:alert(1)",
            "../../secret.txt",
            "/etc/passwd",
            "valid-one",
            "essays/valid-one",
            "#anchor",
            "figures/ok.svg",
            "figures/bad.png",
            "figures/none.png",
            "",
        ]
    ),
    text,
)

#: Folders of the fuzzed site: an image or download naming one is the open class "folder-as-file".
FOLDERS = frozenset({"", ".", "..", "figures", "essays", "tags", "notes", "paths", "topics", "series", "authors"})


def names_folder(value: str) -> bool:
    """Whether ``value``, read as a path, ends in one of :data:`FOLDERS` (or is empty) - also where Markdown
    cuts a link's target short (at ')', '>', '`', a blank)."""
    for cut in (value, *(value.split(stop)[0] for stop in (")", ">", "`", " ", "\t", "\n"))):
        path = cut.strip().split("#")[0].split("?")[0].replace("\\", "/")
        parts = [part for part in path.split("/") if part.strip()]
        if not parts or parts[-1].strip() in FOLDERS:
            return True
    return False


if is_open("folder-as-file"):
    url = url.filter(lambda value: not names_folder(value))

#: Values for options and arguments: numbers of every size and sign, quotes that try to leave an attribute,
#: URLs, paths, and random text.
VALUE = st.one_of(
    NUMBERS,
    url,
    text,
    st.sampled_from(
        [
            '"onload="alert(1)',
            "' onmouseover='alert(1)",
            '" onload="x',
            "<script>alert(1)</script>",
            "left",
            "center",
            "right",
            "auto",
            "100%",
            "50px",
            "-5em",
            "1 2 3",
            "1,2,3",
            "1-3",
            "3-1",
            "0-0",
            "1 1 1 1",
            "12 6 4 3",
            "sd-btn",
            "primary",
            "year",
            "month",
            "tag",
            "alpha",
            "s1",
            "note",
            "essay",
            "title",
            "date",
            "ref",
            "doc",
            "url",
        ]
    ),
)
if is_open("folder-as-file"):
    VALUE = VALUE.filter(lambda value: not names_folder(value))


# -- front matter ----------------------------------------------------------------------------------------


@functools.cache
def contract_keys() -> tuple[str, ...]:
    from longform.core import frontmatter

    return (*frontmatter.CONTRACT, *sorted(frontmatter.PAGE_KEYS), *sorted(frontmatter.PARSER_KEYS), "og:title")


key = st.one_of(st.deferred(lambda: st.sampled_from(contract_keys())), short)


class Digits(str):
    """A whole number given as its digits, dumped as a YAML int (PyYAML cannot write a 5,000-digit int)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Digits, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:int", str(value)))

DATES = st.one_of(
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-1-1", "26-01-01", "2026-02-29"]),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
)


def scalars() -> st.SearchStrategy[Any]:
    huge = st.one_of(
        huge_digits().map(Digits), huge_digits().map(lambda d: Digits("-" + d)), st.integers(-(2**70), 2**70)
    )
    return st.one_of(
        text,
        words,
        st.integers(-5, 10**6),
        huge,
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        DATES,
    )


def typed_front_matter() -> st.SearchStrategy[str]:
    """A random mapping of contract and random keys to typed values, dumped by PyYAML."""
    values = st.recursive(
        scalars(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(key, st.integers()), inner, max_size=4),
        max_leaves=12,
    )
    mapping = st.dictionaries(key, values, max_size=8)
    return st.builds(
        lambda data, flow, width: yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=width
        ),
        mapping,
        st.sampled_from([False, True, None]),
        st.sampled_from([80, 10, 100000]),
    )


def deep_nesting() -> st.SearchStrategy[str]:
    """A value nested hundreds to thousands of levels deep, written as text (flow or block style)."""
    depth = st.integers(20, 60) if is_open("yaml-nesting") else st.integers(20, 4000)
    return st.one_of(
        st.builds(lambda k, n: f"{k}: " + "[" * n + "]" * n, key, depth),
        st.builds(lambda k, n: f"{k}: " + "{a: " * n + "1" + "}" * n, key, depth),
        st.builds(lambda k, n: f"{k}: " + "[" * n, key, depth),  # never closed
        st.builds(lambda k, n: f"{k}:\n" + "".join(" " * i + "- \n" for i in range(min(n, 150))), key, depth),
    )


_YAML_TOKENS = (
    [
        ": ", ":", " ", "  ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "<<: *a", "? ", "| ", "> ", "|-", "'",
        '"', "# ", "!!python/object/apply:os.system ['x']", "!!binary aGk=", "!!timestamp ", "!!str ", "!!int ",
        "!!float ", "!!set ", "!!omap ", "!!merge ", "!x ", "%YAML 1.1", "%TAG ! tag:x,2000:", "...", "\t", "~",
        "null", "yes", "No", "on", ".inf", "-.inf", ".nan", "0x1F", "0o17", "0b101", "1e400", "1_000", "12:30:00",
        "2026-02-30", "2026-01-10", "2026-01-10T25:61:61Z", '"\\ud800"', '"\\udfff\\ud800"', '"\\x00\\x1b"',
        '"\\uffff"', '"\\U0010ffff"', '"\\N\\_\\L\\P"', '"\\u202e"', '"\\e"', "'it''s'",
    ]
)  # fmt: skip


def _token_allowed(token: str) -> bool:
    if is_open("escaped-surrogates") and re.search(r"\\u[dD][89abAB]", token):
        return False
    if is_open("control-characters") and re.search(r"\\(x[01]|x7|x8|x9|e|N|_)", token):
        return False
    return not (is_open("noncharacters") and re.search(r"\\(uffff|uFFFF|uFFFE|ufffe|U0010ffff)", token))


YAML_TOKENS = st.sampled_from([token for token in _YAML_TOKENS if _token_allowed(token)])


def yamlish_front_matter() -> st.SearchStrategy[str]:
    """YAML-ish text: lines of keys, indentation and token soup."""
    value = st.lists(st.one_of(YAML_TOKENS, text, NUMBERS, words), max_size=6).map("".join)
    line = st.builds(
        lambda indent, k, v: " " * indent + f"{k}: {v}",
        st.sampled_from([0, 0, 0, 1, 2, 4]),
        key,
        value,
    )
    return st.lists(st.one_of(line, value, deep_nesting()), min_size=0, max_size=8).map("\n".join)


def front_matter() -> st.SearchStrategy[str]:
    """A front-matter block (or none), with the required keys usually present so the body is read."""
    required = st.builds(
        lambda d, tags: f"date: {d}\ndescription: A fuzzed essay.\ntags: [{tags}]\n",
        st.sampled_from(["2026-02-01", "2026-05-31", "2026-07-01"]),
        st.sampled_from(["alpha", "alpha, beta", "gamma"]),
    )
    block = st.one_of(typed_front_matter(), yamlish_front_matter())
    return st.one_of(
        st.builds(lambda r, b: f"---\n{r}{b}\n---\n", required, block),
        st.builds(lambda b: f"---\n{b}\n---\n", block),
        st.builds(lambda r: f"---\n{r}---\n", required),
        st.builds(lambda b: f"---\n{b}\n", block),  # never closed
        st.just(""),
    )


# -- MyST bodies -------------------------------------------------------------------------------------


def role() -> st.SearchStrategy[str]:
    from longform.core.safety import ROLES

    names = sorted(ROLES - ({"octicon"} if is_open("octicon") else set()))
    content = st.one_of(
        text.map(lambda t: t.replace("`", "")),
        st.builds(lambda t, u: f"{t} <{u}>", words, url.map(lambda u: u.replace("`", ""))),
        st.builds(lambda a, b, c: f"{a};{b};{c}", st.sampled_from(["check", "x", "", "../x"]), VALUE, VALUE).map(
            lambda t: t.replace("`", "")
        ),
        st.sampled_from(["atom.xml", "notes.xml", "x.xml", "essays", "tags", "RFC 1", "0", "-1", "99999999999999999"]),
    )
    return st.builds(lambda name, c: f"{{{name}}}`{c}`", st.sampled_from(names), content)


def inline() -> st.SearchStrategy[str]:
    return st.lists(
        st.one_of(
            text,
            words,
            role(),
            st.builds(lambda t, u: f"[{t}]({u})", text, url),
            st.builds(lambda t, u: f"![{t}]({u})", text, url),
            st.builds(lambda u: f"<{u}>", url),
            st.builds(lambda t: f"*{t}* **{t}** `{t}`", short),
            st.sampled_from(["&#xD800;", "&#0;", "&#x110000;", "&#xFFFE;", "&amp;", "\\", "{#id}", "[^1]"]),
        ),
        min_size=1,
        max_size=6,
    ).map(" ".join)


def heading() -> st.SearchStrategy[str]:
    return st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), st.one_of(text, inline()))


def option_lines(spec: DirectiveSpec) -> st.SearchStrategy[list[str]]:
    options = [o for o in spec.options if not (is_open("emphasize-lines") and o == "emphasize-lines")]
    names = st.one_of(st.sampled_from(options), short) if options else short
    value = VALUE
    if spec.name == "hlist" and is_open("hlist-columns"):
        value = st.integers(1, 5).map(str)
    return st.lists(st.builds(lambda o, v: f":{o}: {v}".rstrip(), names, value), max_size=4)


#: Content shaped the way particular directives read it (random content is tried too).
SHAPED: dict[str, st.SearchStrategy[str]] = {
    "list-table": st.lists(st.lists(st.one_of(text, NUMBERS), max_size=4).map(lambda r: "* - " + "\n  - ".join(r))).map(
        "\n".join
    ),
    "reading-path": st.lists(
        st.one_of(
            st.sampled_from(["- essays/valid-one", "- essay: essays/valid-two\n  note: Then.", "- fz-0", "- ../x"]),
            text.map(lambda t: f"- {t}"),
        )
    ).map("\n".join),
    "toctree": st.lists(
        st.one_of(st.sampled_from(["valid-one", "self", "Ext <https://x.org>"]), url, text)
        if is_open("toctree-cycle")
        else st.one_of(
            st.sampled_from(["valid-one", "/essays/*", "self", "Ext <https://x.org>", "../index", "/**"]), url, text
        )
    ).map("\n".join),
    "glossary": st.lists(st.builds(lambda t, d: f"{t}\n   {d}", short, text)).map("\n".join),
    "hlist": st.lists(text.map(lambda t: f"- {t}")).map("\n".join),
    "tags": st.lists(st.one_of(st.sampled_from(["alpha", "beta", "nope"]), short)).map(", ".join),
    "math": st.one_of(text, st.sampled_from([r"\frac{a}{b}", r"\href{javascript:x}{y}", "\\", "{" * 50])),
}


def block(depth: int) -> st.SearchStrategy[str]:
    """One block of a MyST body; directives nest up to ``depth`` levels."""
    leaves = st.one_of(
        inline(),
        heading(),
        st.builds(lambda lang, t: f"```{lang}\n{t}\n```", st.sampled_from(["", "python", "nope", "{", "html"]), text),
        st.lists(inline(), min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
        inline().map(lambda t: f"> {t}"),
        st.just("---"),
        st.builds(lambda t, d: f"{t}\n: {d}", short, inline()),  # deflist
        st.builds(lambda k, v: f":{k}: {v}", short, inline()),  # fieldlist
        st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", short, short),
        st.builds(lambda t: f"[label]: {t}", url),
    )
    if depth <= 0:
        return leaves
    return st.one_of(directive(depth), leaves)


@st.composite
def directive(draw: st.DrawFn, depth: int) -> str:
    spec = draw(st.sampled_from(directive_table()))
    fence_char = draw(st.sampled_from(["`", ":"]))
    fence = fence_char * (3 + depth + draw(st.integers(0, 1)))
    if draw(st.integers(0, 19)) == 0:
        fence = fence_char * 3  # too short for what it holds: the nesting goes wrong
    arguments = draw(st.lists(VALUE, max_size=spec.arguments + 1)) if spec.arguments else []
    head = f"{fence}{{{spec.name}}} {' '.join(arguments)}".rstrip()
    options = draw(option_lines(spec))
    body: list[str] = []
    if spec.content or draw(st.booleans()):
        if spec.name in SHAPED and draw(st.booleans()):
            body.append(draw(SHAPED[spec.name]))
        else:
            body.extend(draw(st.lists(block(depth - 1), max_size=3)))
    closing = [] if draw(st.integers(0, 24)) == 0 else [fence]  # now and then never closed
    return "\n".join([head, *options, "", "\n\n".join(body), *closing])


# -- essays ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Essay:
    text: str
    raw_surrogate: bool = False  # written with errors="surrogatepass": not UTF-8

    def write(self, path: Path) -> None:
        path.write_bytes(self.text.encode("utf-8", "surrogatepass" if self.raw_surrogate else "strict"))


@st.composite
def _essays(draw: st.DrawFn) -> Essay:
    head = draw(front_matter())
    title = draw(st.one_of(heading().map(lambda h: "\n" + h), st.just("\n# A fuzzed essay"), st.just("")))
    body = draw(st.lists(block(draw(st.integers(1, 3))), min_size=1, max_size=6))
    if not is_open("directive-nesting") and draw(st.integers(0, 19)) == 0:
        depth = draw(st.integers(50, 400))
        names = draw(st.lists(st.sampled_from(["note", "container", "tip", "epigraph", "dropdown"]), min_size=1))
        opening = [":" * (3 + depth - i) + "{" + names[i % len(names)] + "}" for i in range(depth)]
        body.append("\n".join([*opening, "deep", *reversed([line.split("{")[0] for line in opening])]))
    text = "\n".join([head, title, "", "\n\n".join(body), ""])
    if draw(st.integers(0, 29)) == 0:
        at = draw(st.integers(0, len(text)))
        surrogate = draw(st.sampled_from(["\ud800", "\udfff", "\udc80"]))
        return Essay(text[:at] + surrogate + text[at:], raw_surrogate=True)
    return Essay(text)


def essays() -> st.SearchStrategy[Essay]:
    return _essays().filter(_open_classes_absent)


_HUGE_PART = re.compile(r"\bpart['\"]?\s*:\s*['\"]?\+?0*\d{8,}")


def _open_classes_absent(essay: Essay) -> bool:
    """Whether ``essay`` stays out of the open classes that a strategy cannot avoid by construction."""
    return not (is_open("huge-numbers") and _HUGE_PART.search(essay.text))


VALID = (
    "---\ndate: 2026-03-0{n}\ndescription: Valid by construction, number {n}.\ntags: [alpha]\n---\n\n"
    "# Valid fuzz {n} {marker}\n\nPlain words about zanzibar.\n"
)


# -- the build, in a child process ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    warnings: str
    outdir: Path
    seconds: float


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def make_site(base: Path) -> Path:
    """A copy of the matrix root with the site's conf.py and a figure folder (an image, a broken image)."""
    site = base / "site"
    shutil.copytree(ROOT, site)
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    (site / "conf.py").write_text(
        conf.replace('Path(__file__).parent / "extensions"', repr(str(REPO / "extensions"))), encoding="utf-8"
    )
    figures = site / "essays" / "figures"
    figures.mkdir()
    (figures / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n')
    (figures / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\xff" * 40)
    return site


def run_build(site: Path, out: Path) -> Outcome:
    """``sphinx-build -W --keep-going`` of ``site`` into ``out``, in a child with bounded memory and time."""
    import time

    warnfile = out.parent / "warnings.txt"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-T",  # the full traceback, if there is one
        "--no-color",  # warnings matched as text, whatever the environment (FORCE_COLOR)
        "-E",
        "-D",
        f"longform_now={NOW}",
        "-D",
        "longform_search=sphinx",  # Sphinx's index, not Pagefind's binary: the fuzzed side is Longform's
        "-w",
        str(warnfile),
        "-d",
        str(out.parent / "doctrees"),
        str(site),
        str(out),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0", "LONGFORM_BASE_URL": "https://fuzz.example/"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=BUILD_TIMEOUT,
            preexec_fn=_limit_memory,
            env=env,
            check=False,
        )
        code: int | None = done.returncode
        stdout, stderr = done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stdout, stderr = None, exc.stdout or b"", exc.stderr or b""
    warnings = warnfile.read_text(encoding="utf-8", errors="replace") if warnfile.exists() else ""
    return Outcome(
        returncode=code,
        stdout=stdout.decode("utf-8", "replace"),
        stderr=stderr.decode("utf-8", "replace"),
        warnings=warnings,
        outdir=out,
        seconds=time.monotonic() - started,
    )


#: One warning: "<where>[:<line>]: WARNING: ..." or "WARNING: ..." (no location at all).
_WARNING = re.compile(r"^(?:(?P<where>.*?)(?::(?P<line>\d*))?: )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): ")

#: Warnings Sphinx gives without a file, and why each is acceptable (the pattern is matched at the start
#: of the message).  None is.  Sphinx's unlocated warnings are of two kinds: about the configuration and the
#: theme (html_static_path, html_logo, html_favicon, the build-info file, css/js files) - no essay can cause
#: them, and the fuzzed site's conf.py is the site's; and about what a page named, found out while writing
#: ("cannot copy image file", "cannot copy downloadable file", "a Unicode error occurred when rendering the
#: page", "error writing file") - those are not acceptable: Longform must refuse the page's input earlier,
#: with its file and line.
UNLOCATED_OK: dict[str, str] = {}

#: A located warning may name ``<file>.md.rst``: Sphinx's code-block (":emphasize-lines:" out of range,
#: ":dedent:" stripping text) passes the source's path where Sphinx's logger expects a docname, and the
#: logger adds the first source suffix.  The file and line are still the right ones: accepted.
MISNAMED_OK = ".rst"


def parse_warnings(text: str) -> list[tuple[str | None, int | None, str]]:
    """(file, line, message) of each warning; lines that start no warning continue the one before."""
    found: list[tuple[str | None, int | None, str]] = []
    for raw in text.splitlines():
        match = _WARNING.match(raw)
        if match:
            line = int(match["line"]) if match["line"] else None
            found.append((match["where"], line, raw[match.end() :]))
        elif found:
            where, line, message = found[-1]
            found[-1] = (where, line, message + "\n" + raw)
        else:
            found.append((None, None, raw))
    return found


_CRASH = ("Traceback (most recent call last)", "Exception occurred", "MemoryError", "RecursionError")


_SCRIPT_URL = re.compile(r"\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


#: Script types a browser does not run: a data block (JSON-LD), read by crawlers, never executed.
_DATA_TYPES = ("application/ld+json", "application/json")


def _inert_data(element: Any) -> bool:
    """A ``<script type="application/ld+json">`` that is whole JSON: text in it (an essay's title holding
    ``alert(1)``) is data. Whole means the parser saw the element end where the JSON ends — a ``</script>``
    smuggled in the title would cut it, and the cut JSON does not parse."""
    if (element.get("type") or "").strip().lower() not in _DATA_TYPES:
        return False
    try:
        json.loads(element.text or "")
    except ValueError:
        return False
    return True


def script_in_pages(outdir: Path) -> list[str]:
    """Event-handler attributes (``onload=``…), script URLs, and ``<script>`` holding the fuzzer's ``alert(``
    or ``<iframe>``/``<object>``/``<embed>`` in any page: the matrix's pages have none, so each one came from
    a fuzzed essay and runs script in a reader's browser."""
    from lxml import etree, html

    found = []
    for page in sorted(outdir.rglob("*.html")):
        try:
            document = html.fromstring(page.read_bytes())
        except (ValueError, etree.ParserError):
            continue
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in ("iframe", "object", "embed") or (
                element.tag == "script" and "alert(" in (element.text or "") and not _inert_data(element)
            ):
                found.append(f"script in {page.relative_to(outdir).as_posix()}: a <{element.tag}> element")
            for attribute, value in element.attrib.items():
                name = attribute.lower()
                url = name in ("href", "src", "action", "xlink:href")
                if name.startswith("on") or (url and _SCRIPT_URL.match(value)):
                    shown = f"<{element.tag} {name}={value[:60]!r}>"
                    found.append(f"script in {page.relative_to(outdir).as_posix()}: {shown}")
    return found


def problems(outcome: Outcome, names: list[str], valid: dict[str, str]) -> list[str]:
    """Everything wrong with one build of the fuzzed ``names`` (files) and ``valid`` (docname -> marker)."""
    found: list[str] = []
    if outcome.returncode is None:
        found.append(f"the build did not finish in {BUILD_TIMEOUT} s")
    elif outcome.returncode < 0:
        found.append(f"the build was killed by signal {-outcome.returncode}")
    elif outcome.returncode not in (0, 1):
        found.append(f"sphinx-build exited with {outcome.returncode}")
    for marker in _CRASH:
        if marker in outcome.stderr or marker in outcome.stdout or marker in outcome.warnings:
            found.append(f"{marker!r} in the build's output")
    if found:  # Sphinx logs a crash's traceback as a warning too: the warnings are not worth reading
        return found
    for where, line, message in parse_warnings(outcome.warnings):
        first = message.splitlines()[0] if message else ""
        if where is None or not where.strip():
            if not any(first.startswith(pattern) for pattern in UNLOCATED_OK):
                found.append(f"unlocated warning: {first}")
        elif any(where.endswith(name) for name in names) and line is None:
            found.append(f"warning without a line: {where}: {first}")
        elif not Path(where).exists() and not (where.endswith(MISNAMED_OK) and Path(where[:-4]).exists()):
            found.append(f"warning names a file that does not exist: {where}: {first}")
    if found:
        return found
    if "build finished" not in outcome.stdout and "build succeeded" not in outcome.stdout:
        found.append("the build did not say it finished")
    from lxml import etree

    for docname, marker in valid.items():
        page = outcome.outdir / f"{docname}.html"
        if not page.is_file():
            found.append(f"the valid essay {docname} has no page")
        elif marker not in page.read_text(encoding="utf-8"):
            found.append(f"the valid essay {docname}'s page lacks its title")
    found.extend(script_in_pages(outcome.outdir))
    feed = outcome.outdir / "atom.xml"
    try:
        tree = etree.parse(str(feed), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        found.append(f"atom.xml does not parse: {exc}")
    else:
        links = {link.get("href", "") for link in tree.iter("{http://www.w3.org/2005/Atom}link")}
        for docname in valid:
            if not any(href.endswith(f"/{docname}.html") for href in links):
                found.append(f"atom.xml lists no entry for {docname}")
    return found


def describe(outcome: Outcome) -> str:
    """The end of the traceback (or of stderr), for the failure message."""
    tail = outcome.stderr.strip().splitlines()[-25:]
    return "\n".join(["--- stderr (end) ---", *tail, "--- warnings ---", outcome.warnings.strip()[-3000:]])


class Stats:
    builds = 0
    essays = 0
    seconds = 0.0


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB


@pytest.fixture(scope="module")
def stats(request):
    record = Stats()
    yield record
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and record.builds:
        with capture.global_and_fixture_disabled():  # shown on success too, not only as captured output
            reporter.write_line(
                f"\nfuzz: {record.builds} builds, {record.essays} random essays, "
                f"{record.seconds / record.builds:.1f} s per build, peak RSS of a build {peak_rss_mib():.0f} MiB "
                f"(limit {MEMORY_LIMIT >> 20} MiB)"
            )


def build_batch(batch: list[Essay], stats: Stats | None = None) -> tuple[list[str], Outcome, list[str]]:
    """Build the matrix with ``batch`` as ``essays/fz-<n>.md`` and one valid essay: (names, outcome, problems)."""
    with tempfile.TemporaryDirectory(prefix="longform-fuzz-") as tmp:
        base = Path(tmp)
        site = make_site(base)
        names = []
        for number, essay in enumerate(batch):
            name = f"essays/fz-{number}.md"
            essay.write(site / name)
            names.append(name)
        marker = f"M{len(batch)}x{sum(len(e.text) for e in batch)}"
        valid = {"essays/valid-one": "Valid one", "essays/valid-two": "Valid two", "essays/valid-three": "Valid three"}
        (site / "essays" / "zz-valid.md").write_text(VALID.format(n=1, marker=marker), encoding="utf-8")
        valid["essays/zz-valid"] = f"Valid fuzz 1 {marker}"
        outcome = run_build(site, base / "out" / "html")
        if stats is not None:
            stats.builds += 1
            stats.essays += len(batch)
            stats.seconds += outcome.seconds
        return names, outcome, problems(outcome, names, valid)


def check_batch(batch: list[Essay], stats: Stats | None = None) -> None:
    names, outcome, found = build_batch(batch, stats)
    assert peak_rss_mib() < MEMORY_LIMIT >> 20
    if not found:
        return
    report = [*found, describe(outcome)]
    if len(batch) > 1:
        # Which essay does it alone: a few more builds, and the report names the culprit (CI does not shrink).
        culprits = [essay for essay in batch if build_batch([essay])[2]]
        batch = culprits or batch
        report.append(f"--- {len(culprits)} of the {len(names)} essays fail alone; shown below ---")
    report.extend(f"=== essay {number} ===\n{essay.text!r}" for number, essay in enumerate(batch))
    pytest.fail("\n".join(report), pytrace=False)


def _phases() -> tuple[Phase, ...]:
    base = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
    return (*base, Phase.shrink) if os.environ.get("LONGFORM_FUZZ_SHRINK") else base


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=_phases(),
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
@given(batch=st.lists(essays(), min_size=1, max_size=ESSAYS_PER_BUILD))
def test_random_essays_never_crash_and_every_warning_is_located(stats, batch):
    check_batch(batch, stats)


def test_the_oracle_flags_crashes_and_unlocated_or_misnamed_warnings(tmp_path):
    """The oracle is not blind: each kind of bad outcome is flagged, and a located warning is not."""
    essay = tmp_path / "essays" / "fz-0.md"
    essay.parent.mkdir()
    essay.write_text("# x\n", encoding="utf-8")
    name = ["essays/fz-0.md"]

    def outcome(warnings: str, code: int | None = 1, stderr: str = "") -> Outcome:
        return Outcome(code, "build finished with problems", stderr, warnings, tmp_path / "out", 0.0)

    crash = outcome("", 2, "Traceback (most recent call last):\n  boom\nValueError: x")
    assert any("Traceback" in p for p in problems(crash, name, {}))
    assert any("did not finish" in p for p in problems(outcome("", None), name, {}))
    assert any("signal 9" in p for p in problems(outcome("", -9), name, {}))
    assert any(p.startswith("unlocated warning") for p in problems(outcome("WARNING: something\n"), name, {}))
    lineless = outcome(f"{essay}: WARNING: y [longform.z]\n")
    assert any(p.startswith("warning without a line") for p in problems(lineless, name, {}))
    elsewhere = outcome(f"{tmp_path}/essays/gone.md:3: WARNING: y\n")
    assert any(p.startswith("warning names a file that does not exist") for p in problems(elsewhere, name, {}))
    for located in (f"{essay}:3: WARNING: y [longform.z]\n", f"{essay}.rst:9: WARNING: line number spec\n"):
        assert not [p for p in problems(outcome(located), name, {}) if "warning" in p], located
    # a page with an event handler or a script URL is flagged (as the fuzzed octicon class was)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "p.html").write_text('<p><svg class="x" onload="alert(1)"></svg><a href=" javascript:x">a</a>')
    assert len(script_in_pages(tmp_path / "out")) == 2
    (tmp_path / "out" / "p.html").write_text("<p><script>alert(1)</script><iframe src=x></iframe></p>")
    assert len(script_in_pages(tmp_path / "out")) == 2
    # JSON-LD holding a title with alert( is data; cut short by a smuggled </script>, or typed as script, it is not
    data = '<script type="application/ld+json">{"headline": "\\u003c alert(1)"}</script>'
    (tmp_path / "out" / "p.html").write_text(data)
    assert script_in_pages(tmp_path / "out") == []
    cut = '<script type="application/ld+json">{"headline": "</script><script>alert(1)</script>"}</script>'
    (tmp_path / "out" / "p.html").write_text(cut)
    assert len(script_in_pages(tmp_path / "out")) == 1
    (tmp_path / "out" / "p.html").write_text('<script type="module">"alert(1)"</script>')
    assert len(script_in_pages(tmp_path / "out")) == 1
    (tmp_path / "out" / "p.html").write_text('<p class="onload"><a href="https://x.org/javascript:x">a</a></p>')
    assert script_in_pages(tmp_path / "out") == []
    (tmp_path / "out" / "p.html").unlink()
    # no page and no feed in an empty output folder: both are flagged
    missing = problems(outcome(""), name, {"essays/zz-valid": "Valid"})
    assert any("has no page" in p for p in missing) and any("atom.xml does not parse" in p for p in missing)


def test_the_open_classes_filters_recognise_their_inputs():
    assert all(names_folder(v) for v in ("", " ", ".", "..", "figures", "figures/", "../essays", "./#x", ")c_:"))
    assert not any(names_folder(v) for v in ("figures/ok.svg", "https://example.org/a", "mailto:x@y.z"))
    assert _HUGE_PART.search("series: s1\npart: 999999999999\n")
    assert _HUGE_PART.search("{part: '123456789012'}")
    assert not _HUGE_PART.search("part: 12\n")


def test_a_memory_bomb_in_the_child_is_a_failed_build_not_an_exhausted_machine(tmp_path):
    """The rlimit holds: a child that asks for more than MEMORY_LIMIT gets a MemoryError."""
    done = subprocess.run(
        [sys.executable, "-c", "x = bytearray(2 << 30)"],
        capture_output=True,
        timeout=60,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert done.returncode != 0 and b"MemoryError" in done.stderr
