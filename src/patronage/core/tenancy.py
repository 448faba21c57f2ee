"""Who a transaction acts for: the merchant (and user) every scoped query filters by.

`MerchantId` is produced only by the authentication layer (and by the CLI and worker,
which act for a merchant named on the command line or in a job). Repositories of
merchant-scoped tables take one and filter by it; PostgreSQL row-level security,
keyed to the per-transaction settings below, is the net beneath.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, NewType, cast

from sqlalchemy import ColumnElement, Executable, Text, Uuid, bindparam, event, func, text
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute, Session, SessionTransaction
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement

from patronage.core.dialect import dialect_name

MerchantId = NewType("MerchantId", uuid.UUID)

# The merchant the current transaction is bound to, as row-level security reads it.
CURRENT_MERCHANT_SQL = "NULLIF(current_setting('app.merchant_id', true), '')::uuid"

_MERCHANT_KEY = "tenancy.merchant_id"
_USER_KEY = "tenancy.user_id"
_WORKER_KEY = "tenancy.worker"
_SET_CONFIG = text(
    "SELECT set_config('app.merchant_id', :merchant_id, true),"
    " set_config('app.user_id', :user_id, true), set_config('app.worker', :worker, true)"
)


def trusted_merchant_id(value: uuid.UUID) -> MerchantId:
    """Mark an id as the merchant this actor may act for. Call only after authorising."""
    return MerchantId(value)


async def bind(
    session: AsyncSession, *, merchant_id: MerchantId | None, user_id: uuid.UUID | None = None
) -> None:
    """Act for `merchant_id` (and `user_id`) in this and every later transaction of `session`."""
    remember(session, merchant_id=merchant_id, user_id=user_id)
    if session.in_transaction() and dialect_name(session) == "postgresql":
        await session.execute(_SET_CONFIG, _params(session.info))


class _TransactionMerchant(FunctionElement[uuid.UUID]):
    type = Uuid()
    inherit_cache = True
    name = "transaction_merchant"


@compiles(_TransactionMerchant)
def _merchant_parameter(element: _TransactionMerchant, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(bindparam("merchant_id", type_=Uuid()), **kw)


@compiles(_TransactionMerchant, "postgresql")
def _merchant_setting(element: _TransactionMerchant, compiler: SQLCompiler, **kw: Any) -> str:
    return CURRENT_MERCHANT_SQL


def transaction_merchant() -> ColumnElement[uuid.UUID]:
    """The merchant a statement acts for, in SQL: on PostgreSQL the one the transaction is
    bound to (so a statement can be sent before the token that binds it has been answered,
    in the same round trip); elsewhere the `merchant_id` parameter."""
    return _TransactionMerchant()


def binding_columns(
    merchant_id: QueryableAttribute[Any], user_id: QueryableAttribute[Any]
) -> tuple[ColumnElement[Any], ...]:
    """`set_config` calls to select beside the row that says who acts (PostgreSQL): the
    current transaction is bound by the statement that finds the actor, with no round
    trip of its own. Follow with `remember` for the later transactions."""
    return (
        func.set_config("app.merchant_id", func.coalesce(sql_cast(merchant_id, Text), ""), True),
        func.set_config("app.user_id", func.coalesce(sql_cast(user_id, Text), ""), True),
    )


def remember(
    session: AsyncSession, *, merchant_id: MerchantId | None, user_id: uuid.UUID | None = None
) -> None:
    """Record who `session` acts for; its next transactions begin bound to it. The current
    one must already be (by `binding_columns`, or on SQLite, where nothing is bound)."""
    session.info[_MERCHANT_KEY] = merchant_id
    session.info[_USER_KEY] = user_id


async def bind_worker(session: AsyncSession) -> None:
    """Act as the delivery worker: on PostgreSQL its policies let it see the outbox and
    the one-time codes of every brand (to deliver and tidy them), and nothing more."""
    session.info[_WORKER_KEY] = True
    if session.in_transaction() and dialect_name(session) == "postgresql":
        await session.execute(_SET_CONFIG, _params(session.info))


@asynccontextmanager
async def as_worker(session: AsyncSession) -> AsyncIterator[None]:
    """Act as the worker for the block only (a step that must reach rows of no brand, such
    as an erasure's sign-in messages), then as before."""
    await bind_worker(session)
    try:
        yield
    finally:
        session.info.pop(_WORKER_KEY, None)
        if session.in_transaction() and dialect_name(session) == "postgresql":
            await session.execute(_SET_CONFIG, _params(session.info))


def binding(
    merchant_id: MerchantId, user_id: uuid.UUID | None
) -> tuple[Executable, dict[str, str]]:
    """The statement (with its parameters) that binds a transaction to act for
    `merchant_id` and `user_id`, for a hot path's trip on PostgreSQL (`core.trip`)."""
    info = {_MERCHANT_KEY: merchant_id, _USER_KEY: user_id}
    return _SET_CONFIG, _params(info)


def bound_merchant(session: AsyncSession) -> MerchantId | None:
    return cast(MerchantId | None, session.info.get(_MERCHANT_KEY))


def _params(info: dict[str, Any]) -> dict[str, str]:
    merchant, user = info.get(_MERCHANT_KEY), info.get(_USER_KEY)
    worker = "on" if info.get(_WORKER_KEY) else ""
    return {"merchant_id": str(merchant or ""), "user_id": str(user or ""), "worker": worker}


@event.listens_for(Session, "after_begin")
def _apply_to_new_transaction(
    session: Session, transaction: SessionTransaction, connection: Connection
) -> None:
    # `set_config(..., true)` is transaction-local: it dies with COMMIT/ROLLBACK, so a
    # pooled connection can never carry one request's merchant into the next.
    # Nothing bound yet (e.g. the token lookup): the settings are already empty at the start
    # of every transaction, so skip the round trip.
    params = _params(session.info)
    if connection.dialect.name == "postgresql" and any(params.values()):
        connection.execute(_SET_CONFIG, params)
