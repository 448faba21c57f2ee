"""Only a customer changes their own password; a till never replaces it."""

from __future__ import annotations

import uuid

import httpx

from patronage.core.db import Database
from patronage.identity.auth import service as auth_service
from patronage.identity.users.models import User
from tests.factories import Brand, create_customer
from tests.factories.accounts import (
    CUSTOMER_PASSWORD,
    create_account,
    latest_code,
    promote,
    start,
    unique_customer_email,
    unique_phone,
    verify,
)
from tests.integration.accounts.sign_in import request_code
from tests.integration.answers import assert_error

SIGN_IN = "/api/v1/auth/customer/sign-in"
PASSWORD = "/api/v1/me/password"
NEW_PASSWORD = "quiet-river-stones-9"


async def _token(db: Database, user_id: uuid.UUID) -> dict[str, str]:
    async with db.unit_of_work() as session:
        issued = await auth_service.issue_customer_session(session, db.settings, user_id=user_id)
    return {"Authorization": f"Bearer {issued.token}"}


async def _signs_in(client: httpx.AsyncClient, destination: str, password: str) -> bool:
    answer = await client.post(SIGN_IN, json={"destination": destination, "password": password})
    return answer.status_code == 200


async def _change_with_code(
    client: httpx.AsyncClient, db: Database, account: User, destination: str
) -> httpx.Response:
    """As `account`, set the new password, proving `destination` by the code just sent to it."""
    challenge = await request_code(client, destination)
    code = await latest_code(db, destination)
    body = {"challenge_id": challenge["challenge_id"], "code": code, "new_password": NEW_PASSWORD}
    return await client.put(PASSWORD, headers=await _token(db, account.id), json=body)


async def test_a_promotion_at_another_brand_never_replaces_the_accounts_password(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    email = unique_customer_email()
    at_a = await create_customer(client, brand, emails=[email])
    assert (await promote(client, db, brand, at_a, password=CUSTOMER_PASSWORD)).status_code == 200
    at_b = await create_customer(client, other_brand, emails=[email])
    challenge_id = (await start(client, other_brand, at_b)).json()["challenge_id"]
    code = await latest_code(db, email)
    takeover = await verify(
        client, other_brand, at_b, challenge_id, code, password="the-cashier-knows-this"
    )
    assert_error(takeover, 409, "promotion.password_exists")
    assert await _signs_in(client, email, CUSTOMER_PASSWORD)
    merged = await verify(client, other_brand, at_b, challenge_id, code)
    assert merged.status_code == 200 and merged.json()["merged"] is True
    assert await _signs_in(client, email, CUSTOMER_PASSWORD)


async def test_a_password_change_with_the_current_one_ends_the_other_sessions(
    client: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    account = await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    this, other = await _token(db, account.id), await _token(db, account.id)
    changed = await client.put(
        PASSWORD,
        headers=this,
        json={"current_password": CUSTOMER_PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204, changed.text
    assert (await client.get("/api/v1/me", headers=this)).status_code == 200
    assert (await client.get("/api/v1/me", headers=other)).status_code == 401
    assert await _signs_in(client, email, NEW_PASSWORD)
    assert not await _signs_in(client, email, CUSTOMER_PASSWORD)


async def test_a_wrong_current_password_changes_nothing(
    client: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    account = await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    refused = await client.put(
        PASSWORD,
        headers=await _token(db, account.id),
        json={"current_password": "not-my-password", "new_password": NEW_PASSWORD},
    )
    assert_error(refused, 403, "customer_auth.wrong_password")
    assert await _signs_in(client, email, CUSTOMER_PASSWORD)


async def test_a_fresh_code_lets_an_account_without_a_password_set_one(
    public: httpx.AsyncClient, db: Database
) -> None:
    phone = unique_phone()
    account = await create_account(db, phone=phone)
    changed = await _change_with_code(public, db, account, phone)
    assert changed.status_code == 204, changed.text
    assert await _signs_in(public, phone, NEW_PASSWORD)


async def test_a_code_sent_to_another_account_proves_nothing(
    public: httpx.AsyncClient, db: Database
) -> None:
    mine, theirs = unique_phone(), unique_phone()
    account = await create_account(db, phone=mine)
    await create_account(db, phone=theirs)
    refused = await _change_with_code(public, db, account, theirs)
    assert_error(refused, 403, "customer_auth.code_not_yours")


async def test_a_weak_new_password_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, db: Database
) -> None:
    account = await create_account(db, email=unique_customer_email(), password=CUSTOMER_PASSWORD)
    headers = await _token(db, account.id) | {"Accept-Language": "vi"}
    refused = await client.put(
        PASSWORD,
        headers=headers,
        json={"current_password": CUSTOMER_PASSWORD, "new_password": "password123"},
    )
    assert_error(refused, 422, "customer_auth.weak_password")
    assert "ký tự" in refused.json()["error"]["message"]


async def test_one_proof_is_needed(client: httpx.AsyncClient, db: Database) -> None:
    account = await create_account(db, email=unique_customer_email(), password=CUSTOMER_PASSWORD)
    headers = await _token(db, account.id)
    for body in (
        {"new_password": NEW_PASSWORD},
        {"new_password": NEW_PASSWORD, "code": "123456"},
        {
            "new_password": NEW_PASSWORD,
            "current_password": CUSTOMER_PASSWORD,
            "challenge_id": str(uuid.uuid4()),
            "code": "123456",
        },
    ):
        assert (await client.put(PASSWORD, headers=headers, json=body)).status_code == 422
