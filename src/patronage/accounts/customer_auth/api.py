"""Customer sign-in (`/auth/customer/…`) and the customer's own account (`/me`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from patronage.accounts.customer_auth import my_orders as my_orders_service
from patronage.accounts.customer_auth import password as password_service
from patronage.accounts.customer_auth import service as customer_auth_service
from patronage.accounts.customer_auth.schemas import (
    ChallengeOut,
    CodeRequestIn,
    CustomerSignIn,
    CustomerTokenOut,
    MeOut,
    MePatch,
    MyOrderList,
    MyOrderOut,
    PasswordChangeIn,
    me_out,
)
from patronage.accounts.otp.service import IssuedChallenge
from patronage.core.http import client_address, own_unit_of_work
from patronage.identity.auth.dependencies import CustomerUser, DbSession, reserve_sign_in
from patronage.sale.schemas import order_out

sign_in_router = APIRouter(prefix="/auth/customer", tags=["customer sign-in"])
me_router = APIRouter(prefix="/me", tags=["me"])


def challenge_out(issued: IssuedChallenge) -> ChallengeOut:
    return ChallengeOut(
        challenge_id=issued.id,
        expires_at=issued.expires_at,
        channel=issued.channel,
        destination_masked=issued.destination_masked,
    )


@sign_in_router.post("/otp", status_code=202, response_model=ChallengeOut)
async def request_code(body: CodeRequestIn, request: Request, session: DbSession) -> ChallengeOut:
    """Send a sign-in code; the answer is the same whether or not the destination is known."""
    issued = await customer_auth_service.request_sign_in_code(
        session,
        request.app.state.settings,
        destination=body.destination,
        client_address=client_address(request),
    )
    return challenge_out(issued)


@sign_in_router.post("/sign-in", response_model=CustomerTokenOut)
async def sign_in(body: CustomerSignIn, request: Request, session: DbSession) -> CustomerTokenOut:
    """Exchange a right code, or a phone/email and password, for a customer token."""
    settings = request.app.state.settings
    if body.challenge_id is not None and body.code is not None:
        issued = await customer_auth_service.sign_in_with_code(
            session, settings, challenge_id=body.challenge_id, code=body.code
        )
    else:
        assert body.destination is not None and body.password is not None
        key = customer_auth_service.password_sign_in_key(settings, body.destination)
        attempt = await reserve_sign_in(request, key)
        issued = await customer_auth_service.sign_in_with_password(
            session,
            settings,
            destination=body.destination,
            password=body.password,
            attempt=attempt,
        )
    return CustomerTokenOut(
        token=issued.token, expires_at=issued.expires_at, user_id=issued.principal.user_id
    )


@me_router.get("", response_model=MeOut)
async def get_me(customer: CustomerUser, session: DbSession) -> MeOut:
    """The signed-in customer's account and their profile at each brand."""
    return me_out(await customer_auth_service.get_me(session, customer.user_id))


@me_router.patch("", response_model=MeOut)
async def update_me(body: MePatch, customer: CustomerUser, session: DbSession) -> MeOut:
    """Change the language of the customer's own messages."""
    return me_out(await customer_auth_service.set_locale(session, customer.user_id, body.locale))


@me_router.put("/password", status_code=204, response_class=Response)
async def change_password(
    body: PasswordChangeIn, request: Request, customer: CustomerUser, session: DbSession
) -> Response:
    """Set a new password, proving the current one or a fresh sign-in code; the account's
    other sessions end."""
    settings, attempt = request.app.state.settings, None
    if body.current_password is not None:
        # A guess at the current password is counted like a sign-in, before it is judged.
        async with own_unit_of_work(request) as counting:
            attempt = await password_service.reserve_password_proof(
                counting, settings, customer, client_address=client_address(request)
            )
    await password_service.change_password(
        session,
        settings,
        customer,
        new_password=body.new_password,
        current_password=body.current_password,
        challenge_id=body.challenge_id,
        code=body.code,
        attempt=attempt,
    )
    return Response(status_code=204)


@me_router.get("/orders", response_model=MyOrderList)
async def my_orders(
    customer: CustomerUser,
    session: DbSession,
    merchant_id: Annotated[uuid.UUID | None, Query(description="Only this brand's orders.")] = None,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> MyOrderList:
    """The customer's own orders (read-only): brand by brand, each brand's newest first."""
    page = await my_orders_service.list_my_orders(
        session, customer.user_id, merchant_id=merchant_id, cursor=cursor, limit=limit
    )
    return MyOrderList(
        items=[
            MyOrderOut(
                merchant_id=item.merchant_id,
                merchant_name=item.merchant_name,
                **order_out(item.view).model_dump(),
            )
            for item in page.items
        ],
        next_cursor=page.next_cursor,
    )
