"""Web pages of the customer directory: the checkout picker and a customer's profile."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.directory import service as customer_service
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.errors import FORBIDDEN
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.sale import service as order_service
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.render import page
from patronage.web.session import csrf_token, session_token

router = APIRouter(prefix="/app/customers", include_in_schema=False)
PAGE_SIZE = 20


def _csrf(request: Request) -> str:
    return csrf_token(request.app.state.settings, session_token(request))


@router.get("")
async def picker(
    request: Request,
    staff: WebStaff,
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Find a customer by phone, email or name, or create one, in one screen."""
    return await _picker(request, staff, session, query=q)


async def _picker(
    request: Request,
    staff: Staff,
    session: AsyncSession,
    *,
    query: str,
    form: dict[str, str] | None = None,
    error: str | None = None,
    existing: CustomerSummary | None = None,
    status: int = 200,
) -> Response:
    found = await customer_service.search_customers(
        session,
        staff.merchant_id,
        query=query,
        limit=PAGE_SIZE,
        cursor=None,
        include_deleted=False,
    )
    context = {
        "staff": staff,
        "csrf": _csrf(request),
        "query": query,
        "results": [CustomerSummary.of(c) for c in found.items],
        "form": form or {},
        "error": error,
        "existing": existing,
    }
    return page(request, "customers/picker.html", context, status=status)


@router.post("", dependencies=[CsrfChecked])
async def create(
    request: Request,
    staff: WebStaff,
    session: DbSession,
    name: Annotated[str, Form(max_length=1000)],
    phone: Annotated[str, Form(max_length=64)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    """Create a customer from the picker; a taken contact offers the existing customer."""
    form = {"name": name, "phone": phone, "email": email}
    try:
        customer = await customer_service.create_customer(
            session,
            staff.merchant_id,
            actor_id=staff.user_id,
            name=name,
            phones=[phone] if phone.strip() else [],
            emails=[email] if email.strip() else [],
            source="checkout",
        )
    except (AppError, NormalizationError) as exc:
        # Nothing was written: a refused create fails before (or inside a SAVEPOINT of) its writes.
        return await _refused(request, staff, session, form, exc)
    return RedirectResponse(f"/app/customers/{customer.id}", status_code=303)


async def _refused(
    request: Request,
    staff: Staff,
    session: AsyncSession,
    form: dict[str, str],
    exc: AppError | NormalizationError,
) -> Response:
    if isinstance(exc, NormalizationError):
        message, status, existing = i18n.translate(f"field.{exc.code}"), 422, None
    else:
        message, status = exc.message(), exc.status
        existing_id = exc.details.get("customer_id")
        existing = await _summary(session, staff, existing_id) if existing_id else None
    return await _picker(
        request,
        staff,
        session,
        query="",
        form=form,
        error=message,
        existing=existing,
        status=status,
    )


async def _summary(session: AsyncSession, staff: Staff, raw_id: object) -> CustomerSummary | None:
    found = await customer_service.summaries(session, staff.merchant_id, [uuid.UUID(str(raw_id))])
    return next(iter(found.values()), None)


@router.get("/{customer_id:uuid}")
async def profile(
    request: Request, customer_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """A customer's profile."""
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    stats = await order_service.customer_stats(session, staff.merchant_id, customer_id)
    orders = await order_service.list_customer_orders(
        session, staff.merchant_id, customer_id, limit=10
    )
    context = {
        "staff": staff,
        "csrf": _csrf(request),
        "merchant": await merchant_service.get_merchant(session, staff.merchant_id),
        "customer": customer,
        "stats": stats,
        "orders": [view.order for view in orders.items],
    }
    return page(request, "customers/profile.html", context)


@router.post("/{customer_id:uuid}/delete", dependencies=[CsrfChecked])
async def delete(customer_id: uuid.UUID, staff: WebStaff, session: DbSession) -> Response:
    """Soft-delete a customer (owners only)."""
    _require_owner(staff)
    await customer_service.delete_customer(
        session, staff.merchant_id, customer_id, actor_id=staff.user_id
    )
    return RedirectResponse(f"/app/customers/{customer_id}", status_code=303)


@router.post("/{customer_id:uuid}/restore", dependencies=[CsrfChecked])
async def restore(customer_id: uuid.UUID, staff: WebStaff, session: DbSession) -> Response:
    """Bring a soft-deleted customer back (owners only)."""
    _require_owner(staff)
    await customer_service.restore_customer(
        session, staff.merchant_id, customer_id, actor_id=staff.user_id
    )
    return RedirectResponse(f"/app/customers/{customer_id}", status_code=303)


def _require_owner(staff: Staff) -> None:
    if not staff.is_owner:
        raise AppError(FORBIDDEN)
