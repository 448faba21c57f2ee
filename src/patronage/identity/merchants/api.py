"""Brand settings, read and changed by its owners."""

from __future__ import annotations

from fastapi import APIRouter

from patronage.identity.auth.dependencies import DbSession, Owner, StaffUser
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.schemas import MerchantOut, MerchantPatch

router = APIRouter(prefix="/merchant", tags=["merchant"])


@router.get("", response_model=MerchantOut)
async def get_merchant(staff: StaffUser, session: DbSession) -> MerchantOut:
    """The brand the caller works for."""
    return MerchantOut.model_validate(
        await merchant_service.get_merchant(session, staff.merchant_id)
    )


@router.patch("", response_model=MerchantOut)
async def update_merchant(body: MerchantPatch, owner: Owner, session: DbSession) -> MerchantOut:
    """Change the brand's name, phone region, locale, time zone or contact policy."""
    merchant = await merchant_service.update_merchant(
        session,
        owner.merchant_id,
        actor_id=owner.user_id,
        changes=body.model_dump(exclude_unset=True, exclude_none=True),
    )
    return MerchantOut.model_validate(merchant)
