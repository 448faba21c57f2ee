"""Concurrent creates with one phone: the database lets exactly one win."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from patronage.app import create_app
from patronage.core.settings import Settings
from tests.factories import create_brand, unique_email

CONCURRENT = 20


@pytest.fixture
async def roomy_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app with a pool large enough for every concurrent request at once."""
    application = create_app(settings.model_copy(update={"database_pool_size": CONCURRENT}))
    async with application.router.lifespan_context(application):
        yield application


@pytest.mark.postgres_only
async def test_twenty_concurrent_creates_with_one_phone_make_one_customer(
    roomy_app: FastAPI,
) -> None:
    transport = httpx.ASGITransport(app=roomy_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as client:
        brand = await create_brand(client, roomy_app.state.db)

        async def create(index: int) -> httpx.Response:
            body = {
                "name": f"Khách {index}",
                "phones": ["0912 345 678"],
                "emails": [unique_email()],
            }
            return await client.post("/api/v1/customers", headers=brand.cashier, json=body)

        responses = await asyncio.gather(*(create(i) for i in range(CONCURRENT)))
        listed = await client.get("/api/v1/customers", headers=brand.cashier)
    assert Counter(r.status_code for r in responses) == {201: 1, 409: CONCURRENT - 1}
    winner = next(r.json() for r in responses if r.status_code == 201)
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["error"]["code"] == "customer.phone_taken"
        assert loser.json()["error"]["details"]["customer_id"] == winner["id"]
        assert loser.json()["error"]["details"]["name"] == winner["name"]
    assert [c["id"] for c in listed.json()["items"]] == [winner["id"]]


@pytest.mark.postgres_only
async def test_concurrent_repeats_of_one_idempotency_key_create_once(roomy_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=roomy_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as client:
        brand = await create_brand(client, roomy_app.state.db)
        body = {"name": "Lê Văn Tám", "phones": ["0987 654 321"], "emails": [unique_email()]}
        headers = {**brand.cashier, "Idempotency-Key": "till-2-sale-17"}

        responses = await asyncio.gather(
            *(client.post("/api/v1/customers", headers=headers, json=body) for _ in range(8))
        )
        listed = await client.get("/api/v1/customers", headers=brand.cashier)
    created = [r for r in responses if r.status_code == 201]
    waiting = [r for r in responses if r.status_code == 409]
    assert len(created) + len(waiting) == len(responses)
    assert {r.json()["id"] for r in created} == {listed.json()["items"][0]["id"]}
    assert {r.json()["error"]["code"] for r in waiting} <= {"idempotency.in_progress"}
    assert len(listed.json()["items"]) == 1
