"""The brand's staff, managed by its owners."""

from __future__ import annotations

from fastapi import APIRouter, Request

from patronage.identity.auth.dependencies import DbSession, Owner
from patronage.identity.staff import service as staff_service
from patronage.identity.staff.schemas import StaffIn, StaffList, StaffOut

router = APIRouter(prefix="/staff", tags=["staff"])


@router.get("", response_model=StaffList)
async def list_staff(owner: Owner, session: DbSession) -> StaffList:
    """Everyone with a role at the owner's brand."""
    members = await staff_service.list_staff(session, owner.merchant_id)
    return StaffList(items=[StaffOut.model_validate(m) for m in members])


@router.post("", response_model=StaffOut, status_code=201)
async def add_staff(body: StaffIn, request: Request, owner: Owner, session: DbSession) -> StaffOut:
    """Add an owner or cashier to the brand."""
    member = await staff_service.add_staff(
        session,
        request.app.state.settings,
        owner.merchant_id,
        name=body.name,
        email=body.email,
        password=body.password,
        role=body.role,
        actor_id=owner.user_id,
    )
    return StaffOut.model_validate(member)
