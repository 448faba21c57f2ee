"""The customer's own account on the web: sign in with a one-time code sent to their phone or
email, see their profiles and orders at every brand, choose their language, sign out. The
customer's session cookie is their own (scoped to /app/account), never the staff one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from patronage.accounts.customer_auth import my_orders as my_orders_service
from patronage.accounts.customer_auth import service as customer_auth_service
from patronage.accounts.data_rights import rules as request_rules
from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.core.http import client_address
from patronage.core.normalize import NormalizationError
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import DbSession
from patronage.web import account_consent, data_rights
from patronage.web.dependencies import (
    AccountLoginCsrfChecked,
    CustomerCsrfChecked,
    WebCustomer,
    csrf_of,
)
from patronage.web.render import page
from patronage.web.session import (
    ACCOUNT_SIGN_IN,
    LANG_COOKIE,
    clear_session_cookie,
    set_session_cookie,
)

router = APIRouter(prefix="/app/account", include_in_schema=False)
ORDERS_PER_PAGE = 20
NOTICES = ("consent", "request")


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    """Ask for the phone or email the account proved."""
    return _sign_in_form(request, {})


def _sign_in_form(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    """The account's sign-in form, bound to the browser's pre-session nonce."""
    nonce = ACCOUNT_SIGN_IN.nonce(request)
    csrf = ACCOUNT_SIGN_IN.token(request.app.state.settings, nonce)
    response = page(request, "account/sign_in.html", {**context, "csrf": csrf}, status=status)
    ACCOUNT_SIGN_IN.set_cookie(response, request, nonce)
    return response


@router.post("/sign-in", dependencies=[AccountLoginCsrfChecked])
async def send_code(
    request: Request,
    session: DbSession,
    destination: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    """Send a sign-in code (the page reads the same whether or not the account exists)."""
    context: dict[str, Any] = {"destination": destination}
    try:
        async with savepoint(session):
            issued = await customer_auth_service.request_sign_in_code(
                session,
                request.app.state.settings,
                destination=destination,
                client_address=client_address(request),
            )
    except (AppError, NormalizationError, ValueError) as exc:
        message = exc.message() if isinstance(exc, AppError) else None
        context["error"] = message or i18n.translate("web.destination_invalid")
        return _sign_in_form(request, context, status=422)
    context["challenge"] = {
        "id": issued.id, "masked": issued.destination_masked, "expires_at": issued.expires_at,
    }  # fmt: skip
    return _sign_in_form(request, context)


@router.post("/sign-in/code", dependencies=[AccountLoginCsrfChecked])
async def check_code(
    request: Request,
    session: DbSession,
    challenge_id: Annotated[uuid.UUID, Form()],
    masked: Annotated[str, Form(max_length=320)],
    expires_at: Annotated[datetime, Form()],
    code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """A right code signs the customer in."""
    settings = request.app.state.settings
    try:
        async with savepoint(session):  # a wrong guess is kept (it counts)
            issued = await customer_auth_service.sign_in_with_code(
                session, settings, challenge_id=challenge_id, code=code.strip()
            )
    except AppError as exc:
        challenge = {"id": challenge_id, "masked": masked, "expires_at": expires_at}
        context = {"challenge": challenge, "code_error": exc.message()}
        return _sign_in_form(request, context, status=exc.status)
    response = RedirectResponse("/app/account", status_code=303)
    max_age = settings.customer_session_ttl_days * 86400
    set_session_cookie(response, request, issued.token, max_age, customer=True)
    return response


@router.get("")
async def my_account(
    request: Request,
    customer: WebCustomer,
    session: DbSession,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The customer's profiles and orders, brand by brand, and their marketing consent."""
    me = await customer_auth_service.get_me(session, customer.user_id)
    orders = await my_orders_service.list_my_orders(
        session, customer.user_id, cursor=cursor, limit=ORDERS_PER_PAGE
    )
    zones = {p.merchant_id: p.time_zone for p in me.profiles}
    context = {
        "consent_brands": await account_consent.brand_panels(request, session, customer.user_id),
        "notice": i18n.translate(f"web.notice.{done}") if done in NOTICES else None,
        "my_requests": await data_rights.my_requests(session, customer.user_id),
        "request_kinds": request_rules.KINDS,
        "csrf": csrf_of(request),
        "me": me,
        "orders": orders.items,
        "next_cursor": orders.next_cursor,
        "paged": cursor is not None,
        "zones": zones,
        "customer_nav": True,
    }
    return page(request, "account/home.html", context)


@router.post("/language", dependencies=[CustomerCsrfChecked])
async def language(
    customer: WebCustomer,
    session: DbSession,
    locale: Annotated[str, Form(pattern="^(en|vi)$")],
) -> Response:
    """The language of the customer's messages (and of these pages)."""
    await customer_auth_service.set_locale(session, customer.user_id, locale)
    response = RedirectResponse("/app/account", status_code=303)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", path="/app")
    return response


@router.post("/sign-out", dependencies=[CustomerCsrfChecked])
async def sign_out(customer: WebCustomer, session: DbSession) -> Response:
    """End the customer's session."""
    await auth_service.sign_out(session, customer)
    response = RedirectResponse("/app/account/sign-in", status_code=303)
    clear_session_cookie(response, customer=True)
    return response
