"""The demo brand's customers: realistic, Vietnamese, and findable."""

from __future__ import annotations

import httpx

from patronage.cli.demo import seed_customers
from patronage.cli.demo_orders import seed_dao, seed_orders
from patronage.core.db import Database
from tests.factories import Brand, acting_for


async def test_demo_customers_are_vietnamese_with_valid_mobiles_and_spread_dates(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    async with acting_for(db, brand) as (session, merchant_id):
        assert await seed_customers(session, merchant_id, actor_id=merchant_id, count=40) == 40
    page = (
        await client.get("/api/v1/customers", headers=brand.cashier, params={"limit": 100})
    ).json()
    customers = page["items"]
    assert len(customers) == 40
    assert all(len(c["name"].split()) >= 3 for c in customers)
    assert all(c["phones"][0]["number"].startswith("+84") for c in customers)
    assert len({c["created_at"][:10] for c in customers}) > 10
    surname = customers[0]["name"].split()[0]
    found = await client.get("/api/v1/customers", headers=brand.cashier, params={"q": surname})
    assert (
        customers[0]["id"] in {c["id"] for c in found.json()["items"]}
        or found.json()["next_cursor"]
    )


async def test_the_demo_has_dao_findable_by_dao_and_sales_in_the_last_month(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    async with acting_for(db, brand) as (session, merchant_id):
        await seed_customers(session, merchant_id, actor_id=merchant_id, count=10)
        dao = await seed_dao(session, merchant_id, actor_id=merchant_id)
        await seed_orders(session, merchant_id, cashier_id=merchant_id, regulars=[dao], count=12)
    found = await client.get("/api/v1/customers", headers=brand.cashier, params={"q": "dao"})
    assert str(dao) in {c["id"] for c in found.json()["items"]}
    report = await client.get("/api/v1/reports/customers", headers=brand.owner)
    assert report.json()["orders"]["completed"] == 12
