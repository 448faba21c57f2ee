"""The cells that look past one server: round trips per request on the wire, and the
lookups through PgBouncer in transaction pooling."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from rich.console import Console
from sqlalchemy.engine import make_url

from bench import api, pg_dataset
from bench.api import Cell
from bench.config import RESULTS_DIR, Config
from bench.cpu import measured
from bench.pgbouncer import binary, pgbouncer
from bench.report import WRITES, Results
from bench.roundtrips import Counter, counting_proxy
from bench.server import serving
from bench.stats import Summary

# Requests per counted operation: round trips are a count, not a timing (a few suffice).
COUNTED_REQUESTS = 40
APP_ROLE = "patronage_app"


def _through(url: str, port: int, **query: str) -> str:
    return (
        make_url(url)
        .set(host="127.0.0.1", port=port)
        .update_query_dict(query)
        .render_as_string(False)
    )


def round_trips(
    config: Config,
    dataset: pg_dataset.Dataset,
    pools: dict[str, list[str]],
    results: Results,
    console: Console,
) -> None:
    """Each lookup shape and checkout write through a counting proxy: `ReadyForQuery`
    messages per request (one server worker; the pool warmed first)."""
    target = make_url(config.app_database_url)
    with (
        console.status("round trips per request…"),
        counting_proxy(target.host or "127.0.0.1", target.port or 5432) as (port, counter),
    ):
        url = _through(config.app_database_url, port, sslmode="disable", gssencmode="disable")
        with serving(url, workers=1, log=RESULTS_DIR / "server-round-trips.log") as server:
            trips = asyncio.run(_count(server.port, config, dataset, pools, counter))
    results.notes["round_trips_per_request"] = trips
    console.print("  counted the round trips per request")


async def _count(
    port: int,
    config: Config,
    dataset: pg_dataset.Dataset,
    pools: dict[str, list[str]],
    counter: Counter,
) -> dict[str, float | None]:
    auth = await api.sign_in(
        port, dataset.cashier_email, dataset.password, dataset.big_brand.merchant_id
    )
    cell = Cell(1, COUNTED_REQUESTS, 60)
    operations: dict[str, Callable[[Cell], Awaitable[Summary]]] = {
        f"lookup.{shape}": partial(api.lookup, port, queries, auth, limit=config.page_size)
        for shape, queries in pools.items()
    }
    first = pg_dataset.reserve_fresh_indexes(config, COUNTED_REQUESTS * 2)
    flow = api.Checkout(port, auth, first_index=first, seed=config.seed)
    steps = [flow.create_customers, flow.open_orders, flow.attach, flow.change, flow.complete]
    operations.update(zip(WRITES, steps, strict=True))
    trips: dict[str, float | None] = {}
    for name, operation in operations.items():
        if name.startswith("lookup."):
            await operation(Cell(1, 5, 60))  # warm: the token's region known, the pool used
        before = counter.read()
        summary = await operation(cell)
        requests = summary.count + summary.errors
        trips[name] = round((counter.read() - before) / requests, 2) if requests else None
    return trips


def pooled(
    config: Config,
    dataset: pg_dataset.Dataset,
    pools: dict[str, list[str]],
    results: Results,
    console: Console,
) -> None:
    """The lookups through PgBouncer in transaction pooling (no prepared statements, the
    binding per transaction): at concurrency 1 (with CPU) and 8."""
    if binary() is None:
        console.print("  PgBouncer is not installed: its cell is skipped")
        return
    target = make_url(config.app_database_url)
    with (
        console.status("lookups through PgBouncer…"),
        pgbouncer(
            host=target.host or "127.0.0.1",
            port=target.port or 5432,
            users=[APP_ROLE],
            pool_size=2 * config.workers,
        ) as port,
    ):
        url = _through(config.app_database_url, port)
        env = {"PATRONAGE_DATABASE_TRANSACTION_POOLER": "true"}
        with serving(
            url, workers=config.workers, log=RESULTS_DIR / "server-pgbouncer.log", env=env
        ) as server:
            auth = asyncio.run(
                api.sign_in(
                    server.port,
                    dataset.cashier_email,
                    dataset.password,
                    dataset.big_brand.merchant_id,
                )
            )
            for concurrency in (1, 8):
                cell = Cell(concurrency, config.requests, config.cell_seconds)
                meter = server.cpu if concurrency == 1 else None
                run = partial(api.healthz, server.port, cell)
                name = f"pgbouncer.api.c{concurrency}"
                results.add(f"{name}.healthz", asyncio.run(measured(meter, run)))
                for shape, queries in pools.items():
                    run = partial(
                        api.lookup, server.port, queries, auth, cell, limit=config.page_size
                    )
                    results.add(f"{name}.lookup.{shape}", asyncio.run(measured(meter, run)))
    console.print("  measured the lookups through PgBouncer")
