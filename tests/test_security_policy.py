"""The writing guide's security policy, held to its word: every warning it names is one a test expects.

The policy (``docs/contributing/index.md``, "Security policy") promises that each rule has a test that
tries to break it.  Each rule names the warning a break gives (``longform.<subtype>``); this test reads
the section, collects every subtype it names, and requires each to be asserted somewhere in the test
suite — as the ``subtype`` of a hostile case or as the literal ``[longform.<subtype>]`` a test matches.
A rule added to the guide without a test, or a test removed, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
GUIDE = TESTS.parent / "docs" / "contributing" / "index.md"


def _policy() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("## Security policy")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _asserted() -> set[str]:
    import test_hostile  # the matrix: each case's subtype is asserted with its file and line

    found: set[str] = {case.subtype for case in test_hostile.CASES if case.subtype}
    found.update(subtype for _files, _expected, subtype in test_hostile.VOCABULARY_CASES.values())
    for path in TESTS.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        source = path.read_text(encoding="utf-8")
        found.update(re.findall(r"\[longform\.([a-z-]+)\]", source))
        found.update(re.findall(r"\"longform\.([a-z-]+)\"", source))
    return found


def test_the_policy_names_the_three_walls():
    policy = _policy()
    for wall in ("**Inputs**", "**Outputs**", "**The browser**"):
        assert wall in policy


def test_every_warning_the_security_policy_names_is_asserted_by_a_test():
    named = set(re.findall(r"`longform\.([a-z-]+)`", _policy()))
    assert len(named) >= 20, sorted(named)  # the section really was read
    missing = sorted(named - _asserted())
    assert not missing, f"the security policy names warnings no test asserts: {missing}"
