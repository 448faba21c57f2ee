"""Pages of the web UI: staff sign-in (with a list of brands to choose from), sign-out,
language, home."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.errors import AppError
from patronage.core.schemas import SIGN_IN_KEY_PATTERN
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import DbSession, reserve_sign_in
from patronage.identity.auth.errors import MERCHANT_REQUIRED
from patronage.web.dependencies import CSRF_FAILED, CsrfChecked, WebStaff
from patronage.web.render import page, safe_next
from patronage.web.session import (
    LANG_COOKIE,
    STAFF_SIGN_IN,
    apply_language,
    clear_session_cookie,
    set_session_cookie,
)

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/sign-in")
async def sign_in_page(
    request: Request, next_page: Annotated[str, Query(alias="next", max_length=2000)] = ""
) -> Response:
    """The staff sign-in form."""
    return _sign_in_form(request, {"next": safe_next(next_page) if next_page else ""})


def _sign_in_form(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    """The sign-in form, bound to the browser's pre-session nonce (set as a cookie)."""
    nonce = STAFF_SIGN_IN.nonce(request)
    csrf = STAFF_SIGN_IN.token(request.app.state.settings, nonce)
    base: dict[str, Any] = {"csrf": csrf, "error": None, "brands": []}
    response = page(request, "sign_in.html", {**base, **context}, status=status)
    STAFF_SIGN_IN.set_cookie(response, request, nonce)
    return response


@router.post("/sign-in")
async def sign_in(
    request: Request,
    session: DbSession,
    email: Annotated[str, Form(max_length=254, pattern=SIGN_IN_KEY_PATTERN)],
    password: Annotated[str, Form(max_length=256)],
    merchant_id: Annotated[str, Form(max_length=36)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=2000)] = "",
) -> Response:
    """Sign in from the form; a failure shows the form again with the reason."""
    apply_language(request)
    target = safe_next(next_page) if next_page else "/app/checkout"
    try:
        if not STAFF_SIGN_IN.valid(request, csrf):
            raise AppError(CSRF_FAILED)
        return await _sign_in(request, session, email, password, _uuid_or_none(merchant_id), target)
    except AppError as exc:
        brands = exc.details.get("merchants", []) if exc.error == MERCHANT_REQUIRED else []
        message = i18n.translate("web.choose_brand_hint") if brands else exc.message()
        context = {"error": message, "email": email, "brands": brands, "next": next_page}
        response = _sign_in_form(request, context, status=exc.status)
        response.headers.update(exc.headers)
        return response


async def _sign_in(
    request: Request,
    session: AsyncSession,
    email: str,
    password: str,
    merchant_id: uuid.UUID | None,
    target: str,
) -> Response:
    settings = request.app.state.settings
    attempt = await reserve_sign_in(request, email)
    issued = await auth_service.sign_in_staff(
        session,
        settings,
        email=email,
        password=password,
        merchant_id=merchant_id,
        attempt=attempt,
    )
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, issued.token, settings.staff_session_ttl_hours * 3600)
    return response


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value.strip() else None
    except ValueError:
        return None


@router.post("/sign-out", dependencies=[CsrfChecked])
async def sign_out(staff: WebStaff, session: DbSession) -> Response:
    """End the staff session."""
    await auth_service.sign_out(session, staff)
    response = RedirectResponse("/app/sign-in", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/language/{lang}")
async def choose_language(
    lang: str, next_page: Annotated[str, Query(alias="next", max_length=2000)] = "/app"
) -> Response:
    """Switch the interface's language and go back to the same page (query included)."""
    response = RedirectResponse(safe_next(next_page), status_code=303)
    if lang in i18n.SUPPORTED:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/app")
    return response


@router.get("")
async def home(request: Request, staff: WebStaff) -> Response:
    """The cashier's home is the checkout."""
    return RedirectResponse("/app/checkout", status_code=303)
