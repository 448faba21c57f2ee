"""The customer export over HTTP: owners download the brand's customers as CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from patronage.directory import export as customer_export
from tests.factories import Brand, create_brand, create_customer, unique_email, vn_phone
from tests.integration.answers import assert_error

EXPORT = "/api/v1/customers/export"


def _csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def _export(client: httpx.AsyncClient, brand: Brand, **params: Any) -> httpx.Response:
    response = await client.get(EXPORT, headers=brand.owner, params=params)
    assert response.status_code == 200, response.text
    return response


async def test_csv_starts_with_a_bom_and_the_documented_header(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await _export(client, brand)
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(customer_export.COLUMNS)


async def test_the_download_is_an_attachment_with_a_dated_filename(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await _export(client, brand, format="jsonl")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="customers-20')
    assert disposition.endswith('.jsonl"')
    assert response.headers["content-type"].startswith("application/x-ndjson")


async def test_csv_joins_several_phones_and_emails_with_semicolons_primary_first(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    email = unique_email("dao")
    customer = await create_customer(
        client,
        brand,
        name="Nguyễn Thị Đào",
        phones=["0912 345 678", {"number": "0987 654 321", "primary": True}],  # type: ignore[list-item]
        emails=["other@example.com", email],
        birthday="1990-04-30",
        note="Thích cà phê sữa đá",
    )
    [row] = _csv_rows(await _export(client, brand))
    assert row["id"] == customer["id"]
    assert row["name"] == "Nguyễn Thị Đào"
    assert row["phones"] == "+84987654321;+84912345678"
    assert row["emails"] == f"other@example.com;{email}"
    assert (row["birthday"], row["note"], row["deleted_at"]) == (
        "1990-04-30",
        "Thích cà phê sữa đá",
        "",
    )


async def test_jsonl_writes_one_object_per_customer_with_lists(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    lines = (await _export(client, brand, format="jsonl")).text.splitlines()
    record = json.loads(lines[0])
    assert len(lines) == 1
    assert set(record) == set(customer_export.COLUMNS)
    assert record["phones"] == [customer["phones"][0]["number"]]  # type: ignore[index]
    assert record["created_at"] == customer["created_at"]


async def test_a_cashier_may_not_export(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.get(EXPORT, headers=brand.cashier)
    assert_error(response, 403, "auth.forbidden")


async def test_another_brands_customers_never_appear(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, customer: dict[str, Any]
) -> None:
    await create_customer(client, other_brand)
    rows = _csv_rows(await _export(client, brand))
    assert [r["id"] for r in rows] == [customer["id"]]


async def test_deleted_customers_are_left_out_unless_asked_for(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    kept, deleted = await create_customer(client, brand), await create_customer(client, brand)
    gone = await client.delete(f"/api/v1/customers/{deleted['id']}", headers=brand.owner)
    assert gone.status_code == 204
    assert [r["id"] for r in _csv_rows(await _export(client, brand))] == [kept["id"]]
    every = _csv_rows(await _export(client, brand, include_deleted="true"))
    assert {r["id"] for r in every} == {kept["id"], deleted["id"]}
    assert next(r for r in every if r["id"] == deleted["id"])["deleted_at"].endswith("Z")


async def test_every_customer_comes_once_in_creation_order_across_batches(
    client: httpx.AsyncClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(customer_export, "BATCH_SIZE", 2)
    brand = await create_brand(client, db)
    created = [
        await create_customer(client, brand, phones=[vn_phone(), vn_phone()]) for _ in range(5)
    ]
    rows = _csv_rows(await _export(client, brand))
    assert [r["id"] for r in rows] == [c["id"] for c in created]
    assert all(len(r["phones"].split(";")) == 2 for r in rows)
