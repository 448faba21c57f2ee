"""The checkout's customer picker: search as you type, attach in one action, or create the
customer from what was typed and attach them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.directory import service as customer_service
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.sale import service as order_service
from patronage.web import new_customer
from patronage.web.checkout import RESULTS, back_to_order, order_address, render_order
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.forms import field_errors, submit

router = APIRouter(prefix="/app/checkout", include_in_schema=False)


@router.get("/lookup")
async def lookup(
    staff: WebStaff, session: DbSession, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """The picker's options for what has been typed so far (JSON, for the page's script)."""
    if not q.strip():
        return JSONResponse({"items": []})
    found = await customer_service.search_customers(
        session, staff.merchant_id, query=q, limit=RESULTS, cursor=None, include_deleted=False
    )
    items = [_option(CustomerSummary.of(c)) for c in found.items]
    return JSONResponse({"items": items}, headers={"Cache-Control": "no-store"})


def _option(customer: CustomerSummary) -> dict[str, Any]:
    return {
        "id": str(customer.id),
        "name": customer.name,
        "phone": customer.phone_display or "",
        "email": customer.email or "",
        "status": i18n.translate(f"web.status.{customer.account_status}"),
    }


@router.post("/{order_id:uuid}/customer", dependencies=[CsrfChecked])
async def attach(
    request: Request,
    order_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    customer_id: Annotated[uuid.UUID, Form()],
) -> Response:
    """Attach the picked customer (replacing any other)."""
    return await submit(
        session,
        lambda: order_service.attach_customer(session, staff, order_id, customer_id),
        done=order_address(order_id, "line"),
        refused=lambda exc: render_order(
            request, session, staff, order_id, status=exc.status, error=exc.message(),
            focus="error",
        ),
    )  # fmt: skip


@router.post("/{order_id:uuid}/customer/detach", dependencies=[CsrfChecked])
async def detach(order_id: uuid.UUID, staff: WebStaff, session: DbSession) -> Response:
    """Take the customer off the order."""
    await order_service.detach_customer(session, staff, order_id)
    return back_to_order(order_id, "picker")


@router.post("/{order_id:uuid}/customers", dependencies=[CsrfChecked])
async def create_and_attach(
    request: Request,
    order_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    name: new_customer.Name = "",
    phone: new_customer.Phone = "",
    email: new_customer.Email = "",
) -> Response:
    """Create the customer met at the till and attach them in one step."""
    typed = new_customer.typed(name, phone, email)

    async def work() -> None:
        customer = await new_customer.create(session, staff, typed, source="checkout")
        await order_service.attach_customer(session, staff, order_id, customer.id)

    return await submit(
        session,
        work,
        done=order_address(order_id, "line"),
        refused=lambda exc: _create_refused(request, session, staff, order_id, typed, exc),
        errors=(AppError, NormalizationError),
    )


async def _create_refused(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    order_id: uuid.UUID,
    typed: dict[str, str],
    exc: AppError | NormalizationError,
) -> Response:
    existing = None
    if isinstance(exc, AppError) and exc.details.get("customer_id"):
        holder = uuid.UUID(str(exc.details["customer_id"]))
        existing = (await customer_service.summaries(session, staff.merchant_id, [holder])).get(
            holder
        )
    status = exc.status if isinstance(exc, AppError) else 422
    return await render_order(
        request, session, staff, order_id, status=status, new_customer=typed,
        create_errors=field_errors(exc), existing=existing, open_create=True, focus="error",
    )  # fmt: skip
