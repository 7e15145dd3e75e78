"""No function of the extension above cyclomatic complexity 30 (radon's measure, the one `radon cc` prints).

Also run by `nox -s lint` as a script (``python tests/test_complexity.py``), which prints every offender."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "longform"
CEILING = 30


def measured() -> list[tuple[str, str, int]]:
    """(module, function, complexity) of every function and method of the extension."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        for block in cc_visit(path.read_text(encoding="utf-8")):
            blocks = [block, *getattr(block, "methods", ())]  # a class: its methods
            found += [(name, b.name, b.complexity) for b in blocks if isinstance(b, Function)]
    return found


def offenders() -> list[str]:
    return [
        f"{module} {function}: complexity {score} (at most {CEILING})"
        for module, function, score in measured()
        if score > CEILING
    ]


def test_no_function_is_above_the_ceiling():
    assert offenders() == []


def test_the_measure_sees_the_whole_extension():
    functions = measured()
    assert len(functions) > 500
    assert any(module == "site/contract.py" for module, _function, _score in functions)


def test_a_complex_function_is_an_offender():
    branches = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(CEILING + 1))
    (block,) = cc_visit(f"def busy(x):\n{branches}    return -1\n")
    assert block.complexity > CEILING


if __name__ == "__main__":
    found = offenders()
    print("\n".join(found) or f"no function above complexity {CEILING}")
    raise SystemExit(1 if found else 0)
