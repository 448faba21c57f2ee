"""Who asks, on the hot paths' trips (`core.trip`): the bearer token checked by the first
statement of the request's own transaction, which on PostgreSQL also binds it to the
token's brand, so what follows in the same round trip acts for that brand."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from patronage.core.http import read_body
from patronage.core.schemas import RequestSchema
from patronage.core.trip import Result, Row, Trip, trip
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.dependencies import staff_of
from patronage.identity.auth.principal import Staff

Body = TypeVar("Body", bound=RequestSchema)


def check_of(engine: AsyncEngine, token: str | None) -> auth_service.TokenCheck:
    """The check of `token`: 401 at once when there is nothing that could be one."""
    check = auth_service.token_check(token, binds=engine.dialect.name == "postgresql")
    if check is None:
        staff_of(None)  # raises
    assert check is not None
    return check


async def send_check(sent: Trip, check: auth_service.TokenCheck) -> Result:
    """Send `check` first in `sent`: the statements sent after it act for the token's
    brand (where results come at once, the refusal does too: 401/403)."""
    token = await sent.send(check.statement, check.params)
    if not sent.pipelined:
        staff, _ = staff_in(await token.first())
        await sent.act_for(staff.merchant_id, staff.user_id)
    return token


def staff_in(row: Row | None) -> tuple[Staff, str]:
    """The staff a token check's row names (401/403 otherwise) and its brand's phone region."""
    known = auth_service.authenticated(row)
    staff = staff_of(known.principal if known else None)
    return staff, (known and known.phone_region) or ""


async def check_alone(engine: AsyncEngine, check: auth_service.TokenCheck) -> Row | None:
    """The token check's row, in a trip of its own."""
    async with trip(engine) as sent:
        token = await sent.send(check.statement, check.params)
    return await token.first()


async def authenticate(engine: AsyncEngine, token: str | None) -> Staff:
    """The staff behind `token` (401/403 otherwise), in a trip of its own: who asks is
    answered before what is asked is judged."""
    staff, _ = staff_in(await check_alone(engine, check_of(engine, token)))
    return staff


async def body_of(
    request: Request, schema: type[Body], engine: AsyncEngine, check: auth_service.TokenCheck
) -> Body:
    """The request's body as `schema`; when it is refused, who asks is answered first
    (401/403 before 422)."""
    try:
        return await read_body(request, schema)
    except RequestValidationError:
        staff_in(await check_alone(engine, check))
        raise
