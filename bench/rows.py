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

from bench.people import Person
from patronage.core.normalize import normalize_name, normalize_phone
from patronage.directory import lookup
from patronage.directory.models import EMAIL, PHONE
from patronage.identity.users.kinds import CUSTOMER
from patronage.sale import rules
from patronage.sale.models import COMPLETED, OPEN, VOIDED

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
_SOURCES = [source for source, percent in SOURCES for _ in range(percent // 5)]
# Each catalog item bought 1, 2 or 3 times, as the orders' rules describe a line.
_DRAFTS = [
    [rules.LineDraft(sku=sku, name=name, quantity=q, unit_price=price) for q in (1, 2, 3)]
    for sku, name, price in CATALOG
]


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
        "source": _SOURCES[rng.randrange(len(_SOURCES))],
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
    for index, e164 in enumerate(person.phones):
        contacts.append(
            {
                "kind": PHONE,
                "value": e164,
                "display": DISPLAYS.display(e164, brand.phone_region),
                "is_primary": index == 0,
                "search_reversed": lookup.reversed_digits(e164),
            }
        )
    # Generated addresses are already in `normalize_email` form (tests check it);
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


class PhoneDisplays:
    """Display forms exactly as `normalize_phone` writes them, at a fraction of the cost.

    phonenumbers lays a number out by its leading digits and length, so every number of
    one network code shares a layout: the project's `normalize_phone` formats the first
    number of each (region, network, length), whose layout the others take, and it still
    formats one number in `CHECK_EVERY` in full, so a layout that does not carry over
    fails the load instead of writing wrong rows. (Formatting each of a million numbers
    took a third of the generator's time.)
    """

    CHECK_EVERY = 50

    def __init__(self) -> None:
        self._layouts: dict[tuple[str, str, int], tuple[str, str, int]] = {}
        self._calls = 0

    def display(self, e164: str, region: str) -> str:
        """`+84912345678` → `0912 345 678` (for a VN brand), as `normalize_phone` has it."""
        key = (region, e164[:5], len(e164))
        shape, lead, kept = self._layouts.get(key) or self._learn(key, e164, region)
        digits = iter(lead + e164[len(e164) - kept :])
        shown = "".join(next(digits) if ch == "#" else ch for ch in shape)
        self._calls += 1
        if self._calls % self.CHECK_EVERY == 0:
            expected = normalize_phone(e164, region)
            if (expected.e164, expected.display) != (e164, shown):
                raise ValueError(f"{e164}: display {shown!r}, but normalize_phone: {expected}")
        return shown

    def _learn(self, key: tuple[str, str, int], e164: str, region: str) -> tuple[str, str, int]:
        display = normalize_phone(e164, region).display
        shown = "".join(ch for ch in display if ch.isdigit())
        # The displayed digits are a lead (the trunk `0`, or nothing) then the number's tail.
        kept = max(n for n in range(len(shown) + 1) if e164.endswith(shown[len(shown) - n :]))
        layout = (
            "".join("#" if ch.isdigit() else ch for ch in display),
            shown[: len(shown) - kept],
            kept,
        )
        self._layouts[key] = layout
        return layout


DISPLAYS = PhoneDisplays()


def order_rows(
    brand: Brand,
    number: int,
    created_at: datetime,
    customer_id: uuid.UUID | None,
    rng: random.Random,
) -> dict[str, list[Row]]:
    """One sale order (completed, voided or still open) and its lines."""
    order_id = stable_id(rng)
    # Distinct items: a start and a step coprime with the catalog's size (cheaper than sample).
    start, step = rng.randrange(len(CATALOG)), rng.choice((1, 3, 7, 9))
    count = 1 if (roll := rng.random()) < 0.5 else 2 if roll < 0.85 else 3
    drafts = [_DRAFTS[(start + step * k) % len(CATALOG)][rng.randrange(3)] for k in range(count)]
    totals = rules.compute_totals(drafts)
    roll = rng.random()
    status = COMPLETED if roll < 0.92 else VOIDED if roll < 0.95 else OPEN
    closed_at = created_at + timedelta(seconds=30 + rng.randrange(870))
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
