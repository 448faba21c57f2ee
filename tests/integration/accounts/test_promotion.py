"""Staff promote a captured customer to a sign-in account by one-time code; the merge path."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from patronage.accounts.otp.models import OtpChallenge
from patronage.app import create_app
from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.identity.users.models import User
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
    verify,
    wrong,
)
from tests.integration.accounts.conftest import StartedPromotion
from tests.integration.conftest import make_settings

CUSTOMERS = "/api/v1/customers"


async def events(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> list[str]:
    response = await client.get(f"{CUSTOMERS}/{customer['id']}/events", headers=brand.cashier)
    assert response.status_code == 200, response.text
    return [e["action"] for e in response.json()["items"]]


async def get_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> dict[str, Any]:
    response = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


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
    assert "promotion.started" in await events(client, brand, dao)


async def test_the_code_never_appears_in_the_answer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
    response = await start(client, brand, dao)
    assert await latest_code(db, email) not in response.text


async def test_the_right_code_makes_her_active_with_a_verified_email(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
    response = await promote(client, db, brand, dao)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["merged"] is False
    assert body["customer"]["account_status"] == "active"
    assert body["customer"]["user_id"] == dao["user_id"] == body["user"]["id"]
    assert body["user"]["verified_email"] == email and body["user"]["has_password"] is False
    assert body["user"]["locale"] == "vi"
    actions = await events(client, brand, dao)
    assert "promotion.succeeded" in actions and "promotion.merged" not in actions


async def test_promotion_by_sms_proves_the_phone(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
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
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
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
    assert weak.status_code == 422
    assert weak.json()["error"]["code"] == "promotion.weak_password"
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
    assert right.status_code == 429
    assert right.json()["error"]["code"] == "otp.too_many_attempts"


async def test_the_same_code_again_is_refused(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    assert (await promotion.verify(client)).status_code == 200
    again = await promotion.verify(client)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "otp.used"


async def test_an_expired_code_answers_410(
    client: httpx.AsyncClient, db: Database, promotion: StartedPromotion
) -> None:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(
            update(OtpChallenge)
            .where(OtpChallenge.id == uuid.UUID(promotion.challenge_id))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await promotion.verify(client)
    assert expired.status_code == 410
    assert expired.json()["error"]["code"] == "otp.expired"


async def test_another_brands_customer_is_not_found(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    dao = await create_customer(client, brand_a, emails=[unique_customer_email()], locale="vi")
    assert (await start(client, brand_b, dao)).status_code == 404
    started = (await start(client, brand_a, dao)).json()
    stolen = await verify(client, brand_b, dao, started["challenge_id"], "123456")
    assert stolen.status_code == 404
    assert stolen.json()["error"]["code"] == "customer.not_found"


async def test_a_challenge_of_another_customer_is_not_found(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
    lan = await create_customer(
        client, brand, emails=[unique_customer_email()], name="Trần Lan", locale="vi"
    )
    started = (await start(client, brand, dao)).json()
    crossed = await verify(
        client, brand, lan, started["challenge_id"], await latest_code(db, email)
    )
    assert crossed.status_code == 404
    assert crossed.json()["error"]["code"] == "otp.not_found"


async def test_a_customer_without_that_contact_cannot_be_promoted_over_it(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone")
    dao = await create_customer(client, brand, emails=[], locale="vi")
    response = await start(client, brand, dao, "email")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "promotion.no_contact"


async def test_a_deleted_customer_cannot_be_promoted(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    deleted = await client.delete(f"{CUSTOMERS}/{dao['id']}", headers=brand.owner)
    assert deleted.status_code == 204
    response = await start(client, brand, dao)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "customer.deleted"


async def test_an_active_customer_is_not_sent_a_code_for_a_contact_already_proved(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    assert (await promote(client, db, brand, dao)).status_code == 200
    again = await start(client, brand, dao)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "promotion.already_verified"
    assert (await promote(client, db, brand, dao, channel="sms")).status_code == 200


async def test_a_second_code_within_a_minute_waits_with_retry_after(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    assert (await start(client, brand, dao)).status_code == 202
    again = await start(client, brand, dao)
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "otp.too_many_requests"
    assert 55 <= int(again.headers["retry-after"]) <= 60


async def test_the_cooldown_is_per_brand_and_per_purpose(
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    assert (await promote(client, db, brand_a, at_a)).status_code == 200
    assert (await start(client, brand_b, at_b)).status_code == 202
    async with client_from(app) as public:
        sign_in = await public.post("/api/v1/auth/customer/otp", json={"destination": email})
    assert sign_in.status_code == 202


async def test_staff_sends_from_one_till_are_not_limited_per_address(
    database_url: str, db: Database
) -> None:
    app = create_app(make_settings(database_url, otp_max_per_address=1))
    async with app.router.lifespan_context(app), client_from(app, "192.0.2.10") as till:
        brand = await create_brand(till, app.state.db)
        for _ in range(3):
            customer = await create_customer(
                till, brand, emails=[unique_customer_email()], locale="vi"
            )
            assert (await start(till, brand, customer)).status_code == 202


async def test_a_customer_token_cannot_promote(
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    email = unique_customer_email()
    dao = await create_customer(client, brand, emails=[email], locale="vi")
    await promote(client, db, brand, dao)
    async with client_from(app) as public:
        challenge = (
            await public.post("/api/v1/auth/customer/otp", json={"destination": email})
        ).json()
        token = (
            await public.post(
                "/api/v1/auth/customer/sign-in",
                json={
                    "challenge_id": challenge["challenge_id"],
                    "code": await latest_code(db, email),
                },
            )
        ).json()["token"]
    response = await client.post(
        f"{CUSTOMERS}/{dao['id']}/promotion",
        json={"channel": "email"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "fax"},
        {"channel": "email", "extra": 1},
        {},
    ],
)
async def test_a_malformed_promotion_is_refused(
    client: httpx.AsyncClient, db: Database, body: dict[str, Any]
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    response = await client.post(
        f"{CUSTOMERS}/{dao['id']}/promotion", json=body, headers=brand.cashier
    )
    assert response.status_code == 422


async def _user(db: Database, user_id: str) -> User:
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.id == uuid.UUID(user_id)))
        assert user is not None
        return user


async def test_at_a_second_brand_her_profile_joins_her_existing_account(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    first = (await promote(client, db, brand_a, at_a)).json()
    started = await start(client, brand_b, at_b)
    # Sending the code proves nothing: the profile keeps its own account until verified.
    assert (await get_customer(client, brand_b, at_b))["user_id"] == at_b["user_id"]
    code = await latest_code(db, email)
    joined = await verify(client, brand_b, at_b, started.json()["challenge_id"], code)
    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert body["merged"] is True
    assert body["user"]["id"] == first["user"]["id"] == at_a["user_id"]
    assert body["customer"]["user_id"] == at_a["user_id"]
    assert body["customer"]["account_status"] == "active"
    assert (await _user(db, at_b["user_id"])).status == "retired"
    actions = await events(client, brand_b, at_b)
    assert "promotion.merged" in actions and "promotion.succeeded" in actions


async def test_a_profile_whose_account_proved_something_else_is_not_joined(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email, phone = unique_customer_email(), unique_phone()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], phones=[phone], locale="vi")
    assert (await promote(client, db, brand_a, at_a)).status_code == 200
    assert (await promote(client, db, brand_b, at_b, channel="sms")).status_code == 200
    conflict = await promote(client, db, brand_b, at_b, channel="email")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "promotion.account_conflict"
    assert (await get_customer(client, brand_b, at_b))["user_id"] == at_b["user_id"]


@pytest.mark.postgres_only
async def test_two_parallel_verifications_of_one_code_succeed_once(
    client: httpx.AsyncClient, promotion: StartedPromotion
) -> None:
    answers = await asyncio.gather(*(promotion.verify(client) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]


@pytest.mark.postgres_only
async def test_two_brands_verifying_one_new_email_at_once_end_with_one_account(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    email = unique_customer_email()
    at_a = await create_customer(client, brand_a, emails=[email], locale="vi")
    at_b = await create_customer(client, brand_b, emails=[email], locale="vi")
    challenge_a = (await start(client, brand_a, at_a)).json()["challenge_id"]
    code_a = await latest_code(db, email)
    challenge_b = (await start(client, brand_b, at_b)).json()["challenge_id"]
    code_b = await latest_code(db, email)
    answers = await asyncio.gather(
        verify(client, brand_a, at_a, challenge_a, code_a),
        verify(client, brand_b, at_b, challenge_b, code_b),
    )
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    bodies = [a.json() for a in answers]
    assert sorted(b["merged"] for b in bodies) == [False, True]
    assert bodies[0]["user"]["id"] == bodies[1]["user"]["id"]


async def test_the_owners_report_counts_promotions_started_and_succeeded(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=[unique_customer_email()], locale="vi")
    lan = await create_customer(
        client, brand, emails=[unique_customer_email("lan")], name="Lan", locale="vi"
    )
    assert (await promote(client, db, brand, dao)).status_code == 200
    assert (await start(client, brand, lan)).status_code == 202
    report = await client.get("/api/v1/reports/customers", headers=brand.owner)
    assert report.status_code == 200, report.text
    assert report.json()["promotion"] == {"started": 2, "succeeded": 1, "success_rate": 0.5}
