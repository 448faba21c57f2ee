"""A customer's orders: their history, newest first, and the totals on the customer's detail."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand
from tests.factories.orders import (
    BREAD,
    COFFEE,
    CUSTOMERS,
    ORDERS,
    open_order,
)
from tests.integration.directory.customers import delete_customer


async def test_the_customer_history_is_newest_first_with_a_cursor(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    mine = [await open_order(client, brand, customer_id=customer["id"]) for _ in range(3)]
    await open_order(client, brand)
    url = f"{CUSTOMERS}/{customer['id']}/orders"
    first = (await client.get(url, params={"limit": 2}, headers=brand.cashier)).json()
    assert [o["id"] for o in first["items"]] == [mine[2]["id"], mine[1]["id"]]
    rest = await client.get(
        url, params={"limit": 2, "cursor": first["next_cursor"]}, headers=brand.cashier
    )
    assert [o["id"] for o in rest.json()["items"]] == [mine[0]["id"]]
    assert rest.json()["next_cursor"] is None
    filtered = await client.get(
        ORDERS, params={"customer_id": customer["id"]}, headers=brand.cashier
    )
    assert [o["id"] for o in filtered.json()["items"]] == [o["id"] for o in reversed(mine)]


async def test_the_history_survives_the_customers_deletion(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    await delete_customer(client, brand, customer["id"])
    history = await client.get(f"{CUSTOMERS}/{customer['id']}/orders", headers=brand.cashier)
    assert [o["id"] for o in history.json()["items"]] == [order["id"]]


async def test_the_customer_detail_totals_completed_orders(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    fresh = (await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)).json()
    assert fresh["stats"] == {"order_count": 0, "total_spent": 0, "last_order_at": None}
    done = []
    for lines in ([COFFEE], [COFFEE, BREAD]):
        order = await open_order(client, brand, customer_id=customer["id"], lines=lines)
        completed = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
        done.append(completed.json())
    voided = await open_order(client, brand, customer_id=customer["id"])
    await client.post(f"{ORDERS}/{voided['id']}/void", headers=brand.cashier)
    await open_order(client, brand, customer_id=customer["id"])
    detail = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert detail.headers["etag"]
    stats = detail.json()["stats"]
    assert (stats["order_count"], stats["total_spent"]) == (2, 58_000 + 83_000)
    assert stats["last_order_at"] == done[-1]["completed_at"]
