"""The brand's staff, managed by its owners (new members join by invitation)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from patronage.identity.auth.dependencies import DbSession, Owner
from patronage.identity.staff import service as staff_service
from patronage.identity.staff.schemas import StaffList, StaffOut, StaffRoleIn

router = APIRouter(prefix="/staff", tags=["staff"])


@router.get("", response_model=StaffList)
async def list_staff(owner: Owner, session: DbSession) -> StaffList:
    """Everyone with a role at the owner's brand."""
    members = await staff_service.list_staff(session, owner.merchant_id)
    return StaffList(items=[StaffOut.model_validate(m) for m in members])


@router.patch("/{user_id}", response_model=StaffOut)
async def change_role(
    user_id: uuid.UUID, body: StaffRoleIn, owner: Owner, session: DbSession
) -> StaffOut:
    """Make a member an owner or a cashier (the last owner stays one)."""
    member = await staff_service.change_role(
        session, owner.merchant_id, user_id, role=body.role, actor_id=owner.user_id
    )
    return StaffOut.model_validate(member)


@router.delete("/{user_id}", status_code=204, response_class=Response)
async def remove_member(user_id: uuid.UUID, owner: Owner, session: DbSession) -> Response:
    """Take a member off the brand and end their sessions here (never the last owner)."""
    await staff_service.remove(session, owner.merchant_id, user_id, actor_id=owner.user_id)
    return Response(status_code=204)
