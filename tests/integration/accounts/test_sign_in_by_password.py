"""Customer sign-in by password, and the lockout after repeated wrong guesses."""

from __future__ import annotations

import asyncio

import httpx

from patronage.core.db import Database
from tests.factories.accounts import (
    CUSTOMER_PASSWORD,
    create_account,
    unique_customer_email,
    unique_phone,
)
from tests.integration.accounts.sign_in import (
    SIGN_IN,
)


async def test_a_password_signs_in_with_phone_or_email(
    public: httpx.AsyncClient, db: Database
) -> None:
    email, phone = unique_customer_email(), unique_phone()
    account = await create_account(db, email=email, phone=phone, password=CUSTOMER_PASSWORD)
    for destination in (email, phone):
        response = await public.post(
            SIGN_IN, json={"destination": destination, "password": CUSTOMER_PASSWORD}
        )
        assert response.status_code == 200, response.text
        assert response.json()["user_id"] == str(account.id)


async def test_a_wrong_password_and_an_unknown_destination_get_the_same_answer(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    wrong_password = await public.post(
        SIGN_IN, json={"destination": email, "password": "nope-nope"}
    )
    unknown = await public.post(
        SIGN_IN, json={"destination": unique_customer_email(), "password": "nope-nope"}
    )
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json() == unknown.json()
    assert unknown.json()["error"]["code"] == "customer_auth.invalid_credentials"


async def test_an_account_without_a_password_cannot_sign_in_with_one(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    response = await public.post(
        SIGN_IN, json={"destination": email, "password": "anything-at-all"}
    )
    assert response.status_code == 401


async def test_repeated_wrong_passwords_lock_the_account_with_retry_after(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    for _ in range(db.settings.sign_in_max_failures):
        await public.post(SIGN_IN, json={"destination": email, "password": "wrong-password"})
    locked = await public.post(SIGN_IN, json={"destination": email, "password": CUSTOMER_PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


async def test_parallel_password_guesses_are_judged_at_most_the_free_count(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email, password=CUSTOMER_PASSWORD)
    guesses = [{"destination": email, "password": f"wrong-guess-{n}"} for n in range(11)]
    answers = await asyncio.gather(*(public.post(SIGN_IN, json=body) for body in guesses))
    right = await public.post(SIGN_IN, json={"destination": email, "password": CUSTOMER_PASSWORD})
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) <= db.settings.sign_in_max_failures, statuses
    assert statuses.count(429) == len(guesses) - statuses.count(401)
    assert right.status_code == 429


async def test_typing_the_phone_in_another_form_does_not_escape_the_lockout(
    public: httpx.AsyncClient, db: Database
) -> None:
    phone = unique_phone()
    await create_account(db, phone=phone, password=CUSTOMER_PASSWORD)
    forms = [phone, "0" + phone[3:], phone[1:], f"+84 {phone[3:6]}-{phone[6:9]}-{phone[9:]}"]
    for n in range(db.settings.sign_in_max_failures):
        await public.post(SIGN_IN, json={"destination": forms[n % 4], "password": "wrong-pass"})
    locked = await public.post(SIGN_IN, json={"destination": phone, "password": CUSTOMER_PASSWORD})
    assert locked.status_code == 429
