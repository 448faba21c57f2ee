"""`patronage customers …`: a brand's customer data in and out."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.progress import Progress, TaskID

from patronage.cli.common import run_with_database
from patronage.cli.progress import progress_bar
from patronage.core import tenancy
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.directory import export as customer_export
from patronage.identity.merchants import service as merchant_service

app = typer.Typer(help="Export and import a brand's customers.", no_args_is_help=True)

MerchantOption = Annotated[uuid.UUID, typer.Option("--merchant", help="The brand's id.")]


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@app.command("export")
def export(
    merchant: MerchantOption,
    format: Annotated[ExportFormat, typer.Option(help="csv (with a BOM) or jsonl.")] = (
        ExportFormat.csv
    ),
    include_deleted: Annotated[
        bool, typer.Option("--include-deleted", help="Soft-deleted customers too.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option(help="File to write (default: stdout).", dir_okay=False)
    ] = None,
) -> None:
    """Write the brand's customers as CSV or JSON Lines, with a progress bar on stderr."""

    async def work(database: Database, settings: Settings) -> None:
        merchant_id = await known_merchant(database, merchant)
        total = await customer_export.count_customers(
            database.unit_of_work, merchant_id, include_deleted=include_deleted
        )
        batches = customer_export.batches(
            database.unit_of_work, merchant_id, include_deleted=include_deleted
        )
        with progress_bar() as bar, _opened(output) as out:
            task = bar.add_task("export", total=total)
            counted = _counted(batches, bar, task)
            async for chunk in customer_export.encode(counted, format.value):
                out.write(chunk)

    run_with_database(work)


async def known_merchant(database: Database, merchant: uuid.UUID) -> MerchantId:
    """The brand named on the command line; 404 `merchant.not_found` when there is none."""
    merchant_id = tenancy.trusted_merchant_id(merchant)
    async with database.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        await merchant_service.get_merchant(session, merchant_id)
    return merchant_id


async def _counted(
    batches: AsyncIterator[list[customer_export.Record]], bar: Progress, task: TaskID
) -> AsyncIterator[list[customer_export.Record]]:
    async for records in batches:
        yield records
        bar.advance(task, len(records))


@contextmanager
def _opened(path: Path | None) -> Iterator[BinaryIO]:
    """The output file, or stdout's bytes when none is named."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with path.open("wb") as file:
        yield file
