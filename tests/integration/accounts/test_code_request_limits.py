"""How often a code may be asked for: per destination, per ten minutes, per client address."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from patronage.app import create_app
from patronage.core.db import Database
from tests.factories.accounts import (
    client_from,
    create_account,
    unique_customer_email,
)
from tests.integration.accounts.sign_in import (
    OTP,
    request_code,
)
from tests.integration.answers import assert_error
from tests.integration.conftest import make_settings


async def _app_with(database_url: str, **overrides: object) -> FastAPI:
    return create_app(make_settings(database_url, **overrides))


async def test_a_second_code_within_a_minute_waits_with_retry_after(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    await request_code(public, email)
    again = await public.post(OTP, json={"destination": email})
    assert_error(again, 429, "otp.too_many_requests")
    assert 55 <= int(again.headers["retry-after"]) <= 60


async def test_an_unknown_destination_is_limited_exactly_like_a_known_one(
    public: httpx.AsyncClient,
) -> None:
    email = unique_customer_email()
    await request_code(public, email)
    again = await public.post(OTP, json={"destination": email})
    assert again.status_code == 429
    assert "retry-after" in again.headers


async def test_a_sixth_code_in_ten_minutes_is_refused(database_url: str, db: Database) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    app = await _app_with(database_url, otp_cooldown_s=0)
    async with app.router.lifespan_context(app), client_from(app) as client:
        statuses = [
            (await client.post(OTP, json={"destination": email})).status_code for _ in range(6)
        ]
        assert statuses == [202] * 5 + [429]
        refused = await client.post(OTP, json={"destination": email})
        assert 590 <= int(refused.headers["retry-after"]) <= 600


async def test_the_public_endpoint_is_limited_per_client_address(database_url: str) -> None:
    app = await _app_with(database_url, otp_max_per_address=3)
    async with app.router.lifespan_context(app), client_from(app) as client:
        statuses = [
            (await client.post(OTP, json={"destination": unique_customer_email()})).status_code
            for _ in range(4)
        ]
        assert statuses == [202, 202, 202, 429]
        async with client_from(app) as elsewhere:
            other = await elsewhere.post(OTP, json={"destination": unique_customer_email()})
            assert other.status_code == 202


async def test_parallel_requests_from_one_address_stay_within_its_limit(
    database_url: str,
) -> None:
    app = await _app_with(database_url, otp_max_per_address=20)
    async with app.router.lifespan_context(app), client_from(app) as client:
        answers = await asyncio.gather(
            *(client.post(OTP, json={"destination": unique_customer_email()}) for _ in range(30))
        )
    statuses = [a.status_code for a in answers]
    assert statuses.count(202) == 20, statuses
    assert statuses.count(429) == 10
