"""The HTTP edge: request context, the unit of work, and one rendering of every error."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from patronage.core import errors, i18n, metrics, proxies
from patronage.core.db import Database
from patronage.core.headers import security_headers
from patronage.core.logging import request_id_var
from patronage.core.normalize import NormalizationError

Q = TypeVar("Q", bound=BaseModel)
log = logging.getLogger("patronage.http")

_HTTP_CODES = {
    # The framework's 400 is a body it could not read: invalid UTF-8, JSON nested too deep.
    400: errors.BAD_REQUEST,
    404: errors.NOT_FOUND,
    405: errors.METHOD_NOT_ALLOWED,
    413: errors.TOO_LARGE,
    415: errors.UNSUPPORTED_MEDIA,
}


def client_address(request: Request) -> str:
    """The address the request came from (what per-address limits count): the peer, or
    what a trusted proxy (`PATRONAGE_TRUSTED_PROXIES`) says in `X-Forwarded-For`."""
    trusted = request.app.state.settings.trusted_proxies
    return proxies.client_address(request.scope, trusted) or "unknown"


def database(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


@asynccontextmanager
async def own_unit_of_work(request: Request) -> AsyncIterator[AsyncSession]:
    """A short unit of work of its own beside the request's, committed as soon as it ends,
    whatever the request does later (e.g. counting a sign-in attempt before the slow
    password check, so parallel guesses see it)."""
    async with database(request).unit_of_work() as session:
        yield session


async def unit_of_work(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session: committed when the handler returns, rolled back on error.

    Use with `Depends(unit_of_work, scope="function")` so the commit happens before
    the response is sent, and a failing commit becomes an error answer.
    """
    async with database(request).unit_of_work() as session:
        yield session


def model_response(
    model: BaseModel, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """`model` as JSON, serialised in one pass (what FastAPI would send for it as the
    route's `response_model`, without validating it a second time)."""
    return Response(
        model.model_dump_json(by_alias=True),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )


def read_query(request: Request, schema: type[Q]) -> Q:
    """The request's query parameters as `schema`; a bad one raises the same error FastAPI
    raises for a declared parameter (422, naming `query.<name>`)."""
    try:
        return schema.model_validate(dict(request.query_params))
    except ValidationError as exc:
        errors_ = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors_) from None


async def read_body(request: Request, schema: type[Q]) -> Q:
    """The request's JSON body as `schema`; a bad one raises what FastAPI raises for a
    declared body (422 naming `body.<field>`; 400 for a body that is not JSON)."""
    raw = await request.body()
    if not raw:
        problems: list[Any] = [{"type": "missing", "loc": ("body",), "msg": "Field required"}]
    elif not _is_json(request.headers.get("content-type")):
        problems = [{"type": "model_attributes_type", "loc": ("body",), "msg": "Not JSON"}]
    else:
        try:
            # The standard decoder, as FastAPI's: it reads a lone surrogate escape, which
            # the text rules then refuse by name (422), where a stricter parser says 400.
            data = json.loads(raw)
        except (ValueError, RecursionError):
            problems = [{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}]
        else:
            try:
                return schema.model_validate(data)
            except ValidationError as exc:
                problems = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
    raise RequestValidationError(problems)


def _is_json(content_type: str | None) -> bool:
    if content_type is None:
        return True  # FastAPI reads a body sent without a type as JSON too
    kind = content_type.partition(";")[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def json_response(
    content: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """Plain values (dicts, lists, strings, numbers, UUIDs, dates) as JSON, encoded once by
    orjson: the hot paths' answer, in the same form Pydantic writes (UTC as `Z`)."""
    return Response(
        orjson.dumps(content, option=orjson.OPT_UTC_Z),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )


def error_response(
    request: Request | None,
    code: str,
    status: int,
    details: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    params: Mapping[str, object] | None = None,
) -> Response:
    """The envelope in the request's language; a page instead for the web UI's paths."""
    html = getattr(request.app.state, "html_error_page", None) if request else None
    if html is not None and request is not None and request.url.path.startswith("/app"):
        # The page picks its own language (the web UI's cookie), then translates.
        return html(request, status, code, dict(params or {}), headers)  # type: ignore[no-any-return]
    message = i18n.translate(code, **(params or {}))
    return JSONResponse(
        errors.error_body(code, message, details), status_code=status, headers=headers
    )


async def _app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.AppError)
    return error_response(
        request, exc.code, exc.status, exc.details, headers=exc.headers or None, params=exc.params
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = [field_error(e) for e in exc.errors()]
    if any(f["type"] == "json_invalid" for f in fields):
        return error_response(request, errors.BAD_REQUEST.code, 400)
    return error_response(request, errors.VALIDATION.code, 422, {"fields": fields})


def field_error(error: Any) -> dict[str, Any]:
    """A pydantic error as the API reports a bad field: `{path, type, message}`."""
    kind = str(error.get("type", "value_error"))
    ctx = error.get("ctx") or {}
    key = f"field.{kind}"
    if kind == "value_error" and i18n.has_message(f"field.{ctx.get('error')}"):
        key = f"field.{ctx.get('error')}"  # a NormalizationError names its reason
    if not i18n.has_message(key):
        key = "field.invalid"
    params = {k: v for k, v in ctx.items() if isinstance(v, int | str)}
    return {
        "path": ".".join(str(p) for p in error.get("loc", ())),
        "type": key.removeprefix("field."),
        "message": i18n.translate(key, **params),
    }


async def _normalization_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NormalizationError)
    key = f"field.{exc.code}"
    field = {"path": "", "type": exc.code, "message": i18n.translate(key)}
    return error_response(request, errors.VALIDATION.code, 422, {"fields": [field]})


class BodyTooLarge(StarletteHTTPException):
    """A body (sent in chunks, with no declared length) went over the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413)
        self.limit = limit


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, errors.HTTP_ERROR)
    status = exc.status_code if exc.status_code >= 400 else 400
    params = {"limit": exc.limit} if isinstance(exc, BodyTooLarge) else None
    return error_response(
        request,
        code.code,
        status,
        headers=dict(exc.headers) if exc.headers else None,
        params=params,
    )


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    log.warning("database unavailable or busy", exc_info=exc)
    return error_response(request, errors.BUSY.code, 503, headers={"Retry-After": "1"})


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    request_id = request_id_var.get() or "-"
    if isinstance(exc, OperationalError):
        return await _database_unavailable(request, exc)
    log.error("unhandled error", exc_info=exc)
    return error_response(request, errors.INTERNAL.code, 500, params={"request_id": request_id})


def install_error_handlers(app: FastAPI) -> None:
    """Every error, expected or not, answers with the envelope."""
    app.add_exception_handler(errors.AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(NormalizationError, _normalization_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Handled inside the app (not by the outermost catch-all), so the answer passes through
    # the request-context middleware and carries `X-Request-Id` like every other.
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected_error)


class RequestContextMiddleware:
    """Request id, language, body-size limit, security headers; per request one
    access-log line and metrics."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        trusted_proxies: list[str] | None = None,
        body_limits: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.trusted_proxies = trusted_proxies or []
        # Paths that take larger bodies than the rest (a file upload), with their own limit.
        self.body_limits = body_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = _safe_request_id(headers.get("x-request-id"))
        rid_token = request_id_var.set(request_id)
        lang_token = i18n.current_lang.set(i18n.negotiate(headers.get("accept-language")))
        started = time.perf_counter()
        status_holder = {"status": 500}
        added = [
            *security_headers(scope["path"], https=proxies.is_https(scope, self.trusted_proxies)),
            (b"x-request-id", request_id.encode()),
        ]
        replaced = {name for name, _ in added}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                kept = [h for h in message.get("headers", []) if h[0].lower() not in replaced]
                message["headers"] = [*kept, *added]
            await send(message)

        limit = self.body_limits.get(scope["path"], self.max_body_bytes)
        try:
            if self._declared_too_large(headers, limit):
                await self._reject_too_large(scope, receive, send_wrapper, limit)
            else:
                await self._call_app(scope, receive, send_wrapper, limit)
        finally:
            seconds = time.perf_counter() - started
            metrics.observe(scope, status_holder["status"], seconds)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status_holder["status"],
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
            request_id_var.reset(rid_token)
            i18n.current_lang.reset(lang_token)

    async def _call_app(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        # An unexpected exception is answered here, inside the request context, so the
        # 500 envelope carries `X-Request-Id` and the connection is not dropped.
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._limited(receive, limit), tracking_send)
        except Exception as exc:
            if started:
                raise
            response = await _unexpected_error(Request(scope), exc)
            await response(scope, receive, send)

    def _declared_too_large(self, headers: dict[str, str], limit: int) -> bool:
        length = headers.get("content-length", "")
        return length.isdigit() and int(length) > limit

    async def _reject_too_large(
        self, scope: Scope, receive: Receive, send: Send, limit: int
    ) -> None:
        response = error_response(None, errors.TOO_LARGE.code, 413, params={"limit": limit})
        await response(scope, receive, send)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        received = 0

        async def wrapped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        return wrapped


def _safe_request_id(candidate: str | None) -> str:
    if candidate and len(candidate) <= 64 and candidate.replace("-", "").isalnum():
        return candidate
    return uuid.uuid4().hex
