"""Calls on one customer of the directory API, shared by the directory's tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand

CUSTOMERS = "/api/v1/customers"


async def patch_customer(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    body: dict[str, Any],
    *,
    etag: str | None = None,
) -> httpx.Response:
    """The cashier changes `customer`, naming its version (or `etag`) in If-Match."""
    headers = {**brand.cashier, "If-Match": etag or f'"{customer["version"]}"'}
    return await client.patch(f"{CUSTOMERS}/{customer['id']}", headers=headers, json=body)


async def get_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> dict[str, Any]:
    """`customer` as the cashier reads it now."""
    response = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def customer_actions(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> list[str]:
    """The actions in `customer`'s audit trail, newest first."""
    response = await client.get(f"{CUSTOMERS}/{customer['id']}/events", headers=brand.cashier)
    assert response.status_code == 200, response.text
    return [e["action"] for e in response.json()["items"]]


async def delete_customer(client: httpx.AsyncClient, brand: Brand, customer_id: str) -> None:
    """The owner soft-deletes the customer."""
    response = await client.delete(f"{CUSTOMERS}/{customer_id}", headers=brand.owner)
    assert response.status_code == 204, response.text
