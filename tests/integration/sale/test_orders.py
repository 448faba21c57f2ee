"""Orders at the till: open with lines, numbered per brand, change, complete or void, events."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.factories import Brand
from tests.factories.orders import BREAD, COFFEE, ORDERS, TEA, open_order
from tests.integration.answers import assert_error
from tests.integration.conftest import METRICS_AUTH


async def test_an_order_computes_its_totals_in_the_brand_currency(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    assert order["status"] == "open"
    assert order["subtotal"] == order["total"] == 2 * 29_000 + 25_000
    assert order["currency"] == "VND"
    assert [line["line_total"] for line in order["lines"]] == [58_000, 25_000]
    assert order["customer"] is None
    assert order["completed_at"] is None


async def test_an_order_may_start_empty(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.post(ORDERS, json={}, headers=brand.cashier)
    assert response.status_code == 201
    assert response.json()["lines"] == []
    assert response.json()["total"] == 0


async def test_orders_are_numbered_per_brand(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    numbers = [(await open_order(client, brand))["number"] for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert (await open_order(client, other_brand))["number"] == 1


@pytest.mark.postgres_only
async def test_concurrent_checkouts_get_distinct_numbers(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    responses = await asyncio.gather(
        *(client.post(ORDERS, json={"lines": [COFFEE]}, headers=brand.cashier) for _ in range(10))
    )
    assert [r.status_code for r in responses] == [201] * 10
    assert sorted(r.json()["number"] for r in responses) == list(range(1, 11))


@pytest.mark.postgres_only
async def test_concurrent_changes_of_one_order_are_serialised(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{order['id']}"
    changes = await asyncio.gather(
        *(client.patch(url, json={"note": f"#{i}"}, headers=brand.cashier) for i in range(5))
    )
    assert [r.status_code for r in changes] == [200] * 5
    assert (await client.get(url, headers=brand.cashier)).json()["version"] == order["version"] + 5


@pytest.mark.postgres_only
async def test_completing_and_voiding_at_once_lets_exactly_one_win(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{order['id']}"
    complete, void = await asyncio.gather(
        client.post(f"{url}/complete", headers=brand.cashier),
        client.post(f"{url}/void", headers=brand.owner),
    )
    assert sorted([complete.status_code, void.status_code]) == [200, 409]
    events = (await client.get(f"{url}/events", headers=brand.cashier)).json()["items"]
    assert len(events) == 2


async def test_patch_replaces_the_lines_and_recomputes_the_total(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    response = await client.patch(
        f"{ORDERS}/{order['id']}",
        json={"lines": [COFFEE, BREAD, TEA], "note": "Ít đá"},
        headers=brand.cashier,
    )
    assert response.status_code == 200
    changed = response.json()
    assert [line["sku"] for line in changed["lines"]] == ["CF-01", "BM-01", "TR-01"]
    assert changed["total"] == 58_000 + 25_000 + 105_000
    assert changed["note"] == "Ít đá"
    assert changed["version"] == order["version"] + 1
    again = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert again.json() == changed


async def test_patch_without_lines_keeps_them(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"note": "Mang đi"}, headers=brand.cashier
    )
    assert response.json()["lines"] == order["lines"]
    cleared = await client.patch(
        f"{ORDERS}/{order['id']}", json={"note": None}, headers=brand.cashier
    )
    assert cleared.json()["note"] is None


async def test_completions_are_counted_for_the_metrics(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    body = (await client.get("/metrics", headers=METRICS_AUTH)).text
    assert 'patronage_orders_completed_total{with_customer="false"}' in body


async def test_an_empty_order_cannot_be_completed(client: httpx.AsyncClient, brand: Brand) -> None:
    order = await open_order(client, brand, lines=[])
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert_error(response, 422, "order.empty")


@pytest.mark.parametrize(
    ("closing", "status", "stamp"),
    [("complete", "completed", "completed_at"), ("void", "voided", "voided_at")],
)
async def test_closing_an_open_order_stamps_when_and_keeps_the_total(
    client: httpx.AsyncClient,
    brand: Brand,
    order: dict[str, Any],
    closing: str,
    status: str,
    stamp: str,
) -> None:
    response = await client.post(f"{ORDERS}/{order['id']}/{closing}", headers=brand.cashier)
    assert response.status_code == 200
    assert response.json()["status"] == status
    assert response.json()[stamp] is not None
    assert response.json()["total"] == order["total"]


@pytest.mark.parametrize("closing", ["complete", "void"])
@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PATCH", "", {"lines": [COFFEE]}),
        ("PATCH", "", {"note": "late"}),
        ("POST", "/complete", None),
        ("POST", "/void", None),
        ("DELETE", "/customer", None),
    ],
)
async def test_a_closed_order_refuses_changes(
    client: httpx.AsyncClient,
    brand: Brand,
    order: dict[str, Any],
    closing: str,
    method: str,
    suffix: str,
    body: dict[str, Any] | None,
) -> None:
    await client.post(f"{ORDERS}/{order['id']}/{closing}", headers=brand.cashier)
    response = await client.request(
        method, f"{ORDERS}/{order['id']}{suffix}", json=body, headers=brand.headers(lang="vi")
    )
    if suffix == "/customer":
        # No customer to detach: asking for what is already there changes nothing.
        assert response.status_code == 200
        return
    assert_error(response, 409, "order.closed")
    assert "không thể thay đổi" in response.json()["error"]["message"]
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json()["lines"] == order["lines"]
    assert after.json()["note"] == order["note"]


async def test_events_record_who_created_and_completed(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.owner)
    events = (await client.get(f"{ORDERS}/{order['id']}/events", headers=brand.cashier)).json()
    assert [(e["action"], e["actor_role"]) for e in events["items"]] == [
        ("order.created", "cashier"),
        ("order.completed", "owner"),
    ]
    assert all(e["actor_id"] for e in events["items"])
