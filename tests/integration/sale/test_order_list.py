"""Listing orders newest first, by status and with a cursor; orders stay within their brand."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.factories import Brand, create_customer
from tests.factories.orders import ORDERS, open_order
from tests.integration.answers import error_code, invalid_fields
from tests.integration.statements import recorded


async def test_the_list_is_newest_first_with_a_cursor(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for _ in range(5):
        await open_order(client, brand)
    first = (await client.get(ORDERS, params={"limit": 2}, headers=brand.cashier)).json()
    assert [o["number"] for o in first["items"]] == [5, 4]
    second = await client.get(
        ORDERS, params={"limit": 2, "cursor": first["next_cursor"]}, headers=brand.cashier
    )
    assert [o["number"] for o in second.json()["items"]] == [3, 2]
    last = await client.get(
        ORDERS, params={"limit": 2, "cursor": second.json()["next_cursor"]}, headers=brand.cashier
    )
    assert [o["number"] for o in last.json()["items"]] == [1]
    assert last.json()["next_cursor"] is None


@pytest.mark.parametrize("with_customers", [False, True], ids=["alone", "with-customers"])
async def test_a_list_costs_the_same_queries_for_2_or_12_orders(
    client: httpx.AsyncClient, db: Database, brand: Brand, with_customers: bool
) -> None:
    """Each order's customer, too, is loaded with the page in one go."""

    async def open_orders(count: int) -> None:
        for _ in range(count):
            customer = await create_customer(client, brand) if with_customers else None
            await open_order(client, brand, **({"customer_id": customer["id"]} if customer else {}))

    async def queries_to_list() -> int:
        with recorded(db) as statements:
            response = await client.get(ORDERS, headers=brand.cashier)
        assert response.status_code == 200
        assert all(o["customer"] for o in response.json()["items"]) is with_customers
        return len(statements)

    await open_orders(2)
    few = await queries_to_list()
    await open_orders(10)
    assert await queries_to_list() == few


async def test_the_list_filters_by_status(client: httpx.AsyncClient, brand: Brand) -> None:
    done = await open_order(client, brand)
    await open_order(client, brand)
    await client.post(f"{ORDERS}/{done['id']}/complete", headers=brand.cashier)
    response = await client.get(ORDERS, params={"status": "completed"}, headers=brand.cashier)
    assert [o["id"] for o in response.json()["items"]] == [done["id"]]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "paid"},
        {"limit": 0},
        {"limit": 101},
        {"cursor": "nonsense"},
        {"customer_id": "x"},
    ],
)
async def test_bad_list_parameters_are_refused(
    client: httpx.AsyncClient, brand: Brand, params: dict[str, Any]
) -> None:
    response = await client.get(ORDERS, params=params, headers=brand.cashier)
    assert response.status_code == 422
    assert response.json()["error"]["message"]


async def test_another_brand_gets_404_for_every_order_path(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    order = await open_order(client, brand)
    url = f"{ORDERS}/{order['id']}"
    for method, path, body in [
        ("GET", url, None),
        ("PATCH", url, {"note": "mine now"}),
        ("POST", f"{url}/complete", None),
        ("POST", f"{url}/void", None),
        ("DELETE", f"{url}/customer", None),
        ("GET", f"{url}/events", None),
    ]:
        response = await client.request(method, path, json=body, headers=other_brand.cashier)
        assert response.status_code == 404, (method, path)
        assert error_code(response) == "order.not_found"
    listed = await client.get(ORDERS, headers=other_brand.cashier)
    assert listed.json()["items"] == []
    untouched = await client.get(url, headers=brand.cashier)
    assert untouched.json() == order


@pytest.mark.postgres_only
async def test_row_level_security_hides_orders_lines_and_events_of_other_brands(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, settings: Settings
) -> None:
    await open_order(client, brand)
    unchecked = Database(settings)
    try:
        async with unchecked.unit_of_work() as session:
            await tenancy.bind(
                session, merchant_id=tenancy.trusted_merchant_id(other_brand.merchant_id)
            )
            counts = [
                await session.scalar(text(f"SELECT count(*) FROM {table}"))
                for table in ("sale_orders", "sale_order_lines", "sale_order_events")
            ]
    finally:
        await unchecked.dispose()
    assert counts == [0, 0, 0]


async def test_a_malformed_order_id_is_422(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.get(f"{ORDERS}/not-a-uuid", headers=brand.cashier)
    assert response.status_code == 422


WRITES_TO_AN_ORDER = [
    ("PATCH", "", {"note": "x"}),
    ("PUT", "/customer", {"customer_id": "00000000-0000-0000-0000-000000000000"}),
    ("DELETE", "/customer", None),
    ("POST", "/complete", None),
    ("POST", "/void", None),
]


@pytest.mark.parametrize(("method", "suffix", "body"), WRITES_TO_AN_ORDER)
async def test_a_write_to_a_malformed_order_id_answers_who_asks_first(
    client: httpx.AsyncClient, brand: Brand, method: str, suffix: str, body: Any
) -> None:
    url = f"{ORDERS}/not-a-uuid{suffix}"
    stranger = {"Authorization": "Bearer not-a-token"}

    refused = await client.request(method, url, json=body, headers=stranger)
    invalid = await client.request(method, url, json=body, headers=brand.cashier)

    assert refused.status_code == 401
    assert invalid.status_code == 422
    assert "path.order_id" in invalid_fields(invalid)


async def test_orders_need_a_signed_in_staff_member(client: httpx.AsyncClient) -> None:
    assert (await client.post(ORDERS, json={})).status_code == 401
