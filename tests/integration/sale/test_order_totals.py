"""Order totals are capped, and every sum of them is exact on both databases."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import update

from patronage.core.db import Database
from patronage.sale.models import SaleOrder
from patronage.sale.rules import MAX_LINES, MAX_ORDER_TOTAL, MAX_QUANTITY, MAX_UNIT_PRICE
from tests.factories import Brand, acting_for
from tests.factories.orders import ORDERS, open_order
from tests.integration.answers import assert_error, error_code


def _line(quantity: int, unit_price: int, n: int = 0) -> dict[str, object]:
    return {"sku": f"SKU-{n}", "name": "Vàng", "quantity": quantity, "unit_price": unit_price}


async def test_an_order_over_the_maximum_total_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    lines = [_line(MAX_QUANTITY, MAX_UNIT_PRICE, n) for n in range(MAX_LINES)]
    response = await client.post(ORDERS, json={"lines": lines}, headers=brand.cashier)
    assert_error(response, 422, "order.total_too_large")
    assert response.json()["error"]["details"] == {"max_total": MAX_ORDER_TOTAL}


async def test_an_order_of_exactly_the_maximum_total_is_accepted(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    order = await open_order(client, brand, lines=[_line(1000, MAX_ORDER_TOTAL // 1000)])
    assert order["total"] == MAX_ORDER_TOTAL


async def test_changing_lines_over_the_maximum_is_refused(
    client: httpx.AsyncClient, brand: Brand, order: dict[str, Any]
) -> None:
    lines = [_line(MAX_QUANTITY, MAX_UNIT_PRICE, n) for n in range(2)]
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"lines": lines}, headers=brand.cashier
    )
    assert error_code(response) == "order.total_too_large"


async def _completed_order_of(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer_id: str, total: int
) -> None:
    order = await open_order(client, brand, customer_id=customer_id)
    completed = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    assert completed.status_code == 200
    # A total no order may reach any more: rows written before the cap existed.
    async with acting_for(db, brand) as (session, merchant_id):
        await session.execute(
            update(SaleOrder)
            .where(SaleOrder.merchant_id == merchant_id, SaleOrder.id == uuid.UUID(order["id"]))
            .values(total=total, subtotal=total)
        )


async def test_a_customers_spending_is_summed_exactly_past_64_bits(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer: dict[str, Any]
) -> None:
    biggest = MAX_LINES * MAX_QUANTITY * MAX_UNIT_PRICE  # 5·10^18, what lines alone allow
    for _ in range(2):
        await _completed_order_of(client, db, brand, customer["id"], biggest + 7)
    response = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.cashier)
    assert response.status_code == 200
    assert response.json()["stats"]["total_spent"] == 2 * (biggest + 7)
    assert response.json()["stats"]["order_count"] == 2
