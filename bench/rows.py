"""The rows the application would write for a generated customer or order.

Every derived value comes from the project's own code: names and contacts from
`patronage.core.normalize`, the folded search name, word-prefix terms and reversed phone
digits from the directory's `lookup` module, order totals from the orders' `rules`.
`bench.verify` checks these rows against what the real service writes.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from patronage.sale.orders.models import COMPLETED, OPEN, VOIDED

from bench.people import Person
from patronage.core.normalize import normalize_name, normalize_phone
from patronage.identity.customers import lookup
from patronage.identity.customers.models import EMAIL, PHONE
from patronage.identity.users.models import CUSTOMER
from patronage.sale.orders import rules

Row = dict[str, Any]

CATALOG = (
    ("CF-SUA-DA", "Cà phê sữa đá", 29_000),
    ("CF-DEN", "Cà phê đen", 25_000),
    ("BAC-XIU", "Bạc xỉu", 32_000),
    ("TRA-DAO", "Trà đào cam sả", 45_000),
    ("TRA-SUA", "Trà sữa trân châu", 39_000),
    ("SINH-TO-BO", "Sinh tố bơ", 49_000),
    ("BANH-MI", "Bánh mì thịt", 25_000),
    ("BANH-FLAN", "Bánh flan", 18_000),
    ("NUOC-CAM", "Nước cam ép", 42_000),
    ("CROISSANT", "Bánh sừng bò", 35_000),
)  # fmt: skip
SOURCES = (("checkout", 60), ("api", 25), ("import", 15))


@dataclass(frozen=True)
class Brand:
    """A loaded merchant: its id and the settings customer rows depend on."""

    merchant_id: uuid.UUID
    phone_region: str
    currency: str


def stable_id(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from `rng`, so a seed gives the same ids every time."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def customer_rows(person: Person, brand: Brand, rng: random.Random) -> dict[str, list[Row]]:
    """The users, customers, customer_contacts and customer_name_terms rows of `person`."""
    user_id, customer_id = stable_id(rng), stable_id(rng)
    name = normalize_name(person.name)
    when = person.created_at
    common = {"created_at": when, "updated_at": when}
    name_search = lookup.search_form(name)
    customer = {
        **common,
        "merchant_id": brand.merchant_id,
        "id": customer_id,
        "name": name,
        "name_search": name_search,
        "birthday": person.birthday,
        "locale": person.locale,
        "user_id": user_id,
        "source": rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0],
    }
    terms = lookup.name_terms(name_search)
    return {
        "users": [
            {**common, "id": user_id, "kind": CUSTOMER, "name": name, "locale": person.locale}
        ],
        "customers": [customer],
        "customer_contacts": _contacts(person, brand, customer_id, rng),
        "customer_name_terms": [
            {"merchant_id": brand.merchant_id, "customer_id": customer_id, "position": i, "term": t}
            for i, t in enumerate(terms, start=1)
        ],
    }


def _contacts(
    person: Person, brand: Brand, customer_id: uuid.UUID, rng: random.Random
) -> list[Row]:
    contacts: list[Row] = []
    for index, raw in enumerate(person.phones):
        phone = normalize_phone(raw, brand.phone_region)
        contacts.append(
            {
                "kind": PHONE,
                "value": phone.e164,
                "display": phone.display,
                "is_primary": index == 0,
                "search_reversed": lookup.reversed_digits(phone.e164),
            }
        )
    # Generated addresses are already in `normalize_email` form (bench.verify checks it);
    # validating a million of them would only slow the load.
    for index, address in enumerate(person.emails):
        contacts.append(
            {"kind": EMAIL, "value": address, "display": address, "is_primary": index == 0}
        )
    return [
        {
            **contact,
            "merchant_id": brand.merchant_id,
            "id": stable_id(rng),
            "customer_id": customer_id,
            "position": position,
            "search_reversed": contact.get("search_reversed"),
            "deleted_at": None,
        }
        for position, contact in enumerate(contacts)
    ]


def order_rows(
    brand: Brand,
    number: int,
    created_at: datetime,
    customer_id: uuid.UUID | None,
    rng: random.Random,
) -> dict[str, list[Row]]:
    """One sale order (completed, voided or still open) and its lines."""
    order_id = stable_id(rng)
    drafts = [
        rules.LineDraft(sku=sku, name=name, quantity=rng.randint(1, 3), unit_price=price)
        for sku, name, price in rng.sample(CATALOG, rng.randint(1, 3))
    ]
    totals = rules.compute_totals(drafts)
    status = rng.choices((COMPLETED, VOIDED, OPEN), (92, 3, 5))[0]
    closed_at = created_at + timedelta(seconds=rng.randint(30, 900))
    order = {
        "merchant_id": brand.merchant_id,
        "id": order_id,
        "number": number,
        "status": status,
        "currency": brand.currency,
        "subtotal": totals.subtotal,
        "total": totals.total,
        "customer_id": customer_id,
        "created_at": created_at,
        "updated_at": closed_at if status != OPEN else created_at,
        "completed_at": closed_at if status == COMPLETED else None,
        "voided_at": closed_at if status == VOIDED else None,
    }
    lines = [
        {
            "merchant_id": brand.merchant_id,
            "id": stable_id(rng),
            "order_id": order_id,
            "position": position,
            "sku": draft.sku,
            "name": draft.name,
            "quantity": draft.quantity,
            "unit_price": draft.unit_price,
            "line_total": draft.line_total,
        }
        for position, draft in enumerate(drafts)
    ]
    return {"sale_orders": [order], "sale_order_lines": lines}
