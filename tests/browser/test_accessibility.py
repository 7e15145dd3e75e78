"""Accessibility: axe-core, run in Chromium on every kind of page the site generates, light and dark.

A serious or critical violation fails, with the rule, the page and the offending elements.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser
#: Fixture types, from conftest.py (a conftest is not imported by name).
Site = Any
Watched = Any


BLOCKING = ("serious", "critical")

_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.html.slice(0, 160)),
  }));
}"""


def test_no_serious_accessibility_violation_on_any_kind_of_page(site: Site, open_page: Any, axe_source: str) -> None:
    problems = []
    for theme in ("light", "dark"):
        watched = open_page(color_scheme=theme)
        page = watched.page
        for kind, path in site.kinds.items():
            watched.goto(site.url(path))
            page.evaluate(f"document.body.dataset.theme = {theme!r}")
            # Evaluated, not added as an inline <script>: the site's Content-Security-Policy refuses those.
            page.evaluate(axe_source)
            for violation in page.evaluate(_RUN_AXE):
                if violation["impact"] in BLOCKING:
                    problems.append(
                        f"[{theme}] {kind} ({path}): {violation['impact']} {violation['id']} — {violation['help']}\n"
                        + "\n".join(f"    {node}" for node in violation["nodes"])
                    )
        watched.assert_clean(f"axe run ({theme})")
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)
