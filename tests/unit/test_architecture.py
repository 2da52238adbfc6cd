"""The shape of the code: no import cycles between modules, screens of a readable size.

(The layer contracts themselves are import-linter's, in pyproject.toml.)
"""

from __future__ import annotations

from pathlib import Path

import grimp

import kiosk

#: A screen module much longer than this mixes jobs that belong in classes of their own.
UI_MODULE_LINES = 450


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a cycle or several."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(module: str) -> None:
        nonlocal counter
        index[module] = low[module] = counter
        counter += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back() -> None:
    # Every import counts: at the top, inside functions, and for type checking only.
    graph = grimp.build_graph("kiosk", exclude_type_checking_imports=False)
    modules = {m for m in graph.modules if m == "kiosk" or m.startswith("kiosk.")}
    assert _cycles(graph, modules) == []


def test_screen_modules_stay_readable() -> None:
    ui = Path(kiosk.__file__).parent / "ui"
    long = {
        str(path.relative_to(ui)): lines
        for path in ui.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > UI_MODULE_LINES
    }
    assert long == {}
