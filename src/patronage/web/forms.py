"""Turning refusals into messages next to the form field they concern."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError

# The API's paths (`body.phones.0`) and codes (`phone.invalid`) name the form's fields.
_FIELD_OF_PATH = {"phones": "phone", "emails": "email"}


def field_of(path: str) -> str:
    """`body.phones.1` → `phone`; `body.name` → `name`."""
    parts = [p for p in path.split(".") if p not in ("body", "query") and not p.isdigit()]
    name = parts[0] if parts else ""
    return _FIELD_OF_PATH.get(name, name)


def field_errors(exc: Exception) -> dict[str, str]:
    """Each concerned field with its message, from any refusal of a form's values."""
    if isinstance(exc, NormalizationError):
        field = exc.code.split(".", 1)[0]
        return {field: i18n.translate(f"field.{exc.code}")}
    if isinstance(exc, ValidationError):
        return {field_of(".".join(map(str, e["loc"]))): _pydantic(e) for e in exc.errors()}
    if isinstance(exc, AppError):
        return _app_error_fields(exc)
    return {}


def _app_error_fields(exc: AppError) -> dict[str, str]:
    fields: list[dict[str, Any]] = exc.details.get("fields", [])
    if fields:
        return {field_of(str(f.get("path", ""))): str(f.get("message", "")) for f in fields}
    taken = exc.details.get("field")
    if taken:
        return {field_of(str(taken)): exc.message()}
    return {}


def _pydantic(error: Any) -> str:
    ctx = error.get("ctx") or {}
    reason = ctx.get("error")
    if isinstance(reason, NormalizationError):
        return i18n.translate(f"field.{reason.code}")
    key = f"field.{error.get('type', 'invalid')}"
    params = {k: v for k, v in ctx.items() if isinstance(v, int | str)}
    return i18n.translate(key if i18n.has_message(key) else "field.invalid", **params)


def label_errors(errors: dict[str, str], labels: dict[str, str]) -> str:
    """One summary naming each field (`Phone: not a valid number`), for the status line."""
    return " ".join(f"{i18n.translate(labels.get(f, f))}: {m}" for f, m in errors.items())


async def submit(
    session: AsyncSession,
    work: Callable[[], Awaitable[object]],
    *,
    done: str,
    refused: Callable[[Any], Awaitable[Response]],
    errors: tuple[type[Exception], ...] = (AppError,),
) -> Response:
    """Do a form's work in a savepoint and go on to `done`; a refusal (one of `errors`) keeps
    nothing of it and answers with the page `refused` makes of it."""
    try:
        async with savepoint(session):
            await work()
    except errors as exc:
        return await refused(exc)
    return RedirectResponse(done, status_code=303)
