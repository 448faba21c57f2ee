"""The checkout: open an order, ring up lines, complete or void it, then the next one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.directory import service as customer_service
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.sale import figures as order_figures
from patronage.sale import service as order_service
from patronage.sale.rules import LineDraft
from patronage.sale.schemas import LineIn
from patronage.web import render
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.forms import field_errors, submit

router = APIRouter(prefix="/app/checkout", include_in_schema=False)
RESULTS = 8


@router.get("")
async def start(
    request: Request,
    staff: WebStaff,
    session: DbSession,
    closed: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    """The till between sales: start a new order, or resume an open one."""
    last = await order_service.get_order(session, staff.merchant_id, closed) if closed else None
    open_orders = await order_service.list_orders(
        session, staff.merchant_id, status="open", limit=10
    )
    context = {"last": last, "open_orders": open_orders.items}
    return await render.staff_page(request, session, staff, "checkout/start.html", context)


@router.post("", dependencies=[CsrfChecked])
async def open_order(staff: WebStaff, session: DbSession) -> Response:
    """Open an empty order and go to it."""
    view = await order_service.create_order(session, staff)
    return RedirectResponse(f"/app/checkout/{view.order.id}", status_code=303)


@router.get("/{order_id:uuid}")
async def order_page(
    request: Request,
    order_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    focus: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """One order: its customer (with the picker), its lines and total, complete or void."""
    return await render_order(request, session, staff, order_id, query=q, focus=focus)


async def render_order(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    order_id: uuid.UUID,
    *,
    query: str = "",
    focus: str = "",
    status: int = 200,
    **extra: Any,
) -> Response:
    """The order page, with whatever a refused form left to show (values, errors)."""
    view = await order_service.get_order(session, staff.merchant_id, order_id)
    customer = view.customer
    stats = None
    if customer is not None:
        stats = await order_figures.customer_stats(session, staff.merchant_id, customer.id)
    results: list[CustomerSummary] = []
    if query.strip():
        found = await customer_service.search_customers(
            session, staff.merchant_id, query=query, limit=RESULTS, cursor=None,
            include_deleted=False,
        )  # fmt: skip
        results = [CustomerSummary.of(c) for c in found.items]
    context = {
        "view": view,
        "order": view.order,
        "customer": customer,
        "stats": stats,
        "query": query,
        "results": results,
        "new_customer": extra.pop("new_customer", None) or prefill(query),
        "focus": focus or ("line" if customer else "picker"),
        **extra,
    }
    return await render.staff_page(
        request, session, staff, "checkout/order.html", context, status=status
    )


def prefill(typed: str) -> dict[str, str]:
    """What a search that found nobody suggests: digits → phone, `@` → email, else a name."""
    text = " ".join(typed.split())
    if not text:
        return {}
    if "@" in text:
        return {"email": text}
    digits = sum(ch.isdigit() for ch in text)
    if digits >= 3 and all(ch.isdigit() or ch in " +-.()" for ch in text):
        return {"phone": text}
    return {"name": text}


def order_address(order_id: uuid.UUID, focus: str = "") -> str:
    """The order page's address, with the part of it to focus."""
    return f"/app/checkout/{order_id}" + (f"?focus={focus}" if focus else "")


def back_to_order(order_id: uuid.UUID, focus: str = "") -> Response:
    return RedirectResponse(order_address(order_id, focus), status_code=303)


# ---------------------------------------------------------------- lines


def _drafts(view: order_service.OrderView) -> list[LineDraft]:
    return [LineDraft(x.sku, x.name, x.quantity, x.unit_price) for x in view.order.lines]


def parse_amount(raw: str) -> int | str:
    """A whole amount typed at the till (`29000`, `29.000`, `29,000 ₫`), or the text back."""
    cleaned = raw.replace("₫", "").replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.replace(".", "").replace(",", "")
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else raw


@router.post("/{order_id:uuid}/lines", dependencies=[CsrfChecked])
async def add_line(
    request: Request,
    order_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    sku: Annotated[str, Form(max_length=200)] = "",
    name: Annotated[str, Form(max_length=1000)] = "",
    quantity: Annotated[str, Form(max_length=20)] = "1",
    unit_price: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Add a line; the server computes the total."""
    typed = {"sku": sku, "name": name, "quantity": quantity, "unit_price": unit_price}

    async def add() -> None:
        line = LineIn.model_validate(
            {**typed, "quantity": parse_amount(quantity), "unit_price": parse_amount(unit_price)}
        )
        view = await order_service.get_order(session, staff.merchant_id, order_id)
        lines = [*_drafts(view), line.draft()]
        await order_service.update_order(session, staff, order_id, changes={"lines": lines})

    return await submit(
        session,
        add,
        done=order_address(order_id, "line"),
        refused=lambda exc: _refused(request, session, staff, order_id, exc, line_form=typed),
        errors=(ValidationError, NormalizationError, AppError),
    )


@router.post("/{order_id:uuid}/lines/{index:int}", dependencies=[CsrfChecked])
async def change_line(
    request: Request,
    order_id: uuid.UUID,
    index: int,
    staff: WebStaff,
    session: DbSession,
    quantity: Annotated[str, Form(max_length=20)] = "",
    remove: Annotated[str, Form(max_length=10)] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    """Change a line's quantity, or remove the line (quantity 0 removes it too), on the
    order as the cashier saw it (a line is known by its place)."""
    try:
        view = await order_service.get_order(session, staff.merchant_id, order_id)
        lines = _drafts(view)
        if version is not None and version != view.order.version:
            message = i18n.translate("web.order_changed")
            return await render_order(request, session, staff, order_id, status=409, error=message)
        if not 0 <= index < len(lines):
            return back_to_order(order_id)
        amount = parse_amount(quantity) if not remove else 0
        if amount == 0:
            del lines[index]
        else:
            old = lines[index]
            lines[index] = LineIn.model_validate(
                {"sku": old.sku, "name": old.name, "quantity": amount, "unit_price": old.unit_price}
            ).draft()
        async with savepoint(session):
            await order_service.update_order(session, staff, order_id, changes={"lines": lines})
    except (ValidationError, NormalizationError, AppError) as exc:
        return await _refused(request, session, staff, order_id, exc, line_index=index)
    return back_to_order(order_id, "line")


async def _refused(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    order_id: uuid.UUID,
    exc: Exception,
    **extra: Any,
) -> Response:
    """Nothing of a refused change was kept (a savepoint); the page says why, by the field."""
    errors = field_errors(exc)
    message = exc.message() if isinstance(exc, AppError) and not errors else None
    status = exc.status if isinstance(exc, AppError) else 422
    return await render_order(
        request, session, staff, order_id, status=status, line_errors=errors, error=message,
        focus="error", **extra,
    )  # fmt: skip


# ---------------------------------------------------------------- close


@router.post("/{order_id:uuid}/complete", dependencies=[CsrfChecked])
async def complete(
    request: Request, order_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """Close the order as paid, then back to the till for the next sale."""
    return await _close(request, session, staff, order_id, order_service.complete_order)


@router.post("/{order_id:uuid}/void", dependencies=[CsrfChecked])
async def void(
    request: Request, order_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """Cancel the order (it stays on record), then back to the till."""
    return await _close(request, session, staff, order_id, order_service.void_order)


async def _close(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    order_id: uuid.UUID,
    close: Callable[[AsyncSession, Staff, uuid.UUID], Awaitable[object]],
) -> Response:
    return await submit(
        session,
        lambda: close(session, staff, order_id),
        done=f"/app/checkout?closed={order_id}",
        refused=lambda exc: _refused(request, session, staff, order_id, exc),
    )
