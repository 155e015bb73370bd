"""The one-way data flow of STYLE.md: Qt only in app/ui, SQLAlchemy never in app/domain."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _offenders(root: Path, module: str, skip: Path | None = None) -> list[str]:
    return [str(p.relative_to(APP)) for p in root.rglob("*.py")
            if (skip is None or skip not in p.parents) and module in _imports(p)]


def test_no_module_outside_ui_imports_pyside6():
    assert _offenders(APP, "PySide6", skip=APP / "ui") == []


def test_no_domain_module_imports_sqlalchemy():
    assert _offenders(APP / "domain", "sqlalchemy") == []


def test_domain_does_not_import_models_or_services():
    bad = [p for p in (APP / "domain").rglob("*.py") if {"app.models", "app.services"} & _app_modules(p)]
    assert bad == []


def _app_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {".".join(n.module.split(".")[:2]) for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("app.")}
