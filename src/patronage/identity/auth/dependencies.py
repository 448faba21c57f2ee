"""FastAPI dependencies: the session of a request and who is calling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.errors import AppError
from patronage.core.http import (
    client_address,
    database,
    own_unit_of_work,
    read_body,
    unit_of_work,
)
from patronage.core.idempotency import IdempotentRequest, Outcome
from patronage.core.schemas import RequestSchema
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.errors import AUTH_REQUIRED, FORBIDDEN
from patronage.identity.auth.principal import CustomerAccount, Principal, Staff

DbSession = Annotated[AsyncSession, Depends(unit_of_work, scope="function")]
Body = TypeVar("Body", bound=RequestSchema)


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


async def current_principal(request: Request, session: DbSession) -> Principal:
    """The authenticated caller (401 otherwise), bound to its merchant for this request."""
    token = bearer_token(request)
    principal = await auth_service.authenticate(session, token) if token else None
    request.state.principal = _known(principal)
    return principal  # type: ignore[return-value]


def _known(principal: Principal | None) -> Principal:
    if principal is None:
        raise AppError(AUTH_REQUIRED, headers={"WWW-Authenticate": "Bearer"})
    return principal


def staff_of(principal: Principal | None) -> Staff:
    """`principal` if it is staff: 401 when nobody is known, 403 for anyone else."""
    if not isinstance(_known(principal), Staff):
        raise AppError(FORBIDDEN)
    return principal  # type: ignore[return-value]


async def optional_principal(request: Request, session: DbSession) -> Principal | None:
    """The caller when a bearer token is sent (401 if it is not valid), else None."""
    if bearer_token(request) is None:
        return None
    return await current_principal(request, session)


async def current_staff(principal: Annotated[Principal, Depends(current_principal)]) -> Staff:
    return staff_of(principal)


async def current_owner(staff: Annotated[Staff, Depends(current_staff)]) -> Staff:
    if not staff.is_owner:
        raise AppError(FORBIDDEN)
    return staff


async def current_customer(
    principal: Annotated[Principal, Depends(current_principal)],
) -> CustomerAccount:
    if not isinstance(principal, CustomerAccount):
        raise AppError(FORBIDDEN)
    return principal


AnyPrincipal = Annotated[Principal, Depends(current_principal)]
OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
StaffUser = Annotated[Staff, Depends(current_staff)]
Owner = Annotated[Staff, Depends(current_owner)]
CustomerUser = Annotated[CustomerAccount, Depends(current_customer)]


async def reserve_sign_in(request: Request, account: str) -> auth_service.CountedAttempt:
    """Count a sign-in attempt at `account` from the caller's address before its password
    is judged, in a unit of work of its own: parallel guesses see each other's counts, and
    a refusal keeps it."""
    async with own_unit_of_work(request) as counting:
        return await auth_service.reserve_sign_in(
            counting, request.app.state.settings, account=account, address=client_address(request)
        )


async def create_once_as_staff(
    request: Request,
    idempotency: IdempotentRequest,
    schema: type[Body],
    produce: Callable[[AsyncSession, Staff, Body], Awaitable[Outcome]],
) -> Response:
    """A creation sent with an `Idempotency-Key`: who asks (401/403), then the body, then
    `produce` at most once per key, in a unit of work of its own that keeps the answer beside
    the work (the hot paths' trips keep none)."""
    async with database(request).unit_of_work() as session:
        staff = staff_of(await current_principal(request, session))
        body = await read_body(request, schema)
        return await idempotency.run(
            session, staff.merchant_id, lambda: produce(session, staff, body)
        )
