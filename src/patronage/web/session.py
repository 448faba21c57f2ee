"""The web UI's session cookies (staff and customer, kept apart) and the CSRF token bound to
each."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response

from patronage.core import i18n, proxies
from patronage.core.settings import Settings

COOKIE = "patronage_session"
CUSTOMER_COOKIE = "patronage_customer"
CUSTOMER_PATH = "/app/account"
LANG_COOKIE = "patronage_lang"


def session_token(request: Request) -> str | None:
    """The staff session's token, or on the customer's pages the customer's."""
    if request.url.path.startswith(CUSTOMER_PATH):
        return request.cookies.get(CUSTOMER_COOKIE)
    return request.cookies.get(COOKIE)


def is_https(request: Request) -> bool:
    """Whether the browser's connection is TLS (directly or through a trusted proxy)."""
    return proxies.is_https(request.scope, request.app.state.settings.trusted_proxies)


def set_session_cookie(
    response: Response, request: Request, token: str, max_age: int, *, customer: bool = False
) -> None:
    """The staff cookie (scoped to /app) or the customer cookie (scoped to /app/account);
    the sign-in form's pre-session cookie has done its work."""
    response.set_cookie(
        CUSTOMER_COOKIE if customer else COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path=CUSTOMER_PATH if customer else "/app",
    )
    (ACCOUNT_SIGN_IN if customer else STAFF_SIGN_IN).forget(response)


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
    if not session or not submitted:
        return False
    return hmac.compare_digest(csrf_token(settings, session), submitted)


@dataclass(frozen=True)
class PreSessionForm:
    """A form posted before any session exists (signing in): bound to a random cookie of
    the browser's, so a foreign page cannot post it (login CSRF)."""

    cookie: str
    path: str
    purpose: str

    def nonce(self, request: Request) -> str:
        """The browser's nonce, or a new one (then `set_cookie` it)."""
        current = request.cookies.get(self.cookie, "")
        return current if 20 <= len(current) <= 64 else secrets.token_urlsafe(32)

    def token(self, settings: Settings, nonce: str) -> str:
        """The form's token, bound to the nonce."""
        return csrf_token(settings, f"{self.purpose}:{nonce}")

    def valid(self, request: Request, submitted: str | None) -> bool:
        """Whether a post carries the token of the nonce cookie its browser holds."""
        nonce = request.cookies.get(self.cookie)
        if not nonce:
            return False
        return csrf_valid(request.app.state.settings, f"{self.purpose}:{nonce}", submitted)

    def set_cookie(self, response: Response, request: Request, nonce: str) -> None:
        response.set_cookie(
            self.cookie,
            nonce,
            max_age=3600,
            httponly=True,
            samesite="strict",
            secure=is_https(request),
            path=self.path,
        )

    def forget(self, response: Response) -> None:
        response.delete_cookie(self.cookie, path=self.path)


STAFF_SIGN_IN = PreSessionForm("patronage_login", "/app", "login")
ACCOUNT_SIGN_IN = PreSessionForm("patronage_account_login", CUSTOMER_PATH, "account-login")


def apply_language(request: Request) -> None:
    """A language chosen in the UI (cookie) wins over the browser's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in i18n.SUPPORTED:
        i18n.current_lang.set(chosen)
