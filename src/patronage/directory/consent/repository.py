"""Queries of consent records: always for one merchant; rows are added, never changed."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from patronage.core.tenancy import MerchantId
from patronage.directory.consent.models import CustomerConsent
from patronage.directory.consent.rules import GRANTED
from patronage.directory.models import Customer

Position = tuple[datetime, uuid.UUID]


async def latest(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID, purpose: str
) -> CustomerConsent | None:
    """The customer's newest record for `purpose`, if any."""
    result = await session.execute(
        select(CustomerConsent)
        .where(
            CustomerConsent.merchant_id == merchant_id,
            CustomerConsent.customer_id == customer_id,
            CustomerConsent.purpose == purpose,
        )
        .order_by(CustomerConsent.sequence.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


def add(session: AsyncSession, consent: CustomerConsent) -> CustomerConsent:
    session.add(consent)
    return consent


def _is_latest(merchant_id: MerchantId | ColumnElement[Any]) -> ColumnElement[bool]:
    """No newer record of the same customer and purpose exists."""
    later = aliased(CustomerConsent)
    return ~exists().where(
        later.merchant_id == merchant_id,
        later.customer_id == CustomerConsent.customer_id,
        later.purpose == CustomerConsent.purpose,
        later.sequence > CustomerConsent.sequence,
    )


async def current_of(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> list[CustomerConsent]:
    """The newest record of every purpose of each customer among `customer_ids`."""
    if not customer_ids:
        return []
    result = await session.execute(
        select(CustomerConsent).where(
            CustomerConsent.merchant_id == merchant_id,
            CustomerConsent.customer_id.in_(set(customer_ids)),
            _is_latest(merchant_id),
        )
    )
    return list(result.scalars())


async def history(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    before: Position | None,
    limit: int,
) -> list[CustomerConsent]:
    """The customer's records of every purpose, newest first, strictly before `before`."""
    query = (
        select(CustomerConsent)
        .where(
            CustomerConsent.merchant_id == merchant_id,
            CustomerConsent.customer_id == customer_id,
        )
        .order_by(CustomerConsent.recorded_at.desc(), CustomerConsent.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(tuple_(CustomerConsent.recorded_at, CustomerConsent.id) < before)
    return list((await session.execute(query)).scalars())


def granted_now(merchant_id: MerchantId, purpose: str) -> ColumnElement[bool]:
    """A condition on `customers`: the customer's current answer for `purpose` is granted."""
    return exists().where(
        and_(
            CustomerConsent.merchant_id == merchant_id,
            CustomerConsent.customer_id == Customer.id,
            CustomerConsent.purpose == purpose,
            CustomerConsent.status == GRANTED,
            _is_latest(merchant_id),
        )
    )
