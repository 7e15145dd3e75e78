"""Every cross-reference in the extension's docstrings and doc-comments (``:mod:``, ``:func:``, ``:class:``,
``:meth:``, ``:data:``, ``:attr:``, ``:exc:``) names something that exists: resolved by importing it, the way
Sphinx's Python domain resolves it (an absolute dotted name, or a name in the module, or in one of its classes)."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "longform"
ROLE = re.compile(r":(mod|func|class|meth|data|attr|exc):`([^`]+)`")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def _target(text: str) -> str:
    """The name a role's text points to: ``title <name>`` -> name; ``~a.b`` -> a.b; a leading dot dropped."""
    explicit = re.fullmatch(r".*<([^>]+)>", text)
    name = explicit[1] if explicit else text
    return name.lstrip("~").lstrip(".").removesuffix("()")


def _attribute(owner: object, name: str) -> bool:
    if hasattr(owner, name):
        return True
    if isinstance(owner, type):  # an annotated attribute or a dataclass field without a default
        annotations = {k for klass in owner.__mro__ for k in getattr(klass, "__annotations__", {})}
        fields = {f.name for f in dataclasses.fields(owner)} if dataclasses.is_dataclass(owner) else set()
        return name in annotations | fields
    return False


def _walk(owner: object, dotted: list[str]) -> bool:
    for part in dotted:
        if not _attribute(owner, part):
            return False
        try:
            owner = getattr(owner, part)
        except AttributeError:
            return part == dotted[-1]  # a field without a value on the class: the last name is enough
    return True


def resolves(name: str, module_name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):  # an absolute name: the longest importable module, then attributes
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        if _walk(module, parts[cut:]):
            return True
        break
    here = importlib.import_module(module_name)
    if _walk(here, parts):
        return True
    classes = [value for value in vars(here).values() if isinstance(value, type) and value.__module__ == module_name]
    return any(_walk(klass, parts) for klass in classes)


def references() -> list[tuple[str, int, str, str]]:
    found = []
    for module_name, path in _modules():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in ROLE.finditer(line):
                found.append((module_name, number, match[1], _target(match[2])))
    return found


def test_every_reference_in_a_docstring_resolves():
    broken = [
        f"{module}:{line} :{role}:`{name}`" for module, line, role, name in references() if not resolves(name, module)
    ]
    assert broken == []


def test_there_are_references_to_check():
    assert len(references()) > 100


@pytest.mark.parametrize(
    ("name", "module", "expected"),
    [
        ("longform.core.views.Views.get_updated_docs", "longform.core.domain", True),
        ("Index.get", "longform.core.domain", True),
        ("LongformDomain.clear_doc", "longform.core.domain", True),
        ("longform.views", "longform.core.domain", False),  # a module from before the layers
        ("longform.core.views.no_such_function", "longform.core.domain", False),
        ("no_such_name", "longform.core.domain", False),
    ],
)
def test_the_resolver_tells_a_name_that_exists(name, module, expected):
    assert resolves(name, module) is expected
