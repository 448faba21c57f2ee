"""The customer list: one search box, pages forward and back, newest or by name, the
owners' "include deleted", and creating a customer pre-filled from a search that found none."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.directory import service as customer_service
from patronage.directory.summary import CustomerSummary
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.errors import FORBIDDEN
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.web import new_customer
from patronage.web.checkout import prefill
from patronage.web.dependencies import CsrfChecked, WebStaff, csrf_of
from patronage.web.forms import field_errors
from patronage.web.render import page

router = APIRouter(prefix="/app/customers", include_in_schema=False)
PAGE_SIZE = 20
TRAIL_SEPARATOR = "~"
FIRST_PAGE = "."  # in the trail of pages already seen, the page before any cursor
MAX_TRAIL = 30


@router.get("")
async def customer_list(
    request: Request,
    staff: WebStaff,
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(pattern="^(newest|name)$")] = "newest",
    include_deleted: Annotated[bool, Query()] = False,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    trail: Annotated[str, Query(max_length=40_000)] = "",
) -> Response:
    """Find customers by phone, email or name, or list them; a page at a time."""
    if include_deleted and not staff.is_owner:
        raise AppError(FORBIDDEN)
    view = {"q": q, "sort": sort, "include_deleted": include_deleted}
    return await _list_page(request, staff, session, {**view, "cursor": cursor, "trail": trail})


async def _list_page(
    request: Request,
    staff: Staff,
    session: AsyncSession,
    view: dict[str, Any],
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    found = await _find(session, staff, view)
    query = view["q"]
    trail = [t for t in view["trail"].split(TRAIL_SEPARATOR) if t][-MAX_TRAIL:]
    context = {
        "staff": staff,
        "csrf": csrf_of(request),
        "merchant": await merchant_service.get_merchant(session, staff.merchant_id),
        **view,
        "results": [CustomerSummary.of(c) for c in found.items],
        "next_link": _link(view, found.next_cursor, [*trail, view["cursor"] or FIRST_PAGE])
        if found.next_cursor
        else None,
        "previous_link": _link(view, _cursor_of(trail[-1]), trail[:-1]) if trail else None,
        "new_customer": extra.pop("new_customer", None)
        or (prefill(query) if not found.items else {}),
        **extra,
    }
    return page(request, "customers/list.html", context, status=status)


async def _find(session: AsyncSession, staff: Staff, view: dict[str, Any]) -> Any:
    options = {
        "limit": PAGE_SIZE,
        "cursor": view["cursor"],
        "include_deleted": view["include_deleted"],
    }
    if view["sort"] == "name" and not view["q"].strip():
        return await customer_service.list_by_name(session, staff.merchant_id, **options)
    return await customer_service.search_customers(
        session, staff.merchant_id, query=view["q"], **options
    )


def _cursor_of(entry: str) -> str | None:
    return None if entry == FIRST_PAGE else entry


def _link(view: dict[str, Any], cursor: str | None, trail: list[str]) -> str:
    params: dict[str, str] = {"q": view["q"], "sort": view["sort"]}
    if view["include_deleted"]:
        params["include_deleted"] = "true"
    if cursor:
        params["cursor"] = cursor
    if trail:
        params["trail"] = TRAIL_SEPARATOR.join(trail)
    return "/app/customers?" + urlencode(params)


@router.post("", dependencies=[CsrfChecked])
async def create(
    request: Request,
    staff: WebStaff,
    session: DbSession,
    name: new_customer.Name = "",
    phone: new_customer.Phone = "",
    email: new_customer.Email = "",
    q: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Create a customer; a taken contact shows who has it, next to the field."""
    typed = new_customer.typed(name, phone, email)
    try:
        async with savepoint(session):
            customer = await new_customer.create(session, staff, typed, source="web")
    except (AppError, NormalizationError) as exc:
        existing = None
        if isinstance(exc, AppError) and exc.details.get("customer_id"):
            existing = {"id": exc.details["customer_id"], "name": exc.details.get("name", "")}
        view = {"q": q, "sort": "newest", "include_deleted": False, "cursor": None, "trail": ""}
        return await _list_page(
            request, staff, session, view, status=exc.status if isinstance(exc, AppError) else 422,
            new_customer=typed, create_errors=field_errors(exc), existing=existing,
        )  # fmt: skip
    return RedirectResponse(f"/app/customers/{customer.id}?created=1", status_code=303)
