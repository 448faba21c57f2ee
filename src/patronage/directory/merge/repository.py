"""Queries of merges and of likely duplicate pairs: always for one merchant.

Likely pairs are found without comparing every profile with every other. Two profiles of one
person share a phone's last digits or an email's local part, and both keys are prefixes of
an indexed column: the reversed digits of `ix_customer_contacts_reversed`, and the address of
`ix_customer_contacts_lookup` (an address begins with its local part and `@`). Read in that
index's order, the contacts sharing a key are neighbours, so one ordered range scan with
`lag()` pairs each contact with the one before it; only neighbours sharing the key join their
two customers to compare names (and leave deleted ones out: filtering the scan on the
contacts' own `deleted_at` would visit the table for every entry instead of reading the
index alone). With its `LIMIT`, a page reads the index from the cursor until it has found a
page of pairs: no sort, no hash of the brand's contacts, no cross join. PostgreSQL's plan is
an Index Only Scan feeding a WindowAgg, then nested-loop joins on the customers' primary key.
Measured on this machine at 500,000 customers of a brand sharing 2,000 names, one profile in
a thousand duplicated: 124 ms for a page of 20 pairs (90,000 index entries read).

A key shared by three or more contacts pairs neighbours only (a–b, b–c): a pair that a
profile of another name separates is not listed, which the rarity of such a shared key
(random numbers share seven final digits about once in ten million) makes acceptable.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from patronage.core.tenancy import MerchantId
from patronage.directory.merge.models import CustomerMerge
from patronage.directory.merge.rules import PHONE_SUFFIX_DIGITS
from patronage.directory.models import EMAIL, Customer, CustomerContact

Position = tuple[str, uuid.UUID]


@dataclass(frozen=True)
class Neighbours:
    """Two customers' contacts that share a key; `position` is the later one's."""

    first_id: uuid.UUID
    second_id: uuid.UUID
    position: Position


def add(session: AsyncSession, merge: CustomerMerge) -> CustomerMerge:
    session.add(merge)
    return merge


async def active_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    survivor_id: uuid.UUID,
    source_id: uuid.UUID,
    for_update: bool = False,
) -> CustomerMerge | None:
    """The merge of `source_id` into `survivor_id` that is not undone, if any."""
    query = (
        select(CustomerMerge)
        .where(
            CustomerMerge.merchant_id == merchant_id,
            CustomerMerge.source_id == source_id,
            CustomerMerge.survivor_id == survivor_id,
            CustomerMerge.undone_at.is_(None),
        )
        .order_by(CustomerMerge.merged_at.desc())
        .limit(1)
    )
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def active_merges_into(
    session: AsyncSession, merchant_id: MerchantId, survivor_id: uuid.UUID
) -> list[CustomerMerge]:
    """The merges into `survivor_id` not undone, newest first."""
    query = (
        select(CustomerMerge)
        .where(
            CustomerMerge.merchant_id == merchant_id,
            CustomerMerge.survivor_id == survivor_id,
            CustomerMerge.undone_at.is_(None),
        )
        .order_by(CustomerMerge.merged_at.desc())
    )
    return list((await session.execute(query)).scalars())


class _AtSign(FunctionElement[int]):
    """Where `@` stands in an address (1-based): `strpos` on PostgreSQL, `instr` on SQLite."""

    type = Integer()
    inherit_cache = True


@compiles(_AtSign)
def _at_sign_postgresql(element: _AtSign, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)}, '@')"


@compiles(_AtSign, "sqlite")
def _at_sign_sqlite(element: _AtSign, compiler: SQLCompiler, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)}, '@')"


def _local_part(address: Any) -> ColumnElement[str]:
    """The address up to and with its `@`."""
    return func.substr(address, 1, _AtSign(address))


async def phone_neighbours(
    session: AsyncSession, merchant_id: MerchantId, *, after: Position | None, limit: int
) -> list[Neighbours]:
    """Customers of one folded name holding phones that end in the same digits, in the
    reversed digits' order, from `after` on."""
    c = CustomerContact
    key = c.search_reversed
    scoped = (c.merchant_id == merchant_id) & key.is_not(None)
    return await _neighbours(
        session, merchant_id, key, scoped, after=after, limit=limit,
        same=lambda k: func.substr(k, 1, PHONE_SUFFIX_DIGITS),
    )  # fmt: skip


async def email_neighbours(
    session: AsyncSession, merchant_id: MerchantId, *, after: Position | None, limit: int
) -> list[Neighbours]:
    """Customers of one folded name holding emails of the same local part, in the
    addresses' order, from `after` on."""
    c = CustomerContact
    scoped = (c.merchant_id == merchant_id) & (c.kind == EMAIL)
    return await _neighbours(
        session, merchant_id, c.value, scoped, after=after, limit=limit, same=_local_part
    )


async def _neighbours(
    session: AsyncSession,
    merchant_id: MerchantId,
    key: Any,
    scoped: ColumnElement[bool],
    *,
    after: Position | None,
    limit: int,
    same: Any,
) -> list[Neighbours]:
    query = _neighbours_query(merchant_id, key, scoped, after=after, same=same).limit(limit)
    rows = (await session.execute(query)).all()
    return [Neighbours(first, second, (k, second)) for k, second, first in rows]


def _neighbours_query(
    merchant_id: MerchantId, key: Any, scoped: ColumnElement[bool], *, after: Any, same: Any
) -> Select[Any]:
    c = CustomerContact
    order = (key, c.customer_id)
    ordered = select(
        key.label("key"),
        c.customer_id.label("customer_id"),
        func.lag(key, type_=key.type).over(order_by=order).label("previous_key"),
        func.lag(c.customer_id, type_=c.customer_id.type).over(order_by=order).label("previous_id"),
    ).where(scoped)
    if after is not None:
        # From the cursor's own row on, so the first new row still has its predecessor.
        ordered = ordered.where(tuple_(*order) >= after)
    rows = ordered.subquery("ordered")
    first, second = aliased(Customer), aliased(Customer)
    query = (
        select(rows.c.key, rows.c.customer_id, rows.c.previous_id)
        .join(first, (first.merchant_id == merchant_id) & (first.id == rows.c.previous_id))
        .join(second, (second.merchant_id == merchant_id) & (second.id == rows.c.customer_id))
        .where(
            same(rows.c.previous_key) == same(rows.c.key),
            rows.c.previous_id != rows.c.customer_id,
            first.name_search == second.name_search,
            first.deleted_at.is_(None),
            second.deleted_at.is_(None),
        )
        .order_by(rows.c.key, rows.c.customer_id)
    )
    if after is not None:
        query = query.where(tuple_(rows.c.key, rows.c.customer_id) > after)
    return query
