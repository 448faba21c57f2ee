"""The web UI's session cookie and the CSRF token bound to it."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from patronage.core import i18n, proxies
from patronage.core.settings import Settings

COOKIE = "patronage_session"
LANG_COOKIE = "patronage_lang"
# Before a session exists, the sign-in form is bound to this random cookie (login CSRF:
# a foreign page must not be able to sign a browser in to the attacker's account).
LOGIN_COOKIE = "patronage_login"


def session_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE)


def is_https(request: Request) -> bool:
    """Whether the browser's connection is TLS (directly or through a trusted proxy)."""
    return proxies.is_https(request.scope, request.app.state.settings.trusted_proxies)


def set_session_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path="/app",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/app")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/app")


def csrf_token(settings: Settings, session: str | None) -> str:
    """A token only this session's pages carry; forms must send it back."""
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, f"csrf:{session or ''}".encode(), hashlib.sha256).hexdigest()


def csrf_valid(settings: Settings, session: str | None, submitted: str | None) -> bool:
    if not session or not submitted:
        return False
    return hmac.compare_digest(csrf_token(settings, session), submitted)


def login_nonce(request: Request) -> str:
    """The browser's pre-session nonce, or a new one (set it with `set_login_cookie`)."""
    current = request.cookies.get(LOGIN_COOKIE, "")
    return current if 20 <= len(current) <= 64 else secrets.token_urlsafe(32)


def login_csrf_token(settings: Settings, nonce: str) -> str:
    """The sign-in form's token, bound to the browser's pre-session nonce."""
    return csrf_token(settings, f"login:{nonce}")


def login_csrf_valid(request: Request, submitted: str | None) -> bool:
    """Whether a sign-in post carries the token of the nonce cookie its browser holds."""
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce:
        return False
    return csrf_valid(request.app.state.settings, f"login:{nonce}", submitted)


def set_login_cookie(response: Response, request: Request, nonce: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path="/app",
    )


def apply_language(request: Request) -> None:
    """A language chosen in the UI (cookie) wins over the browser's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in i18n.SUPPORTED:
        i18n.current_lang.set(chosen)
