"""Customer sign-in by one-time code: who gets a code, and how a code is spent or refused."""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from datetime import timedelta

import httpx
import pytest

from patronage.core.columns import utcnow
from patronage.core.db import Database
from tests.factories.accounts import (
    create_account,
    latest_code,
    latest_message,
    unique_customer_email,
    unique_phone,
    wrong,
)
from tests.integration.accounts.sign_in import (
    OTP,
    SIGN_IN,
    CodeSent,
    expire_challenge,
    request_code,
    sign_in_with_code,
)
from tests.integration.answers import assert_error, error_codes


async def test_a_known_email_gets_a_code_that_signs_the_customer_in(
    public: httpx.AsyncClient, db: Database
) -> None:
    email = unique_customer_email()
    account = await create_account(db, email=email)
    challenge = await request_code(public, email.upper())
    assert challenge["channel"] == "email"
    assert challenge["destination_masked"] == f"d•••@{email.split('@')[1]}"
    response = await sign_in_with_code(public, challenge, await latest_code(db, email))
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
    challenge = await request_code(public, "0" + phone[3:])
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
            await request_code(public, email)
            timings[known].append(time.perf_counter() - started)
    difference = abs(statistics.median(timings[True]) - statistics.median(timings[False]))
    assert difference < 0.05, timings


async def test_a_code_for_an_unknown_destination_never_signs_in(
    public: httpx.AsyncClient,
) -> None:
    challenge = await request_code(public, unique_customer_email())
    response = await sign_in_with_code(public, challenge, "123456")
    assert_error(response, 422, "otp.wrong_code")


async def test_a_wrong_code_says_how_many_tries_remain(
    public: httpx.AsyncClient, code_sent: CodeSent
) -> None:
    response = await code_sent.sign_in(public, wrong(code_sent.code))
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"attempts_left": 4}
    vi = await public.post(
        SIGN_IN,
        json={"challenge_id": code_sent.challenge["challenge_id"], "code": "000000"},
        headers={"Accept-Language": "vi"},
    )
    assert vi.json()["error"]["message"] == "Mã không đúng. Số lần thử còn lại: 3."


async def test_six_wrong_guesses_kill_the_challenge_even_for_the_right_code(
    public: httpx.AsyncClient, code_sent: CodeSent
) -> None:
    answers = [await code_sent.sign_in(public, wrong(code_sent.code)) for _ in range(6)]
    assert [a.status_code for a in answers] == [422] * 5 + [429]
    assert answers[4].json()["error"]["details"] == {"attempts_left": 0}
    right = await code_sent.sign_in(public)
    assert_error(right, 429, "otp.too_many_attempts")


async def test_a_used_code_is_refused(public: httpx.AsyncClient, code_sent: CodeSent) -> None:
    assert (await code_sent.sign_in(public)).status_code == 200
    again = await code_sent.sign_in(public)
    assert_error(again, 409, "otp.used")


async def test_an_expired_code_is_gone(
    public: httpx.AsyncClient, db: Database, code_sent: CodeSent
) -> None:
    await expire_challenge(db, code_sent.challenge["challenge_id"])
    response = await code_sent.sign_in(public)
    assert_error(response, 410, "otp.expired")


async def test_an_email_code_lasts_ten_minutes_and_an_sms_code_five(
    public: httpx.AsyncClient, db: Database
) -> None:
    from datetime import datetime

    email, phone = unique_customer_email(), unique_phone()
    await create_account(db, email=email, phone=phone)
    for destination, minutes in ((email, 10), (phone, 5)):
        before = utcnow()
        expires = datetime.fromisoformat((await request_code(public, destination))["expires_at"])
        assert abs((expires - before) - timedelta(minutes=minutes)) < timedelta(seconds=5)


async def test_an_unknown_challenge_is_not_found(public: httpx.AsyncClient) -> None:
    response = await public.post(
        SIGN_IN, json={"challenge_id": "00000000-0000-4000-8000-000000000000", "code": "123456"}
    )
    assert_error(response, 404, "otp.not_found")


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
    assert_error(response, 422, "request.invalid")


@pytest.mark.parametrize("destination", ["not-an-email@", "0123", "+84 abc", "dao@@example.com"])
async def test_an_invalid_destination_is_a_422(public: httpx.AsyncClient, destination: str) -> None:
    response = await public.post(OTP, json={"destination": destination})
    assert_error(response, 422, "request.invalid")


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


async def test_parallel_wrong_codes_are_judged_exactly_five_times(
    public: httpx.AsyncClient, db: Database, code_sent: CodeSent
) -> None:
    answers = await asyncio.gather(
        *(code_sent.sign_in(public, wrong(code_sent.code)) for _ in range(25))
    )
    assert db.settings.otp_max_attempts == 5
    assert error_codes(answers) == {"otp.wrong_code": 5, "otp.too_many_attempts": 20}
    assert (await code_sent.sign_in(public)).status_code == 429


@pytest.mark.postgres_only
async def test_two_parallel_sign_ins_with_one_code_give_one_token(
    public: httpx.AsyncClient, code_sent: CodeSent
) -> None:
    answers = await asyncio.gather(*(code_sent.sign_in(public) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
