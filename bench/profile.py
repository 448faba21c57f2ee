"""Where a request's server CPU goes: py-spy samples one server worker under one kind of
request at concurrency 1, and the samples are summed by the layer their innermost frame
belongs to (the driver, the ORM, the framework, the server, Patronage's own code…).

    python -m bench.profile [--seconds 20]

Uses the bench's PostgreSQL data set (made by `make bench` if missing) and prints one table
per operation: a name lookup and a customer create. Not part of `make bench`: sampling
costs the server a little CPU of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import api, pg_dataset
from bench.api import Cell
from bench.config import RESULTS_DIR, load_config
from bench.queries import query_pools
from bench.server import serving
from bench.stats import Summary

# The first matching fragment of the innermost frame's file names the layer.
LAYERS = (
    ("psycopg", "psycopg (driver)"),
    ("sqlalchemy", "SQLAlchemy"),
    ("pydantic", "Pydantic"),
    ("fastapi", "FastAPI / Starlette"),
    ("starlette", "FastAPI / Starlette"),
    ("uvicorn", "uvicorn / httptools"),
    ("httptools", "uvicorn / httptools"),
    ("argon2", "argon2"),
    ("patronage", "Patronage"),
    ("asyncio", "event loop"),
    ("uvloop", "event loop"),
)


# Threads parked on a lock or the loop waiting in `run` are not working, whatever py-spy's
# guess of idleness says: left out of the shares.
WAITING = ("Condition.wait (threading.py", "Runner.run (asyncio/runners.py")


def layer_of(stack: str) -> str:
    """The layer of a collapsed stack's innermost frame (`fn (file:line)`)."""
    innermost = stack.rsplit(";", 1)[-1]
    if innermost.startswith(WAITING):
        return "waiting"
    return next((name for fragment, name in LAYERS if fragment in innermost), "other")


def innermost(raw: str) -> Counter[str]:
    """Samples per innermost frame (`fn (file:line)`), to name what a layer spends on."""
    frames: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            frames[stack.rsplit(";", 1)[-1]] += int(count)
    return frames


def summarize(raw: str) -> Counter[str]:
    """Samples per layer from py-spy's raw output (one `stack count` a line)."""
    layers: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            layers[layer_of(stack)] += int(count)
    del layers["waiting"]
    return layers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="sampling time per operation")
    parser.add_argument("--top", type=int, default=0, help="also print the N busiest frames")
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    console = Console()
    config = load_config()
    dataset = pg_dataset.ensure(config, console)
    names = query_pools(dataset.samples, seed=config.seed)["name_word"]
    with serving(
        config.app_database_url, workers=1, log=RESULTS_DIR / "server-profile.log"
    ) as server:
        auth = asyncio.run(
            api.sign_in(
                server.port, dataset.cashier_email, dataset.password, dataset.big_brand.merchant_id
            )
        )
        cell = Cell(1, 1_000_000, args.seconds)
        first = pg_dataset.reserve_fresh_indexes(config, 100_000)
        flow = api.Checkout(server.port, auth, first_index=first, seed=config.seed)
        operations: dict[str, Callable[[], Coroutine[Any, Any, Summary]]] = {
            "lookup (one word of a name)": partial(
                api.lookup, server.port, names, auth, cell, limit=config.page_size
            ),
            "create customer": partial(flow.create_customers, cell),
        }
        for title, operation in operations.items():
            asyncio.run(api.lookup(server.port, names, auth, Cell(1, 200, 10), limit=20))
            with tempfile.NamedTemporaryFile(suffix=".txt") as out:
                spy_run = subprocess.Popen(
                    [spy, "record", "--pid", str(server.cpu.server_pid), "--subprocesses",
                     "--format", "raw", "--rate", "500", "--output", out.name,
                     "--duration", str(int(args.seconds))],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                summary = asyncio.run(operation())
                spy_run.wait(timeout=args.seconds + 30)
                raw = Path(out.name).read_text()
            console.print(_table(title, summarize(raw), summary.count))
            total = sum(innermost(raw).values()) or 1
            for frame, count in innermost(raw).most_common(args.top):
                console.print(f"  {100 * count / total:4.1f}%  {frame}")


def _table(title: str, layers: Counter[str], requests: int) -> Table:
    total = sum(layers.values()) or 1
    table = Table(title=f"{title}: {requests:,} requests, {total:,} samples (waiting excluded)")
    table.add_column("layer")
    table.add_column("share of CPU", justify="right")
    for name, count in layers.most_common():
        table.add_row(name, f"{100 * count / total:.0f}%")
    return table


if __name__ == "__main__":
    main()
