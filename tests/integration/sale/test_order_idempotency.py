"""An Idempotency-Key opens one order however often the till retries."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand
from tests.factories.orders import (
    BREAD,
    COFFEE,
    CUSTOMERS,
    ORDERS,
)
from tests.integration.answers import assert_error
from tests.integration.directory.customers import delete_customer


async def test_an_idempotency_key_opens_one_order(client: httpx.AsyncClient, brand: Brand) -> None:
    headers = {**brand.cashier, "Idempotency-Key": "till-1-0001"}
    body = {"lines": [COFFEE]}
    first = await client.post(ORDERS, json=body, headers=headers)
    again = await client.post(ORDERS, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert first.headers["location"] == f"/api/v1/orders/{first.json()['id']}"
    assert len((await client.get(ORDERS, headers=brand.cashier)).json()["items"]) == 1


async def test_an_idempotency_key_reused_for_another_order_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    headers = {**brand.cashier, "Idempotency-Key": "till-1-0002"}
    await client.post(ORDERS, json={"lines": [COFFEE]}, headers=headers)
    reused = await client.post(ORDERS, json={"lines": [BREAD]}, headers=headers)
    assert_error(reused, 422, "idempotency.key_reused")


async def test_a_failed_create_releases_its_idempotency_key(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await delete_customer(client, brand, customer["id"])
    headers = {**brand.cashier, "Idempotency-Key": "till-1-0003"}
    body = {"customer_id": customer["id"]}
    assert (await client.post(ORDERS, json=body, headers=headers)).status_code == 409
    await client.post(f"{CUSTOMERS}/{customer['id']}/restore", headers=brand.owner)
    retried = await client.post(ORDERS, json=body, headers=headers)
    assert retried.status_code == 201
    assert retried.json()["number"] == 1
