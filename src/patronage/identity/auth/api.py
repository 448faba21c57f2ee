"""Staff sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import AnyPrincipal, DbSession, reserve_sign_in
from patronage.identity.auth.principal import Staff
from patronage.identity.auth.schemas import StaffSignIn, TokenOut

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/staff/sign-in", response_model=TokenOut)
async def staff_sign_in(body: StaffSignIn, request: Request, session: DbSession) -> TokenOut:
    """Exchange a staff email and password for a bearer token acting for one brand."""
    settings = request.app.state.settings
    attempt = await reserve_sign_in(request, body.email)
    issued = await auth_service.sign_in_staff(
        session,
        settings,
        email=body.email,
        password=body.password,
        merchant_id=body.merchant_id,
        attempt=attempt,
    )
    principal = issued.principal
    assert isinstance(principal, Staff)
    return TokenOut(
        token=issued.token,
        expires_at=issued.expires_at,
        user_id=principal.user_id,
        merchant_id=principal.merchant_id,
        role=principal.role,
    )


@router.post("/sign-out", status_code=204, response_class=Response)
async def sign_out(principal: AnyPrincipal, session: DbSession) -> Response:
    """Revoke the token used for this request."""
    await auth_service.sign_out(session, principal)
    return Response(status_code=204)
