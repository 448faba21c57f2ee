"""The customer directory: create, read, change, soft delete and restore, audit trail."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from patronage.core import paging
from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer, unique_email, vn_phone

CUSTOMERS = "/api/v1/customers"


def _fields(response: httpx.Response) -> dict[str, str]:
    error = response.json()["error"]
    assert error["code"] == "request.invalid", error
    return {f["path"]: f["type"] for f in error["details"]["fields"]}


async def _patch(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    body: dict[str, Any],
    *,
    etag: str | None = None,
) -> httpx.Response:
    headers = {**brand.cashier, "If-Match": etag or f'"{customer["version"]}"'}
    return await client.patch(f"{CUSTOMERS}/{customer['id']}", headers=headers, json=body)


# ---------------------------------------------------------------- create


async def test_creating_a_customer_normalises_contacts_and_links_a_user(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
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
    client: httpx.AsyncClient, db: Database, written: str
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, phones=[written])
    assert customer["phones"][0]["number"] == "+84912345678"


async def test_the_primary_contact_comes_first_and_duplicates_collapse(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
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
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    bad_phone = await client.post(
        CUSTOMERS,
        headers=brand.headers(lang="vi"),
        json={"name": "Lan", "phones": [vn_phone(), "0123"], "emails": [unique_email()]},
    )
    assert bad_phone.status_code == 422
    assert _fields(bad_phone) == {"body.phones.1": "phone.invalid"}
    assert bad_phone.json()["error"]["details"]["fields"][0]["message"] == (
        "Số điện thoại không hợp lệ."
    )
    bad_email = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={"name": "Lan", "phones": [vn_phone()], "emails": ["not-an-email"]},
    )
    assert bad_email.status_code == 422
    assert _fields(bad_email) == {"body.emails.0.address": "email.invalid"}


@pytest.mark.parametrize(
    ("name", "reason"),
    [("   ", "name.empty"), ("Lan\x00", "name.control_characters"), ("x" * 201, "name.too_long")],
)
async def test_bad_names_are_refused(
    client: httpx.AsyncClient, db: Database, name: str, reason: str
) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={"name": name, "phones": [vn_phone()], "emails": [unique_email()]},
    )
    assert response.status_code == 422
    assert _fields(response) == {"body.name": reason}


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
    client: httpx.AsyncClient, db: Database, body: dict[str, Any], path: str
) -> None:
    brand = await create_brand(client, db)
    payload = {"name": "Lan", "phones": [vn_phone()], "emails": [unique_email()], **body}
    response = await client.post(CUSTOMERS, headers=brand.cashier, json=payload)
    assert response.status_code == 422, response.text
    assert path in _fields(response)
    listed = await client.get(CUSTOMERS, headers=brand.cashier)
    assert listed.json()["items"] == []


async def test_two_primary_phones_are_refused(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={
            "name": "Lan",
            "phones": [{"number": vn_phone(), "primary": True}] * 1
            + [{"number": vn_phone(), "primary": True}],
            "emails": [unique_email()],
        },
    )
    assert response.status_code == 422
    assert _fields(response) == {"body.phones": "primary.multiple"}


async def test_the_default_policy_needs_a_phone_and_an_email(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    response = await client.post(CUSTOMERS, headers=brand.cashier, json={"name": "Lan"})
    assert response.status_code == 422
    assert _fields(response) == {"body.phones": "phone.required", "body.emails": "email.required"}


async def test_a_phone_only_brand_accepts_a_customer_without_email(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone")
    assert (await create_customer(client, brand, emails=[]))["emails"] == []
    no_phone = await client.post(
        CUSTOMERS, headers=brand.cashier, json={"name": "Lan", "emails": [unique_email()]}
    )
    assert _fields(no_phone) == {"body.phones": "phone.required"}


async def test_a_phone_or_email_brand_needs_one_of_them(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, contact_policy="phone_or_email")
    assert (await create_customer(client, brand, phones=[]))["phones"] == []
    assert (await create_customer(client, brand, emails=[]))["emails"] == []
    neither = await client.post(CUSTOMERS, headers=brand.cashier, json={"name": "Lan"})
    assert set(_fields(neither).values()) == {"contact.required"}


async def test_the_owner_can_relax_the_contact_policy(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    changed = await client.patch(
        "/api/v1/merchant", headers=brand.owner, json={"contact_policy": "phone"}
    )
    assert changed.status_code == 200
    assert (await create_customer(client, brand, emails=[]))["emails"] == []


async def test_a_brand_with_another_region_reads_local_numbers_in_it(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, phone_region="SG")
    customer = await create_customer(client, brand, phones=["8123 4567"])
    assert customer["phones"][0]["number"] == "+6581234567"


# ---------------------------------------------------------------- uniqueness


async def test_a_taken_phone_is_a_409_carrying_the_holder(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, phones=["0912 345 678"])
    again = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={"name": "Đào", "phones": ["+84 912-345-678"], "emails": [unique_email()]},
    )
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "customer.phone_taken"
    assert error["details"]["customer_id"] == dao["id"]
    assert error["details"]["name"] == "Nguyễn Thị Đào"
    assert "Nguyễn Thị Đào" in error["message"]


async def test_emails_are_unique_regardless_of_case(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    dao = await create_customer(client, brand, emails=["dao@example.com"])
    again = await client.post(
        CUSTOMERS,
        headers=brand.cashier,
        json={"name": "Đào", "phones": [vn_phone()], "emails": ["DAO@example.com"]},
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "customer.email_taken"
    assert again.json()["error"]["details"]["customer_id"] == dao["id"]


async def test_another_brand_may_have_the_same_person(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    a = await create_customer(client, brand_a, phones=["0912345678"], emails=["d@example.com"])
    b = await create_customer(client, brand_b, phones=["0912345678"], emails=["d@example.com"])
    assert a["id"] != b["id"]
    assert a["user_id"] != b["user_id"]


# ---------------------------------------------------------------- read


async def test_reading_a_customer_gives_its_version_as_etag(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert response.status_code == 200
    # The detail adds the customer's order totals (sale orders) to what the create answered.
    no_orders = {"order_count": 0, "total_spent": 0, "last_order_at": None}
    assert response.json() == {**customer, "stats": no_orders}
    assert response.headers["etag"] == '"1"'


async def test_another_brands_customer_is_404_on_every_path(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a, brand_b = await create_brand(client, db), await create_brand(client, db)
    customer = await create_customer(client, brand_a)
    path = f"{CUSTOMERS}/{customer['id']}"
    missing = f"{CUSTOMERS}/00000000-0000-4000-8000-000000000000"
    for target in (path, missing):
        answers = [
            await client.get(target, headers=brand_b.owner),
            await client.patch(
                target, headers={**brand_b.owner, "If-Match": '"1"'}, json={"note": "x"}
            ),
            await client.delete(target, headers=brand_b.owner),
            await client.post(f"{target}/restore", headers=brand_b.owner),
            await client.get(f"{target}/events", headers=brand_b.owner),
        ]
        assert [a.status_code for a in answers] == [404] * 5
        assert {a.json()["error"]["code"] for a in answers} == {"customer.not_found"}


async def test_a_malformed_id_is_not_found(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.get(f"{CUSTOMERS}/not-a-uuid", headers=brand.cashier)
    assert response.status_code == 404


async def test_customers_need_a_signed_in_staff_member(client: httpx.AsyncClient) -> None:
    assert (await client.get(CUSTOMERS)).status_code == 401
    assert (await client.post(CUSTOMERS, json={"name": "Lan"})).status_code == 401


# ---------------------------------------------------------------- update


async def test_patch_changes_fields_bumps_the_version_and_records_who(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    new_phone = vn_phone()
    response = await _patch(
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


async def test_patch_without_if_match_is_428(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await client.patch(
        f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier, json={"note": "x"}
    )
    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition.required"


@pytest.mark.parametrize("etag", ['"7"', 'W/"1"', "1", "garbage"])
async def test_patch_with_a_stale_or_weak_etag_is_412(
    client: httpx.AsyncClient, db: Database, etag: str
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await _patch(client, brand, customer, {"note": "x"}, etag=etag)
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "precondition.failed"
    assert response.headers["etag"] == '"1"'


async def test_the_second_of_two_edits_from_the_same_version_is_412(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    first = await _patch(client, brand, customer, {"note": "first"})
    second = await _patch(client, brand, customer, {"note": "second"})
    assert (first.status_code, second.status_code) == (200, 412)
    current = await client.get(f"{CUSTOMERS}/{customer['id']}", headers=brand.cashier)
    assert current.json()["note"] == "first"


async def test_patch_obeys_contact_uniqueness(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    holder = await create_customer(client, brand)
    other = await create_customer(client, brand, name="Trần Văn Bình")
    response = await _patch(
        client, brand, other, {"emails": [holder["emails"][0]["address"].upper()]}
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["customer_id"] == holder["id"]


async def test_patch_may_keep_a_phone_and_change_which_is_primary(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    first, second = vn_phone(), vn_phone()
    customer = await create_customer(client, brand, phones=[first, second])
    response = await _patch(
        client, brand, customer, {"phones": [first, {"number": second, "primary": True}]}
    )
    assert response.status_code == 200, response.text
    phones = response.json()["phones"]
    assert [p["primary"] for p in phones] == [True, False]
    assert phones[0]["number"] == "+84" + second[1:]


async def test_patch_cannot_drop_the_contacts_the_policy_requires(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await _patch(client, brand, customer, {"emails": []})
    assert response.status_code == 422
    assert _fields(response) == {"body.emails": "email.required"}


async def test_patch_clears_note_with_null_but_refuses_a_null_name(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, note="hi", birthday="1990-01-01")
    cleared = await _patch(client, brand, customer, {"note": None, "birthday": None})
    assert cleared.status_code == 200
    assert (cleared.json()["note"], cleared.json()["birthday"]) == (None, None)
    refused = await _patch(client, brand, cleared.json(), {"name": None})
    assert refused.status_code == 422
    assert _fields(refused) == {"body.name": "null"}


async def test_a_patch_that_changes_nothing_keeps_the_version(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await _patch(client, brand, customer, {"name": customer["name"]})
    assert response.status_code == 200
    assert response.json()["version"] == 1


# ---------------------------------------------------------------- delete and restore


async def test_a_cashier_may_not_delete_or_restore(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    path = f"{CUSTOMERS}/{customer['id']}"
    assert (await client.delete(path, headers=brand.cashier)).status_code == 403
    assert (await client.post(f"{path}/restore", headers=brand.cashier)).status_code == 403


async def test_deleting_frees_the_contacts_and_hides_the_customer(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, phones=["0912345678"])
    path = f"{CUSTOMERS}/{customer['id']}"
    assert (await client.delete(path, headers=brand.owner)).status_code == 204
    kept = await client.get(path, headers=brand.cashier)
    assert kept.status_code == 200
    assert kept.json()["deleted_at"] is not None
    assert kept.json()["deleted_by"] == kept.json()["updated_by"]
    assert (await client.get(CUSTOMERS, headers=brand.cashier)).json()["items"] == []
    await create_customer(client, brand, name="Someone Else", phones=["0912345678"])


async def test_a_deleted_customer_cannot_be_changed(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    await client.delete(f"{CUSTOMERS}/{customer['id']}", headers=brand.owner)
    response = await _patch(client, brand, customer, {"note": "x"}, etag='"2"')
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "customer.deleted"


async def test_restore_brings_the_customer_back(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    path = f"{CUSTOMERS}/{customer['id']}"
    await client.delete(path, headers=brand.owner)
    restored = await client.post(f"{path}/restore", headers=brand.owner)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    assert restored.json()["version"] == 3
    listed = await client.get(CUSTOMERS, headers=brand.cashier)
    assert [c["id"] for c in listed.json()["items"]] == [customer["id"]]


async def test_restore_is_409_when_a_contact_was_taken_meanwhile(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, phones=["0912345678"])
    path = f"{CUSTOMERS}/{customer['id']}"
    await client.delete(path, headers=brand.owner)
    newcomer = await create_customer(client, brand, name="Lan", phones=["0912345678"])
    response = await client.post(f"{path}/restore", headers=brand.owner)
    assert response.status_code == 409
    assert response.json()["error"]["details"]["customer_id"] == newcomer["id"]
    still = await client.get(path, headers=brand.owner)
    assert still.json()["deleted_at"] is not None


async def test_delete_honours_an_if_match_when_given(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    path = f"{CUSTOMERS}/{customer['id']}"
    stale = await client.delete(path, headers={**brand.owner, "If-Match": '"5"'})
    assert stale.status_code == 412
    fresh = await client.delete(path, headers={**brand.owner, "If-Match": '"1"'})
    assert fresh.status_code == 204


# ---------------------------------------------------------------- audit trail


async def test_every_change_is_in_the_audit_trail_newest_first(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, note="old note")
    path = f"{CUSTOMERS}/{customer['id']}"
    await _patch(client, brand, customer, {"note": "new note"})
    await client.delete(path, headers=brand.owner)
    await client.post(f"{path}/restore", headers=brand.owner)
    events = (await client.get(f"{path}/events", headers=brand.cashier)).json()["items"]
    assert [e["action"] for e in events] == [
        "customer.restored",
        "customer.deleted",
        "customer.updated",
        "customer.created",
    ]
    assert events[2]["changes"] == {"note": {"old": "old note", "new": "new note"}}
    assert events[3]["changes"]["name"] == {"old": None, "new": "Nguyễn Thị Đào"}
    assert events[2]["actor_id"] == customer["created_by"]
    assert events[1]["actor_id"] != events[2]["actor_id"]


async def test_the_audit_trail_pages_with_a_cursor(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    for version in (1, 2, 3):
        customer = (await _patch(client, brand, customer, {"note": f"v{version}"})).json()
    path = f"{CUSTOMERS}/{customer['id']}/events"
    first = (await client.get(path, headers=brand.cashier, params={"limit": 3})).json()
    second = (
        await client.get(
            path, headers=brand.cashier, params={"limit": 3, "cursor": first["next_cursor"]}
        )
    ).json()
    assert len(first["items"]) == 3
    assert [e["action"] for e in second["items"]] == ["customer.created"]
    assert second["next_cursor"] is None


async def test_a_name_that_folds_longer_is_stored_and_found(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand, name="㎯" * 200)  # each folds to "rad s2"
    found = await client.get(CUSTOMERS, headers=brand.cashier, params={"q": "rad s2rad s2"})
    assert [c["id"] for c in found.json()["items"]] == [customer["id"]]


@pytest.mark.parametrize("field", ["name", "note"])
async def test_text_that_is_not_unicode_is_a_422(
    client: httpx.AsyncClient, db: Database, field: str
) -> None:
    brand = await create_brand(client, db)
    payload = {"name": "Lan", "phones": [vn_phone()], "emails": [unique_email()], field: "?"}
    body = json.dumps(payload).replace('"?"', '"x\\ud800"')
    response = await client.post(
        CUSTOMERS,
        headers={**brand.cashier, "Content-Type": "application/json", "Idempotency-Key": "k"},
        content=body.encode(),
    )
    assert response.status_code == 422
    assert f"body.{field}" in _fields(response)


@pytest.mark.parametrize("path", ["", "/{id}/events"])
async def test_a_signed_cursor_at_the_edge_of_time_is_422_not_500(
    client: httpx.AsyncClient, db: Database, path: str
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    scope = (
        paging.scope_of("events", uuid.UUID(customer["id"]))
        if path
        else paging.scope_of("customers", "", False)
    )
    position = ["0001-01-01T00:00:00+14:00", uuid.uuid4().hex]
    if not path:
        position = [0, *position]
    cursor = paging.encode_cursor(position, scope=scope)
    response = await client.get(
        CUSTOMERS + path.format(id=customer["id"]), headers=brand.cashier, params={"cursor": cursor}
    )
    assert response.status_code == 422
    assert _fields(response) == {"query.cursor": "cursor.invalid"}


async def test_a_foreign_cursor_on_the_audit_trail_is_422(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    response = await client.get(
        f"{CUSTOMERS}/{customer['id']}/events", headers=brand.cashier, params={"cursor": "bad"}
    )
    assert response.status_code == 422
    assert _fields(response) == {"query.cursor": "cursor.invalid"}
