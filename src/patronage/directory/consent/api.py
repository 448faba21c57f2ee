"""Staff read and record a customer's consent per purpose, with its evidence."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from patronage.core.schemas import error_responses
from patronage.directory.consent import rules
from patronage.directory.consent import service as consent_service
from patronage.directory.consent.schemas import (
    ConsentIn,
    ConsentRecordOut,
    ConsentStateOut,
    CustomerConsentsOut,
)
from patronage.identity.auth.dependencies import DbSession, StaffUser

router = APIRouter(prefix="/customers", tags=["consent"])
Purpose = Annotated[
    str, Path(max_length=64, description="`marketing_sms`, `marketing_email` or `marketing_zalo`.")
]


@router.get("/{customer_id:uuid}/consents", response_model=CustomerConsentsOut)
async def get_consents(
    customer_id: uuid.UUID,
    staff: StaffUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = consent_service.HISTORY_PAGE,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> CustomerConsentsOut:
    """The customer's current answer per purpose, and every record behind it, newest first."""
    current = await consent_service.current_consents(session, staff.merchant_id, customer_id)
    page = await consent_service.consent_history(
        session, staff.merchant_id, customer_id, limit=limit, cursor=cursor
    )
    return CustomerConsentsOut(
        customer_id=customer_id,
        current=[ConsentStateOut.model_validate(s) for s in current],
        history=[ConsentRecordOut.model_validate(r) for r in page.items],
        next_cursor=page.next_cursor,
    )


@router.put(
    "/{customer_id:uuid}/consents/{purpose}",
    response_model=ConsentStateOut,
    responses=error_responses(
        {
            409: "The customer is deleted (`customer.deleted`), or the same purpose was changed "
            "at the same moment (`consent.conflict`).",
            422: "An unknown purpose, status or method, or a bad wording version "
            "(`consent.*_invalid`).",
        }
    ),
)
async def put_consent(
    customer_id: uuid.UUID, purpose: Purpose, body: ConsentIn, staff: StaffUser, session: DbSession
) -> ConsentStateOut:
    """Record the customer's answer for one purpose; a new record unless it repeats the
    current answer (same status, method and wording version)."""
    recorded = await consent_service.record_consent(
        session,
        staff.merchant_id,
        customer_id,
        purpose,
        status=body.status,
        method=body.method,
        wording_version=body.wording_version,
        actor_kind=rules.STAFF,
        actor_id=staff.user_id,
    )
    return ConsentStateOut.model_validate(recorded.state)
