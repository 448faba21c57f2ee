"""Consent with evidence: record a customer's answer for a purpose, read the state and history.

Every answer is a new row (`repository`), never an update: the current state of a purpose is
its newest row. A recorded change also enters the customer's audit trail, in the same
transaction. Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import audit
from patronage.directory import repository as customer_repository
from patronage.directory import service as customer_service
from patronage.directory.consent import repository as consent_repository
from patronage.directory.consent import rules
from patronage.directory.consent.errors import CONFLICT
from patronage.directory.consent.models import CustomerConsent
from patronage.directory.errors import DELETED

CONSENT_CHANGED = "customer.consent_changed"
HISTORY_PAGE = 50


@dataclass(frozen=True)
class ConsentState:
    """A purpose's current answer; every field but `purpose` is None when never recorded."""

    purpose: str
    status: str
    method: str | None = None
    wording_version: str | None = None
    actor_kind: str | None = None
    actor_id: uuid.UUID | None = None
    recorded_at: datetime | None = None

    @classmethod
    def of(cls, record: CustomerConsent) -> ConsentState:
        return cls(
            purpose=record.purpose,
            status=record.status,
            method=record.method,
            wording_version=record.wording_version,
            actor_kind=record.actor_kind,
            actor_id=record.actor_id,
            recorded_at=record.recorded_at,
        )


@dataclass(frozen=True)
class Recorded:
    state: ConsentState
    changed: bool  # False when the answer repeated the current one (nothing was added)


def states_of(records: list[CustomerConsent]) -> list[ConsentState]:
    """One state per purpose, in the purposes' order, from the newest records."""
    by_purpose = {r.purpose: r for r in records}
    return [
        ConsentState.of(by_purpose[p]) if p in by_purpose else ConsentState(p, rules.NOT_RECORDED)
        for p in rules.PURPOSES
    ]


async def current_consents(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[ConsentState]:
    """The brand's customer's current answer for every purpose (404 for another brand's)."""
    await customer_service.get_customer(session, merchant_id, customer_id)
    return states_of(await consent_repository.current_of(session, merchant_id, [customer_id]))


async def current_of_many(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, str]]:
    """`{customer_id: {purpose: status}}` of the recorded answers, in one query (exports)."""
    found: dict[uuid.UUID, dict[str, str]] = {}
    for record in await consent_repository.current_of(session, merchant_id, customer_ids):
        found.setdefault(record.customer_id, {})[record.purpose] = record.status
    return found


async def consent_history(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    limit: int = HISTORY_PAGE,
    cursor: str | None = None,
) -> Page[CustomerConsent]:
    """Every record of the customer, newest first, a page at a time (404 for another brand's)."""
    await customer_service.get_customer(session, merchant_id, customer_id)
    return await audit.newest_first(
        partial(consent_repository.history, session, merchant_id, customer_id),
        scope=paging.scope_of("consents", customer_id),
        limit=limit,
        cursor=cursor,
        instant=lambda record: record.recorded_at,
    )


async def record_consent(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    purpose: str,
    *,
    status: str,
    method: str,
    wording_version: str,
    actor_kind: str,
    actor_id: uuid.UUID | None,
) -> Recorded:
    """Add the customer's answer for `purpose` with its evidence; 404 for another brand's
    customer, 409 `customer.deleted` for a deleted one, 422 for a bad field."""
    _check(purpose, status, method, wording_version, actor_kind)
    customer = await customer_service.get_customer(session, merchant_id, customer_id)
    await customer_service.check_not_merged(session, merchant_id, customer)
    if customer.deleted_at is not None:
        raise AppError(DELETED)
    # One change at a time hangs off a customer: hold its row (PostgreSQL) to the end.
    await customer_repository.lock(session, merchant_id, customer_id)
    previous = await consent_repository.latest(session, merchant_id, customer_id, purpose)
    if previous is not None and _same(previous, status, method, wording_version):
        return Recorded(ConsentState.of(previous), changed=False)
    record = next_record(
        previous, merchant_id, customer_id, purpose, status=status, method=method,
        wording_version=wording_version, actor_kind=actor_kind, actor_id=actor_id,
    )  # fmt: skip
    await append_record(session, record)
    await audit.record_event(
        session, merchant_id, customer_id, actor_id=actor_id, action=CONSENT_CHANGED,
        changes=_changes(previous, record), at=record.recorded_at,
    )  # fmt: skip
    return Recorded(ConsentState.of(record), changed=True)


def next_record(
    previous: CustomerConsent | None,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    purpose: str,
    *,
    status: str,
    method: str,
    wording_version: str,
    actor_kind: str,
    actor_id: uuid.UUID | None,
) -> CustomerConsent:
    """The record after `previous` in the customer's history of `purpose`."""
    return CustomerConsent(
        merchant_id=merchant_id,
        id=new_id(),
        customer_id=customer_id,
        purpose=purpose,
        sequence=(previous.sequence if previous else 0) + 1,
        status=status,
        method=method,
        wording_version=wording_version,
        actor_kind=actor_kind,
        actor_id=actor_id,
        recorded_at=utcnow(),
    )


async def record_imported(
    session: AsyncSession,
    merchant_id: MerchantId,
    answers: Mapping[uuid.UUID, Mapping[str, str]],
    *,
    wording_version: str,
    actor_id: uuid.UUID | None,
) -> None:
    """The first answers of customers an import just created (`{customer: {purpose:
    status}}`), recorded with method `import` and the file's wording version as evidence."""
    rules.check_wording_version(wording_version)
    now = utcnow()
    for customer_id, by_purpose in answers.items():
        for purpose, status in by_purpose.items():
            _check(purpose, status, rules.IMPORT, wording_version, rules.STAFF)
            record = CustomerConsent(
                merchant_id=merchant_id, id=new_id(), customer_id=customer_id,
                purpose=purpose, sequence=1, status=status, method=rules.IMPORT,
                wording_version=wording_version, actor_kind=rules.STAFF, actor_id=actor_id,
                recorded_at=now,
            )  # fmt: skip
            consent_repository.add(session, record)
            await audit.record_event(
                session, merchant_id, customer_id, actor_id=actor_id, action=CONSENT_CHANGED,
                changes=_changes(None, record), at=now,
            )  # fmt: skip


def _check(purpose: str, status: str, method: str, wording_version: str, actor: str) -> None:
    rules.check_purpose(purpose)
    rules.check_status(status)
    if actor == rules.STAFF:
        rules.check_staff_method(method)
    elif (actor, method) != (rules.CUSTOMER, rules.SELF_SERVICE):
        raise ValueError(f"a {actor!r} cannot record by {method!r}")
    rules.check_wording_version(wording_version)


def _same(previous: CustomerConsent, status: str, method: str, wording_version: str) -> bool:
    return (previous.status, previous.method, previous.wording_version) == (
        status,
        method,
        wording_version,
    )


async def append_record(session: AsyncSession, record: CustomerConsent) -> None:
    """Insert in a SAVEPOINT: a concurrent change that took the same sequence is a 409."""
    try:
        async with session.begin_nested():
            consent_repository.add(session, record)
    except IntegrityError:
        raise AppError(CONFLICT) from None


def _changes(previous: CustomerConsent | None, record: CustomerConsent) -> dict[str, Any]:
    """The audit trail's `{old, new}` of the purpose's status and of its evidence."""
    return {
        f"consent.{record.purpose}": {
            "old": previous.status if previous else None,
            "new": record.status,
        },
        "method": {"old": previous.method if previous else None, "new": record.method},
        "wording_version": {
            "old": previous.wording_version if previous else None,
            "new": record.wording_version,
        },
    }
