"""Who is using the web UI; anonymous visitors are sent to the sign-in page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request

from patronage.core.errors import AppError, define
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.web.session import apply_language, csrf_valid, session_token

CSRF_FAILED = define(
    "web.csrf_failed_error",
    403,
    en="This form has expired; please try again.",
    vi="Biểu mẫu đã hết hạn; vui lòng thử lại.",
)


class SignInRequired(Exception):
    """Raised when a page needs a staff session and there is none."""


async def web_staff(request: Request, session: DbSession) -> Staff:
    """The signed-in staff member, bound to their brand for this request."""
    apply_language(request)
    token = session_token(request)
    principal = await auth_service.authenticate(session, token) if token else None
    if not isinstance(principal, Staff):
        raise SignInRequired
    request.state.principal = principal
    return principal


async def checked_form(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Refuse a form post whose CSRF token does not belong to this session."""
    if not csrf_valid(request.app.state.settings, session_token(request), csrf):
        raise AppError(CSRF_FAILED)


WebStaff = Annotated[Staff, Depends(web_staff)]
CsrfChecked = Depends(checked_form)
