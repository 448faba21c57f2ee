"""Staff record a customer's marketing consent at the till, from the profile page: the
wording is read to the customer in their language and its version kept with the answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.directory.consent import rules
from patronage.directory.consent import service as consent_service
from patronage.identity.auth.dependencies import DbSession
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.profile import render_profile

router = APIRouter(prefix="/app/customers", include_in_schema=False)


@router.post("/{customer_id:uuid}/consents/{purpose}", dependencies=[CsrfChecked])
async def record(
    request: Request,
    customer_id: uuid.UUID,
    purpose: str,
    staff: WebStaff,
    session: DbSession,
    status: Annotated[str, Form(max_length=32)],
    wording_version: Annotated[str, Form(max_length=200)],
) -> Response:
    """Record the customer's answer, given at the till, with the wording version shown."""
    try:
        async with savepoint(session):
            await consent_service.record_consent(
                session, staff.merchant_id, customer_id, purpose, status=status,
                method=rules.AT_TILL, wording_version=wording_version,
                actor_kind=rules.STAFF, actor_id=staff.user_id,
            )  # fmt: skip
    except AppError as exc:
        if exc.status == 404:
            raise
        return await render_profile(
            request, session, staff, customer_id, status=exc.status, error=exc.message()
        )
    target = f"/app/customers/{customer_id}?done=consent#consent-heading"
    return RedirectResponse(target, status_code=303)
