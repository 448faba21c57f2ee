"""The naive design many POS systems ship: `ILIKE '%q%'` over name, phone and email.

Its table holds the same customers as the application's, in a schema of its own, with
nothing but a primary key: no folded name, no phone forms, no lookup index.
"""

from __future__ import annotations

import time

import psycopg
from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid

from bench.stats import Summary, summarize

SCHEMA = "naive"

metadata = MetaData(schema=SCHEMA)
customers = Table(
    "customers",
    metadata,
    Column("merchant_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("email", String(254)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

QUERY = (
    "SELECT id, name, phone, email FROM naive.customers"
    " WHERE merchant_id = %(merchant_id)s"
    " AND (name ILIKE %(pattern)s OR phone ILIKE %(pattern)s OR email ILIKE %(pattern)s)"
    " ORDER BY name LIMIT %(limit)s"
)


def pattern(typed: str) -> str:
    """What the naive design searches for: the text as typed, anywhere in the field."""
    escaped = typed.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def measure(
    dsn: str, merchant_id: object, queries: list[str], *, count: int, limit: int, time_cap_s: float
) -> Summary:
    """The naive lookup of `queries` in turn on one connection, `count` times at most."""
    latencies: list[float] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(QUERY, {"merchant_id": merchant_id, "pattern": "%warm%", "limit": limit})
        started = time.perf_counter()
        for index in range(count):
            if time.perf_counter() - started >= time_cap_s:
                break
            params = {"merchant_id": merchant_id, "pattern": pattern(queries[index % len(queries)]),
                      "limit": limit}  # fmt: skip
            begun = time.perf_counter()
            conn.execute(QUERY, params).fetchall()
            latencies.append(time.perf_counter() - begun)
        elapsed = time.perf_counter() - started
    return summarize(latencies, errors=0, seconds=elapsed, concurrency=1)
