"""Queries of an erasure: a customer's whole audit trail, its name terms."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.directory.models import CustomerEvent, CustomerNameTerm


async def all_events(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[CustomerEvent]:
    """Every event of the customer's trail (an erasure rewrites each one)."""
    result = await session.execute(
        select(CustomerEvent).where(
            CustomerEvent.merchant_id == merchant_id, CustomerEvent.customer_id == customer_id
        )
    )
    return list(result.scalars())


async def delete_name_terms(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> None:
    """Remove the customer's name terms: nothing of the name is left to find."""
    await session.execute(
        delete(CustomerNameTerm).where(
            CustomerNameTerm.merchant_id == merchant_id,
            CustomerNameTerm.customer_id == customer_id,
        )
    )
