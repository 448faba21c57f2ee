"""What an order may hold: its lines checked field by field, nothing written when refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import Brand
from tests.factories.orders import BREAD, COFFEE, ORDERS

BAD_LINES = [
    ("zero quantity", {**COFFEE, "quantity": 0}, "greater_than_equal"),
    ("negative quantity", {**COFFEE, "quantity": -2}, "greater_than_equal"),
    ("fractional quantity", {**COFFEE, "quantity": 1.5}, "int_type"),
    ("quantity as text", {**COFFEE, "quantity": "2"}, "int_type"),
    ("absurd quantity", {**COFFEE, "quantity": 10_001}, "less_than_equal"),
    ("fractional money", {**COFFEE, "unit_price": 29_000.5}, "int_type"),
    ("whole float money", {**COFFEE, "unit_price": 29_000.0}, "int_type"),
    ("negative money", {**COFFEE, "unit_price": -1}, "greater_than_equal"),
    ("absurd money", {**COFFEE, "unit_price": 10**12 + 1}, "less_than_equal"),
    ("huge number", {**COFFEE, "unit_price": 10**40}, "less_than_equal"),
    ("boolean quantity", {**COFFEE, "quantity": True}, "int_type"),
    ("empty sku", {**COFFEE, "sku": "  "}, "sku.empty"),
    ("long sku", {**COFFEE, "sku": "S" * 65}, "sku.too_long"),
    ("nul in name", {**COFFEE, "name": "Cà\x00phê"}, "name.control_characters"),
    ("empty name", {**COFFEE, "name": ""}, "name.empty"),
    ("missing price", {"sku": "A", "name": "A", "quantity": 1}, "missing"),
    ("unknown field", {**COFFEE, "discount": 5}, "extra_forbidden"),
]


@pytest.mark.parametrize(("case", "line", "kind"), BAD_LINES, ids=[c[0] for c in BAD_LINES])
async def test_bad_lines_are_refused_with_the_field_named(
    client: httpx.AsyncClient, brand: Brand, case: str, line: dict[str, Any], kind: str
) -> None:
    response = await client.post(
        ORDERS, json={"lines": [BREAD, line]}, headers=brand.headers(lang="vi")
    )
    assert response.status_code == 422, response.text
    field = response.json()["error"]["details"]["fields"][0]
    assert field["type"] == kind
    assert field["path"].startswith("body.lines.1")
    assert (await client.get(ORDERS, headers=brand.cashier)).json()["items"] == []


async def test_more_than_500_lines_are_refused(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(ORDERS, json={"lines": [COFFEE] * 501}, headers=brand.cashier)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["type"] == "too_long"


async def test_500_lines_are_accepted(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(ORDERS, json={"lines": [COFFEE] * 500}, headers=brand.cashier)
    assert response.status_code == 201
    assert response.json()["total"] == 500 * 58_000


@pytest.mark.parametrize(
    "body",
    [
        {"note": "x" * 2001},
        {"note": "a\x00b"},
        {"lines": None},
        {"lines": "CF-01"},
        {"customer_id": "not-a-uuid"},
        {"status": "completed"},
    ],
)
async def test_a_bad_change_leaves_the_order_as_it_was(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any], body: dict[str, Any]
) -> None:
    response = await client.patch(f"{ORDERS}/{order['id']}", json=body, headers=brand.cashier)
    assert response.status_code == 422
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json() == order


async def test_malformed_json_is_400(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(
        ORDERS,
        content=b'{"lines": [',
        headers={**brand.cashier, "Content-Type": "application/json"},
    )
    assert response.status_code == 400


async def test_the_client_cannot_send_totals(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(
        ORDERS, json={"lines": [COFFEE], "total": 1}, headers=brand.cashier
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["path"] == "body.total"
