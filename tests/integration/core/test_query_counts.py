"""The number of SQL statements a request runs does not grow with what it returns."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand
from tests.integration.statements import recorded

LINE = {"sku": "CF-SUA-DA", "name": "Cà phê sữa đá", "quantity": 1, "unit_price": 29_000}


async def get_counted(
    client: httpx.AsyncClient, db: Database, brand: Brand, url: str
) -> tuple[int, Any]:
    """The number of statements one GET runs, and its JSON body."""
    with recorded(db) as statements:
        response = await client.get(url, headers=brand.cashier)
    assert response.status_code == 200, response.text
    return len(statements), response.json()


async def add_customers(
    client: httpx.AsyncClient, brand: Brand, count: int, *, start: int = 0
) -> list[str]:
    ids = []
    for n in range(start, start + count):
        body = {
            "name": f"Nguyễn Thị Đào {n}",
            "phones": [f"+8491{n:07d}"],
            "emails": [f"dao{n}@example.com"],
        }
        response = await client.post("/api/v1/customers", json=body, headers=brand.cashier)
        assert response.status_code == 201, response.text
        ids.append(str(response.json()["id"]))
    return ids


async def add_order(
    client: httpx.AsyncClient, brand: Brand, *, lines: int, customer_id: str | None = None
) -> str:
    body: dict[str, Any] = {"lines": [{**LINE, "sku": f"SKU-{i}"} for i in range(lines)]}
    if customer_id:
        body["customer_id"] = customer_id
    response = await client.post("/api/v1/orders", json=body, headers=brand.cashier)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize(
    "url",
    ["/api/v1/customers?limit=100", "/api/v1/customers?q=dao&limit=100"],
    ids=["listing", "finding-by-name"],
)
async def test_100_customers_run_as_many_statements_as_one(
    client: httpx.AsyncClient, db: Database, brand: Brand, url: str
) -> None:
    await add_customers(client, brand, 1)
    one, _ = await get_counted(client, db, brand, url)
    await add_customers(client, brand, 99, start=1)
    hundred, page = await get_counted(client, db, brand, url)
    assert len(page["items"]) == 100
    assert hundred == one


async def test_an_order_of_50_lines_with_its_customer_runs_as_many_statements_as_one_line(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    [customer] = await add_customers(client, brand, 1)
    small = await add_order(client, brand, lines=1, customer_id=customer)
    large = await add_order(client, brand, lines=50, customer_id=customer)
    one, _ = await get_counted(client, db, brand, f"/api/v1/orders/{small}")
    fifty, order = await get_counted(client, db, brand, f"/api/v1/orders/{large}")
    assert len(order["lines"]) == 50
    assert order["customer"]["id"] == customer
    assert fifty == one


async def test_an_order_history_of_100_runs_as_many_statements_as_a_history_of_one(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    [customer] = await add_customers(client, brand, 1)
    url = f"/api/v1/customers/{customer}/orders?limit=100"
    await add_order(client, brand, lines=2, customer_id=customer)
    one, _ = await get_counted(client, db, brand, url)
    for _ in range(99):
        await add_order(client, brand, lines=2, customer_id=customer)
    hundred, history = await get_counted(client, db, brand, url)
    assert len(history["items"]) == 100
    assert all(item["customer"]["id"] == customer for item in history["items"])
    assert hundred == one


async def test_authenticating_binds_the_brand_and_loads_it_in_one_statement(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:

    count, body = await get_counted(client, db, brand, "/api/v1/merchant")

    assert count == 1  # the token lookup; the brand it acts for comes with it
    assert body["id"] == str(brand.merchant_id)


async def test_a_phone_lookup_runs_the_token_lookup_and_one_page_query(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await add_customers(client, brand, 3)

    count, body = await get_counted(client, db, brand, "/api/v1/customers?q=0910000001")

    assert count == 2  # the brand's phone region came with the token lookup
    assert [item["name"] for item in body["items"]] == ["Nguyễn Thị Đào 1"]
