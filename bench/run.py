"""One benchmark run: the PostgreSQL data set and its measurements, then SQLite, then the report."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import psycopg
import uvloop
from rich.console import Console

from bench import api, floor, naive, pg_dataset, report, sqlite_dataset, wire
from bench.api import Cell
from bench.config import RESULTS_DIR, Config, load_config
from bench.cpu import CpuMeter, measured
from bench.machine import machine_facts
from bench.queries import query_pools
from bench.server import Served, serving
from bench.stats import Summary
from patronage.core.settings import Settings

CONCURRENCY = (1, 4, 8)
WARMUP_REQUESTS = 200


def main() -> None:
    """Run everything `BENCH_*` asks for and write `bench/results/latest.json`."""
    config = load_config()
    # Wide enough for the tables when the output is not a terminal (a log, CI).
    console = Console(width=None if sys.stdout.isatty() else 160)
    started = time.perf_counter()
    results = report.Results(machine=machine_facts(), sizes=config.sizes())
    try:
        with exclusive(config, console):
            _postgres(config, results, console)
        if config.sqlite_customers:
            _sqlite(config, results, console)
    finally:
        results.notes["total_seconds"] = round(time.perf_counter() - started, 1)
        report.write(results, RESULTS_DIR / "latest.json")
        (RESULTS_DIR / "latest.md").write_text(report.markdown(results))
        report.print_tables(results, console)
        console.print(f"Written to {RESULTS_DIR / 'latest.json'}")


@contextmanager
def exclusive(config: Config, console: Console) -> Iterator[None]:
    """Hold the bench database for this run: a second run waits instead of dropping it
    under the first (a session advisory lock, released when its connection closes)."""
    key = int.from_bytes(hashlib.sha256(config.database_name.encode()).digest()[:4], "big")
    with psycopg.connect(config.postgres_admin_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        if not (row and row[0]):
            with console.status("another benchmark run holds the bench database; waiting…"):
                conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        yield


def _postgres(config: Config, results: report.Results, console: Console) -> None:
    dataset = pg_dataset.ensure(config, console)
    results.sizes["postgres_rows"] = dataset.counts
    results.notes["postgres_load_seconds"] = dataset.load_seconds
    results.machine["postgres"] = pg_dataset.server_version(config)
    pools = query_pools(dataset.samples, seed=config.seed)
    big = dataset.big_brand
    with serving(
        config.app_database_url, workers=config.workers, log=RESULTS_DIR / "server.log"
    ) as server:
        port = server.port
        auth = _run(api.sign_in(port, dataset.cashier_email, dataset.password, big.merchant_id))
        results.notes["first_page_sizes"] = _run(_first_pages(port, pools, auth, config.page_size))
        _run(_warm_up(port, pools, auth, config, console))
        for concurrency in CONCURRENCY:
            meter = server.cpu if concurrency == 1 else None
            _lookups(port, pools, auth, config, results, console, concurrency, meter)
        first_fresh = pg_dataset.reserve_fresh_indexes(config, config.write_requests * 2)
        _run(_checkout(server, auth, config, results, console, first_index=first_fresh))
    wire.round_trips(config, dataset, pools, results, console)
    wire.pooled(config, dataset, pools, results, console)
    _floor(config, big.merchant_id, pools, results, console)
    with console.status("naive design (ILIKE '%q%')…"):
        for shape, queries in pools.items():
            results.add(
                f"naive.lookup.{shape}",
                naive.measure(
                    config.database_dsn,
                    big.merchant_id,
                    queries,
                    count=config.naive_requests,
                    limit=config.page_size,
                    time_cap_s=config.cell_seconds,
                ),
            )


def _lookups(
    port: int,
    pools: dict[str, list[str]],
    auth: dict[str, str],
    config: Config,
    results: report.Results,
    console: Console,
    concurrency: int,
    meter: CpuMeter | None,
) -> None:
    cell = Cell(concurrency, config.requests, config.cell_seconds)
    with console.status(f"API at concurrency {concurrency}…"):
        results.add(
            f"api.c{concurrency}.healthz", _run(measured(meter, lambda: api.healthz(port, cell)))
        )
        for shape, queries in pools.items():
            summary = _run(
                measured(
                    meter, partial(api.lookup, port, queries, auth, cell, limit=config.page_size)
                )
            )
            results.add(f"api.c{concurrency}.lookup.{shape}", summary)
    console.print(f"  measured the API at concurrency {concurrency}")


async def _first_pages(
    port: int, pools: dict[str, list[str]], auth: dict[str, str], limit: int
) -> dict[str, dict[str, float]]:
    """How many customers the measured queries return (so nobody times empty answers)."""
    sizes = {}
    for shape, queries in pools.items():
        counts = await api.result_counts(port, queries[:50], auth, limit=limit)
        sizes[shape] = {
            "mean": round(sum(counts) / len(counts), 1),
            "empty": sum(1 for c in counts if c == 0),
        }
    return sizes


async def _warm_up(
    port: int, pools: dict[str, list[str]], auth: dict[str, str], config: Config, console: Console
) -> None:
    with console.status("warming up…"):
        cell = Cell(8, WARMUP_REQUESTS, config.cell_seconds)
        await api.healthz(port, cell)
        for queries in pools.values():
            await api.lookup(port, queries, auth, cell, limit=config.page_size)


async def _checkout(
    server: Served,
    auth: dict[str, str],
    config: Config,
    results: report.Results,
    console: Console,
    *,
    first_index: int,
) -> None:
    flow = api.Checkout(server.port, auth, first_index=first_index, seed=config.seed)
    cell = Cell(1, config.write_requests, config.cell_seconds)
    steps: list[tuple[str, Callable[[Cell], Awaitable[Summary]]]] = [
        ("create_customer", flow.create_customers),
        ("open_order", flow.open_orders),
        ("attach", flow.attach),
        ("order_change", flow.change),
        ("complete", flow.complete),
    ]
    with console.status("checkout writes…"):
        for name, step in steps:
            results.add(f"api.c1.{name}", await measured(server.cpu, partial(step, cell)))
    console.print("  measured the checkout writes")


def _floor(
    config: Config,
    merchant_id: Any,
    pools: dict[str, list[str]],
    results: report.Results,
    console: Console,
) -> None:
    settings = Settings(database_url=config.app_database_url, env="development")
    with console.status("floor: the lookups' own SQL on one connection…"):
        for shape, queries in pools.items():
            lookups = _run(
                floor.capture(config.app_database_url, merchant_id, queries, limit=config.page_size)
            )
            results.add(
                f"floor.lookup.{shape}",
                floor.replay(
                    config.app_database_dsn,
                    settings,
                    lookups,
                    count=config.requests,
                    time_cap_s=config.cell_seconds,
                ),
            )
            results.notes.setdefault("floor_statements_per_lookup", {})[shape] = round(
                sum(len(lk.statements) for lk in lookups) / len(lookups), 2
            )


def _sqlite(config: Config, results: report.Results, console: Console) -> None:
    dataset = sqlite_dataset.ensure(config, console)
    results.sizes["sqlite_rows"] = dataset.counts
    pools = query_pools(dataset.samples, seed=config.seed)
    url = f"sqlite+aiosqlite:///{config.sqlite_path}"
    big = dataset.big_brand
    with serving(url, workers=config.workers, log=RESULTS_DIR / "server-sqlite.log") as server:
        port = server.port
        auth = _run(api.sign_in(port, dataset.cashier_email, dataset.password, big.merchant_id))
        _run(_warm_up(port, pools, auth, config, console))
        cell = Cell(1, config.requests, config.cell_seconds)
        with console.status("SQLite API at concurrency 1…"):
            healthz = measured(server.cpu, lambda: api.healthz(port, cell))
            results.add("sqlite.api.c1.healthz", _run(healthz))
            for shape, queries in pools.items():
                summary = _run(
                    measured(
                        server.cpu,
                        partial(api.lookup, port, queries, auth, cell, limit=config.page_size),
                    )
                )
                results.add(f"sqlite.api.c1.lookup.{shape}", summary)
    console.print("  measured SQLite")


def _run(awaitable: Awaitable[Any]) -> Any:
    async def wrapper() -> Any:
        return await awaitable

    return uvloop.run(wrapper())
