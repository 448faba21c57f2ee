"""Queries of merchants."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, Update, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId, transaction_merchant
from patronage.identity.merchants.models import Merchant


async def get(session: AsyncSession, merchant_id: MerchantId) -> Merchant | None:
    return await session.get(Merchant, merchant_id)


async def get_many(session: AsyncSession, merchant_ids: Sequence[uuid.UUID]) -> list[Merchant]:
    result = await session.execute(select(Merchant).where(Merchant.id.in_(merchant_ids)))
    return list(result.scalars())


async def any_exists(session: AsyncSession) -> bool:
    result = await session.execute(select(Merchant.id).limit(1))
    return result.first() is not None


def add(session: AsyncSession, merchant: Merchant) -> Merchant:
    session.add(merchant)
    return merchant


async def increment_order_sequence(session: AsyncSession, merchant_id: MerchantId) -> int | None:
    """Bump and return the brand's order counter in one atomic UPDATE … RETURNING.

    The UPDATE row-locks the merchant until the transaction ends, so concurrent checkouts
    of one brand get distinct, gap-free numbers.
    """
    result = await session.execute(
        update(Merchant)
        .where(Merchant.id == merchant_id, Merchant.deleted_at.is_(None))
        # Naming `updated_at` keeps its onupdate default from firing: numbering an
        # order is not a change of the brand's settings.
        .values(order_sequence=Merchant.order_sequence + 1, updated_at=Merchant.updated_at)
        .returning(Merchant.order_sequence)
        .execution_options(synchronize_session=False)
    )
    return result.scalar_one_or_none()


# `increment_order_sequence` for the checkout's trips (`core.trip`): for the merchant the
# transaction acts for, answering the new number and the brand's currency.
NEXT_ORDER_NUMBER: Update = (
    update(Merchant)
    .where(Merchant.id == transaction_merchant(), Merchant.deleted_at.is_(None))
    .values(order_sequence=Merchant.order_sequence + 1, updated_at=Merchant.updated_at)
    .returning(Merchant.order_sequence, Merchant.currency)
)

# The settings a new customer is checked against, for the merchant the transaction acts for.
CUSTOMER_RULES: Select[str, str, str, str] = select(
    Merchant.phone_region, Merchant.contact_policy, Merchant.time_zone, Merchant.locale
).where(Merchant.id == transaction_merchant(), Merchant.deleted_at.is_(None))
