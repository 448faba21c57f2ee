"""Who is using the web UI; anonymous visitors are sent to the right sign-in page."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Form, Request
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.errors import AppError, define
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.errors import FORBIDDEN
from patronage.identity.auth.principal import CustomerAccount, Staff
from patronage.web.session import (
    ACCOUNT_SIGN_IN,
    apply_language,
    csrf_token,
    csrf_valid,
    session_token,
)

CSRF_FAILED = define(
    "web.csrf_failed_error",
    403,
    en="This form has expired; please go back, reload the page and try again.",
    vi="Biểu mẫu đã hết hạn; vui lòng quay lại, tải lại trang và thử lại.",
)

P = TypeVar("P", Staff, CustomerAccount)


class SignInRequired(Exception):
    """Raised when a page needs a staff session and there is none."""


class CustomerSignInRequired(Exception):
    """Raised when a page of the customer's account needs a customer session."""


async def _signed_in(
    request: Request, session: AsyncSession, kind: type[P], missing: type[Exception]
) -> P:
    apply_language(request)
    token = session_token(request)
    principal = await auth_service.authenticate(session, token) if token else None
    if not isinstance(principal, kind):
        raise missing
    request.state.principal = principal
    return principal


async def web_staff(request: Request, session: DbSession) -> Staff:
    """The signed-in staff member, bound to their brand for this request."""
    return await _signed_in(request, session, Staff, SignInRequired)


async def web_owner(staff: Annotated[Staff, Depends(web_staff)]) -> Staff:
    """The signed-in owner; a cashier gets 403."""
    if not staff.is_owner:
        raise AppError(FORBIDDEN)
    return staff


async def web_customer(request: Request, session: DbSession) -> CustomerAccount:
    """The signed-in customer (their own cookie, never the staff one)."""
    return await _signed_in(request, session, CustomerAccount, CustomerSignInRequired)


async def checked_form(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Refuse a form post whose CSRF token does not belong to this session."""
    apply_language(request)
    if not csrf_valid(request.app.state.settings, session_token(request), csrf):
        raise AppError(CSRF_FAILED)


async def checked_account_login_form(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """A post of the account's sign-in forms: it carries the token of the browser's nonce."""
    apply_language(request)
    if not ACCOUNT_SIGN_IN.valid(request, csrf):
        raise AppError(CSRF_FAILED)


async def checked_staff_form(
    request: Request,
    staff: Annotated[Staff, Depends(web_staff)],
    csrf: Annotated[str, Form()] = "",
) -> None:
    """A staff form post: who is signed in first (so a refusal keeps their navigation)."""
    await checked_form(request, csrf)


async def checked_customer_form(
    request: Request,
    customer: Annotated[CustomerAccount, Depends(web_customer)],
    csrf: Annotated[str, Form()] = "",
) -> None:
    """A signed-in customer's form post."""
    await checked_form(request, csrf)


def csrf_of(request: Request) -> str:
    """The CSRF token this page's forms carry."""
    return csrf_token(request.app.state.settings, session_token(request))


WebStaff = Annotated[Staff, Depends(web_staff)]
WebOwner = Annotated[Staff, Depends(web_owner)]
WebCustomer = Annotated[CustomerAccount, Depends(web_customer)]
CsrfChecked = Depends(checked_staff_form)
CustomerCsrfChecked = Depends(checked_customer_form)
AccountLoginCsrfChecked = Depends(checked_account_login_form)
