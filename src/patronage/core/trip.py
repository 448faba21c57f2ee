"""The hot paths' unit of work: one transaction whose statements travel together.

A lookup at the till needs a transaction (row-level security is keyed to a transaction-local
setting) and at least two statements (the token that says who asks, then the page). Through
the ORM session that is four round trips (BEGIN, token, page, COMMIT) and most of the
request's CPU. Here the statements are SQLAlchemy Core, compiled once per dialect, and on
PostgreSQL they are sent in psycopg's pipeline mode between an explicit BEGIN and COMMIT
with a single sync: one round trip, however many statements. A write that must read before
it decides (an order's status before changing it) waits once in the middle (`Trip.wait`):
two round trips, the transaction open across them. On SQLite (in process, no network) the
statements run one after another in one transaction of the same connection.

This module and `core.db` are the only places that commit or roll back.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
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
    # The columns' own conversions of values (JSON, UTC datetimes), as the engine applies them.
    processors: dict[str, Any]
    # An insert's columns left out of its parameters that have a default in Python.
    generated: dict[str, Callable[[], Any]]

    def values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values = {**self.defaults, **params}
        for name, make in self.generated.items():
            if name not in values:
                values[name] = make()
        for name, process in self.processors.items():
            if name in values:
                values[name] = process(values[name])
        return values


_COMPILED: dict[tuple[int, str, tuple[str, ...]], tuple[Executable, _Compiled]] = {}


def _compiled(
    statement: Executable, dialect: Dialect, params: Mapping[str, Any] | None = None
) -> _Compiled:
    """The driver's SQL for `statement`, compiled on its first use: hot statements are
    module constants or cached builders, so each is compiled once per process. An insert
    names the columns its parameters give (the others take their defaults)."""
    keys = tuple(params) if params is not None and getattr(statement, "is_insert", False) else ()
    key = (id(statement), dialect.name, keys)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is statement:
        return cached[1]
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=dialect, column_keys=list(keys) if keys else None
    )
    defaults = {name: value for name, value in compiled.params.items() if value is not None}
    processors = {k: v for k, v in compiled._bind_processors.items() if v}
    entry = _Compiled(str(compiled), defaults, processors, _generated(statement, keys))
    # Kept with the statement itself, so an id reused after garbage collection never matches.
    _COMPILED[key] = (statement, entry)
    return entry


def _generated(statement: Executable, keys: tuple[str, ...]) -> dict[str, Callable[[], Any]]:
    """What the engine would fill in for an insert's columns missing from `keys`: their
    Python defaults (a constant, or a function such as a new id or the current time)."""
    if not keys:
        return {}
    made: dict[str, Callable[[], Any]] = {}
    for column in statement.table.columns:  # type: ignore[attr-defined]
        default = column.default
        if column.key in keys or default is None:
            continue
        if default.is_callable:
            made[column.key] = partial(default.arg, None)
        elif default.is_scalar and default.arg is not None:
            made[column.key] = partial(copy.copy, default.arg)
    return made


@dataclass
class Result:
    """The rows of one statement of a trip, readable once the trip has ended or waited."""

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
    """Statements sent in one transaction. `pipelined`: the results arrive when the trip
    ends or `wait` is called (PostgreSQL); otherwise each statement has run when `send`
    returns."""

    pipelined: bool
    _engine: AsyncEngine
    _connection: psycopg.AsyncConnection[Any] | AsyncConnection
    _pipeline: psycopg.AsyncPipeline | None = None
    _merchant: dict[str, Any] = field(default_factory=dict)

    async def send(self, statement: Executable, params: Mapping[str, Any]) -> Result:
        if isinstance(self._connection, AsyncConnection):
            rows = await self._connection.execute(statement, {**params, **self._merchant})
            return Result(_rows=list(rows.all()) if rows.returns_rows else [])
        compiled = _compiled(statement, self._engine.dialect, params)
        values = compiled.values(params)
        cursor = self._connection.cursor()
        self._watched(cursor, compiled.sql, values)
        await cursor.execute(compiled.sql, values)
        return Result(_cursor=cursor)

    async def send_many(self, statement: Executable, rows: Sequence[Mapping[str, Any]]) -> None:
        """`statement` once per row of parameters (an insert of several rows); no results."""
        if not rows:
            return
        if isinstance(self._connection, AsyncConnection):
            await self._connection.execute(statement, [{**r, **self._merchant} for r in rows])
            return
        compiled = _compiled(statement, self._engine.dialect, rows[0])
        values = [compiled.values(row) for row in rows]
        cursor = self._connection.cursor()
        self._watched(cursor, compiled.sql, values)
        await cursor.executemany(compiled.sql, values)

    async def wait(self) -> None:
        """Send what is queued and wait for its answers: the results sent so far become
        readable, and the trip goes on in the same transaction (one more round trip)."""
        if self._pipeline is not None:
            await self._pipeline.sync()

    def _watched(self, cursor: Any, sql: str, values: Any) -> None:
        # Whoever watches the engine's statements (a statement count, a test's tenancy
        # guard) sees these too.
        watchers = self._engine.sync_engine.dispatch.before_cursor_execute
        if watchers:
            watchers(None, cursor, sql, values, None, isinstance(values, list))

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
            async with _pipelined(driver) as pipeline:
                yield Trip(True, engine, driver, pipeline)
        except psycopg.OperationalError as exc:
            # The one error the app answers as "busy, try again" (a timeout, a lost server).
            raise OperationalError(None, None, exc) from exc


@asynccontextmanager
async def _pipelined(driver: psycopg.AsyncConnection[Any]) -> AsyncIterator[psycopg.AsyncPipeline]:
    # Autocommit for the trip, so psycopg sends no BEGIN of its own (it would wait for its
    # answer): our BEGIN and COMMIT travel inside the pipeline. The pool's connection goes
    # back as it came, whatever happens.
    await driver.set_autocommit(True)
    try:
        try:
            async with driver.pipeline() as pipeline:
                await driver.execute("BEGIN")
                try:
                    yield pipeline
                except BaseException:
                    # Refused in the middle of a trip (`Trip.wait`): the ROLLBACK travels
                    # with the pipeline's closing sync, no round trip of its own.
                    if not driver.broken:
                        await driver.execute("ROLLBACK")
                    raise
                await driver.execute("COMMIT")
        except BaseException:
            # A statement that failed on the server skips what followed it (the ROLLBACK
            # too): the transaction is still open, in error.
            if not driver.broken and driver.info.transaction_status != _IDLE:
                await driver.execute("ROLLBACK")
            raise
    finally:
        if not driver.broken:  # a broken one is dropped by the pool on its return
            await driver.set_autocommit(False)
