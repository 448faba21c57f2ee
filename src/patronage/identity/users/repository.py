"""Queries of users (a global table: users are not scoped to one merchant)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.identity.users.models import STAFF, User


async def get(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_staff_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(
        select(User).where(User.kind == STAFF, User.email == email.lower())
    )
    return result.scalar_one_or_none()


def add(session: AsyncSession, user: User) -> User:
    session.add(user)
    return user
