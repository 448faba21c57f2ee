"""Creating a customer: contacts normalised, fields checked, the brand's contact policy,
one holder per phone and email."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import (
    Brand,
    change_brand,
    create_brand,
    create_customer,
    unique_email,
    vn_phone,
)
from tests.integration.answers import assert_error, invalid_fields
from tests.integration.directory.customers import CUSTOMERS


async def _post(client: httpx.AsyncClient, brand: Brand, **fields: Any) -> httpx.Response:
    """The cashier asks for a customer "Lan" with a fresh phone and email, but for `fields`."""
    body = {"name": "Lan", "phones": [vn_phone()], "emails": [unique_email()], **fields}
    return await client.post(CUSTOMERS, headers=brand.cashier, json=body)


async def test_creating_a_customer_normalises_contacts_and_links_a_user(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={
            "name": "  Nguyễn   Thị Đào ",
            "phones": ["0912 345 678"],
            "emails": ["Dao@Example.COM"],
            "birthday": "1990-04-30",
            "note": "Thích cà phê sữa đá",
            "source": "checkout",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "Nguyễn Thị Đào"
    assert body["phones"] == [
        {"number": "+84912345678", "display": "0912 345 678", "primary": True}
    ]
    assert body["emails"] == [{"address": "dao@example.com", "primary": True}]
    assert body["locale"] == "vi"
    assert body["account_status"] == "captured"
    assert body["source"] == "checkout"
    assert body["user_id"]
    assert body["version"] == 1
    assert response.headers["etag"] == '"1"'
    assert response.headers["location"] == f"{CUSTOMERS}/{body['id']}"


@pytest.mark.parametrize(
    "written", ["0912 345 678", "+84 912-345-678", "84912345678", "(091) 234-5678"]
)
async def test_every_common_phone_form_is_the_same_number(
    client: httpx.AsyncClient, brand: Brand, written: str
) -> None:
    customer = await create_customer(client, brand, phones=[written])
    assert customer["phones"][0]["number"] == "+84912345678"


async def test_the_primary_contact_comes_first_and_duplicates_collapse(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(
        client,
        brand,
        phones=["0912 345 678", "0987654321", "+84912345678"],
        emails=["a@example.com", {"address": "B@example.com", "primary": True}],  # type: ignore[list-item]
    )
    assert [p["number"] for p in customer["phones"]] == ["+84912345678", "+84987654321"]
    assert customer["emails"] == [
        {"address": "b@example.com", "primary": True},
        {"address": "a@example.com", "primary": False},
    ]


async def test_an_invalid_phone_or_email_is_a_422_naming_the_field(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    bad_phone = await client.post(
        CUSTOMERS,
        headers=brand.headers(lang="vi"),
        json={"name": "Lan", "phones": [vn_phone(), "0123"], "emails": [unique_email()]},
    )
    assert bad_phone.status_code == 422
    assert invalid_fields(bad_phone) == {"body.phones.1": "phone.invalid"}
    assert bad_phone.json()["error"]["details"]["fields"][0]["message"] == (
        "Số điện thoại không hợp lệ."
    )
    bad_email = await _post(client, brand, emails=["not-an-email"])
    assert bad_email.status_code == 422
    assert invalid_fields(bad_email) == {"body.emails.0.address": "email.invalid"}


@pytest.mark.parametrize(
    ("name", "reason"),
    [("   ", "name.empty"), ("Lan\x00", "name.control_characters"), ("x" * 201, "name.too_long")],
)
async def test_bad_names_are_refused(
    client: httpx.AsyncClient, brand: Brand, name: str, reason: str
) -> None:
    response = await _post(client, brand, name=name)
    assert response.status_code == 422
    assert invalid_fields(response) == {"body.name": reason}


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"phones": ["0912345678"] * 6}, "body.phones"),
        ({"note": "x" * 2001}, "body.note"),
        ({"note": "bad\x07bell"}, "body.note"),
        ({"birthday": "1899-12-31"}, "body.birthday"),
        ({"birthday": "2999-01-01"}, "body.birthday"),
        ({"birthday": "30/04/1990"}, "body.birthday"),
        ({"locale": "fr"}, "body.locale"),
        ({"source": "magic"}, "body.source"),
        ({"phones": [{"number": "0912345678", "primary": True, "x": 1}]}, "body.phones.0.x"),
        ({"is_vip": True}, "body.is_vip"),
        ({"phones": [42]}, "body.phones.0"),
    ],
)
async def test_malformed_fields_are_422_and_nothing_is_written(
    client: httpx.AsyncClient, brand: Brand, body: dict[str, Any], path: str
) -> None:
    response = await _post(client, brand, **body)
    assert response.status_code == 422, response.text
    assert path in invalid_fields(response)
    listed = await client.get(CUSTOMERS, headers=brand.cashier)
    assert listed.json()["items"] == []


async def test_two_primary_phones_are_refused(client: httpx.AsyncClient, brand: Brand) -> None:
    primary = [{"number": vn_phone(), "primary": True} for _ in range(2)]
    response = await _post(client, brand, phones=primary)
    assert response.status_code == 422
    assert invalid_fields(response) == {"body.phones": "primary.multiple"}


async def test_the_default_policy_needs_a_phone_and_an_email(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(CUSTOMERS, headers=brand.cashier, json={"name": "Lan"})
    assert response.status_code == 422
    assert invalid_fields(response) == {
        "body.phones": "phone.required",
        "body.emails": "email.required",
    }


async def test_a_phone_only_brand_accepts_a_customer_without_email(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone")
    assert (await create_customer(client, brand, emails=[]))["emails"] == []
    no_phone = await client.post(
        CUSTOMERS, headers=brand.cashier, json={"name": "Lan", "emails": [unique_email()]}
    )
    assert invalid_fields(no_phone) == {"body.phones": "phone.required"}


async def test_a_phone_or_email_brand_needs_one_of_them(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone_or_email")
    assert (await create_customer(client, brand, phones=[]))["phones"] == []
    assert (await create_customer(client, brand, emails=[]))["emails"] == []
    neither = await client.post(CUSTOMERS, headers=brand.cashier, json={"name": "Lan"})
    assert set(invalid_fields(neither).values()) == {"contact.required"}


async def test_the_owner_can_relax_the_contact_policy(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    changed = await change_brand(client, brand, contact_policy="phone")
    assert changed.status_code == 200
    assert (await create_customer(client, brand, emails=[]))["emails"] == []


async def test_a_brand_with_another_region_reads_local_numbers_in_it(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, phone_region="SG")
    customer = await create_customer(client, brand, phones=["8123 4567"])
    assert customer["phones"][0]["number"] == "+6581234567"


async def test_a_taken_phone_is_a_409_carrying_the_holder(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    dao = await create_customer(client, brand, phones=["0912 345 678"])
    again = await _post(client, brand, name="Đào", phones=["+84 912-345-678"])
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "customer.phone_taken"
    assert error["details"]["customer_id"] == dao["id"]
    assert error["details"]["name"] == "Nguyễn Thị Đào"
    assert "Nguyễn Thị Đào" in error["message"]


async def test_emails_are_unique_regardless_of_case(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    dao = await create_customer(client, brand, emails=["dao@example.com"])
    again = await _post(client, brand, name="Đào", emails=["DAO@example.com"])
    assert_error(again, 409, "customer.email_taken")
    assert again.json()["error"]["details"]["customer_id"] == dao["id"]


async def test_another_brand_may_have_the_same_person(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    a = await create_customer(client, brand, phones=["0912345678"], emails=["d@example.com"])
    b = await create_customer(client, other_brand, phones=["0912345678"], emails=["d@example.com"])
    assert a["id"] != b["id"]
    assert a["user_id"] != b["user_id"]


async def test_a_name_that_folds_longer_is_stored_and_found(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(client, brand, name="㎯" * 200)  # each folds to "rad s2"
    found = await client.get(CUSTOMERS, headers=brand.cashier, params={"q": "rad s2rad s2"})
    assert [c["id"] for c in found.json()["items"]] == [customer["id"]]


@pytest.mark.parametrize("field", ["name", "note"])
async def test_text_that_is_not_unicode_is_a_422(
    client: httpx.AsyncClient, brand: Brand, field: str
) -> None:
    payload = {"name": "Lan", "phones": [vn_phone()], "emails": [unique_email()], field: "?"}
    body = json.dumps(payload).replace('"?"', '"x\\ud800"')
    response = await client.post(
        CUSTOMERS,
        headers={**brand.cashier, "Content-Type": "application/json", "Idempotency-Key": "k"},
        content=body.encode(),
    )
    assert response.status_code == 422
    assert f"body.{field}" in invalid_fields(response)
