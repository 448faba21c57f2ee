"""The command line runs against the test database of the current backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from patronage.core.settings import get_settings
from tests.databases import as_admin


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("PATRONAGE_DATABASE_URL", database_url)
    if database_url.startswith("postgresql"):
        monkeypatch.setenv("PATRONAGE_DATABASE_ADMIN_URL", as_admin(database_url))
    monkeypatch.setenv("PATRONAGE_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PATRONAGE_ARGON2_MEMORY_COST_KIB", "1024")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
