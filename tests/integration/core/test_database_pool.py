"""Application connections: replaced when closed under the app, acting as the app role with
generic plans."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.databases import POSTGRES_ADMIN_URL

pytestmark = pytest.mark.postgres_only


@asynccontextmanager
async def _one_connection(
    settings: Settings, *, ping_after_idle_s: float
) -> AsyncIterator[Database]:
    database = Database(
        settings.model_copy(
            update={"database_pool_size": 1, "database_ping_after_idle_s": ping_after_idle_s}
        )
    )
    try:
        yield database
    finally:
        await database.dispose()


async def _backend_pid(database: Database) -> int:
    async with database.unit_of_work() as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)


def _terminate(pid: int) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


async def test_a_connection_killed_while_idle_is_replaced_before_use(settings: Settings) -> None:
    async with _one_connection(settings, ping_after_idle_s=0) as database:
        first = await _backend_pid(database)
        _terminate(first)
        second = await _backend_pid(database)
    assert second not in (0, first)


async def test_a_connection_in_steady_use_is_used_without_a_ping(settings: Settings) -> None:
    # Pinging only after idle saves a round trip per request; the price is that a
    # connection killed mid-burst fails one request (a 503 at the edge) before it is replaced.
    async with _one_connection(settings, ping_after_idle_s=60) as database:
        first = await _backend_pid(database)
        _terminate(first)
        with pytest.raises(OperationalError):
            await _backend_pid(database)
        second = await _backend_pid(database)
    assert second not in (0, first)


async def test_app_connections_plan_each_statement_once(settings: Settings) -> None:
    async with (
        _one_connection(settings, ping_after_idle_s=10) as database,
        database.unit_of_work() as session,
    ):
        mode = await session.scalar(text("SHOW plan_cache_mode"))
        role = await session.scalar(text("SELECT current_user"))
    assert mode == "force_generic_plan"
    assert role == settings.database_app_role
