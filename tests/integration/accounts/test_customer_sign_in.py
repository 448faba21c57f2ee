"""Customer sign-in by one-time code or password, and the limits around it."""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from patronage.accounts.otp.models import OtpChallenge
from patronage.app import create_app
from patronage.core.columns import utcnow
from patronage.core.db import Database
from tests.factories import create_brand
from tests.factories.accounts import (
    CUSTOMER_PASSWORD,
    client_from,
    create_account,
    latest_code,
    latest_message,
    unique_customer_email,
    unique_phone,
    wrong,
)
from tests.integration.conftest import make_settings

OTP = "/api/v1/auth/customer/otp"
SIGN_IN = "/api/v1/auth/customer/sign-in"


@pytest.fixture
async def public(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with an address of its own (the per-address limit is per test)."""
    async with client_from(app) as client:
        yield client


async def _request_code(client: httpx.AsyncClient, destination: str) -> dict[str, str]:
    response = await client.post(OTP, json={"destination": destination})
    assert response.status_code == 202, response.text
    return response.json()  # type: ignore[no-any-return]


async def _sign_in(
    client: httpx.AsyncClient, challenge: dict[str, str], code: str
) -> httpx.Response:
    return await client.post(
        SIGN_IN, json={"challenge_id": challenge["challenge_id"], "code": code}
    )


async def test_a_known_email_gets_a_code_that_signs_the_customer_in(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    account = await create_account(db, email=email)
    challenge = await _request_code(public, email.upper())
    assert challenge["channel"] == "email"
    assert challenge["destination_masked"] == f"d•••@{email.split('@')[1]}"
    response = await _sign_in(public, challenge, await latest_code(db, email))
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == str(account.id)
    me = await public.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {response.json()['token']}"}
    )
    assert me.status_code == 200 and me.json()["verified_email"] == email


async def test_a_phone_in_local_form_gets_its_code_by_sms(
    public: httpx.AsyncClient, db: Database
) -> None:
    phone = unique_phone()
    await create_account(db, phone=phone, locale="vi")
    challenge = await _request_code(public, "0" + phone[3:])
    assert challenge["channel"] == "sms"
    message = await latest_message(db, phone)
    assert message is not None and message.channel == "sms" and message.locale == "vi"
    assert message.body_text is not None and "mã đăng nhập" in message.body_text


async def test_an_unknown_destination_gets_the_same_answer_and_nothing_is_sent(
    public: httpx.AsyncClient, db: Database
) -> None:
    known, unknown = unique_customer_email("dao"), unique_customer_email("dao")
    await create_account(db, email=known)
    known_answer = await public.post(OTP, json={"destination": known})
    unknown_answer = await public.post(OTP, json={"destination": unknown})
    assert known_answer.status_code == unknown_answer.status_code == 202
    assert known_answer.json().keys() == unknown_answer.json().keys()
    assert known_answer.headers.keys() == unknown_answer.headers.keys()
    assert unknown_answer.json()["destination_masked"].startswith("d•••@")
    assert await latest_message(db, unknown) is None


async def test_known_and_unknown_destinations_answer_in_similar_time(
    public: httpx.AsyncClient, db: Database
) -> None:
    timings: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(6):
        for known in (True, False):
            email = unique_customer_email()
            if known:
                await create_account(db, email=email)
            started = time.perf_counter()
            await _request_code(public, email)
            timings[known].append(time.perf_counter() - started)
    difference = abs(statistics.median(timings[True]) - statistics.median(timings[False]))
    assert difference < 0.05, timings


async def test_a_code_for_an_unknown_destination_never_signs_in(
    public: httpx.AsyncClient,
) -> None:
    challenge = await _request_code(public, unique_customer_email())
    response = await _sign_in(public, challenge, "123456")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "otp.wrong_code"


async def test_a_wrong_code_says_how_many_tries_remain(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await _request_code(public, email)
    response = await _sign_in(public, challenge, wrong(await latest_code(db, email)))
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"attempts_left": 4}
    vi = await public.post(
        SIGN_IN,
        json={"challenge_id": challenge["challenge_id"], "code": "000000"},
        headers={"Accept-Language": "vi"},
    )
    assert vi.json()["error"]["message"] == "Mã không đúng. Số lần thử còn lại: 3."


async def test_six_wrong_guesses_kill_the_challenge_even_for_the_right_code(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await _request_code(public, email)
    code = await latest_code(db, email)
    answers = [await _sign_in(public, challenge, wrong(code)) for _ in range(6)]
    assert [a.status_code for a in answers] == [422] * 5 + [429]
    assert answers[4].json()["error"]["details"] == {"attempts_left": 0}
    right = await _sign_in(public, challenge, code)
    assert right.status_code == 429
    assert right.json()["error"]["code"] == "otp.too_many_attempts"


async def test_a_used_code_is_refused(public: httpx.AsyncClient, db: Database) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await _request_code(public, email)
    code = await latest_code(db, email)
    assert (await _sign_in(public, challenge, code)).status_code == 200
    again = await _sign_in(public, challenge, code)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "otp.used"


async def test_an_expired_code_is_gone(public: httpx.AsyncClient, db: Database) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await _request_code(public, email)
    async with db.unit_of_work() as session:
        await session.execute(
            update(OtpChallenge)
            .where(OtpChallenge.id == uuid.UUID(challenge["challenge_id"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    response = await _sign_in(public, challenge, await latest_code(db, email))
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "otp.expired"


async def test_an_email_code_lasts_ten_minutes_and_an_sms_code_five(
    public: httpx.AsyncClient, db: Database
) -> None:
    from datetime import datetime

    email, phone = unique_customer_email(), unique_phone()
    await create_account(db, email=email, phone=phone)
    for destination, minutes in ((email, 10), (phone, 5)):
        before = utcnow()
        expires = datetime.fromisoformat((await _request_code(public, destination))["expires_at"])
        assert abs((expires - before) - timedelta(minutes=minutes)) < timedelta(seconds=5)


async def test_an_unknown_challenge_is_not_found(public: httpx.AsyncClient) -> None:
    response = await public.post(
        SIGN_IN, json={"challenge_id": "00000000-0000-4000-8000-000000000000", "code": "123456"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "otp.not_found"


@pytest.mark.parametrize(
    "body",
    [
        {"challenge_id": "00000000-0000-4000-8000-000000000000"},
        {"challenge_id": "00000000-0000-4000-8000-000000000000", "code": "12345"},
        {"challenge_id": "00000000-0000-4000-8000-000000000000", "code": "abcdef"},
        {"destination": "dao@example.com"},
        {"destination": "dao@example.com", "password": "x", "code": "123456"},
        {"code": "123456", "password": "x"},
        {},
    ],
)
async def test_a_malformed_sign_in_is_refused(
    public: httpx.AsyncClient, body: dict[str, str]
) -> None:
    response = await public.post(SIGN_IN, json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


@pytest.mark.parametrize("destination", ["not-an-email@", "0123", "+84 abc", "dao@@example.com"])
async def test_an_invalid_destination_is_a_422(public: httpx.AsyncClient, destination: str) -> None:
    response = await public.post(OTP, json={"destination": destination})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


async def test_a_second_code_within_a_minute_waits_with_retry_after(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    await _request_code(public, email)
    again = await public.post(OTP, json={"destination": email})
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "otp.too_many_requests"
    assert 55 <= int(again.headers["retry-after"]) <= 60


async def test_an_unknown_destination_is_limited_exactly_like_a_known_one(
    public: httpx.AsyncClient,
) -> None:
    email = unique_customer_email()
    await _request_code(public, email)
    again = await public.post(OTP, json={"destination": email})
    assert again.status_code == 429
    assert "retry-after" in again.headers


async def _app_with(database_url: str, **overrides: object) -> FastAPI:
    return create_app(make_settings(database_url, **overrides))


async def test_a_sixth_code_in_ten_minutes_is_refused(database_url: str, db: Database) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    app = await _app_with(database_url, otp_cooldown_s=0)
    async with app.router.lifespan_context(app), client_from(app) as client:
        statuses = [
            (await client.post(OTP, json={"destination": email})).status_code for _ in range(6)
        ]
        assert statuses == [202] * 5 + [429]
        refused = await client.post(OTP, json={"destination": email})
        assert 590 <= int(refused.headers["retry-after"]) <= 600


async def test_the_public_endpoint_is_limited_per_client_address(database_url: str) -> None:
    app = await _app_with(database_url, otp_max_per_address=3)
    async with app.router.lifespan_context(app), client_from(app) as client:
        statuses = [
            (await client.post(OTP, json={"destination": unique_customer_email()})).status_code
            for _ in range(4)
        ]
        assert statuses == [202, 202, 202, 429]
        async with client_from(app) as elsewhere:
            other = await elsewhere.post(OTP, json={"destination": unique_customer_email()})
            assert other.status_code == 202


async def test_codes_never_reach_the_logs_or_the_answers(
    public: httpx.AsyncClient, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    with caplog.at_level(logging.DEBUG):
        answer = await public.post(OTP, json={"destination": email})
        code = await latest_code(db, email)
        signed_in = await public.post(
            SIGN_IN, json={"challenge_id": answer.json()["challenge_id"], "code": code}
        )
    assert code not in answer.text and code not in signed_in.text
    assert any(record.name == "patronage.http" for record in caplog.records)
    assert all(code not in record.getMessage() for record in caplog.records)
    assert all(code not in str(record.__dict__) for record in caplog.records)


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


async def _customer_token(public: httpx.AsyncClient, db: Database, **account: str) -> str:
    email = unique_customer_email()
    await create_account(db, email=email, **account)
    challenge = await _request_code(public, email)
    response = await _sign_in(public, challenge, await latest_code(db, email))
    return str(response.json()["token"])


async def test_a_customer_may_change_their_language(
    public: httpx.AsyncClient, db: Database
) -> None:
    headers = {"Authorization": f"Bearer {await _customer_token(public, db)}"}
    changed = await public.patch("/api/v1/me", headers=headers, json={"locale": "vi"})
    assert changed.status_code == 200 and changed.json()["locale"] == "vi"
    assert (await public.get("/api/v1/me", headers=headers)).json()["locale"] == "vi"
    bad = await public.patch("/api/v1/me", headers=headers, json={"locale": "fr"})
    assert bad.status_code == 422
    other = await public.patch("/api/v1/me", headers=headers, json={"name": "x"})
    assert other.status_code == 422


async def test_a_customer_token_is_refused_on_staff_endpoints(
    public: httpx.AsyncClient, db: Database
) -> None:
    headers = {"Authorization": f"Bearer {await _customer_token(public, db)}"}
    for path in ("/api/v1/staff", "/api/v1/merchant"):
        response = await public.get(path, headers=headers)
        assert response.status_code == 403, path


async def test_a_staff_token_is_refused_on_me(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    assert (await client.get("/api/v1/me", headers=brand.cashier)).status_code == 403
    assert (await client.get("/api/v1/me")).status_code == 401


@pytest.mark.postgres_only
async def test_two_parallel_sign_ins_with_one_code_give_one_token(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    await create_account(db, email=email)
    challenge = await _request_code(public, email)
    code = await latest_code(db, email)
    answers = await asyncio.gather(*(_sign_in(public, challenge, code) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
