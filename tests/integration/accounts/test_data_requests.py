"""A person asks a brand about their data: they file a request themselves or at the till,
the owner sees it in the queue with its legal due date and answers it; and a signed-in
customer downloads a copy of their data at once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from patronage.accounts.data_rights.models import DataRequest
from patronage.accounts.data_rights.rules import DUE_DAYS
from patronage.core.columns import utcnow
from patronage.core.db import Database
from tests.factories import Brand, acting_for
from tests.factories.consents import put_consent
from tests.factories.data_requests import MINE, QUEUE, file_at_till
from tests.factories.orders import open_order
from tests.integration.answers import assert_error
from tests.integration.conftest import METRICS_AUTH


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(("kind", "days"), sorted(DUE_DAYS.items()))
async def test_a_request_is_due_by_its_kinds_legal_deadline(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], kind: str, days: int
) -> None:
    filed = await file_at_till(client, brand, customer, kind)
    assert (filed["status"], filed["channel"], filed["overdue"]) == ("open", "at_till", False)
    assert _at(filed["due_at"]) - _at(filed["created_at"]) == timedelta(days=days)


def test_the_law_gives_ten_days_and_twenty_to_erase() -> None:
    assert DUE_DAYS == {"access": 10, "correct": 10, "withdraw_consent": 10, "erase": 20}


async def test_the_owner_answers_step_by_step(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    filed = await file_at_till(client, brand, customer, "correct", details="Tên sai chính tả")
    path = f"{QUEUE}/{filed['id']}"
    started = await client.patch(path, json={"status": "in_progress"}, headers=brand.owner)
    assert started.json()["status"] == "in_progress"
    done = await client.patch(path, json={"status": "done"}, headers=brand.owner)
    assert (done.json()["status"], done.json()["resolved_at"] is not None) == ("done", True)
    again = await client.patch(path, json={"status": "in_progress"}, headers=brand.owner)
    assert_error(again, 409, "data_request.invalid_transition")
    assert again.json()["error"]["details"] == {"from": "done", "to": "in_progress", "allowed": []}


async def test_a_refusal_needs_a_reason(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    filed = await file_at_till(client, brand, customer, "access")
    path = f"{QUEUE}/{filed['id']}"
    bare = await client.patch(path, json={"status": "refused"}, headers=brand.owner)
    assert_error(bare, 422, "data_request.reason_required")
    refused = await client.patch(
        path, json={"status": "refused", "reason": "Không xác minh được"}, headers=brand.owner
    )
    assert (refused.json()["status"], refused.json()["resolution"]) == (
        "refused",
        "Không xác minh được",
    )


async def test_an_erasure_request_is_done_only_by_erasing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    filed = await file_at_till(client, brand, customer, "erase")
    path = f"{QUEUE}/{filed['id']}"
    await client.patch(path, json={"status": "in_progress"}, headers=brand.owner)
    marked = await client.patch(path, json={"status": "done"}, headers=brand.owner)
    assert_error(marked, 409, "data_request.erase_by_erasing")


async def test_bad_kinds_statuses_and_texts_are_refused_in_the_callers_language(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    path = f"/api/v1/customers/{customer['id']}/data-requests"
    vi = {**brand.cashier, "Accept-Language": "vi"}
    wrong = await client.post(path, json={"kind": "delete"}, headers=vi)
    assert_error(wrong, 422, "data_request.kind_invalid")
    assert "Loại yêu cầu" in wrong.json()["error"]["message"]
    hidden = await client.post(path, json={"kind": "access", "details": "a\u202eb"}, headers=vi)
    assert_error(hidden, 422, "data_request.text_invalid")
    listed = await client.get(QUEUE, params={"status": "late"}, headers=brand.owner)
    assert_error(listed, 422, "data_request.status_invalid")


async def test_the_queue_lists_the_nearest_deadline_first_a_page_at_a_time(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    erase = await file_at_till(client, brand, customer, "erase")
    access = await file_at_till(client, brand, customer, "access")
    correct = await file_at_till(client, brand, customer, "correct")
    first = await client.get(QUEUE, params={"limit": 2}, headers=brand.owner)
    rest = await client.get(
        QUEUE, params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=brand.owner
    )
    ids = [r["id"] for r in first.json()["items"] + rest.json()["items"]]
    assert ids == [access["id"], correct["id"], erase["id"]]
    assert rest.json()["next_cursor"] is None


async def test_only_owners_see_the_queue_and_only_their_brands(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, customer: dict[str, Any]
) -> None:
    filed = await file_at_till(client, brand, customer)
    assert (await client.get(QUEUE, headers=brand.cashier)).status_code == 403
    theirs = await client.get(QUEUE, headers=other_brand.owner)
    assert theirs.json()["items"] == []
    foreign = await client.patch(
        f"{QUEUE}/{filed['id']}", json={"status": "in_progress"}, headers=other_brand.owner
    )
    assert_error(foreign, 404, "data_request.not_found")
    at_till = await client.post(
        f"/api/v1/customers/{customer['id']}/data-requests", json={"kind": "access"},
        headers=other_brand.cashier,
    )  # fmt: skip
    assert_error(at_till, 404, "customer.not_found")


async def test_overdue_requests_are_flagged_and_counted_at_scrape_time(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer: dict[str, Any]
) -> None:
    before = _overdue((await client.get("/metrics", headers=METRICS_AUTH)).text)
    late = await file_at_till(client, brand, customer, "access")
    async with acting_for(db, brand) as (session, merchant_id):
        await session.execute(
            update(DataRequest)
            .where(DataRequest.merchant_id == merchant_id, DataRequest.id == uuid.UUID(late["id"]))
            .values(due_at=utcnow() - timedelta(minutes=1))
        )
    queue = await client.get(QUEUE, headers=brand.owner)
    assert [r["overdue"] for r in queue.json()["items"] if r["id"] == late["id"]] == [True]
    after = _overdue((await client.get("/metrics", headers=METRICS_AUTH)).text)
    assert after == before + 1


def _overdue(metrics: str) -> float:
    line = next(x for x in metrics.splitlines() if x.startswith("patronage_data_requests_overdue "))
    return float(line.split()[-1])


async def test_she_files_one_request_at_every_brand_or_at_one(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    everywhere = await client.post(MINE, json={"kind": "access"}, headers=shopper["headers"])
    assert everywhere.status_code == 201, everywhere.text
    items = everywhere.json()["items"]
    assert [(i["merchant_name"], i["channel"]) for i in items] == [
        ("Cà Phê A", "self_service"),
        ("Trà Sữa B", "self_service"),
    ]
    one = await client.post(
        MINE, json={"kind": "erase", "merchant_id": str(shopper["brand_b"].merchant_id)},
        headers=shopper["headers"],
    )  # fmt: skip
    assert [i["customer_id"] for i in one.json()["items"]] == [shopper["at_b"]["id"]]
    queue_a = await client.get(QUEUE, headers=shopper["brand_a"].owner)
    assert [r["kind"] for r in queue_a.json()["items"]] == ["access"]


async def test_she_cannot_file_at_a_brand_where_she_has_no_profile(
    client: httpx.AsyncClient, brand: Brand, shopper: dict[str, Any]
) -> None:
    answer = await client.post(
        MINE, json={"kind": "access", "merchant_id": str(brand.merchant_id)},
        headers=shopper["headers"],
    )  # fmt: skip
    assert_error(answer, 404, "data_request.brand_not_found")
    assert (await client.get(QUEUE, headers=brand.owner)).json()["items"] == []


async def test_her_copy_holds_everything_each_brand_keeps(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    await put_consent(client, shopper["brand_a"], shopper["at_a"], "marketing_sms")
    await open_order(client, shopper["brand_b"], customer_id=shopper["at_b"]["id"])
    await client.post(
        MINE, json={"kind": "correct", "details": "Sai tên"}, headers=shopper["headers"]
    )
    response = await client.get("/api/v1/me/export", headers=shopper["headers"])
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith('attachment; filename="my-data-')
    data = response.json()
    assert data["account"]["verified_email"] == shopper["at_a"]["emails"][0]["address"]
    a, b = data["brands"]
    assert (a["merchant_name"], a["profile"]["id"]) == ("Cà Phê A", shopper["at_a"]["id"])
    assert [r["status"] for r in a["consent_history"]] == ["granted"]
    assert a["consent_history"][0]["wording_version"]
    assert [len(a["orders"]), len(b["orders"])] == [0, 1]
    assert [r["details"] for r in b["requests"]] == ["Sai tên"]
    assert any(e["action"] == "customer.created" for e in b["events"])


async def test_staff_cannot_download_a_customers_copy(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    assert (await client.get("/api/v1/me/export", headers=brand.owner)).status_code == 403
