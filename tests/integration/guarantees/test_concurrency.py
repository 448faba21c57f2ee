"""Concurrency: bursts of parallel requests, each with its exact expected count.

Every burst is sent at once through one in-process app whose pool holds a connection for
each request, so the database (not the pool) decides who wins. PostgreSQL runs them all;
the guesses at one-time codes run on SQLite too (one writer at a time, no row locks).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.factories import Brand, create_customer, unique_email
from tests.factories.accounts import (
    CUSTOMER_PASSWORD,
    client_from,
    create_account,
    latest_code,
    unique_customer_email,
    unique_phone,
    wrong,
)

BURST = 12
CUSTOMERS = "/api/v1/customers"
STAFF_SIGN_IN = "/api/v1/auth/staff/sign-in"
CUSTOMER_SIGN_IN = "/api/v1/auth/customer/sign-in"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A pool large enough for every request of a burst at once."""
    return settings.model_copy(update={"database_pool_size": 2 * BURST})


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with a client address of its own (per-address limits stay per test)."""
    async with client_from(app) as client:
        yield client


async def burst(count: int, send: Callable[[int], Awaitable[httpx.Response]]) -> list[Any]:
    """`count` requests at once; their answers in order."""
    return list(await asyncio.gather(*(send(i) for i in range(count))))


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


@pytest.mark.postgres_only
async def test_parallel_staff_password_guesses_evaluate_at_most_the_failure_limit(
    api: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    limit = db.settings.sign_in_max_failures

    async def guess(i: int) -> httpx.Response:
        body = {"email": brand.cashier_email, "password": f"wrong-guess-{i}"}
        return await api.post(STAFF_SIGN_IN, json=body)

    answers = await burst(BURST, guess)
    assert statuses(answers) == {401: limit, 429: BURST - limit}
    assert all(int(a.headers["retry-after"]) > 0 for a in answers if a.status_code == 429)


@pytest.mark.postgres_only
async def test_parallel_customer_password_guesses_evaluate_at_most_the_failure_limit(
    api: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    limit = db.settings.sign_in_max_failures

    async def guess(i: int) -> httpx.Response:
        body = {"destination": email, "password": f"wrong-guess-{i}"}
        return await api.post(CUSTOMER_SIGN_IN, json=body)

    answers = await burst(BURST, guess)
    assert statuses(answers) == {401: limit, 429: BURST - limit}


async def test_parallel_wrong_codes_at_sign_in_count_exactly_the_attempt_limit(
    api: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await api.post("/api/v1/auth/customer/otp", json={"destination": email})
    code = await latest_code(db, email)
    limit = db.settings.otp_max_attempts
    body = {"challenge_id": challenge.json()["challenge_id"], "code": wrong(code)}

    answers = await burst(2 * BURST, lambda i: api.post(CUSTOMER_SIGN_IN, json=body))
    right = await api.post(CUSTOMER_SIGN_IN, json={**body, "code": code})

    codes = Counter(a.json()["error"]["code"] for a in answers)
    assert codes == {"otp.wrong_code": limit, "otp.too_many_attempts": 2 * BURST - limit}
    assert right.status_code == 429


async def test_parallel_wrong_codes_at_the_till_count_exactly_the_attempt_limit(
    api: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    email = unique_email("till")
    customer = await create_customer(api, brand, emails=[email])
    url = f"{CUSTOMERS}/{customer['id']}/promotion"
    started = await api.post(url, json={"channel": "email"}, headers=brand.cashier)
    code = await latest_code(db, email)
    limit = db.settings.otp_max_attempts
    body = {"challenge_id": started.json()["challenge_id"], "code": wrong(code)}

    answers = await burst(
        2 * BURST, lambda i: api.post(url + "/verify", json=body, headers=brand.cashier)
    )

    codes = Counter(a.json()["error"]["code"] for a in answers)
    assert codes == {"otp.wrong_code": limit, "otp.too_many_attempts": 2 * BURST - limit}


@pytest.mark.postgres_only
async def test_parallel_creates_with_one_phone_in_different_forms_make_one_customer(
    api: httpx.AsyncClient, brand: Brand
) -> None:
    phone = unique_phone()
    national = "0" + phone[3:]
    forms = [phone, national, phone[1:], f"{national[:4]} {national[4:7]} {national[7:]}"]

    async def create(i: int) -> httpx.Response:
        body = {"name": f"Khách {i}", "phones": [forms[i % 4]], "emails": [unique_email()]}
        return await api.post(CUSTOMERS, json=body, headers=brand.cashier)

    answers = await burst(BURST, create)

    assert statuses(answers) == {201: 1, 409: BURST - 1}
    winner = next(a.json()["id"] for a in answers if a.status_code == 201)
    holders = {a.json()["error"]["details"]["customer_id"] for a in answers if a.status_code == 409}
    assert holders == {winner}


@pytest.mark.postgres_only
async def test_parallel_creates_with_one_email_in_different_cases_make_one_customer(
    api: httpx.AsyncClient, brand: Brand
) -> None:
    email = unique_email("dao")

    async def create(i: int) -> httpx.Response:
        typed = email.upper() if i % 2 else email
        body = {"name": f"Khách {i}", "phones": [unique_phone()], "emails": [typed]}
        return await api.post(CUSTOMERS, json=body, headers=brand.cashier)

    answers = await burst(BURST, create)

    assert statuses(answers) == {201: 1, 409: BURST - 1}
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {
        "customer.email_taken"
    }


async def _send_until_settled(
    api: httpx.AsyncClient, brand: Brand, key: str, body: dict[str, Any]
) -> httpx.Response:
    """A till that honours `409 idempotency.in_progress` + `Retry-After` (bounded)."""
    headers = {**brand.cashier, "Idempotency-Key": key}
    for _ in range(50):
        answer = await api.post(CUSTOMERS, json=body, headers=headers)
        if answer.status_code != 409:
            return answer
        assert answer.json()["error"]["code"] == "idempotency.in_progress", answer.text
        await asyncio.sleep(min(float(answer.headers["retry-after"]), 0.1))
    raise AssertionError("the first request never finished")


@pytest.mark.postgres_only
async def test_parallel_replays_of_one_idempotency_key_create_once_and_answer_the_same(
    api: httpx.AsyncClient, brand: Brand
) -> None:
    phone = unique_phone()
    body = {"name": "Lê Văn Tám", "phones": [phone], "emails": [unique_email()]}

    answers = await burst(
        BURST, lambda i: _send_until_settled(api, brand, "till-9-sale-4711", body)
    )
    found = await api.get(CUSTOMERS, params={"q": phone}, headers=brand.cashier)

    assert statuses(answers) == {201: BURST}
    assert len({a.content for a in answers}) == 1
    assert len({a.headers["etag"] for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == BURST - 1
    assert [c["id"] for c in found.json()["items"]] == [answers[0].json()["id"]]


@pytest.mark.postgres_only
async def test_parallel_patches_with_one_if_match_let_exactly_one_win(
    api: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(api, brand)
    url = f"{CUSTOMERS}/{customer['id']}"
    headers = {**brand.cashier, "If-Match": f'"{customer["version"]}"'}

    answers = await burst(
        BURST, lambda i: api.patch(url, json={"note": f"ghi chú {i}"}, headers=headers)
    )
    after = await api.get(url, headers=brand.cashier)

    assert statuses(answers) == {200: 1, 412: BURST - 1}
    winner = next(a.json() for a in answers if a.status_code == 200)
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 412} == {
        "precondition.failed"
    }
    assert after.json()["version"] == customer["version"] + 1
    assert after.json()["note"] == winner["note"]
