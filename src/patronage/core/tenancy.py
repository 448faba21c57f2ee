"""Who a transaction acts for: the merchant (and user) every scoped query filters by.

`MerchantId` is produced only by the authentication layer (and by the CLI and worker,
which act for a merchant named on the command line or in a job). Repositories of
merchant-scoped tables take one and filter by it; PostgreSQL row-level security,
keyed to the per-transaction settings below, is the net beneath.
"""

from __future__ import annotations

import uuid
from typing import Any, NewType, cast

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from patronage.core.dialect import dialect_name

MerchantId = NewType("MerchantId", uuid.UUID)

_MERCHANT_KEY = "tenancy.merchant_id"
_USER_KEY = "tenancy.user_id"
_SET_CONFIG = text(
    "SELECT set_config('app.merchant_id', :merchant_id, true),"
    " set_config('app.user_id', :user_id, true)"
)


def trusted_merchant_id(value: uuid.UUID) -> MerchantId:
    """Mark an id as the merchant this actor may act for. Call only after authorising."""
    return MerchantId(value)


async def bind(
    session: AsyncSession, *, merchant_id: MerchantId | None, user_id: uuid.UUID | None = None
) -> None:
    """Act for `merchant_id` (and `user_id`) in this and every later transaction of `session`."""
    session.info[_MERCHANT_KEY] = merchant_id
    session.info[_USER_KEY] = user_id
    if session.in_transaction() and dialect_name(session) == "postgresql":
        await session.execute(_SET_CONFIG, _params(session.info))


def bound_merchant(session: AsyncSession) -> MerchantId | None:
    return cast(MerchantId | None, session.info.get(_MERCHANT_KEY))


def _params(info: dict[str, Any]) -> dict[str, str]:
    merchant, user = info.get(_MERCHANT_KEY), info.get(_USER_KEY)
    return {"merchant_id": str(merchant or ""), "user_id": str(user or "")}


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
