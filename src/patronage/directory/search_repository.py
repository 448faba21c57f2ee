"""The lookup's queries: prefix range scans over contacts, reversed digits, names and name
terms, and the newest customers; every one for one merchant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Uuid,
    bindparam,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId, transaction_merchant
from patronage.directory.listing import CONTACT_COLUMNS, CUSTOMER_COLUMNS, ListedCustomer, listed
from patronage.directory.lookup import Phase, prefix_end
from patronage.directory.models import Customer, CustomerContact, CustomerNameTerm
from patronage.directory.repository import with_contacts
from patronage.directory.tags import repository as tag_repository

Position = tuple[str, uuid.UUID]
_Scan = Select[Any, uuid.UUID]

PhaseStart = tuple[int, Phase, Position | None]
# What a phase's SQL depends on (its values are bound parameters): source, contact kind,
# exact or prefix, bounded prefix, resumed after a position.
_Shape = tuple[str, str | None, bool, bool, bool]
# Bound by the transaction on PostgreSQL (see `tenancy.transaction_merchant`).
_MERCHANT = transaction_merchant()


async def fetch_phases(
    session: AsyncSession,
    merchant_id: MerchantId,
    phases: Sequence[PhaseStart],
    *,
    limit: int,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> list[tuple[int, str, ListedCustomer]]:
    """The next `limit` rows of each (phase index, phase, after) as (index, key, customer
    with contacts), ordered by phase, key and id; with `tag_id`, of its customers only."""
    statement, params = phases_query(
        phases, limit=limit, include_deleted=include_deleted, tag_id=tag_id
    )
    rows = (await session.execute(statement, {**params, "merchant_id": merchant_id})).all()
    return found_in(rows)


def phases_query(
    phases: Sequence[PhaseStart],
    *,
    limit: int,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement (and its parameters, but the merchant's) of `fetch_phases`.

    One statement: each phase is a range scan in index order cut at `limit`; their union is
    joined to the customers and their contacts. Statements are built once per shape.
    """
    params: dict[str, Any] = {"limit": limit, **_tag_param(tag_id)}
    shapes: list[_Shape] = []
    for slot, (index, phase, after) in enumerate(phases):
        end = None if phase.exact else prefix_end(phase.start)
        params.update({f"phase_{slot}": index, f"start_{slot}": phase.start})
        if end is not None:
            params[f"end_{slot}"] = end
        if after is not None:
            params.update({f"after_key_{slot}": after[0], f"after_id_{slot}": after[1]})
        bounded = end is not None
        shapes.append((phase.source, phase.kind, phase.exact, bounded, after is not None))
    return _phases_statement(tuple(shapes), include_deleted, tag_id is not None), params


def _tag_param(tag_id: uuid.UUID | None) -> dict[str, Any]:
    return {} if tag_id is None else {"tag_id": tag_id}


def _tagged(customer_id: Any) -> ColumnElement[bool]:
    """The customer `customer_id` carries the `tag_id` parameter's tag."""
    tag_id = bindparam("tag_id", type_=Uuid())
    return tag_repository.carries(_MERCHANT, tag_id, customer_id)


def found_in(rows: Sequence[Sequence[Any]]) -> list[tuple[int, str, ListedCustomer]]:
    """The (index, key, customer) of the rows of a `phases_query`."""
    by_id = listed(rows, offset=2)
    # One row per contact: keep each (phase, key, customer) once, in order.
    found = dict.fromkeys((row[0], row[1], row[2]) for row in rows)
    return [(index, key, by_id[cid]) for index, key, cid in found]


@lru_cache(maxsize=256)
def _phases_statement(
    shapes: tuple[_Shape, ...], include_deleted: bool, tagged: bool = False
) -> Select[Any]:
    scans = [_phase_scan(slot, shape, include_deleted, tagged) for slot, shape in enumerate(shapes)]
    page = (scans[0] if len(scans) == 1 else union_all(*scans)).cte("page")
    joined = select(page.c.phase, page.c.key).join(
        Customer, (Customer.merchant_id == _MERCHANT) & (Customer.id == page.c.customer_id)
    )
    if len(scans) > 1:
        # Phases after the first one cut at the limit cannot be listed yet (the caller
        # resumes there): leave their customers unread.
        full = (
            select(page.c.phase)
            .group_by(page.c.phase)
            .having(func.count() >= bindparam("limit", type_=Integer()))
        )
        first_full = select(func.min(full.subquery().c.phase)).scalar_subquery()
        joined = joined.where(or_(first_full.is_(None), page.c.phase <= first_full))
    return _listing(joined, page.c.phase, page.c.key, page.c.customer_id)


def _listing(query: Select[Any], *order: Any) -> Select[Any]:
    """`query` (over customers) selecting `listing`'s columns, one row per contact."""
    columns = query.add_columns(*CUSTOMER_COLUMNS, *CONTACT_COLUMNS)
    return with_contacts(columns, _MERCHANT).order_by(*order, CustomerContact.position)


def _phase_scan(slot: int, shape: _Shape, include_deleted: bool, tagged: bool) -> Select[Any]:
    source, kind, exact, bounded, resumed = shape
    query = _SCANS[source](kind, include_deleted)
    key, ident = query.selected_columns
    if tagged:
        query = query.where(_tagged(ident))
    start = bindparam(f"start_{slot}", type_=key.type)
    query = query.where(key == start if exact else key >= start)
    if bounded:
        query = query.where(key < bindparam(f"end_{slot}", type_=key.type))
    if resumed:
        after = (
            bindparam(f"after_key_{slot}", type_=key.type),
            bindparam(f"after_id_{slot}", type_=Uuid()),
        )
        query = query.where(tuple_(key, ident) > tuple_(*after))
    # Wrapped, so SQLite accepts ORDER BY and LIMIT inside a UNION ALL.
    scan = query.order_by(key, ident).limit(bindparam("limit", type_=Integer())).subquery()
    phase = bindparam(f"phase_{slot}", type_=Integer())
    return select(phase.label("phase"), scan.c.key, scan.c.customer_id)


def _contact_scan(kind: str | None, include_deleted: bool) -> _Scan:
    contact = CustomerContact
    query = select(contact.value.label("key"), contact.customer_id).where(
        contact.merchant_id == _MERCHANT, contact.kind == literal(kind)
    )
    return query if include_deleted else query.where(contact.deleted_at.is_(None))


def _reversed_scan(kind: str | None, include_deleted: bool) -> _Scan:
    contact = CustomerContact
    query = select(contact.search_reversed.label("key"), contact.customer_id).where(
        contact.merchant_id == _MERCHANT
    )
    return query if include_deleted else query.where(contact.deleted_at.is_(None))


def _name_scan(kind: str | None, include_deleted: bool) -> _Scan:
    query = select(Customer.name_search.label("key"), Customer.id.label("customer_id")).where(
        Customer.merchant_id == _MERCHANT
    )
    return query if include_deleted else query.where(Customer.deleted_at.is_(None))


def _term_scan(kind: str | None, include_deleted: bool) -> _Scan:
    term = CustomerNameTerm
    query = select(term.term.label("key"), term.customer_id).where(term.merchant_id == _MERCHANT)
    if include_deleted:
        return query
    return query.join(
        Customer, (Customer.merchant_id == term.merchant_id) & (Customer.id == term.customer_id)
    ).where(Customer.merchant_id == _MERCHANT, Customer.deleted_at.is_(None))


_SCANS = {
    "contact": _contact_scan,
    "reversed": _reversed_scan,
    "name": _name_scan,
    "term": _term_scan,
}


def recent_query(
    *, before: tuple[datetime, uuid.UUID] | None, limit: int, include_deleted: bool
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement (and its parameters, but the merchant's) of the newest customers."""
    return _ordered_query("created_at", before, limit, include_deleted)


# The listings without a query: by key, then id; newest first by creation, A to Z by name.
_DESCENDING = {"created_at": True, "name_search": False}


async def in_order(
    session: AsyncSession,
    merchant_id: MerchantId,
    key: str,
    past: tuple[Any, uuid.UUID] | None,
    limit: int,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> list[ListedCustomer]:
    """Customers (with contacts) by `key` past `past` (its key and id): newest first by
    `created_at`, in the order of their folded names by `name_search`; with `tag_id`, of
    its customers only."""
    statement, params = _ordered_query(key, past, limit, include_deleted, tag_id)
    rows = (await session.execute(statement, {**params, "merchant_id": merchant_id})).all()
    return listed_in(rows)


def listed_in(rows: Sequence[Sequence[Any]]) -> list[ListedCustomer]:
    """The customers of the rows of an ordered listing (`recent_query`), in order."""
    return list(listed(rows).values())


def _ordered_query(
    key: str,
    past: tuple[Any, uuid.UUID] | None,
    limit: int,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> tuple[Select[Any], dict[str, Any]]:
    params: dict[str, Any] = {"limit": limit, **_tag_param(tag_id)}
    if past is not None:
        params.update({"past_key": past[0], "past_id": past[1]})
    statement = _ordered_statement(key, include_deleted, past is not None, tag_id is not None)
    return statement, params


@lru_cache(maxsize=32)
def _ordered_statement(
    key: str, include_deleted: bool, resumed: bool, tagged: bool = False
) -> Select[Any]:
    column, descending = getattr(Customer, key), _DESCENDING[key]
    query = select(column, Customer.id).where(Customer.merchant_id == _MERCHANT)
    if tagged:
        query = query.where(_tagged(Customer.id))
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    if resumed:
        past = tuple_(bindparam("past_key", type_=column.type), bindparam("past_id", type_=Uuid()))
        position = tuple_(column, Customer.id)
        query = query.where(position < past if descending else position > past)
    order = (column.desc(), Customer.id.desc()) if descending else (column.asc(), Customer.id.asc())
    page = query.order_by(*order).limit(bindparam("limit", type_=Integer())).subquery()
    joined = (
        select()
        .select_from(Customer)
        .join(page, (Customer.merchant_id == _MERCHANT) & (Customer.id == page.c.id))
    )
    page_key = page.c[key]
    ordered = (
        (page_key.desc(), page.c.id.desc()) if descending else (page_key.asc(), page.c.id.asc())
    )
    return _listing(joined, *ordered)
