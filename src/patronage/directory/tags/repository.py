"""Queries of tags and their links: always for one merchant."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import utcnow
from patronage.core.tenancy import MerchantId
from patronage.directory.tags.models import CustomerTag, CustomerTagLink


def _live(merchant_id: MerchantId) -> ColumnElement[bool]:
    return (CustomerTag.merchant_id == merchant_id) & CustomerTag.deleted_at.is_(None)


async def list_live(session: AsyncSession, merchant_id: MerchantId) -> list[CustomerTag]:
    """The brand's tags (not deleted), by name."""
    query = select(CustomerTag).where(_live(merchant_id)).order_by(CustomerTag.name_key)
    return list((await session.execute(query)).scalars())


async def count_live(session: AsyncSession, merchant_id: MerchantId) -> int:
    query = select(func.count()).select_from(CustomerTag).where(_live(merchant_id))
    return int((await session.execute(query)).scalar_one())


async def get_live(
    session: AsyncSession, merchant_id: MerchantId, tag_id: uuid.UUID, *, for_update: bool = False
) -> CustomerTag | None:
    query = select(CustomerTag).where(_live(merchant_id), CustomerTag.id == tag_id)
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def live_by_keys(
    session: AsyncSession, merchant_id: MerchantId, keys: Collection[str]
) -> list[CustomerTag]:
    """The brand's live tags whose `name_key` is among `keys`."""
    if not keys:
        return []
    query = select(CustomerTag).where(_live(merchant_id), CustomerTag.name_key.in_(set(keys)))
    return list((await session.execute(query)).scalars())


async def live_by_ids(
    session: AsyncSession, merchant_id: MerchantId, ids: Collection[uuid.UUID]
) -> list[CustomerTag]:
    if not ids:
        return []
    query = select(CustomerTag).where(_live(merchant_id), CustomerTag.id.in_(set(ids)))
    return list((await session.execute(query)).scalars())


def add(session: AsyncSession, row: Any) -> None:
    session.add(row)


def add_links(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    tag_ids: Collection[uuid.UUID],
    *,
    actor_id: uuid.UUID | None,
) -> None:
    """Put the tags `tag_ids` on the customer (it carries none of them yet)."""
    now = utcnow()
    for tag_id in sorted(tag_ids):
        session.add(
            CustomerTagLink(
                merchant_id=merchant_id, customer_id=customer_id, tag_id=tag_id,
                created_at=now, created_by=actor_id,
            )
        )  # fmt: skip


async def tags_of(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> list[tuple[uuid.UUID, CustomerTag]]:
    """(customer id, live tag) of every link of the customers, by tag name; one query."""
    if not customer_ids:
        return []
    query = (
        select(CustomerTagLink.customer_id, CustomerTag)
        .join(
            CustomerTag,
            (CustomerTag.merchant_id == CustomerTagLink.merchant_id)
            & (CustomerTag.id == CustomerTagLink.tag_id),
        )
        .where(
            CustomerTagLink.merchant_id == merchant_id,
            CustomerTagLink.customer_id.in_(set(customer_ids)),
            _live(merchant_id),
        )
        .order_by(CustomerTag.name_key)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def unlink(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID, tag_ids: set[uuid.UUID]
) -> None:
    """Take the tags `tag_ids` off the customer."""
    if tag_ids:
        await session.execute(
            delete(CustomerTagLink).where(
                CustomerTagLink.merchant_id == merchant_id,
                CustomerTagLink.customer_id == customer_id,
                CustomerTagLink.tag_id.in_(tag_ids),
            )
        )


def carries(merchant_id: Any, tag_id: Any, customer_id: Any) -> ColumnElement[bool]:
    """A condition: the customer `customer_id` (a column) carries the tag `tag_id`."""
    return exists().where(
        CustomerTagLink.merchant_id == merchant_id,
        CustomerTagLink.tag_id == tag_id,
        CustomerTagLink.customer_id == customer_id,
    )
