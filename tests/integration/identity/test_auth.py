"""Staff sign-in, tokens and sign-out."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import PASSWORD, Brand, create_brand, sign_in, unique_email
from tests.factories.invitations import accept, invite, sent_code
from tests.integration.answers import assert_error

SIGN_IN = "/api/v1/auth/staff/sign-in"


async def test_sign_in_returns_a_token_bound_to_the_brand(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(SIGN_IN, json={"email": brand.owner_email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["merchant_id"] == str(brand.merchant_id)
    assert body["role"] == "owner"
    assert len(body["token"]) >= 40


async def test_unknown_email_and_wrong_password_get_the_same_answer(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    wrong_password = await client.post(
        SIGN_IN, json={"email": brand.owner_email, "password": "nope-nope-nope"}
    )
    unknown = await client.post(
        SIGN_IN, json={"email": unique_email(), "password": "nope-nope-nope"}
    )
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json() == unknown.json()
    assert wrong_password.json()["error"]["code"] == "auth.invalid_credentials"


async def test_repeated_failures_lock_the_account_with_retry_after(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    for _ in range(db.settings.sign_in_max_failures):
        await client.post(SIGN_IN, json={"email": brand.owner_email, "password": "wrong-password"})
    locked = await client.post(SIGN_IN, json={"email": brand.owner_email, "password": PASSWORD})
    assert_error(locked, 429, "auth.throttled")
    assert int(locked.headers["retry-after"]) > 0


async def test_parallel_guesses_are_judged_at_most_the_free_count(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    guesses = [{"email": brand.owner_email, "password": f"wrong-guess-{n}"} for n in range(11)]
    answers = await asyncio.gather(*(client.post(SIGN_IN, json=body) for body in guesses))
    right = await client.post(SIGN_IN, json={"email": brand.owner_email, "password": PASSWORD})
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) <= db.settings.sign_in_max_failures, statuses
    assert statuses.count(429) == len(guesses) - statuses.count(401)
    # Had the right password come in the burst, it would have signed in (and started the
    # account afresh); after it, it waits like any other attempt.
    assert right.status_code == 429


async def test_sign_out_revokes_the_token(client: httpx.AsyncClient, brand: Brand) -> None:
    assert (await client.get("/api/v1/staff", headers=brand.owner)).status_code == 200
    assert (await client.post("/api/v1/auth/sign-out", headers=brand.owner)).status_code == 204
    after = await client.get("/api/v1/staff", headers=brand.owner)
    assert_error(after, 401, "auth.required")


async def test_a_garbage_token_is_unauthorised(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/staff", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


async def test_staff_of_two_brands_must_choose_one(client: httpx.AsyncClient, db: Database) -> None:
    first = await create_brand(client, db)
    second = await create_brand(client, db, name="Second")
    invitation = await invite(client, second, first.cashier_email)
    code = await sent_code(db, first.cashier_email)
    added = await accept(client, invitation["id"], code, token=first.cashier_token)
    assert added.status_code == 200, added.text
    ambiguous = await client.post(
        SIGN_IN, json={"email": first.cashier_email, "password": PASSWORD}
    )
    assert_error(ambiguous, 422, "auth.merchant_required")
    assert {m["id"] for m in ambiguous.json()["error"]["details"]["merchants"]} == {
        str(first.merchant_id),
        str(second.merchant_id),
    }
    token = await sign_in(client, first.cashier_email, merchant_id=second.merchant_id)
    me = await client.get("/api/v1/merchant", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == str(second.merchant_id)


async def test_sign_in_to_a_brand_without_membership_is_forbidden(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    response = await client.post(
        SIGN_IN,
        json={
            "email": brand.owner_email,
            "password": PASSWORD,
            "merchant_id": str(other_brand.merchant_id),
        },
    )
    assert_error(response, 403, "auth.no_membership")


@pytest.mark.parametrize("email", ["owner\x00@example.com", "owner@example.com\n"])
async def test_an_email_with_a_control_character_is_refused_not_a_server_error(
    client: httpx.AsyncClient, email: str
) -> None:
    api = await client.post(
        "/api/v1/auth/staff/sign-in", json={"email": email, "password": "whatever-123"}
    )
    web = await client.post("/app/sign-in", data={"email": email, "password": "whatever-123"})
    assert api.status_code == 422, api.text
    assert api.json()["error"]["details"]["fields"][0]["path"] == "body.email"
    assert web.status_code == 422, web.text
