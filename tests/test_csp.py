"""Wall 3: the Content-Security-Policy every page carries, and maths rendered to MathML at build time.

A small site (``tests/roots/test-basic``, an essay with maths, a script registered by ``conf.py``, the
404 page of sphinx-notfound-page) is built once per theme.  Every written page is read back: the policy
is in ``<head>`` before the first ``<script>``, each inline script on the page is allowed by one of its
hashes (computed here, as browsers do), and script-src has no ``'unsafe-inline'``.  The browser's side
(Chromium refusing a planted handler) is ``tests/browser/test_csp.py``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from proofkit import build

ROOT = Path(__file__).resolve().parent / "roots" / "test-basic"
THEMES = ("furo", "alabaster", "pydata_sphinx_theme", "sphinx_rtd_theme")
REGISTERED = "window.longformRegistered = 1;"

MATHS = r"""---
date: 2026-06-02
description: Maths of every kind.
tags: [Tests]
---

# Maths

Inline {math}`e^{i\pi} + 1 = 0` and $a^2 + b^2 = c^2$ in text, and {math}`\text{<b>PWN-text</b>} x`.

```{math}
:label: gauss

\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}
```

See {eq}`gauss`.

```{math}
:nowrap:

\begin{align} a &= b \\ c &= d \end{align}
```

```{math}
a &= b \\
c &= d
```

This one cannot be converted: {math}`\frac{PWN-brace`.
"""

CONF = """
extensions = ["myst_parser", "longform", "notfound.extension"]
html_theme = {theme!r}
myst_disable_syntax = ["html_block", "html_inline"]
myst_enable_extensions = ["dollarmath"]
suppress_warnings = ["longform.no-baseurl"]
longform_search = "sphinx"
{extra}

def setup(app):
    app.add_js_file(None, body={registered!r})
"""


def sha256_source(text: str) -> str:
    """What a browser compares: base64 of the SHA-256 of the script's UTF-8 text (written here, not imported)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_the_hash_is_the_one_the_csp_spec_gives():
    from longform.site import csp

    # CSP Level 3, "hash-source" example.
    assert csp.source_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert sha256_source("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def make_site(tmp: Path, theme: str = "furo", extra: str = "") -> Path:
    site = tmp / "site"
    shutil.copytree(ROOT, site)
    (site / "essays" / "maths.md").write_text(MATHS, encoding="utf-8")
    (site / "conf.py").write_text(CONF.format(theme=theme, extra=extra, registered=REGISTERED), encoding="utf-8")
    return site


@pytest.fixture(scope="module", params=THEMES)
def themed(request, tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp(request.param), request.param)
    return request.param, build(site, freshenv=True)


@pytest.fixture(scope="module")
def furo_site(tmp_path_factory):
    return build(make_site(tmp_path_factory.mktemp("furo-only"), extra='longform_search = "pagefind"'), freshenv=True)


def pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, f"{len(metas)} policies"
    out = {}
    for directive in metas[0]["content"].split(";"):
        name, *sources = directive.split()
        out[name] = sources
    return out


def test_every_page_has_the_policy_first_and_every_inline_script_is_hashed(themed):
    theme, built = themed
    # The one bad formula is the only warning: the policy, the MathML and every script pass the output contract.
    ours = [w for w in built.warnings.splitlines() if "[longform." in w]
    assert len(ours) == 1 and ours[0].endswith("[longform.math]"), ours
    written = pages(built.outdir)
    names = {p.relative_to(built.outdir).as_posix() for p in written}
    # Source pages, generated pages (tag index and tag page) and the 404 page all carry it.
    assert {"index.html", "essays/maths.html", "tags/index.html", "tags/testing.html", "404.html"} <= names, names
    for path in written:
        text = path.read_text(encoding="utf-8")
        where = f"{theme}: {path.relative_to(built.outdir)}"
        soup = BeautifulSoup(text, "html.parser")
        policy = policy_of(soup)
        meta = text.index('http-equiv="Content-Security-Policy"')
        assert meta < text.find("<script") or "<script" not in text, f"{where}: a script comes before the policy"
        assert meta < text.index("</head>"), where
        script_src = policy["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-hashes'" not in script_src, where
        assert "'self'" in script_src and "*" not in script_src, where
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], where
        # What a browser runs: a classic or module script. A data block (JSON-LD) is never run and needs no hash.
        runs = (None, "", "text/javascript", "application/javascript", "module")
        inline = [s.string or "" for s in soup.find_all("script") if not s.get("src") and s.get("type") in runs]
        for body in inline:
            assert sha256_source(body) in script_src, f"{where}: inline script not allowed: {body[:80]!r}"
        if path.name == "maths.html":
            assert any(body == REGISTERED for body in inline), f"{where}: conf.py's script is not on the page"


def test_the_policy_comes_from_the_templates_and_the_registered_scripts_not_from_a_page(furo_site):
    built = furo_site
    # furo's templates hold no script with Jinja: one policy for the whole site, whatever each page holds.
    policies = {
        p.relative_to(built.outdir).as_posix(): policy_of(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser"))
        for p in pages(built.outdir)
    }
    search = policies.pop("search.html")
    assert len({str(p) for p in policies.values()}) == 1, "pages of one furo site differ in their policy"
    script_src = policies["index.html"]["script-src"]
    # Pagefind compiles WebAssembly on the search page, and only there.
    assert search["script-src"] == ["'self'", "'wasm-unsafe-eval'", *script_src[1:]]
    assert "'wasm-unsafe-eval'" not in script_src
    # furo's theme script in <body>, written as it is in furo's base.html, and the one conf.py registers.
    furo = '\n      document.body.dataset.theme = localStorage.getItem("theme") || "auto";\n    '
    assert sha256_source(furo) in script_src
    assert sha256_source(REGISTERED) in script_src


def test_maths_is_mathml_with_no_mathjax_and_a_formula_that_cannot_be_converted_warns_once(furo_site):
    built = furo_site
    page = (built.outdir / "essays" / "maths.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("math", attrs={"display": "inline"}) is not None
    blocks = soup.find_all("math", attrs={"display": "block"})
    assert len(blocks) >= 3, page
    scripts = soup.find_all("script")
    assert not [s for s in scripts if "mathjax" in (s.get("src", "") + (s.string or "")).lower()]
    assert all(not s.get("src") or s["src"].startswith("../_static/") for s in scripts)
    # The labelled equation is numbered, has one element with its id, and {eq} links to it.
    assert len(soup.find_all(id="equation-gauss")) == 1
    # The permalink (its "¶" drawn by the stylesheet on an essay, named by its title) and the {eq} reference.
    links = soup.find_all("a", href="#equation-gauss")
    assert [a.get_text() for a in links] == ["", "(1)"] and links[0]["aria-label"] == "Link to this equation"
    # The \\ lines of a display formula are rows of a table; :nowrap:'s align too.
    assert len(soup.find_all("mtr")) >= 4
    # \text{<b>…</b>} is text inside the formula, never markup.
    assert soup.find("b") is None or "PWN-text" not in soup.find("b").get_text()
    assert "&lt;b&gt;PWN-text&lt;/b&gt;" in page
    for element in soup.find_all(re.compile(r"^m")):
        assert not [a for a in element.attrs if a in ("href", "style", "class", "id") or a.startswith("on")], element
    # The unconvertible formula: one located warning, and its TeX shown as code.
    line = MATHS.splitlines().index("This one cannot be converted: {math}`\\frac{PWN-brace`.") + 1
    ours = [w for w in built.warnings.splitlines() if "[longform." in w]
    assert len(ours) == 1, ours
    assert f"essays/maths.md:{line}: WARNING: maths '\\frac{{PWN-brace' is shown as TeX" in ours[0]
    assert ours[0].endswith("[longform.math]")
    assert soup.find("code", class_="longform-math-tex").get_text() == "\\frac{PWN-brace"


def test_longform_csp_false_leaves_the_policy_out(tmp_path):
    built = build(make_site(tmp_path, extra="longform_csp = False"), freshenv=True)
    for path in pages(built.outdir):
        assert "Content-Security-Policy" not in path.read_text(encoding="utf-8"), path


def test_a_maintainers_hosts_may_serve_images_and_media_never_scripts(tmp_path):
    extra = 'longform_allow = {"hosts": ["images.example.org", "Media.Example.com:8443", "evil.org; script-src *"]}'
    built = build(make_site(tmp_path, extra=extra), freshenv=True)
    policy = policy_of(BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser"))
    assert policy["img-src"] == ["'self'", "data:", "https://images.example.org", "https://media.example.com:8443"]
    assert policy["media-src"] == ["'self'", "https://images.example.org", "https://media.example.com:8443"]
    assert not [s for s in policy["script-src"] if "example" in s or "evil" in s]
    assert "evil.org" not in str(policy)
    warnings = [w for w in built.warnings.splitlines() if "[longform.config]" in w]
    line = (built.srcdir / "conf.py").read_text(encoding="utf-8").splitlines().index(extra) + 1
    assert len(warnings) == 1 and "'evil.org; script-src *'" in warnings[0], warnings
    assert f"conf.py:{line}: WARNING:" in warnings[0], warnings


@pytest.mark.parametrize(
    ("tex", "absent"),
    [
        (r"\text{<script>alert(1)</script>}", "<script"),
        (r"\href{javascript:alert(1)}{x}", "href"),
        (r"\style{color:red}{x}", "style="),
        (r"\text{&amp; <img src=x onerror=alert(1)>}", "<img"),
    ],
)
def test_mathml_carries_no_markup_links_or_styles_from_the_tex(tex, absent):
    from longform.site import maths

    out = maths.mathml(tex, block=True)
    assert out.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    assert absent not in out
    BeautifulSoup(out, "html.parser")  # well formed enough to parse


def test_align_rows_are_not_numbered_by_the_converter_sphinx_numbers_equations():
    from longform.site import maths

    out = maths.mathml(r"\begin{align} a &= b \\ c &= d \end{align}", block=True)
    assert out.count("<mtr>") == 2 and "(1)" not in out and "(2)" not in out


@pytest.mark.parametrize(
    ("tex", "says"),
    [
        (r"\frac{a", "missing a part"),
        (r"x^{", "cannot convert"),
        (r"\nosuchcommand x", r"'\nosuchcommand'"),
        (r"\begin{aligned} a &= b \end{aligned}", "split"),
        (r"\newcommand{\a}{\b\b}\a", "macro"),
        (r"\begin{gather} a \\ b \end{gather}", "line break"),
        ("{" * 5000 + "x" + "}" * 5000, "cannot convert"),
        ("x" * 30_000, "over 20,000"),
    ],
)
def test_a_formula_that_cannot_be_converted_says_what_to_change(tex, says):
    from longform.site import maths

    with pytest.raises(maths.UnconvertibleError, match=re.escape(says)):
        maths.mathml(tex, block=False)


def test_redirect_pages_carry_a_policy_that_allows_only_their_own_script(tmp_path):
    extra = 'extensions.append("sphinx_reredirects")\nredirects = {"essays/moved": "/essays/plain.html"}'
    built = build(make_site(tmp_path, extra=extra), freshenv=True)
    assert [w for w in built.warnings.splitlines() if "[longform." in w and "[longform.math]" not in w] == []
    text = (built.outdir / "essays" / "moved.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    policy = policy_of(soup)
    assert policy["default-src"] == ["'none'"] and "'unsafe-inline'" not in policy["script-src"]
    assert text.index("Content-Security-Policy") < text.index("<script")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and policy["script-src"] == [sha256_source(scripts[0].string)]
    target = soup.find("link", rel="canonical")["href"]  # sphinx-reredirects makes it relative to the page
    assert target.endswith("essays/plain.html") and (built.outdir / "essays" / target).resolve().is_file()
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"


def test_a_template_script_with_jinja_is_allowed_only_when_no_page_content_goes_into_it(tmp_path):
    site = make_site(tmp_path, extra='templates_path = ["_templates"]\nproject = "Site-Name"')
    (site / "_templates").mkdir()
    (site / "_templates" / "base.html").write_text(
        '{% extends "!base.html" %}{% block extrahead %}{{ super() }}'
        '<script>var site = "{{ project }}";</script>'
        '<script>var page = "{{ title|striptags }}";</script>{% endblock %}',
        encoding="utf-8",
    )
    built = build(site, freshenv=True)
    soup = BeautifulSoup((built.outdir / "essays" / "maths.html").read_text(encoding="utf-8"), "html.parser")
    script_src = policy_of(soup)["script-src"]
    bodies = [s.string for s in soup.find_all("script") if not s.get("src")]
    assert 'var site = "Site-Name";' in bodies and 'var page = "Maths";' in bodies, bodies
    assert sha256_source('var site = "Site-Name";') in script_src
    assert sha256_source('var page = "Maths";') not in script_src  # a page's title is the page's, not the theme's


def test_a_script_from_another_host_is_one_warning_at_the_line_that_loads_it(tmp_path):
    js_line = 'html_js_files = ["https://cdn.example.org/x.js"]'
    math_line = 'html_math_renderer = "mathjax"'
    built = build(make_site(tmp_path, extra=f"{js_line}\n{math_line}"), freshenv=True)
    conf = (built.srcdir / "conf.py").read_text(encoding="utf-8").splitlines()
    warnings = sorted(w for w in built.warnings.splitlines() if "[longform.csp]" in w)
    assert len(warnings) == 2, warnings
    mathjax, js = warnings if "mathjax" in warnings[0] else warnings[::-1]
    assert f"conf.py:{conf.index(js_line) + 1}: WARNING:" in js
    assert "'https://cdn.example.org/x.js' comes from another host" in js
    assert f"conf.py:{conf.index(math_line) + 1}: WARNING:" in mathjax
    assert "cdn.jsdelivr.net/npm/mathjax" in mathjax
