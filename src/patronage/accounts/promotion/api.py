"""Staff promote a captured customer to a sign-in account by one-time code."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from patronage.accounts.promotion import service as promotion_service
from patronage.accounts.promotion.schemas import (
    AccountOut,
    PromotionIn,
    PromotionOut,
    PromotionStarted,
    PromotionVerifyIn,
)
from patronage.directory.schemas import CustomerOut
from patronage.identity.auth.dependencies import DbSession, StaffUser

router = APIRouter(prefix="/customers", tags=["promotion"])


@router.post("/{customer_id:uuid}/promotion", status_code=202, response_model=PromotionStarted)
async def start_promotion(
    customer_id: uuid.UUID,
    body: PromotionIn,
    request: Request,
    staff: StaffUser,
    session: DbSession,
) -> PromotionStarted:
    """Send a one-time code to the customer's phone or email on record."""
    issued = await promotion_service.start_promotion(
        session, request.app.state.settings, staff, customer_id, channel=body.channel
    )
    return PromotionStarted(
        challenge_id=issued.id,
        expires_at=issued.expires_at,
        channel=body.channel,
        destination_masked=issued.destination_masked,
    )


@router.post("/{customer_id:uuid}/promotion/verify", response_model=PromotionOut)
async def verify_promotion(
    customer_id: uuid.UUID,
    body: PromotionVerifyIn,
    request: Request,
    staff: StaffUser,
    session: DbSession,
) -> PromotionOut:
    """Check the code the customer read out; their account gains sign-in."""
    promotion = await promotion_service.verify_promotion(
        session,
        request.app.state.settings,
        staff,
        customer_id,
        challenge_id=body.challenge_id,
        code=body.code,
        password=body.password,
    )
    account = promotion.user
    return PromotionOut(
        customer=CustomerOut.of(promotion.customer),
        user=AccountOut(
            id=account.id,
            verified_phone=account.verified_phone,
            verified_email=account.verified_email,
            locale=account.locale,
            has_password=account.password_hash is not None,
        ),
        merged=promotion.merged,
    )
