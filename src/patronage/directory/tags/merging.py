"""Tags through a merge of duplicate profiles: the survivor carries both profiles' tags.

The merged-away profile's links move to the survivor (a tag both carry stays one link);
undoing the merge takes off the survivor the tags the merge added, and gives the restored
profile its tags back (those not deleted since).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.directory.tags import repository as tag_repository


async def names_of(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[str]:
    """The names of the tags a customer carries, by name."""
    return [t.name for _, t in await tag_repository.tags_of(session, merchant_id, [customer_id])]


async def move_for_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    survivor_id: uuid.UUID,
    source_id: uuid.UUID,
    actor_id: uuid.UUID | None,
) -> dict[str, Any]:
    """Move the source's tags to the survivor: `{source: [tag ids], added: [tag ids]}`."""
    source = await _tag_ids(session, merchant_id, source_id)
    added = source - await _tag_ids(session, merchant_id, survivor_id)
    await tag_repository.unlink(session, merchant_id, source_id, source)
    tag_repository.add_links(session, merchant_id, survivor_id, added, actor_id=actor_id)
    return {"source": sorted(map(str, source)), "added": sorted(map(str, added))}


async def put_back(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    survivor_id: uuid.UUID,
    source_id: uuid.UUID,
    moved: dict[str, Any],
    actor_id: uuid.UUID | None,
) -> None:
    """Undo `move_for_merge`, for the tags still defined."""
    added = {uuid.UUID(i) for i in moved.get("added", [])}
    await tag_repository.unlink(session, merchant_id, survivor_id, added)
    wanted = [uuid.UUID(i) for i in moved.get("source", [])]
    live = {t.id for t in await tag_repository.live_by_ids(session, merchant_id, wanted)}
    tag_repository.add_links(session, merchant_id, source_id, live, actor_id=actor_id)
    await session.flush()


async def _tag_ids(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> set[uuid.UUID]:
    return {t.id for _, t in await tag_repository.tags_of(session, merchant_id, [customer_id])}
