"""Pages of the web UI: sign-in, sign-out, language, home."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.errors import AppError
from patronage.core.http import client_address
from patronage.core.schemas import SIGN_IN_KEY_PATTERN
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.merchants import service as merchant_service
from patronage.web.dependencies import CsrfChecked, WebStaff
from patronage.web.render import page
from patronage.web.session import (
    LANG_COOKIE,
    apply_language,
    clear_session_cookie,
    csrf_token,
    session_token,
    set_session_cookie,
)

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    apply_language(request)
    settings = request.app.state.settings
    return page(request, "sign_in.html", {"csrf": csrf_token(settings, None), "error": None})


@router.post("/sign-in")
async def sign_in(
    request: Request,
    session: DbSession,
    email: Annotated[str, Form(max_length=254, pattern=SIGN_IN_KEY_PATTERN)],
    password: Annotated[str, Form(max_length=256)],
    merchant_id: Annotated[str, Form(max_length=36)] = "",
) -> Response:
    """Sign in from the form; a failure shows the form again with the reason."""
    try:
        return await _sign_in(request, session, email, password, merchant_id)
    except AppError as exc:
        settings = request.app.state.settings
        context = {"csrf": csrf_token(settings, None), "error": exc.message(), "email": email}
        response = page(request, "sign_in.html", context, status=exc.status)
        response.headers.update(exc.headers)
        return response


async def _sign_in(
    request: Request, session: AsyncSession, email: str, password: str, merchant_id: str
) -> Response:
    apply_language(request)
    issued = await auth_service.sign_in_staff(
        session,
        request.app.state.settings,
        email=email,
        password=password,
        merchant_id=_uuid_or_none(merchant_id),
        address=client_address(request),
    )
    response = RedirectResponse("/app", status_code=303)
    max_age = request.app.state.settings.staff_session_ttl_hours * 3600
    set_session_cookie(response, request, issued.token, max_age)
    return response


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value.strip() else None
    except ValueError:
        return None


@router.post("/sign-out", dependencies=[CsrfChecked])
async def sign_out(staff: WebStaff, session: DbSession) -> Response:
    await auth_service.sign_out(session, staff)
    response = RedirectResponse("/app/sign-in", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/language/{lang}")
async def choose_language(lang: str, request: Request) -> Response:
    referer = urlparse(request.headers.get("referer", "")).path
    target = referer if referer.startswith("/app") else "/app"
    response = RedirectResponse(target, status_code=303)
    if lang in ("en", "vi"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/app")
    return response


@router.get("")
async def home(request: Request, staff: WebStaff, session: DbSession) -> Response:
    merchant = await merchant_service.get_merchant(session, staff.merchant_id)
    csrf = csrf_token(request.app.state.settings, session_token(request))
    return page(request, "home.html", {"staff": staff, "merchant": merchant, "csrf": csrf})
