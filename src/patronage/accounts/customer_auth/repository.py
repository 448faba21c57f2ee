"""Queries of customer accounts (global users) and of a signed-in customer's own profiles."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.directory.models import Customer
from patronage.identity.merchants.models import Merchant
from patronage.identity.users.models import CUSTOMER, User

ACTIVE = "active"


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_account_by_verified_phone(session: AsyncSession, phone: str) -> User | None:
    """The active customer account that proved this phone (at most one: unique index)."""
    return await _one_account(session, User.verified_phone == phone)


async def get_account_by_verified_email(session: AsyncSession, email: str) -> User | None:
    """The active customer account that proved this email (at most one: unique index)."""
    return await _one_account(session, User.verified_email == email)


async def _one_account(session: AsyncSession, condition: object) -> User | None:
    result = await session.execute(
        select(User).where(
            condition,  # type: ignore[arg-type]
            User.kind == CUSTOMER,
            User.status == ACTIVE,
            User.deleted_at.is_(None),
        )
    )
    return result.scalar_one_or_none()


async def profiles_of_user(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Customer, Merchant]]:
    """The one cross-brand read of customers: a signed-in customer's own (RLS `own_rows`)."""
    result = await session.execute(
        select(Customer, Merchant)
        .join(Merchant, Merchant.id == Customer.merchant_id)
        .where(Customer.user_id == user_id, Customer.deleted_at.is_(None))
        .order_by(Customer.created_at, Customer.id)
    )
    return [(customer, merchant) for customer, merchant in result.all()]
