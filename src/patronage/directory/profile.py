"""Rules of a profile's fields, applied to the customer before it is written."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from zoneinfo import ZoneInfo

from patronage.core.columns import new_id
from patronage.core.errors import AppError, invalid_fields
from patronage.directory import lookup
from patronage.directory.contacts import Contact, ContactInput
from patronage.directory.errors import PRECONDITION_FAILED
from patronage.directory.listing import AnyCustomer
from patronage.directory.models import PHONE, Customer, CustomerContact

OLDEST_BIRTHDAY = date(1900, 1, 1)


def check_birthday(birthday: date | None, time_zone: str) -> None:
    """422 unless the birthday lies between 1900-01-01 and today in the brand's time zone."""
    if birthday is None:
        return
    today = datetime.now(ZoneInfo(time_zone)).date()
    if not OLDEST_BIRTHDAY <= birthday <= today:
        raise invalid_fields(("body.birthday", "birthday.out_of_range"))


def check_version(customer: Customer, expected_versions: Collection[int] | None) -> None:
    """412 with the current `ETag` when the caller's version is not the customer's."""
    if expected_versions is not None and customer.version not in expected_versions:
        raise AppError(
            PRECONDITION_FAILED,
            {"current_version": customer.version},
            headers={"ETag": etag(customer)},
        )


def etag(customer: AnyCustomer) -> str:
    """The strong entity tag of a customer's current version."""
    return f'"{customer.version}"'


def mirror_deletion(customer: Customer) -> None:
    """Contacts share their customer's deletion: a deleted customer's contacts are free."""
    for contact in customer.contacts:
        contact.deleted_at = customer.deleted_at


def current_contacts(contacts: list[CustomerContact]) -> list[ContactInput]:
    """A customer's contacts as they would be sent again."""
    return [ContactInput(c.value, c.is_primary) for c in contacts]


def apply_contacts(customer: Customer, contacts: list[Contact]) -> None:
    """The customer's contacts become `contacts`, in that order."""
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
