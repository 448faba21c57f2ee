"""Queries of sessions and sign-in throttles (global tables)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import CursorResult, Executable, Select, bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.dialect import dialect_name
from patronage.core.upsert import insert_for
from patronage.identity.auth.models import AuthSession, SignInThrottle
from patronage.identity.auth.throttle import State
from patronage.identity.merchants.models import Merchant

_MERCHANT_KEY = "auth.merchant"


async def get_live_session(
    session: AsyncSession, token_digest: str, now: datetime
) -> AuthSession | None:
    """The live session of a token, with the current transaction bound to act for it and
    its merchant loaded into `session` (later `session.get(Merchant, …)` costs no query):
    the one round trip every authenticated request pays before its own work."""
    statement = _live_session_statement(binds=dialect_name(session) == "postgresql")
    row = (await session.execute(statement, {"digest": token_digest, "now": now})).first()
    if row is None:
        return None
    # The identity map holds instances weakly: keep the merchant for the session's life.
    session.info[_MERCHANT_KEY] = row[1]
    return row[0]  # type: ignore[no-any-return]


@lru_cache(maxsize=2)
def _live_session_statement(*, binds: bool) -> Executable:
    return _live(select(AuthSession, Merchant), binds=binds)


@lru_cache(maxsize=2)
def token_statement(*, binds: bool) -> Select[Any]:
    """`get_live_session` as plain columns for the hot paths' trips (`core.trip`): the
    session's id, user, kind, merchant and role, and the merchant's phone region; bound,
    on PostgreSQL, in the same statement. Parameters: `digest`, `now`."""
    columns = select(
        AuthSession.id,
        AuthSession.user_id,
        AuthSession.kind,
        AuthSession.merchant_id,
        AuthSession.role,
        Merchant.phone_region,
    )
    return _live(columns, binds=binds)


def _live(query: Select[*tuple[Any, ...]], *, binds: bool) -> Select[Any]:
    query = query.outerjoin(Merchant, Merchant.id == AuthSession.merchant_id).where(
        AuthSession.token_digest == bindparam("digest"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > bindparam("now", type_=AuthSession.expires_at.type),
    )
    if binds:
        return query.add_columns(
            *tenancy.binding_columns(AuthSession.merchant_id, AuthSession.user_id)
        )
    return query


def add_session(session: AsyncSession, auth_session: AuthSession) -> AuthSession:
    session.add(auth_session)
    return auth_session


async def revoke_session(session: AsyncSession, session_id: object, now: datetime) -> None:
    await session.execute(
        update(AuthSession).where(AuthSession.id == session_id).values(revoked_at=now)
    )


async def throttle_states(session: AsyncSession, keys: Sequence[str]) -> dict[str, State]:
    """The stored state of each key that has one."""
    result = await session.execute(
        select(
            SignInThrottle.key,
            SignInThrottle.failures,
            SignInThrottle.last_attempt_at,
            SignInThrottle.locked_until,
        ).where(SignInThrottle.key.in_(keys))
    )
    return {key: State(failures, last, locked) for key, failures, last, locked in result.all()}


async def ensure_throttle(session: AsyncSession, key: str, now: datetime) -> None:
    """Create the key's row if it has none yet."""
    insert = insert_for(session, SignInThrottle).values(
        key=key, failures=0, last_attempt_at=now, locked_until=None
    )
    await session.execute(insert.on_conflict_do_nothing(index_elements=["key"]))


async def compare_and_set_throttle(
    session: AsyncSession, key: str, *, expected: State, new: State
) -> bool:
    """Store `new` only if the row still holds `expected`, in one conditional statement;
    False when a parallel attempt changed it first (read again and decide again)."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(SignInThrottle)
        .where(
            SignInThrottle.key == key,
            SignInThrottle.failures == expected.failures,
            SignInThrottle.last_attempt_at == expected.last_attempt_at,
        )
        .values(
            failures=new.failures,
            last_attempt_at=new.last_attempt_at,
            locked_until=new.locked_until,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def reset_throttle(session: AsyncSession, key: str, *, if_failures: int) -> None:
    """Forget the key's failures if it still counts `if_failures` (nothing counted since)."""
    await session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == key, SignInThrottle.failures == if_failures)
        .values(failures=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


async def mark_known(session: AsyncSession, key: str, now: datetime) -> None:
    """Record (or refresh) a successful sign-in under `key`."""
    insert = insert_for(session, SignInThrottle).values(
        key=key, failures=0, last_attempt_at=now, locked_until=None
    )
    await session.execute(
        insert.on_conflict_do_update(index_elements=["key"], set_={"last_attempt_at": now})
    )


async def purge_throttles(session: AsyncSession, *, quiet_since: datetime, now: datetime) -> int:
    """Delete throttle rows with no attempt since `quiet_since` and no wait left."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        delete(SignInThrottle).where(
            SignInThrottle.last_attempt_at < quiet_since,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now),
        )
    )
    return result.rowcount


async def refund_throttle(session: AsyncSession, key: str) -> None:
    """Give one counted attempt back (it turned out not to be a failure)."""
    await session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == key, SignInThrottle.failures > 0)
        .values(failures=SignInThrottle.failures - 1)
        .execution_options(synchronize_session=False)
    )


async def update_live_sessions(
    session: AsyncSession,
    *,
    user_id: object,
    now: datetime,
    merchant_id: object | None = None,
    keep_session_id: object | None = None,
    role: str | None = None,
) -> None:
    """Give a user's live sessions (at one brand, or all) a new role, or revoke them
    (`role=None`), except `keep_session_id`."""
    conditions = [
        AuthSession.user_id == user_id,
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > now,
    ]
    if merchant_id is not None:
        conditions.append(AuthSession.merchant_id == merchant_id)
    if keep_session_id is not None:
        conditions.append(AuthSession.id != keep_session_id)
    values = {"role": role} if role is not None else {"revoked_at": now}
    await session.execute(
        update(AuthSession).where(*conditions).values(**values),
        execution_options={"synchronize_session": False},
    )
