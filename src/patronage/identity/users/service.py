"""Users: the global identities behind staff members and customer accounts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id
from patronage.core.redaction import MARKER
from patronage.identity.users import repository as user_repository
from patronage.identity.users.kinds import CUSTOMER, RETIRED
from patronage.identity.users.models import User as User  # the entity this service hands out


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """A user by id, whatever its kind."""
    return await user_repository.get(session, user_id)


async def find_customer_account(
    session: AsyncSession, *, phone: str | None = None, email: str | None = None
) -> User | None:
    """The active customer account that proved this phone (E.164) or email, if any."""
    if email is not None:
        return await user_repository.get_account_by_verified_email(session, email)
    if phone is not None:
        return await user_repository.get_account_by_verified_phone(session, phone)
    return None


async def add_customer_user(session: AsyncSession, *, name: str, locale: str) -> User:
    """A new captured customer: the `customer` kind, no credentials; flushed, so rows may
    refer to it."""
    user = user_repository.add(session, User(id=new_id(), kind=CUSTOMER, name=name, locale=locale))
    await session.flush()
    return user


def new_customer_user(*, name: str, locale: str) -> tuple[Insert, dict[str, Any]]:
    """`add_customer_user` as a statement of a hot path's trip, with its values."""
    return user_repository.INSERT_USER, {
        "id": new_id(),
        "kind": CUSTOMER,
        "name": name,
        "locale": locale,
    }


async def add_customer_users(
    session: AsyncSession, people: Sequence[tuple[str, str]]
) -> list[uuid.UUID]:
    """New captured customers' Users, from (name, locale) pairs, in one statement; their ids
    in the same order (imports)."""
    ids = [new_id() for _ in people]
    await user_repository.add_many(
        session,
        [
            {"id": user_id, "kind": CUSTOMER, "name": name, "locale": locale}
            for user_id, (name, locale) in zip(ids, people, strict=True)
        ],
    )
    return ids


async def erase_customer_user(
    session: AsyncSession, user_id: uuid.UUID, *, actor_id: uuid.UUID | None
) -> None:
    """A customer's account forgets the person: name marked, verified contacts and password
    gone, retired (no sign-in). Staff users are never touched."""
    user = await user_repository.get(session, user_id)
    if user is None or user.kind != CUSTOMER:
        return
    user.name, user.verified_phone, user.verified_email = MARKER, None, None
    user.password_hash, user.status, user.updated_by = None, RETIRED, actor_id
    await session.flush()
