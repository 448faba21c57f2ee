"""A person's data rights on the web: the customer downloads their data and files requests
on their account page; owners work through the brand's queue (`/app/data-requests`) and
erase a customer after a confirmation; staff file a request for a walk-in on the profile."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.data_rights import export as data_export
from patronage.accounts.data_rights import rules
from patronage.accounts.data_rights import service as request_service
from patronage.accounts.data_rights.errors import BRAND_NOT_FOUND, NOT_FOUND
from patronage.accounts.data_rights.schemas import MyDataOut
from patronage.core import i18n
from patronage.core.columns import utcnow
from patronage.core.errors import AppError, ErrorCode
from patronage.directory import service as customer_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.web import render
from patronage.web.dependencies import (
    CsrfChecked,
    CustomerCsrfChecked,
    WebCustomer,
    WebOwner,
    WebStaff,
)
from patronage.web.forms import submit
from patronage.web.profile import refused_on_profile

router = APIRouter(prefix="/app", include_in_schema=False)
QUEUE_PAGE = 25
Text = Annotated[str, Form(max_length=4000)]
# What an owner may do next with a request of each status, as buttons (`done` of an
# erasure request is the erasure itself, on the customer's page).
ACTIONS = {rules.OPEN: (rules.IN_PROGRESS,), rules.IN_PROGRESS: (rules.DONE,)}


def _id_or_none(raw: str, missing: ErrorCode) -> uuid.UUID | None:
    """A form's optional id; one that is not an id names nothing (`missing`, a 404)."""
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise AppError(missing) from None


# ---------------------------------------------------------------- the customer's own


@router.get("/account/my-data.json")
async def download_my_data(customer: WebCustomer, session: DbSession) -> Response:
    """The customer's copy of their data at every brand, as a JSON file (as `GET /me/export`)."""
    body = MyDataOut.of(await data_export.export_my_data(session, customer.user_id))
    filename = f"my-data-{body.exported_at.date().isoformat()}.json"
    return Response(
        json.dumps(body.model_dump(mode="json"), ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def my_requests(session: AsyncSession, user_id: uuid.UUID) -> list[Any]:
    """The account page's list of the customer's requests, with whether each is overdue."""
    now = utcnow()
    return [
        {"brand": p.merchant_name, "zone": p.time_zone, "request": r,
         "overdue": rules.is_overdue(r.status, r.due_at, now)}
        for p, r in await request_service.list_my_requests(session, user_id)
    ]  # fmt: skip


@router.post("/account/requests", dependencies=[CustomerCsrfChecked])
async def file_my_request(
    customer: WebCustomer,
    session: DbSession,
    kind: Annotated[str, Form(max_length=32)],
    merchant_id: Annotated[str, Form(max_length=64)] = "",
    details: Text = "",
) -> Response:
    """File a request at one brand, or at every brand (an empty choice)."""
    await request_service.file_my_requests(
        session, customer.user_id, kind=kind, details=details or None,
        merchant_id=_id_or_none(merchant_id, BRAND_NOT_FOUND),
    )  # fmt: skip
    return RedirectResponse("/app/account?done=request#my-data-heading", status_code=303)


# ---------------------------------------------------------------- the owners' queue


@router.get("/data-requests")
async def queue(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    status: Annotated[str, Query(max_length=32)] = "",
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The brand's data requests, the nearest deadline first, with their actions."""
    notice = i18n.translate("web.notice.request_changed") if done == "changed" else None
    return await _queue_page(request, session, owner, status, cursor, notice=notice)


async def _queue_page(
    request: Request,
    session: AsyncSession,
    owner: Staff,
    status: str,
    cursor: str | None,
    *,
    code: int = 200,
    **extra: Any,
) -> Response:
    page = await request_service.list_queue(
        session, owner.merchant_id, status=status or None, limit=QUEUE_PAGE, cursor=cursor
    )
    names = await customer_service.summaries(
        session, owner.merchant_id, {r.customer_id for r in page.items}
    )
    now = utcnow()
    context = {
        "requests": page.items, "next_cursor": page.next_cursor, "paged": cursor is not None,
        "status": status, "statuses": rules.STATUSES, "names": names, "actions": ACTIONS,
        "overdue": {r.id for r in page.items if rules.is_overdue(r.status, r.due_at, now)},
        "erase_kind": rules.ERASE, **extra,
    }  # fmt: skip
    return await render.staff_page(
        request, session, owner, "backoffice/data_requests.html", context, status=code
    )


@router.post("/data-requests/{request_id:uuid}", dependencies=[CsrfChecked])
async def change(
    request: Request,
    request_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    status: Annotated[str, Form(max_length=32)],
    reason: Text = "",
) -> Response:
    """Move a request on, or refuse it with a reason; a refusal of the step is shown."""

    async def refused(exc: AppError) -> Response:
        if exc.status == 404:
            raise exc
        return await _queue_page(
            request, session, owner, "", None, code=exc.status, error=exc.message()
        )

    return await submit(
        session,
        lambda: request_service.change_status(
            session,
            owner.merchant_id,
            request_id,
            status=status,
            reason=reason or None,
            actor_id=owner.user_id,
        ),
        done="/app/data-requests?done=changed",
        refused=refused,
    )


# ---------------------------------------------------------------- on the profile


@router.post("/customers/{customer_id:uuid}/data-requests", dependencies=[CsrfChecked])
async def file_at_till(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    kind: Annotated[str, Form(max_length=32)],
    details: Text = "",
) -> Response:
    """Staff file a request for the walk-in customer whose profile this is."""
    return await submit(
        session,
        lambda: request_service.file_request(
            session,
            staff.merchant_id,
            customer_id,
            kind=kind,
            details=details or None,
            channel=rules.AT_TILL,
            actor_id=staff.user_id,
        ),
        done=f"/app/customers/{customer_id}?done=request#requests-heading",
        refused=lambda exc: refused_on_profile(request, session, staff, customer_id, exc),
    )


@router.get("/customers/{customer_id:uuid}/erase")
async def confirm_erase(
    request: Request,
    customer_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    request_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    """Ask before erasing: what it does, that it cannot be undone, and the word to type."""
    return await _erase_page(request, session, owner, customer_id, request_id)


async def _erase_page(
    request: Request,
    session: AsyncSession,
    owner: Staff,
    customer_id: uuid.UUID,
    request_id: uuid.UUID | None,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    customer = await customer_service.get_customer(session, owner.merchant_id, customer_id)
    context = {"customer": customer, "request_id": request_id, "word": request_service.ERASE_WORD}
    return await render.staff_page(
        request, session, owner, "customers/erase.html", {**context, **extra}, status=status
    )


@router.post("/customers/{customer_id:uuid}/erase", dependencies=[CsrfChecked])
async def erase(
    request: Request,
    customer_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    confirm: Annotated[str, Form(max_length=100)] = "",
    request_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Erase the customer's personal data (owners), closing the request it answers."""
    linked = _id_or_none(request_id, NOT_FOUND)

    async def refused(exc: AppError) -> Response:
        if exc.status == 404:
            raise exc
        return await _erase_page(
            request, session, owner, customer_id, linked, status=exc.status, error=exc.message()
        )

    return await submit(
        session,
        lambda: request_service.erase_customer(
            session,
            owner.merchant_id,
            customer_id,
            confirm=confirm,
            request_id=linked,
            actor_id=owner.user_id,
        ),
        done=f"/app/customers/{customer_id}?done=erased",
        refused=refused,
    )
