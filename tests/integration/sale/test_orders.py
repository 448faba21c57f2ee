"""Sale orders: lines and totals, numbering, status changes, listing, isolation, bad input."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.factories import create_brand
from tests.factories.orders import BREAD, COFFEE, ORDERS, TEA, error_code, open_order
from tests.integration.statements import recorded


async def test_an_order_computes_its_totals_in_the_brand_currency(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    assert order["status"] == "open"
    assert order["subtotal"] == order["total"] == 2 * 29_000 + 25_000
    assert order["currency"] == "VND"
    assert [line["line_total"] for line in order["lines"]] == [58_000, 25_000]
    assert order["customer"] is None
    assert order["completed_at"] is None


async def test_an_order_may_start_empty(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(ORDERS, json={}, headers=brand.cashier)
    assert response.status_code == 201
    assert response.json()["lines"] == []
    assert response.json()["total"] == 0


async def test_orders_are_numbered_per_brand(client: httpx.AsyncClient, db: Database) -> None:
    first, second = await create_brand(client, db), await create_brand(client, db)
    numbers = [(await open_order(client, first))["number"] for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert (await open_order(client, second))["number"] == 1


@pytest.mark.postgres_only
async def test_concurrent_checkouts_get_distinct_numbers(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    responses = await asyncio.gather(
        *(client.post(ORDERS, json={"lines": [COFFEE]}, headers=brand.cashier) for _ in range(10))
    )
    assert [r.status_code for r in responses] == [201] * 10
    assert sorted(r.json()["number"] for r in responses) == list(range(1, 11))


@pytest.mark.postgres_only
async def test_concurrent_changes_of_one_order_are_serialised(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    url = f"{ORDERS}/{order['id']}"
    changes = await asyncio.gather(
        *(client.patch(url, json={"note": f"#{i}"}, headers=brand.cashier) for i in range(5))
    )
    assert [r.status_code for r in changes] == [200] * 5
    assert (await client.get(url, headers=brand.cashier)).json()["version"] == order["version"] + 5


@pytest.mark.postgres_only
async def test_completing_and_voiding_at_once_lets_exactly_one_win(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    url = f"{ORDERS}/{order['id']}"
    complete, void = await asyncio.gather(
        client.post(f"{url}/complete", headers=brand.cashier),
        client.post(f"{url}/void", headers=brand.owner),
    )
    assert sorted([complete.status_code, void.status_code]) == [200, 409]
    events = (await client.get(f"{url}/events", headers=brand.cashier)).json()["items"]
    assert len(events) == 2


async def test_the_client_cannot_send_totals(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        ORDERS, json={"lines": [COFFEE], "total": 1}, headers=brand.cashier
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["path"] == "body.total"


async def test_patch_replaces_the_lines_and_recomputes_the_total(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
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


async def test_patch_without_lines_keeps_them(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"note": "Mang đi"}, headers=brand.cashier
    )
    assert response.json()["lines"] == order["lines"]
    cleared = await client.patch(
        f"{ORDERS}/{order['id']}", json={"note": None}, headers=brand.cashier
    )
    assert cleared.json()["note"] is None


async def test_completing_sets_completed_at(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["completed_at"] is not None


async def test_completions_are_counted_for_the_metrics(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    body = (await client.get("/metrics")).text
    assert 'patronage_orders_completed_total{with_customer="false"}' in body


async def test_an_empty_order_cannot_be_completed(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand, lines=[])
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert response.status_code == 422
    assert error_code(response) == "order.empty"


async def test_voiding_an_open_order(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    response = await client.post(f"{ORDERS}/{order['id']}/void", headers=brand.cashier)
    assert response.status_code == 200
    assert response.json()["status"] == "voided"
    assert response.json()["voided_at"] is not None
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
    db: Database,
    closing: str,
    method: str,
    suffix: str,
    body: dict[str, Any] | None,
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    await client.post(f"{ORDERS}/{order['id']}/{closing}", headers=brand.cashier)
    response = await client.request(
        method, f"{ORDERS}/{order['id']}{suffix}", json=body, headers=brand.headers(lang="vi")
    )
    if suffix == "/customer":
        # No customer to detach: asking for what is already there changes nothing.
        assert response.status_code == 200
        return
    assert response.status_code == 409
    assert error_code(response) == "order.closed"
    assert "không thể thay đổi" in response.json()["error"]["message"]
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json()["lines"] == order["lines"]
    assert after.json()["note"] == order["note"]


async def test_the_list_is_newest_first_with_a_cursor(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
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


async def test_a_list_costs_the_same_queries_for_2_or_12_orders(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)

    async def queries_to_list() -> int:
        with recorded(db) as statements:
            response = await client.get(ORDERS, headers=brand.cashier)
        assert response.status_code == 200
        return len(statements)

    for _ in range(2):
        await open_order(client, brand)
    few = await queries_to_list()
    for _ in range(10):
        await open_order(client, brand)
    assert await queries_to_list() == few


async def test_the_list_filters_by_status(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
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
    client: httpx.AsyncClient, db: Database, params: dict[str, Any]
) -> None:
    brand = await create_brand(client, db)
    response = await client.get(ORDERS, params=params, headers=brand.cashier)
    assert response.status_code == 422
    assert response.json()["error"]["message"]


async def test_another_brand_gets_404_for_every_order_path(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand, other = await create_brand(client, db), await create_brand(client, db)
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
        response = await client.request(method, path, json=body, headers=other.cashier)
        assert response.status_code == 404, (method, path)
        assert error_code(response) == "order.not_found"
    listed = await client.get(ORDERS, headers=other.cashier)
    assert listed.json()["items"] == []
    untouched = await client.get(url, headers=brand.cashier)
    assert untouched.json() == order


@pytest.mark.postgres_only
async def test_row_level_security_hides_orders_lines_and_events_of_other_brands(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    brand, other = await create_brand(client, db), await create_brand(client, db)
    await open_order(client, brand)
    unchecked = Database(settings)
    try:
        async with unchecked.unit_of_work() as session:
            await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(other.merchant_id))
            counts = [
                await session.scalar(text(f"SELECT count(*) FROM {table}"))
                for table in ("sale_orders", "sale_order_lines", "sale_order_events")
            ]
    finally:
        await unchecked.dispose()
    assert counts == [0, 0, 0]


async def test_a_malformed_order_id_is_422(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.get(f"{ORDERS}/not-a-uuid", headers=brand.cashier)
    assert response.status_code == 422


async def test_orders_need_a_signed_in_staff_member(client: httpx.AsyncClient) -> None:
    assert (await client.post(ORDERS, json={})).status_code == 401


BAD_LINES = [
    ("zero quantity", {**COFFEE, "quantity": 0}, "greater_than_equal"),
    ("negative quantity", {**COFFEE, "quantity": -2}, "greater_than_equal"),
    ("fractional quantity", {**COFFEE, "quantity": 1.5}, "int_type"),
    ("quantity as text", {**COFFEE, "quantity": "2"}, "int_type"),
    ("absurd quantity", {**COFFEE, "quantity": 10_001}, "less_than_equal"),
    ("fractional money", {**COFFEE, "unit_price": 29_000.5}, "int_type"),
    ("whole float money", {**COFFEE, "unit_price": 29_000.0}, "int_type"),
    ("negative money", {**COFFEE, "unit_price": -1}, "greater_than_equal"),
    ("absurd money", {**COFFEE, "unit_price": 10**12 + 1}, "less_than_equal"),
    ("huge number", {**COFFEE, "unit_price": 10**40}, "less_than_equal"),
    ("boolean quantity", {**COFFEE, "quantity": True}, "int_type"),
    ("empty sku", {**COFFEE, "sku": "  "}, "sku.empty"),
    ("long sku", {**COFFEE, "sku": "S" * 65}, "sku.too_long"),
    ("nul in name", {**COFFEE, "name": "Cà\x00phê"}, "name.control_characters"),
    ("empty name", {**COFFEE, "name": ""}, "name.empty"),
    ("missing price", {"sku": "A", "name": "A", "quantity": 1}, "missing"),
    ("unknown field", {**COFFEE, "discount": 5}, "extra_forbidden"),
]


@pytest.mark.parametrize(("case", "line", "kind"), BAD_LINES, ids=[c[0] for c in BAD_LINES])
async def test_bad_lines_are_refused_with_the_field_named(
    client: httpx.AsyncClient, db: Database, case: str, line: dict[str, Any], kind: str
) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        ORDERS, json={"lines": [BREAD, line]}, headers=brand.headers(lang="vi")
    )
    assert response.status_code == 422, response.text
    field = response.json()["error"]["details"]["fields"][0]
    assert field["type"] == kind
    assert field["path"].startswith("body.lines.1")
    assert (await client.get(ORDERS, headers=brand.cashier)).json()["items"] == []


async def test_more_than_500_lines_are_refused(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(ORDERS, json={"lines": [COFFEE] * 501}, headers=brand.cashier)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["type"] == "too_long"


async def test_500_lines_are_accepted(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(ORDERS, json={"lines": [COFFEE] * 500}, headers=brand.cashier)
    assert response.status_code == 201
    assert response.json()["total"] == 500 * 58_000


@pytest.mark.parametrize(
    "body",
    [
        {"note": "x" * 2001},
        {"note": "a\x00b"},
        {"lines": None},
        {"lines": "CF-01"},
        {"customer_id": "not-a-uuid"},
        {"status": "completed"},
    ],
)
async def test_a_bad_change_leaves_the_order_as_it_was(
    client: httpx.AsyncClient, db: Database, body: dict[str, Any]
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    response = await client.patch(f"{ORDERS}/{order['id']}", json=body, headers=brand.cashier)
    assert response.status_code == 422
    after = await client.get(f"{ORDERS}/{order['id']}", headers=brand.cashier)
    assert after.json() == order


async def test_malformed_json_is_400(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        ORDERS,
        content=b'{"lines": [',
        headers={**brand.cashier, "Content-Type": "application/json"},
    )
    assert response.status_code == 400


async def test_events_record_who_created_and_completed(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    order = await open_order(client, brand)
    await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.owner)
    events = (await client.get(f"{ORDERS}/{order['id']}/events", headers=brand.cashier)).json()
    assert [(e["action"], e["actor_role"]) for e in events["items"]] == [
        ("order.created", "cashier"),
        ("order.completed", "owner"),
    ]
    assert all(e["actor_id"] for e in events["items"])
