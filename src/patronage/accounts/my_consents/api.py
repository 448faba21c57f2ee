"""The signed-in customer's own consent (`/me/consents`), at every brand they belong to."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from patronage.accounts.my_consents import service as my_consent_service
from patronage.core.schemas import error_responses
from patronage.directory.consent.api import Purpose
from patronage.directory.consent.schemas import (
    BrandConsentsOut,
    ConsentStateOut,
    MyConsentIn,
    MyConsentsOut,
)
from patronage.identity.auth.dependencies import CustomerUser, DbSession

router = APIRouter(prefix="/me", tags=["me"])


def _out(brands: list[my_consent_service.BrandConsents]) -> MyConsentsOut:
    return MyConsentsOut(
        items=[
            BrandConsentsOut(
                merchant_id=b.merchant_id,
                merchant_name=b.merchant_name,
                customer_id=b.customer_id,
                current=[ConsentStateOut.model_validate(s) for s in b.current],
            )
            for b in brands
        ]
    )


@router.get("/consents", response_model=MyConsentsOut)
async def my_consents(
    customer: CustomerUser,
    session: DbSession,
    merchant_id: Annotated[uuid.UUID | None, Query(description="Only this brand.")] = None,
) -> MyConsentsOut:
    """The customer's current answer per purpose at each brand where they have a profile."""
    return _out(
        await my_consent_service.list_my_consents(
            session, customer.user_id, merchant_id=merchant_id
        )
    )


@router.put(
    "/consents/{purpose}",
    response_model=MyConsentsOut,
    responses=error_responses(
        {
            404: "No profile at `merchant_id` (`consent.brand_not_found`).",
            422: "An unknown purpose or status, or a bad wording version (`consent.*_invalid`).",
        }
    ),
)
async def set_my_consent(
    purpose: Purpose, body: MyConsentIn, customer: CustomerUser, session: DbSession
) -> MyConsentsOut:
    """Grant or withdraw one purpose, at `merchant_id` or at every brand; recorded with
    method `self_service`, by the customer. Answers the brands it applied to."""
    brands = await my_consent_service.set_my_consent(
        session,
        customer.user_id,
        purpose,
        status=body.status,
        wording_version=body.wording_version,
        merchant_id=body.merchant_id,
    )
    return _out(brands)
