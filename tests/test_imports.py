"""The modules of generator/ import each other in one direction: no circle, not even
through an import inside a function or one made for type checking only, and never from
a later stage folder (README « Fonctionnement »)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# The single modules at the bottom, then the stage folders in the order data flows.
LAYERS = ("errors", "problems", "processes", "cache", "layout", "format", "load", "project", "check", "context",
          "render", "write", "publish", "cli", "__main__")


def _module(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.AST, name: str, package: str, modules: set[str]) -> set[str]:
    found = set()
    if isinstance(node, ast.ImportFrom) and node.level:
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        target = f"{base}.{node.module}" if node.module else base
        for alias in node.names:
            found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
    elif isinstance(node, ast.ImportFrom):
        for alias in node.names:
            found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module)
    elif isinstance(node, ast.Import):
        found |= {alias.name for alias in node.names}
    return {target for target in found if target in modules and target != name}


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of generator/ it imports, wherever the import statement is."""
    paths = {_module(p): p for p in GENERATOR.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set().union(*(_targets(node, name, package, set(paths)) for node in ast.walk(tree)))
    return graph


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else -1


def test_no_import_circle():
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as error:
        circle = error.args[1][::-1]  # graphlib lists each module before the one that imports it
        raise AssertionError("import circle: " + " imports ".join(circle)) from None


def test_every_module_is_in_a_known_layer():
    unknown = [name for name in import_graph() if name != "generator" and name.split(".")[1] not in LAYERS]
    assert unknown == [], f"add these to LAYERS or move them into a stage folder: {unknown}"


def test_imports_go_down_the_stages():
    """A module imports from its own folder or an earlier one, never a later one."""
    upward = sorted(f"{name} imports {target}" for name, targets in import_graph().items()
                    for target in targets if name != "generator" and layer(target) > layer(name))
    assert upward == [], "\n".join(upward)


def test_the_rule_is_enforced(tmp_path: Path, monkeypatch):
    """The test bites: an import from a later stage, even inside a function, is found."""
    fake = tmp_path / "generator"
    for folder in ("format", "cli"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "cli" / "main.py").write_text("from generator.format import vocab\n")
    (fake / "format" / "vocab.py").write_text("def f():\n    from generator.cli import main\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "GENERATOR", fake)
    graph = import_graph()
    assert "generator.cli.main" in graph["generator.format.vocab"]
    assert layer("generator.cli.main") > layer("generator.format.vocab")
