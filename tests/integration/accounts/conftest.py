"""A promotion already started: a brand, a customer with an email, the code sent to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import latest_code, start, unique_customer_email, verify


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
async def promotion(client: httpx.AsyncClient, db: Database) -> StartedPromotion:
    """A cashier sent a code to a new customer's email; the code is the one in the outbox."""
    brand = await create_brand(client, db)
    email = unique_customer_email()
    customer = await create_customer(client, brand, emails=[email], locale="vi")
    started = await start(client, brand, customer)
    assert started.status_code == 202, started.text
    code = await latest_code(db, email)
    return StartedPromotion(brand, customer, email, started.json()["challenge_id"], code)
