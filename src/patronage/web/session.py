"""The web UI's session cookie and the CSRF token bound to it."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request, Response

from patronage.core import i18n
from patronage.core.settings import Settings

COOKIE = "patronage_session"
LANG_COOKIE = "patronage_lang"


def session_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE)


def set_session_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/app",
    )


def clear_session_cookie(response: Response) -> None:
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
