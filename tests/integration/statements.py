"""Counting what a piece of work sends to the database: the one harness every test uses."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import ConnectionPoolEntry

from patronage.core.db import Database

# What binds a transaction to its brand or opens it: not the work being counted.
BINDING = ("select set_config", "begin")


@contextmanager
def recorded(db: Database, *, ignoring: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Every statement sent inside the block, but those starting (lower case) with `ignoring`."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().lower().startswith(ignoring or ("\0",)):
            statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


@contextmanager
def round_trips(db: Database) -> Iterator[list[int]]:
    """The network round trips to PostgreSQL inside the block, counted on the wire: libpq
    traces every connection the pool hands out (see `_round_trips`). Yields a list holding
    the count once the block has ended."""
    traces: list[Any] = []

    def trace(dbapi_conn: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed once counted)
        record.driver_connection.pgconn.trace(log.fileno())  # type: ignore[union-attr]
        traces.append((record.driver_connection, log))

    counted: list[int] = []
    event.listen(db.engine.sync_engine, "checkout", trace)
    try:
        yield counted
    finally:
        event.remove(db.engine.sync_engine, "checkout", trace)
        counted.append(sum(_round_trips(driver, log) for driver, log in traces))


def _round_trips(driver: Any, log: Any) -> int:
    driver.pgconn.untrace()  # flushes the trace
    log.seek(0)
    messages = [line.split(b"\t", 4)[1:4:2] for line in log.read().splitlines() if b"\t" in line]
    log.close()
    # Each exchange the client waits for ends with the server's ReadyForQuery (a simple
    # query, or a sync of the extended protocol: a whole pipeline is one). Replies read on
    # the way, while a pipeline is still being sent, are not waited for.
    return sum(1 for direction, kind in messages if (direction, kind) == (b"B", b"ReadyForQuery"))
