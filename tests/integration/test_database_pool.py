"""The connection pool: a connection closed under the app is replaced, not handed out."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.databases import POSTGRES_ADMIN_URL

pytestmark = pytest.mark.postgres_only


async def _backend_pid(database: Database) -> int:
    async with database.unit_of_work() as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)


def _terminate(settings: Settings, pid: int) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


async def test_a_connection_killed_while_idle_is_replaced_before_use(settings: Settings) -> None:
    database = Database(
        settings.model_copy(update={"database_pool_size": 1, "database_ping_after_idle_s": 0})
    )
    try:
        first = await _backend_pid(database)
        _terminate(settings, first)
        second = await _backend_pid(database)
    finally:
        await database.dispose()
    assert second not in (0, first)


async def test_a_connection_in_steady_use_is_used_without_a_ping(settings: Settings) -> None:
    # Pinging only after idle saves a round trip per request; the price is that a
    # connection killed mid-burst fails one request (a 503 at the edge) before it is replaced.
    database = Database(
        settings.model_copy(update={"database_pool_size": 1, "database_ping_after_idle_s": 60})
    )
    try:
        first = await _backend_pid(database)
        _terminate(settings, first)
        with pytest.raises(OperationalError):
            await _backend_pid(database)
        second = await _backend_pid(database)
    finally:
        await database.dispose()
    assert second not in (0, first)
