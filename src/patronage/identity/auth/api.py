"""Staff sign-in and sign-out."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.clients import client_address
from patronage.core.errors import AppError
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import AnyPrincipal, DbSession
from patronage.identity.auth.errors import INVALID_CREDENTIALS
from patronage.identity.auth.principal import Staff
from patronage.identity.auth.schemas import StaffSignIn, TokenOut

router = APIRouter(prefix="/auth", tags=["auth"])


async def sign_in_staff(
    request: Request,
    session: AsyncSession,
    *,
    email: str,
    password: str,
    merchant_id: uuid.UUID | None,
) -> auth_service.IssuedToken:
    """The sign-in flow of every edge (API and web): count the attempt, verify, issue."""
    settings = request.app.state.settings
    address = client_address(request)
    attempt = await auth_service.reserve_sign_in(session, settings, account=email, address=address)
    # The attempt counts from now on, whatever happens to this request.
    await session.commit()
    user_id = await auth_service.verify_staff_credentials(
        session, settings, email=email, password=password
    )
    if user_id is None:
        raise AppError(INVALID_CREDENTIALS)
    await auth_service.sign_in_succeeded(session, attempt)
    # A right password is never a failure, even if choosing the brand is refused below.
    await session.commit()
    return await auth_service.open_staff_session(
        session, settings, user_id=user_id, merchant_id=merchant_id
    )


@router.post("/staff/sign-in", response_model=TokenOut)
async def staff_sign_in(body: StaffSignIn, request: Request, session: DbSession) -> TokenOut:
    """Exchange a staff email and password for a bearer token acting for one brand."""
    issued = await sign_in_staff(
        request, session, email=body.email, password=body.password, merchant_id=body.merchant_id
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
