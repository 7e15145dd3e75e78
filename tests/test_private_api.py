"""longform.core.compat says every reliance on another package's internals is in it: this test reads every other
module of the extension and fails when one uses a private name of Sphinx's or docutils' directly."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "longform"
#: Attributes that are Sphinx's internals: the per-page store, Sphinx's registry, the configuration as conf.py
#: wrote it, the HTML builder's build info.
PRIVATE_ATTRIBUTES = {"temp_data", "registry", "_raw_config", "build_info", "current_document"}
#: Private names imported from Sphinx: the toctree directive's class (overriding it) and the title-in-link pattern.
PRIVATE_IMPORTS = {("sphinx.directives.other", "TocTree"), ("sphinx.util.nodes", "explicit_title_re")}


def uses(source: str) -> list[str]:
    """The private names ``source`` uses: attributes above, ``<env>.settings``, and the imports above."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if node.attr in PRIVATE_ATTRIBUTES and not ast.unparse(node.value).startswith("self"):
                found.append(f"{node.lineno}: .{node.attr}")
            elif node.attr == "settings" and ast.unparse(node.value).split(".")[-1] == "env":
                found.append(f"{node.lineno}: env.settings")
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found += [
                f"{node.lineno}: {node.module}.{a.name}" for a in node.names if (node.module, a.name) in PRIVATE_IMPORTS
            ]
    return found


def test_no_module_but_compat_uses_private_api():
    found = [
        f"{path.relative_to(PACKAGE).as_posix()}:{use}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() != "core/compat.py"
        for use in uses(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_finds_each_kind_of_use():
    source = (
        "from sphinx.util.nodes import explicit_title_re\n"
        "from sphinx.directives.other import TocTree\n"
        "def f(app, env):\n"
        "    env.temp_data['x'] = 1\n"
        "    app.env.settings['raw_enabled'] = True\n"
        "    return app.registry.domains\n"
    )
    assert len(uses(source)) == 5


def test_compat_itself_holds_them():
    assert uses((PACKAGE / "core" / "compat.py").read_text(encoding="utf-8"))
