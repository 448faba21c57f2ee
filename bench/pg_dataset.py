"""The PostgreSQL data set: a fresh database migrated by the project, bulk-loaded with COPY.

A marker (schema `bench`) records the sizes and a fingerprint of the schema and of this
generator; when it matches, a re-run only measures. Otherwise the database is dropped,
created again, migrated with `patronage.core.migrate.upgrade`, and loaded: brands through
the project's services, customers and orders generated in worker processes and streamed
with COPY, secondary indexes dropped during the load and rebuilt from their own
definitions afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import psycopg
from psycopg import sql
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from bench import naive
from bench.brands import brand_from_json, brand_to_json, create_brands
from bench.config import HERE, Config
from bench.copytext import TableText
from bench.generate import Chunk, Sample, brand_sizes, chunk_rows, plan_chunks
from bench.rows import Brand
from patronage.core import migrate
from patronage.core.columns import Base
from patronage.core.settings import Settings

GENERATOR_VERSION = 2
LOADED_TABLES = (
    "users",
    "customers",
    "customer_contacts",
    "customer_name_terms",
    "sale_orders",
    "sale_order_lines",
)
_GENERATOR_FILES = (
    "people.py",
    "rows.py",
    "generate.py",
    "copytext.py",
    "naive.py",
    "pg_dataset.py",
)


@dataclass(frozen=True)
class Dataset:
    """What the measurements need to know about the loaded data."""

    brands: list[Brand]
    samples: list[Sample]
    cashier_email: str
    owner_email: str
    password: str
    load_seconds: float
    counts: dict[str, int]

    @property
    def big_brand(self) -> Brand:
        return self.brands[0]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dataset:
        """The data set as its cache marker recorded it."""
        return cls(
            brands=[brand_from_json(b) for b in data["brands"]],
            samples=[Sample(**s) for s in data["samples"]],
            cashier_email=data["cashier_email"],
            owner_email=data["owner_email"],
            password=data["password"],
            load_seconds=data["load_seconds"],
            counts=data["counts"],
        )


def fingerprint(config: Config, *, customers: int, big: int, brands: int) -> str:
    """Changes when the sizes, the seed, the migrations or this generator change."""
    digest = hashlib.sha256()
    digest.update(json.dumps([customers, big, brands, config.orders_per_customer, config.seed,
                              GENERATOR_VERSION]).encode())  # fmt: skip
    for path in sorted((migrate.MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    for name in _GENERATOR_FILES:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def ensure(config: Config, console: Console) -> Dataset:
    """The loaded data set, from the cache when it matches, else generated now."""
    wanted = fingerprint(
        config, customers=config.customers, big=config.big_brand, brands=config.brands
    )
    cached = _read_marker(config, wanted)
    if cached is not None:
        console.print(f"[green]PostgreSQL data set cached[/] ({config.database_name}, {wanted})")
        return cached
    console.print(f"Generating the PostgreSQL data set ({config.customers:,} customers)…")
    return _build(config, wanted, console)


def _read_marker(config: Config, wanted: str) -> Dataset | None:
    try:
        with psycopg.connect(config.database_dsn, connect_timeout=5) as conn:
            row = conn.execute("SELECT value FROM bench.marker WHERE key = 'dataset'").fetchone()
    except psycopg.Error:
        return None
    if row is None or row[0].get("fingerprint") != wanted:
        return None
    data: dict[str, Any] = row[0]
    return Dataset.from_json(data)


def _build(config: Config, wanted: str, console: Console) -> Dataset:
    started = time.perf_counter()
    _recreate_database(config)
    settings = Settings(
        database_url=config.app_database_url,
        database_admin_url=config.database_url,
        env="development",
    )
    asyncio.run(migrate.upgrade(settings))
    brands, staff = asyncio.run(create_brands(config.database_url, config.brands))
    sizes = brand_sizes(config.customers, config.big_brand, config.brands)
    chunks = plan_chunks(
        brands, sizes, orders_per_customer=config.orders_per_customer, seed=config.seed
    )
    with psycopg.connect(config.database_dsn, autocommit=True) as conn:
        samples = _load(conn, chunks, config.customers, console)
        _finish(conn, brands, sizes, config, console)
        counts = _counts(conn)
        dataset = Dataset(
            brands=brands,
            samples=samples,
            cashier_email=staff.cashier_email,
            owner_email=staff.owner_email,
            password=staff.password,
            load_seconds=round(time.perf_counter() - started, 1),
            counts=counts,
        )
        _write_marker(conn, dataset, wanted)
    console.print(f"Loaded in {dataset.load_seconds:.0f} s: {counts}")
    return dataset


def _recreate_database(config: Config) -> None:
    name = sql.Identifier(config.database_name)
    with psycopg.connect(config.postgres_admin_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _load(
    conn: psycopg.Connection[Any], chunks: list[Chunk], total: int, console: Console
) -> list[Sample]:
    _disable_foreign_key_triggers(conn)
    conn.execute(f"CREATE SCHEMA {naive.SCHEMA}")
    conn.execute(str(CreateTable(naive.customers).compile(dialect=postgresql.dialect())))  # type: ignore[no-untyped-call]
    indexes = _drop_secondary_indexes(conn)
    samples: list[Sample] = []
    with progress_bar(console) as progress:
        task = progress.add_task("customers and their orders", total=total)
        for texts, found, people in _generated(chunks):
            for table, text in texts.items():
                with conn.cursor().copy(_copy_sql(table)) as copy:
                    copy.write(text)
            samples.extend(found)
            progress.advance(task, people)
        rebuild = progress.add_task("indexes", total=len(indexes))
        conn.execute("SET maintenance_work_mem = '512MB'")
        for definition in indexes:
            conn.execute(definition)
            progress.advance(rebuild)
    return samples


def _generated(chunks: list[Chunk]) -> Iterator[tuple[dict[str, str], list[Sample], int]]:
    # Generating rows is the slow part: worker processes do it while this process
    # streams finished chunks to PostgreSQL.
    workers = max(1, min(2, os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        yield from pool.imap(_chunk_text, chunks)


_TEXT: dict[str, TableText] = {}


def _chunk_text(chunk: Chunk) -> tuple[dict[str, str], list[Sample], int]:
    tables, samples = chunk_rows(chunk)
    texts = {table: _table_text(table).lines(rows) for table, rows in tables.items()}
    return texts, samples, chunk.stop - chunk.start


def _table_text(table: str) -> TableText:
    if table not in _TEXT:
        source = naive.customers if table == "naive" else Base.metadata.tables[table]
        _TEXT[table] = TableText(source)
    return _TEXT[table]


def _copy_sql(table: str) -> str:
    return _table_text(table).copy_sql


def _disable_foreign_key_triggers(conn: psycopg.Connection[Any]) -> None:
    # The generator writes consistent rows; checking each foreign key row by row would
    # double the load time. Needs a superuser; without one the load is only slower.
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
        conn.execute("SET session_replication_role = replica")


def _drop_secondary_indexes(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace"
        " WHERE n.nspname = 'public' AND t.relname = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        (list(LOADED_TABLES),),
    ).fetchall()
    for name, _ in rows:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _, definition in rows]


def _finish(
    conn: psycopg.Connection[Any],
    brands: list[Brand],
    sizes: list[int],
    config: Config,
    console: Console,
) -> None:
    # Orders were numbered by the generator: new ones continue after them.
    for brand, size in zip(brands, sizes, strict=True):
        conn.execute(
            "UPDATE merchants SET order_sequence = %s WHERE id = %s",
            (round(size * config.orders_per_customer), brand.merchant_id),
        )
    with console.status("VACUUM ANALYZE…"):
        for table in (*LOADED_TABLES, "naive.customers", "merchants"):
            conn.execute(f"VACUUM (ANALYZE) {table}")


def server_version(config: Config) -> str:
    """The PostgreSQL server's version string."""
    with psycopg.connect(config.database_dsn, connect_timeout=5) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def reserve_fresh_indexes(config: Config, count: int) -> int:
    """The first of `count` person indexes no earlier run used: new customers' contacts
    must not collide with the data set's nor with those created by earlier runs."""
    start = config.customers + 1000
    with psycopg.connect(config.database_dsn, autocommit=True) as conn:
        row = conn.execute(
            "INSERT INTO bench.marker VALUES ('fresh', jsonb_build_object('next', %s::int))"
            " ON CONFLICT (key) DO UPDATE SET value = jsonb_build_object("
            "'next', (bench.marker.value->>'next')::int + %s::int)"
            " RETURNING (value->>'next')::int",
            (start + count, count),
        ).fetchone()
    assert row is not None
    return int(row[0]) - count


def _counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    counts = {}
    for table in (*LOADED_TABLES, "naive.customers"):
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def _write_marker(conn: psycopg.Connection[Any], dataset: Dataset, wanted: str) -> None:
    value = {
        "fingerprint": wanted,
        "brands": [brand_to_json(b) for b in dataset.brands],
        "samples": [asdict(s) for s in dataset.samples],
        "cashier_email": dataset.cashier_email,
        "owner_email": dataset.owner_email,
        "password": dataset.password,
        "load_seconds": dataset.load_seconds,
        "counts": dataset.counts,
    }
    conn.execute("CREATE SCHEMA IF NOT EXISTS bench")
    conn.execute("CREATE TABLE IF NOT EXISTS bench.marker (key text PRIMARY KEY, value jsonb)")
    conn.execute(
        "INSERT INTO bench.marker VALUES ('dataset', %s)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (json.dumps(value),),
    )


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
