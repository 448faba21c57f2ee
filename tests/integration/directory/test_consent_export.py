"""The customer export carries each customer's current consent per purpose, after the
profile's columns, and can be narrowed to the customers who granted one purpose."""

from __future__ import annotations

import csv
import io
import json

import httpx

from patronage.core.db import Database
from patronage.directory import export as customer_export
from tests.factories import create_brand, create_customer
from tests.factories.consents import put_consent

EXPORT = "/api/v1/customers/export"
CONSENT_COLUMNS = ["consent_marketing_sms", "consent_marketing_email", "consent_marketing_zalo"]
PROFILE_COLUMNS = [
    "id", "name", "phones", "emails", "birthday", "locale", "note", "account_status", "source",
    "created_at", "updated_at", "deleted_at",
]  # fmt: skip


def _rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_consent_columns_come_after_the_existing_ones_in_their_order() -> None:
    assert list(customer_export.COLUMNS) == PROFILE_COLUMNS + CONSENT_COLUMNS + ["tags"]


async def test_each_customer_shows_the_current_answer_per_purpose(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao, lan = await create_customer(client, brand), await create_customer(client, brand)
    await put_consent(client, brand, dao, "marketing_sms", status="granted")
    await put_consent(client, brand, dao, "marketing_sms", status="withdrawn")
    await put_consent(client, brand, dao, "marketing_email", status="granted")
    rows = {r["id"]: r for r in _rows(await client.get(EXPORT, headers=brand.owner))}
    assert [rows[str(dao["id"])][c] for c in CONSENT_COLUMNS] == ["withdrawn", "granted", ""]
    assert [rows[str(lan["id"])][c] for c in CONSENT_COLUMNS] == ["", "", ""]


async def test_jsonl_writes_null_for_a_purpose_never_recorded(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand)
    await put_consent(client, brand, dao, "marketing_zalo", status="granted")
    response = await client.get(EXPORT, params={"format": "jsonl"}, headers=brand.owner)
    record = json.loads(response.text.splitlines()[0])
    assert record["consent_marketing_zalo"] == "granted"
    assert record["consent_marketing_sms"] is None


async def test_the_consent_filter_keeps_only_customers_whose_current_answer_is_granted(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    granted, withdrawn, never = [await create_customer(client, brand) for _ in range(3)]
    other_purpose = await create_customer(client, brand)
    await put_consent(client, brand, granted, status="granted")
    await put_consent(client, brand, withdrawn, status="granted")
    await put_consent(client, brand, withdrawn, status="withdrawn")
    await put_consent(client, brand, other_purpose, "marketing_email", status="granted")
    response = await client.get(EXPORT, params={"consent": "marketing_sms"}, headers=brand.owner)
    assert [r["id"] for r in _rows(response)] == [granted["id"]]
    assert never["id"] not in response.text


async def test_the_filter_never_reaches_another_brands_customers(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand, rival = await create_brand(client, db), await create_brand(client, db)
    theirs = await create_customer(client, rival)
    await put_consent(client, rival, theirs, status="granted")
    response = await client.get(EXPORT, params={"consent": "marketing_sms"}, headers=brand.owner)
    assert _rows(response) == []


async def test_an_unknown_purpose_is_refused_before_the_download_starts(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    headers = {**brand.owner, "Accept-Language": "vi"}
    response = await client.get(EXPORT, params={"consent": "marketing_fax"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "consent.purpose_invalid"
    assert "marketing_sms" in response.json()["error"]["message"]
