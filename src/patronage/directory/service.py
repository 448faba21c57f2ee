"""The customer directory: create, read, change, soft-delete and restore profiles.

Services never commit; the caller's unit of work does. Every change writes a customer event
in the same transaction (`audit`); the lookup is `search`, report figures `figures`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.normalize import normalize_name
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import audit, audit_repository, lookup, metrics
from patronage.directory import repository as customer_repository
from patronage.directory.audit import ACCOUNT_CHANGED, CREATED, RESTORED, UPDATED
from patronage.directory.contacts import Contact, ContactsIn, check_contact_policy, desired_contacts
from patronage.directory.contacts import ContactInput as ContactInput
from patronage.directory.errors import DELETED, ERASED, MERGED, NOT_FOUND
from patronage.directory.listing import listed
from patronage.directory.models import ACCOUNT_STATUSES, SOURCES, CustomerEvent
from patronage.directory.models import Customer as Customer  # the entity this service hands out
from patronage.directory.profile import (
    apply_contacts,
    check_birthday,
    check_version,
    current_contacts,
    mirror_deletion,
)
from patronage.directory.profile import etag as etag
from patronage.directory.repository import summaries_query as summaries_query
from patronage.directory.repository import survivor_of as survivor_of
from patronage.directory.search import SearchPage as SearchPage
from patronage.directory.search import list_by_name as list_by_name
from patronage.directory.search import search_customers as search_customers
from patronage.directory.summary import CustomerSummary
from patronage.directory.uniqueness import ensure_free, guarded_write
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.service import Merchant
from patronage.identity.users import service as user_service

EDITABLE = ("name", "phones", "emails", "birthday", "locale", "note")


# ---------------------------------------------------------------- read


async def get_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    include_deleted: bool = True,
) -> Customer:
    """The brand's customer with its contacts; 404 `customer.not_found` otherwise."""
    customer = await customer_repository.get(session, merchant_id, customer_id)
    if customer is None or (customer.deleted_at is not None and not include_deleted):
        raise AppError(NOT_FOUND)
    return customer


async def check_not_merged(
    session: AsyncSession, merchant_id: MerchantId, customer: Customer
) -> None:
    """409 `customer.merged` naming the surviving profile when `customer` was merged away:
    every write to a merged profile is refused (an owner may undo the merge)."""
    if customer.merged_into is None:
        return
    survivor = await customer_repository.get(session, merchant_id, customer.merged_into)
    name = survivor.name if survivor is not None else ""
    details = {"customer_id": str(customer.id), "merged_into": str(customer.merged_into)}
    raise AppError(MERGED, {**details, "name": name}, name=name)


async def summaries(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, CustomerSummary]:
    """Summaries of the brand's customers among `customer_ids` (one query in all)."""
    customers = await customer_repository.get_many(session, merchant_id, customer_ids)
    return {cid: CustomerSummary.of(c) for cid, c in customers.items()}


def summaries_in(rows: Sequence[Sequence[Any]]) -> dict[uuid.UUID, CustomerSummary]:
    """The summaries of the rows of a `summaries_query`, by customer id."""
    return {cid: CustomerSummary.of(c) for cid, c in listed(rows).items()}


# ---------------------------------------------------------------- create


async def create_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actor_id: uuid.UUID | None,
    name: str,
    phones: ContactsIn = (),
    emails: ContactsIn = (),
    birthday: date | None = None,
    locale: str | None = None,
    note: str | None = None,
    source: str = "api",
    created_at: datetime | None = None,
) -> Customer:
    """A new customer and its credential-less `customer` User; 409 when a contact is taken.

    `created_at` backdates the profile and its creation event (imports, demo data).
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    merchant = await merchant_service.get_merchant(session, merchant_id)
    contacts = _valid_contacts(merchant, phones, emails)
    check_birthday(birthday, merchant.time_zone)
    now = created_at or utcnow()
    customer = Customer(
        merchant_id=merchant_id,
        id=new_id(),
        name=normalize_name(name),
        birthday=birthday,
        locale=locale or merchant.locale,
        note=note or None,
        source=source,
        created_at=now,
        updated_at=now,
        created_by=actor_id,
        updated_by=actor_id,
    )
    await ensure_free(session, merchant_id, contacts, exclude=None)
    await _insert(session, merchant_id, customer, contacts)
    changes = audit.diff({}, {**audit.snapshot(customer), "source": source})
    await audit.record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=CREATED,
        changes=changes,
        at=now,
    )
    metrics.customers_created(session, source)
    return customer


async def _insert(
    session: AsyncSession, merchant_id: MerchantId, customer: Customer, contacts: list[Contact]
) -> None:
    """The customer's User, then the customer with its contacts and name terms."""
    customer.name_search = lookup.search_form(customer.name)
    async with guarded_write(session, merchant_id, contacts, exclude=None):
        user = await user_service.add_customer_user(
            session, name=customer.name, locale=customer.locale
        )
        customer.user_id = user.id
        customer_repository.add(session, customer)
        apply_contacts(customer, contacts)
    await customer_repository.add_name_terms(
        session, merchant_id, customer.id, lookup.name_terms(customer.name_search)
    )


def _valid_contacts(merchant: Merchant, phones: ContactsIn, emails: ContactsIn) -> list[Contact]:
    contacts = desired_contacts(phones, emails, merchant.phone_region)
    check_contact_policy(merchant.contact_policy, contacts)
    return contacts


# ---------------------------------------------------------------- change


async def update_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    expected_versions: Collection[int] | None,
    changes: Mapping[str, Any],
) -> Customer:
    """Change name, phones, emails (whole lists), birthday, locale or note; 412 when stale."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    customer = await _current(session, merchant_id, customer_id, expected_versions)
    await check_not_merged(session, merchant_id, customer)
    if customer.deleted_at is not None:
        raise AppError(DELETED)
    merchant = await merchant_service.get_merchant(session, merchant_id)
    # Everything is checked before the customer is touched.
    contacts = await _changed_contacts(session, merchant_id, merchant, customer, changes)
    name = normalize_name(changes["name"]) if "name" in changes else customer.name
    before = audit.snapshot(customer)
    async with guarded_write(session, merchant_id, contacts or [], exclude=customer.id):
        _apply_changes(customer, name, contacts, changes)
        diff = audit.diff(before, audit.snapshot(customer))
        if diff:
            customer.updated_by, customer.updated_at = actor_id, utcnow()
    if not diff:
        return customer
    if "name" in diff:
        await customer_repository.replace_name_terms(
            session, merchant_id, customer.id, lookup.name_terms(customer.name_search)
        )
    await audit.record_event(
        session, merchant_id, customer.id, actor_id=actor_id, action=UPDATED, changes=diff
    )
    return customer


async def _changed_contacts(
    session: AsyncSession,
    merchant_id: MerchantId,
    merchant: Merchant,
    customer: Customer,
    changes: Mapping[str, Any],
) -> list[Contact] | None:
    """The contacts the customer will have, checked and free; None when they do not change."""
    if "birthday" in changes:
        check_birthday(changes["birthday"], merchant.time_zone)
    if "phones" not in changes and "emails" not in changes:
        return None
    phones = changes.get("phones", current_contacts(customer.phones))
    emails = changes.get("emails", current_contacts(customer.emails))
    contacts = _valid_contacts(merchant, phones, emails)
    await ensure_free(session, merchant_id, contacts, exclude=customer.id)
    return contacts


def _apply_changes(
    customer: Customer, name: str, contacts: list[Contact] | None, changes: Mapping[str, Any]
) -> None:
    if contacts is not None:
        apply_contacts(customer, contacts)
    customer.name, customer.name_search = name, lookup.search_form(name)
    customer.birthday = changes.get("birthday", customer.birthday)
    customer.locale = changes.get("locale", customer.locale)
    customer.note = (changes["note"] or None) if "note" in changes else customer.note


async def delete_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    expected_versions: Collection[int] | None = None,
) -> Customer:
    """Soft delete: the profile leaves lookups and frees its phones and emails."""
    customer = await _current(session, merchant_id, customer_id, expected_versions)
    await check_not_merged(session, merchant_id, customer)
    if customer.deleted_at is not None:
        return customer
    return await _set_deleted(session, merchant_id, customer, utcnow(), [], actor_id=actor_id)


async def restore_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    expected_versions: Collection[int] | None = None,
) -> Customer:
    """Undo a soft delete; 409 when one of its phones or emails was taken meanwhile."""
    customer = await _current(session, merchant_id, customer_id, expected_versions)
    await check_not_merged(session, merchant_id, customer)
    if customer.erased_at is not None:
        raise AppError(ERASED)
    if customer.deleted_at is None:
        return customer
    contacts = [Contact(c.kind, c.value, c.display, c.is_primary) for c in customer.contacts]
    await ensure_free(session, merchant_id, contacts, exclude=customer.id)
    return await _set_deleted(session, merchant_id, customer, None, contacts, actor_id=actor_id)


async def _current(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    expected_versions: Collection[int] | None,
) -> Customer:
    """The customer, as long as it is still at one of `expected_versions` (412 otherwise)."""
    customer = await get_customer(session, merchant_id, customer_id)
    check_version(customer, expected_versions)
    return customer


async def _set_deleted(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer: Customer,
    at: datetime | None,
    contacts: list[Contact],
    *,
    actor_id: uuid.UUID | None,
) -> Customer:
    """Delete the customer `at` that instant, or restore it (`None`), with its audit event."""
    was = customer.deleted_at
    async with guarded_write(session, merchant_id, contacts, exclude=customer.id):
        customer.deleted_at, customer.deleted_by = at, actor_id if at else None
        customer.updated_at, customer.updated_by = at or utcnow(), actor_id
        mirror_deletion(customer)
    change = {"old": was.isoformat() if was else None, "new": at.isoformat() if at else None}
    await audit.record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=audit.DELETED if at else RESTORED,
        changes={"deleted_at": change},
    )
    return customer


async def set_account(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    account_status: str,
    actor_id: uuid.UUID | None,
) -> Customer:
    """Link the profile to a sign-in User with an account status; records an event."""
    if account_status not in ACCOUNT_STATUSES:
        raise ValueError(f"unknown account status {account_status!r}")
    customer = await get_customer(session, merchant_id, customer_id)
    diff = audit.diff(
        {"user_id": str(customer.user_id), "account_status": customer.account_status},
        {"user_id": str(user_id), "account_status": account_status},
    )
    if not diff:
        return customer
    async with guarded_write(session, merchant_id, [], exclude=customer.id):
        customer.user_id, customer.account_status = user_id, account_status
        customer.updated_at, customer.updated_by = utcnow(), actor_id
    await audit.record_event(
        session, merchant_id, customer.id, actor_id=actor_id, action=ACCOUNT_CHANGED, changes=diff
    )
    return customer


async def list_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> Page[CustomerEvent]:
    """A customer's audit trail (404 for another brand's customer), newest first, a page at
    a time."""
    await get_customer(session, merchant_id, customer_id)
    return await audit.newest_first(
        partial(audit_repository.list_events, session, merchant_id, customer_id),
        scope=paging.scope_of("events", customer_id),
        limit=limit,
        cursor=cursor,
        instant=lambda event: event.created_at,
    )


async def profiles_of_user(session: AsyncSession, user_id: uuid.UUID) -> list[Customer]:
    """A signed-in customer's own profiles, at every brand (the one cross-brand read)."""
    return await customer_repository.profiles_of_user(session, user_id)
