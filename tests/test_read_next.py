"""One way on at the end of an essay: the essay a reading path offers as its next step is not offered again
under "Read next" (tests/roots/test-read-next: the path is start → follow → cherry, and follow shares the rare
tag with start, so it would be start's first related essay)."""

from __future__ import annotations

from typing import Any

import proofkit as kit
import pytest

from longform.core import catalogue


@pytest.fixture(scope="module")
def site(built_root: Any) -> Any:
    app = built_root("read-next")
    assert app.warnings == ""
    return app


def _targets(app: Any, docname: str, selector: str) -> list[str]:
    """The essays (file names without .html) the links under ``selector`` on the page point at, in order."""
    page = kit.soup(app, f"{docname}.html")
    return [a["href"].rsplit("/", 1)[-1].removesuffix(".html") for a in page.select(selector)]


def _related(app: Any, docname: str) -> list[str]:
    return _targets(app, docname, "#longform-related .longform-item-title a")


def _next_step(app: Any, docname: str) -> list[str]:
    return _targets(app, docname, ".longform-path-onward-next a.longform-path-next")


def test_the_paths_next_step_is_not_read_next_again(site):
    assert _next_step(site, "essays/start") == ["follow"]
    # follow (common + rare) would lead; without it, the three newest essays that share 'common'.
    assert _related(site, "essays/start") == ["damson", "cherry", "banana"]


def test_the_essay_before_on_the_path_is_still_related(site):
    # start is not follow's way on (cherry is): start leads follow's related essays, cherry is left out.
    assert _next_step(site, "essays/follow") == ["cherry"]
    assert _related(site, "essays/follow") == ["start", "damson", "banana"]


def test_the_last_step_and_an_essay_off_the_path_keep_every_related_essay(site):
    assert _next_step(site, "essays/cherry") == []
    # They share 'common' only with every other essay: the three newest, follow among them.
    assert _related(site, "essays/cherry") == ["start", "follow", "damson"]
    assert _related(site, "essays/apple") == ["start", "follow", "damson"]


def test_no_essay_is_offered_twice_at_the_end_of_any_page(site):
    for docname in sorted(catalogue.essays(site.env)):
        offered = _next_step(site, docname) + _related(site, docname)
        assert len(offered) == len(set(offered)), (docname, offered)


def test_core_knows_the_way_on_without_the_paths_feature(site):
    assert catalogue.next_on_paths(site.env, "essays/start") == {"essays/follow"}
    assert catalogue.next_on_paths(site.env, "essays/cherry") == frozenset()
