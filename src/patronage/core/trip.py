"""The hot paths' unit of work: one transaction whose statements travel together.

A lookup at the till needs a transaction (row-level security is keyed to a transaction-local
setting) and at least two statements (the token that says who asks, then the page). Through
the ORM session that is four round trips (BEGIN, token, page, COMMIT) and most of the
request's CPU. Here the statements are SQLAlchemy Core, compiled once per dialect, and on
PostgreSQL they are sent in psycopg's pipeline mode between an explicit BEGIN and COMMIT
with a single sync: one round trip, however many statements. On SQLite (in process, no
network) they run one after another in one transaction of the same connection.

This module and `core.db` are the only places that commit or roll back.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from patronage.core import tenancy
from patronage.core.tenancy import MerchantId

Row = Sequence[Any]
_IDLE = psycopg.pq.TransactionStatus.IDLE


@dataclass(frozen=True)
class _Compiled:
    sql: str
    defaults: dict[str, Any]


_COMPILED: dict[tuple[int, str], tuple[Executable, _Compiled]] = {}


def _compiled(statement: Executable, dialect: Dialect) -> _Compiled:
    """The driver's SQL for `statement`, compiled on its first use: hot statements are
    module constants or cached builders, so each is compiled once per process."""
    key = (id(statement), dialect.name)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is statement:
        return cached[1]
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    defaults = {name: value for name, value in compiled.params.items() if value is not None}
    entry = _Compiled(str(compiled), defaults)
    # Kept with the statement itself, so an id reused after garbage collection never matches.
    _COMPILED[key] = (statement, entry)
    return entry


@dataclass
class Result:
    """The rows of one statement of a trip, readable once the trip has ended."""

    _cursor: psycopg.AsyncCursor[Any] | None = None
    _rows: list[Row] | None = None

    async def all(self) -> list[Row]:
        if self._rows is None:
            assert self._cursor is not None, "read a trip's results after it ends"
            self._rows = await self._cursor.fetchall()
        return self._rows

    async def first(self) -> Row | None:
        rows = await self.all()
        return rows[0] if rows else None


@dataclass
class Trip:
    """Statements sent in one transaction. `pipelined`: the results arrive only when the
    trip ends (PostgreSQL); otherwise each statement has run when `send` returns."""

    pipelined: bool
    _engine: AsyncEngine
    _connection: psycopg.AsyncConnection[Any] | AsyncConnection
    _merchant: dict[str, Any] = field(default_factory=dict)

    async def send(self, statement: Executable, params: Mapping[str, Any]) -> Result:
        if isinstance(self._connection, AsyncConnection):
            rows = await self._connection.execute(statement, {**params, **self._merchant})
            return Result(_rows=list(rows.all()))
        compiled = _compiled(statement, self._engine.dialect)
        values = {**compiled.defaults, **params}
        cursor = self._connection.cursor()
        # Whoever watches the engine's statements (a statement count, a test's tenancy
        # guard) sees these too.
        watchers = self._engine.sync_engine.dispatch.before_cursor_execute
        if watchers:
            watchers(None, cursor, compiled.sql, values, None, False)
        await cursor.execute(compiled.sql, values)
        return Result(_cursor=cursor)

    async def act_for(self, merchant_id: MerchantId, user_id: uuid.UUID | None) -> None:
        """Bind what is sent next to `merchant_id` (and `user_id`): on PostgreSQL the
        transaction (row-level security), elsewhere the statements' `merchant_id`."""
        if self.pipelined:
            await self.send(*tenancy.binding(merchant_id, user_id))
        else:
            self._merchant = {"merchant_id": merchant_id}


@asynccontextmanager
async def trip(engine: AsyncEngine) -> AsyncIterator[Trip]:
    """A transaction committed when the block ends without error, rolled back otherwise;
    on PostgreSQL everything sent in it travels in one round trip at the end."""
    async with engine.connect() as connection:
        if engine.dialect.name != "postgresql":
            async with connection.begin():
                yield Trip(False, engine, connection)
            return
        raw = await connection.get_raw_connection()
        driver: psycopg.AsyncConnection[Any] = raw.driver_connection  # type: ignore[assignment]
        try:
            async with _pipelined(driver) as pipelined:
                yield Trip(True, engine, pipelined)
        except psycopg.OperationalError as exc:
            # The one error the app answers as "busy, try again" (a timeout, a lost server).
            raise OperationalError(None, None, exc) from exc


@asynccontextmanager
async def _pipelined(
    driver: psycopg.AsyncConnection[Any],
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    # Autocommit for the trip, so psycopg sends no BEGIN of its own (it would wait for its
    # answer): our BEGIN and COMMIT travel inside the pipeline. The pool's connection goes
    # back as it came, whatever happens.
    await driver.set_autocommit(True)
    try:
        try:
            async with driver.pipeline():
                await driver.execute("BEGIN")
                yield driver
                await driver.execute("COMMIT")
        except BaseException:
            if not driver.broken and driver.info.transaction_status != _IDLE:
                await driver.execute("ROLLBACK")
            raise
    finally:
        if not driver.broken:  # a broken one is dropped by the pool on its return
            await driver.set_autocommit(False)
