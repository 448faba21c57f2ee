"""Queries of merchants."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
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
