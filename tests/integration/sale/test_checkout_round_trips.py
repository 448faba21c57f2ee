"""The checkout's order writes wait for PostgreSQL twice: once for the token, the brand's
binding and the order as it stands, once for the writes and the commit (counted on the
wire, not assumed). A refused write rolls back whatever it was about to do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand
from tests.factories.orders import BREAD, COFFEE, ORDERS
from tests.integration.statements import round_trips

pytestmark = pytest.mark.postgres_only

Write = Callable[[httpx.AsyncClient, Brand, dict[str, Any], dict[str, Any]], Awaitable[Any]]


async def _open(client: httpx.AsyncClient, brand: Brand, order: Any, customer: Any) -> Any:
    body = {"lines": [COFFEE], "customer_id": customer["id"]}
    return await client.post(ORDERS, json=body, headers=brand.cashier)


async def _attach(client: httpx.AsyncClient, brand: Brand, order: Any, customer: Any) -> Any:
    body = {"customer_id": customer["id"]}
    return await client.put(f"{ORDERS}/{order['id']}/customer", json=body, headers=brand.cashier)


async def _change_lines(client: httpx.AsyncClient, brand: Brand, order: Any, _: Any) -> Any:
    body = {"lines": [COFFEE, BREAD, COFFEE]}
    return await client.patch(f"{ORDERS}/{order['id']}", json=body, headers=brand.cashier)


async def _complete(client: httpx.AsyncClient, brand: Brand, order: Any, _: Any) -> Any:
    return await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)


async def _detach(client: httpx.AsyncClient, brand: Brand, order: Any, _: Any) -> Any:
    return await client.delete(f"{ORDERS}/{order['id']}/customer", headers=brand.cashier)


async def _void(client: httpx.AsyncClient, brand: Brand, order: Any, _: Any) -> Any:
    return await client.post(f"{ORDERS}/{order['id']}/void", headers=brand.cashier)


WRITES: dict[str, Write] = {
    "open an order with a customer": _open,
    "attach a customer": _attach,
    "change the lines": _change_lines,
    "complete": _complete,
    "detach the customer": _detach,
    "void": _void,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
async def test_every_order_write_is_two_round_trips(
    client: httpx.AsyncClient,
    db: Database,
    brand: Brand,
    order: dict[str, Any],
    customer: dict[str, Any],
    write: Write,
) -> None:
    if write is _detach:
        await _attach(client, brand, order, customer)
    with round_trips(db) as counted:
        response = await write(client, brand, order, customer)

    assert response.status_code in (200, 201), response.text
    assert counted[0] == 2


async def test_a_refused_write_changes_nothing_and_is_answered_after_two_round_trips(
    client: httpx.AsyncClient, db: Database, brand: Brand, order: dict[str, Any]
) -> None:
    await _complete(client, brand, order, None)
    with round_trips(db) as counted:
        response = await _change_lines(client, brand, order, None)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "order.closed"
    assert counted[0] == 2  # the first leg, then the rollback
    again = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert [line["sku"] for line in again.json()["lines"]] == [COFFEE["sku"], BREAD["sku"]]
    assert again.json()["version"] == order["version"] + 1  # completed once, nothing more


async def test_an_unknown_token_is_refused_after_the_first_leg_with_nothing_written(
    client: httpx.AsyncClient, db: Database, order: dict[str, Any]
) -> None:
    with round_trips(db) as counted:
        response = await client.post(
            f"{ORDERS}/{order['id']}/complete", headers={"Authorization": "Bearer nobody"}
        )

    assert response.status_code == 401
    assert counted[0] == 2  # the first leg, then the rollback
