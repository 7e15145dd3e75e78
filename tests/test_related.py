"""Read next: up to three related essays, by shared tags weighted by rarity, without the essay's series neighbours
and without the essays already listed under "Linked from"."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from dateoracle import written_date

from longform.core import catalogue

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="module")
def site(listings_site):
    """The one shared build of the listings root (tests/conftest.py)."""
    return listings_site


def _related(app, docname: str) -> list[str]:
    """Docnames in the page's "Read next" section, in order ([] when there is none)."""
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    section = BeautifulSoup(html, "html.parser").find("section", id="longform-related")
    if section is None:
        return []
    assert section.find("h2").get_text(strip=True).rstrip("¶") == "Read next"
    folder = docname.rsplit("/", 1)[0]
    out = []
    for anchor in section.select(".longform-item-title a"):
        target = anchor["href"].removesuffix(".html")
        out.append(target.removeprefix("../") if target.startswith("../") else f"{folder}/{target}")
    return out


def _oracle(app, docname: str) -> list[str]:
    """The rule, restated: sum of log((N+1)/df) over shared tags; ties by shared count, then newest."""
    essays = catalogue.essays(app.env)
    me = essays[docname]
    pool = [e for e in essays.values() if e.kind == "essay" and not e.draft]
    df = {tag: sum(tag in e.tags for e in pool) for e in pool for tag in e.tags}
    rows = []
    for other in pool:
        if other.docname == docname or (me.series and other.series == me.series) or docname in other.outgoing:
            continue
        shared = set(me.tags) & set(other.tags)
        if shared:
            score = sum(math.log((len(pool) + 1) / df[t]) for t in shared)
            rows.append((-round(score, 9), -len(shared), -other.date.toordinal(), other.title.lower(), other.docname))
    return [row[-1] for row in sorted(rows)[:3]]


def test_a_rare_shared_tag_outranks_a_common_one_and_ties_go_to_the_newest(site):
    # alpha-go shares 'go' (on most essays) and 'rare' (on two) with zeta-pipes-two, only 'go' with the
    # others; gamma-testing and zeta-pipes-one tie on 'go', and gamma is the newer. The draft is left out.
    assert _related(site, "essays/alpha-go") == [
        "essays/zeta-pipes-two",
        "essays/gamma-testing",
        "essays/zeta-pipes-one",
    ]


def test_series_neighbours_are_left_out(site):
    related = _related(site, "essays/zeta-pipes-one")
    assert "essays/zeta-pipes-two" not in related  # shares 'go' but is the next part of the series
    assert related[0] == "essays/beta-queues"  # 'queues' is rarer than 'go'


def test_every_page_matches_the_rule(site):
    for docname in catalogue.essays(site.env):
        expected = _oracle(site, docname)
        assert _related(site, docname) == expected, docname
        assert len(expected) <= 3
        assert all(not catalogue.essays(site.env)[d].draft for d in expected)


def test_related_items_show_their_values(site):
    html = (Path(site.outdir) / "essays/alpha-go.html").read_text(encoding="utf-8")
    section = BeautifulSoup(html, "html.parser").find("section", id="longform-related")
    first = section.select_one(".longform-item")
    essay = catalogue.essays(site.env)["essays/zeta-pipes-two"]
    assert first.select_one(".longform-item-description").get_text() == essay.description
    assert first.select_one(".longform-date").get_text() == written_date(site.srcdir, "essays/zeta-pipes-two")
    assert first.select_one(".longform-reading-time").get_text() == f"{essay.minutes} min read"


def test_no_shared_tag_means_no_section(copy_root, build):
    src = copy_root("listings")
    lonely = src / "essays" / "lonely.md"
    lonely.write_text("---\ndate: 2024-01-01\ndescription: Alone.\ntags: [solo]\n---\n\n# Lonely\n\nText.\n")
    (src / "tags.yaml").write_text((src / "tags.yaml").read_text() + "solo:\n  title: Solo\n  description: x\n")
    app = build(src)
    assert app.warnings == ""
    assert _related(app, "essays/lonely") == []


def test_related_items_leave_out_tag_badges(site):
    """The essay's own header shows its tags; a related item shows why to read on, not taxonomy."""
    html = (Path(site.outdir) / "essays/alpha-go.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find("section", id="longform-related")
    assert section.select(".longform-item")
    assert not section.select(".longform-tag")
    assert soup.select(".longform-tag")  # the page's own tags are still shown
    assert "no-search" in section["class"]  # other essays' descriptions are not this page's text


def test_an_essay_linking_here_is_listed_once_under_linked_from_not_under_read_next(copy_root, build):
    # In the authors root, pipes-two (tags go, queues) links to queues (tag queues): it is queues' only
    # other essay sharing a tag, so without the rule it would be queues' "Read next" as well.
    app = build(copy_root("authors"))
    essays = catalogue.essays(app.env)
    assert set(essays["essays/pipes-two"].tags) & set(essays["essays/queues"].tags)
    assert "essays/queues" in essays["essays/pipes-two"].outgoing
    html = (Path(app.outdir) / "essays/queues.html").read_text(encoding="utf-8")
    linked = BeautifulSoup(html, "html.parser").find(id="linked-from")
    assert "pipes-two.html" in {a["href"] for a in linked.select(".longform-item-title a")}
    assert "essays/pipes-two" not in _related(app, "essays/queues")
    # The other way round the link does not count: queues still reads next after pipes-two.
    assert "essays/queues" in _related(app, "essays/pipes-two")
