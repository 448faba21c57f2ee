"""The issue's walk-through, end to end: real SMTP server, real worker, both databases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from email.message import EmailMessage

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.messaging.models import OutboxMessage
from patronage.messaging.senders import senders_from_settings
from patronage.messaging.worker import Worker
from tests.factories import Brand, create_brand
from tests.factories.accounts import client_from, unique_customer_email
from tests.integration.conftest import make_settings, serving
from tests.servers import SmtpRecorder

CUSTOMERS = "/api/v1/customers"


@pytest.fixture
async def mail_app(database_url: str, smtp: SmtpRecorder) -> AsyncIterator[FastAPI]:
    """The app configured with a local SMTP server, as an operator would."""
    settings = make_settings(
        database_url,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        smtp_from="Patronage <no-reply@patronage.test>",
    )
    async with serving(settings) as app:
        async with app.state.db.unit_of_work() as session:
            await tenancy.bind_worker(session)
            await session.execute(delete(OutboxMessage))  # left by other tests
        yield app


async def deliver_and_read(app: FastAPI, smtp: SmtpRecorder, to: str) -> EmailMessage:
    """Run one worker pass, then the newest email the SMTP server received for `to`."""
    settings = app.state.settings
    worker = Worker(app.state.db, settings, senders_from_settings(settings))
    await worker.run_pass()
    await worker.aclose()
    received = [m for m in smtp.messages if m["To"] == to]
    assert received, f"no email reached {to}"
    return received[-1]


def code_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"\b(\d{6})\b", body.get_content())
    assert found
    return found.group(1)


async def create_dao(client: httpx.AsyncClient, brand: Brand, email: str) -> dict[str, str]:
    response = await client.post(
        CUSTOMERS,
        json={
            "name": "Nguyễn Thị Đào",
            "phones": ["0912 345 678"],
            "emails": [email],
            "locale": "vi",
        },
        headers=brand.cashier,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_dao_is_promoted_by_email_signs_in_and_joins_at_a_second_brand(
    mail_app: FastAPI, smtp: SmtpRecorder
) -> None:
    db: Database = mail_app.state.db
    email = unique_customer_email("dao")
    async with client_from(mail_app) as till:
        brand_a = await create_brand(till, db, name="Cà Phê A")
        brand_b = await create_brand(till, db, name="Trà Sữa B")
        dao = await create_dao(till, brand_a, email)
        path = f"{CUSTOMERS}/{dao['id']}/promotion"

        # A cashier promotes Đào by email; the code arrives in Vietnamese.
        started = await till.post(path, json={"channel": "email"}, headers=brand_a.cashier)
        assert started.status_code == 202, started.text
        challenge = started.json()["challenge_id"]
        mail = await deliver_and_read(mail_app, smtp, email)
        assert mail["Subject"] == "Mã xác minh của bạn tại Cà Phê A"
        html = mail.get_body(("html",))
        assert html is not None and code_in(mail) in html.get_content()
        code = code_in(mail)

        # A wrong code says how many tries remain.
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        vi = brand_a.headers("cashier", lang="vi")
        guessed = await till.post(
            f"{path}/verify", json={"challenge_id": challenge, "code": wrong}, headers=vi
        )
        assert guessed.status_code == 422
        assert guessed.json()["error"]["message"] == "Mã không đúng. Số lần thử còn lại: 4."

        # The right one makes her active; the same code again is refused.
        right = await till.post(
            f"{path}/verify",
            json={"challenge_id": challenge, "code": code},
            headers=brand_a.cashier,
        )
        assert right.status_code == 200, right.text
        assert right.json()["customer"]["account_status"] == "active"
        again = await till.post(
            f"{path}/verify",
            json={"challenge_id": challenge, "code": code},
            headers=brand_a.cashier,
        )
        assert again.status_code == 409

        # She buys something at brand A.
        order = await till.post(
            "/api/v1/orders",
            json={
                "lines": [
                    {"sku": "CF-1", "name": "Cà phê sữa đá", "quantity": 2, "unit_price": 29000}
                ],
                "customer_id": dao["id"],
            },
            headers=brand_a.cashier,
        )
        assert order.status_code == 201, order.text
        completed = await till.post(
            f"/api/v1/orders/{order.json()['id']}/complete", headers=brand_a.cashier
        )
        assert completed.status_code == 200, completed.text

    async with client_from(mail_app) as phone:
        # She signs in with a new code.
        asked = await phone.post("/api/v1/auth/customer/otp", json={"destination": email})
        assert asked.status_code == 202
        sign_in_mail = await deliver_and_read(mail_app, smtp, email)
        assert sign_in_mail["Subject"] == "Mã đăng nhập của bạn"
        token = (
            await phone.post(
                "/api/v1/auth/customer/sign-in",
                json={"challenge_id": asked.json()["challenge_id"], "code": code_in(sign_in_mail)},
            )
        ).json()["token"]
        mine = {"Authorization": f"Bearer {token}"}
        me = await phone.get("/api/v1/me", headers=mine)
        assert [p["merchant_name"] for p in me.json()["profiles"]] == ["Cà Phê A"]

        # … and sees the order from brand A.
        orders = (await phone.get("/api/v1/me/orders", headers=mine)).json()["items"]
        assert [(o["id"], o["merchant_name"], o["total"]) for o in orders] == [
            (order.json()["id"], "Cà Phê A", 58000)
        ]

        # Asking for codes for an unknown address looks exactly like a known one.
        unknown = await phone.post(
            "/api/v1/auth/customer/otp", json={"destination": unique_customer_email("dao")}
        )
        assert unknown.status_code == 202 and unknown.json().keys() == asked.json().keys()

    async with client_from(mail_app) as till_b:
        # Brand B, where she also has a profile with that email, promotes her: she joins.
        dao_b = await create_dao(till_b, brand_b, email)
        path_b = f"{CUSTOMERS}/{dao_b['id']}/promotion"
        started_b = await till_b.post(path_b, json={"channel": "email"}, headers=brand_b.cashier)
        assert started_b.status_code == 202, started_b.text
        code_b = code_in(await deliver_and_read(mail_app, smtp, email))
        joined = await till_b.post(
            f"{path_b}/verify",
            json={"challenge_id": started_b.json()["challenge_id"], "code": code_b},
            headers=brand_b.cashier,
        )
        assert joined.status_code == 200, joined.text
        assert joined.json()["merged"] is True
        assert joined.json()["user"]["id"] == dao["user_id"]

    async with client_from(mail_app) as phone:
        me = await phone.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert sorted(p["merchant_name"] for p in me.json()["profiles"]) == [
            "Cà Phê A",
            "Trà Sữa B",
        ]
