"""Staff promote a captured customer to a sign-in account by one-time code: the code, and how
it is spent or refused."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.accounts import (
    CUSTOMER_PASSWORD,
    client_from,
    latest_code,
    latest_message,
    promote,
    start,
    unique_customer_email,
    unique_phone,
    wrong,
)
from tests.integration.accounts.conftest import StartedPromotion
from tests.integration.accounts.sign_in import expire_challenge
from tests.integration.answers import assert_error, error_codes
from tests.integration.directory.customers import customer_actions, get_customer


async def test_starting_a_promotion_sends_a_code_in_her_language_and_invites_her(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, name="Cà Phê Sương Sớm")
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
    response = await start(client, brand, dao)
    assert response.status_code == 202, response.text
    body = response.json()
    assert set(body) == {"challenge_id", "expires_at", "channel", "destination_masked"}
    assert body["channel"] == "email" and body["destination_masked"].startswith("d•••@")
    message = await latest_message(db, email)
    assert message is not None and message.locale == "vi"
    assert message.subject == "Mã xác minh của bạn tại Cà Phê Sương Sớm"
    assert (await get_customer(client, brand, dao))["account_status"] == "invited"
    assert "promotion.started" in await customer_actions(client, brand, dao)


async def test_the_code_never_appears_in_the_answer(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    email = dao["emails"][0]["address"]
    response = await start(client, brand, dao)
    assert await latest_code(db, email) not in response.text


async def test_the_right_code_makes_her_active_with_a_verified_email(
    client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    email = dao["emails"][0]["address"]
    response = await promote(client, db, brand, dao)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["merged"] is False
    assert body["customer"]["account_status"] == "active"
    assert body["customer"]["user_id"] == dao["user_id"] == body["user"]["id"]
    assert body["user"]["verified_email"] == email and body["user"]["has_password"] is False
    assert body["user"]["locale"] == "vi"
    actions = await customer_actions(client, brand, dao)
    assert "promotion.succeeded" in actions and "promotion.merged" not in actions


async def test_promotion_by_sms_proves_the_phone(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    phone = unique_phone()
    dao = await create_customer(
        client, brand, phones=[phone], emails=[unique_customer_email()], locale="vi"
    )
    response = await promote(client, db, brand, dao, channel="sms")
    assert response.status_code == 200, response.text
    assert response.json()["user"]["verified_phone"] == phone
    message = await latest_message(db, phone)
    assert message is not None and message.channel == "sms"


async def test_a_password_given_at_verification_lets_her_sign_in_with_it(
    app: FastAPI, client: httpx.AsyncClient, db: Database, brand: Brand, dao: dict[str, Any]
) -> None:
    email = dao["emails"][0]["address"]
    response = await promote(client, db, brand, dao, password=CUSTOMER_PASSWORD)
    assert response.json()["user"]["has_password"] is True
    async with client_from(app) as public:
        signed_in = await public.post(
            "/api/v1/auth/customer/sign-in",
            json={"destination": email, "password": CUSTOMER_PASSWORD},
        )
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user_id"] == dao["user_id"]


async def test_a_weak_password_is_refused_without_using_the_code(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    weak = await promotion.verify(client, promotion.code, password="12345678")
    assert_error(weak, 422, "promotion.weak_password")
    assert (await promotion.verify(client)).status_code == 200


async def test_a_wrong_code_says_how_many_tries_remain(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    bad = await promotion.verify(client, wrong(promotion.code))
    assert bad.status_code == 422
    assert bad.json()["error"] == {
        "code": "otp.wrong_code",
        "message": "The code is not right. Attempts left: 4.",
        "details": {"attempts_left": 4},
    }
    customer = await get_customer(client, promotion.brand, promotion.customer)
    assert customer["account_status"] == "invited"


async def test_six_wrong_guesses_kill_the_challenge(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    statuses = [
        (await promotion.verify(client, wrong(promotion.code))).status_code for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    right = await promotion.verify(client)
    assert_error(right, 429, "otp.too_many_attempts")


async def test_the_same_code_again_is_refused(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    assert (await promotion.verify(client)).status_code == 200
    again = await promotion.verify(client)
    assert_error(again, 409, "otp.used")


async def test_an_expired_code_answers_410(
    client: httpx.AsyncClient, db: Database, promotion: StartedPromotion
) -> None:
    await expire_challenge(db, promotion.challenge_id)
    expired = await promotion.verify(client)
    assert_error(expired, 410, "otp.expired")


async def test_parallel_wrong_codes_at_the_till_are_judged_exactly_five_times(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    answers = await asyncio.gather(
        *(promotion.verify(client, wrong(promotion.code)) for _ in range(25))
    )
    assert error_codes(answers) == {"otp.wrong_code": 5, "otp.too_many_attempts": 20}


@pytest.mark.postgres_only
async def test_two_parallel_verifications_of_one_code_succeed_once(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    answers = await asyncio.gather(*(promotion.verify(client) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
