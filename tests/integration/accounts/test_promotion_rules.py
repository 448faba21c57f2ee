"""Who may be promoted, by whom, over which contact, and how often a code may be sent."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from patronage.app import create_app
from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import (
    client_from,
    latest_code,
    promote,
    start,
    unique_customer_email,
    verify,
)
from tests.integration.accounts.conftest import OnePersonAtTwoBrands
from tests.integration.answers import assert_error
from tests.integration.conftest import make_settings
from tests.integration.directory.customers import CUSTOMERS


async def test_another_brands_customer_is_not_found(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    assert (await start(client, other_brand, dao)).status_code == 404
    started = (await start(client, brand, dao)).json()
    stolen = await verify(client, other_brand, dao, started["challenge_id"], "123456")
    assert_error(stolen, 404, "customer.not_found")


async def test_a_challenge_of_another_customer_is_not_found(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    email = dao["emails"][0]["address"]
    lan = await create_customer(
        client, brand, emails=[unique_customer_email()], name="Trần Lan", locale="vi"
    )
    started = (await start(client, brand, dao)).json()
    crossed = await verify(
        client, brand, lan, started["challenge_id"], await latest_code(db, email)
    )
    assert_error(crossed, 404, "otp.not_found")


async def test_a_customer_without_that_contact_cannot_be_promoted_over_it(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone")
    dao = await create_customer(client, brand, emails=[], locale="vi")
    response = await start(client, brand, dao, "email")
    assert_error(response, 422, "promotion.no_contact")


async def test_a_deleted_customer_cannot_be_promoted(
    client: httpx.AsyncClient, brand: Brand, dao: dict[str, Any]
) -> None:
    deleted = await client.delete(f"{CUSTOMERS}/{dao['id']}", headers=brand.owner)
    assert deleted.status_code == 204
    response = await start(client, brand, dao)
    assert_error(response, 409, "customer.deleted")


async def test_an_active_customer_is_not_sent_a_code_for_a_contact_already_proved(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    assert (await promote(client, db, brand, dao)).status_code == 200
    again = await start(client, brand, dao)
    assert_error(again, 409, "promotion.already_verified")
    assert (await promote(client, db, brand, dao, channel="sms")).status_code == 200


async def test_a_second_code_within_a_minute_waits_with_retry_after(
    client: httpx.AsyncClient, brand: Brand, dao: dict[str, Any]
) -> None:
    assert (await start(client, brand, dao)).status_code == 202
    again = await start(client, brand, dao)
    assert_error(again, 429, "otp.too_many_requests")
    assert 55 <= int(again.headers["retry-after"]) <= 60


async def test_the_cooldown_is_per_brand_and_per_purpose(
    app: FastAPI, client: httpx.AsyncClient, db: Database, person: OnePersonAtTwoBrands
) -> None:
    assert (await promote(client, db, person.brand_a, person.at_a)).status_code == 200
    assert (await start(client, person.brand_b, person.at_b)).status_code == 202
    async with client_from(app) as public:
        sign_in = await public.post("/api/v1/auth/customer/otp", json={"destination": person.email})
    assert sign_in.status_code == 202


async def test_staff_sends_from_one_till_are_not_limited_per_address(
    database_url: str, db: Database
) -> None:
    app = create_app(make_settings(database_url, otp_max_per_address=1))
    async with app.router.lifespan_context(app), client_from(app, "192.0.2.10") as till:
        brand = await create_brand(till, app.state.db)
        for _ in range(3):
            customer = await create_customer(
                till, brand, emails=[unique_customer_email()], locale="vi"
            )
            assert (await start(till, brand, customer)).status_code == 202


async def test_a_customer_token_cannot_promote(
    app: FastAPI, client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    email = dao["emails"][0]["address"]
    await promote(client, db, brand, dao)
    async with client_from(app) as public:
        challenge = (
            await public.post("/api/v1/auth/customer/otp", json={"destination": email})
        ).json()
        token = (
            await public.post(
                "/api/v1/auth/customer/sign-in",
                json={
                    "challenge_id": challenge["challenge_id"],
                    "code": await latest_code(db, email),
                },
            )
        ).json()["token"]
    response = await client.post(
        f"{CUSTOMERS}/{dao['id']}/promotion",
        json={"channel": "email"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "fax"},
        {"channel": "email", "extra": 1},
        {},
    ],
)
async def test_a_malformed_promotion_is_refused(
    client: httpx.AsyncClient, brand: Brand, dao: dict[str, Any], body: dict[str, Any]
) -> None:
    response = await client.post(
        f"{CUSTOMERS}/{dao['id']}/promotion", json=body, headers=brand.cashier
    )
    assert response.status_code == 422


async def test_the_owners_report_counts_promotions_started_and_succeeded(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    lan = await create_customer(
        client, brand, emails=[unique_customer_email("lan")], name="Lan", locale="vi"
    )
    assert (await promote(client, db, brand, dao)).status_code == 200
    assert (await start(client, brand, lan)).status_code == 202
    report = await client.get("/api/v1/reports/customers", headers=brand.owner)
    assert report.status_code == 200, report.text
    assert report.json()["promotion"] == {"started": 2, "succeeded": 1, "success_rate": 0.5}
