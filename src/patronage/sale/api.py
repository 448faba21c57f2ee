"""Sale orders over HTTP, and a customer's order history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from patronage.core.idempotency import Idempotency, Outcome
from patronage.identity.auth.dependencies import DbSession, StaffUser
from patronage.sale import metrics
from patronage.sale import service as order_service
from patronage.sale.schemas import (
    CustomerRef,
    OrderEventList,
    OrderEventOut,
    OrderIn,
    OrderList,
    OrderOut,
    OrderPatch,
    OrderStatus,
    order_list,
    order_out,
)

router = APIRouter(tags=["orders"])

Limit = Annotated[int, Query(ge=1, le=order_service.MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.post("/orders", response_model=OrderOut, status_code=201)
async def create_order(
    body: OrderIn, staff: StaffUser, session: DbSession, idempotency: Idempotency
) -> Response:
    """Open an order; totals are computed here, the currency is the brand's.

    Honours `Idempotency-Key`: the same key and body answer the first order again.
    """

    async def create() -> Outcome:
        view = await order_service.create_order(
            session,
            staff,
            lines=[line.draft() for line in body.lines],
            customer_id=body.customer_id,
            note=body.note,
        )
        location = {"Location": f"/api/v1/orders/{view.order.id}"}
        return Outcome.of(order_out(view), status=201, headers=location)

    return await idempotency.run(session, staff.merchant_id, create)


@router.get("/orders", response_model=OrderList)
async def list_orders(
    staff: StaffUser,
    session: DbSession,
    customer_id: uuid.UUID | None = None,
    status: OrderStatus | None = None,
    cursor: Cursor = None,
    limit: Limit = order_service.DEFAULT_PAGE_SIZE,
) -> OrderList:
    """The brand's orders, newest first; filter by customer and status."""
    page = await order_service.list_orders(
        session,
        staff.merchant_id,
        customer_id=customer_id,
        status=status,
        cursor=cursor,
        limit=limit,
    )
    return order_list(page)


@router.get("/orders/{order_id}", response_model=OrderOut)
async def get_order(order_id: uuid.UUID, staff: StaffUser, session: DbSession) -> OrderOut:
    """One order with its lines and customer."""
    return order_out(await order_service.get_order(session, staff.merchant_id, order_id))


@router.patch("/orders/{order_id}", response_model=OrderOut)
async def update_order(
    order_id: uuid.UUID, body: OrderPatch, staff: StaffUser, session: DbSession
) -> OrderOut:
    """Change lines, note or customer of an open order; answers with the customer embedded."""
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    if "lines" in changes:
        changes["lines"] = [line.draft() for line in body.lines or []]
    view = await order_service.update_order(session, staff, order_id, changes=changes)
    return order_out(view)


@router.put("/orders/{order_id}/customer", response_model=OrderOut)
async def attach_customer(
    order_id: uuid.UUID, body: CustomerRef, staff: StaffUser, session: DbSession
) -> OrderOut:
    """Attach or replace the order's customer."""
    view = await order_service.attach_customer(session, staff, order_id, body.customer_id)
    return order_out(view)


@router.delete("/orders/{order_id}/customer", response_model=OrderOut)
async def detach_customer(order_id: uuid.UUID, staff: StaffUser, session: DbSession) -> OrderOut:
    """Remove the customer from an open order."""
    return order_out(await order_service.detach_customer(session, staff, order_id))


@router.post("/orders/{order_id}/complete", response_model=OrderOut)
async def complete_order(order_id: uuid.UUID, staff: StaffUser, session: DbSession) -> OrderOut:
    """Close the order as paid."""
    view = await order_service.complete_order(session, staff, order_id)
    metrics.order_completed(with_customer=view.order.customer_id is not None)
    return order_out(view)


@router.post("/orders/{order_id}/void", response_model=OrderOut)
async def void_order(order_id: uuid.UUID, staff: StaffUser, session: DbSession) -> OrderOut:
    """Cancel an open order."""
    return order_out(await order_service.void_order(session, staff, order_id))


@router.get("/orders/{order_id}/events", response_model=OrderEventList)
async def list_order_events(
    order_id: uuid.UUID, staff: StaffUser, session: DbSession
) -> OrderEventList:
    """Who created, attached, detached, completed or voided, and when."""
    events = await order_service.list_order_events(session, staff.merchant_id, order_id)
    return OrderEventList(items=[OrderEventOut.model_validate(e) for e in events])


@router.get("/customers/{customer_id}/orders", response_model=OrderList)
async def list_customer_orders(
    customer_id: uuid.UUID,
    staff: StaffUser,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = order_service.DEFAULT_PAGE_SIZE,
) -> OrderList:
    """The customer's orders, newest first (also after the customer was deleted)."""
    page = await order_service.list_customer_orders(
        session, staff.merchant_id, customer_id, cursor=cursor, limit=limit
    )
    return order_list(page)
