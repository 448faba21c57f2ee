"""How a merge moves what features above the directory hang off a customer: its orders.

The orders feature sits above the directory, which may not ask it; so it registers its
transfer here (`provide_orders`), like it provides a customer's order totals
(`directory.detail`). Without one registered, a merge moves no orders.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId


class OrderTransfer(Protocol):
    """Moves a customer's orders to another customer of the brand, and back."""

    async def count(
        self, session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
    ) -> int:
        """How many orders carry the customer."""
        ...

    async def move_all(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        *,
        source_id: uuid.UUID,
        survivor_id: uuid.UUID,
        actor_id: uuid.UUID | None,
    ) -> list[uuid.UUID]:
        """Every order of `source_id` now carries `survivor_id`; the ids of those moved."""
        ...

    async def not_carried(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        order_ids: Collection[uuid.UUID],
        customer_id: uuid.UUID,
    ) -> list[uuid.UUID]:
        """Those of `order_ids` that no longer carry `customer_id`."""
        ...

    async def move_back(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        order_ids: Collection[uuid.UUID],
        *,
        survivor_id: uuid.UUID,
        source_id: uuid.UUID,
        actor_id: uuid.UUID | None,
    ) -> None:
        """The orders `order_ids` (carrying `survivor_id`) carry `source_id` again."""
        ...


_transfers: list[OrderTransfer] = []


def provide_orders(transfer: OrderTransfer) -> None:
    """Make `transfer` what merges move orders with (the last one wins)."""
    _transfers[:] = [transfer]


def orders() -> OrderTransfer | None:
    """The registered order transfer, or None."""
    return _transfers[0] if _transfers else None
