"""The customer travels with the order: attach, detach, the rules of closed orders and deleted
customers, isolation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import Brand, create_customer
from tests.factories.orders import (
    BREAD,
    COFFEE,
    CUSTOMERS,
    ORDERS,
    open_order,
)
from tests.integration.answers import assert_error, error_code
from tests.integration.directory.customers import delete_customer


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


async def test_an_order_opened_with_a_customer_embeds_its_summary(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    assert order["customer"] == {
        "id": customer["id"],
        "name": "Nguyễn Thị Đào",
        "phone": customer["phones"][0]["number"],
        "phone_display": customer["phones"][0]["display"],
        "email": customer["emails"][0]["address"],
        "account_status": "captured",
        "deleted_at": None,
    }
    assert [e["action"] for e in await events_of(client, brand, order)] == [
        "order.created",
        "customer.attached",
    ]


async def test_attaching_later_answers_with_the_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], order: dict[str, Any]
) -> None:
    response = await attach(client, order, customer["id"], brand.cashier)
    assert response.status_code == 200
    assert response.json()["customer"]["id"] == customer["id"]
    fetched = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert fetched.json()["customer"]["name"] == "Nguyễn Thị Đào"


async def test_changing_lines_keeps_the_customer_in_the_answer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    tea = {"sku": "TR-01", "name": "Trà đào", "quantity": 1, "unit_price": 35_000}
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"lines": [COFFEE, BREAD, tea]}, headers=brand.cashier
    )
    assert response.json()["customer"]["id"] == customer["id"]
    assert response.json()["total"] == order["total"] + 35_000


async def test_replacing_the_customer_records_the_previous_one(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], lan: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"customer_id": lan["id"]}, headers=brand.cashier
    )
    assert response.json()["customer"]["name"] == "Trần Lan"
    last = (await events_of(client, brand, order))[-1]
    assert (last["action"], last["customer_id"], last["previous_customer_id"]) == (
        "customer.attached",
        lan["id"],
        customer["id"],
    )


@pytest.mark.parametrize("how", ["delete", "patch"])
async def test_detaching_leaves_the_order_without_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], how: str
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
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
        customer["id"],
        "cashier",
    )


async def test_attaching_the_same_customer_again_changes_nothing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    response = await attach(client, order, customer["id"], brand.cashier)
    assert response.json()["version"] == order["version"]
    assert len(await events_of(client, brand, order)) == 2


async def test_a_completed_order_keeps_its_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert response.json()["customer"]["id"] == customer["id"]
    assert (await events_of(client, brand, order))[-1]["customer_id"] == customer["id"]


@pytest.mark.parametrize("closing", ["complete", "void"])
async def test_a_cashier_cannot_change_the_customer_of_a_closed_order(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    lan: dict[str, Any],
    closing: str,
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    await client.post(f"{ORDERS}/{order['id']}/{closing}", headers=brand.cashier)
    for response in (
        await attach(client, order, lan["id"], brand.cashier),
        await client.delete(f"{ORDERS}/{order['id']}/customer", headers=brand.cashier),
    ):
        assert_error(response, 409, "order.closed")
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json()["customer"]["id"] == customer["id"]


async def test_an_owner_may_attach_a_customer_to_a_completed_order_without_one(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], order: dict[str, Any]
) -> None:
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    refused = await attach(client, order, customer["id"], brand.cashier)
    assert refused.status_code == 409
    response = await attach(client, order, customer["id"], brand.owner)
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["customer"]["id"] == customer["id"]
    last = (await events_of(client, brand, order))[-1]
    assert (last["action"], last["actor_role"], last["customer_id"]) == (
        "customer.attached_after_completion",
        "owner",
        customer["id"],
    )


async def test_an_owner_cannot_replace_the_customer_of_a_completed_order(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], lan: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    response = await attach(client, order, lan["id"], brand.owner)
    assert_error(response, 409, "order.closed")


async def test_an_owner_cannot_attach_to_a_voided_order(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], order: dict[str, Any]
) -> None:
    await client.post(f"{ORDERS}/{order['id']}/void", headers=brand.cashier)
    assert (await attach(client, order, customer["id"], brand.owner)).status_code == 409


async def test_a_deleted_customer_stays_on_their_orders(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await open_order(client, brand, customer_id=customer["id"])
    await delete_customer(client, brand, customer["id"])
    shown = (await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)).json()
    assert shown["customer"]["id"] == customer["id"]
    assert shown["customer"]["deleted_at"] is not None
    changed = await client.patch(
        f"{ORDERS}/{order['id']}", json={"lines": [COFFEE]}, headers=brand.cashier
    )
    assert changed.status_code == 200
    assert changed.json()["customer"]["id"] == customer["id"]


async def test_a_deleted_customer_cannot_be_newly_attached(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], order: dict[str, Any]
) -> None:
    await delete_customer(client, brand, customer["id"])
    responses = [
        await client.post(ORDERS, json={"customer_id": customer["id"]}, headers=brand.cashier),
        await attach(client, order, customer["id"], brand.cashier),
        await client.patch(
            f"{ORDERS}/{order['id']}",
            json={"customer_id": customer["id"], "note": "x"},
            headers=brand.headers(lang="vi"),
        ),
    ]
    assert [(r.status_code, error_code(r)) for r in responses] == [(409, "customer.deleted")] * 3
    assert "khôi phục" in responses[2].json()["error"]["message"]
    listed = (await client.get(ORDERS, headers=brand.cashier)).json()["items"]
    assert [(o["number"], o["customer"], o["note"]) for o in listed] == [(1, None, None)]


async def test_a_restored_customer_can_be_attached_again(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await delete_customer(client, brand, customer["id"])
    restored = await client.post(f"{CUSTOMERS}/{customer['id']}/restore", headers=brand.owner)
    assert restored.status_code == 200
    order = await open_order(client, brand, customer_id=customer["id"])
    assert order["customer"]["deleted_at"] is None


async def test_another_brands_customer_is_404_everywhere(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    theirs = await create_customer(client, other_brand)
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
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    response = await client.patch(
        f"{ORDERS}/{order['id']}",
        json={"customer_id": missing, "lines": [COFFEE], "note": "x"},
        headers=brand.cashier,
    )
    assert response.status_code == 404
    assert (await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)).json() == order
