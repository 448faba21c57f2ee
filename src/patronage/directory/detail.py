"""What features above the directory add to a customer's detail.

A customer's order totals belong to the orders feature, which sits above the directory: the
directory may not ask it. So the orders feature registers its provider here, and the detail
route asks whoever registered (nobody, and the detail comes without `stats`).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId


@dataclass(frozen=True)
class CustomerStats:
    """A customer's completed orders: how many, how much, and the latest."""

    order_count: int
    total_spent: int
    last_order_at: datetime | None


StatsProvider = Callable[[AsyncSession, MerchantId, uuid.UUID], Awaitable[CustomerStats]]
_providers: list[StatsProvider] = []


def provide_stats(provider: StatsProvider) -> None:
    """Make `provider` the source of every customer detail's `stats` (the last one wins)."""
    _providers[:] = [provider]


async def stats_of(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> CustomerStats | None:
    """The registered provider's figures for a customer, or None when none is registered."""
    return await _providers[0](session, merchant_id, customer_id) if _providers else None
