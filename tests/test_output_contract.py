"""Wall 2, the output contract (``longform.site.contract``): every rule tried on crafted pages, SVG files, copied
files and feeds (one passing and one failing case each), then end to end: a site where something is planted past
wall 1 on purpose fails its strict build with located ``longform.unsafe-output`` warnings, and the real site and
the example site pass with none."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import proofkit as kit
import pytest

from longform.site.contract import Rules, check_copied, check_feed, check_page, check_svg, csp_hash

REPO = Path(__file__).resolve().parent.parent
MATRIX = Path(__file__).resolve().parent / "roots" / "test-matrix"
RULES = Rules(hosts=frozenset({"site.example"}), own=frozenset({"site.example"}))


def page(body: str = "", *, head: str = "", chrome: str = "") -> str:
    """A themed page: ``body`` inside the content (``<article role="main">``), ``chrome`` around it."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>{head}</head>'
        f'<body><nav><a href="index.html">Home</a></nav>{chrome}<article role="main">{body}</article>'
        "<footer>f</footer></body></html>"
    )


def kinds(html: str, rules: Rules = RULES, **options: str | bool) -> set[str]:
    return {finding.kind for finding in check_page(html, rules, **options)}


# -- HTML pages: each rule, failing and passing ----------------------------------------------------------------

FAILING = {
    # event handlers, in HTML, SVG and MathML
    "img-onerror": ("<img src=x onerror=alert(1)>", "handler"),
    "svg-onload": ('<svg viewBox="0 0 1 1" onload="alert(1)"><path d="M0 0"/></svg>', "handler"),
    "svg-child-onclick": ("<svg><g><circle r=1 OnClick=alert(1) /></g></svg>", "handler"),
    "mathml-onclick": ("<math><mrow><mi onclick=alert(1)>x</mi></mrow></math>", "handler"),
    # elements off the list or refused anywhere
    "iframe": ('<iframe src="https://site.example/x"></iframe>', "element"),
    "object": ('<object data="x.swf"></object>', "element"),
    "embed": ('<embed src="x.swf">', "element"),
    "base": ('<base href="https://evil.example/">', "element"),
    "foreign-object": ("<svg><foreignObject><div>x</div></foreignObject></svg>", "element"),
    "svg-script": ("<svg><script>alert(1)</script></svg>", "element"),
    "svg-animate-href": ('<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>', "element"),
    "svg-set-xlink": ('<svg><a><set attributeName="xlink:href" to="https://evil.example"/></a></svg>', "element"),
    "unknown-element": ("<marquee>hi</marquee>", "element"),
    "custom-element": ("<evil-widget>hi</evil-widget>", "element"),
    "template": ("<template><script>alert(1)</script></template>", "element"),
    "maction": ("<math><maction actiontype=statusline><mi>x</mi></maction></math>", "element"),
    "meta-in-content": ('<meta name="x" content="y">', "element"),
    "link-in-content": ('<link rel="stylesheet" href="x.css">', "element"),
    "style-in-content": ("<style>p { color: red }</style>", "element"),
    "svg-style-in-content": ("<svg><style>p { color: red }</style></svg>", "element"),
    "noscript-early-close": ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "element"),
    # attributes
    "srcdoc": ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "attribute"),
    "formaction": ('<form><button formaction="https://evil.example">Go</button></form>', "attribute"),
    "style-url": ("<p style=\"background: url('https://evil.example/x.png')\">x</p>", "attribute"),
    "style-escaped-url": ('<p style="background: u\\72 l(https://evil.example/x)">x</p>', "attribute"),
    "style-comment-url": ('<p style="background: u/**/rl(x.png)">x</p>', "attribute"),
    "style-expression": ('<p style="width: expression(alert(1))">x</p>', "attribute"),
    "style-javascript": ('<p style="behavior: url(javascript:alert(1))">x</p>', "attribute"),
    "target-named": ('<a href="https://example.org/" target="evilwindow">x</a>', "attribute"),
    "rel-opener": ('<a href="https://example.org/" rel="opener">x</a>', "attribute"),
    "rel-unknown": ('<a href="https://example.org/" rel="nofollow pingback">x</a>', "attribute"),
    # URL schemes, however they are written
    "javascript": ('<a href="javascript:alert(1)">x</a>', "url"),
    "javascript-mixed-case": ('<a href="JaVaScRiPt:alert(1)">x</a>', "url"),
    "javascript-leading-space": ('<a href=" javascript:x">x</a>', "url"),
    "javascript-hex-entity": ('<a href="&#x6A;avascript:alert(1)">x</a>', "url"),
    "javascript-decimal-entities": ('<a href="&#106;&#97;vascript&colon;alert(1)">x</a>', "url"),
    "javascript-tab": ('<a href="java&#9;script:alert(1)">x</a>', "url"),
    "javascript-newline": ('<a href="jav&#10;ascript:alert(1)">x</a>', "url"),
    "javascript-control-prefix": ('<a href="&#1;javascript:alert(1)">x</a>', "url"),
    "vbscript": ('<a href="vbscript:msgbox(1)">x</a>', "url"),
    "data-html-link": ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "url"),
    "data-svg-img": ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">', "url"),
    "data-in-srcset": ('<img src="a.png" srcset="data:image/png;base64,AAAA 2x" alt="">', "url"),
    "svg-xlink-javascript": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "url"),
    "mathml-href-javascript": ('<math><mi href="javascript:alert(1)">x</mi></math>', "url"),
    "form-action-javascript": ('<form action="javascript:alert(1)"><input name=q></form>', "url"),
    # fetches from another origin
    "img-protocol-relative": ('<img src="//evil.example/x.png" alt="">', "request"),
    "img-backslashes": ('<img src="\\\\evil.example/x.png" alt="">', "request"),
    "img-other-host": ('<img src="https://evil.example/x.png" alt="">', "request"),
    "img-https-no-slashes": ('<img src="https:evil.example/x.png" alt="">', "request"),
    "srcset-second-candidate": ('<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x" alt="">', "request"),
    "script-src-other-host": ('<script src="https://evil.example/x.js"></script>', "request"),
    "video-poster": ('<video src="v.mp4" poster="https://evil.example/p.png"></video>', "request"),
    "svg-use-external": ('<svg><use href="https://evil.example/sprite.svg#a"/></svg>', "request"),
    "input-image": ('<form><input type="image" src="https://evil.example/x.png" alt="Go"></form>', "request"),
    "ping": ('<a href="x.html" ping="https://evil.example/track">x</a>', "request"),
    "svg-fill-external": ('<svg><rect fill="url(https://evil.example/p.svg#g)"/></svg>', "request"),
    # scripts inside the content, on a page without a Content-Security-Policy
    "inline-script": ("<script>alert(1)</script>", "script"),
    "inline-module": ('<script type="module">import("https://evil.example/x.js")</script>', "script"),
}

PASSING = {
    "text": "<p>Some <em>text</em>, <code>code</code> and a <a href='https://example.org/x'>link</a>.</p>",
    "relative-link": '<a href="../tags/go.html#top">Go</a> <a href="?q=1">q</a> <a href="mailto:a@example.org">m</a>',
    "target-blank": '<a href="https://example.org/" target="_BLANK" rel="noopener noreferrer">x</a>',
    "rel-listed": '<a href="next.html" rel="next">n</a><a href="https://example.org" rel="nofollow ugc">u</a>',
    "img-relative": '<img src="../_images/a.png" srcset="../_images/a.png 1x, ../_images/a@2x.png 2x" alt="a">',
    "img-own-host": '<img src="https://site.example/_images/a.png" alt="a">',
    "img-data-png": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    "figure": '<figure><img src="a.png" alt="a"><figcaption>A <abbr title="x">X</abbr></figcaption></figure>',
    "table": "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    "svg-icon": '<svg viewBox="0 0 24 24" style="display: none"><symbol id="i"><path d="M0 0"/></symbol>'
    '<use href="#i"/><linearGradient id="g"><stop offset="0"/></linearGradient><rect fill="url(#g)"/></svg>',
    "svg-animate-opacity": '<svg><rect><animate attributeName="opacity" from="0" to="1" dur="1s"/></rect></svg>',
    "mathml": "<math><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>"
    '<semantics><annotation encoding="application/x-tex">x^2</annotation></semantics></math>',
    "style-plain": '<p style="color: red; width: 50%">x</p><col style="width: 30%">',
    "json-data-block": '<script type="application/json">{"a": 1}</script>',
    "search-form": '<form class="sidebar-search" action="../search.html" method="get"><input name="q"></form>',
    "noscript-plain": "<noscript><p>Turn on JavaScript to search.</p></noscript>",
    "details": "<details><summary>More</summary><p>Text</p></details>",
}


@pytest.mark.parametrize("name", sorted(FAILING))
def test_a_page_breaking_a_rule_is_a_finding_of_its_kind(name):
    body, kind = FAILING[name]
    assert kind in kinds(page(body)), check_page(page(body), RULES)


@pytest.mark.parametrize("name", sorted(PASSING))
def test_a_page_within_the_rules_has_no_finding(name):
    assert check_page(page(PASSING[name]), RULES) == []


def test_the_head_and_the_theme_chrome_may_carry_what_the_content_may_not():
    head = (
        '<link rel="stylesheet" href="_static/furo.css"><link rel="canonical" href="https://other.example/x.html">'
        '<link rel="shortcut icon" href="_static/favicon.svg"><style>:root { --x: 1px }</style>'
        "<script>document.documentElement.dataset.mode = 'auto'</script>"
        '<style>.icon { background: url("data:image/svg+xml;charset=utf-8,<svg/>") }</style>'
    )
    chrome = "<script>document.body.dataset.theme = localStorage.getItem('theme')</script><meta itemprop=x content=y>"
    assert check_page(page("<p>x</p>", head=head, chrome=chrome), RULES) == []
    # ... and a page rendered without a body (the search page) is all chrome
    assert check_page(page("<script>Search.init()</script>"), RULES, content="nothing") == []


def test_the_head_is_checked_too():
    assert "element" in kinds(page(head='<meta http-equiv="refresh" content="0; url=https://evil.example/">'))
    assert "element" in kinds(page(head='<meta http-equiv="Set-Cookie" content="a=b">'))
    assert "request" in kinds(page(head='<link rel="preload" href="https://evil.example/x.js" as="script">'))
    assert "request" in kinds(page(head='<link rel="stylesheet" href="//evil.example/x.css">'))
    assert "request" in kinds(page(head="<style>@import url('https://evil.example/x.css');</style>"))
    assert "request" in kinds(page(head="<style>body { background: url(https://evil.example/x.png) }</style>"))
    assert "url" in kinds(page(head="<style>body { background: url(data:text/html,x) }</style>"))
    assert "attribute" in kinds(page(head='<link rel="opener" href="x.html">'))
    assert check_page(page(head='<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'), RULES) == []
    assert check_page(page(head='<link rel="alternate" type="application/atom+xml" href="atom.xml">'), RULES) == []


def test_a_refresh_is_allowed_only_as_the_maintainers_redirect_to_a_link_a_page_may_have():
    stub = '<html><head><noscript><meta http-equiv="refresh" content="0; url={}" /></noscript></head></html>'
    assert check_page(stub.format("../essays/moved.html"), RULES, redirect=True) == []
    assert check_page(stub.format("https://example.org/x.html"), RULES, redirect=True) == []
    assert kinds(stub.format("../essays/moved.html")) == {"element"}  # not a redirect source: refused
    assert kinds(stub.format("javascript:alert(1)"), redirect=True) == {"element"}
    assert kinds(stub.format("'data:text/html,x'"), redirect=True) == {"element"}


def test_the_hosts_a_maintainer_allows_and_html_baseurls_own():
    config = SimpleNamespace(
        html_baseurl="https://Site.Example/blog/",
        longform_allow={"hosts": ["CDN.example"], "url_schemes": ["tel"]},
    )
    rules = Rules.of(config)
    assert rules.hosts == {"site.example", "cdn.example"}
    assert check_page(page('<img src="https://cdn.example/a.png" alt=""><a href="tel:+331">c</a>'), rules) == []
    assert check_page(page('<img src="https://site.example/a.png" alt="">'), rules) == []
    assert kinds(page('<img src="https://cdn.example.evil/a.png" alt="">'), rules) == {"request"}
    # a named host serves images and media only, as the Content-Security-Policy's img-src and media-src allow
    assert kinds(page('<script src="https://cdn.example/a.js"></script>'), rules) >= {"request"}
    assert kinds(page("", head='<link rel="stylesheet" href="https://cdn.example/a.css">'), rules) == {"request"}
    assert check_page(page('<script src="https://site.example/_static/a.js"></script>'), rules) == []
    assert kinds(page('<a href="tel:+331">c</a>')) == {"url"}  # not allowed without the setting


def test_csp_hash_is_what_browsers_compute():
    # The example of the CSP specification (Level 3, "hash-source").
    assert csp_hash("alert('Hello, world.');") == "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="


def test_an_inline_script_runs_only_with_its_hash_in_the_pages_csp():
    script = "alert('Hello, world.');"
    listed = "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
    csp = f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' '{listed}'\">"
    assert check_page(page(f"<script>{script}</script>", head=csp), RULES) == []
    # with a CSP, a script it does not list is a finding even in the chrome; one byte more is another hash
    assert kinds(page(head=csp, chrome=f"<script>{script} </script>")) == {"script"}
    assert kinds(page(f"<script>{script}</script>")) == {"script"}  # no CSP, in the content
    # a CSP meta in the body is not the page's policy (browsers read it only in the <head>)
    assert kinds(page(f"<script>{script}</script>", chrome=csp.replace("<meta", "<meta id=x"))) == {"script"}


def test_a_finding_names_what_was_found_with_non_printables_escaped():
    found = check_page(page('<a href="javascript:alert(1)\u202e">x</a><img src=x onerror=alert(1)>'), RULES)
    text = " | ".join(f.what for f in found)
    assert "'onerror' on <img>" in text
    assert "\u202e" not in text and "\\u202e" in text


def test_the_first_finding_named_is_the_first_in_the_page():
    found = check_page(page('<img src=x onerror="first()"><p><img src=y onload="second()"></p>'), RULES)
    assert [f.what for f in found] == [
        "an inline event handler 'onerror' on <img>",
        "an inline event handler 'onload' on <img>",
    ]


def test_hostile_nesting_is_no_crash():
    deep = "<div>" * 5000 + "<img src=x onerror=alert(1)>" + "</div>" * 5000
    assert kinds(page(deep)) == {"handler"}


# -- SVG files and copied files ----------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'

BAD_SVG = {
    "script": "<script>alert(1)</script>",
    "onload": '<rect width="1" height="1" onload="alert(1)"/>',
    "foreign-object": '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "external-href": '<a href="https://evil.example/"><text>x</text></a>',
    "external-xlink": '<image xlink:href="https://evil.example/x.png"/>',
    "javascript-href": '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
    "style-import": "<style>@import url(https://evil.example/x.css);</style>",
    "style-url": "<style>rect { fill: url(https://evil.example/p.svg#g) }</style>",
    "style-attribute-url": '<rect style="fill: url(//evil.example/p.svg#g)"/>',
    "xhtml-element": '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>',
    "animate-href": '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>',
}


@pytest.mark.parametrize("name", sorted(BAD_SVG))
def test_a_copied_svg_breaking_a_rule_is_refused(name):
    assert check_svg(SVG.format(BAD_SVG[name]).encode()), name


def test_a_copied_svg_with_entities_or_not_xml_is_refused():
    entity = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    assert check_svg(entity.encode())
    assert check_svg(b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>")  # not well-formed
    assert check_svg(b"<html xmlns='http://www.w3.org/1999/xhtml'/>")  # not an SVG
    stylesheet = b'<?xml-stylesheet href="https://evil.example/x.css"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert [f.line for f in check_svg(stylesheet)] == [1]


def test_a_drawing_with_gradients_fragments_and_editor_metadata_passes():
    drawing = SVG.format(
        '<title>Chart</title><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient>'
        '<marker id="m"><path d="M0 0L1 1z"/></marker></defs><rect fill="url(#g)" style="stroke: #333"/>'
        '<use xlink:href="#m"/><a href="#top"><text>t</text></a><style>rect { fill: url(#g) }</style>'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>'
    )
    public_doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG.format("<circle r='1'/>")
    )
    assert check_svg(drawing.encode()) == []
    assert check_svg(public_doctype.encode()) == []


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"\n  <!DOCTYPE html><html><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("name", "data", "folder", "refused"),
    [
        ("notes.txt", HTML, "downloads", True),  # a .txt download whose bytes are HTML
        ("notes.txt", b"\xef\xbb\xbf<SCRIPT>alert(1)</script>", "downloads", True),
        ("notes.txt", b"<p>a paragraph", "downloads", True),
        ("data.csv", b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>", "downloads", True),
        ("page.html", b"just text", "downloads", True),
        ("app.js", b"console.log(1)", "downloads", True),
        ("drawing.svg", SVG.format("").encode(), "downloads", True),
        ("game.wasm", b"\x00asm\x01\x00\x00\x00", "downloads", True),
        ("photo.png", HTML, "images", True),
        ("photo.png", PNG, "downloads", False),
        ("photo.html", PNG, "downloads", True),  # a PNG a server would send as a page
        ("photo.jpg", PNG, "images", True),
        ("blob.bin", b"\x00\x01\x02", "downloads", True),
        ("notes.txt", "Plain notes, <b> is bold in HTML. é\n".encode(), "downloads", False),
        ("script.py", b"print('<script>')\n", "downloads", False),
        ("data.json", b'{"a": 1}', "downloads", False),
        ("paper.pdf", b"%PDF-1.7\n", "downloads", False),
        ("paper.pdf", HTML, "downloads", True),
        ("code.zip", b"PK\x03\x04" + b"\x00" * 30, "downloads", False),
        ("code.tar.gz", b"\x1f\x8b\x08" + b"\x00" * 30, "downloads", False),
        ("photo.png", PNG, "images", False),
        ("photo.gif", b"GIF89a" + b"\x00" * 10, "images", False),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "images", False),
        ("photo.avif", b"\x00\x00\x00\x20ftypavif" + b"\x00" * 20, "images", False),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 10, "images", False),
        ("doc.txt", b"\x00\x01", "images", True),
    ],
)
def test_copied_files_are_inert_by_their_bytes_and_name(name, data, folder, refused):
    found = check_copied(name, data, folder=folder)
    assert bool(found) is refused, found


# -- feeds and the sitemap ---------------------------------------------------------------------------------------


def atom(content: str = "&lt;p&gt;Text&lt;/p&gt;", link: str = "https://site.example/essays/x.html") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <id>urn:longform:site:atom.xml</id><title>T</title><updated>2026-01-01T00:00:00+00:00</updated>\n"
        f'  <entry><id>x</id><title>E</title><link href="{link}" rel="alternate"/>\n'
        f'    <content type="html">{content}</content>\n  </entry>\n</feed>\n'
    ).encode()


def test_a_feed_within_the_rules_passes():
    assert check_feed(atom(), RULES) == []
    sitemap = b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://site.example/a.html</loc></url></urlset>"
    assert check_feed(sitemap, RULES) == []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("entry-handler", atom("&lt;img src=x onerror=alert(1)&gt;"), "handler"),
        ("entry-script", atom("&lt;script&gt;alert(1)&lt;/script&gt;"), "script"),
        ("entry-javascript", atom("&lt;a href='JaVaScRiPt:x'&gt;x&lt;/a&gt;"), "url"),
        ("entry-external-image", atom("&lt;img src='//evil.example/x.png'&gt;"), "request"),
        ("entry-style", atom("&lt;style&gt;p{}&lt;/style&gt;"), "element"),
        ("link-javascript", atom(link="javascript:alert(1)"), "feed"),
        ("doctype", b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "b">]><feed>&a;</feed>', "feed"),
        ("control-character", atom("text \x01 here"), "feed"),
        ("not-well-formed", atom("<p>unclosed"), "feed"),
        ("xslt", b'<?xml-stylesheet type="text/xsl" href="x.xsl"?>' + atom().split(b"?>", 1)[1], "feed"),
        (
            "sitemap-javascript",
            b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>javascript:x</loc></url></urlset>",
            "feed",
        ),
    ],
)
def test_a_feed_breaking_a_rule_is_a_finding(name, data, kind):
    found = check_feed(data, RULES)
    assert kind in {f.kind for f in found}, found
    assert all(f.line for f in found if f.kind == "feed" and name != "doctype")


# -- end to end ----------------------------------------------------------------------------------------------------

PLANT = '''
"""Test-only: puts what wall 1 would refuse into the output, past it, as a broken template or extension would."""
from pathlib import Path


def _body(app, pagename, templatename, context, doctree):
    if pagename == "essays/valid-one":
        context["body"] += '<p><img src="x" onerror="alert(1)" alt=""></p>'


def _files(app, exception):
    out = Path(app.outdir)
    (out / "_images").mkdir(exist_ok=True)
    (out / "_images" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\\n<script>alert(1)</script>\\n</svg>\\n', encoding="utf-8"
    )
    (out / "_downloads" / "0123").mkdir(parents=True, exist_ok=True)
    (out / "_downloads" / "0123" / "notes.txt").write_text("<!DOCTYPE html><script>alert(1)</script>")
    feed = out / "atom.xml"
    entry = '<summary type="html">&lt;img src=x onerror=alert(2)&gt;</summary></entry>'
    feed.write_text(feed.read_text(encoding="utf-8").replace("</entry>", entry, 1), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _body)
    app.connect("build-finished", _files, priority=100)  # before the contract's check
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def _sphinx(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return kit.sphinx_build(src, out, *extra)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_what_is_planted_past_wall_one_fails_the_strict_build_with_located_warnings(tmp_path, jobs):
    """With -j 2 Sphinx writes source pages in worker processes: the check still sees every page."""
    site = tmp_path / "site"
    shutil.copytree(MATRIX, site)
    (site / "plant.py").write_text(PLANT, encoding="utf-8")
    conf = site / "conf.py"
    conf.write_text(
        f"import sys\nsys.path[:0] = [{str(REPO / 'extensions')!r}, {str(site)!r}]\n"
        + conf.read_text(encoding="utf-8")
        + "\nextensions.append('plant')\nhtml_baseurl = 'https://site.example/'\n",
        encoding="utf-8",
    )
    done = _sphinx(site, tmp_path / "out", "-j", jobs)
    assert done.returncode != 0
    ours = [line for line in done.stderr.splitlines() if line.endswith("[longform.unsafe-output]")]
    assert len(ours) == 4, done.stderr
    assert re.search(
        r"essays/valid-one\.md:1: WARNING: the output page essays/valid-one\.html holds an inline event handler "
        r"'onerror' on <img> — a rule upstream missed it, and the page must not be published",
        done.stderr,
    )
    for expected in (
        r"_images/evil\.svg:2: WARNING: the output file _images/evil\.svg is an SVG with a <script>",
        r"_downloads/0123/notes\.txt:1: WARNING: the output file _downloads/0123/notes\.txt is a file whose first "
        r"bytes make it a page",
        r"atom\.xml:\d+: WARNING: the output feed atom\.xml holds an inline event handler 'onerror' on <img> in an "
        r"entry's <summary>",
    ):
        assert re.search(expected, done.stderr), done.stderr
    # the files are kept as written: the build fails, nothing is silently rewritten
    assert 'onerror="alert(1)"' in (tmp_path / "out" / "essays" / "valid-one.html").read_text(encoding="utf-8")
    if jobs != "1":
        return
    # without the plant, the same site passes
    conf.write_text(conf.read_text(encoding="utf-8").replace("extensions.append('plant')", ""), encoding="utf-8")
    clean = _sphinx(site, tmp_path / "clean", "-E")
    assert "unsafe-output" not in clean.stderr, clean.stderr
    assert clean.returncode == 0, clean.stderr


def test_the_real_site_and_the_example_site_pass_the_contract(tmp_path):
    site = _sphinx(REPO / "docs", tmp_path / "site", "-c", str(REPO))
    assert "unsafe-output" not in site.stderr, site.stderr
    assert site.returncode == 0, site.stderr
    example = _sphinx(REPO / "examples" / "alabaster-site", tmp_path / "example")
    assert "unsafe-output" not in example.stderr, example.stderr
    assert example.returncode == 0, example.stderr


def test_the_contract_is_wired_before_anything_reads_the_output():
    from longform.core import events

    assert events.PRIORITY[("build-finished", "check_output")] < events.PRIORITY[("build-finished", "refill_sitemap")]
    assert events.PRIORITY[("build-finished", "check_output")] < 500  # Pagefind's join, the search page's switch
    assert events.PRIORITY[("build-finished", "check_sitemap")] > 500  # after sphinx-sitemap writes


def test_a_file_that_cannot_be_checked_fails_closed(tmp_path):
    from longform.site.contract import _head, _safely

    found = _safely(lambda: check_page(_head(tmp_path / "gone.html", 10).decode(), RULES))
    assert [f.kind for f in found] == ["unchecked"]
    assert "FileNotFoundError" in found[0].what
