"""Sign-in throttling: a growing delay per account, client addresses behind trusted proxies,
and one client's failures never locking out the other people behind its address."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from patronage.app import create_app
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.identity.auth import service as auth_service
from patronage.identity.auth import throttle
from patronage.identity.auth.models import SignInThrottle
from tests.factories import PASSWORD, Brand, create_brand, unique_email
from tests.factories.accounts import client_from, random_address
from tests.integration.conftest import make_settings

SIGN_IN = "/api/v1/auth/staff/sign-in"


@asynccontextmanager
async def _app(database_url: str, **overrides: object) -> AsyncIterator[FastAPI]:
    app = create_app(make_settings(database_url, **overrides))
    async with app.router.lifespan_context(app):
        yield app


async def _brand(app: FastAPI) -> Brand:
    async with client_from(app) as client:
        return await create_brand(client, app.state.db)


async def _try(client: httpx.AsyncClient, email: str, password: str, **headers: str) -> int:
    answer = await client.post(
        SIGN_IN, json={"email": email, "password": password}, headers=headers
    )
    return answer.status_code


async def test_the_right_password_signs_in_once_the_short_delay_has_passed(
    database_url: str,
) -> None:
    async with _app(database_url, sign_in_first_delay_s=2) as app:
        brand = await _brand(app)
        async with client_from(app) as client:
            for _ in range(5):
                assert await _try(client, brand.owner_email, "wrong-password") == 401
            waiting = await client.post(
                SIGN_IN, json={"email": brand.owner_email, "password": PASSWORD}
            )
            assert waiting.status_code == 429
            assert 1 <= int(waiting.headers["retry-after"]) <= 2
            await asyncio.sleep(2.05)
            assert await _try(client, brand.owner_email, PASSWORD) == 200
            # A success starts the account afresh: the next slip is judged, not delayed.
            assert await _try(client, brand.owner_email, "wrong-password") == 401


async def test_each_further_failure_doubles_the_delay(database_url: str) -> None:
    async with _app(database_url, sign_in_first_delay_s=2) as app:
        brand = await _brand(app)
        async with client_from(app) as client:
            for _ in range(5):
                await _try(client, brand.owner_email, "wrong-password")
            await asyncio.sleep(2.05)
            assert await _try(client, brand.owner_email, "wrong-password") == 401
            waiting = await client.post(
                SIGN_IN, json={"email": brand.owner_email, "password": PASSWORD}
            )
            assert waiting.status_code == 429
            assert 2 < int(waiting.headers["retry-after"]) <= 4


async def test_one_clients_failures_do_not_lock_out_the_others_behind_its_address(
    database_url: str,
) -> None:
    async with _app(database_url, sign_in_max_failures_per_address=5) as app:
        brand = await _brand(app)
        async with client_from(app, random_address()) as shop:
            assert await _try(shop, brand.cashier_email, PASSWORD) == 200
            for _ in range(5):
                assert await _try(shop, unique_email(), "random-guess") == 401
            assert await _try(shop, unique_email(), "random-guess") == 429
            # The cashier signs in from this shop every day: her right password still works.
            assert await _try(shop, brand.cashier_email, PASSWORD) == 200


async def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(
    database_url: str,
) -> None:
    settings = {"trusted_proxies": "10.0.0.1, 10.0.1.0/24", "sign_in_max_failures_per_address": 3}
    async with _app(database_url, **settings) as app, client_from(app, "10.0.0.1") as proxy:
        for _ in range(3):
            assert await _try(proxy, unique_email(), "guess", **_via("198.51.100.7")) == 401
        assert await _try(proxy, unique_email(), "guess", **_via("198.51.100.7")) == 429
        assert await _try(proxy, unique_email(), "guess", **_via("198.51.100.8")) == 401
        # A client cannot pose as another by writing the header itself.
        spoofed = _via("198.51.100.9, 198.51.100.7, 10.0.1.5")
        assert await _try(proxy, unique_email(), "guess", **spoofed) == 429


async def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(database_url: str) -> None:
    settings = {"trusted_proxies": "10.0.0.1", "sign_in_max_failures_per_address": 3}
    async with _app(database_url, **settings) as app, client_from(app) as client:
        statuses = [
            await _try(client, unique_email(), "guess", **_via(f"203.0.113.{n}")) for n in range(4)
        ]
    assert statuses == [401, 401, 401, 429]


def _via(forwarded_for: str) -> dict[str, str]:
    return {"x-forwarded-for": forwarded_for}


async def test_housekeeping_forgets_counts_that_no_rule_looks_at_any_more(
    client: httpx.AsyncClient, db: Database
) -> None:
    email = unique_email()
    assert await _try(client, email, "a-guess") == 401
    key = throttle.account_key(email)
    later = utcnow() + timedelta(days=db.settings.sign_in_known_address_days, minutes=1)
    counted_now = await _still_counted_after_purge(db, key, utcnow())
    counted_later = await _still_counted_after_purge(db, key, later)
    assert (counted_now, counted_later) == (True, False)


async def _still_counted_after_purge(db: Database, key: str, now: datetime) -> bool:
    async with db.unit_of_work() as session:
        await auth_service.purge_throttles(session, db.settings, now)
        found = await session.scalar(select(SignInThrottle.key).where(SignInThrottle.key == key))
    return found is not None
