"""Owners manage their brand's staff; nobody sees another brand's."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories import PASSWORD, Brand, change_brand, sign_in

STAFF = "/api/v1/staff"


async def _promote_the_cashier(client: httpx.AsyncClient, brand: Brand) -> tuple[str, str]:
    """The owner makes the cashier an owner too; the two owners' user ids, first owner first."""
    cashier_id = await _user_id(client, brand, brand.cashier_email)
    owner_id = await _user_id(client, brand, brand.owner_email)
    promoted = await client.patch(
        f"{STAFF}/{cashier_id}", headers=brand.owner, json={"role": "owner"}
    )
    assert promoted.status_code == 200, promoted.text
    return owner_id, cashier_id


async def test_owner_lists_only_their_brands_staff(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    listed = await client.get(STAFF, headers=brand.owner)
    emails = {m["email"] for m in listed.json()["items"]}
    assert emails == {brand.owner_email, brand.cashier_email}
    assert other_brand.owner_email not in emails


async def test_staff_are_no_longer_added_with_a_password(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    body = {"name": "Lan", "email": brand.cashier_email, "password": PASSWORD, "role": "owner"}
    response = await client.post(STAFF, headers=other_brand.owner, json=body)
    assert response.status_code == 405
    assert await _staff_ids(client, other_brand) == {
        other_brand.owner_email,
        other_brand.cashier_email,
    }


async def test_a_cashier_cannot_list_or_manage_staff(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    owner_id = await _user_id(client, brand, brand.owner_email)
    listed = await client.get(STAFF, headers=brand.cashier)
    demoted = await client.patch(
        f"{STAFF}/{owner_id}", headers=brand.cashier, json={"role": "cashier"}
    )
    removed = await client.delete(f"{STAFF}/{owner_id}", headers=brand.cashier)
    assert listed.status_code == demoted.status_code == removed.status_code == 403


async def test_a_promoted_cashiers_session_acts_as_an_owner_at_once(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    cashier_id = await _user_id(client, brand, brand.cashier_email)
    changed = await client.patch(
        f"{STAFF}/{cashier_id}", headers=brand.owner, json={"role": "owner"}
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "owner"
    assert (await client.get(STAFF, headers=brand.cashier)).status_code == 200


async def test_the_last_owner_cannot_be_demoted_or_removed(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    owner_id = await _user_id(client, brand, brand.owner_email)
    demoted = await client.patch(
        f"{STAFF}/{owner_id}", headers=brand.headers("owner", "vi"), json={"role": "cashier"}
    )
    removed = await client.delete(f"{STAFF}/{owner_id}", headers=brand.owner)
    assert demoted.status_code == removed.status_code == 409
    assert demoted.json()["error"]["code"] == removed.json()["error"]["code"] == "staff.last_owner"
    assert "chủ" in demoted.json()["error"]["message"]


async def test_an_owner_can_step_down_once_another_owner_exists(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    owner_id, _ = await _promote_the_cashier(client, brand)
    stepped_down = await client.patch(
        f"{STAFF}/{owner_id}", headers=brand.owner, json={"role": "cashier"}
    )
    assert stepped_down.status_code == 200
    assert (await client.get(STAFF, headers=brand.owner)).status_code == 403


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    owner_id, cashier_id = await _promote_the_cashier(client, brand)
    answers = await asyncio.gather(
        client.patch(f"{STAFF}/{owner_id}", headers=brand.cashier, json={"role": "cashier"}),
        client.patch(f"{STAFF}/{cashier_id}", headers=brand.owner, json={"role": "cashier"}),
    )
    # The second is refused as the last owner (409), or, when the first was done before it
    # was authorised, as the cashier it has just become (403).
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 200 and statuses[1] in (403, 409), statuses
    still_owner = brand.cashier if answers[0].status_code == 200 else brand.owner
    listed = await client.get(STAFF, headers=still_owner)
    assert [m["role"] for m in listed.json()["items"]].count("owner") == 1


async def test_a_removed_member_loses_their_sessions_and_their_place(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    cashier_id = await _user_id(client, brand, brand.cashier_email)
    removed = await client.delete(f"{STAFF}/{cashier_id}", headers=brand.owner)
    assert removed.status_code == 204
    after = await client.get("/api/v1/customers", headers=brand.cashier)
    assert after.status_code == 401
    assert brand.cashier_email not in await _staff_ids(client, brand)
    refused = await client.post(
        "/api/v1/auth/staff/sign-in", json={"email": brand.cashier_email, "password": PASSWORD}
    )
    assert refused.json()["error"]["code"] == "auth.no_membership"


async def test_another_brands_member_is_not_found(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    cashier_a = await _user_id(client, brand, brand.cashier_email)
    changed = await client.patch(
        f"{STAFF}/{cashier_a}", headers=other_brand.owner, json={"role": "owner"}
    )
    removed = await client.delete(f"{STAFF}/{cashier_a}", headers=other_brand.owner)
    assert changed.status_code == removed.status_code == 404
    assert changed.json()["error"]["code"] == "staff.not_found"
    assert await sign_in(client, brand.cashier_email, merchant_id=brand.merchant_id)


async def test_owner_changes_the_brands_contact_policy(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    changed = await change_brand(client, brand, contact_policy="phone")
    assert changed.status_code == 200
    assert changed.json()["contact_policy"] == "phone"
    refused = await change_brand(client, brand, role="cashier", contact_policy="phone")
    assert refused.status_code == 403


async def test_an_unknown_time_zone_is_refused(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await change_brand(client, brand, time_zone="Mars/Olympus")
    assert response.status_code == 422


async def _staff_ids(client: httpx.AsyncClient, brand: Brand) -> set[str]:
    listed = await client.get(STAFF, headers=brand.owner)
    return {m["email"] for m in listed.json()["items"]}


async def _user_id(client: httpx.AsyncClient, brand: Brand, email: str) -> str:
    listed = await client.get(STAFF, headers=brand.owner)
    return next(m["user_id"] for m in listed.json()["items"] if m["email"] == email)
