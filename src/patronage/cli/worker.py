"""`patronage worker`: delivers the outbox (SMS and email) and runs customer imports."""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer

from patronage.app import HOUSEKEEPERS, JOBS
from patronage.cli.common import emit
from patronage.core.db import Database
from patronage.core.logging import configure_logging
from patronage.core.settings import get_settings
from patronage.messaging.senders import senders_from_settings
from patronage.messaging.worker import Worker


def worker(
    once: Annotated[
        bool,
        typer.Option(
            "--once", help="Deliver what is due now, print a summary and exit (cron, tests)."
        ),
    ] = False,
) -> None:
    """Deliver queued messages with retries and run uploaded customer imports; stops
    gracefully on SIGTERM or Ctrl-C."""
    settings = get_settings()
    configure_logging(settings.log_level)

    async def _run() -> dict[str, int]:
        database = Database(settings)
        runner = Worker(
            database, settings, senders_from_settings(settings), housekeepers=HOUSEKEEPERS,
            jobs=JOBS,
        )  # fmt: skip
        try:
            if once:
                return dict((await runner.run_pass()).outcomes)
            await runner.run(_stop_on_signals())
            return {}
        finally:
            await runner.aclose()
            await database.dispose()

    outcomes = asyncio.run(_run())
    if once:
        emit({"outcomes": outcomes})


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
