"""The web UI's session cookies (staff and customer, kept apart) and the CSRF token bound to
each."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from patronage.core import i18n
from patronage.core.settings import Settings

COOKIE = "patronage_session"
CUSTOMER_COOKIE = "patronage_customer"
CUSTOMER_PATH = "/app/account"
LANG_COOKIE = "patronage_lang"
# Before a customer session exists, the account's sign-in forms are bound to this random
# cookie, so a foreign page cannot post them (login CSRF).
ACCOUNT_LOGIN_COOKIE = "patronage_account_login"


def session_token(request: Request) -> str | None:
    """The staff session's token, or on the customer's pages the customer's."""
    if request.url.path.startswith(CUSTOMER_PATH):
        return request.cookies.get(CUSTOMER_COOKIE)
    return request.cookies.get(COOKIE)


def set_session_cookie(
    response: Response, request: Request, token: str, max_age: int, *, customer: bool = False
) -> None:
    """The staff cookie (scoped to /app) or the customer cookie (scoped to /app/account)."""
    response.set_cookie(
        CUSTOMER_COOKIE if customer else COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=CUSTOMER_PATH if customer else "/app",
    )
    if customer:
        response.delete_cookie(ACCOUNT_LOGIN_COOKIE, path=CUSTOMER_PATH)


def clear_session_cookie(response: Response, *, customer: bool = False) -> None:
    if customer:
        response.delete_cookie(CUSTOMER_COOKIE, path=CUSTOMER_PATH)
    else:
        response.delete_cookie(COOKIE, path="/app")


def csrf_token(settings: Settings, session: str | None) -> str:
    """A token only this session's pages carry; forms must send it back."""
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, f"csrf:{session or ''}".encode(), hashlib.sha256).hexdigest()


def csrf_valid(settings: Settings, session: str | None, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(csrf_token(settings, session), submitted or "")


def apply_language(request: Request) -> None:
    """A language chosen in the UI (cookie) wins over the browser's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in i18n.SUPPORTED:
        i18n.current_lang.set(chosen)


def account_login_nonce(request: Request) -> str:
    """The browser's nonce for the account sign-in forms, or a new one (then set it)."""
    current = request.cookies.get(ACCOUNT_LOGIN_COOKIE, "")
    return current if 20 <= len(current) <= 64 else secrets.token_urlsafe(32)


def set_account_login_cookie(response: Response, request: Request, nonce: str) -> None:
    response.set_cookie(
        ACCOUNT_LOGIN_COOKIE,
        nonce,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=CUSTOMER_PATH,
    )


def account_login_csrf(settings: Settings, nonce: str) -> str:
    """The token of the account sign-in forms, bound to the browser's nonce."""
    return csrf_token(settings, f"account-login:{nonce}")


def account_login_csrf_valid(request: Request, submitted: str) -> bool:
    nonce = request.cookies.get(ACCOUNT_LOGIN_COOKIE)
    if not nonce or not submitted:
        return False
    expected = account_login_csrf(request.app.state.settings, nonce)
    return hmac.compare_digest(expected, submitted)
