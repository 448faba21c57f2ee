"""Staff invitations: owners invite, list and revoke; the invitee accepts."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from patronage.identity.auth.dependencies import DbSession, OptionalPrincipal, Owner
from patronage.identity.invitations import service as invitation_service
from patronage.identity.invitations.schemas import (
    AcceptedOut,
    AcceptIn,
    InvitationIn,
    InvitationList,
    InvitationOut,
)

router = APIRouter(prefix="/staff/invitations", tags=["staff"])
accept_router = APIRouter(prefix="/auth/staff/invitations", tags=["auth"])


@router.post("", response_model=InvitationOut, status_code=202)
async def invite(
    body: InvitationIn, request: Request, owner: Owner, session: DbSession
) -> InvitationOut:
    """Email an invitation to join the brand in a role (the same answer for any email)."""
    invitation = await invitation_service.invite(
        session,
        request.app.state.settings,
        owner,
        email=body.email,
        name=body.name,
        role=body.role,
        locale=body.locale,
    )
    return InvitationOut.model_validate(invitation)


@router.get("", response_model=InvitationList)
async def list_invitations(owner: Owner, session: DbSession) -> InvitationList:
    """Invitations still waiting for their invitee, newest first."""
    invitations = await invitation_service.list_open(session, owner.merchant_id)
    return InvitationList(items=[InvitationOut.model_validate(i) for i in invitations])


@router.delete("/{invitation_id}", status_code=204, response_class=Response)
async def revoke_invitation(invitation_id: uuid.UUID, owner: Owner, session: DbSession) -> Response:
    """Withdraw an open invitation; its code stops working."""
    await invitation_service.revoke(session, owner, invitation_id)
    return Response(status_code=204)


@accept_router.post("/accept", response_model=AcceptedOut)
async def accept_invitation(
    body: AcceptIn, request: Request, caller: OptionalPrincipal, session: DbSession
) -> AcceptedOut:
    """Join the brand: a new account sets its password; an existing one is signed in."""
    accepted = await invitation_service.accept(
        session,
        request.app.state.settings,
        invitation_id=body.invitation_id,
        code=body.code,
        password=body.password,
        caller=caller,
    )
    return AcceptedOut(
        merchant_id=accepted.merchant_id, user_id=accepted.user_id, role=accepted.role
    )
