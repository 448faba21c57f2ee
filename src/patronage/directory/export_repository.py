"""Queries of the customer export: one brand's customers, a keyset batch at a time."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import plan_with_values
from patronage.core.tenancy import MerchantId
from patronage.directory.listing import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    ListedCustomer,
    listed,
)
from patronage.directory.models import Customer, CustomerContact
from patronage.directory.repository import with_contacts

Position = tuple[datetime, uuid.UUID]


async def customers_after(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    after: Position | None,
    include_deleted: bool,
    limit: int,
) -> list[ListedCustomer]:
    """Up to `limit` customers in (created_at, id) order after `after`, with their contacts,
    in one statement (a range of `ix_customers_merchant_created`)."""
    await plan_with_values(session)
    page = select(Customer.id).where(Customer.merchant_id == merchant_id)
    if after is not None:
        # A row comparison: one index range on both databases, however far the export is.
        page = page.where(tuple_(Customer.created_at, Customer.id) > tuple_(*after))
    if not include_deleted:
        page = page.where(Customer.deleted_at.is_(None))
    ids = page.order_by(Customer.created_at, Customer.id).limit(limit).subquery("page")
    query = with_contacts(
        select(*CUSTOMER_COLUMNS, *CONTACT_COLUMNS)
        .join(ids, ids.c.id == Customer.id)
        .where(Customer.merchant_id == merchant_id),
        merchant_id,
    ).order_by(Customer.created_at, Customer.id, CustomerContact.position)
    rows = (await session.execute(query)).all()
    return list(listed(rows).values())


async def count(session: AsyncSession, merchant_id: MerchantId, *, include_deleted: bool) -> int:
    """How many customers an export of the brand would hold."""
    query = select(func.count()).select_from(Customer).where(Customer.merchant_id == merchant_id)
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    return int((await session.execute(query)).scalar_one())
