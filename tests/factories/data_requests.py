"""Data requests and erasure through the API, as the tests file and answer them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand

QUEUE = "/api/v1/data-requests"
MINE = "/api/v1/me/requests"


def requests_path(customer: dict[str, Any]) -> str:
    return f"/api/v1/customers/{customer['id']}/data-requests"


def erase_path(customer: dict[str, Any]) -> str:
    return f"/api/v1/customers/{customer['id']}/erase"


async def file_at_till(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    kind: str = "correct",
    **extra: Any,
) -> dict[str, Any]:
    """The brand's cashier files a request for the customer; the request as answered."""
    response = await client.post(
        requests_path(customer), json={"kind": kind, **extra}, headers=brand.cashier
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def erase(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    *,
    confirm: str = "ERASE",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    """The brand's owner (unless `headers` say otherwise) erases the customer."""
    return await client.post(
        erase_path(customer), json={"confirm": confirm, **extra}, headers=headers or brand.owner
    )
