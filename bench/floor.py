"""The floor: the very statements a lookup runs, replayed on one plain connection.

Rather than re-typing the repository's SQL, each measured query is answered once by the
directory's own service (`customer_service.search_customers`) in this process, and every
statement it sends to the driver is recorded with its parameters (an SQLAlchemy
`before_cursor_execute` listener). Replaying those statements on one psycopg connection,
acting as the application's role with its settings, in one transaction per lookup, gives
the time the database needs for the lookup: what remains of the API's time is the
framework, the ORM, authentication and HTTP.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import event

from bench.stats import Summary, summarize
from patronage.core import tenancy
from patronage.core.db import Database, postgres_options
from patronage.core.settings import Settings
from patronage.directory import service as customer_service
from patronage.identity.merchants import service as merchant_service


@dataclass(frozen=True)
class Lookup:
    """The statements (with parameters) one lookup sent to the database."""

    query: str
    statements: list[tuple[str, Any]]


async def capture(
    database_url: str, merchant_id: uuid.UUID, queries: Sequence[str], *, limit: int
) -> list[Lookup]:
    """Answer each query through the service once, recording the SQL it runs."""
    database = Database(Settings(database_url=database_url, env="development"))
    recorded: list[tuple[str, Any]] = []

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        recorded.append((statement, parameters))

    merchant = tenancy.trusted_merchant_id(merchant_id)
    lookups = []
    try:
        for query in queries:
            async with database.unit_of_work() as session:
                await tenancy.bind(session, merchant_id=merchant)
                # The API's token lookup brings the brand along: so does the floor's session
                # (held here, as the identity map holds instances weakly).
                _brand = await merchant_service.get_merchant(session, merchant)
                await session.commit()
                recorded.clear()
                await customer_service.search_customers(
                    session, merchant, query=query, limit=limit, cursor=None, include_deleted=False
                )
            lookups.append(Lookup(query, list(recorded)))
    finally:
        await database.dispose()
    return lookups


def replay(
    dsn: str, settings: Settings, lookups: Sequence[Lookup], *, count: int, time_cap_s: float
) -> Summary:
    """Run the recorded lookups `count` times in turn on one connection, timing each."""
    with _connect(dsn, settings) as conn:
        for lookup in lookups[: min(len(lookups), 50)]:  # warm the plans and the cache
            _run(conn, lookup)
        latencies: list[float] = []
        started = time.perf_counter()
        deadline = started + time_cap_s
        for index in range(count):
            if time.perf_counter() >= deadline:
                break
            begun = time.perf_counter()
            _run(conn, lookups[index % len(lookups)])
            latencies.append(time.perf_counter() - begun)
        elapsed = time.perf_counter() - started
    return summarize(latencies, errors=0, seconds=elapsed, concurrency=1)


def _connect(dsn: str, settings: Settings) -> psycopg.Connection[Any]:
    # The application's connection options and login role (`dsn`), so that the plan cache
    # and row-level security cost the floor what they cost the application.
    return psycopg.connect(dsn, options=postgres_options(settings))


def _run(conn: psycopg.Connection[Any], lookup: Lookup) -> None:
    with conn.cursor() as cursor:
        for statement, parameters in lookup.statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
    conn.commit()
