"""The merge path: a profile at a second brand joins the account the person already has."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import select

from patronage.core.db import Database
from patronage.identity.users.models import User
from tests.factories import Brand, create_customer
from tests.factories.accounts import (
    latest_code,
    promote,
    start,
    unique_customer_email,
    unique_phone,
    verify,
)
from tests.integration.accounts.conftest import OnePersonAtTwoBrands
from tests.integration.answers import assert_error
from tests.integration.directory.customers import customer_actions, get_customer


async def _user(db: Database, user_id: str) -> User:
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.id == uuid.UUID(user_id)))
        assert user is not None
        return user


async def test_at_a_second_brand_her_profile_joins_her_existing_account(
    client: httpx.AsyncClient, db: Database, person: OnePersonAtTwoBrands
) -> None:
    first = (await promote(client, db, person.brand_a, person.at_a)).json()
    started = await start(client, person.brand_b, person.at_b)
    # Sending the code proves nothing: the profile keeps its own account until verified.
    before = await get_customer(client, person.brand_b, person.at_b)
    assert before["user_id"] == person.at_b["user_id"]
    code = await latest_code(db, person.email)
    joined = await verify(client, person.brand_b, person.at_b, started.json()["challenge_id"], code)
    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert body["merged"] is True
    assert body["user"]["id"] == first["user"]["id"] == person.at_a["user_id"]
    assert body["customer"]["user_id"] == person.at_a["user_id"]
    assert body["customer"]["account_status"] == "active"
    assert (await _user(db, person.at_b["user_id"])).status == "retired"
    actions = await customer_actions(client, person.brand_b, person.at_b)
    assert "promotion.merged" in actions and "promotion.succeeded" in actions


async def test_a_profile_whose_account_proved_something_else_is_not_joined(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    email, phone = unique_customer_email(), unique_phone()
    at_a = await create_customer(client, brand, emails=[email], locale="vi")
    at_b = await create_customer(client, other_brand, emails=[email], phones=[phone], locale="vi")
    assert (await promote(client, db, brand, at_a)).status_code == 200
    assert (await promote(client, db, other_brand, at_b, channel="sms")).status_code == 200
    conflict = await promote(client, db, other_brand, at_b, channel="email")
    assert_error(conflict, 409, "promotion.account_conflict")
    assert (await get_customer(client, other_brand, at_b))["user_id"] == at_b["user_id"]


@pytest.mark.postgres_only
async def test_two_brands_verifying_one_new_email_at_once_end_with_one_account(
    client: httpx.AsyncClient, db: Database, person: OnePersonAtTwoBrands
) -> None:
    challenge_a = (await start(client, person.brand_a, person.at_a)).json()["challenge_id"]
    code_a = await latest_code(db, person.email)
    challenge_b = (await start(client, person.brand_b, person.at_b)).json()["challenge_id"]
    code_b = await latest_code(db, person.email)
    answers = await asyncio.gather(
        verify(client, person.brand_a, person.at_a, challenge_a, code_a),
        verify(client, person.brand_b, person.at_b, challenge_b, code_b),
    )
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    bodies = [a.json() for a in answers]
    assert sorted(b["merged"] for b in bodies) == [False, True]
    assert bodies[0]["user"]["id"] == bodies[1]["user"]["id"]
