"""The checkout's answers, encoded from plain values, are what the order schema writes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import orjson
import pytest

from patronage.directory.summary import CustomerSummary
from patronage.sale.order_trip import OrderRecord
from patronage.sale.rules import LineDraft
from patronage.sale.schemas import order_json, order_out
from patronage.sale.service import OrderView

DAO = CustomerSummary(
    id=uuid.uuid4(),
    name="Nguyễn Thị Đào",
    phone="+84912345678",
    phone_display="0912 345 678",
    email=None,
    account_status="captured",
    deleted_at=None,
)
LATER = datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC)


def _order(**changes: object) -> OrderRecord:
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "number": 42,
        "status": "open",
        "currency": "VND",
        "subtotal": 83_000,
        "total": 83_000,
        "note": 'Ít đá, "không" đường\nmang đi',
        "customer_id": DAO.id,
        "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
        "completed_at": None,
        "voided_at": None,
        "version": 2,
    }
    order = OrderRecord(**{**fields, **changes})  # type: ignore[arg-type]
    order.lines = [
        LineDraft("CF-01", "Cà phê sữa đá", 2, 29_000),
        LineDraft("BM-01", "Bánh mì thịt", 1, 25_000),
    ]
    return order


@pytest.mark.parametrize(
    ("changes", "customer"),
    [
        ({}, DAO),
        ({"note": None, "customer_id": None}, None),
        (
            {"status": "completed", "completed_at": datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC)},
            DAO,
        ),
        (
            {"status": "voided", "voided_at": datetime(2026, 5, 6, tzinfo=UTC), "currency": "USD"},
            None,
        ),
        ({}, replace(DAO, email="dao@example.com", deleted_at=datetime(2026, 3, 1, tzinfo=UTC))),
    ],
)
def test_an_order_encodes_byte_for_byte_as_its_schema(
    changes: dict[str, object], customer: CustomerSummary | None
) -> None:
    order = _order(**changes)

    fast = orjson.dumps(order_json(order, customer), option=orjson.OPT_UTC_Z)

    view = OrderView(order, customer)  # type: ignore[arg-type]
    assert fast == order_out(view).model_dump_json(by_alias=True).encode()
