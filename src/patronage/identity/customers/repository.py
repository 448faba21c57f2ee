"""Queries of customers, their contacts, name terms and events: always for one merchant."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, literal, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import attributes

from patronage.core.dialect import dialect_name
from patronage.core.tenancy import MerchantId
from patronage.identity.customers.lookup import Phase, prefix_end
from patronage.identity.customers.models import (
    Customer,
    CustomerContact,
    CustomerEvent,
    CustomerNameTerm,
)

Position = tuple[str, uuid.UUID]
_Scan = Select[Any, uuid.UUID]

_SQLITE_QUARTER_HOUR = (
    "strftime('%Y-%m-%d %H:', customers.created_at) || "
    "printf('%02d', (CAST(strftime('%M', customers.created_at) AS INTEGER) / 15) * 15)"
)


async def get(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> Customer | None:
    """One customer with its contacts loaded."""
    found = await get_many(session, merchant_id, [customer_id])
    return found.get(customer_id)


async def get_many(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Customer]:
    """Customers by id with their contacts: two queries, whatever the number of ids."""
    if not customer_ids:
        return {}
    result = await session.execute(
        select(Customer).where(
            Customer.merchant_id == merchant_id, Customer.id.in_(set(customer_ids))
        )
    )
    customers = {c.id: c for c in result.scalars()}
    await _attach_contacts(session, merchant_id, list(customers.values()))
    return customers


async def _attach_contacts(
    session: AsyncSession, merchant_id: MerchantId, customers: Sequence[Customer]
) -> None:
    if not customers:
        return
    result = await session.execute(
        select(CustomerContact)
        .where(
            CustomerContact.merchant_id == merchant_id,
            CustomerContact.customer_id.in_([c.id for c in customers]),
        )
        .order_by(CustomerContact.customer_id, CustomerContact.position)
    )
    by_customer: dict[uuid.UUID, list[CustomerContact]] = defaultdict(list)
    for contact in result.scalars():
        by_customer[contact.customer_id].append(contact)
    for customer in customers:
        attributes.set_committed_value(customer, "contacts", by_customer.get(customer.id, []))


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
    return [(contact, customer) for contact, customer in result.tuples()]


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
    if terms:
        await session.execute(
            insert(CustomerNameTerm),
            [
                {"merchant_id": merchant_id, "customer_id": customer_id, "position": i, "term": t}
                for i, t in enumerate(terms, start=1)
            ],
        )


def add_event(session: AsyncSession, event: CustomerEvent) -> CustomerEvent:
    session.add(event)
    return event


async def list_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[CustomerEvent]:
    """A customer's events, newest first, strictly before `before`."""
    query = (
        select(CustomerEvent)
        .where(CustomerEvent.merchant_id == merchant_id, CustomerEvent.customer_id == customer_id)
        .order_by(CustomerEvent.created_at.desc(), CustomerEvent.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(tuple_(CustomerEvent.created_at, CustomerEvent.id) < before)
    return list((await session.execute(query)).scalars())


async def count_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actions: Collection[str],
    start: datetime,
    end: datetime,
) -> dict[str, int]:
    """How many events of each action happened in [start, end)."""
    result = await session.execute(
        select(CustomerEvent.action, func.count())
        .where(
            CustomerEvent.merchant_id == merchant_id,
            CustomerEvent.action.in_(list(actions)),
            CustomerEvent.created_at >= start,
            CustomerEvent.created_at < end,
        )
        .group_by(CustomerEvent.action)
    )
    return {action: count for action, count in result.tuples()}


async def count_created(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime, tz: str
) -> list[tuple[Any, str, int]]:
    """Customers created in [start, end) per local day (PostgreSQL) or per UTC quarter-hour
    (SQLite, which has no time zones; the caller folds those into local days)."""
    if dialect_name(session) == "postgresql":
        bucket: Any = func.date(func.timezone(literal(tz), Customer.created_at))
    else:
        bucket = literal_column(_SQLITE_QUARTER_HOUR)
    result = await session.execute(
        select(bucket, Customer.source, func.count())
        .where(
            Customer.merchant_id == merchant_id,
            Customer.created_at >= start,
            Customer.created_at < end,
        )
        .group_by(bucket, Customer.source)
    )
    return [(b, source, count) for b, source, count in result.tuples()]


async def scan(
    session: AsyncSession,
    merchant_id: MerchantId,
    phase: Phase,
    *,
    after: Position | None,
    limit: int,
    include_deleted: bool,
) -> list[Position]:
    """The next (key, customer id) pairs of one lookup phase, in index order."""
    if phase.source == "contact":
        query = _contact_scan(merchant_id, phase, include_deleted)
    elif phase.source == "reversed":
        query = _reversed_scan(merchant_id, phase, include_deleted)
    elif phase.source == "name":
        query = _name_scan(merchant_id, phase, include_deleted)
    else:
        query = _term_scan(merchant_id, phase, include_deleted)
    key, ident = query.selected_columns[0], query.selected_columns[1]
    if after is not None:
        query = query.where(tuple_(key, ident) > tuple_(literal(after[0], key.type), after[1]))
    result = await session.execute(query.order_by(key, ident).limit(limit))
    return [(k, i) for k, i in result.tuples()]


def _range(column: Any, phase: Phase) -> list[Any]:
    if phase.exact:
        return [column == phase.start]
    return [column >= phase.start, column < prefix_end(phase.start)]


def _contact_scan(merchant_id: MerchantId, phase: Phase, include_deleted: bool) -> _Scan:
    contact = CustomerContact
    query = select(contact.value, contact.customer_id).where(
        contact.merchant_id == merchant_id,
        contact.kind == phase.kind,
        *_range(contact.value, phase),
    )
    return query if include_deleted else query.where(contact.deleted_at.is_(None))


def _reversed_scan(merchant_id: MerchantId, phase: Phase, include_deleted: bool) -> _Scan:
    contact = CustomerContact
    query = select(contact.search_reversed, contact.customer_id).where(
        contact.merchant_id == merchant_id, *_range(contact.search_reversed, phase)
    )
    return query if include_deleted else query.where(contact.deleted_at.is_(None))


def _name_scan(merchant_id: MerchantId, phase: Phase, include_deleted: bool) -> _Scan:
    query = select(Customer.name_search, Customer.id).where(
        Customer.merchant_id == merchant_id, *_range(Customer.name_search, phase)
    )
    return query if include_deleted else query.where(Customer.deleted_at.is_(None))


def _term_scan(merchant_id: MerchantId, phase: Phase, include_deleted: bool) -> _Scan:
    term = CustomerNameTerm
    query = select(term.term, term.customer_id).where(
        term.merchant_id == merchant_id, *_range(term.term, phase)
    )
    if include_deleted:
        return query
    return query.join(
        Customer, (Customer.merchant_id == term.merchant_id) & (Customer.id == term.customer_id)
    ).where(Customer.merchant_id == merchant_id, Customer.deleted_at.is_(None))


async def recent(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
    include_deleted: bool,
) -> list[tuple[datetime, uuid.UUID]]:
    """The newest customers' (created_at, id), strictly before `before`."""
    query = select(Customer.created_at, Customer.id).where(Customer.merchant_id == merchant_id)
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    if before is not None:
        query = query.where(tuple_(Customer.created_at, Customer.id) < before)
    query = query.order_by(Customer.created_at.desc(), Customer.id.desc()).limit(limit)
    return [(created, ident) for created, ident in (await session.execute(query)).tuples()]


async def infix_candidates(
    session: AsyncSession,
    merchant_id: MerchantId,
    folded: str,
    *,
    include_deleted: bool,
    cap: int,
) -> list[uuid.UUID]:
    """Up to `cap` customers whose folded name contains `folded` (trigram index on PostgreSQL)."""
    pattern = "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = select(Customer.id).where(
        Customer.merchant_id == merchant_id, Customer.name_search.like(pattern, escape="\\")
    )
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    return list((await session.execute(query.limit(cap))).scalars())
