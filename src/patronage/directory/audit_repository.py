"""Queries of customers' audit trail and of the figures reports draw from it."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import dialect_name
from patronage.core.tenancy import MerchantId
from patronage.directory.models import Customer, CustomerEvent

_SQLITE_QUARTER_HOUR = (
    "strftime('%Y-%m-%d %H:', customers.created_at) || "
    "printf('%02d', (CAST(strftime('%M', customers.created_at) AS INTEGER) / 15) * 15)"
)


def add_event(session: AsyncSession, event: CustomerEvent) -> CustomerEvent:
    session.add(event)
    return event


async def list_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[CustomerEvent]:
    """A customer's events, newest first, strictly before `before`."""
    query = (
        select(CustomerEvent)
        .where(CustomerEvent.merchant_id == merchant_id, CustomerEvent.customer_id == customer_id)
        .order_by(CustomerEvent.created_at.desc(), CustomerEvent.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(tuple_(CustomerEvent.created_at, CustomerEvent.id) < before)
    return list((await session.execute(query)).scalars())


async def count_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actions: Collection[str],
    start: datetime,
    end: datetime,
) -> dict[str, int]:
    """How many events of each of `actions` the brand had in [start, end) (0 included)."""
    result = await session.execute(
        select(CustomerEvent.action, func.count())
        .where(
            CustomerEvent.merchant_id == merchant_id,
            CustomerEvent.action.in_(list(actions)),
            CustomerEvent.created_at >= start,
            CustomerEvent.created_at < end,
        )
        .group_by(CustomerEvent.action)
    )
    counted = dict(result.all())
    return {action: counted.get(action, 0) for action in actions}


async def count_created(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime, tz: str
) -> list[tuple[Any, str, int]]:
    """Customers created in [start, end) per local day (PostgreSQL) or per UTC quarter-hour
    (SQLite, which has no time zones; the caller folds those into local days)."""
    if dialect_name(session) == "postgresql":
        bucket: Any = func.date(func.timezone(literal(tz), Customer.created_at))
    else:
        bucket = literal_column(_SQLITE_QUARTER_HOUR)
    result = await session.execute(
        select(bucket, Customer.source, func.count())
        .where(
            Customer.merchant_id == merchant_id,
            Customer.created_at >= start,
            Customer.created_at < end,
        )
        .group_by(bucket, Customer.source)
    )
    return [(b, source, count) for b, source, count in result.all()]
