"""The lookup and the export narrowed to the customers carrying one tag, named by its id or
its name; the lookup's pages stay keyset pages, and the export ends with a `tags` column."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.tags import create_tag, put_tags

CUSTOMERS = "/api/v1/customers"
EXPORT = "/api/v1/customers/export"


@pytest.fixture
async def brand(client: httpx.AsyncClient, db: Database) -> Brand:
    brand = await create_brand(client, db)
    await create_tag(client, brand, "VIP")
    await create_tag(client, brand, "Khách sỉ")
    return brand


async def _lookup(
    client: httpx.AsyncClient, brand: Brand, role: str = "cashier", **params: Any
) -> httpx.Response:
    return await client.get(CUSTOMERS, params=params, headers=brand.headers(role))


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["items"]]


async def _tagged(
    client: httpx.AsyncClient, brand: Brand, name: str, tags: list[str], **fields: Any
) -> dict[str, Any]:
    customer = await create_customer(client, brand, name=name, **fields)
    assert (await put_tags(client, brand, customer, tags)).status_code == 200
    return customer


async def test_the_lookup_without_a_query_lists_the_newest_carrying_the_tag(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await _tagged(client, brand, "Nguyễn Thị Đào", ["VIP"])
    await _tagged(client, brand, "Trần Văn Bình", ["Khách sỉ"])
    await _tagged(client, brand, "Lê Thị Hoa", ["VIP", "Khách sỉ"])
    assert _names(await _lookup(client, brand, tag="vip")) == ["Lê Thị Hoa", "Nguyễn Thị Đào"]


async def test_the_tag_narrows_a_name_and_a_phone_lookup(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    dao = await _tagged(client, brand, "Nguyễn Thị Đào", ["VIP"], phones=["0912 345 678"])
    await _tagged(client, brand, "Nguyễn Văn Đào", [], phones=["0912 345 679"])
    vip_id = (await client.get("/api/v1/tags", headers=brand.cashier)).json()["items"][1]["id"]
    assert _names(await _lookup(client, brand, q="dao", tag="VIP")) == ["Nguyễn Thị Đào"]
    by_phone = await _lookup(client, brand, q="0912 345", tag=vip_id)
    assert [c["id"] for c in by_phone.json()["items"]] == [dao["id"]]
    assert _names(await _lookup(client, brand, q="dao", tag="Khách sỉ")) == []


async def test_the_filtered_lookup_pages_with_cursors_bound_to_the_tag(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for i in range(5):
        await _tagged(client, brand, f"Phạm Thị Lan {i}", ["VIP"] if i % 2 == 0 else [])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": "lan", "tag": "VIP", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = await _lookup(client, brand, **params)
        seen += _names(page)
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == ["Phạm Thị Lan 0", "Phạm Thị Lan 2", "Phạm Thị Lan 4"]
    first = await _lookup(client, brand, q="lan", tag="VIP", limit=1)
    reused = await _lookup(client, brand, q="lan", limit=1, cursor=first.json()["next_cursor"])
    assert reused.status_code == 422


async def test_owners_combine_the_tag_with_deleted_customers_and_cashiers_may_not(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    gone = await _tagged(client, brand, "Đỗ Văn Cũ", ["VIP"])
    await client.delete(f"{CUSTOMERS}/{gone['id']}", headers=brand.owner)
    assert _names(await _lookup(client, brand, tag="VIP")) == []
    both = await _lookup(client, brand, "owner", tag="VIP", include_deleted="true")
    assert _names(both) == ["Đỗ Văn Cũ"]
    refused = await _lookup(client, brand, tag="VIP", include_deleted="true")
    assert refused.status_code == 403


async def test_an_unknown_tag_or_another_brands_tag_is_404(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    rivals_tag = await create_tag(client, rival, "Bí mật")
    for tag in ("Không có", rivals_tag["id"], "Bí mật"):
        response = await _lookup(client, brand, tag=tag)
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "tag.not_found"
        export = await client.get(EXPORT, params={"tag": tag}, headers=brand.owner)
        assert export.status_code == 404


async def test_the_tag_filter_answers_who_asks_first(client: httpx.AsyncClient) -> None:
    response = await client.get(CUSTOMERS, params={"tag": "VIP"})
    assert response.status_code == 401


async def test_the_export_ends_with_the_tags_column_and_filters_by_tag(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    dao = await _tagged(client, brand, "Nguyễn Thị Đào", ["VIP", "Khách sỉ"])
    await _tagged(client, brand, "Trần Văn Bình", [])
    response = await client.get(EXPORT, headers=brand.owner)
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[-1] == "tags"
    assert {r["name"]: r["tags"] for r in rows} == {
        "Nguyễn Thị Đào": "Khách sỉ;VIP",
        "Trần Văn Bình": "",
    }
    only = await client.get(EXPORT, params={"tag": "vip", "format": "jsonl"}, headers=brand.owner)
    records = [json.loads(line) for line in only.text.splitlines()]
    assert [(r["id"], r["tags"]) for r in records] == [(dao["id"], ["Khách sỉ", "VIP"])]
