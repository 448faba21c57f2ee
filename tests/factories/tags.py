"""Tag factories: define a tag as the owner, set a customer's tags as staff."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand

TAGS = "/api/v1/tags"


def tags_path(customer: dict[str, Any]) -> str:
    return f"/api/v1/customers/{customer['id']}/tags"


async def create_tag(client: httpx.AsyncClient, brand: Brand, name: str = "VIP") -> dict[str, Any]:
    """A tag defined by the brand's owner."""
    response = await client.post(TAGS, json={"name": name}, headers=brand.owner)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def put_tags(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    tags: list[str],
    *,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Set the customer's tags (the brand's cashier unless `headers` say otherwise)."""
    return await client.put(
        tags_path(customer), json={"tags": tags}, headers=headers or brand.cashier
    )


async def tag_names(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> list[str]:
    """The names of the tags the customer carries, as the owner sees them."""
    response = await client.get(tags_path(customer), headers=brand.owner)
    assert response.status_code == 200, response.text
    return [t["name"] for t in response.json()["items"]]
