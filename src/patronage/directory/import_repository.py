"""Queries of the customer import: which contacts a brand's active customers hold, and
new customers written in bulk (plain rows, no ORM instances)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, Text, any_, bindparam, insert, select
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from patronage.core.dialect import dialect_name, plan_with_values
from patronage.core.tenancy import MerchantId
from patronage.directory.models import Customer, CustomerContact, CustomerEvent, CustomerNameTerm


async def held_values(
    session: AsyncSession, merchant_id: MerchantId, values: Collection[str]
) -> set[str]:
    """Those of `values` (E.164 phones, emails) that an active customer of the brand holds."""
    if not values:
        return set()
    await plan_with_values(session)
    query = select(CustomerContact.value).where(
        CustomerContact.merchant_id == merchant_id,
        CustomerContact.kind.in_(["phone", "email"]),
        _among(session, CustomerContact.value, values),
        CustomerContact.deleted_at.is_(None),
    )
    return set((await session.scalars(query)).all())


def _among(
    session: AsyncSession, column: InstrumentedAttribute[str], values: Collection[str]
) -> ColumnElement[bool]:
    """`column` is one of `values`; on PostgreSQL as one array parameter (one statement text
    whatever the number of values, hashed when planned with them)."""
    if dialect_name(session) == "postgresql":
        return column == any_(cast_(bindparam("values", sorted(values)), ARRAY(Text)))
    return column.in_(set(values))


async def add_customers(
    session: AsyncSession,
    *,
    customers: list[dict[str, Any]],
    contacts: list[dict[str, Any]],
    terms: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> None:
    """Insert new customers with their contacts, name terms and creation events (each row
    carrying its `merchant_id`), one executemany per table.

    Through the tables, not the ORM: a plain executemany, no unit-of-work bookkeeping."""
    for model, rows in (
        (Customer, customers),
        (CustomerContact, contacts),
        (CustomerNameTerm, terms),
        (CustomerEvent, events),
    ):
        if rows:
            await session.execute(insert(cast(Table, model.__table__)), rows)
