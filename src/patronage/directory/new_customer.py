"""A new customer as the rows that creating one writes: the profile, its contacts, its name
terms and its creation event, as plain values (no ORM instances). The checkout's create
(`create_trip`) and the import write customers this way."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from patronage.core.columns import new_id
from patronage.directory import audit, lookup
from patronage.directory.contacts import Contact
from patronage.directory.listing import ListedContact, ListedCustomer
from patronage.directory.models import CAPTURED, PHONE

# The listed shapes' fields are the models' column names (`listing`): rows to insert.
_CUSTOMER_FIELDS = tuple(f.name for f in fields(ListedCustomer) if f.name != "contacts")
_CONTACT_FIELDS = tuple(f.name for f in fields(ListedContact))


@dataclass(frozen=True)
class NewRows:
    """The rows of one new customer, each carrying its `merchant_id`."""

    customer: dict[str, Any]
    contacts: list[dict[str, Any]]
    terms: list[dict[str, Any]]
    event: dict[str, Any]


def new_customer(
    *,
    name: str,
    contacts: list[Contact],
    birthday: date | None,
    locale: str,
    note: str | None,
    user_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    source: str,
    at: datetime,
) -> ListedCustomer:
    """A customer about to be created (`name` already normalised, `contacts` checked)."""
    return ListedCustomer(
        id=new_id(),
        name=name,
        name_search=lookup.search_form(name),
        birthday=birthday,
        locale=locale,
        note=note,
        user_id=user_id,
        account_status=CAPTURED,
        source=source,
        created_at=at,
        updated_at=at,
        deleted_at=None,
        created_by=actor_id,
        updated_by=actor_id,
        deleted_by=None,
        version=1,
        merged_into=None,
        contacts=[
            ListedContact(
                kind=c.kind,
                value=c.value,
                display=c.display,
                is_primary=c.primary,
                position=position,
                search_reversed=lookup.reversed_digits(c.value) if c.kind == PHONE else None,
            )
            for position, c in enumerate(contacts)
        ],
    )


def rows_of(customer: ListedCustomer, merchant_id: uuid.UUID) -> NewRows:
    """What creating `customer` writes, as `create_customer` writes it."""
    scope = {"merchant_id": merchant_id}
    changes = audit.diff({}, {**audit.snapshot(customer), "source": customer.source})
    return NewRows(
        customer=scope | _row(customer, _CUSTOMER_FIELDS),
        contacts=[
            scope | _row(contact, _CONTACT_FIELDS) | {"id": new_id(), "customer_id": customer.id}
            for contact in customer.contacts
        ],
        terms=[
            scope | {"customer_id": customer.id, "position": position, "term": term}
            for position, term in enumerate(lookup.name_terms(customer.name_search), start=1)
        ],
        event=scope
        | {
            "id": new_id(),
            "customer_id": customer.id,
            "actor_id": customer.created_by,
            "action": audit.CREATED,
            "changes": changes,
            "created_at": customer.created_at,
        },
    )


def _row(item: ListedCustomer | ListedContact, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}
