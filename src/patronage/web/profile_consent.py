"""Staff record a customer's marketing consent at the till, from the profile page: the
wording is read to the customer in their language and its version kept with the answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from patronage.core.errors import AppError
from patronage.directory.consent import rules
from patronage.directory.consent import service as consent_service
from patronage.identity.auth.dependencies import DbSession
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.forms import submit
from patronage.web.profile import refused_on_profile

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

    async def refused(exc: AppError) -> Response:
        if exc.status == 404:
            raise exc
        return await refused_on_profile(request, session, staff, customer_id, exc)

    return await submit(
        session,
        lambda: consent_service.record_consent(
            session, staff.merchant_id, customer_id, purpose, status=status,
            method=rules.AT_TILL, wording_version=wording_version,
            actor_kind=rules.STAFF, actor_id=staff.user_id,
        ),
        done=f"/app/customers/{customer_id}?done=consent#consent-heading",
        refused=refused,
    )  # fmt: skip
