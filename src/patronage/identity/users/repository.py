"""Queries of users (a global table: users are not scoped to one merchant)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.identity.users.kinds import ACTIVE, CUSTOMER, STAFF
from patronage.identity.users.models import User


async def get(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_staff_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(
        select(User).where(User.kind == STAFF, User.email == email.lower())
    )
    return result.scalar_one_or_none()


async def get_account_by_verified_phone(session: AsyncSession, phone: str) -> User | None:
    """The active customer account that proved this phone (at most one: unique index)."""
    return await _one_account(session, User.verified_phone == phone)


async def get_account_by_verified_email(session: AsyncSession, email: str) -> User | None:
    """The active customer account that proved this email (at most one: unique index)."""
    return await _one_account(session, User.verified_email == email)


async def _one_account(session: AsyncSession, condition: ColumnElement[bool]) -> User | None:
    result = await session.execute(
        select(User).where(
            condition,
            User.kind == CUSTOMER,
            User.status == ACTIVE,
            User.deleted_at.is_(None),
        )
    )
    return result.scalar_one_or_none()


def add(session: AsyncSession, user: User) -> User:
    session.add(user)
    return user


INSERT_USER = insert(cast(Table, User.__table__))


async def add_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert users from column values, in one executemany (no ORM instances)."""
    if rows:
        await session.execute(INSERT_USER, rows)
