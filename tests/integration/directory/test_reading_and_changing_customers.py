"""Reading a customer and changing it under optimistic concurrency (If-Match)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import Brand, create_customer, vn_phone
from tests.integration.answers import assert_error, invalid_fields
from tests.integration.directory.customers import CUSTOMERS, patch_customer


async def test_reading_a_customer_gives_its_version_as_etag(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert response.status_code == 200
    # The detail adds the customer's order totals (sale orders) to what the create answered.
    no_orders = {"order_count": 0, "total_spent": 0, "last_order_at": None}
    assert response.json() == {**customer, "stats": no_orders}
    assert response.headers["etag"] == '"1"'


async def test_another_brands_customer_is_404_on_every_path(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand, customer: dict[str, Any]
) -> None:
    path = f"{CUSTOMERS}/{customer['id']}"
    missing = f"{CUSTOMERS}/00000000-0000-4000-8000-000000000000"
    for target in (path, missing):
        answers = [
            await client.get(target, headers=other_brand.owner),
            await client.patch(
                target, headers={**other_brand.owner, "If-Match": '"1"'}, json={"note": "x"}
            ),
            await client.delete(target, headers=other_brand.owner),
            await client.post(f"{target}/restore", headers=other_brand.owner),
            await client.get(f"{target}/events", headers=other_brand.owner),
        ]
        assert [a.status_code for a in answers] == [404] * 5
        assert {a.json()["error"]["code"] for a in answers} == {"customer.not_found"}


async def test_a_malformed_id_is_not_found(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.get(f"{CUSTOMERS}/not-a-uuid", headers=brand.cashier)
    assert response.status_code == 404


async def test_customers_need_a_signed_in_staff_member(client: httpx.AsyncClient) -> None:
    assert (await client.get(CUSTOMERS)).status_code == 401
    assert (await client.post(CUSTOMERS, json={"name": "Lan"})).status_code == 401


async def test_patch_changes_fields_bumps_the_version_and_records_who(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    new_phone = vn_phone()
    response = await patch_customer(
        client,
        brand,
        customer,
        {"name": "Đào Thị Lan", "phones": [new_phone], "birthday": "1991-01-02", "locale": "en"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Đào Thị Lan"
    assert body["phones"][0]["number"] == "+84" + new_phone[1:]
    assert body["birthday"] == "1991-01-02"
    assert body["locale"] == "en"
    assert body["emails"] == customer["emails"]
    assert body["version"] == 2
    assert response.headers["etag"] == '"2"'
    assert body["updated_by"] != customer["created_by"] or body["updated_by"]


async def test_patch_without_if_match_is_428(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await client.patch(
        f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier, json={"note": "x"}
    )
    assert_error(response, 428, "precondition.required")


@pytest.mark.parametrize("etag", ['"7"', 'W/"1"', "1", "garbage"])
async def test_patch_with_a_stale_or_weak_etag_is_412(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], etag: str
) -> None:
    response = await patch_customer(client, brand, customer, {"note": "x"}, etag=etag)
    assert_error(response, 412, "precondition.failed")
    assert response.headers["etag"] == '"1"'


async def test_the_second_of_two_edits_from_the_same_version_is_412(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    first = await patch_customer(client, brand, customer, {"note": "first"})
    second = await patch_customer(client, brand, customer, {"note": "second"})
    assert (first.status_code, second.status_code) == (200, 412)
    current = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert current.json()["note"] == "first"


async def test_patch_obeys_contact_uniqueness(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    other = await create_customer(client, brand, name="Trần Văn Bình")
    response = await patch_customer(
        client, brand, other, {"emails": [customer["emails"][0]["address"].upper()]}
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["customer_id"] == customer["id"]


async def test_patch_may_keep_a_phone_and_change_which_is_primary(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    first, second = vn_phone(), vn_phone()
    customer = await create_customer(client, brand, phones=[first, second])
    response = await patch_customer(
        client, brand, customer, {"phones": [first, {"number": second, "primary": True}]}
    )
    assert response.status_code == 200, response.text
    phones = response.json()["phones"]
    assert [p["primary"] for p in phones] == [True, False]
    assert phones[0]["number"] == "+84" + second[1:]


async def test_patch_cannot_drop_the_contacts_the_policy_requires(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await patch_customer(client, brand, customer, {"emails": []})
    assert response.status_code == 422
    assert invalid_fields(response) == {"body.emails": "email.required"}


async def test_patch_clears_note_with_null_but_refuses_a_null_name(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(client, brand, note="hi", birthday="1990-01-01")
    cleared = await patch_customer(client, brand, customer, {"note": None, "birthday": None})
    assert cleared.status_code == 200
    assert (cleared.json()["note"], cleared.json()["birthday"]) == (None, None)
    refused = await patch_customer(client, brand, cleared.json(), {"name": None})
    assert refused.status_code == 422
    assert invalid_fields(refused) == {"body.name": "null"}


async def test_a_patch_that_changes_nothing_keeps_the_version(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await patch_customer(client, brand, customer, {"name": customer["name"]})
    assert response.status_code == 200
    assert response.json()["version"] == 1
