"""A customer's profile: details, orders, stats and audit trail; edit (never over someone
else's change), and the owners' delete (after a confirmation) and restore."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.data_rights import rules as request_rules
from patronage.accounts.data_rights import service as request_service
from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.directory import service as customer_service
from patronage.directory.consent import service as consent_service
from patronage.directory.errors import PRECONDITION_FAILED
from patronage.directory.merge import rules as merge_rules
from patronage.directory.merge import service as merge_service
from patronage.directory.tags import service as tag_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service
from patronage.sale import figures as order_figures
from patronage.sale import service as order_service
from patronage.web import consent_panel, render
from patronage.web.dependencies import CsrfChecked, WebOwner, WebStaff
from patronage.web.forms import field_errors, submit

router = APIRouter(prefix="/app/customers", include_in_schema=False)
ORDERS_PER_PAGE = 10
EVENTS_PER_PAGE = 10
NOTICES = (
    "created", "saved", "deleted", "restored", "promoted", "merged", "consent", "tags",
    "profiles_merged", "merge_undone",
    "erased", "request",
)  # fmt: skip


@router.get("/{customer_id:uuid}")
async def profile(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    orders: Annotated[str | None, Query(max_length=1024)] = None,
    events: Annotated[str | None, Query(max_length=1024)] = None,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Everything the brand knows of one customer."""
    notice = i18n.translate(f"web.notice.{done}") if done in NOTICES else None
    return await render_profile(
        request, session, staff, customer_id, orders=orders, events=events, notice=notice
    )


async def render_profile(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    customer_id: uuid.UUID,
    *,
    orders: str | None = None,
    events: str | None = None,
    status: int = 200,
    **extra: Any,
) -> Response:
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    order_page = await order_service.list_customer_orders(
        session, staff.merchant_id, customer_id, cursor=orders, limit=ORDERS_PER_PAGE
    )
    trail = await customer_service.list_events(
        session, staff.merchant_id, customer_id, limit=EVENTS_PER_PAGE, cursor=events
    )
    staff_names = {
        m.user_id: m.name for m in await staff_service.list_staff(session, staff.merchant_id)
    }
    merchant = await merchant_service.get_merchant(session, staff.merchant_id)
    consents = await consent_service.current_consents(session, staff.merchant_id, customer_id)
    context = {
        "consents": consent_panel.rows_of(consents, lang=customer.locale, brand=merchant.name),
        "customer": customer,
        "tags": await tag_service.customer_tags(session, staff.merchant_id, customer_id),
        "brand_tags": await tag_service.list_tags(session, staff.merchant_id),
        "stats": await order_figures.customer_stats(session, staff.merchant_id, customer_id),
        "orders": order_page.items,
        "orders_next": order_page.next_cursor,
        "orders_paged": orders is not None,
        "events": trail.items,
        "events_next": trail.next_cursor,
        "events_paged": events is not None,
        "actor_names": staff_names,
        "merges": await _undoable_merges(session, staff, customer_id),
        "data_requests": await request_service.requests_of_customer(
            session, staff.merchant_id, customer_id
        ),
        "request_kinds": request_rules.KINDS,
        **extra,
    }
    return await render.staff_page(
        request, session, staff, "customers/profile.html", context, merchant=merchant, status=status
    )


# ---------------------------------------------------------------- edit


@router.get("/{customer_id:uuid}/edit")
async def edit_form(
    request: Request, customer_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """The profile's fields, with the version they were read at."""
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    form = {
        "name": customer.name,
        "phones": [p.display for p in customer.phones],
        "emails": [e.value for e in customer.emails],
        "birthday": customer.birthday.isoformat() if customer.birthday else "",
        "locale": customer.locale,
        "note": customer.note or "",
        "version": customer.version,
    }
    return await _edit_page(request, session, staff, customer_id, form)


async def _edit_page(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    customer_id: uuid.UUID,
    form: dict[str, Any],
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    context = {
        "customer": await customer_service.get_customer(session, staff.merchant_id, customer_id),
        "form": form,
        "errors": {},
        **extra,
    }
    return await render.staff_page(
        request, session, staff, "customers/edit.html", context, status=status
    )


@router.post("/{customer_id:uuid}/edit", dependencies=[CsrfChecked])
async def save(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    version: Annotated[int, Form()],
    name: Annotated[str, Form(max_length=1000)] = "",
    phones: Annotated[list[str] | None, Form(max_length=64)] = None,
    emails: Annotated[list[str] | None, Form(max_length=320)] = None,
    birthday: Annotated[str, Form(max_length=20)] = "",
    locale: Annotated[str, Form(max_length=5)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Save the changes only if nobody changed the profile since it was read (If-Match)."""
    phone_list = [p for p in phones or [] if p.strip()]
    email_list = [e for e in emails or [] if e.strip()]
    form = {
        "name": name, "phones": phone_list, "emails": email_list, "birthday": birthday,
        "locale": locale, "note": note, "version": version,
    }  # fmt: skip
    try:
        changes = {
            "name": name,
            "phones": phone_list,
            "emails": email_list,
            "birthday": _birthday(birthday),
            "locale": locale if locale in i18n.SUPPORTED else None,
            "note": note.replace("\r\n", "\n").strip() or None,
        }
        if changes["locale"] is None:
            changes.pop("locale")
        async with savepoint(session):
            await customer_service.update_customer(
                session, staff.merchant_id, customer_id, actor_id=staff.user_id,
                expected_versions={version}, changes=changes,
            )  # fmt: skip
    except (AppError, NormalizationError) as exc:
        stale = isinstance(exc, AppError) and exc.error == PRECONDITION_FAILED
        errors = {} if stale else field_errors(exc)
        message = exc.message() if isinstance(exc, AppError) and not errors else None
        return await _edit_page(
            request, session, staff, customer_id, form, errors=errors, stale=stale,
            error=i18n.translate("web.changed_by_someone_else") if stale else message,
            status=exc.status if isinstance(exc, AppError) else 422,
        )  # fmt: skip
    return RedirectResponse(f"/app/customers/{customer_id}?done=saved", status_code=303)


def _birthday(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise NormalizationError("birthday.invalid") from None


# ---------------------------------------------------------------- delete and restore


@router.get("/{customer_id:uuid}/delete")
async def confirm_delete(
    request: Request, customer_id: uuid.UUID, owner: WebOwner, session: DbSession
) -> Response:
    """Ask before deleting: what deleting does, and a way back."""
    customer = await customer_service.get_customer(session, owner.merchant_id, customer_id)
    return await render.staff_page(
        request, session, owner, "customers/delete.html", {"customer": customer}
    )


@router.post("/{customer_id:uuid}/delete", dependencies=[CsrfChecked])
async def delete(
    customer_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    version: Annotated[int | None, Form()] = None,
) -> Response:
    """Soft-delete a customer (owners only)."""
    await customer_service.delete_customer(
        session, owner.merchant_id, customer_id, actor_id=owner.user_id,
        expected_versions={version} if version is not None else None,
    )  # fmt: skip
    return RedirectResponse(f"/app/customers/{customer_id}?done=deleted", status_code=303)


@router.post("/{customer_id:uuid}/restore", dependencies=[CsrfChecked])
async def restore(
    request: Request, customer_id: uuid.UUID, owner: WebOwner, session: DbSession
) -> Response:
    """Bring a deleted customer back; a contact taken meanwhile is shown on the profile."""
    return await submit(
        session,
        lambda: customer_service.restore_customer(
            session, owner.merchant_id, customer_id, actor_id=owner.user_id
        ),
        done=f"/app/customers/{customer_id}?done=restored",
        refused=lambda exc: refused_on_profile(request, session, owner, customer_id, exc),
    )


async def refused_on_profile(
    request: Request, session: AsyncSession, staff: Staff, customer_id: uuid.UUID, exc: AppError
) -> Response:
    """The profile again, saying why a change of it was refused."""
    return await render_profile(
        request, session, staff, customer_id, status=exc.status, error=exc.message()
    )


async def _undoable_merges(
    session: AsyncSession, staff: Staff, customer_id: uuid.UUID
) -> list[tuple[Any, Any]]:
    """(merge, its undo deadline) of the merges into the profile an owner may still undo."""
    if not staff.is_owner:
        return []
    merges = await merge_service.merges_into(session, staff.merchant_id, customer_id)
    return [(m, merge_rules.undo_deadline(m.merged_at)) for m in merges]
