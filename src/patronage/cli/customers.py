"""`patronage customers …`: a brand's customer data in and out."""

from __future__ import annotations

import csv
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer
from rich.progress import Progress, TaskID

from patronage.cli.common import emit, run_with_database
from patronage.cli.progress import progress_bar
from patronage.core import i18n, tenancy
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.directory import export as customer_export
from patronage.directory import import_file, importing
from patronage.directory.consent import rules as consent_rules
from patronage.directory.import_file import Layout
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
    consent: Annotated[
        str | None,
        typer.Option(help="Only customers who granted this purpose (e.g. marketing_sms)."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Only customers carrying this tag (its id or name).")
    ] = None,
) -> None:
    """Write the brand's customers as CSV or JSON Lines, with a progress bar on stderr."""

    async def work(database: Database, settings: Settings) -> None:
        if consent is not None:
            consent_rules.check_purpose(consent)
        merchant_id = await known_merchant(database, merchant)
        unit_of_work = database.unit_of_work
        tag_id = None
        if tag is not None:
            tag_id = await customer_export.tag_filter(unit_of_work, merchant_id, tag)
        total = await customer_export.count_customers(
            unit_of_work, merchant_id, include_deleted=include_deleted, consent=consent,
            tag_id=tag_id,
        )  # fmt: skip
        batches = customer_export.batches(
            unit_of_work, merchant_id, include_deleted=include_deleted, consent=consent,
            tag_id=tag_id,
        )  # fmt: skip
        with progress_bar() as bar, _opened(output) as out:
            task = bar.add_task("export", total=total)
            counted = _counted(batches, bar, task)
            async for chunk in customer_export.encode(counted, format.value):
                out.write(chunk)

    run_with_database(work)


class Lang(StrEnum):
    en = "en"
    vi = "vi"


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="CSV with a header row.", exists=True, dir_okay=False)
    ],
    merchant: MerchantOption,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row, write nothing.")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="Write refused rows here, with row number and reason.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=2000, help="Rows per transaction.")
    ] = importing.BATCH_SIZE,
    lang: Annotated[Lang, typer.Option(help="Language of the reasons.")] = Lang.en,
    consent_wording: Annotated[
        str | None,
        typer.Option(
            help="Version of the consent wording the file's customers were shown (e.g. "
            "2026-01-vi); required for the consent_marketing_* columns to be recorded."
        ),
    ] = None,
) -> None:
    """Create the brand's customers from a CSV; prints a JSON summary."""
    i18n.current_lang.set(lang.value)
    options = importing.Options(consent_wording=consent_wording, dry_run=dry_run)

    async def work(database: Database, settings: Settings) -> dict[str, Any]:
        merchant_id = await known_merchant(database, merchant)
        layout = import_file.read_layout(file)
        summary = importing.Summary()
        with progress_bar() as bar, _reject_file(rejects, layout) as refuse:
            total = import_file.count_rows(file, layout)
            task = bar.add_task("import", total=total)
            imported = importing.run_import(
                database.unit_of_work, merchant_id, import_file.rows(file, layout),
                options=options, batch_size=batch_size, checkers=importing.checkers_for(total),
            )  # fmt: skip
            async for batch, outcome in imported:
                refuse(outcome.rejected)
                summary.add(len(batch), outcome)
                bar.update(task, completed=batch[-1].number - 1)
        return {**asdict(summary), "dry_run": dry_run}

    emit(run_with_database(work))


@contextmanager
def _reject_file(
    path: Path | None, layout: Layout
) -> Iterator[Callable[[list[importing.Rejected]], None]]:
    """A writer of refused rows: `row`, the row's own cells, then `reason`."""
    if path is None:
        yield lambda rejected: None
        return
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["row", *layout.header, "reason"])
        yield lambda rejected: writer.writerows(
            [str(r.row.number), *r.row.cells, importing.reason_text(r)] for r in rejected
        )


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
