"""longform.core.events.PRIORITY is the order of a build: every handler the extension connects goes through
events.connect (so it is in the table), and every entry of the table is connected somewhere."""

from __future__ import annotations

import ast
from pathlib import Path

from longform.core import events

PACKAGE = Path(__file__).resolve().parent.parent / "extensions" / "longform"


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(PACKAGE).as_posix()
        found += [(name, node) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return found


def _called(call: ast.Call, attribute: str, owner: str) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == attribute and ast.unparse(func.value) == owner


def _connected() -> set[tuple[str, str]]:
    """(event, name) of every events.connect call: the name given, or the handler's without leading underscores."""
    keys = set()
    for _module, call in _calls():
        if not (_called(call, "connect", "events") and len(call.args) >= 3):
            continue
        event = call.args[1]
        assert isinstance(event, ast.Constant), ast.unparse(call)
        named = [kw.value for kw in call.keywords if kw.arg == "name"] + list(call.args[3:4])
        if named:
            assert isinstance(named[0], ast.Constant), ast.unparse(call)
            keys.add((event.value, named[0].value))
        else:
            keys.add((event.value, ast.unparse(call.args[2]).split(".")[-1].lstrip("_")))
    return keys


def test_no_handler_is_connected_around_the_table():
    around = [
        f"{module}:{call.lineno} {ast.unparse(call)}"
        for module, call in _calls()
        if _called(call, "connect", "app") and module != "core/events.py"
    ]
    assert around == []


def test_every_entry_of_the_table_is_connected():
    assert set(events.PRIORITY) - _connected() == set()


def test_every_connected_handler_has_an_entry():
    assert _connected() - set(events.PRIORITY) == set()
