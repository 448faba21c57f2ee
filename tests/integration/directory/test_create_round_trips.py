"""A customer created at the till waits for PostgreSQL twice: once for the token, the
brand's rules and the holders of the new contacts, once for the writes and the commit
(counted on the wire, not assumed)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, unique_email, vn_phone
from tests.integration.statements import round_trips

pytestmark = pytest.mark.postgres_only

CUSTOMERS = "/api/v1/customers"


async def _create(client: httpx.AsyncClient, brand: Brand, phone: str) -> httpx.Response:
    body = {"name": "Nguyễn Thị Đào", "phones": [phone], "emails": [unique_email()]}
    return await client.post(CUSTOMERS, json=body, headers=brand.cashier)


async def test_a_create_is_two_round_trips(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await _create(client, brand, vn_phone())  # the token's region is known from now on
    with round_trips(db) as counted:
        response = await _create(client, brand, vn_phone())

    assert response.status_code == 201, response.text
    assert counted[0] == 2


async def test_a_taken_phone_is_refused_after_two_round_trips_with_nothing_written(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    phone = vn_phone()
    first = await _create(client, brand, phone)
    with round_trips(db) as counted:
        response = await _create(client, brand, phone)

    assert response.status_code == 409
    assert response.json()["error"]["details"]["customer_id"] == first.json()["id"]
    assert counted[0] == 2  # the first leg, then the rollback with the closing sync


async def test_a_brand_reading_phones_in_another_region_pays_a_second_trip_once(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, phone_region="TH")
    with round_trips(db) as first:
        created = await _create(client, brand, "081 234 5678")
    with round_trips(db) as again:
        await _create(client, brand, "081 234 5679")

    assert created.json()["phones"][0]["number"] == "+66812345678"
    assert (first[0], again[0]) == (4, 2)


async def test_two_tills_creating_the_same_phone_at_once_make_one_customer(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for _ in range(3):
        phone = vn_phone()
        answers = await asyncio.gather(_create(client, brand, phone), _create(client, brand, phone))

        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201, 409], [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 201).json()
        loser = next(a for a in answers if a.status_code == 409).json()
        assert loser["error"]["details"]["customer_id"] == winner["id"]
