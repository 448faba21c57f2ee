"""Issue 5's "done when", tried as a new user would: create → attach → the order carries her."""

from __future__ import annotations

import httpx

from patronage.core.db import Database
from tests.factories import create_brand, create_customer
from tests.factories.orders import (
    BREAD,
    COFFEE,
    CUSTOMERS,
    ORDERS,
    TEA,
    open_order,
)
from tests.integration.answers import error_code


async def test_a_checkout_carries_dao_from_attach_to_report(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand, brand_b = await create_brand(client, db), await create_brand(client, db, name="B")
    cashier, owner = brand.cashier, brand.owner
    await create_customer(client, brand, phones=["0912 345 678"], source="checkout")

    # A cashier opens an order with two lines; the server computes the total.
    order = await open_order(client, brand, lines=[COFFEE, BREAD])
    assert order["total"] == 2 * 29_000 + 25_000
    url = f"{ORDERS}/{order['id']}"

    # She finds Đào by the last digits of her phone and attaches her.
    found = (await client.get(CUSTOMERS, params={"q": "5678"}, headers=cashier)).json()
    dao = found["items"][0]
    assert dao["name"] == "Nguyễn Thị Đào"
    attached = await client.put(f"{url}/customer", json={"customer_id": dao["id"]}, headers=cashier)
    assert attached.json()["customer"]["name"] == "Nguyễn Thị Đào"

    # Adding a line: the answer still carries Đào, with the new total.
    added = await client.patch(url, json={"lines": [COFFEE, BREAD, TEA]}, headers=cashier)
    assert added.json()["customer"]["id"] == dao["id"]
    assert added.json()["total"] == 83_000 + 3 * 35_000

    completed = await client.post(f"{url}/complete", headers=cashier)
    assert (completed.json()["status"], completed.json()["customer"]["id"]) == (
        "completed",
        dao["id"],
    )

    # Đào's history lists it; her detail totals it.
    history = await client.get(f"{CUSTOMERS}/{dao['id']}/orders", headers=cashier)
    assert [o["id"] for o in history.json()["items"]] == [order["id"]]
    detail = (await client.get(f"{CUSTOMERS}/{dao['id']}", headers=cashier)).json()
    assert detail["stats"]["order_count"] == 1
    assert detail["stats"]["total_spent"] == 188_000

    # The owner soft-deletes Đào: the order still shows her.
    assert (await client.delete(f"{CUSTOMERS}/{dao['id']}", headers=owner)).status_code == 204
    kept = (await client.get(url, headers=cashier)).json()["customer"]
    assert (kept["id"], kept["deleted_at"] is not None) == (dao["id"], True)

    # A new order can't take her until she is restored.
    refused = await client.post(ORDERS, json={"customer_id": dao["id"]}, headers=cashier)
    assert (refused.status_code, error_code(refused)) == (409, "customer.deleted")
    assert (await client.post(f"{CUSTOMERS}/{dao['id']}/restore", headers=owner)).is_success
    second = await open_order(client, brand, customer_id=dao["id"])
    assert second["customer"]["deleted_at"] is None

    # Brand B gets 404 for the order and for attaching Đào.
    theirs = await open_order(client, brand_b)
    assert (await client.get(url, headers=brand_b.cashier)).status_code == 404
    foreign = await client.put(
        f"{ORDERS}/{theirs['id']}/customer",
        json={"customer_id": dao["id"]},
        headers=brand_b.cashier,
    )
    assert (foreign.status_code, error_code(foreign)) == (404, "customer.not_found")

    # The owner's report shows the period's attachment rate.
    await client.post(f"{ORDERS}/{theirs['id']}/complete", headers=brand_b.cashier)
    unattached = await open_order(client, brand)
    await client.post(f"{ORDERS}/{unattached['id']}/complete", headers=cashier)
    report = (await client.get("/api/v1/reports/customers", headers=owner)).json()
    assert report["orders"] == {"completed": 2, "with_customer": 1, "attachment_rate": 0.5}
    assert report["customers_created"]["by_source"]["checkout"] == 1
