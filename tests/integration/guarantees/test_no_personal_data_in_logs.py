"""No personal data in the logs: the journeys run with every logger at DEBUG, and the
captured records (message, extra fields, tracebacks, as the JSON formatter writes them)
hold none of the phones (in any form), emails, codes, passwords or tokens used."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import phonenumbers
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from patronage.core.logging import JsonFormatter
from patronage.messaging.senders import senders_from_settings
from patronage.messaging.worker import Worker
from tests.factories import PASSWORD, create_brand, unique_email
from tests.factories.accounts import CUSTOMER_PASSWORD, client_from, latest_code, unique_phone
from tests.integration.conftest import make_settings, serving
from tests.servers import SmtpRecorder

CUSTOMERS = "/api/v1/customers"


@pytest.fixture
async def verbose_app(database_url: str, smtp: SmtpRecorder) -> AsyncIterator[FastAPI]:
    """The app as production runs it, but logging at DEBUG and sending email by SMTP."""
    settings = make_settings(
        database_url, log_level="DEBUG", smtp_host=smtp.host, smtp_port=smtp.port
    )
    async with serving(settings) as application:
        yield application


def phone_forms(e164: str) -> set[str]:
    """Every way a log line could spell the number."""
    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = e164.lstrip("+")
    return {
        e164,
        digits,
        national,
        re.sub(r"\D", "", national),
        str(number.national_number),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    }


class Journeys:
    """Drives the journeys and remembers every secret they used."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app, self.client = app, client
        self.db = app.state.db
        self.secrets: set[str] = {PASSWORD, CUSTOMER_PASSWORD}

    def keep(self, *values: Any) -> None:
        self.secrets.update(str(v) for v in values if v)

    async def run(self) -> None:
        brand = await create_brand(self.client, self.db)
        self.keep(brand.owner_token, brand.cashier_token, brand.owner_email, brand.cashier_email)
        phone, email = unique_phone(), unique_email("dao")
        self.secrets |= phone_forms(phone)
        self.keep(email)
        customer = await self._create(brand, phone, email)
        await self._lookups(brand, phone, email)
        await self._promotion(brand, customer, email)
        await self._customer_sign_in(email, phone)
        await self._staff_sign_in(brand.owner_email)

    async def _create(self, brand: Any, phone: str, email: str) -> dict[str, Any]:
        national = phonenumbers.format_number(
            phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        body = {"name": "Nguyễn Thị Đào", "phones": [national], "emails": [email.upper()]}
        created = await self.client.post(CUSTOMERS, json=body, headers=brand.cashier)
        assert created.status_code == 201, created.text
        again = await self.client.post(CUSTOMERS, json=body, headers=brand.cashier)
        assert again.status_code == 409, again.text
        other_phone = unique_phone()
        self.secrets |= phone_forms(other_phone)
        changed = await self.client.patch(
            f"{CUSTOMERS}/{created.json()['id']}",
            json={"phones": [phone, other_phone]},
            headers={**brand.cashier, "If-Match": created.headers["etag"]},
        )
        assert changed.status_code == 200, changed.text
        order = await self.client.post(
            "/api/v1/orders",
            json={
                "lines": [{"sku": "CF", "name": "Cà phê", "quantity": 1, "unit_price": 29000}],
                "customer_id": created.json()["id"],
            },
            headers=brand.cashier,
        )
        assert order.status_code == 201, order.text
        return changed.json()  # type: ignore[no-any-return]

    async def _lookups(self, brand: Any, phone: str, email: str) -> None:
        for q in (phone, phone[3:], phone_forms(phone).pop(), email, email[:6]):
            found = await self.client.get(CUSTOMERS, params={"q": q}, headers=brand.cashier)
            assert found.status_code == 200, found.text

    async def _promotion(self, brand: Any, customer: dict[str, Any], email: str) -> None:
        url = f"{CUSTOMERS}/{customer['id']}/promotion"
        started = await self.client.post(url, json={"channel": "email"}, headers=brand.cashier)
        assert started.status_code == 202, started.text
        code = await latest_code(self.db, email)
        self.keep(code, started.json()["challenge_id"])
        wrong = await self.client.post(
            url + "/verify",
            json={
                "challenge_id": started.json()["challenge_id"],
                "code": f"{(int(code) + 1) % 10**6:06d}",
            },
            headers=brand.cashier,
        )
        assert wrong.status_code == 422, wrong.text
        verified = await self.client.post(
            url + "/verify",
            json={
                "challenge_id": started.json()["challenge_id"],
                "code": code,
                "password": CUSTOMER_PASSWORD,
            },
            headers=brand.cashier,
        )
        assert verified.status_code == 200, verified.text

    async def _customer_sign_in(self, email: str, phone: str) -> None:
        otp = await self.client.post("/api/v1/auth/customer/otp", json={"destination": email})
        assert otp.status_code == 202, otp.text
        code = await latest_code(self.db, email)
        self.keep(code)
        signed_in = await self.client.post(
            "/api/v1/auth/customer/sign-in",
            json={"challenge_id": otp.json()["challenge_id"], "code": code},
        )
        assert signed_in.status_code == 200, signed_in.text
        by_password = await self.client.post(
            "/api/v1/auth/customer/sign-in",
            json={"destination": email.upper(), "password": CUSTOMER_PASSWORD},
        )
        assert by_password.status_code == 200, by_password.text
        refused = await self.client.post(
            "/api/v1/auth/customer/sign-in",
            json={"destination": phone, "password": "not-her-password-1"},
        )
        assert refused.status_code == 401, refused.text
        self.keep("not-her-password-1")
        for token in (signed_in.json()["token"], by_password.json()["token"]):
            self.keep(token)
            me = await self.client.get(
                "/api/v1/me/orders", headers={"Authorization": f"Bearer {token}"}
            )
            assert me.status_code == 200, me.text
        await self._deliver()

    async def _staff_sign_in(self, owner_email: str) -> None:
        wrong = await self.client.post(
            "/api/v1/auth/staff/sign-in",
            json={"email": owner_email, "password": "a-wrong-guess-4711"},
        )
        assert wrong.status_code == 401, wrong.text
        self.keep("a-wrong-guess-4711")
        right = await self.client.post(
            "/api/v1/auth/staff/sign-in", json={"email": owner_email, "password": PASSWORD}
        )
        assert right.status_code == 200, right.text
        token = right.json()["token"]
        self.keep(token)
        out = await self.client.post(
            "/api/v1/auth/sign-out", headers={"Authorization": f"Bearer {token}"}
        )
        assert out.status_code == 204, out.text

    async def _deliver(self) -> None:
        """The worker sends the queued codes over SMTP (its log lines count too)."""
        settings = self.app.state.settings
        worker = Worker(self.db, settings, senders_from_settings(settings))
        try:
            report = await worker.run_pass()
        finally:
            await worker.aclose()
        assert report.outcomes["sent"] >= 2, report


def _is_the_test_client(record: logging.LogRecord) -> bool:
    """The test's own HTTP client and SMTP server log what they see; the service does not."""
    if record.name.startswith("mail.log"):  # aiosmtpd, playing the mail provider
        return True
    return record.name.startswith("httpx") and "http://patronage.test" in record.getMessage()


async def test_the_journeys_log_no_phone_email_code_password_or_token(
    verbose_app: FastAPI, smtp: SmtpRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        async with client_from(verbose_app) as client:
            journeys = Journeys(verbose_app, client)
            await journeys.run()
    formatter = JsonFormatter()
    records = [r for r in caplog.records if not _is_the_test_client(r)]
    written = "\n".join(formatter.format(record) for record in records)
    assert len(records) > 20, "the journeys were not logged at all"
    assert smtp.wait_for(2), "the codes were not delivered"
    found = sorted(secret for secret in journeys.secrets if secret.lower() in written.lower())
    print(f"no personal data in logs: {len(records)} records, {len(journeys.secrets)} secrets")
    assert not found, f"personal data or secrets in the log: {found}"


async def test_a_failed_statement_never_carries_its_parameters_into_the_error(
    verbose_app: FastAPI,
) -> None:
    phone = unique_phone()
    with pytest.raises(DBAPIError) as failure:
        async with verbose_app.state.db.unit_of_work() as session:
            await session.execute(text("SELECT :phone FROM no_such_table"), {"phone": phone})
    assert "no_such_table" in str(failure.value)
    assert phone not in str(failure.value), "an error the app logs would show the phone"
