"""No circle among core's modules: every import counts, at module level, inside a
function or under TYPE_CHECKING alike, so the layers (domain, store, services, the
facade, the CLI and the web app) stay a one-way street. ``from psccore import X`` counts
as an import of the module that defines ``X``; ``psccore/__init__.py`` itself only lists
the public names."""

import ast
from collections.abc import Iterator
from pathlib import Path

import psccore

SRC = Path(psccore.__file__).parent.parent
SKIP = ("scaffold/template", "migrations/versions")


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "psccore").rglob("*.py"):
        if any(part in str(path) for part in SKIP):
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(tree: ast.AST, package: str) -> Iterator[str]:
    """Every psccore module name ``tree`` imports (``a.b.name`` where a name may be one)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            if base == "psccore":
                yield from (psccore._EXPORTS.get(a.name, "psccore") for a in node.names)
            else:
                yield from (f"{base}.{a.name}" for a in node.names)


def graph() -> dict[str, set[str]]:
    modules = _modules()

    def owner(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        if name == "psccore":
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[name] = {owner(i) for i in _imported(tree, package)
                       if i.startswith("psccore")} - {name, "psccore", ""}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_core_modules_import_one_another_without_a_circle() -> None:
    edges = graph()
    assert len(edges) > 80
    assert circles(edges) == []


def test_a_circle_would_be_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
