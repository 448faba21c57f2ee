"""Jinja2 rendering with the request's language, and the web UI's error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.service import Merchant
from patronage.web import formats
from patronage.web.session import COOKIE, apply_language, csrf_token, session_token

i18n.load("patronage.web")

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    t=lambda key, **params: i18n.translate(key, **params),
    lang=lambda: i18n.current_lang.get(),
    plural=formats.plural,
    money=formats.money,
    language_name=formats.language_name,
    percent=formats.percent,
)
templates.env.filters.update(local=formats.local_time, day=formats.local_date)


def here(request: Request) -> str:
    """The page to come back to: this page, or after a form post the page that sent it."""
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return safe_next(target)
    referer = urlparse(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/app"
    return safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))


def safe_next(target: str | None) -> str:
    """A local /app address, or /app (never another site)."""
    if not target or not target.startswith("/app") or target.startswith("//"):
        return "/app"
    return target


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a page of the web UI."""
    apply_language(request)
    context = dict(context or {})
    context.setdefault("here", quote(here(request), safe="/"))
    return templates.TemplateResponse(request, template, context, status_code=status)


async def staff_page(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    template: str,
    context: dict[str, Any],
    *,
    merchant: Merchant | None = None,
    status: int = 200,
) -> HTMLResponse:
    """A page of the staff's UI: who is signed in, the forms' token and the brand (read
    unless given), then the page's own context."""
    if merchant is None:
        merchant = await merchant_service.get_merchant(session, staff.merchant_id)
    csrf = csrf_token(request.app.state.settings, session_token(request))
    base = {"staff": staff, "csrf": csrf, "merchant": merchant}
    return page(request, template, base | context, status=status)


# What a person reading a page (not a program reading JSON) is told instead.
_PAGE_MESSAGES = {
    "request.not_found": "web.page_not_found",
    "request.method_not_allowed": "web.page_not_found",
    "request.invalid": "web.request_invalid",
}


def error_page(
    request: Request,
    status: int,
    code: str,
    params: dict[str, object],
    headers: dict[str, str] | None = None,
) -> Response:
    """The web UI's rendering of any error, with the navigation of whoever is signed in."""
    apply_language(request)
    message = i18n.translate(_PAGE_MESSAGES.get(code, code), **params)
    principal = getattr(request.state, "principal", None)
    staff = principal if isinstance(principal, Staff) else None
    context = {
        "message": message,
        "status": status,
        "staff": staff,
        "staff_cookie": staff is not None or COOKIE in request.cookies,
        "csrf": csrf_token(request.app.state.settings, session_token(request)),
    }
    response = page(request, "error.html", context, status=status)
    if headers:
        response.headers.update(headers)
    return response
