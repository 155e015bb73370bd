"""The import graph of app/ against architecture.toml: no arrow the layering file does not allow, no
forbidden third-party package in a layer, and no circle of modules (STYLE "The house")."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = tomllib.loads((ROOT / "architecture.toml").read_text(encoding="utf-8"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in (ROOT / "app").rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, *, typing_too: bool = False) -> set[str]:
    """Every module named by an import in `tree`: module level and inside functions; under TYPE_CHECKING
    only with `typing_too` (a circle of type names is still a circle, an arrow for a type is no layer's)."""
    found: set[str] = set()
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test) and not typing_too:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # `from app.sync import batch` names the module app.sync.batch
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


TREES = {m: ast.parse(p.read_text(encoding="utf-8")) for m, p in MODULES.items()}
GRAPH = {m: _imports(tree, m) for m, tree in TREES.items()}
TYPED_GRAPH = {m: _imports(tree, m, typing_too=True) for m, tree in TREES.items()}


def layer_of(module: str) -> str | None:
    best, best_len = None, -1
    for layer, prefixes in RULES["layers"].items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = layer, len(prefix)
    return best


def test_every_module_of_app_has_a_layer_and_every_layer_its_rules():
    assert {m for m in MODULES if layer_of(m) in (None, "base") and m.count(".") > 1} == set()
    assert set(RULES["layers"]) == set(RULES["allowed"])


def _excepted(module: str, target: str) -> bool:
    return any(e["module"] == module and (target == e["imports"] or target.startswith(e["imports"] + "."))
               for e in RULES.get("exception", []))


def test_no_import_runs_against_the_layers():
    wrong = []
    for module, targets in sorted(GRAPH.items()):
        mine = layer_of(module)
        for target in sorted(t for t in targets if t == "app" or t.startswith("app.")):
            theirs = layer_of(target)
            if theirs != mine and theirs not in RULES["allowed"][mine] and not _excepted(module, target):
                wrong.append(f"{module} ({mine}) -> {target} ({theirs})")
    assert wrong == []


def test_no_layer_imports_a_package_it_must_not():
    wrong = []
    for module, targets in sorted(GRAPH.items()):
        banned = RULES["forbidden_packages"].get(layer_of(module), [])
        wrong += [f"{module} -> {t}" for t in sorted(targets) if t.split(".")[0] in banned]
    assert wrong == []


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_no_circle_of_imports():
    # a package's __init__ is left out as a target: importing app.cli.args runs app/cli/__init__.py first,
    # but that is Python's order of loading, not an arrow one module drew to another
    graph = {m: {t for t in ts if t in MODULES and MODULES[t].name != "__init__.py" or t == m} - {m}
             for m, ts in TYPED_GRAPH.items()}
    assert _circles(graph) == []


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_the_circle_finder_finds_circles(graph, expected):
    assert _circles(graph) == expected


def test_the_readme_names_every_layer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    for prefixes in RULES["layers"].values():
        for prefix in prefixes:
            if prefix != "app":
                assert f"`{prefix.replace('.', '/')}" in layout, prefix


def test_no_module_imports_another_modules_private_name():
    private = []
    for module, path in sorted(MODULES.items()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app"):
                private += [f"{module}: from {node.module} import {a.name}" for a in node.names
                            if a.name.startswith("_") and not a.name.startswith("__")]
    assert private == []
