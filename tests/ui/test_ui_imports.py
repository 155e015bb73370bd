"""The UI's own imports: it reaches the data only through services (never app.models), and its
modules import each other without a circle, counting the imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
ALLOWED_MODELS = {("prompts", "app.models.db")}  # as_app_error, until errors stop coming from there


def _module(path: Path) -> str:
    return ".".join(path.relative_to(UI).with_suffix("").parts)


def _imports(path: Path, *, top_level: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_the_ui_imports_no_table_module():
    found = {(_module(p), name) for p in UI.rglob("*.py") for name in _imports(p, top_level=False)
             if name == "app.models" or name.startswith("app.models.")}
    found = {(m, n) for m, n in found if not any(m == am and n.startswith(an) for am, an in ALLOWED_MODELS)}
    assert found == set()


def test_ui_modules_import_each_other_without_a_circle():
    modules = {_module(p): p for p in UI.rglob("*.py")}
    graph = {m: {n.removeprefix("app.ui.") for n in _imports(p, top_level=False)} & set(modules)
             for m, p in modules.items()}

    def circle_from(start: str, node: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for nxt in sorted(graph[node]):
            if nxt == start:
                return (*seen, nxt)
            if nxt not in seen:
                found = circle_from(start, nxt, (*seen, nxt))
                if found:
                    return found
        return None

    circles = [c for m in sorted(graph) if (c := circle_from(m, m, (m,)))]
    assert circles == []
