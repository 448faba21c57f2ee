"""The checkout's order writes in two round trips, without the ORM (`core.trip`).

The first leg sends the caller's token (which binds the transaction to its brand), the
order locked `FOR UPDATE` with its lines, and the summaries of its customer and of the one
asked for; it waits once. The order's rules (`rules`, the same as `service` applies for the
web pages, the command line and the demo) then decide in Python, and the second leg writes
the order, its lines and its events and commits, in the same transaction. Anything refused
rolls back; the answer is built from the values written, encoded once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Uuid, bindparam
from sqlalchemy.ext.asyncio import AsyncEngine

from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.trip import Row, Trip, trip
from patronage.directory import service as customer_service
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth import trip_staff
from patronage.identity.auth.principal import Staff
from patronage.identity.auth.service import TokenCheck
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff.errors import MERCHANT_NOT_FOUND
from patronage.sale import repository as order_repository
from patronage.sale import rules
from patronage.sale.errors import ORDER_CONFLICT, ORDER_NOT_FOUND
from patronage.sale.models import (
    COMPLETED,
    CREATED,
    CUSTOMER_ATTACHED,
    OPEN,
    ORDER_COMPLETED,
    ORDER_VOIDED,
    VOIDED,
)
from patronage.sale.rules import CustomerChange, Event, LineDraft

# The customer asked for (and the one it was merged into, named when refused), and the
# order's own (by the order's id, as SQL).
_ASKED = bindparam("customer_id", type_=Uuid())
_ASKED_FOR = customer_service.summaries_query(_ASKED, customer_service.survivor_of(_ASKED))
_ASKED_FOR_AND_THE_ORDERS = customer_service.summaries_query(
    _ASKED, customer_service.survivor_of(_ASKED), order_repository.ORDER_CUSTOMER
)


@dataclass
class OrderRecord:
    """An order as this module reads and writes it: plain values, its lines as drafts."""

    id: uuid.UUID
    number: int
    status: str
    currency: str
    subtotal: int
    total: int
    note: str | None
    customer_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    voided_at: datetime | None
    version: int
    lines: list[LineDraft] = field(default_factory=list)


@dataclass(frozen=True)
class Written:
    """Who changed the order, the order as committed, and its customer's summary."""

    staff: Staff
    order: OrderRecord
    customer: CustomerSummary | None


async def open_order(
    engine: AsyncEngine,
    check: TokenCheck,
    *,
    lines: Sequence[LineDraft],
    customer_id: uuid.UUID | None,
    note: str | None,
) -> Written:
    """`service.create_order` for the caller of `check`."""
    async with trip(engine) as sent:
        token = await trip_staff.send_check(sent, check)
        numbered = await sent.send(merchant_service.next_order_number_statement(), {})
        customers = await sent.send(_ASKED_FOR, {"customer_id": customer_id})
        await sent.wait()
        staff, _ = trip_staff.staff_in(await token.first())
        totals = rules.compute_totals(lines)
        found = customer_service.summaries_in(await customers.all())
        if customer_id is not None:
            rules.ensure_attachable(found, customer_id)
        number = await numbered.first()
        if number is None:
            raise AppError(MERCHANT_NOT_FOUND)
        now = utcnow()
        order = OrderRecord(
            id=new_id(),
            number=number[0],
            status=OPEN,
            currency=number[1],
            subtotal=totals.subtotal,
            total=totals.total,
            note=note,
            customer_id=customer_id,
            created_at=now,
            updated_at=now,
            completed_at=None,
            voided_at=None,
            version=1,
            lines=list(lines),
        )
        events = [Event(CREATED, customer_id)]
        if customer_id is not None:
            events.append(Event(CUSTOMER_ATTACHED, customer_id))
        row = {name: getattr(order, name) for name in order_repository.ORDER_FIELDS}
        actor = staff.user_id
        row.update(merchant_id=staff.merchant_id, created_by=actor, updated_by=actor)
        await sent.send(order_repository.INSERT_ORDER, row)
        await _write_lines(sent, staff, order)
        await _write_events(sent, staff, order, events)
    return Written(staff, order, found.get(customer_id) if customer_id else None)


# Decides a change of a locked order: changes it in place and answers the events to write
# (nothing to write: `None`), or raises what refuses it.
Customers = Mapping[uuid.UUID, CustomerSummary]
Decision = Callable[[Staff, OrderRecord, Customers], list[Event] | None]


async def change_order(
    engine: AsyncEngine, check: TokenCheck, order_id: uuid.UUID, changes: Mapping[str, Any]
) -> Written:
    """`service.update_order`: the lines, note and/or customer (`None` detaches)."""

    def decide(staff: Staff, order: OrderRecord, customers: Customers) -> list[Event] | None:
        if "lines" in changes or "note" in changes:
            rules.ensure_open(order.status)
        events: list[Event] = []
        if "customer_id" in changes:
            events = _change_customer(staff, order, changes["customer_id"], customers)
        if "lines" in changes:
            order.lines = list(changes["lines"])
            totals = rules.compute_totals(order.lines)
            order.subtotal, order.total = totals.subtotal, totals.total
        if "note" in changes:
            order.note = changes["note"]
        return events if events or changes.keys() & {"lines", "note"} else None

    return await _locked(engine, check, order_id, changes.get("customer_id"), decide)


async def complete_order(engine: AsyncEngine, check: TokenCheck, order_id: uuid.UUID) -> Written:
    """`service.complete_order`: an open order with lines is closed as paid."""

    def decide(staff: Staff, order: OrderRecord, _: Customers) -> list[Event]:
        rules.ensure_completable(order.status, len(order.lines))
        order.status, order.completed_at = COMPLETED, utcnow()
        return [Event(ORDER_COMPLETED, order.customer_id)]

    return await _locked(engine, check, order_id, None, decide)


async def void_order(engine: AsyncEngine, check: TokenCheck, order_id: uuid.UUID) -> Written:
    """`service.void_order`: an open order is cancelled, keeping its lines and customer."""

    def decide(staff: Staff, order: OrderRecord, _: Customers) -> list[Event]:
        rules.ensure_open(order.status)
        order.status, order.voided_at = VOIDED, utcnow()
        return [Event(ORDER_VOIDED, order.customer_id)]

    return await _locked(engine, check, order_id, None, decide)


def _change_customer(
    staff: Staff,
    order: OrderRecord,
    requested: uuid.UUID | None,
    customers: Mapping[uuid.UUID, CustomerSummary],
) -> list[Event]:
    change = rules.customer_change(
        status=order.status, current=order.customer_id, requested=requested, by_owner=staff.is_owner
    )
    if change is CustomerChange.NONE:
        return []
    if requested is not None:
        rules.ensure_attachable(customers, requested)
    previous, order.customer_id = order.customer_id, requested
    return rules.customer_events(change, previous, requested)


async def _locked(
    engine: AsyncEngine,
    check: TokenCheck,
    order_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    decide: Decision,
) -> Written:
    async with trip(engine) as sent:
        token = await trip_staff.send_check(sent, check)
        order_row = await sent.send(order_repository.ORDER_FOR_UPDATE, {"order_id": order_id})
        lines = await sent.send(order_repository.ORDER_LINES, {"order_id": order_id})
        params = {"customer_id": customer_id, "order_id": order_id}
        customers = await sent.send(_ASKED_FOR_AND_THE_ORDERS, params)
        await sent.wait()
        staff, _ = trip_staff.staff_in(await token.first())
        order = _record(await order_row.first(), await lines.all())
        found = customer_service.summaries_in(await customers.all())
        read_version, read_lines = order.version, order.lines
        events = decide(staff, order, found)
        if events is not None:
            await _write_change(sent, staff, order, read_version, events)
            if order.lines is not read_lines:
                await sent.send(order_repository.DELETE_LINES, {"order_id": order.id})
                await _write_lines(sent, staff, order)
    return Written(staff, order, found.get(order.customer_id) if order.customer_id else None)


def _record(row: Row | None, lines: Sequence[Row]) -> OrderRecord:
    if row is None:
        raise AppError(ORDER_NOT_FOUND)
    order = OrderRecord(*row)
    order.lines = [LineDraft(*line) for line in lines]
    return order


async def _write_change(
    sent: Trip, staff: Staff, order: OrderRecord, read_version: int, events: list[Event]
) -> None:
    order.updated_at, order.version = utcnow(), read_version + 1
    values = {
        "of_merchant": staff.merchant_id,
        "order_id": order.id,
        "read_version": read_version,
        "set_status": order.status,
        "set_subtotal": order.subtotal,
        "set_total": order.total,
        "set_note": order.note,
        "set_customer_id": order.customer_id,
        "set_completed_at": order.completed_at,
        "set_voided_at": order.voided_at,
        "set_updated_at": order.updated_at,
        "set_updated_by": staff.user_id,
        "set_version": order.version,
    }
    written = await sent.send(order_repository.UPDATE_ORDER, values)
    if not sent.pipelined and await written.first() is None:
        # Held FOR UPDATE on PostgreSQL; SQLite has no row locks: a lost race is a 409.
        raise AppError(ORDER_CONFLICT)
    await _write_events(sent, staff, order, events)


async def _write_lines(sent: Trip, staff: Staff, order: OrderRecord) -> None:
    await sent.send_many(
        order_repository.INSERT_LINE,
        [
            {
                "id": new_id(),
                "merchant_id": staff.merchant_id,
                "order_id": order.id,
                "position": position,
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.line_total,
            }
            for position, line in enumerate(order.lines)
        ],
    )


async def _write_events(sent: Trip, staff: Staff, order: OrderRecord, events: list[Event]) -> None:
    await sent.send_many(
        order_repository.INSERT_EVENT,
        [
            {
                "id": new_id(),
                "merchant_id": staff.merchant_id,
                "order_id": order.id,
                "action": event.action,
                "actor_id": staff.user_id,
                "actor_role": staff.role,
                "customer_id": event.customer_id,
                "previous_customer_id": event.previous_customer_id,
                "details": {},
                "created_at": order.updated_at,
                "seq": seq,
            }
            for seq, event in enumerate(events)
        ],
    )
