"""Queries of data requests: always for one merchant, but the scrape's overdue count."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.data_rights.models import DataRequest
from patronage.accounts.data_rights.rules import PENDING
from patronage.core.redaction import MARKER
from patronage.core.tenancy import MerchantId

Position = tuple[datetime, uuid.UUID]


def add(session: AsyncSession, request: DataRequest) -> DataRequest:
    session.add(request)
    return request


async def get(
    session: AsyncSession, merchant_id: MerchantId, request_id: uuid.UUID, *, lock: bool = False
) -> DataRequest | None:
    """One request of the brand (held to the end of the transaction with `lock`)."""
    query = select(DataRequest).where(
        DataRequest.merchant_id == merchant_id, DataRequest.id == request_id
    )
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def queue(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    statuses: tuple[str, ...],
    after: Position | None,
    limit: int,
) -> list[DataRequest]:
    """The brand's requests in `statuses`, the nearest deadline first, strictly after `after`."""
    query = (
        select(DataRequest)
        .where(DataRequest.merchant_id == merchant_id, DataRequest.status.in_(statuses))
        .order_by(DataRequest.due_at, DataRequest.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(tuple_(DataRequest.due_at, DataRequest.id) > after)
    return list((await session.execute(query)).scalars())


async def of_customer(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[DataRequest]:
    """Every request of one customer, oldest first."""
    result = await session.execute(
        select(DataRequest)
        .where(DataRequest.merchant_id == merchant_id, DataRequest.customer_id == customer_id)
        .order_by(DataRequest.created_at, DataRequest.id)
    )
    return list(result.scalars())


async def forget_details(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> None:
    """The customer's own words in their requests are replaced by the marker (erasure)."""
    await session.execute(
        update(DataRequest)
        .where(
            DataRequest.merchant_id == merchant_id,
            DataRequest.customer_id == customer_id,
            DataRequest.details.is_not(None),
        )
        .values(details=MARKER),
        execution_options={"synchronize_session": False},
    )


async def count_overdue(session: AsyncSession, now: datetime) -> int:
    """Requests of every brand still unanswered after their deadline (the worker binding
    may read them: RLS policy `worker_reads`)."""
    result = await session.execute(
        select(func.count())
        .select_from(DataRequest)
        .where(DataRequest.status.in_(PENDING), DataRequest.due_at < now)
    )
    return int(result.scalar_one())
