"""Duplicate profiles on the web (owners): the likely pairs, a preview of a merge, the merge,
and its undo from the surviving profile."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.directory.merge import duplicates
from patronage.directory.merge import service as merge_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.web import render
from patronage.web.dependencies import CsrfChecked, WebOwner
from patronage.web.profile import render_profile

router = APIRouter(prefix="/app", include_in_schema=False)
PAGE = 20
SourceId = Annotated[uuid.UUID, Form()]


@router.get("/duplicates")
async def duplicate_list(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> Response:
    """The brand's likely duplicate pairs, a page at a time."""
    page = await duplicates.list_duplicates(session, owner.merchant_id, limit=PAGE, cursor=cursor)
    context = {"pairs": page.items, "next_cursor": page.next_cursor}
    return await render.staff_page(request, session, owner, "backoffice/duplicates.html", context)


@router.get("/duplicates/preview")
async def preview(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    survivor: uuid.UUID,
    source: uuid.UUID,
) -> Response:
    """What merging `source` into `survivor` would keep, with the button to do it."""
    return await _preview_page(request, session, owner, survivor, source)


async def _preview_page(
    request: Request,
    session: AsyncSession,
    owner: Staff,
    survivor: uuid.UUID,
    source: uuid.UUID,
    *,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {"survivor_id": survivor, "source_id": source}
    try:
        context["preview"] = await merge_service.preview_merge(
            session, owner.merchant_id, survivor, source_id=source
        )
    except AppError as exc:
        if exc.error.code == "customer.not_found":
            raise
        context["error"], status = exc.message(), exc.status
    return await render.staff_page(
        request, session, owner, "backoffice/merge_preview.html", context, status=status
    )


@router.post("/customers/{customer_id:uuid}/merge", dependencies=[CsrfChecked])
async def merge(
    request: Request,
    customer_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    source_id: SourceId,
) -> Response:
    """Merge the source into this profile; a refusal is shown on the preview."""
    return await _step(
        session,
        lambda: merge_service.merge_customers(
            session, owner.merchant_id, customer_id, source_id=source_id, actor_id=owner.user_id
        ),
        refused=lambda exc: _preview_page(
            request, session, owner, customer_id, source_id, status=exc.status
        ),
        done=f"/app/customers/{customer_id}?done=profiles_merged",
    )


@router.post("/customers/{customer_id:uuid}/merge/undo", dependencies=[CsrfChecked])
async def undo(
    request: Request,
    customer_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    source_id: SourceId,
) -> Response:
    """Undo a merge into this profile; a refusal is said on the profile."""
    return await _step(
        session,
        lambda: merge_service.undo_merge(
            session, owner.merchant_id, customer_id, source_id=source_id, actor_id=owner.user_id
        ),
        refused=lambda exc: render_profile(
            request, session, owner, customer_id, status=exc.status, error=exc.message()
        ),
        done=f"/app/customers/{source_id}?done=merge_undone",
    )


async def _step(
    session: AsyncSession,
    step: Callable[[], Awaitable[object]],
    *,
    refused: Callable[[AppError], Awaitable[Response]],
    done: str,
) -> Response:
    """Run one change in a savepoint; a refusal is shown by `refused` (404s stay 404s)."""
    try:
        async with savepoint(session):
            await step()
    except AppError as exc:
        if exc.error.code == "customer.not_found":
            raise
        return await refused(exc)
    return RedirectResponse(done, status_code=303)
