"""The consent forms over HTTP, on both databases: staff record at the till with the wording
version shown; another brand's staff reach nothing; a deleted customer's consent is read-only."""

from __future__ import annotations

import httpx

from patronage.core.db import Database
from tests.factories import create_brand, create_customer
from tests.factories.consents import read_consents
from tests.integration.web.test_customer_pages import _sign_in


async def test_the_profile_shows_the_wording_in_the_customers_language_and_records_the_answer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, name="Cà Phê Sáng")
    customer = await create_customer(client, brand, locale="vi")
    csrf = await _sign_in(client, brand.cashier_email)
    profile = await client.get(f"/app/customers/{customer['id']}")
    assert "Tôi đồng ý để Cà Phê Sáng gửi ưu đãi và tin tức qua SMS" in profile.text
    assert 'name="wording_version" value="2026-01-vi"' in profile.text
    form = {"csrf": csrf, "status": "granted", "wording_version": "2026-01-vi"}
    posted = await client.post(f"/app/customers/{customer['id']}/consents/marketing_sms", data=form)
    assert posted.status_code == 303
    [record] = (await read_consents(client, brand, customer))["history"]
    assert (record["status"], record["method"], record["wording_version"]) == (
        "granted",
        "at_till",
        "2026-01-vi",
    )


async def test_a_rival_brands_cashier_gets_404_and_writes_nothing(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand, rival = await create_brand(client, db), await create_brand(client, db)
    customer = await create_customer(client, brand)
    csrf = await _sign_in(client, rival.cashier_email)
    form = {"csrf": csrf, "status": "granted", "wording_version": "2026-01-vi"}
    posted = await client.post(f"/app/customers/{customer['id']}/consents/marketing_sms", data=form)
    assert posted.status_code == 404
    assert (await read_consents(client, brand, customer))["history"] == []


async def test_a_deleted_customers_consent_is_shown_without_forms(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    await client.delete(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    csrf = await _sign_in(client, brand.owner_email)
    profile = await client.get(f"/app/customers/{customer['id']}")
    assert "can be read, not changed" in profile.text
    assert "/consents/marketing_sms" not in profile.text
    form = {"csrf": csrf, "status": "granted", "wording_version": "2026-01-vi"}
    posted = await client.post(f"/app/customers/{customer['id']}/consents/marketing_sms", data=form)
    assert posted.status_code == 409
    assert (await read_consents(client, brand, customer))["history"] == []
