"""Factories for order tests: customers through the directory's API, orders through ours."""

from __future__ import annotations

import random
from typing import Any

import httpx

from tests.factories import Brand

ORDERS = "/api/v1/orders"
CUSTOMERS = "/api/v1/customers"
COFFEE = {"sku": "CF-01", "name": "Cà phê sữa đá", "quantity": 2, "unit_price": 29_000}
BREAD = {"sku": "BM-01", "name": "Bánh mì thịt", "quantity": 1, "unit_price": 25_000}
TEA = {"sku": "TR-01", "name": "Trà đào", "quantity": 3, "unit_price": 35_000}


async def new_customer(
    client: httpx.AsyncClient,
    brand: Brand,
    name: str = "Nguyễn Thị Đào",
    *,
    phone: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A customer of `brand`, created by its cashier (a random VN mobile unless given)."""
    phone = phone or f"0912{random.randrange(10**6):06d}"
    digits = "".join(ch for ch in phone if ch.isdigit())
    body = {"name": name, "phones": [phone], "emails": [f"c{digits}@example.com"], **extra}
    response = await client.post(CUSTOMERS, json=body, headers=brand.cashier)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def open_order(client: httpx.AsyncClient, brand: Brand, **body: Any) -> dict[str, Any]:
    """An open order of `brand` (coffee and bread unless `lines` is given)."""
    body.setdefault("lines", [COFFEE, BREAD])
    response = await client.post(ORDERS, json=body, headers=brand.cashier)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])
