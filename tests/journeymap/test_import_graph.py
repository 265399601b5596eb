"""No import cycle among the project's own modules.

A cycle makes a module unreadable on its own (to follow one call you climb
back to where you started) and is usually hidden by an import inside a
function. So imports inside functions count here as much as those at the top
of a module; only ``if TYPE_CHECKING:`` blocks, never run, are left out.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("journeymap", "maps", "personas", "workspaces")

Graph = dict[str, set[str]]


def project_modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Dotted module name → file, packages named by their ``__init__.py``."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    """Every import statement at any depth (functions, classes, branches)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _imports(node)


def _known(name: str, modules) -> str | None:
    """The module ``name`` loads: itself, or the package a dotted name goes through."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _with_packages(name: str, modules) -> set[str]:
    """Loading ``a.b.c`` runs ``a`` and ``a.b`` first."""
    parts = name.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts) + 1)} & set(modules)


def import_graph(modules: dict[str, Path]) -> Graph:
    graph: Graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = module.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join(anchor + ([base] if base else []))
                # ``from maps import panel`` loads the submodule ``maps.panel``.
                names = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for name in names:
                known = _known(name, modules)
                if known is not None:
                    targets |= _with_packages(known, modules)
        graph[module] = targets - {module}
    return graph


def _tangles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _shortest_cycle(graph: Graph, start: str, within: set[str]) -> list[str]:
    """A shortest path from ``start`` back to itself, through ``within`` only."""
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for target in sorted(graph[node] & within):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{start} is on no cycle")


def cycles(graph: Graph) -> list[list[str]]:
    """One cycle for each knot of modules that import each other."""
    return [_shortest_cycle(graph, tangle[0], set(tangle)) for tangle in _tangles(graph)]


def reachable(graph: Graph, start: str) -> set[str]:
    """Every module that loading ``start`` loads, directly or not."""
    seen: set[str] = set()
    queue = [start]
    for node in queue:
        for target in graph[node] - seen:
            seen.add(target)
            queue.append(target)
    return seen


# Modules that change a map (each change through ``services.map_change``).
WRITE_SIDE = {
    "maps.services",
    "maps.facilitation",
    "maps.rounds",
    "maps.workshops",
    "maps.restore",
}
# Modules that show a map (pages, pushed fragments, catch-up, exports), describe its
# items (URLs and the admin read ``item_kinds``) or serve both sides: they only read
# (the table of docs/architecture.md, above the write side).
READ_SIDE = {
    "maps.comparison",
    "maps.curve",
    "maps.persona_curves",
    "maps.diff",
    "maps.export.cache",
    "maps.export.csv_cards",
    "maps.export.json_format",
    "maps.export.json_snapshots",
    "maps.export.pdf",
    "maps.forms",
    "maps.fragments",
    "maps.frameworks",
    "maps.grid",
    "maps.guest_names",
    "maps.item_kinds",
    "maps.live",
    "maps.map_state",
    "maps.models",
    "maps.panel",
    "maps.plan",
    "maps.presence",
    "maps.round_results",
    "maps.socket_input",
    "maps.state_grid",
    "maps.throttle",
}


def test_the_project_has_no_import_cycle():
    graph = import_graph(project_modules())
    found = cycles(graph)
    assert not found, "Import cycles:\n" + "\n".join(
        f"{' → '.join(cycle)}\n  (the knot: {', '.join(tangle)})"
        for cycle, tangle in zip(found, _tangles(graph), strict=True)
    )


def test_what_shows_a_map_never_loads_what_changes_one():
    graph = import_graph(project_modules())
    assert set(graph) >= READ_SIDE | WRITE_SIDE, "a module of these lists was renamed"
    loads = {module: sorted(reachable(graph, module) & WRITE_SIDE) for module in sorted(READ_SIDE)}
    assert not {module: found for module, found in loads.items() if found}


def test_the_graph_sees_every_kind_of_import(tmp_path):
    package = tmp_path / "shop"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from shop import b\n")
    (package / "b.py").write_text("def f():\n    from shop.sub.c import thing\n")
    (package / "sub" / "c.py").write_text("from .. import a\n")
    (package / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop import a\n"
    )
    (package / "e.py").write_text("import shop.a\n")
    graph = import_graph(project_modules(tmp_path, ["shop"]))

    assert graph["shop.a"] == {"shop", "shop.b"}
    assert graph["shop.b"] == {"shop", "shop.sub", "shop.sub.c"}
    assert graph["shop.sub.c"] == {"shop", "shop.a"}
    assert graph["shop.d"] == set()
    assert graph["shop.e"] == {"shop", "shop.a"}
    assert cycles(graph) == [["shop.a", "shop.b", "shop.sub.c", "shop.a"]]


def test_a_module_importing_its_own_package_is_a_cycle_when_the_package_imports_it(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("from shop.a import thing\n")
    (package / "a.py").write_text("def f():\n    import shop\n")
    graph = import_graph(project_modules(tmp_path, ["shop"]))

    assert cycles(graph) == [["shop", "shop.a", "shop"]]
