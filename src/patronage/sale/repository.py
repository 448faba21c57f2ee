"""Queries of sale orders, their lines and events: always for one merchant."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    Uuid,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from patronage.core.tenancy import MerchantId, transaction_merchant
from patronage.sale.models import COMPLETED, SaleOrder, SaleOrderEvent, SaleOrderLine


@dataclass(frozen=True)
class OrderFilter:
    customer_id: uuid.UUID | None = None
    status: str | None = None
    # Keyset pagination: orders numbered below this one (newest first).
    before_number: int | None = None


@dataclass(frozen=True)
class CustomerTotals:
    order_count: int
    total_spent: int
    last_order_at: datetime | None


@dataclass(frozen=True)
class AttachmentCounts:
    completed: int
    with_customer: int


def add(session: AsyncSession, order: SaleOrder) -> SaleOrder:
    session.add(order)
    return order


def add_event(session: AsyncSession, event: SaleOrderEvent) -> SaleOrderEvent:
    session.add(event)
    return event


async def get(
    session: AsyncSession, merchant_id: MerchantId, order_id: uuid.UUID, *, for_update: bool = False
) -> SaleOrder | None:
    """The order with its lines; `for_update` locks its row until the transaction ends."""
    query = _with_lines(
        select(SaleOrder).where(SaleOrder.merchant_id == merchant_id, SaleOrder.id == order_id),
        merchant_id,
    )
    if for_update:
        # Re-read the row once the lock is ours, so the version we write back is current.
        query = query.with_for_update().execution_options(populate_existing=True)
    result = await session.execute(query)
    return result.scalar_one_or_none()


async def list_orders(
    session: AsyncSession, merchant_id: MerchantId, where: OrderFilter, *, limit: int
) -> list[SaleOrder]:
    """Orders matching `where`, newest (highest number) first, lines loaded in one query."""
    query = select(SaleOrder).where(SaleOrder.merchant_id == merchant_id)
    if where.customer_id is not None:
        query = query.where(SaleOrder.customer_id == where.customer_id)
    if where.status is not None:
        query = query.where(SaleOrder.status == where.status)
    if where.before_number is not None:
        query = query.where(SaleOrder.number < where.before_number)
    query = query.order_by(SaleOrder.number.desc()).limit(limit)
    result = await session.execute(_with_lines(query, merchant_id))
    return list(result.scalars())


async def list_events(
    session: AsyncSession, merchant_id: MerchantId, order_id: uuid.UUID
) -> list[SaleOrderEvent]:
    result = await session.execute(
        select(SaleOrderEvent)
        .where(SaleOrderEvent.merchant_id == merchant_id, SaleOrderEvent.order_id == order_id)
        .order_by(SaleOrderEvent.created_at, SaleOrderEvent.seq)
    )
    return list(result.scalars())


# Totals are summed in two halves so no sum can overflow 64 bits (SQLite's `sum` fails
# on overflow, its `total` is an inexact float): both halves stay far below 2^63 for any
# plausible count of orders, and Python joins them exactly.
_HALF = 2**32


async def customer_totals(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> CustomerTotals:
    """Count, exact sum and latest completion of the customer's completed orders."""
    result = await session.execute(
        select(
            func.count(SaleOrder.id),
            func.coalesce(func.sum(SaleOrder.total // _HALF), 0),
            func.coalesce(func.sum(SaleOrder.total % _HALF), 0),
            func.max(SaleOrder.completed_at),
        ).where(
            SaleOrder.merchant_id == merchant_id,
            SaleOrder.customer_id == customer_id,
            SaleOrder.status == COMPLETED,
        )
    )
    count, high, low, last = result.one()
    return CustomerTotals(int(count), int(high) * _HALF + int(low), last)


async def attachment_counts(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime
) -> AttachmentCounts:
    """Orders completed in [start, end), and how many of them carry a customer."""
    result = await session.execute(
        select(func.count(SaleOrder.id), func.count(SaleOrder.customer_id)).where(
            SaleOrder.merchant_id == merchant_id,
            SaleOrder.status == COMPLETED,
            SaleOrder.completed_at >= start,
            SaleOrder.completed_at < end,
        )
    )
    completed, with_customer = result.one()
    return AttachmentCounts(int(completed), int(with_customer))


def _with_lines(query: Select[SaleOrder], merchant_id: MerchantId) -> Select[SaleOrder]:
    # One more query for the lines of every order returned, scoped like any other.
    lines = SaleOrder.lines.and_(SaleOrderLine.merchant_id == merchant_id)
    return query.options(selectinload(lines))


async def count_of_customer(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> int:
    """How many orders (any status) carry the customer."""
    result = await session.execute(
        select(func.count(SaleOrder.id)).where(
            SaleOrder.merchant_id == merchant_id, SaleOrder.customer_id == customer_id
        )
    )
    return int(result.scalar_one())


async def carrying(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    among: Collection[uuid.UUID] | None = None,
) -> list[uuid.UUID]:
    """Ids of the orders carrying the customer (only those `among` the ids, when given)."""
    query = select(SaleOrder.id).where(
        SaleOrder.merchant_id == merchant_id, SaleOrder.customer_id == customer_id
    )
    if among is not None:
        query = query.where(SaleOrder.id.in_(set(among)))
    return list((await session.execute(query)).scalars())


async def change_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    order_ids: Collection[uuid.UUID],
    *,
    customer_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    at: datetime,
) -> None:
    """The orders `order_ids` carry `customer_id`, each a version further (a merge)."""
    if not order_ids:
        return
    await session.execute(
        update(SaleOrder)
        .where(SaleOrder.merchant_id == merchant_id, SaleOrder.id.in_(set(order_ids)))
        .values(
            customer_id=customer_id,
            version=SaleOrder.version + 1,
            updated_at=at,
            updated_by=actor_id,
        )
        .execution_options(synchronize_session="fetch")
    )


async def add_events(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Order events from plain values, in one statement."""
    if rows:
        await session.execute(insert(SaleOrderEvent), rows)


# ---------------------------------------------------------------- the checkout's trips
# Statements of `order_trip` (`core.trip`), built once: they read for the merchant the
# transaction acts for (`transaction_merchant`), and write the values they are given.

_MERCHANT = transaction_merchant()
ORDER_FIELDS = (
    "id",
    "number",
    "status",
    "currency",
    "subtotal",
    "total",
    "note",
    "customer_id",
    "created_at",
    "updated_at",
    "completed_at",
    "voided_at",
    "version",
)
_ORDER: Table = SaleOrder.__table__  # type: ignore[assignment]
_LINE: Table = SaleOrderLine.__table__  # type: ignore[assignment]
_EVENT: Table = SaleOrderEvent.__table__  # type: ignore[assignment]
_CHANGEABLE = (
    "status", "subtotal", "total", "note", "customer_id", "completed_at", "voided_at",
    "updated_at", "updated_by", "version",
)  # fmt: skip
_OF_ORDER = (SaleOrderLine.merchant_id == _MERCHANT) & (
    SaleOrderLine.order_id == bindparam("order_id", type_=Uuid())
)

# The order (not deleted) locked until the transaction ends, so the version written back
# is the one read; then its lines in order; then the id of its customer, as SQL.
ORDER_FOR_UPDATE: Select[Any] = (
    select(*(_ORDER.c[name] for name in ORDER_FIELDS))
    .where(
        SaleOrder.merchant_id == _MERCHANT,
        SaleOrder.id == bindparam("order_id", type_=Uuid()),
        SaleOrder.deleted_at.is_(None),
    )
    .with_for_update()
)
ORDER_LINES: Select[str, str, int, int] = (
    select(SaleOrderLine.sku, SaleOrderLine.name, SaleOrderLine.quantity, SaleOrderLine.unit_price)
    .where(_OF_ORDER)
    .order_by(SaleOrderLine.position)
)
ORDER_CUSTOMER: ColumnElement[uuid.UUID | None] = (
    select(SaleOrder.customer_id)
    .where(SaleOrder.merchant_id == _MERCHANT, SaleOrder.id == bindparam("order_id", type_=Uuid()))
    .scalar_subquery()
)


# Inserts write the columns their parameters name; the others take their defaults.
INSERT_ORDER = insert(_ORDER)
INSERT_LINE = insert(_LINE)
INSERT_EVENT = insert(_EVENT)
DELETE_LINES = delete(SaleOrderLine).where(_OF_ORDER)
# What a change may touch, written whole (parameters `set_<column>`); the version read is
# bumped.
UPDATE_ORDER = (
    update(_ORDER)
    .where(
        # An update names its table's columns only as values: the brand is a parameter.
        _ORDER.c.merchant_id == bindparam("of_merchant", type_=Uuid()),
        _ORDER.c.id == bindparam("order_id", type_=Uuid()),
        _ORDER.c.version == bindparam("read_version", type_=Integer()),
    )
    .values({name: bindparam(f"set_{name}", type_=_ORDER.c[name].type) for name in _CHANGEABLE})
    .returning(_ORDER.c.version)
)
