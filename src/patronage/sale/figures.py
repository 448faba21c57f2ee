"""What others count of the orders: a customer's totals, and how many sales carry a customer."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.directory import detail as customer_detail
from patronage.sale import repository as order_repository
from patronage.sale.repository import AttachmentCounts


async def customer_stats(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> customer_detail.CustomerStats:
    """Totals over the customer's completed orders, for the customer detail."""
    totals = await order_repository.customer_totals(session, merchant_id, customer_id)
    return customer_detail.CustomerStats(
        totals.order_count, totals.total_spent, totals.last_order_at
    )


async def attachment_counts(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime
) -> AttachmentCounts:
    """Orders completed in [start, end) and how many carry a customer (attribution)."""
    return await order_repository.attachment_counts(session, merchant_id, start=start, end=end)
