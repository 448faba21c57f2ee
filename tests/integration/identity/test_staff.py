"""Owners manage their brand's staff; nobody sees another brand's."""

from __future__ import annotations

import httpx

from patronage.core.db import Database
from tests.factories import PASSWORD, create_brand, sign_in, unique_email


def _new_cashier(email: str | None = None) -> dict[str, str]:
    return {
        "name": "  Trần   Văn  Bình ",
        "email": email or unique_email(),
        "password": PASSWORD,
        "role": "cashier",
    }


async def test_owner_adds_a_cashier_who_can_then_sign_in(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    body = _new_cashier()
    response = await client.post("/api/v1/staff", headers=brand.owner, json=body)
    assert response.status_code == 201
    assert response.json()["name"] == "Trần Văn Bình"
    assert response.json()["role"] == "cashier"
    assert await sign_in(client, body["email"])


async def test_owner_lists_only_their_brands_staff(client: httpx.AsyncClient, db: Database) -> None:
    brand_a = await create_brand(client, db)
    brand_b = await create_brand(client, db)
    listed = await client.get("/api/v1/staff", headers=brand_a.owner)
    emails = {m["email"] for m in listed.json()["items"]}
    assert emails == {brand_a.owner_email, brand_a.cashier_email}
    assert brand_b.owner_email not in emails


async def test_a_cashier_cannot_list_or_add_staff(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    listed = await client.get("/api/v1/staff", headers=brand.cashier)
    added = await client.post("/api/v1/staff", headers=brand.cashier, json=_new_cashier())
    assert listed.status_code == added.status_code == 403
    assert added.json()["error"]["code"] == "auth.forbidden"


async def test_a_weak_password_is_refused(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    body = _new_cashier() | {"password": "password123"}
    response = await client.post("/api/v1/staff", headers=brand.headers("owner", "vi"), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "staff.weak_password"
    assert "ký tự" in response.json()["error"]["message"]


async def test_an_invalid_email_is_refused(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.post(
        "/api/v1/staff", headers=brand.owner, json=_new_cashier("not an email")
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["type"] == "email.invalid"


async def test_an_existing_account_needs_its_own_password(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand_a = await create_brand(client, db)
    brand_b = await create_brand(client, db)
    body = _new_cashier(brand_a.cashier_email) | {"password": "someone-elses-guess"}
    response = await client.post("/api/v1/staff", headers=brand_b.owner, json=body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "staff.email_taken"


async def test_adding_the_same_person_twice_is_a_conflict(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    body = _new_cashier(brand.cashier_email)
    response = await client.post("/api/v1/staff", headers=brand.owner, json=body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "staff.already_member"


async def test_owner_changes_the_brands_contact_policy(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    changed = await client.patch(
        "/api/v1/merchant", headers=brand.owner, json={"contact_policy": "phone"}
    )
    assert changed.status_code == 200
    assert changed.json()["contact_policy"] == "phone"
    refused = await client.patch(
        "/api/v1/merchant", headers=brand.cashier, json={"contact_policy": "phone"}
    )
    assert refused.status_code == 403


async def test_an_unknown_time_zone_is_refused(client: httpx.AsyncClient, db: Database) -> None:
    brand = await create_brand(client, db)
    response = await client.patch(
        "/api/v1/merchant", headers=brand.owner, json={"time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 422
