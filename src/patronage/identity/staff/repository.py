"""Queries of memberships: always for one merchant, except a user's own list."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.identity.staff.models import OWNER, Membership
from patronage.identity.users.models import User


async def list_members(
    session: AsyncSession, merchant_id: MerchantId
) -> list[tuple[Membership, User]]:
    result = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.merchant_id == merchant_id, Membership.deleted_at.is_(None))
        .order_by(Membership.created_at, User.id)
    )
    return [(m, u) for m, u in result.all()]


async def get(
    session: AsyncSession, merchant_id: MerchantId, user_id: uuid.UUID
) -> Membership | None:
    return await session.get(Membership, (merchant_id, user_id))


async def memberships_of_user(session: AsyncSession, user_id: uuid.UUID) -> list[Membership]:
    """The one cross-merchant read: a signed-in user's own memberships (RLS `own_rows`)."""
    result = await session.execute(
        select(Membership)
        .where(Membership.user_id == user_id, Membership.deleted_at.is_(None))
        .order_by(Membership.created_at)
    )
    return list(result.scalars())


def add(session: AsyncSession, membership: Membership) -> Membership:
    session.add(membership)
    return membership


async def count_owners(session: AsyncSession, merchant_id: MerchantId) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.merchant_id == merchant_id,
            Membership.role == OWNER,
            Membership.deleted_at.is_(None),
        )
    )
    return int(result.scalar_one())
