"""Input details: one text policy for every free-text field, strict dates, IANA zones,
readable limits and malformed bodies, phones in any digits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.factories import Brand, change_brand, create_customer, unique_email
from tests.factories.orders import COFFEE, ORDERS
from tests.integration.answers import assert_error

CUSTOMERS = "/api/v1/customers"


def _field_types(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [f["type"] for f in response.json()["error"]["details"]["fields"]]


@pytest.mark.parametrize("name", ["\u3164", "\u2800\u2800", "\u00ad", "\u0301", "\u3164 \u115f"])
async def test_a_customer_name_of_only_invisible_characters_is_refused(
    client: httpx.AsyncClient, brand: Brand, name: str
) -> None:
    body = {"name": name, "phones": ["0912 345 678"], "emails": [unique_email()]}
    response = await client.post(CUSTOMERS, json=body, headers=brand.cashier)
    assert _field_types(response) == ["name.empty"]


@pytest.mark.parametrize("control", ["\u2066", "\u2069", "\u061c", "\u202e", "\u200f"])
async def test_bidi_controls_are_refused_in_a_customer_name(
    client: httpx.AsyncClient, brand: Brand, control: str
) -> None:
    body = {"name": f"Đào{control}", "phones": ["0912 345 678"], "emails": [unique_email()]}
    response = await client.post(CUSTOMERS, json=body, headers=brand.cashier)
    assert _field_types(response) == ["name.control_characters"]


@pytest.mark.parametrize("field", ["sku", "name"])
async def test_an_rtl_override_is_refused_in_an_order_line(
    client: httpx.AsyncClient, brand: Brand, field: str
) -> None:
    line = COFFEE | {field: "CF-\u202e10"}
    response = await client.post(ORDERS, json={"lines": [line]}, headers=brand.cashier)
    assert _field_types(response) == [f"{field}.control_characters"]


async def test_an_order_note_of_bidi_isolates_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(
        ORDERS, json={"lines": [COFFEE], "note": "\u2066x\u2069"}, headers=brand.cashier
    )
    assert _field_types(response) == ["note.control_characters"]


async def test_a_brand_name_of_only_invisible_characters_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await change_brand(client, brand, name="\u3164")
    assert response.status_code == 422
    assert "name.empty" in response.text


@pytest.mark.parametrize("birthday", [0, 1_000_000_000, 19900101.0, True, [1990, 1, 1]])
async def test_a_birthday_that_is_not_date_text_is_refused(
    client: httpx.AsyncClient, brand: Brand, birthday: object
) -> None:
    body = {
        "name": "Lan",
        "phones": ["0912 345 678"],
        "emails": [unique_email()],
        "birthday": birthday,
    }
    response = await client.post(CUSTOMERS, json=body, headers=brand.cashier)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["path"] == "body.birthday"


@pytest.mark.parametrize("zone", ["localtime", "Factory", "EST5EDT"])
async def test_a_time_zone_must_be_an_iana_region(
    client: httpx.AsyncClient, brand: Brand, zone: str
) -> None:
    response = await change_brand(client, brand, lang="vi", time_zone=zone)
    assert _field_types(response) == ["time_zone.invalid"]


async def test_utc_is_accepted_as_a_time_zone(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await change_brand(client, brand, time_zone="UTC")
    assert response.status_code == 200
    assert response.json()["time_zone"] == "UTC"


async def test_a_chunked_body_over_the_limit_names_the_limit(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"email": "'
        for _ in range(17):
            yield b"a" * 65536
        yield b'"}'

    response = await client.post(
        "/api/v1/auth/staff/sign-in",
        content=chunks(),
        headers={"Content-Type": "application/json", "Accept-Language": "vi"},
    )
    assert response.status_code == 413
    message = response.json()["error"]["message"]
    assert "{limit}" not in message
    assert "1048576" in message


@pytest.mark.parametrize(
    "body", [b'{"email": "\xff\xfe", "password": "x"}', b"[" * 100_000 + b"]" * 100_000]
)
async def test_a_body_that_cannot_be_read_is_malformed(
    client: httpx.AsyncClient, body: bytes
) -> None:
    response = await client.post(
        "/api/v1/auth/staff/sign-in", content=body, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "request.malformed")


@pytest.mark.parametrize("typed", ["０９１２ ３４５ ６７８", "٠٩١٢٣٤٥٦٧٨"])
async def test_a_phone_typed_in_other_digits_is_found_with_the_same_digits(
    client: httpx.AsyncClient, brand: Brand, typed: str
) -> None:
    created = await create_customer(client, brand, name="Lan", phones=[typed])
    assert created["phones"][0]["number"] == "+84912345678"
    for query in (typed, typed.replace(" ", "")[-4:], "0912345678"):
        found = await client.get(CUSTOMERS, params={"q": query}, headers=brand.cashier)
        assert [c["id"] for c in found.json()["items"]] == [created["id"]], query
