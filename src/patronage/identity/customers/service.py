"""The customer directory: create, find, read, change, soft-delete and restore profiles.

Services never commit; the caller's unit of work does. Every change writes a customer event
in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
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
    NormalizationError,
    fold,
    normalize_email,
    normalize_name,
    normalize_phone,
)
from patronage.core.tenancy import MerchantId
from patronage.identity.customers import lookup
from patronage.identity.customers import repository as customer_repository
from patronage.identity.customers.errors import (
    DELETED,
    EMAIL_TAKEN,
    NOT_FOUND,
    PHONE_TAKEN,
    PRECONDITION_FAILED,
    invalid_fields,
)
from patronage.identity.customers.models import (
    ACCOUNT_STATUSES,
    EMAIL,
    PHONE,
    SOURCES,
    Customer,
    CustomerContact,
    CustomerEvent,
)
from patronage.identity.customers.schemas import CustomerSummary
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.models import Merchant
from patronage.identity.users import repository as user_repository
from patronage.identity.users.models import CUSTOMER, User

CREATED, UPDATED = "customer.created", "customer.updated"
DELETED_EVENT, RESTORED = "customer.deleted", "customer.restored"
ACCOUNT_CHANGED = "customer.account_changed"
EDITABLE = ("name", "phones", "emails", "birthday", "locale", "note")
OLDEST_BIRTHDAY = date(1900, 1, 1)
INFIX_CANDIDATES = 200


@dataclass(frozen=True)
class ContactInput:
    """A phone (any common form) or an email as given, and whether it is the primary one."""

    value: str
    primary: bool = False


ContactsIn = Sequence[ContactInput | str]


@dataclass(frozen=True)
class _Contact:
    kind: str
    value: str
    display: str
    primary: bool


@dataclass(frozen=True)
class SearchPage:
    items: list[Customer]
    next_cursor: str | None


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
    """Summaries of the brand's customers among `customer_ids` (two queries in all)."""
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
) -> Customer:
    """A new customer and its credential-less `customer` User; 409 when a contact is taken."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    merchant = await merchant_service.get_merchant(session, merchant_id)
    name = normalize_name(name)
    contacts = _desired_contacts(phones, emails, merchant.phone_region)
    _check_contact_policy(merchant.contact_policy, contacts)
    _check_birthday(birthday, merchant)
    await _ensure_free(session, merchant_id, contacts, exclude=None)
    user = user_repository.add(
        session, User(id=new_id(), kind=CUSTOMER, name=name, locale=locale or merchant.locale)
    )
    await session.flush()
    now = utcnow()
    customer = customer_repository.add(
        session,
        Customer(
            merchant_id=merchant_id,
            id=new_id(),
            created_at=now,
            updated_at=now,
            name=name,
            name_search=fold(name),
            birthday=birthday,
            locale=locale or merchant.locale,
            note=note or None,
            user_id=user.id,
            source=source,
            created_by=actor_id,
            updated_by=actor_id,
        ),
    )
    _apply_contacts(customer, contacts)
    await _flush_unique(session, merchant_id, contacts, exclude=None)
    await customer_repository.replace_name_terms(
        session, merchant_id, customer.id, lookup.name_terms(customer.name_search)
    )
    await record_event(
        session,
        merchant_id,
        customer.id,
        actor_id=actor_id,
        action=CREATED,
        changes=_diff({}, {**_snapshot(customer), "source": source}),
    )
    return customer


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
) -> list[_Contact]:
    if "name" in changes:
        customer.name = normalize_name(changes["name"])
        customer.name_search = fold(customer.name)
    if "birthday" in changes:
        _check_birthday(changes["birthday"], merchant)
        customer.birthday = changes["birthday"]
    if "locale" in changes:
        customer.locale = changes["locale"]
    if "note" in changes:
        customer.note = changes["note"] or None
    if "phones" not in changes and "emails" not in changes:
        return []
    contacts = _desired_contacts(
        changes.get("phones", _current(customer.phones)),
        changes.get("emails", _current(customer.emails)),
        merchant.phone_region,
    )
    _check_contact_policy(merchant.contact_policy, contacts)
    await _ensure_free(session, merchant_id, contacts, exclude=customer.id)
    _apply_contacts(customer, contacts)
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
    contacts = [_Contact(c.kind, c.value, c.display, c.is_primary) for c in customer.contacts]
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


def _desired_contacts(phones: ContactsIn, emails: ContactsIn, region: str) -> list[_Contact]:
    """Normalised, de-duplicated contacts, each kind's primary first; 422 naming bad ones."""
    return _phones(phones, region) + _emails(emails)


def _phones(phones: ContactsIn, region: str) -> list[_Contact]:
    found: list[_Contact] = []
    for index, item in enumerate(phones):
        given = _as_input(item)
        try:
            phone = normalize_phone(given.value, region)
        except NormalizationError as exc:
            raise invalid_fields((f"body.phones.{index}", exc.code)) from None
        found.append(_Contact(PHONE, phone.e164, phone.display, given.primary))
    return _ordered(found, "phones")


def _emails(emails: ContactsIn) -> list[_Contact]:
    found: list[_Contact] = []
    for index, item in enumerate(emails):
        given = _as_input(item)
        try:
            address = normalize_email(given.value)
        except NormalizationError as exc:
            raise invalid_fields((f"body.emails.{index}", exc.code)) from None
        found.append(_Contact(EMAIL, address, address, given.primary))
    return _ordered(found, "emails")


def _as_input(item: ContactInput | str) -> ContactInput:
    return ContactInput(item) if isinstance(item, str) else item


def _ordered(contacts: list[_Contact], field: str) -> list[_Contact]:
    """One entry per value; the primary (or else the first) leads and is marked primary."""
    if sum(c.primary for c in contacts) > 1:
        raise invalid_fields((f"body.{field}", "primary.multiple"))
    unique: dict[str, _Contact] = {}
    for contact in contacts:
        if contact.value not in unique or contact.primary:
            unique[contact.value] = contact
    items = sorted(unique.values(), key=lambda c: not c.primary)
    return [_Contact(c.kind, c.value, c.display, primary=(i == 0)) for i, c in enumerate(items)]


def _check_contact_policy(policy: str, contacts: list[_Contact]) -> None:
    has_phone = any(c.kind == PHONE for c in contacts)
    has_email = any(c.kind == EMAIL for c in contacts)
    if policy == "phone_or_email":
        if not (has_phone or has_email):
            raise invalid_fields(
                ("body.phones", "contact.required"), ("body.emails", "contact.required")
            )
        return
    missing = [] if has_phone else [("body.phones", "phone.required")]
    if policy == "phone_and_email" and not has_email:
        missing.append(("body.emails", "email.required"))
    if missing:
        raise invalid_fields(*missing)


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


def _apply_contacts(customer: Customer, contacts: list[_Contact]) -> None:
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
    contacts: Sequence[_Contact],
    *,
    exclude: uuid.UUID | None,
) -> None:
    holders = await customer_repository.active_holders(
        session, merchant_id, [c.value for c in contacts], exclude=exclude
    )
    if holders:
        raise _taken(*holders[0])


async def _flush_unique(
    session: AsyncSession,
    merchant_id: MerchantId,
    contacts: Sequence[_Contact],
    *,
    exclude: uuid.UUID | None,
) -> None:
    """Flush; a concurrent holder of a contact becomes 409, a concurrent change 412."""
    try:
        async with session.begin_nested():
            await session.flush()
    except StaleDataError:
        raise AppError(PRECONDITION_FAILED) from None
    except IntegrityError:
        with session.no_autoflush:
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
            created_at=utcnow(),
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
        position = _decode_cursor(cursor, digest, phases=1)
        before = (_parse_instant(position.key), position.customer_id)
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


# ---------------------------------------------------------------- lookup


async def search_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    query: str | None,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
) -> SearchPage:
    """One search box: phone (any form, prefix or trailing digits), email prefix, or name
    (accent-insensitive, word prefixes); without a query, the newest customers."""
    if not query or not query.strip():
        return await _recent_page(session, merchant_id, limit, cursor, include_deleted)
    merchant = await merchant_service.get_merchant(session, merchant_id)
    trigram = dialect_name(session) == "postgresql"
    phases = lookup.plan(query, region=merchant.phone_region, trigram=trigram)
    digest = lookup.query_digest(query.strip(), merchant.phone_region, include_deleted, trigram)
    start = _decode_cursor(cursor, digest, phases=len(phases)) if cursor else None
    search = _Search(session, merchant_id, phases, limit, include_deleted)
    found = await search.collect(start)
    if start is None and not found and phases and phases[-1].source == "infix":
        return SearchPage(await search.infix(phases[-1].start), None)
    return _page(found, limit, digest)


def _decode_cursor(token: str, digest: str, *, phases: int) -> lookup.Cursor:
    try:
        cursor = lookup.decode_cursor(token, digest)
    except lookup.InvalidCursor:
        raise invalid_fields(("query.cursor", "cursor.invalid")) from None
    if cursor.phase >= phases:
        raise invalid_fields(("query.cursor", "cursor.invalid"))
    return cursor


def _page(found: list[tuple[int, str, Customer]], limit: int, digest: str) -> SearchPage:
    if len(found) <= limit:
        return SearchPage([c for _, _, c in found], None)
    phase, key, last = found[limit - 1]
    token = lookup.encode_cursor(lookup.Cursor(phase, key, last.id), digest)
    return SearchPage([c for _, _, c in found[:limit]], token)


class _Search:
    """Reads phases in order, each in index order, until the page (plus one) is full."""

    def __init__(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        phases: list[lookup.Phase],
        limit: int,
        include_deleted: bool,
    ) -> None:
        self.session, self.merchant_id = session, merchant_id
        self.phases, self.limit, self.include_deleted = phases, limit, include_deleted

    async def collect(self, start: lookup.Cursor | None) -> list[tuple[int, str, Customer]]:
        found: list[tuple[int, str, Customer]] = []
        first = start.phase if start else 0
        after = (start.key, start.customer_id) if start else None
        for index in range(first, len(self.phases)):
            if not self.phases[index].paginated:
                break
            await self._read_phase(index, after, found)
            if len(found) > self.limit:
                break
            after = None
        return found

    async def _read_phase(
        self,
        index: int,
        after: customer_repository.Position | None,
        found: list[tuple[int, str, Customer]],
    ) -> None:
        while len(found) <= self.limit:
            wanted = self.limit + 1 - len(found)
            rows = await customer_repository.scan(
                self.session,
                self.merchant_id,
                self.phases[index],
                after=after,
                limit=wanted,
                include_deleted=self.include_deleted,
            )
            customers = await customer_repository.get_many(
                self.session, self.merchant_id, {cid for _, cid in rows}
            )
            for key, cid in rows:
                customer = customers.get(cid)
                if customer and lookup.canonical_match(self.phases, customer) == (index, key):
                    found.append((index, key, customer))
            if len(rows) < wanted:
                return
            after = rows[-1]

    async def infix(self, folded: str) -> list[Customer]:
        """One page of names containing `folded`, best first (only the candidates are ranked)."""
        ids = await customer_repository.infix_candidates(
            self.session,
            self.merchant_id,
            folded,
            include_deleted=self.include_deleted,
            cap=INFIX_CANDIDATES,
        )
        customers = await customer_repository.get_many(self.session, self.merchant_id, ids)
        ranked = sorted(customers.values(), key=lambda c: lookup.infix_rank(folded, c))
        return ranked[: self.limit]


async def _recent_page(
    session: AsyncSession,
    merchant_id: MerchantId,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
) -> SearchPage:
    digest = lookup.query_digest("", include_deleted)
    before = None
    if cursor:
        position = _decode_cursor(cursor, digest, phases=1)
        before = (_parse_instant(position.key), position.customer_id)
    rows = await customer_repository.recent(
        session, merchant_id, before=before, limit=limit + 1, include_deleted=include_deleted
    )
    customers = await customer_repository.get_many(session, merchant_id, [cid for _, cid in rows])
    found = [(0, created.isoformat(), customers[cid]) for created, cid in rows]
    return _page(found, limit, digest)


def _parse_instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise invalid_fields(("query.cursor", "cursor.invalid")) from None
    if instant.tzinfo is None:
        raise invalid_fields(("query.cursor", "cursor.invalid"))
    return instant
