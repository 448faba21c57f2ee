"""Sale orders: open, change, attach a customer, complete or void; history and totals."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from patronage.core import paging
from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import detail as customer_detail
from patronage.directory import service as customer_service
from patronage.directory.merge import transfers as merge_transfers
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.sale import figures, merging, rules
from patronage.sale import repository as order_repository
from patronage.sale.errors import ORDER_CONFLICT, ORDER_NOT_FOUND
from patronage.sale.models import (
    COMPLETED,
    CREATED,
    CUSTOMER_ATTACHED,
    ORDER_COMPLETED,
    ORDER_VOIDED,
    VOIDED,
    SaleOrder,
    SaleOrderEvent,
    SaleOrderLine,
)
from patronage.sale.repository import OrderFilter
from patronage.sale.rules import CustomerChange, Event, LineDraft

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class OrderView:
    """An order with its lines loaded and its customer's summary (or None)."""

    order: SaleOrder
    customer: CustomerSummary | None


OrderPage = Page[OrderView]


async def create_order(
    session: AsyncSession,
    actor: Staff,
    *,
    lines: Sequence[LineDraft] = (),
    customer_id: uuid.UUID | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> OrderView:
    """Open an order numbered for the brand, in its currency, optionally with a customer.

    `at` backdates the order and its events (imports, demo data)."""
    if customer_id is not None:
        await _attachable_customer(session, actor.merchant_id, customer_id)
    merchant = await merchant_service.get_merchant(session, actor.merchant_id)
    order = order_repository.add(
        session,
        SaleOrder(
            id=new_id(),
            merchant_id=actor.merchant_id,
            number=await merchant_service.next_order_number(session, actor.merchant_id),
            currency=merchant.currency,
            note=note,
            customer_id=customer_id,
            created_by=actor.user_id,
            updated_by=actor.user_id,
            created_at=at or utcnow(),
            lines=[],
        ),
    )
    _replace_lines(order, lines)
    events = [Event(CREATED, customer_id)]
    if customer_id is not None:
        events.append(Event(CUSTOMER_ATTACHED, customer_id))
    await _save(session, actor, order, events, at=at)
    return await _view(session, actor.merchant_id, order)


async def get_order(
    session: AsyncSession, merchant_id: MerchantId, order_id: uuid.UUID
) -> OrderView:
    """One order of the brand (404 `order.not_found` for a missing or foreign id)."""
    return await _view(session, merchant_id, await _get_or_raise(session, merchant_id, order_id))


async def list_orders(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    customer_id: uuid.UUID | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> OrderPage:
    """The brand's orders, newest first, optionally of one customer or in one status."""
    if customer_id is not None:
        await _existing_customer(session, merchant_id, customer_id)
    scope = paging.scope_of("orders", customer_id, status)
    before = None if cursor is None else paging.decode_cursor(cursor, scope=scope, parse=_number)
    where = OrderFilter(customer_id=customer_id, status=status, before_number=before)
    return await _page(session, merchant_id, where, limit, scope)


def _number(position: Any) -> int:
    if type(position) is not int or not 0 < position < 2**63:
        raise ValueError("not an order number")
    return position


async def list_customer_orders(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> OrderPage:
    """A customer's orders, newest first (404 `customer.not_found` if not the brand's)."""
    return await list_orders(
        session, merchant_id, customer_id=customer_id, cursor=cursor, limit=limit
    )


async def update_order(
    session: AsyncSession, actor: Staff, order_id: uuid.UUID, *, changes: Mapping[str, Any]
) -> OrderView:
    """Change the lines, note and/or customer (`customer_id: None` detaches) of an order."""
    order = await _get_or_raise(session, actor.merchant_id, order_id, for_update=True)
    if "lines" in changes or "note" in changes:
        rules.ensure_open(order.status)
    events: list[Event] = []
    if "customer_id" in changes:
        events = await _change_customer(session, actor, order, changes["customer_id"])
    if "lines" in changes:
        _replace_lines(order, changes["lines"])
    if "note" in changes:
        order.note = changes["note"]
    if events or changes.keys() & {"lines", "note"}:
        await _save(session, actor, order, events)
    return await _view(session, actor.merchant_id, order)


async def attach_customer(
    session: AsyncSession, actor: Staff, order_id: uuid.UUID, customer_id: uuid.UUID
) -> OrderView:
    """Attach (or replace) the order's customer."""
    return await update_order(session, actor, order_id, changes={"customer_id": customer_id})


async def detach_customer(session: AsyncSession, actor: Staff, order_id: uuid.UUID) -> OrderView:
    """Remove the customer from an open order."""
    return await update_order(session, actor, order_id, changes={"customer_id": None})


async def complete_order(
    session: AsyncSession, actor: Staff, order_id: uuid.UUID, *, at: datetime | None = None
) -> OrderView:
    """Close an open order as paid; it keeps its customer (`at` backdates, for demo data)."""
    order = await _get_or_raise(session, actor.merchant_id, order_id, for_update=True)
    rules.ensure_completable(order.status, len(order.lines))
    order.status, order.completed_at = COMPLETED, at or utcnow()
    await _save(session, actor, order, [Event(ORDER_COMPLETED, order.customer_id)], at=at)
    return await _view(session, actor.merchant_id, order)


async def void_order(session: AsyncSession, actor: Staff, order_id: uuid.UUID) -> OrderView:
    """Cancel an open order; it keeps its lines and customer for the record."""
    order = await _get_or_raise(session, actor.merchant_id, order_id, for_update=True)
    rules.ensure_open(order.status)
    order.status, order.voided_at = VOIDED, utcnow()
    await _save(session, actor, order, [Event(ORDER_VOIDED, order.customer_id)])
    return await _view(session, actor.merchant_id, order)


async def list_order_events(
    session: AsyncSession, merchant_id: MerchantId, order_id: uuid.UUID
) -> list[SaleOrderEvent]:
    """The order's events, oldest first."""
    await _get_or_raise(session, merchant_id, order_id)
    return await order_repository.list_events(session, merchant_id, order_id)


async def _page(
    session: AsyncSession, merchant_id: MerchantId, where: OrderFilter, limit: int, scope: str
) -> OrderPage:
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    orders = await order_repository.list_orders(session, merchant_id, where, limit=limit + 1)
    more = len(orders) > limit
    orders = orders[:limit]
    return OrderPage(
        items=await _views(session, merchant_id, orders),
        next_cursor=paging.encode_cursor(orders[-1].number, scope=scope) if more else None,
    )


async def _get_or_raise(
    session: AsyncSession, merchant_id: MerchantId, order_id: uuid.UUID, *, for_update: bool = False
) -> SaleOrder:
    order = await order_repository.get(session, merchant_id, order_id, for_update=for_update)
    if order is None or order.deleted_at is not None:
        raise AppError(ORDER_NOT_FOUND)
    return order


async def _change_customer(
    session: AsyncSession, actor: Staff, order: SaleOrder, customer_id: uuid.UUID | None
) -> list[Event]:
    change = rules.customer_change(
        status=order.status,
        current=order.customer_id,
        requested=customer_id,
        by_owner=actor.is_owner,
    )
    if change is CustomerChange.NONE:
        return []
    if customer_id is not None:
        await _attachable_customer(session, actor.merchant_id, customer_id)
    previous, order.customer_id = order.customer_id, customer_id
    return rules.customer_events(change, previous, customer_id)


def _replace_lines(order: SaleOrder, lines: Sequence[LineDraft]) -> None:
    order.lines = [
        SaleOrderLine(
            merchant_id=order.merchant_id,
            order_id=order.id,
            position=position,
            sku=line.sku,
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_total=line.line_total,
        )
        for position, line in enumerate(lines)
    ]
    totals = rules.compute_totals(lines)
    order.subtotal, order.total = totals.subtotal, totals.total


async def _save(
    session: AsyncSession,
    actor: Staff,
    order: SaleOrder,
    events: Sequence[Event],
    *,
    at: datetime | None = None,
) -> None:
    """Stamp the change, write its events, and flush (a lost race is a 409, not a 500)."""
    now = at or utcnow()
    order.updated_at, order.updated_by = now, actor.user_id
    for seq, event in enumerate(events):
        order_repository.add_event(
            session,
            SaleOrderEvent(
                merchant_id=order.merchant_id,
                order_id=order.id,
                action=event.action,
                actor_id=actor.user_id,
                actor_role=actor.role,
                customer_id=event.customer_id,
                previous_customer_id=event.previous_customer_id,
                created_at=now,
                seq=seq,
            ),
        )
    try:
        await session.flush()
    except StaleDataError as exc:
        raise AppError(ORDER_CONFLICT) from exc


async def _view(session: AsyncSession, merchant_id: MerchantId, order: SaleOrder) -> OrderView:
    return (await _views(session, merchant_id, [order]))[0]


async def _views(
    session: AsyncSession, merchant_id: MerchantId, orders: Sequence[SaleOrder]
) -> list[OrderView]:
    """Orders with their customers' summaries, loaded together whatever the count."""
    ids = {order.customer_id for order in orders if order.customer_id is not None}
    found = await customer_service.summaries(session, merchant_id, ids) if ids else {}
    return [
        OrderView(order, found.get(order.customer_id) if order.customer_id else None)
        for order in orders
    ]


async def _attachable_customer(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> None:
    """The brand's customer, not deleted: 404 `customer.not_found`, 409 `customer.deleted`."""
    found = await customer_service.summaries(session, merchant_id, [customer_id])
    asked = found.get(customer_id)
    if asked is not None and asked.merged_into is not None:  # name the survivor
        found |= await customer_service.summaries(session, merchant_id, [asked.merged_into])
    rules.ensure_attachable(found, customer_id)


async def _existing_customer(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> None:
    """404 `customer.not_found` unless the brand has (or had) this customer."""
    await customer_service.get_customer(session, merchant_id, customer_id, include_deleted=True)


customer_detail.provide_stats(figures.customer_stats)
merge_transfers.provide_orders(merging.OrdersFollowMerges())
