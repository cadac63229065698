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


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imported(node, package: str) -> set[str]:
    """The govaudit modules an import statement names (`from . import module` included)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.startswith("govaudit")}
    if node.level:
        base = package.split(".")
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("govaudit"):
        return set()
    return {target} | {f"{target}.{a.name}" for a in node.names if _path_of(f"{target}.{a.name}") is not None}


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when `path` is imported: module-level statements
    only (an import inside a function runs when it is called, and a
    TYPE_CHECKING block never runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package_of(path)
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
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                found.update(_imported(node, package))

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


# The layers, lowest first (docs/architecture.md): a module imports only from
# its own layer and the ones below, wherever the import statement stands (an
# import inside a function is still a dependency, only a later one).
LAYERS = ["core", "text", "data", "load", "segment", "extraction", "engine", "lint", "api", "output", "batch",
          "summary", "cli", "__init__", "__main__"]
# Modules that sit above their folder's layer, and why.
ABOVE_THEIR_LAYER = {
    # The rule examples harness audits each example report whole (api); its
    # public path, documented in docs/writing-rules.md, is under engine/.
    "govaudit.engine.testing": "api",
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return "__init__"
    if parts[1] == "_version":
        return None  # the version string: anyone may read it
    return parts[1]


def _all_imports(path: Path) -> set[str]:
    """Every govaudit module `path` imports, at its top level or inside a
    function (not the package itself, through which `from .. import api` goes)."""
    package = _package_of(path)
    nodes = (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return {module for node in nodes for module in _imported(node, package)} - {"govaudit"}


def test_no_module_imports_from_a_layer_above_its_own():
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        own = ABOVE_THEIR_LAYER.get(name) or _layer(name)
        for target in sorted(_all_imports(path)):
            layer = _layer(target)
            if layer is not None and own is not None and rank[layer] > rank[own]:
                upward.append(f"{name} ({own}) → {target} ({layer})")
    assert upward == []
