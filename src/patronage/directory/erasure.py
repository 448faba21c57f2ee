"""Erasure: a customer's personal data replaced by markers, everywhere the directory keeps it.

Name, phones, emails, birthday and note are replaced (the name by `[erased]`, the others
removed); the contacts and name terms go, so nothing is found by them and the phones and
emails are free; every event of the audit trail has its recorded values replaced too. The
id, the orders, their totals and the consent evidence (which holds no personal text) stay.
The profile is soft-deleted and marked `erased_at`/`erased_by`: it cannot be restored,
changed or erased again. The person's sign-in account is erased, and its sessions end, when
they have no profile left at any brand. Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.core.redaction import MARKER, mark, redact_values
from patronage.core.tenancy import MerchantId
from patronage.directory import audit, erasure_repository, lookup, metrics
from patronage.directory import repository as customer_repository
from patronage.directory.errors import ERASED as ALREADY_ERASED
from patronage.directory.errors import NOT_FOUND
from patronage.directory.models import CAPTURED, Customer, CustomerEvent
from patronage.identity.auth import service as auth_service
from patronage.identity.users import service as user_service

ERASED = "customer.erased"
# Fields of the audit trail's `changes` whose old and new values are the person's data.
PERSONAL_FIELDS = ("name", "phones", "emails", "birthday", "note", "destination_masked")


@dataclass(frozen=True)
class Erasure:
    """What was erased: the profile as it is now, and every value it ever held (so other
    features can redact their own copies of them)."""

    customer: Customer
    values: frozenset[str]
    account_erased: bool


async def erase_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    request_id: uuid.UUID | None = None,
) -> Erasure:
    """Erase the brand's customer; 404 for another brand's, 409 `customer.erased` when
    already erased. Records who, when and which request in the trail's `customer.erased`."""
    customer = await customer_repository.get(session, merchant_id, customer_id)
    if customer is None:
        raise AppError(NOT_FOUND)
    if customer.erased_at is not None:
        raise AppError(ALREADY_ERASED)
    await customer_repository.lock(session, merchant_id, customer_id)
    events = await erasure_repository.all_events(session, merchant_id, customer_id)
    values = personal_values(customer, events)
    for event in events:
        event.changes = redact_changes(event.changes, values)
    now = utcnow()
    _redact_profile(customer, now, actor_id)
    await erasure_repository.delete_name_terms(session, merchant_id, customer_id)
    account_erased = await _erase_account(session, merchant_id, customer, actor_id, events)
    if account_erased:
        customer.account_status = CAPTURED  # no sign-in account is left behind the profile
    await audit.record_event(
        session, merchant_id, customer_id, actor_id=actor_id, action=ERASED, at=now,
        changes={"erased_at": {"old": None, "new": now.isoformat()},
                 "request_id": {"old": None, "new": str(request_id) if request_id else None}},
    )  # fmt: skip
    metrics.customer_erased(session)
    return Erasure(customer, frozenset(values), account_erased)


def personal_values(customer: Customer, events: list[CustomerEvent]) -> set[str]:
    """Every name, contact, birthday and note the profile holds or its trail recorded."""
    values: set[str] = {customer.name, customer.name_search}
    values |= {c.value for c in customer.contacts} | {c.display for c in customer.contacts}
    values |= {v for v in (customer.note, _iso(customer.birthday)) if v}
    for event in events:
        for field in PERSONAL_FIELDS:
            change = event.changes.get(field)
            if isinstance(change, dict):
                values |= _strings(change.get("old")) | _strings(change.get("new"))
    values.discard(MARKER)
    return {v for v in values if v}


def redact_changes(changes: dict[str, Any], values: set[str]) -> dict[str, Any]:
    """An event's `changes` with the personal fields' old and new values marked, and any
    other copy of the person's values replaced."""
    redacted = {}
    for field, change in changes.items():
        if field in PERSONAL_FIELDS and isinstance(change, dict):
            redacted[field] = {key: mark(value) for key, value in change.items()}
        else:
            redacted[field] = redact_values(change, values)
    return redacted


def _redact_profile(customer: Customer, now: Any, actor_id: uuid.UUID | None) -> None:
    customer.name, customer.name_search = MARKER, lookup.search_form(MARKER)
    customer.birthday, customer.note = None, None
    customer.contacts = []  # the rows go: nothing is found by them, and they are free
    customer.deleted_at = customer.deleted_at or now
    customer.deleted_by = customer.deleted_by or actor_id
    customer.erased_at, customer.erased_by = now, actor_id
    customer.updated_at, customer.updated_by = now, actor_id


async def _erase_account(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer: Customer,
    actor_id: uuid.UUID | None,
    events: list[CustomerEvent],
) -> bool:
    """Erase the profile's sign-in account (and any account it was linked to before a
    promotion joined it to another) unless the person still has a profile elsewhere."""
    accounts = {customer.user_id} | _former_accounts(events)
    # Read as the person (RLS `own_rows`): their profiles at every brand, their sessions.
    await tenancy.bind(session, merchant_id=merchant_id, user_id=customer.user_id)
    try:
        others = [p for p in await customer_repository.profiles_of_user(session, customer.user_id)
                  if (p.merchant_id, p.id) != (customer.merchant_id, customer.id)]  # fmt: skip
        if others:
            return False
        for user_id in accounts:
            await user_service.erase_customer_user(session, user_id, actor_id=actor_id)
        await auth_service.revoke_user_sessions(session, customer.user_id)
        return True
    finally:
        await tenancy.bind(session, merchant_id=merchant_id, user_id=actor_id)


def _former_accounts(events: list[CustomerEvent]) -> set[uuid.UUID]:
    found = set()
    for event in events:
        change = event.changes.get("user_id")
        if isinstance(change, dict) and isinstance(change.get("old"), str):
            found.add(uuid.UUID(change["old"]))
    return found


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
