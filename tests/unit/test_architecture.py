"""The architecture holds by construction: one place commits, features keep their tables."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "patronage"
PYPROJECT = SOURCE.parents[1] / "pyproject.toml"
# The session's unit of work, and the hot paths' one-round-trip transactions.
UNITS_OF_WORK = {SOURCE / "core" / "db.py", SOURCE / "core" / "trip.py"}
FEATURES = ("messaging", "identity", "directory", "sale", "accounts", "reports")


def _calls_of(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SOURCE)}:{node.lineno} {node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in names
    ]


def _transaction_sql_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SOURCE)}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.strip().upper() in ("COMMIT", "ROLLBACK", "BEGIN")
    ]


def test_only_the_units_of_work_commit_or_roll_back() -> None:
    found = [
        call
        for path in SOURCE.rglob("*.py")
        if path not in UNITS_OF_WORK
        for call in _calls_of(path, {"commit", "rollback"}) + _transaction_sql_of(path)
    ]
    assert found == []


def _private_modules(feature: str) -> set[str]:
    return {
        "patronage." + ".".join(path.relative_to(SOURCE).with_suffix("").parts)
        for path in (SOURCE / feature).rglob("*.py")
        if path.stem in ("models", "repository") or path.stem.endswith("_repository")
    }


def test_every_feature_is_forbidden_the_other_features_repositories_and_models() -> None:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    forbidden = {
        c["source_modules"][0].removeprefix("patronage."): set(c["forbidden_modules"])
        for c in contracts
        if c["type"] == "forbidden"
    }
    for source in (*FEATURES, "web", "cli"):
        expected = set().union(*(_private_modules(f) for f in FEATURES if f != source))
        assert forbidden.get(source) == expected, source
