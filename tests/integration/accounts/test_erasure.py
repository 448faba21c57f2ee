"""An owner erases a customer: the personal data is replaced by markers everywhere it was kept
(the profile, the audit trail, codes, messages, stored answers, requests), the id, orders and
totals stay, the contacts are free, and the person's account goes when nothing else holds it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import JSON, String, Text, func, select
from sqlalchemy import cast as sql_cast

from patronage.core.db import Database, make_engine
from patronage.core.settings import Settings
from patronage.identity.users import service as user_service
from patronage.models import Base
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import promote, unique_customer_email, unique_phone
from tests.factories.consents import put_consent
from tests.factories.data_requests import MINE, QUEUE, erase
from tests.factories.orders import open_order
from tests.factories.tags import create_tag, put_tags
from tests.integration.accounts.sign_in import customer_token
from tests.integration.answers import assert_error
from tests.integration.conftest import METRICS_AUTH

MARKER = "[erased]"


@pytest.fixture
async def rich(
    app: FastAPI, client: httpx.AsyncClient, db: Database, brand: Brand
) -> dict[str, Any]:
    """Đào with a long history at one brand: renamed, promoted, signed in, an order, consent,
    a tag, an idempotent create's stored answer, and her own erasure request."""
    tag = uuid.uuid4().hex[:10]
    first, name, note = f"Dao Cu {tag}x", f"Nguyễn Thị Đào {tag}n", f"Thích trà {tag}t"
    email, phone = unique_customer_email(f"e{tag}"), unique_phone()
    created = await client.post(
        "/api/v1/customers",
        json={"name": first, "phones": [phone], "emails": [email], "birthday": "1911-11-11",
              "note": note},
        headers={**brand.cashier, "Idempotency-Key": f"till-{tag}"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    customer = created.json()
    renamed = await client.patch(
        f"/api/v1/customers/{customer['id']}", json={"name": name},
        headers={**brand.cashier, "If-Match": '"1"'},
    )  # fmt: skip
    assert renamed.status_code == 200, renamed.text
    assert (await promote(client, db, brand, customer)).status_code == 200
    headers = await customer_token(app, db, email)
    order = await open_order(client, brand, customer_id=customer["id"])
    assert (
        await client.post(f"/api/v1/orders/{order['id']}/complete", headers=brand.cashier)
    ).status_code == 200
    assert (await put_consent(client, brand, customer)).status_code == 200
    vip = await create_tag(client, brand, f"VIP {tag}")
    assert (await put_tags(client, brand, customer, [vip["id"]])).status_code == 200
    filed = await client.post(
        MINE, json={"kind": "erase", "details": f"Xóa hết {tag}d"}, headers=headers
    )
    assert filed.status_code == 201, filed.text
    national = customer["phones"][0]["display"]
    secrets = {first, name, note, email, phone, phone.lstrip("+"), national, "1911-11-11"}
    secrets |= {f"{tag}x", f"{tag}n", f"{tag}t", f"{tag}d"}
    return {
        "customer": customer, "order": order, "headers": headers, "email": email,
        "phone": phone, "request": filed.json()["items"][0], "secrets": secrets,
    }  # fmt: skip


async def _text_holding(settings: Settings, needle: str) -> list[str]:
    """Every `table.column` of text (or JSON) holding `needle`, read as the tables' owner
    (beneath row-level security), over every table of the schema."""
    engine = make_engine(settings, url=settings.database_admin_url or settings.database_url)
    found = []
    try:
        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                for column in table.columns:
                    if not isinstance(column.type, String | Text | JSON):
                        continue
                    hits = await connection.scalar(
                        select(func.count()).select_from(table)
                        .where(sql_cast(column, Text).contains(needle, autoescape=True))
                    )  # fmt: skip
                    if hits:
                        found.append(f"{table.name}.{column.name}")
    finally:
        await engine.dispose()
    return found


async def test_after_erasure_no_table_holds_any_of_her_values(
    client: httpx.AsyncClient, settings: Settings, brand: Brand, rich: dict[str, Any]
) -> None:
    for secret in rich["secrets"]:
        if secret == rich["email"]:
            assert await _text_holding(settings, secret)  # the search does find them before
    erased = await erase(client, brand, rich["customer"], request_id=rich["request"]["id"])
    assert erased.status_code == 200, erased.text
    left = {s: await _text_holding(settings, s) for s in sorted(rich["secrets"])}
    assert {s: where for s, where in left.items() if where} == {}


async def test_the_profile_keeps_its_id_and_orders_with_markers_in_place(
    client: httpx.AsyncClient, brand: Brand, rich: dict[str, Any]
) -> None:
    erased = await erase(client, brand, rich["customer"], confirm=rich["customer"]["id"])
    assert erased.status_code == 200, erased.text
    assert erased.json()["account_erased"] is True
    profile = (
        await client.get(f"/api/v1/customers/{rich['customer']['id']}", headers=brand.owner)
    ).json()
    assert (profile["name"], profile["phones"], profile["emails"]) == (MARKER, [], [])
    assert (profile["birthday"], profile["note"]) == (None, None)
    assert profile["deleted_at"] is not None
    order = (await client.get(f"/api/v1/orders/{rich['order']['id']}", headers=brand.owner)).json()
    assert (order["status"], order["total"]) == ("completed", rich["order"]["total"])
    assert (order["customer"]["id"], order["customer"]["name"]) == (rich["customer"]["id"], MARKER)


async def test_the_trail_records_who_when_and_which_request(
    client: httpx.AsyncClient, brand: Brand, rich: dict[str, Any]
) -> None:
    request_id = rich["request"]["id"]
    assert (await erase(client, brand, rich["customer"], request_id=request_id)).status_code == 200
    events = await client.get(
        f"/api/v1/customers/{rich['customer']['id']}/events", headers=brand.owner
    )
    latest = next(e for e in events.json()["items"] if e["action"] == "customer.erased")
    assert latest["changes"]["request_id"]["new"] == request_id
    assert latest["actor_id"] is not None
    updated = next(e for e in events.json()["items"] if e["action"] == "customer.updated")
    assert updated["changes"]["name"] == {"old": MARKER, "new": MARKER}
    done = await client.get(QUEUE, params={"status": "done"}, headers=brand.owner)
    closed = next(r for r in done.json()["items"] if r["id"] == request_id)
    assert (closed["details"], closed["resolved_at"] is not None) == (MARKER, True)


async def test_her_sessions_and_sign_in_end(
    client: httpx.AsyncClient, db: Database, brand: Brand, rich: dict[str, Any]
) -> None:
    assert (await erase(client, brand, rich["customer"])).status_code == 200
    assert (await client.get("/api/v1/me", headers=rich["headers"])).status_code == 401
    async with db.unit_of_work() as session:
        # No account opens with her email any more: a code would go nowhere.
        assert await user_service.find_customer_account(session, email=rich["email"]) is None


async def test_her_phone_and_email_are_free_for_a_new_customer(
    client: httpx.AsyncClient, brand: Brand, rich: dict[str, Any]
) -> None:
    assert (await erase(client, brand, rich["customer"])).status_code == 200
    again = await create_customer(
        client, brand, name="Khách Mới", phones=[rich["phone"]], emails=[rich["email"]]
    )
    assert again["id"] != rich["customer"]["id"]
    found = await client.get(
        "/api/v1/customers", params={"q": rich["phone"]}, headers=brand.cashier
    )
    assert [c["id"] for c in found.json()["items"]] == [again["id"]]


async def test_erasing_twice_is_a_conflict_and_restoring_is_refused(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    assert (await erase(client, brand, customer)).status_code == 200
    assert_error(await erase(client, brand, customer), 409, "customer.erased")
    restored = await client.post(f"/api/v1/customers/{customer['id']}/restore", headers=brand.owner)
    assert_error(restored, 409, "customer.erased")


async def test_a_wrong_confirmation_erases_nothing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    assert_error(await erase(client, brand, customer, confirm="erase"), 422,
                 "erasure.confirmation_mismatch")  # fmt: skip
    profile = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    assert profile.json()["name"] == customer["name"]


async def test_another_brand_cannot_erase_and_cashiers_may_not(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, customer: dict[str, Any]
) -> None:
    foreign = await erase(client, brand, customer, headers=other_brand.owner)
    assert_error(foreign, 404, "customer.not_found")
    assert (await erase(client, brand, customer, headers=brand.cashier)).status_code == 403
    profile = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    assert profile.json()["name"] == customer["name"]


async def test_a_request_of_another_customer_is_refused(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    other = await create_customer(client, brand, name="Trần Văn Bình")
    filed = await client.post(
        f"/api/v1/customers/{other['id']}/data-requests", json={"kind": "erase"},
        headers=brand.cashier,
    )  # fmt: skip
    answer = await erase(client, brand, customer, request_id=filed.json()["id"])
    assert_error(answer, 409, "erasure.request_mismatch")


async def test_a_person_with_a_profile_elsewhere_keeps_her_account(
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email])
    at_b = await create_customer(client, brand_b, emails=[email])
    assert (await promote(client, db, brand_a, at_a)).status_code == 200
    assert (await promote(client, db, brand_b, at_b)).status_code == 200
    headers = await customer_token(app, db, email)
    erased = await erase(client, brand_a, at_a)
    assert erased.json()["account_erased"] is False
    me = await client.get("/api/v1/me", headers=headers)
    assert [p["customer_id"] for p in me.json()["profiles"]] == [at_b["id"]]


async def test_erasures_are_counted(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    before = _erasures((await client.get("/metrics", headers=METRICS_AUTH)).text)
    assert (await erase(client, brand, customer)).status_code == 200
    assert_error(await erase(client, brand, customer), 409, "customer.erased")
    after = _erasures((await client.get("/metrics", headers=METRICS_AUTH)).text)
    assert after == before + 1


def _erasures(metrics: str) -> float:
    line = next(
        x for x in metrics.splitlines() if x.startswith("patronage_customer_erasures_total")
    )
    return float(line.split()[-1])
