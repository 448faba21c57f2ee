"""A signed-in customer reads their own orders, across the brands where they have a profile."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import (
    promote,
    unique_customer_email,
)
from tests.integration.accounts.sign_in import customer_token


async def place_order(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any] | None, *, sku: str
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "lines": [{"sku": sku, "name": "Cà phê sữa", "quantity": 2, "unit_price": 29000}]
    }
    if customer:
        body["customer_id"] = customer["id"]
    created = await client.post("/api/v1/orders", json=body, headers=brand.cashier)
    assert created.status_code == 201, created.text
    completed = await client.post(
        f"/api/v1/orders/{created.json()['id']}/complete", headers=brand.cashier
    )
    assert completed.status_code == 200, completed.text
    return completed.json()  # type: ignore[no-any-return]


@pytest.fixture
async def shopper(app: FastAPI, client: httpx.AsyncClient, db: Database) -> dict[str, Any]:
    """Đào, promoted at brand A and joined at brand B, with orders at both; and Lan at A."""
    brand_a = await create_brand(client, db, name="Cà Phê A")
    brand_b = await create_brand(client, db, name="Trà Sữa B")
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    lan = await create_customer(
        client, brand_a, emails=[unique_customer_email("lan")], name="Lan", locale="vi"
    )
    assert (await promote(client, db, brand_a, at_a)).status_code == 200
    assert (await promote(client, db, brand_b, at_b)).json()["merged"] is True
    orders = [
        await place_order(client, brand_a, at_a, sku="A-1"),
        await place_order(client, brand_a, at_a, sku="A-2"),
        await place_order(client, brand_b, at_b, sku="B-1"),
    ]
    await place_order(client, brand_a, lan, sku="LAN")
    await place_order(client, brand_a, None, sku="WALK-IN")
    return {
        "headers": await customer_token(app, db, email),
        "orders": orders,
        "brand_a": brand_a,
        "brand_b": brand_b,
    }


async def test_she_sees_her_orders_from_both_brands_and_nobody_elses(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    response = await client.get("/api/v1/me/orders", headers=shopper["headers"])
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["lines"][0]["sku"] for i in items] == ["A-2", "A-1", "B-1"]
    assert [i["merchant_name"] for i in items] == ["Cà Phê A", "Cà Phê A", "Trà Sữa B"]
    assert {i["id"] for i in items} == {o["id"] for o in shopper["orders"]}
    assert items[0]["total"] == 58000 and items[0]["customer"]["name"] == "Nguyễn Thị Đào"
    assert response.json()["next_cursor"] is None


async def test_pages_continue_across_brands(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get("/api/v1/me/orders", params=params, headers=shopper["headers"])
        ).json()
        seen += [i["lines"][0]["sku"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["A-2", "A-1", "B-1"]


async def test_one_brand_only(client: httpx.AsyncClient, shopper: dict[str, Any]) -> None:
    brand_b = shopper["brand_b"].merchant_id
    response = await client.get(
        "/api/v1/me/orders", params={"merchant_id": str(brand_b)}, headers=shopper["headers"]
    )
    assert [i["lines"][0]["sku"] for i in response.json()["items"]] == ["B-1"]


@pytest.mark.parametrize("cursor", ["garbage", "eyJwIjogMX0", "e30"])
async def test_a_forged_cursor_is_refused(
    client: httpx.AsyncClient, shopper: dict[str, Any], cursor: str
) -> None:
    response = await client.get(
        "/api/v1/me/orders", params={"cursor": cursor}, headers=shopper["headers"]
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["type"] == "cursor.invalid"


async def test_her_orders_are_read_only_and_staff_endpoints_refuse_her(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    order = shopper["orders"][0]
    assert (
        await client.get(f"/api/v1/orders/{order['id']}", headers=shopper["headers"])
    ).status_code == 403
    assert (await client.post("/api/v1/me/orders", headers=shopper["headers"])).status_code == 405


async def test_a_staff_token_gets_403_on_my_orders(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    response = await client.get("/api/v1/me/orders", headers=shopper["brand_a"].owner)
    assert response.status_code == 403
