"""Sale orders over HTTP, and a customer's order history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from patronage.core.http import database, json_response
from patronage.core.idempotency import Idempotency, Outcome
from patronage.identity.auth import trip_staff
from patronage.identity.auth.dependencies import (
    DbSession,
    StaffUser,
    bearer_token,
    create_once_as_staff,
)
from patronage.identity.auth.principal import Staff
from patronage.identity.auth.service import TokenCheck
from patronage.sale import metrics, order_trip
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
    order_json,
    order_list,
    order_out,
)

router = APIRouter(tags=["orders"])

Limit = Annotated[int, Query(ge=1, le=order_service.MAX_PAGE_SIZE)]
# Read by the checkout's writes themselves, after the caller is known (`_caller_of`).
OrderId = Annotated[str, Path(json_schema_extra={"format": "uuid"})]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.post(
    "/orders",
    response_model=OrderOut,
    status_code=201,
    openapi_extra=OrderIn.openapi_body(),
)
async def create_order(request: Request, idempotency: Idempotency) -> Response:
    """Open an order; totals are computed here, the currency is the brand's.

    Honours `Idempotency-Key`: the same key and body answer the first order again. The
    till's hot path: two round trips to the database (`sale.order_trip`)."""
    if idempotency.key is not None:
        return await create_once_as_staff(request, idempotency, OrderIn, _create)
    engine, check = _caller(request)
    body = await trip_staff.body_of(request, OrderIn, engine, check)
    written = await order_trip.open_order(
        engine,
        check,
        lines=[line.draft() for line in body.lines],
        customer_id=body.customer_id,
        note=body.note,
    )
    location = {"Location": f"/api/v1/orders/{written.order.id}"}
    return _answer(request, written, status=201, headers=location)


async def _create(session: AsyncSession, staff: Staff, body: OrderIn) -> Outcome:
    """`POST /orders` through the session, for a request that may be a repeat."""
    view = await order_service.create_order(
        session,
        staff,
        lines=[line.draft() for line in body.lines],
        customer_id=body.customer_id,
        note=body.note,
    )
    location = {"Location": f"/api/v1/orders/{view.order.id}"}
    return Outcome.of(order_out(view), status=201, headers=location)


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


@router.patch(
    "/orders/{order_id}", response_model=OrderOut, openapi_extra=OrderPatch.openapi_body()
)
async def update_order(order_id: OrderId, request: Request) -> Response:
    """Change lines, note or customer of an open order; answers with the customer embedded."""
    engine, check, order = await _caller_of(request, order_id)
    body = await trip_staff.body_of(request, OrderPatch, engine, check)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    if "lines" in changes:
        changes["lines"] = [line.draft() for line in body.lines or []]
    return _answer(request, await order_trip.change_order(engine, check, order, changes))


@router.put(
    "/orders/{order_id}/customer",
    response_model=OrderOut,
    openapi_extra=CustomerRef.openapi_body(),
)
async def attach_customer(order_id: OrderId, request: Request) -> Response:
    """Attach or replace the order's customer."""
    engine, check, order = await _caller_of(request, order_id)
    body = await trip_staff.body_of(request, CustomerRef, engine, check)
    changes = {"customer_id": body.customer_id}
    return _answer(request, await order_trip.change_order(engine, check, order, changes))


@router.delete("/orders/{order_id}/customer", response_model=OrderOut)
async def detach_customer(order_id: OrderId, request: Request) -> Response:
    """Remove the customer from an open order."""
    engine, check, order = await _caller_of(request, order_id)
    changes = {"customer_id": None}
    return _answer(request, await order_trip.change_order(engine, check, order, changes))


@router.post("/orders/{order_id}/complete", response_model=OrderOut)
async def complete_order(order_id: OrderId, request: Request) -> Response:
    """Close the order as paid."""
    engine, check, order = await _caller_of(request, order_id)
    written = await order_trip.complete_order(engine, check, order)
    metrics.order_completed(with_customer=written.order.customer_id is not None)
    return _answer(request, written)


@router.post("/orders/{order_id}/void", response_model=OrderOut)
async def void_order(order_id: OrderId, request: Request) -> Response:
    """Cancel an open order."""
    engine, check, order = await _caller_of(request, order_id)
    return _answer(request, await order_trip.void_order(engine, check, order))


async def _caller_of(request: Request, order_id: str) -> tuple[AsyncEngine, TokenCheck, uuid.UUID]:
    """`_caller`, and the order's id: a malformed one is 422 once who asks is answered."""
    engine, check = _caller(request)
    try:
        return engine, check, uuid.UUID(order_id)
    except ValueError:
        trip_staff.staff_in(await trip_staff.check_alone(engine, check))
        problem = {"type": "uuid_parsing", "loc": ("path", "order_id"), "msg": "Not a UUID"}
        raise RequestValidationError([problem]) from None


def _caller(request: Request) -> tuple[AsyncEngine, TokenCheck]:
    """The engine and the check of the caller's token (401 at once without one)."""
    engine = database(request).engine
    return engine, trip_staff.check_of(engine, bearer_token(request))


def _answer(
    request: Request,
    written: order_trip.Written,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    request.state.principal = written.staff
    content = order_json(written.order, written.customer)
    return json_response(content, status=status, headers=headers)


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
