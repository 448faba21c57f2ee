"""Queries of customers, their contacts, name terms and events: always for one merchant."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    Text,
    any_,
    bindparam,
    delete,
    insert,
    or_,
    select,
)
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import attributes

from patronage.core.tenancy import MerchantId, transaction_merchant
from patronage.directory.listing import CONTACT_COLUMNS, CUSTOMER_COLUMNS
from patronage.directory.models import (
    EMAIL,
    PHONE,
    Customer,
    CustomerContact,
    CustomerEvent,
    CustomerNameTerm,
)


async def get(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> Customer | None:
    """One customer with its contacts loaded."""
    found = await get_many(session, merchant_id, [customer_id])
    return found.get(customer_id)


async def lock(session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID) -> None:
    """Hold the customer's row (PostgreSQL) so its consent changes are made one at a time."""
    await session.execute(
        select(Customer.id)
        .where(Customer.merchant_id == merchant_id, Customer.id == customer_id)
        .with_for_update()
    )


async def get_many(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Customer]:
    """Customers by id with their contacts, in one query whatever the number of ids."""
    if not customer_ids:
        return {}
    query = with_contacts(
        select(Customer).where(
            Customer.merchant_id == merchant_id, Customer.id.in_(set(customer_ids))
        ),
        merchant_id,
    ).add_columns(CustomerContact)
    rows = (await session.execute(query)).all()
    return {c.id: c for c in _attach(rows)}


def with_contacts(query: Select[Any], merchant_id: MerchantId | ColumnElement[Any]) -> Select[Any]:
    """`query` over customers, outer-joined to their contacts: one row per contact."""
    return query.outerjoin(
        CustomerContact,
        (CustomerContact.merchant_id == merchant_id) & (CustomerContact.customer_id == Customer.id),
    )


def _attach(rows: Sequence[Any]) -> list[Customer]:
    """Customers of (customer, contact) rows, in first-seen order, their `contacts` set
    from the rows."""
    customers: dict[uuid.UUID, Customer] = {}
    contacts: dict[uuid.UUID, list[CustomerContact]] = defaultdict(list)
    for customer, contact in rows:
        customers.setdefault(customer.id, customer)
        if contact is not None:
            contacts[customer.id].append(contact)
    for customer in customers.values():
        ordered = sorted(contacts[customer.id], key=lambda c: c.position)
        attributes.set_committed_value(customer, "contacts", ordered)
    return list(customers.values())


def add(session: AsyncSession, customer: Customer) -> Customer:
    session.add(customer)
    return customer


async def active_holders(
    session: AsyncSession,
    merchant_id: MerchantId,
    values: Collection[str],
    *,
    exclude: uuid.UUID | None = None,
) -> list[tuple[CustomerContact, Customer]]:
    """Active contacts holding any of `values` (E.164 phones, emails), with their customer."""
    if not values:
        return []
    query = (
        select(CustomerContact, Customer)
        .join(
            Customer,
            (Customer.merchant_id == CustomerContact.merchant_id)
            & (Customer.id == CustomerContact.customer_id),
        )
        .where(
            CustomerContact.merchant_id == merchant_id,
            Customer.merchant_id == merchant_id,
            CustomerContact.kind.in_(["phone", "email"]),
            CustomerContact.value.in_(set(values)),
            CustomerContact.deleted_at.is_(None),
        )
        .order_by(CustomerContact.kind.desc(), CustomerContact.position)
    )
    if exclude is not None:
        query = query.where(CustomerContact.customer_id != exclude)
    result = await session.execute(query)
    return [(contact, customer) for contact, customer in result.all()]


async def replace_name_terms(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID, terms: list[str]
) -> None:
    """The customer's word-prefix terms become `terms` (the customer row must exist)."""
    await session.execute(
        delete(CustomerNameTerm).where(
            CustomerNameTerm.merchant_id == merchant_id,
            CustomerNameTerm.customer_id == customer_id,
        )
    )
    await add_name_terms(session, merchant_id, customer_id, terms)


async def add_name_terms(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID, terms: list[str]
) -> None:
    """Terms of a customer that has none yet (just created)."""
    if terms:
        await session.execute(
            insert(CustomerNameTerm),
            [
                {"merchant_id": merchant_id, "customer_id": customer_id, "position": i, "term": t}
                for i, t in enumerate(terms, start=1)
            ],
        )


async def profiles_of_user(session: AsyncSession, user_id: uuid.UUID) -> list[Customer]:
    """The one cross-brand read of customers: a signed-in customer's own (RLS `own_rows`)."""
    result = await session.execute(
        select(Customer)
        .where(Customer.user_id == user_id, Customer.deleted_at.is_(None))
        .order_by(Customer.created_at, Customer.id)
    )
    return list(result.scalars())


def survivor_of(customer_id: ColumnElement[Any]) -> ColumnElement[Any]:
    """The profile `customer_id` was merged into, as SQL (NULL when it was not)."""
    return (
        select(Customer.merged_into)
        .where(Customer.merchant_id == transaction_merchant(), Customer.id == customer_id)
        .scalar_subquery()
    )


def summaries_query(*ids: ColumnElement[Any]) -> Select[Any]:
    """The brand's customers whose id is any of `ids` (parameters or subqueries), with their
    contacts, as `listing` reads them: for a hot path's trip, where the brand is the one the
    transaction acts for. Build it once and keep it (it is compiled on first use)."""
    merchant = transaction_merchant()
    query = select(*CUSTOMER_COLUMNS, *CONTACT_COLUMNS).where(
        Customer.merchant_id == merchant, or_(*(Customer.id == i for i in ids))
    )
    return with_contacts(query, merchant).order_by(Customer.id, CustomerContact.position)


# ---------------------------------------------------------------- the checkout's create trip
# Statements of `create_trip` (`core.trip`), built once; reads are for the merchant the
# transaction acts for.

INSERT_CUSTOMER = insert(cast(Table, Customer.__table__))
INSERT_CONTACT = insert(cast(Table, CustomerContact.__table__))
INSERT_NAME_TERM = insert(cast(Table, CustomerNameTerm.__table__))
INSERT_EVENT = insert(cast(Table, CustomerEvent.__table__))


@lru_cache(maxsize=2)
def holders_query(dialect: str) -> Select[str, str, uuid.UUID, str]:
    """`active_holders` for a trip: the kind and value of each active contact among the
    `values` parameter, with its customer's id and name (PostgreSQL: one array parameter)."""
    merchant = transaction_merchant()
    among = (
        CustomerContact.value == any_(cast_(bindparam("values"), ARRAY(Text)))
        if dialect == "postgresql"
        else CustomerContact.value.in_(bindparam("values", expanding=True))
    )
    return (
        select(CustomerContact.kind, CustomerContact.value, Customer.id, Customer.name)
        .join(
            Customer,
            (Customer.merchant_id == merchant) & (Customer.id == CustomerContact.customer_id),
        )
        .where(
            CustomerContact.merchant_id == merchant,
            # No `in_` of a list: its values would be bound at compile time, once for all.
            or_(CustomerContact.kind == PHONE, CustomerContact.kind == EMAIL),
            among,
            CustomerContact.deleted_at.is_(None),
        )
        .order_by(CustomerContact.kind.desc(), CustomerContact.position)
    )
