"""Orders follow their customer through a merge of duplicate profiles, and back on undo.

Registered with the directory's merge (`directory.merge.transfers`), which sits below the
orders and may not call them. Each moved order is a version further and gets an event naming
both customers, so its history tells why its customer changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id, utcnow
from patronage.core.tenancy import MerchantId
from patronage.sale import repository as order_repository
from patronage.sale.models import CUSTOMER_MERGED, CUSTOMER_UNMERGED

# Only owners merge profiles (the merge endpoints refuse anyone else).
MERGER_ROLE = "owner"


class OrdersFollowMerges:
    """The orders' side of a merge (`directory.merge.transfers.OrderTransfer`)."""

    async def count(
        self, session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
    ) -> int:
        return await order_repository.count_of_customer(session, merchant_id, customer_id)

    async def move_all(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        *,
        source_id: uuid.UUID,
        survivor_id: uuid.UUID,
        actor_id: uuid.UUID | None,
    ) -> list[uuid.UUID]:
        order_ids = await order_repository.carrying(session, merchant_id, source_id)
        await _move(session, merchant_id, order_ids, source_id, survivor_id, actor_id, merged=True)
        return order_ids

    async def not_carried(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        order_ids: Collection[uuid.UUID],
        customer_id: uuid.UUID,
    ) -> list[uuid.UUID]:
        carried = await order_repository.carrying(
            session, merchant_id, customer_id, among=order_ids
        )
        return sorted(set(order_ids) - set(carried))

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
        await _move(session, merchant_id, order_ids, survivor_id, source_id, actor_id, merged=False)


async def _move(
    session: AsyncSession,
    merchant_id: MerchantId,
    order_ids: Collection[uuid.UUID],
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    *,
    merged: bool,
) -> None:
    now = utcnow()
    await order_repository.change_customer(
        session, merchant_id, order_ids, customer_id=to_id, actor_id=actor_id, at=now
    )
    action = CUSTOMER_MERGED if merged else CUSTOMER_UNMERGED
    await order_repository.add_events(
        session,
        [
            {
                "merchant_id": merchant_id, "id": new_id(), "order_id": order_id,
                "action": action, "actor_id": actor_id, "actor_role": MERGER_ROLE,
                "customer_id": to_id, "previous_customer_id": from_id, "details": {},
                "created_at": now, "seq": 0,
            }
            for order_id in order_ids
        ],
    )  # fmt: skip
