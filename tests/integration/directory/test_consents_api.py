"""Staff record a customer's marketing consent per purpose, with its evidence, and the history
is kept: every answer is a new record, never an overwrite."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand
from tests.factories.consents import WORDING, consents_path, current, put_consent, read_consents

PURPOSES = ["marketing_sms", "marketing_email", "marketing_zalo"]


async def test_a_new_customer_has_no_consent_recorded_for_any_purpose(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    consents = await read_consents(client, brand, customer)
    assert [c["purpose"] for c in consents["current"]] == PURPOSES
    assert {c["status"] for c in consents["current"]} == {"not_recorded"}
    assert consents["history"] == [] and consents["next_cursor"] is None


async def test_granting_at_the_till_records_when_how_by_whom_and_the_wording(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await put_consent(client, brand, customer, "marketing_sms")
    assert response.status_code == 200, response.text
    state = response.json()
    assert state["purpose"] == "marketing_sms" and state["status"] == "granted"
    assert (state["method"], state["wording_version"]) == ("at_till", WORDING)
    assert state["actor_kind"] == "staff" and state["actor_id"]
    assert state["recorded_at"].endswith("Z") or "+00:00" in state["recorded_at"]
    consents = await read_consents(client, brand, customer)
    assert current(consents, "marketing_sms")["status"] == "granted"
    assert current(consents, "marketing_email")["status"] == "not_recorded"


async def test_withdrawing_adds_a_record_and_keeps_the_grant_in_the_history(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await put_consent(client, brand, customer, status="granted", wording_version="2026-01-vi")
    withdrawn = await put_consent(
        client, brand, customer, status="withdrawn", method="sms_keyword", wording_version="stop-1"
    )
    assert withdrawn.status_code == 200, withdrawn.text
    consents = await read_consents(client, brand, customer)
    assert current(consents, "marketing_sms")["status"] == "withdrawn"
    history = [(h["status"], h["method"], h["sequence"]) for h in consents["history"]]
    assert history == [("withdrawn", "sms_keyword", 2), ("granted", "at_till", 1)]
    assert consents["history"][1]["wording_version"] == "2026-01-vi"


async def test_repeating_the_current_answer_adds_nothing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    first = (await put_consent(client, brand, customer)).json()
    again = await put_consent(client, brand, customer)
    assert again.status_code == 200
    assert again.json()["recorded_at"] == first["recorded_at"]
    assert len((await read_consents(client, brand, customer))["history"]) == 1


async def test_a_new_wording_version_is_a_new_record_even_with_the_same_answer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await put_consent(client, brand, customer, wording_version="2026-01-vi")
    await put_consent(client, brand, customer, wording_version="2026-06-vi")
    history = (await read_consents(client, brand, customer))["history"]
    assert [h["wording_version"] for h in history] == ["2026-06-vi", "2026-01-vi"]


async def test_purposes_are_independent(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await put_consent(client, brand, customer, "marketing_email", status="granted")
    await put_consent(client, brand, customer, "marketing_zalo", status="withdrawn")
    consents = await read_consents(client, brand, customer)
    statuses = [c["status"] for c in consents["current"]]
    assert statuses == ["not_recorded", "granted", "withdrawn"]


async def test_every_change_enters_the_customers_audit_trail(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await put_consent(client, brand, customer, status="granted")
    await put_consent(client, brand, customer, status="withdrawn")
    events = await client.get(f"/api/v1/customers/{customer['id']}/events", headers=brand.owner)
    consent_events = [
        e for e in events.json()["items"] if e["action"] == "customer.consent_changed"
    ]
    assert [e["changes"]["consent.marketing_sms"] for e in consent_events] == [
        {"old": "granted", "new": "withdrawn"},
        {"old": None, "new": "granted"},
    ]
    assert consent_events[0]["changes"]["method"]["new"] == "at_till"


async def test_the_history_pages_newest_first(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    for status in ("granted", "withdrawn", "granted"):
        await put_consent(client, brand, customer, status=status)
    first = await client.get(consents_path(customer), params={"limit": 2}, headers=brand.owner)
    rest = await client.get(
        consents_path(customer),
        params={"limit": 2, "cursor": first.json()["next_cursor"]},
        headers=brand.owner,
    )
    sequences = [h["sequence"] for h in first.json()["history"] + rest.json()["history"]]
    assert sequences == [3, 2, 1] and rest.json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("purpose", "body", "code"),
    [
        ("marketing_fax", {}, "consent.purpose_invalid"),
        ("marketing_sms", {"status": "maybe"}, "consent.status_invalid"),
        ("marketing_sms", {"method": "self_service"}, "consent.method_invalid"),
        ("marketing_sms", {"method": "telepathy"}, "consent.method_invalid"),
        ("marketing_sms", {"wording_version": ""}, "consent.wording_version_invalid"),
        ("marketing_sms", {"wording_version": "v1\u202e"}, "consent.wording_version_invalid"),
        ("marketing_sms", {"wording_version": "x" * 65}, "consent.wording_version_invalid"),
    ],
)
async def test_bad_input_is_refused_in_both_languages_and_nothing_is_written(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    purpose: str,
    body: dict[str, str],
    code: str,
) -> None:
    sent = {"status": "granted", "method": "at_till", "wording_version": WORDING, **body}
    answers = {
        lang: await client.put(
            consents_path(customer, purpose), json=sent, headers=brand.headers(lang=lang)
        )
        for lang in ("en", "vi")
    }
    assert {a.status_code for a in answers.values()} == {422}
    assert {a.json()["error"]["code"] for a in answers.values()} == {code}
    assert answers["en"].json()["error"]["message"] != answers["vi"].json()["error"]["message"]
    assert (await read_consents(client, brand, customer))["history"] == []


async def test_unknown_fields_are_refused(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    body = {"status": "granted", "method": "at_till", "wording_version": WORDING, "by": "x"}
    response = await client.put(
        consents_path(customer, "marketing_sms"), json=body, headers=brand.cashier
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


async def test_a_deleted_customer_is_refused_clearly_and_keeps_its_evidence(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await put_consent(client, brand, customer, status="granted")
    deleted = await client.delete(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    assert deleted.status_code == 204
    refused = await put_consent(client, brand, customer, status="withdrawn")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "customer.deleted"
    consents = await read_consents(client, brand, customer)
    assert [h["status"] for h in consents["history"]] == ["granted"]


async def test_a_rival_brands_staff_get_404_and_write_nothing(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer: dict[str, Any]
) -> None:
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    await put_consent(client, brand, customer, status="granted")
    for role in ("owner", "cashier"):
        read = await client.get(consents_path(customer), headers=rival.headers(role))
        written = await put_consent(
            client, brand, customer, status="withdrawn", headers=rival.headers(role)
        )
        for response in (read, written):
            assert response.status_code == 404, response.text
            assert response.json()["error"]["code"] == "customer.not_found"
    consents = await read_consents(client, brand, customer)
    assert [h["status"] for h in consents["history"]] == ["granted"]


async def test_an_unknown_customer_is_404(client: httpx.AsyncClient, brand: Brand) -> None:
    missing = {"id": "00000000-0000-4000-8000-000000000000"}
    response = await put_consent(client, brand, missing)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "customer.not_found"
