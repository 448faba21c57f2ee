"""The web UI goes through the services, like the API: never a repository, a model module or
an API module; and each of its modules stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "src" / "patronage" / "web"
MODULES = sorted(WEB.glob("*.py"))
FORBIDDEN = (".repository", ".api", ".models", "sqlalchemy.sql", "sqlalchemy.orm")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_web_module_imports_no_repository_model_or_api(path: Path) -> None:
    bad = [name for name in _imports(path) if any(part in name for part in FORBIDDEN)]
    assert bad == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_web_module_stays_under_350_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) < 350
