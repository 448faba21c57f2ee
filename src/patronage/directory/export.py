"""The customer export: one row shape for the API and the command line, streamed in batches.

Each batch is read in a unit of work of its own (opened by the caller, the edge), so an
export of half a million customers holds one batch in memory and no transaction open while
the client reads.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.tenancy import MerchantId
from patronage.directory import export_repository
from patronage.directory.consent import rules as consent_rules
from patronage.directory.consent import service as consent_service
from patronage.directory.listing import AnyCustomer
from patronage.directory.tags import service as tag_service

Format = Literal["csv", "jsonl"]
CONSENT_COLUMNS = consent_rules.EXPORT_COLUMNS
COLUMNS = (
    "id",
    "name",
    "phones",
    "emails",
    "birthday",
    "locale",
    "note",
    "account_status",
    "source",
    "created_at",
    "updated_at",
    "deleted_at",
    # Appended: the current consent answer per purpose (`granted`, `withdrawn`, or empty).
    *CONSENT_COLUMNS,
    # Appended: the customer's tag names, by name (in CSV joined with `;`).
    "tags",
)
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
BATCH_SIZE = 1000
MULTI_SEPARATOR = ";"
BOM = "\ufeff"

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]
Record = dict[str, Any]


def record_of(
    customer: AnyCustomer,
    consents: dict[str, str] | None = None,
    tags: list[str] | None = None,
) -> Record:
    """The exported shape of a customer: phones (E.164) and emails primary first, the
    current consent answer per purpose (None where none was recorded), and its tags."""
    answers = consents or {}
    return {
        "id": str(customer.id),
        "name": customer.name,
        "phones": [c.value for c in _primary_first(customer.phones)],
        "emails": [c.value for c in _primary_first(customer.emails)],
        "birthday": customer.birthday.isoformat() if customer.birthday else None,
        "locale": customer.locale,
        "note": customer.note,
        "account_status": customer.account_status,
        "source": customer.source,
        "created_at": instant(customer.created_at),
        "updated_at": instant(customer.updated_at),
        "deleted_at": instant(customer.deleted_at),
        **{f"consent_{p}": answers.get(p) for p in consent_rules.PURPOSES},
        "tags": tags or [],
    }


def _primary_first(contacts: list[Any]) -> list[Any]:
    return sorted(contacts, key=lambda c: (not c.is_primary, c.position))


def instant(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with `Z`, as the API writes times."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def csv_cells(record: Record) -> list[str]:
    """A record as CSV cells: lists joined with `;`, nothing as an empty cell."""
    return [_cell(record[column]) for column in COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return MULTI_SEPARATOR.join(value)
    return str(value)


def filename(fmt: Format, today: date) -> str:
    """`customers-2026-12-01.csv`: what the download is saved as."""
    return f"customers-{today.isoformat()}.{fmt}"


async def count_customers(
    unit_of_work: UnitOfWork,
    merchant_id: MerchantId,
    *,
    include_deleted: bool,
    consent: str | None = None,
    tag_id: uuid.UUID | None = None,
) -> int:
    """How many customers the export will hold (for a progress bar)."""
    async with unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        return await export_repository.count(
            session, merchant_id, include_deleted=include_deleted, consent=consent, tag_id=tag_id
        )


async def tag_filter(unit_of_work: UnitOfWork, merchant_id: MerchantId, tag: str) -> uuid.UUID:
    """The id of the brand's tag `tag` names (id or name); 404 `tag.not_found` otherwise,
    before the export starts."""
    async with unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        return (await tag_service.resolve(session, merchant_id, tag)).id


async def batches(
    unit_of_work: UnitOfWork,
    merchant_id: MerchantId,
    *,
    include_deleted: bool,
    batch_size: int | None = None,
    consent: str | None = None,
    tag_id: uuid.UUID | None = None,
) -> AsyncIterator[list[Record]]:
    """The brand's customers in creation order, a batch per unit of work; with `consent`,
    only those whose current answer for that purpose is `granted`; with `tag_id`, only
    those carrying the tag."""
    limit = batch_size or BATCH_SIZE
    after: export_repository.Position | None = None
    while True:
        async with unit_of_work() as session:
            await tenancy.bind(session, merchant_id=merchant_id)
            customers = await export_repository.customers_after(
                session, merchant_id, after=after, include_deleted=include_deleted,
                limit=limit, consent=consent, tag_id=tag_id,
            )  # fmt: skip
            ids = [c.id for c in customers]
            answers = await consent_service.current_of_many(session, merchant_id, ids)
            tags = await tag_service.names_of_many(session, merchant_id, ids)
        if not customers:
            return
        yield [record_of(c, answers.get(c.id), tags.get(c.id)) for c in customers]
        last = customers[-1]
        after = (last.created_at, last.id)


async def encode(batches: AsyncIterator[list[Record]], fmt: Format) -> AsyncIterator[bytes]:
    """The export file, one chunk of UTF-8 per batch; CSV starts with a BOM and the header."""
    if fmt == "csv":
        yield (BOM + _csv_text([list(COLUMNS)])).encode()
    async for records in batches:
        if fmt == "csv":
            yield _csv_text(csv_cells(r) for r in records).encode()
        else:
            yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
