"""Customers as lists show them: plain values read from rows, not ORM instances.

A lookup answers a page of customers that nothing will change; building identity-mapped,
change-tracked instances for every candidate cost more CPU than the lookup's SQL. The
fields are the model's own attributes (the selected columns are derived from them), so
`CustomerOut.of` and the lookup's matching read either kind alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from patronage.directory.models import Customer, CustomerContact, HasContacts


@dataclass(frozen=True)
class ListedContact:
    kind: str
    value: str
    display: str
    is_primary: bool
    position: int
    search_reversed: str | None


@dataclass
class ListedCustomer(HasContacts):
    id: uuid.UUID
    name: str
    name_search: str
    birthday: date | None
    locale: str
    note: str | None
    user_id: uuid.UUID
    account_status: str
    source: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    deleted_by: uuid.UUID | None
    merged_into: uuid.UUID | None
    version: int
    contacts: list[ListedContact] = field(default_factory=list)


AnyCustomer = Customer | ListedCustomer


def _columns(model: type[Any], shape: type[Any]) -> tuple[InstrumentedAttribute[Any], ...]:
    return tuple(getattr(model, f.name) for f in fields(shape) if f.name != "contacts")


CUSTOMER_COLUMNS = _columns(Customer, ListedCustomer)
CONTACT_COLUMNS = _columns(CustomerContact, ListedContact)
_CUSTOMER_WIDTH, _CONTACT_WIDTH = len(CUSTOMER_COLUMNS), len(CONTACT_COLUMNS)


def listed(rows: Iterable[Sequence[Any]], *, offset: int = 0) -> dict[uuid.UUID, ListedCustomer]:
    """Customers of rows holding, from `offset`, `CUSTOMER_COLUMNS` then `CONTACT_COLUMNS`
    (one row per contact, in position order; NULLs for a customer without any), the
    columns before `offset` telling one run of a customer's rows from another."""
    customers: dict[uuid.UUID, ListedCustomer] = {}
    # A customer may come in several runs of rows (a lookup matching two of its phones): its
    # contacts are read from the first run only.
    first_run: dict[uuid.UUID, tuple[Any, ...]] = {}
    contact_at = offset + _CUSTOMER_WIDTH
    for row in rows:
        customer_id, run = row[offset], tuple(row[:offset])
        customer = customers.get(customer_id)
        if customer is None:
            customer = ListedCustomer(*row[offset:contact_at])
            customers[customer_id], first_run[customer_id] = customer, run
        if row[contact_at] is not None and first_run[customer_id] == run:
            customer.contacts.append(ListedContact(*row[contact_at : contact_at + _CONTACT_WIDTH]))
    return customers
