"""The owner's attribution report: customers per day and source, attachment and promotion rates."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from patronage.core.db import Database
from patronage.directory import audit as customer_audit
from tests.factories import Brand, acting_for, change_brand, create_customer
from tests.factories.orders import COFFEE, ORDERS, open_order
from tests.integration.answers import assert_error

REPORT = "/api/v1/reports/customers"


def today_in(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


async def report(client: httpx.AsyncClient, brand: Brand, **params: str) -> dict[str, Any]:
    response = await client.get(REPORT, params=params, headers=brand.owner)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def complete(client: httpx.AsyncClient, brand: Brand, **body: Any) -> dict[str, Any]:
    order = await open_order(client, brand, **body)
    response = await client.post(f"{ORDERS}/{order['id']}/complete", headers=brand.cashier)
    return response.json()  # type: ignore[no-any-return]


async def test_only_an_owner_reads_the_report(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.get(REPORT, headers=brand.cashier)
    assert response.status_code == 403


async def test_a_quiet_brand_reports_zeros_for_the_last_30_days(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    body = await report(client, brand)
    assert body["to"] == today_in("Asia/Ho_Chi_Minh").isoformat()
    assert body["time_zone"] == "Asia/Ho_Chi_Minh"
    assert len(body["customers_created"]["by_day"]) == 30
    assert body["customers_created"]["total"] == 0
    assert body["orders"] == {"completed": 0, "with_customer": 0, "attachment_rate": 0.0}
    assert body["promotion"] == {"started": 0, "succeeded": 0, "success_rate": 0.0}


async def test_customers_created_count_per_day_and_source(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for source in ("checkout", "checkout", "api"):
        await create_customer(client, brand, source=source)
    today = today_in("Asia/Ho_Chi_Minh").isoformat()
    body = await report(client, brand, **{"from": today, "to": today})
    created = body["customers_created"]
    assert created["total"] == 3
    assert created["by_source"] == {"checkout": 2, "api": 1, "web": 0, "import": 0}
    assert created["by_day"] == [
        {"date": today, "total": 3, "by_source": created["by_source"]},
    ]


async def test_the_attachment_rate_counts_completed_orders_only(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await complete(client, brand, customer_id=customer["id"])
    await complete(client, brand, customer_id=customer["id"])
    await complete(client, brand)
    await open_order(client, brand, customer_id=customer["id"])
    voided = await open_order(client, brand, customer_id=customer["id"])
    await client.post(f"{ORDERS}/{voided['id']}/void", headers=brand.cashier)
    body = await report(client, brand)
    assert body["orders"] == {"completed": 3, "with_customer": 2, "attachment_rate": 0.6667}


async def test_a_receipt_claimed_later_counts_as_attached(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    order = await complete(client, brand, lines=[COFFEE])
    await client.put(
        f"{ORDERS}/{order['id']}/customer",
        json={"customer_id": customer["id"]},
        headers=brand.owner,
    )
    assert (await report(client, brand))["orders"]["attachment_rate"] == 1.0


async def test_days_are_the_brands_calendar_days(client: httpx.AsyncClient, brand: Brand) -> None:
    zone = "Pacific/Kiritimati"  # UTC+14: its today is often UTC's tomorrow
    changed = await change_brand(client, brand, time_zone=zone)
    assert changed.status_code == 200
    await create_customer(client, brand)
    await complete(client, brand)
    today = today_in(zone)
    body = await report(client, brand, **{"from": today.isoformat(), "to": today.isoformat()})
    assert (body["time_zone"], body["customers_created"]["total"]) == (zone, 1)
    assert body["orders"]["completed"] == 1
    yesterday = (today - timedelta(days=1)).isoformat()
    before = await report(client, brand, **{"from": yesterday, "to": yesterday})
    assert (before["customers_created"]["total"], before["orders"]["completed"]) == (0, 0)


async def test_promotions_started_and_succeeded_give_the_success_rate(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    customer_id = uuid.UUID((await create_customer(client, brand))["id"])
    async with acting_for(db, brand) as (session, merchant_id):
        for action in ("promotion.started", "promotion.started", "promotion.succeeded"):
            await customer_audit.record_event(
                session, merchant_id, customer_id, actor_id=None, action=action, changes={}
            )
    body = await report(client, brand)
    assert body["promotion"] == {"started": 2, "succeeded": 1, "success_rate": 0.5}


async def test_another_brands_activity_stays_out_of_the_report(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    await create_customer(client, other_brand)
    await complete(client, other_brand)
    body = await report(client, brand)
    assert body["customers_created"]["total"] == 0
    assert body["orders"]["completed"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2026-11-02", "to": "2026-11-01"}, "report.range_invalid"),
        ({"from": "2024-01-01", "to": "2026-11-01"}, "report.range_too_long"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "report.date_out_of_range"),
        ({"to": "9999-12-31"}, "report.date_out_of_range"),
        ({"from": "yesterday"}, "request.invalid"),
        ({"to": "2026-02-30"}, "request.invalid"),
    ],
)
async def test_bad_periods_are_refused_in_both_languages(
    client: httpx.AsyncClient, brand: Brand, params: dict[str, str], expected: str
) -> None:
    for lang in ("en", "vi"):
        response = await client.get(REPORT, params=params, headers=brand.headers("owner", lang))
        assert_error(response, 422, expected)
        assert response.json()["error"]["message"]
