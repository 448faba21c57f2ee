"""Duplicate profiles and their merges, through the API."""

from __future__ import annotations

import random
from typing import Any

import httpx

from tests.factories import Brand, create_customer, unique_email

DUPLICATES = "/api/v1/customers/duplicates"


def merge_path(survivor: dict[str, Any], suffix: str = "") -> str:
    return f"/api/v1/customers/{survivor['id']}/merge{suffix}"


def preview_path(survivor: dict[str, Any], source: dict[str, Any], fields: str = "") -> str:
    path = f"/api/v1/customers/{survivor['id']}/merge-preview?source_id={source['id']}"
    return f"{path}&fields={fields}" if fields else path


def renumbered_pair() -> tuple[str, str]:
    """Two Vietnamese mobiles of one person, typed with two network prefixes: the same
    seven subscriber digits."""
    tail = f"{random.randrange(10_000_000):07d}"
    return f"098{tail}", f"038{tail}"


async def duplicate_by_phone(
    client: httpx.AsyncClient, brand: Brand, name: str = "Trần Văn Bình", **fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two profiles of one name whose phones share their last seven digits."""
    old, new = renumbered_pair()
    first = await create_customer(client, brand, name=name, phones=[old], **fields)
    second = await create_customer(client, brand, name=name.upper(), phones=[new])
    return first, second  # type: ignore[return-value]


async def merge(
    client: httpx.AsyncClient,
    brand: Brand,
    survivor: dict[str, Any],
    source: dict[str, Any],
    *,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """The owner merges `source` into `survivor`."""
    body: dict[str, Any] = {"source_id": source["id"]}
    if fields:
        body["fields"] = fields
    return await client.post(merge_path(survivor), json=body, headers=headers or brand.owner)


async def undo(
    client: httpx.AsyncClient,
    brand: Brand,
    survivor: dict[str, Any],
    source: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """The owner undoes the merge of `source` into `survivor`."""
    return await client.post(
        merge_path(survivor, "/undo"),
        json={"source_id": source["id"]},
        headers=headers or brand.owner,
    )


async def read(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> Any:
    response = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    assert response.status_code == 200, response.text
    return response.json()


def fresh_email(local: str | None = None, domain: str = "example.vn") -> str:
    return f"{local}@{domain}" if local else unique_email("twin")
