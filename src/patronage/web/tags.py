"""Tags on the web: owners define, rename and delete the brand's tags (`/app/tags`); staff
add and remove a customer's tags as chips on its profile."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.directory.tags import service as tag_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.web.dependencies import CsrfChecked, WebOwner, WebStaff, csrf_of
from patronage.web.profile import render_profile
from patronage.web.render import page

router = APIRouter(prefix="/app", include_in_schema=False)
NOTICES = ("tag_created", "tag_renamed", "tag_deleted")
Name = Annotated[str, Form(max_length=200)]


@router.get("/tags")
async def tag_list(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The brand's tags, with forms to add, rename and delete."""
    notice = i18n.translate(f"web.notice.{done}") if done in NOTICES else None
    return await _tag_page(request, session, owner, notice=notice)


async def _tag_page(
    request: Request, session: AsyncSession, owner: Staff, *, status: int = 200, **extra: Any
) -> Response:
    context = {
        "staff": owner,
        "csrf": csrf_of(request),
        "merchant": await merchant_service.get_merchant(session, owner.merchant_id),
        "tags": await tag_service.list_tags(session, owner.merchant_id),
        **extra,
    }
    return page(request, "backoffice/tags.html", context, status=status)


async def _owner_step(
    request: Request,
    session: AsyncSession,
    owner: Staff,
    step: Callable[[], Awaitable[object]],
    done: str,
) -> Response:
    """Run one change; a refusal is shown on the tag page (404s stay 404s)."""
    try:
        async with savepoint(session):
            await step()
    except AppError as exc:
        if exc.status == 404:
            raise
        return await _tag_page(request, session, owner, status=exc.status, error=exc.message())
    return RedirectResponse(f"/app/tags?done={done}", status_code=303)


@router.post("/tags", dependencies=[CsrfChecked])
async def create(request: Request, owner: WebOwner, session: DbSession, name: Name) -> Response:
    """Define a tag."""
    return await _owner_step(
        request, session, owner,
        lambda: tag_service.create_tag(
            session, owner.merchant_id, name=name, actor_id=owner.user_id
        ),
        "tag_created",
    )  # fmt: skip


@router.post("/tags/{tag_id:uuid}/rename", dependencies=[CsrfChecked])
async def rename(
    request: Request, tag_id: uuid.UUID, owner: WebOwner, session: DbSession, name: Name
) -> Response:
    """Rename a tag."""
    return await _owner_step(
        request, session, owner,
        lambda: tag_service.rename_tag(
            session, owner.merchant_id, tag_id, name=name, actor_id=owner.user_id
        ),
        "tag_renamed",
    )  # fmt: skip


@router.post("/tags/{tag_id:uuid}/delete", dependencies=[CsrfChecked])
async def delete(
    request: Request, tag_id: uuid.UUID, owner: WebOwner, session: DbSession
) -> Response:
    """Delete a tag: it leaves every customer."""
    return await _owner_step(
        request, session, owner,
        lambda: tag_service.delete_tag(session, owner.merchant_id, tag_id, actor_id=owner.user_id),
        "tag_deleted",
    )  # fmt: skip


@router.post("/customers/{customer_id:uuid}/tags/add", dependencies=[CsrfChecked])
async def add_to_customer(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    tag: Annotated[str, Form(max_length=200)],
) -> Response:
    """Put one more tag on the customer."""
    return await _set(request, session, staff, customer_id, lambda ids: [*ids, tag])


@router.post("/customers/{customer_id:uuid}/tags/{tag_id:uuid}/remove", dependencies=[CsrfChecked])
async def remove_from_customer(
    request: Request, customer_id: uuid.UUID, tag_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """Take one tag off the customer."""
    return await _set(
        request, session, staff, customer_id, lambda ids: [i for i in ids if i != str(tag_id)]
    )


async def _set(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    customer_id: uuid.UUID,
    change: Callable[[list[str]], list[str]],
) -> Response:
    try:
        async with savepoint(session):
            current = await tag_service.customer_tags(session, staff.merchant_id, customer_id)
            await tag_service.set_customer_tags(
                session, staff.merchant_id, customer_id, change([str(t.id) for t in current]),
                actor_id=staff.user_id,
            )  # fmt: skip
    except AppError as exc:
        if exc.error.code == "customer.not_found":
            raise
        return await render_profile(
            request, session, staff, customer_id, status=exc.status, error=exc.message()
        )
    target = f"/app/customers/{customer_id}?done=tags#tags-heading"
    return RedirectResponse(target, status_code=303)
