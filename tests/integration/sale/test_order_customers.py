"""The customer travels with the order: attach, detach, rules, history, totals, isolation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.orders import (
    BREAD,
    COFFEE,
    CUSTOMERS,
    ORDERS,
    error_code,
    open_order,
)
from tests.integration.statements import recorded


async def attach(
    client: httpx.AsyncClient, order: dict[str, Any], customer_id: str, headers: dict[str, str]
) -> httpx.Response:
    url = f"{ORDERS}/{order['id']}/customer"
    return await client.put(url, json={"customer_id": customer_id}, headers=headers)


async def events_of(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> list[dict[str, Any]]:
    response = await client.get(f"{ORDERS}/{order['id']}/events", headers=brand.cashier)
    return response.json()["items"]  # type: ignore[no-any-return]


async def delete_customer(client: httpx.AsyncClient, brand: Brand, customer_id: str) -> None:
    response = await client.delete(f"{CUSTOMERS}/{customer_id}", headers=brand.owner)
    assert response.status_code == 204, response.text


async def test_an_order_opened_with_a_customer_embeds_its_summary(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    assert order["customer"] == {
        "id": dao["id"],
        "name": "Nguyễn Thị Đào",
        "phone": dao["phones"][0]["number"],
        "phone_display": dao["phones"][0]["display"],
        "email": dao["emails"][0]["address"],
        "account_status": "captured",
        "deleted_at": None,
    }
    assert [e["action"] for e in await events_of(client, brand, order)] == [
        "order.created",
        "customer.attached",
    ]


async def test_attaching_later_answers_with_the_customer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand)
    response = await attach(client, order, dao["id"], brand.cashier)
    assert response.status_code == 200
    assert response.json()["customer"]["id"] == dao["id"]
    fetched = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert fetched.json()["customer"]["name"] == "Nguyễn Thị Đào"


async def test_changing_lines_keeps_the_customer_in_the_answer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    tea = {"sku": "TR-01", "name": "Trà đào", "quantity": 1, "unit_price": 35_000}
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"lines": [COFFEE, BREAD, tea]}, headers=brand.cashier
    )
    assert response.json()["customer"]["id"] == dao["id"]
    assert response.json()["total"] == order["total"] + 35_000


async def test_replacing_the_customer_records_the_previous_one(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao, lan = (
        await create_customer(client, brand),
        await create_customer(client, brand, name="Trần Lan"),
    )
    order = await open_order(client, brand, customer_id=dao["id"])
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"customer_id": lan["id"]}, headers=brand.cashier
    )
    assert response.json()["customer"]["name"] == "Trần Lan"
    last = (await events_of(client, brand, order))[-1]
    assert (last["action"], last["customer_id"], last["previous_customer_id"]) == (
        "customer.attached",
        lan["id"],
        dao["id"],
    )


@pytest.mark.parametrize("how", ["delete", "patch"])
async def test_detaching_leaves_the_order_without_customer(
    client: httpx.AsyncClient, db: Database, how: str
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    url = f"{ORDERS}/{order['id']}"
    if how == "delete":
        response = await client.delete(f"{url}/customer", headers=brand.cashier)
    else:
        response = await client.patch(url, json={"customer_id": None}, headers=brand.cashier)
    assert response.status_code == 200
    assert response.json()["customer"] is None
    last = (await events_of(client, brand, order))[-1]
    assert (last["action"], last["customer_id"], last["actor_role"]) == (
        "customer.detached",
        dao["id"],
        "cashier",
    )


async def test_attaching_the_same_customer_again_changes_nothing(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    response = await attach(client, order, dao["id"], brand.cashier)
    assert response.json()["version"] == order["version"]
    assert len(await events_of(client, brand, order)) == 2


async def test_a_completed_order_keeps_its_customer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert response.json()["customer"]["id"] == dao["id"]
    assert (await events_of(client, brand, order))[-1]["customer_id"] == dao["id"]


@pytest.mark.parametrize("closing", ["complete", "void"])
async def test_a_cashier_cannot_change_the_customer_of_a_closed_order(
    client: httpx.AsyncClient, db: Database, closing: str
) -> None:
    brand = await create_brand(client, db)
    dao, lan = (
        await create_customer(client, brand),
        await create_customer(client, brand, name="Lan"),
    )
    order = await open_order(client, brand, customer_id=dao["id"])
    await client.post(f"{ORDERS}/{order['id']}/{closing}", headers=brand.cashier)
    for response in (
        await attach(client, order, lan["id"], brand.cashier),
        await client.delete(f"{ORDERS}/{order['id']}/customer", headers=brand.cashier),
    ):
        assert response.status_code == 409
        assert error_code(response) == "order.closed"
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json()["customer"]["id"] == dao["id"]


async def test_an_owner_may_attach_a_customer_to_a_completed_order_without_one(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand)
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    refused = await attach(client, order, dao["id"], brand.cashier)
    assert refused.status_code == 409
    response = await attach(client, order, dao["id"], brand.owner)
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["customer"]["id"] == dao["id"]
    last = (await events_of(client, brand, order))[-1]
    assert (last["action"], last["actor_role"], last["customer_id"]) == (
        "customer.attached_after_completion",
        "owner",
        dao["id"],
    )


async def test_an_owner_cannot_replace_the_customer_of_a_completed_order(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao, lan = (
        await create_customer(client, brand),
        await create_customer(client, brand, name="Lan"),
    )
    order = await open_order(client, brand, customer_id=dao["id"])
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    response = await attach(client, order, lan["id"], brand.owner)
    assert response.status_code == 409
    assert error_code(response) == "order.closed"


async def test_an_owner_cannot_attach_to_a_voided_order(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand)
    await client.post(f"{ORDERS}/{order['id']}/void", headers=brand.cashier)
    assert (await attach(client, order, dao["id"], brand.owner)).status_code == 409


async def test_a_deleted_customer_stays_on_their_orders(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    await delete_customer(client, brand, dao["id"])
    shown = (await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)).json()
    assert shown["customer"]["id"] == dao["id"]
    assert shown["customer"]["deleted_at"] is not None
    changed = await client.patch(
        f"{ORDERS}/{order['id']}", json={"lines": [COFFEE]}, headers=brand.cashier
    )
    assert changed.status_code == 200
    assert changed.json()["customer"]["id"] == dao["id"]


async def test_a_deleted_customer_cannot_be_newly_attached(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand)
    await delete_customer(client, brand, dao["id"])
    responses = [
        await client.post(ORDERS, json={"customer_id": dao["id"]}, headers=brand.cashier),
        await attach(client, order, dao["id"], brand.cashier),
        await client.patch(
            f"{ORDERS}/{order['id']}",
            json={"customer_id": dao["id"], "note": "x"},
            headers=brand.headers(lang="vi"),
        ),
    ]
    assert [(r.status_code, error_code(r)) for r in responses] == [(409, "customer.deleted")] * 3
    assert "khôi phục" in responses[2].json()["error"]["message"]
    listed = (await client.get(ORDERS, headers=brand.cashier)).json()["items"]
    assert [(o["number"], o["customer"], o["note"]) for o in listed] == [(1, None, None)]


async def test_a_restored_customer_can_be_attached_again(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    await delete_customer(client, brand, dao["id"])
    restored = await client.post(f"{CUSTOMERS}/{dao['id']}/restore", headers=brand.owner)
    assert restored.status_code == 200
    order = await open_order(client, brand, customer_id=dao["id"])
    assert order["customer"]["deleted_at"] is None


async def test_another_brands_customer_is_404_everywhere(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand, other = await create_brand(client, db), await create_brand(client, db)
    theirs = await create_customer(client, other)
    order = await open_order(client, brand)
    url = f"{ORDERS}/{order['id']}"
    responses = [
        await client.post(ORDERS, json={"customer_id": theirs["id"]}, headers=brand.cashier),
        await attach(client, order, theirs["id"], brand.cashier),
        await attach(client, order, theirs["id"], brand.owner),
        await client.patch(url, json={"customer_id": theirs["id"]}, headers=brand.cashier),
        await client.get(ORDERS, params={"customer_id": theirs["id"]}, headers=brand.cashier),
        await client.get(f"{CUSTOMERS}/{theirs['id']}/orders", headers=brand.cashier),
    ]
    assert [(r.status_code, error_code(r)) for r in responses] == [(404, "customer.not_found")] * 6
    assert (await client.get(url, headers=brand.cashier)).json() == order
    assert len((await client.get(ORDERS, headers=brand.cashier)).json()["items"]) == 1


async def test_a_missing_customer_is_404_and_nothing_is_written(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    missing = "00000000-0000-4000-8000-000000000000"
    response = await client.patch(
        f"{ORDERS}/{order['id']}",
        json={"customer_id": missing, "lines": [COFFEE], "note": "x"},
        headers=brand.cashier,
    )
    assert response.status_code == 404
    assert (await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)).json() == order


async def test_the_customer_history_is_newest_first_with_a_cursor(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    mine = [await open_order(client, brand, customer_id=dao["id"]) for _ in range(3)]
    await open_order(client, brand)
    url = f"{CUSTOMERS}/{dao['id']}/orders"
    first = (await client.get(url, params={"limit": 2}, headers=brand.cashier)).json()
    assert [o["id"] for o in first["items"]] == [mine[2]["id"], mine[1]["id"]]
    rest = await client.get(
        url, params={"limit": 2, "cursor": first["next_cursor"]}, headers=brand.cashier
    )
    assert [o["id"] for o in rest.json()["items"]] == [mine[0]["id"]]
    assert rest.json()["next_cursor"] is None
    filtered = await client.get(ORDERS, params={"customer_id": dao["id"]}, headers=brand.cashier)
    assert [o["id"] for o in filtered.json()["items"]] == [o["id"] for o in reversed(mine)]


async def test_the_history_survives_the_customers_deletion(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    order = await open_order(client, brand, customer_id=dao["id"])
    await delete_customer(client, brand, dao["id"])
    history = await client.get(f"{CUSTOMERS}/{dao['id']}/orders", headers=brand.cashier)
    assert [o["id"] for o in history.json()["items"]] == [order["id"]]


async def test_the_customer_detail_totals_completed_orders(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    fresh = (await client.get(f"{CUSTOMERS}/{dao['id']}", headers=brand.cashier)).json()
    assert fresh["stats"] == {"order_count": 0, "total_spent": 0, "last_order_at": None}
    done = []
    for lines in ([COFFEE], [COFFEE, BREAD]):
        order = await open_order(client, brand, customer_id=dao["id"], lines=lines)
        completed = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
        done.append(completed.json())
    voided = await open_order(client, brand, customer_id=dao["id"])
    await client.post(f"{ORDERS}/{voided['id']}/void", headers=brand.cashier)
    await open_order(client, brand, customer_id=dao["id"])
    detail = await client.get(f"{CUSTOMERS}/{dao['id']}", headers=brand.cashier)
    assert detail.headers["etag"]
    stats = detail.json()["stats"]
    assert (stats["order_count"], stats["total_spent"]) == (2, 58_000 + 83_000)
    assert stats["last_order_at"] == done[-1]["completed_at"]


async def test_a_list_loads_every_customer_in_one_go(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)

    async def queries_to_list() -> int:
        with recorded(db) as statements:
            response = await client.get(ORDERS, headers=brand.cashier)
        assert all(o["customer"] for o in response.json()["items"])
        return len(statements)

    for _ in range(2):
        await open_order(client, brand, customer_id=(await create_customer(client, brand))["id"])
    few = await queries_to_list()
    for _ in range(10):
        await open_order(client, brand, customer_id=(await create_customer(client, brand))["id"])
    assert await queries_to_list() == few


async def test_an_idempotency_key_opens_one_order(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
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
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    headers = {**brand.cashier, "Idempotency-Key": "till-1-0002"}
    await client.post(ORDERS, json={"lines": [COFFEE]}, headers=headers)
    reused = await client.post(ORDERS, json={"lines": [BREAD]}, headers=headers)
    assert reused.status_code == 422
    assert error_code(reused) == "idempotency.key_reused"


async def test_a_failed_create_releases_its_idempotency_key(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    await delete_customer(client, brand, dao["id"])
    headers = {**brand.cashier, "Idempotency-Key": "till-1-0003"}
    body = {"customer_id": dao["id"]}
    assert (await client.post(ORDERS, json=body, headers=headers)).status_code == 409
    await client.post(f"{CUSTOMERS}/{dao['id']}/restore", headers=brand.owner)
    retried = await client.post(ORDERS, json=body, headers=headers)
    assert retried.status_code == 201
    assert retried.json()["number"] == 1
