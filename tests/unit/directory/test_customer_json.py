"""The lookup's pages, encoded from plain values, are what the customer schema writes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import orjson
import pytest

from patronage.directory.listing import ListedContact, ListedCustomer
from patronage.directory.schemas import CustomerOut, customer_json


def _customer(**changes: object) -> ListedCustomer:
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "name": "Nguyễn Thị Đào",
        "name_search": "nguyen thi dao",
        "birthday": date(1990, 2, 28),
        "locale": "vi",
        "note": 'Thích cà phê "sữa đá"\nkhông đường',
        "user_id": uuid.uuid4(),
        "account_status": "captured",
        "source": "checkout",
        "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
        "deleted_at": None,
        "created_by": uuid.uuid4(),
        "updated_by": None,
        "deleted_by": None,
        "merged_into": None,
        "version": 3,
    }
    customer = ListedCustomer(**{**fields, **changes})  # type: ignore[arg-type]
    customer.contacts = [
        ListedContact("phone", "+84912345678", "0912 345 678", True, 0, "876543219"),
        ListedContact("email", "dao@example.com", "dao@example.com", False, 1, None),
        ListedContact("phone", "+84987654321", "0987 654 321", False, 2, "123456789"),
    ]
    return customer


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"birthday": None, "note": None, "created_by": None},
        {"deleted_at": datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC), "deleted_by": uuid.uuid4()},
        {"account_status": "active", "source": "import", "locale": "en"},
        {"deleted_at": datetime(2026, 5, 6, tzinfo=UTC), "merged_into": uuid.uuid4()},
    ],
)
def test_a_customer_encodes_byte_for_byte_as_its_schema(changes: dict[str, object]) -> None:
    customer = _customer(**changes)

    fast = orjson.dumps(customer_json(customer), option=orjson.OPT_UTC_Z)

    assert fast == CustomerOut.of(customer).model_dump_json(by_alias=True).encode()
