"""A signed-in customer sees and changes their own marketing consent, at each brand where they
have a profile; their answer is recorded as their own (`self_service`), with the wording."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import create_brand
from tests.factories.consents import current, put_consent, read_consents

MINE = "/api/v1/me/consents"


def _body(status: str = "withdrawn", **extra: Any) -> dict[str, Any]:
    return {"status": status, "wording_version": "2026-01-vi", **extra}


async def test_she_sees_what_each_brand_recorded(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    await put_consent(client, shopper["brand_a"], shopper["at_a"], "marketing_sms")
    response = await client.get(MINE, headers=shopper["headers"])
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["merchant_name"] for i in items] == ["Cà Phê A", "Trà Sữa B"]
    assert current(items[0], "marketing_sms")["status"] == "granted"
    assert current(items[1], "marketing_sms")["status"] == "not_recorded"


async def test_without_a_brand_her_answer_applies_at_every_brand(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    await put_consent(client, shopper["brand_a"], shopper["at_a"], "marketing_sms")
    response = await client.put(f"{MINE}/marketing_sms", json=_body(), headers=shopper["headers"])
    assert response.status_code == 200, response.text
    states = [current(i, "marketing_sms") for i in response.json()["items"]]
    assert [s["status"] for s in states] == ["withdrawn", "withdrawn"]
    assert {(s["method"], s["actor_kind"]) for s in states} == {("self_service", "customer")}
    history = (await read_consents(client, shopper["brand_a"], shopper["at_a"]))["history"]
    assert [h["status"] for h in history] == ["withdrawn", "granted"]


async def test_naming_a_brand_changes_that_brand_only(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    brand_b = shopper["brand_b"]
    body = _body("granted", merchant_id=str(brand_b.merchant_id))
    response = await client.put(f"{MINE}/marketing_zalo", json=body, headers=shopper["headers"])
    assert response.status_code == 200, response.text
    assert [i["merchant_name"] for i in response.json()["items"]] == ["Trà Sữa B"]
    at_a = await read_consents(client, shopper["brand_a"], shopper["at_a"])
    at_b = await read_consents(client, brand_b, shopper["at_b"])
    assert current(at_a, "marketing_zalo")["status"] == "not_recorded"
    assert current(at_b, "marketing_zalo")["status"] == "granted"


async def test_staff_see_the_customers_own_change_in_the_audit_trail(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    await client.put(f"{MINE}/marketing_email", json=_body("granted"), headers=shopper["headers"])
    brand_a, at_a = shopper["brand_a"], shopper["at_a"]
    events = await client.get(f"/api/v1/customers/{at_a['id']}/events", headers=brand_a.owner)
    [event] = [e for e in events.json()["items"] if e["action"] == "customer.consent_changed"]
    me = await client.get("/api/v1/me", headers=shopper["headers"])
    assert event["actor_id"] == me.json()["user_id"]
    assert event["changes"]["method"]["new"] == "self_service"


async def test_a_brand_where_she_has_no_profile_is_404_and_nothing_is_written(
    client: httpx.AsyncClient, db: Database, shopper: dict[str, Any]
) -> None:
    stranger = await create_brand(client, db, name="Cửa Hàng Lạ")
    body = _body("granted", merchant_id=str(stranger.merchant_id))
    response = await client.put(f"{MINE}/marketing_sms", json=body, headers=shopper["headers"])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "consent.brand_not_found"
    for brand, profile in (
        (shopper["brand_a"], shopper["at_a"]),
        (shopper["brand_b"], shopper["at_b"]),
    ):
        assert (await read_consents(client, brand, profile))["history"] == []


@pytest.mark.parametrize(
    ("purpose", "body", "code"),
    [
        ("marketing_fax", _body(), "consent.purpose_invalid"),
        ("marketing_sms", _body("maybe"), "consent.status_invalid"),
        ("marketing_sms", _body(wording_version="two words"), "consent.wording_version_invalid"),
    ],
)
async def test_bad_input_is_refused_with_its_code_and_nothing_is_written(
    client: httpx.AsyncClient,
    shopper: dict[str, Any],
    purpose: str,
    body: dict[str, Any],
    code: str,
) -> None:
    headers = {**shopper["headers"], "Accept-Language": "vi"}
    response = await client.put(f"{MINE}/{purpose}", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert (await read_consents(client, shopper["brand_a"], shopper["at_a"]))["history"] == []


async def test_a_customer_cannot_claim_a_staff_method(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    body = _body(method="at_till")
    response = await client.put(f"{MINE}/marketing_sms", json=body, headers=shopper["headers"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


async def test_staff_tokens_may_not_use_the_customers_own_routes(
    client: httpx.AsyncClient, shopper: dict[str, Any]
) -> None:
    brand_a = shopper["brand_a"]
    response = await client.put(f"{MINE}/marketing_sms", json=_body(), headers=brand_a.owner)
    assert response.status_code == 403
