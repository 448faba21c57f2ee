"""Accounts fixtures: Đào and a promotion started for her, one person at two brands, a client
of its own address, a sign-in code sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import (
    client_from,
    create_account,
    latest_code,
    promote,
    start,
    unique_customer_email,
    verify,
)
from tests.integration.accounts.sign_in import CodeSent, customer_token, request_code


@dataclass(frozen=True)
class StartedPromotion:
    brand: Brand
    customer: dict[str, Any]
    email: str
    challenge_id: str
    code: str

    async def verify(
        self, client: httpx.AsyncClient, code: str | None = None, **extra: str
    ) -> httpx.Response:
        """The cashier types `code` (the right one unless given) for this challenge."""
        typed = self.code if code is None else code
        return await verify(client, self.brand, self.customer, self.challenge_id, typed, **extra)


@pytest.fixture
async def dao(client: httpx.AsyncClient, brand: Brand) -> dict[str, Any]:
    """Đào: a captured customer of `brand` with an email of her own, who reads Vietnamese."""
    return await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")


@pytest.fixture
async def promotion(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> StartedPromotion:
    """A cashier sent a code to Đào's email; the code is the one in the outbox."""
    email = dao["emails"][0]["address"]
    started = await start(client, brand, dao)
    assert started.status_code == 202, started.text
    code = await latest_code(db, email)
    return StartedPromotion(brand, dao, email, started.json()["challenge_id"], code)


@dataclass(frozen=True)
class OnePersonAtTwoBrands:
    """One email, a captured customer with it at brand A and another at brand B."""

    email: str
    brand_a: Brand
    at_a: dict[str, Any]
    brand_b: Brand
    at_b: dict[str, Any]


@pytest.fixture
async def person(client: httpx.AsyncClient, db: Database) -> OnePersonAtTwoBrands:
    """The same person, by email, a customer of two brands; neither profile promoted yet."""
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    return OnePersonAtTwoBrands(email, brand_a, at_a, brand_b, at_b)


@pytest.fixture
async def public(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an address of its own (the per-address limit is per test)."""
    async with client_from(app) as client:
        yield client


@pytest.fixture
async def code_sent(public: httpx.AsyncClient, db: Database) -> CodeSent:
    """A customer account with an email asked for a sign-in code; the code is in the outbox."""
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await request_code(public, email)
    return CodeSent(email, challenge, await latest_code(db, email))


@pytest.fixture
async def shopper(app: FastAPI, client: httpx.AsyncClient, db: Database) -> dict[str, Any]:
    """Đào, with a profile at brand A and at brand B, both linked to her sign-in account
    (`headers` are her token's)."""
    brand_a = await create_brand(client, db, name="Cà Phê A")
    brand_b = await create_brand(client, db, name="Trà Sữa B")
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    assert (await promote(client, db, brand_a, at_a)).status_code == 200
    assert (await promote(client, db, brand_b, at_b)).json()["merged"] is True
    return {
        "headers": await customer_token(app, db, email),
        "brand_a": brand_a,
        "brand_b": brand_b,
        "at_a": at_a,
        "at_b": at_b,
    }
