"""Orders through the API, with lines to put in them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand

ORDERS = "/api/v1/orders"
CUSTOMERS = "/api/v1/customers"
COFFEE = {"sku": "CF-01", "name": "Cà phê sữa đá", "quantity": 2, "unit_price": 29_000}
BREAD = {"sku": "BM-01", "name": "Bánh mì thịt", "quantity": 1, "unit_price": 25_000}
TEA = {"sku": "TR-01", "name": "Trà đào", "quantity": 3, "unit_price": 35_000}


async def open_order(client: httpx.AsyncClient, brand: Brand, **body: Any) -> dict[str, Any]:
    """An open order of `brand` (coffee and bread unless `lines` is given)."""
    body.setdefault("lines", [COFFEE, BREAD])
    response = await client.post(ORDERS, json=body, headers=brand.cashier)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]
