"""Queries of the customer export: one brand's customers, a keyset batch at a time."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import plan_with_values
from patronage.core.tenancy import MerchantId
from patronage.directory.consent import repository as consent_repository
from patronage.directory.listing import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    ListedContact,
    ListedCustomer,
)
from patronage.directory.models import Customer, CustomerContact
from patronage.directory.tags import repository as tag_repository

Position = tuple[datetime, uuid.UUID]


async def customers_after(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    after: Position | None,
    include_deleted: bool,
    limit: int,
    consent: str | None = None,
    tag_id: uuid.UUID | None = None,
) -> list[ListedCustomer]:
    """Up to `limit` customers in (created_at, id) order after `after`, with their contacts.

    Two statements, a range of `ix_customers_merchant_created` then the page's contacts by
    customer id, rather than one join: no plan of the join can then read more than the page,
    even where the tables' statistics lag behind a load.
    """
    await plan_with_values(session)
    page = select(*CUSTOMER_COLUMNS).where(Customer.merchant_id == merchant_id)
    if after is not None:
        page = page.where(tuple_(Customer.created_at, Customer.id) > tuple_(*after))
    if not include_deleted:
        page = page.where(Customer.deleted_at.is_(None))
    if consent is not None:
        page = page.where(consent_repository.granted_now(merchant_id, consent))
    if tag_id is not None:
        page = page.where(tag_repository.carries(merchant_id, tag_id, Customer.id))
    page = page.order_by(Customer.created_at, Customer.id).limit(limit)
    customers = {row[0]: ListedCustomer(*row) for row in (await session.execute(page)).all()}
    if customers:
        contacts = (
            select(CustomerContact.customer_id, *CONTACT_COLUMNS)
            .where(
                CustomerContact.merchant_id == merchant_id,
                CustomerContact.customer_id.in_(list(customers)),
            )
            .order_by(CustomerContact.customer_id, CustomerContact.position)
        )
        for row in (await session.execute(contacts)).all():
            customers[row[0]].contacts.append(ListedContact(*row[1:]))
    return list(customers.values())


async def count(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    include_deleted: bool,
    consent: str | None = None,
    tag_id: uuid.UUID | None = None,
) -> int:
    """How many customers an export of the brand would hold."""
    query = select(func.count()).select_from(Customer).where(Customer.merchant_id == merchant_id)
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    if consent is not None:
        query = query.where(consent_repository.granted_now(merchant_id, consent))
    if tag_id is not None:
        query = query.where(tag_repository.carries(merchant_id, tag_id, Customer.id))
    return int((await session.execute(query)).scalar_one())
