"""The package's shape: a small root, and no import circle between modules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "govaudit"
ROOT_MODULES = {"__init__.py", "__main__.py", "_version.py", "api.py"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when `path` is imported: module-level statements
    only (an import inside a function runs when it is called, and a
    TYPE_CHECKING block never runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("govaudit"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("govaudit"):
                    continue
                found.add(target)
                for alias in node.names:  # `from . import module`
                    candidate = f"{target}.{alias.name}"
                    if _path_of(candidate) is not None:
                        found.add(candidate)

    visit(tree.body)
    return found


def _path_of(module: str) -> Path | None:
    relative = Path(*module.split(".")[1:])
    for path in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if path.is_file():
            return path
    return None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        graph[_module_name(path)] = {m for m in _top_level_imports(path) if _path_of(m)}
    # importing a.b.c imports a.b first
    for name, edges in graph.items():
        for target in list(edges):
            parts = target.split(".")
            edges.update(".".join(parts[:n]) for n in range(2, len(parts)))
        # a module's own packages are being imported already when it runs
        edges.difference_update({e for e in edges if (name + ".").startswith(e + ".")})
    return graph


def test_package_root_holds_only_the_public_surface():
    modules = {p.name for p in PACKAGE.glob("*.py")}
    assert modules == ROOT_MODULES


def test_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}
    circles = []

    def walk(node, trail):
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                walk(target, trail + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert circles == []
