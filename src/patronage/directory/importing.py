"""Importing customers: each row validated and normalised as the API does, a batch at a time.

A row whose phone or email an active customer already holds (or an earlier row of the same
file) is `matched`, never created again, so importing a file twice adds nothing. The rows of
a batch are checked before anything is written, so a bad row never spoils its batch; the
batch's new customers are then written in bulk inside a SAVEPOINT, and when a concurrent
create took one of their contacts meanwhile, the savepoint is undone and the batch goes
again one customer at a time through `create_customer` (which answers 409 for the taken
one: counted as matched).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id, utcnow
from patronage.core.errors import VALIDATION, AppError, invalid_fields
from patronage.core.http import field_error
from patronage.core.tenancy import MerchantId
from patronage.directory import audit, import_repository, lookup, metrics
from patronage.directory import service as customer_service
from patronage.directory.contacts import (
    Contact,
    ContactInput,
    check_contact_policy,
    desired_contacts,
)
from patronage.directory.errors import EMAIL_TAKEN, PHONE_TAKEN
from patronage.directory.import_file import SourceRow
from patronage.directory.listing import ListedContact, ListedCustomer
from patronage.directory.models import CAPTURED, PHONE
from patronage.directory.profile import check_birthday
from patronage.directory.schemas import CustomerIn
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.service import Merchant
from patronage.identity.users import service as user_service

SOURCE = "import"
MULTI_SEPARATOR = ";"
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, and why: `{path, type, message}` per bad field."""

    row: SourceRow
    reasons: list[dict[str, Any]]


@dataclass
class BatchOutcome:
    created: int = 0
    matched: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True)
class _Valid:
    name: str
    contacts: list[Contact]
    birthday: date | None
    locale: str
    note: str | None


async def import_batch(
    session: AsyncSession,
    merchant_id: MerchantId,
    rows: Sequence[SourceRow],
    *,
    actor_id: uuid.UUID | None = None,
    dry_run: bool = False,
) -> BatchOutcome:
    """Validate `rows`, then create the new customers (none when `dry_run`)."""
    merchant = await merchant_service.get_merchant(session, merchant_id)
    outcome, valid = BatchOutcome(), []
    for row in rows:
        try:
            valid.append(validated(merchant, row))
        except AppError as exc:
            outcome.rejected.append(Rejected(row, exc.details.get("fields", [])))
    fresh = await _unmatched(session, merchant_id, valid)
    created = len(fresh)
    if fresh and not dry_run:
        created = await _create(session, merchant_id, fresh, actor_id=actor_id)
    outcome.created, outcome.matched = created, len(valid) - created
    if not dry_run:
        metrics.import_rows(
            session, created=created, matched=outcome.matched, rejected=len(outcome.rejected)
        )
        metrics.customers_created(session, "import", created)
    return outcome


def validated(merchant: Merchant, row: SourceRow) -> _Valid:
    """The row's customer, checked by the API's own schema and the directory's rules; 422
    naming each bad field otherwise."""
    if row.fields.get("deleted_at", "").strip():
        raise invalid_fields(("deleted_at", "import.deleted_row"))
    try:
        body = CustomerIn.model_validate(_body(row.fields))
    except ValidationError as exc:
        raise AppError(VALIDATION, {"fields": [field_error(e) for e in exc.errors()]}) from None
    phones = [ContactInput(p.number, p.primary) for p in body.phones]
    emails = [ContactInput(e.address, e.primary) for e in body.emails]
    contacts = desired_contacts(phones, emails, merchant.phone_region)
    check_contact_policy(merchant.contact_policy, contacts)
    check_birthday(body.birthday, merchant.time_zone)
    locale = body.locale or merchant.locale
    return _Valid(body.name, contacts, body.birthday, locale, body.note or None)


def _body(cells: dict[str, str]) -> dict[str, Any]:
    """A create request's body from a row's cells: lists split on `;`, blanks left out."""
    lists, dropped = ("phones", "emails"), ("deleted_at",)
    body: dict[str, Any] = {
        k: v.strip() for k, v in cells.items() if k not in lists and k not in dropped
    }
    for kind in lists:
        values = [v.strip() for v in cells.get(kind, "").split(MULTI_SEPARATOR)]
        body[kind] = [v for v in values if v]
    body.setdefault("name", "")
    return body


def reason_text(rejected: Rejected) -> str:
    """Why a row was refused, field by field, in the language the messages were made in."""
    return "; ".join(
        f"{r['path'].removeprefix('body.')}: {r['message']}" if r.get("path") else r["message"]
        for r in rejected.reasons
    )


async def _unmatched(
    session: AsyncSession, merchant_id: MerchantId, customers: list[_Valid]
) -> list[_Valid]:
    """The customers none of whose contacts is held already, by the brand or an earlier row."""
    held = await import_repository.held_values(
        session, merchant_id, {c.value for v in customers for c in v.contacts}
    )
    fresh = []
    for customer in customers:
        mine = {c.value for c in customer.contacts}
        if not mine & held:
            fresh.append(customer)
        held |= mine
    return fresh


async def _create(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    *,
    actor_id: uuid.UUID | None,
) -> int:
    """How many of `customers` were created: all at once, or else one by one."""
    try:
        async with session.begin_nested():
            await _add_all(session, merchant_id, customers, actor_id=actor_id)
        return len(customers)
    except IntegrityError:
        return await _add_one_by_one(session, merchant_id, customers, actor_id=actor_id)


async def _add_all(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    *,
    actor_id: uuid.UUID | None,
) -> None:
    user_ids = await user_service.add_customer_users(
        session, [(c.name, c.locale) for c in customers]
    )
    listed = [_listed(c, user_id, actor_id) for c, user_id in zip(customers, user_ids, strict=True)]
    scope = {"merchant_id": merchant_id}
    await import_repository.add_customers(
        session,
        customers=[scope | _row(c, _CUSTOMER_FIELDS) for c in listed],
        contacts=[
            scope | _row(contact, _CONTACT_FIELDS) | {"id": new_id(), "customer_id": c.id}
            for c in listed
            for contact in c.contacts
        ],
        terms=[
            scope | {"customer_id": c.id, "position": position, "term": term}
            for c in listed
            for position, term in enumerate(lookup.name_terms(c.name_search), start=1)
        ],
        events=[scope | _creation_event(c) for c in listed],
    )


def _listed(customer: _Valid, user_id: uuid.UUID, actor_id: uuid.UUID | None) -> ListedCustomer:
    now = utcnow()
    contacts = [
        ListedContact(
            kind=c.kind,
            value=c.value,
            display=c.display,
            is_primary=c.primary,
            position=position,
            search_reversed=lookup.reversed_digits(c.value) if c.kind == PHONE else None,
        )
        for position, c in enumerate(customer.contacts)
    ]
    return ListedCustomer(
        id=new_id(),
        name=customer.name,
        name_search=lookup.search_form(customer.name),
        birthday=customer.birthday,
        locale=customer.locale,
        note=customer.note,
        user_id=user_id,
        account_status=CAPTURED,
        source=SOURCE,
        created_at=now,
        updated_at=now,
        deleted_at=None,
        created_by=actor_id,
        updated_by=actor_id,
        deleted_by=None,
        merged_into=None,
        version=1,
        contacts=contacts,
    )


# The listed shapes' fields are the models' column names (`listing`): rows to insert.
_CUSTOMER_FIELDS = tuple(f.name for f in fields(ListedCustomer) if f.name != "contacts")
_CONTACT_FIELDS = tuple(f.name for f in fields(ListedContact))


def _row(item: ListedCustomer | ListedContact, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}


def _creation_event(customer: ListedCustomer) -> dict[str, Any]:
    """What `create_customer` records, for a customer created here."""
    changes = audit.diff({}, {**audit.snapshot(customer), "source": SOURCE})
    return {
        "id": new_id(),
        "customer_id": customer.id,
        "actor_id": customer.created_by,
        "action": audit.CREATED,
        "changes": changes,
        "created_at": customer.created_at,
    }


async def _add_one_by_one(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    *,
    actor_id: uuid.UUID | None,
) -> int:
    created = 0
    for customer in customers:
        try:
            await customer_service.create_customer(
                session,
                merchant_id,
                actor_id=actor_id,
                name=customer.name,
                phones=_inputs(customer, "phone"),
                emails=_inputs(customer, "email"),
                birthday=customer.birthday,
                locale=customer.locale,
                note=customer.note,
                source=SOURCE,
            )
            created += 1
        except AppError as exc:
            if exc.error not in (PHONE_TAKEN, EMAIL_TAKEN):
                raise
    return created


def _inputs(customer: _Valid, kind: str) -> list[ContactInput]:
    return [ContactInput(c.value, c.primary) for c in customer.contacts if c.kind == kind]
