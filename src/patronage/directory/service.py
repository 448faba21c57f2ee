"""The customer directory: create, find, read, change, soft-delete and restore profiles.

Services never commit; the caller's unit of work does. Every change writes a customer event
in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from patronage.core.columns import new_id, utcnow
from patronage.core.dialect import dialect_name
from patronage.core.errors import AppError
from patronage.core.normalize import (
    normalize_name,
)
from patronage.core.tenancy import MerchantId
from patronage.directory import lookup
from patronage.directory import repository as customer_repository
from patronage.directory.contacts import (
    Contact,
    ContactsIn,
    check_contact_policy,
    desired_contacts,
)
from patronage.directory.contacts import ContactInput as ContactInput
from patronage.directory.errors import (
    DELETED,
    EMAIL_TAKEN,
    NOT_FOUND,
    PHONE_TAKEN,
    PRECONDITION_FAILED,
    invalid_fields,
)
from patronage.directory.models import (
    ACCOUNT_STATUSES,
    PHONE,
    SOURCES,
    Customer,
    CustomerContact,
    CustomerEvent,
)
from patronage.directory.schemas import CustomerSummary
from patronage.directory.search import SearchPage as SearchPage
from patronage.directory.search import decode_cursor, parse_instant
from patronage.directory.search import list_by_name as list_by_name
from patronage.directory.search import search_customers as search_customers
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.models import Merchant
from patronage.identity.users import repository as user_repository
from patronage.identity.users.models import CUSTOMER, User

CREATED, UPDATED = "customer.created", "customer.updated"
DELETED_EVENT, RESTORED = "customer.deleted", "customer.restored"
ACCOUNT_CHANGED = "customer.account_changed"
EDITABLE = ("name", "phones", "emails", "birthday", "locale", "note")
OLDEST_BIRTHDAY = date(1900, 1, 1)


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


async def summaries(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, CustomerSummary]:
    """Summaries of the brand's customers among `customer_ids` (one query in all)."""
    customers = await customer_repository.get_many(session, merchant_id, customer_ids)
    return {cid: CustomerSummary.of(c) for cid, c in customers.items()}


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
    _check_birthday(birthday, merchant)
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
    await _ensure_free(session, merchant_id, contacts, exclude=None)
    await _insert(session, merchant_id, customer, contacts)
    changes = _diff({}, {**_snapshot(customer), "source": source})
    await record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=CREATED,
        changes=changes,
        at=now,
    )
    return customer


async def _insert(
    session: AsyncSession, merchant_id: MerchantId, customer: Customer, contacts: list[Contact]
) -> None:
    """The customer's User, then the customer with its contacts and name terms."""
    user = User(id=new_id(), kind=CUSTOMER, name=customer.name, locale=customer.locale)
    user_repository.add(session, user)
    await session.flush()  # the customer row refers to it
    customer.user_id = user.id
    customer.name_search = lookup.search_form(customer.name)
    customer_repository.add(session, customer)
    _apply_contacts(customer, contacts)
    await _flush_unique(session, merchant_id, contacts, exclude=None)
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
    customer = await get_customer(session, merchant_id, customer_id)
    _check_version(customer, expected_versions)
    if customer.deleted_at is not None:
        raise AppError(DELETED)
    merchant = await merchant_service.get_merchant(session, merchant_id)
    before = _snapshot(customer)
    contacts = await _apply_changes(session, merchant_id, merchant, customer, changes)
    diff = _diff(before, _snapshot(customer))
    if not diff:
        return customer
    customer.updated_by = actor_id
    customer.updated_at = utcnow()
    await _flush_unique(session, merchant_id, contacts, exclude=customer.id)
    if "name" in diff:
        await customer_repository.replace_name_terms(
            session, merchant_id, customer.id, lookup.name_terms(customer.name_search)
        )
    await record_event(
        session, merchant_id, customer.id, actor_id=actor_id, action=UPDATED, changes=diff
    )
    return customer


async def _apply_changes(
    session: AsyncSession,
    merchant_id: MerchantId,
    merchant: Merchant,
    customer: Customer,
    changes: Mapping[str, Any],
) -> list[Contact]:
    # Everything is checked before the customer is touched.
    name = normalize_name(changes["name"]) if "name" in changes else customer.name
    if "birthday" in changes:
        _check_birthday(changes["birthday"], merchant)
    contacts: list[Contact] = []
    if "phones" in changes or "emails" in changes:
        phones = changes.get("phones", _current(customer.phones))
        contacts = _valid_contacts(
            merchant, phones, changes.get("emails", _current(customer.emails))
        )
        await _ensure_free(session, merchant_id, contacts, exclude=customer.id)
        _apply_contacts(customer, contacts)
    customer.name, customer.name_search = name, lookup.search_form(name)
    customer.birthday = changes.get("birthday", customer.birthday)
    customer.locale = changes.get("locale", customer.locale)
    customer.note = (changes["note"] or None) if "note" in changes else customer.note
    return contacts


def _current(contacts: list[CustomerContact]) -> list[ContactInput]:
    return [ContactInput(c.value, c.is_primary) for c in contacts]


async def delete_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    expected_versions: Collection[int] | None = None,
) -> Customer:
    """Soft delete: the profile leaves lookups and frees its phones and emails."""
    customer = await get_customer(session, merchant_id, customer_id)
    _check_version(customer, expected_versions)
    if customer.deleted_at is not None:
        return customer
    now = utcnow()
    customer.deleted_at, customer.deleted_by = now, actor_id
    customer.updated_at, customer.updated_by = now, actor_id
    _mirror_deletion(customer)
    await _flush_unique(session, merchant_id, [], exclude=customer.id)
    await record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=DELETED_EVENT,
        changes={"deleted_at": {"old": None, "new": now.isoformat()}},
    )
    return customer


async def restore_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    expected_versions: Collection[int] | None = None,
) -> Customer:
    """Undo a soft delete; 409 when one of its phones or emails was taken meanwhile."""
    customer = await get_customer(session, merchant_id, customer_id)
    _check_version(customer, expected_versions)
    if customer.deleted_at is None:
        return customer
    contacts = [Contact(c.kind, c.value, c.display, c.is_primary) for c in customer.contacts]
    await _ensure_free(session, merchant_id, contacts, exclude=customer.id)
    deleted_at = customer.deleted_at
    customer.deleted_at = customer.deleted_by = None
    customer.updated_at, customer.updated_by = utcnow(), actor_id
    _mirror_deletion(customer)
    await _flush_unique(session, merchant_id, contacts, exclude=customer.id)
    await record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=RESTORED,
        changes={"deleted_at": {"old": deleted_at.isoformat(), "new": None}},
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
    diff = _diff(
        {"user_id": str(customer.user_id), "account_status": customer.account_status},
        {"user_id": str(user_id), "account_status": account_status},
    )
    if not diff:
        return customer
    customer.user_id, customer.account_status = user_id, account_status
    customer.updated_at, customer.updated_by = utcnow(), actor_id
    await _flush_unique(session, merchant_id, [], exclude=customer.id)
    await record_event(
        session, merchant_id, customer.id, actor_id=actor_id, action=ACCOUNT_CHANGED, changes=diff
    )
    return customer


# ---------------------------------------------------------------- rules


def _check_birthday(birthday: date | None, merchant: Merchant) -> None:
    if birthday is None:
        return
    today = datetime.now(ZoneInfo(merchant.time_zone)).date()
    if not OLDEST_BIRTHDAY <= birthday <= today:
        raise invalid_fields(("body.birthday", "birthday.out_of_range"))


def _mirror_deletion(customer: Customer) -> None:
    for contact in customer.contacts:
        contact.deleted_at = customer.deleted_at


def _check_version(customer: Customer, expected_versions: Collection[int] | None) -> None:
    if expected_versions is not None and customer.version not in expected_versions:
        raise AppError(
            PRECONDITION_FAILED,
            {"current_version": customer.version},
            headers={"ETag": etag(customer)},
        )


def etag(customer: Customer) -> str:
    """The strong entity tag of a customer's current version."""
    return f'"{customer.version}"'


def _apply_contacts(customer: Customer, contacts: list[Contact]) -> None:
    # Keep the rows of unchanged values: deleting and re-inserting one in the same flush
    # would collide with itself in the unique index.
    existing = {(c.kind, c.value): c for c in _loaded_contacts(customer)}
    rows: list[CustomerContact] = []
    for position, wanted in enumerate(contacts):
        row = existing.get((wanted.kind, wanted.value)) or CustomerContact(
            merchant_id=customer.merchant_id,
            id=new_id(),
            kind=wanted.kind,
            value=wanted.value,
            search_reversed=lookup.reversed_digits(wanted.value) if wanted.kind == PHONE else None,
            deleted_at=customer.deleted_at,
        )
        row.display, row.is_primary, row.position = wanted.display, wanted.primary, position
        rows.append(row)
    customer.contacts = rows


def _loaded_contacts(customer: Customer) -> list[CustomerContact]:
    return list(customer.contacts) if "contacts" in customer.__dict__ else []


async def _ensure_free(
    session: AsyncSession,
    merchant_id: MerchantId,
    contacts: Sequence[Contact],
    *,
    exclude: uuid.UUID | None,
) -> None:
    with session.no_autoflush:
        holders = await customer_repository.active_holders(
            session, merchant_id, [c.value for c in contacts], exclude=exclude
        )
    if holders:
        raise _taken(*holders[0])


async def _flush_unique(
    session: AsyncSession,
    merchant_id: MerchantId,
    contacts: Sequence[Contact],
    *,
    exclude: uuid.UUID | None,
) -> None:
    """Flush; a concurrent holder of a contact becomes 409, a concurrent change 412.

    The database decides: a create racing ours past `_ensure_free` fails here on the unique
    index. The failed transaction is rolled back (the request fails anyway) and the holder,
    committed by then, is read in a fresh one.
    """
    try:
        await session.flush()
    except StaleDataError:
        await session.rollback()
        raise AppError(PRECONDITION_FAILED) from None
    except IntegrityError:
        await session.rollback()
        holders = await customer_repository.active_holders(
            session, merchant_id, [c.value for c in contacts], exclude=exclude
        )
        if holders:
            raise _taken(*holders[0]) from None
        raise


def _taken(contact: CustomerContact, holder: Customer) -> AppError:
    code = PHONE_TAKEN if contact.kind == PHONE else EMAIL_TAKEN
    details = {
        "customer_id": str(holder.id),
        "name": holder.name,
        "field": "phones" if contact.kind == PHONE else "emails",
        "value": contact.value,
    }
    return AppError(code, details, name=holder.name)


# ---------------------------------------------------------------- audit trail


async def record_event(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    changes: dict[str, Any],
    at: datetime | None = None,
) -> None:
    """Append an event to the customer's audit trail, in the caller's transaction."""
    customer_repository.add_event(
        session,
        CustomerEvent(
            merchant_id=merchant_id,
            id=new_id(),
            customer_id=customer_id,
            actor_id=actor_id,
            action=action,
            changes=changes,
            created_at=at or utcnow(),
        ),
    )


def _snapshot(customer: Customer) -> dict[str, Any]:
    return {
        "name": customer.name,
        "phones": [c.value for c in customer.phones],
        "emails": [c.value for c in customer.emails],
        "birthday": customer.birthday.isoformat() if customer.birthday else None,
        "locale": customer.locale,
        "note": customer.note,
    }


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """`{field: {old, new}}` for every field whose value changed."""
    return {
        field: {"old": before.get(field), "new": value}
        for field, value in after.items()
        if before.get(field) != value and not (field not in before and value in (None, []))
    }


async def list_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[CustomerEvent], str | None]:
    """A customer's audit trail, newest first, a page at a time."""
    await get_customer(session, merchant_id, customer_id)
    digest = lookup.query_digest("events", customer_id)
    before = None
    if cursor:
        position = decode_cursor(cursor, digest, phases=1)
        before = (parse_instant(position.key), position.customer_id)
    events = await customer_repository.list_events(
        session, merchant_id, customer_id, before=before, limit=limit + 1
    )
    if len(events) <= limit:
        return events, None
    last = events[limit - 1]
    token = lookup.encode_cursor(lookup.Cursor(0, last.created_at.isoformat(), last.id), digest)
    return events[:limit], token


async def event_counts(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actions: Collection[str],
    start: datetime,
    end: datetime,
) -> dict[str, int]:
    """How many events of each of `actions` the brand had in [start, end) (0 included)."""
    counted = await customer_repository.count_events(
        session, merchant_id, actions=actions, start=start, end=end
    )
    return {action: counted.get(action, 0) for action in actions}


async def creation_counts(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime, tz: str
) -> list[tuple[date, str, int]]:
    """Customers created in [start, end), as (local day in `tz`, source, count), sorted."""
    zone = ZoneInfo(tz)
    rows = await customer_repository.count_created(
        session, merchant_id, start=start, end=end, tz=tz
    )
    totals: dict[tuple[date, str], int] = {}
    for bucket, source, count in rows:
        day = _local_day(bucket, zone, postgres=dialect_name(session) == "postgresql")
        totals[(day, source)] = totals.get((day, source), 0) + count
    return sorted((day, source, count) for (day, source), count in totals.items())


def _local_day(bucket: Any, zone: ZoneInfo, *, postgres: bool) -> date:
    if postgres:
        return bucket if isinstance(bucket, date) else date.fromisoformat(str(bucket))
    instant = datetime.strptime(str(bucket), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return instant.astimezone(zone).date()
