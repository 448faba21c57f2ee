"""The embedded default's data set: a SQLite file migrated by the project, one brand.

Rows come from the same generator as PostgreSQL's; they are inserted through SQLAlchemy
Core with the project's table objects (so every value is stored exactly as the
application stores it). No `ANALYZE` is run: the embedded default is measured as an
operator gets it. Lookups only: orders are not generated here.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from rich.console import Console
from sqlalchemy import Connection, create_engine, text

from bench.brands import brand_to_json, create_brands
from bench.config import Config
from bench.generate import Chunk, Sample, chunk_rows, plan_chunks
from bench.pg_dataset import Dataset, fingerprint, progress_bar
from bench.rows import Row
from patronage.core import migrate
from patronage.core.columns import Base
from patronage.core.settings import Settings

TABLES = ("users", "customers", "customer_contacts", "customer_name_terms")


def ensure(config: Config, console: Console) -> Dataset:
    """The SQLite data set of `BENCH_SQLITE_CUSTOMERS` customers in one brand."""
    size = config.sqlite_customers
    wanted = fingerprint(config, customers=size, big=size, brands=1)
    cached = _read_marker(config, wanted)
    if cached is not None:
        console.print(f"[green]SQLite data set cached[/] ({config.sqlite_path.name})")
        return cached
    console.print(f"Generating the SQLite data set ({size:,} customers in one brand)…")
    return _build(config, wanted, console)


def _url(config: Config, driver: str = "") -> str:
    return f"sqlite{driver}:///{config.sqlite_path}"


def _read_marker(config: Config, wanted: str) -> Dataset | None:
    if not config.sqlite_path.exists():
        return None
    engine = create_engine(_url(config))
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM bench_marker WHERE key = 'dataset'")).first()
    except Exception:
        return None
    finally:
        engine.dispose()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row[0])
    if data.get("fingerprint") != wanted:
        return None
    return Dataset.from_json(data)


def _build(config: Config, wanted: str, console: Console) -> Dataset:
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        config.sqlite_path.with_name(config.sqlite_path.name + suffix).unlink(missing_ok=True)
    async_url = _url(config, "+aiosqlite")
    asyncio.run(migrate.upgrade(Settings(database_url=async_url, env="development")))
    brands, staff = asyncio.run(create_brands(async_url, 1))
    chunks = plan_chunks(
        brands, [config.sqlite_customers], orders_per_customer=0, seed=config.seed + 1
    )
    engine = create_engine(_url(config))
    samples: list[Sample] = []
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            with progress_bar(console) as progress:
                task = progress.add_task("SQLite customers", total=config.sqlite_customers)
                for tables, found, people in _generated(chunks):
                    _insert(conn, tables)
                    samples.extend(found)
                    progress.advance(task, people)
            counts = {t: int(conn.scalar(text(f"SELECT count(*) FROM {t}")) or 0) for t in TABLES}
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
    finally:
        engine.dispose()
    console.print(f"Loaded in {dataset.load_seconds:.0f} s: {counts}")
    return dataset


def _insert(conn: Connection, tables: dict[str, list[Row]]) -> None:
    for name in TABLES:
        if tables.get(name):
            conn.execute(Base.metadata.tables[name].insert(), tables[name])


def _generated(chunks: list[Chunk]) -> Iterator[tuple[dict[str, list[Row]], list[Sample], int]]:
    workers = max(1, min(2, os.cpu_count() or 1))
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(_rows, chunks)


def _rows(chunk: Chunk) -> tuple[dict[str, list[Row]], list[Sample], int]:
    tables, samples = chunk_rows(chunk)
    return {t: tables[t] for t in TABLES}, samples, chunk.stop - chunk.start


def _write_marker(conn: Connection, dataset: Dataset, wanted: str) -> None:
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
    conn.execute(text("CREATE TABLE IF NOT EXISTS bench_marker (key TEXT PRIMARY KEY, value TEXT)"))
    conn.execute(
        text("INSERT OR REPLACE INTO bench_marker VALUES ('dataset', :value)"),
        {"value": json.dumps(value)},
    )
