"""Owners find duplicate profiles of their brand and merge one into another: orders,
contacts, consent answers and tags move to the survivor in one step, the other profile is
deleted and points at the survivor, and the merge can be undone for 30 days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from prometheus_client import REGISTRY
from sqlalchemy import update

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.directory.merge.models import CustomerMerge
from tests.factories import Brand, create_brand, create_customer, vn_phone
from tests.factories.accounts import promote
from tests.factories.consents import current, put_consent, read_consents
from tests.factories.merges import (
    DUPLICATES,
    duplicate_by_phone,
    merge,
    merge_path,
    preview_path,
    read,
    renumbered_pair,
    undo,
)
from tests.factories.orders import open_order
from tests.factories.tags import create_tag, put_tags, tag_names
from tests.integration.answers import assert_error, invalid_fields


def _numbers(customer: dict[str, Any]) -> list[str]:
    return [p["number"] for p in customer["phones"]]


def _emails(customer: dict[str, Any]) -> list[str]:
    return [e["address"] for e in customer["emails"]]


async def _pairs(client: httpx.AsyncClient, brand: Brand, **query: Any) -> list[Any]:
    response = await client.get(DUPLICATES, params=query, headers=brand.owner)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def _ids(pair: dict[str, Any]) -> set[str]:
    return {c["id"] for c in pair["customers"]}


async def _orders_of(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> set[str]:
    response = await client.get(f"/api/v1/customers/{customer['id']}/orders", headers=brand.owner)
    assert response.status_code == 200, response.text
    return {o["id"] for o in response.json()["items"]}


async def _actions(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> list[str]:
    response = await client.get(f"/api/v1/customers/{customer['id']}/events", headers=brand.owner)
    assert response.status_code == 200, response.text
    return [e["action"] for e in response.json()["items"]]


# ---------------------------------------------------------------- finding duplicates


async def test_profiles_of_one_name_sharing_a_phones_last_digits_are_listed(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    first, second = await duplicate_by_phone(client, brand, name="Lê Thị Hồng")
    pairs = await _pairs(client, brand)
    assert [(_ids(p), p["reasons"]) for p in pairs] == [
        ({first["id"], second["id"]}, ["name_and_phone_suffix"])
    ]


async def test_a_shared_suffix_under_two_names_is_not_a_duplicate(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    old, new = renumbered_pair()
    await create_customer(client, brand, name="Lê Thị Hồng", phones=[old])
    await create_customer(client, brand, name="Phạm Văn Nam", phones=[new])
    assert await _pairs(client, brand) == []


async def test_one_name_and_one_email_local_part_are_a_reason_too(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    first = await create_customer(client, brand, name="Đỗ Minh Tâm", emails=["minhtam@gmail.com"])
    second = await create_customer(client, brand, name="do minh tam", emails=["minhtam@yahoo.com"])
    pairs = await _pairs(client, brand)
    assert [(_ids(p), p["reasons"]) for p in pairs] == [
        ({first["id"], second["id"]}, ["name_and_email_local_part"])
    ]


async def test_a_pair_with_both_reasons_is_listed_once(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    old, new = renumbered_pair()
    await create_customer(client, brand, name="Vũ An", phones=[old], emails=["vuan@gmail.com"])
    await create_customer(client, brand, name="Vũ An", phones=[new], emails=["vuan@outlook.com"])
    pairs = await _pairs(client, brand)
    assert [p["reasons"] for p in pairs] == [["name_and_phone_suffix", "name_and_email_local_part"]]


async def test_pages_of_duplicates_walk_every_pair_once(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    expected = []
    for name in ("An", "Bình", "Chi"):
        a, b = await duplicate_by_phone(client, brand, name=f"Nguyễn {name}")
        expected.append({a["id"], b["id"]})
    a = await create_customer(client, brand, name="Hà Vy", emails=["havy@gmail.com"])
    b = await create_customer(client, brand, name="Hà Vy", emails=["havy@icloud.com"])
    expected.append({a["id"], b["id"]})
    seen, cursor = [], None
    while True:
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        response = await client.get(DUPLICATES, params=query, headers=brand.owner)
        body = response.json()
        seen += [_ids(p) for p in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(map(sorted, seen)) == sorted(map(sorted, expected))


async def test_deleted_and_other_brands_profiles_are_never_listed(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    _, second = await duplicate_by_phone(client, brand)
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    assert await _pairs(client, rival) == []
    await client.delete(f"/api/v1/customers/{second['id']}", headers=brand.owner)
    assert await _pairs(client, brand) == []


async def test_only_owners_list_duplicates(client: httpx.AsyncClient, brand: Brand) -> None:
    response = await client.get(DUPLICATES, headers=brand.cashier)
    assert response.status_code == 403


# ---------------------------------------------------------------- preview


async def test_the_preview_shows_each_surviving_field_and_where_it_comes_from(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand, name="Trần Bình")
    await client.patch(
        f"/api/v1/customers/{source['id']}",
        json={"birthday": "1990-04-30", "note": "Ít đường"},
        headers={**brand.owner, "If-Match": '"1"'},
    )
    response = await client.get(preview_path(survivor, source), headers=brand.owner)
    assert response.status_code == 200, response.text
    body = response.json()
    fields = {f["field"]: (f["value"], f["from"]) for f in body["fields"]}
    assert fields == {
        "name": ("Trần Bình", "survivor"),
        "birthday": ("1990-04-30", "source"),
        "locale": ("vi", "survivor"),
        "note": ("Ít đường", "source"),
    }
    assert [(p["number"], p["from"], p["primary"]) for p in body["phones"]] == [
        (_numbers(survivor)[0], "survivor", True),
        (_numbers(source)[0], "source", False),
    ]


async def test_the_preview_follows_the_fields_chosen(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand, name="Trần Bình")
    response = await client.get(preview_path(survivor, source, "name:source"), headers=brand.owner)
    name = next(f for f in response.json()["fields"] if f["field"] == "name")
    assert (name["value"], name["from"]) == ("TRẦN BÌNH", "source")
    bad = await client.get(preview_path(survivor, source, "name:neither"), headers=brand.owner)
    assert invalid_fields(bad) == {"query.fields": "merge.fields_invalid"}


# ---------------------------------------------------------------- merge


async def test_a_merge_moves_orders_contacts_consents_and_tags_to_the_survivor(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    order = await open_order(client, brand, customer_id=source["id"])
    await create_tag(client, brand, "VIP")
    assert (await put_tags(client, brand, source, ["VIP"])).status_code == 200
    assert (await put_consent(client, brand, source, "marketing_sms")).status_code == 200

    response = await merge(client, brand, survivor, source)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["customer"]["id"] == survivor["id"]
    assert _numbers(body["customer"]) == _numbers(survivor) + _numbers(source)
    assert _emails(body["customer"]) == _emails(survivor) + _emails(source)
    assert body["source"]["merged_into"] == survivor["id"]
    assert body["source"]["deleted_at"] is not None and body["source"]["phones"] == []
    assert body["merge"]["orders"] == 1
    assert await _orders_of(client, brand, survivor) == {order["id"]}
    assert await tag_names(client, brand, survivor) == ["VIP"]
    sms = current(await read_consents(client, brand, survivor), "marketing_sms")
    assert (sms["status"], sms["method"]) == ("granted", "merge")


async def test_the_source_keeps_its_own_consent_history(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await put_consent(client, brand, source, "marketing_email")
    await merge(client, brand, survivor, source)
    history = (await read_consents(client, brand, source))["history"]
    assert [(h["status"], h["method"]) for h in history] == [("granted", "at_till")]


async def test_a_merged_profile_answers_with_its_survivor(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await merge(client, brand, survivor, source)
    shown = await read(client, brand, source)
    assert shown["merged_into"] == survivor["id"]
    assert (await read(client, brand, survivor))["merged_into"] is None


async def test_writes_to_a_merged_profile_are_refused_naming_the_survivor(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await merge(client, brand, survivor, source)
    path = f"/api/v1/customers/{source['id']}"
    for response in (
        await client.patch(path, json={"note": "x"}, headers={**brand.owner, "If-Match": "*"}),
        await client.post(f"{path}/restore", headers=brand.owner),
        await put_tags(client, brand, source, []),
        await put_consent(client, brand, source),
        await client.post("/api/v1/orders", json={"customer_id": source["id"]},
                          headers=brand.cashier),
    ):  # fmt: skip
        assert_error(response, 409, "customer.merged")
        assert response.json()["error"]["details"]["merged_into"] == survivor["id"]


async def test_both_audit_trails_record_the_merge(client: httpx.AsyncClient, brand: Brand) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await merge(client, brand, survivor, source)
    assert (await _actions(client, brand, survivor))[0] == "customer.merged"
    assert (await _actions(client, brand, source))[0] == "customer.merged_into"


async def test_chosen_fields_come_from_the_source(client: httpx.AsyncClient, brand: Brand) -> None:
    survivor, source = await duplicate_by_phone(client, brand, name="Trần Bình")
    response = await merge(client, brand, survivor, source, fields={"name": "source"})
    assert response.json()["customer"]["name"] == "TRẦN BÌNH"
    found = await client.get("/api/v1/customers", params={"q": "trần bình"}, headers=brand.owner)
    assert [c["id"] for c in found.json()["items"]] == [survivor["id"]]


async def test_refusals_leave_both_profiles_as_they_were(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    assert_error(await merge(client, brand, survivor, survivor), 422, "merge.same_customer")
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    outsider = await create_customer(client, rival)
    assert_error(await merge(client, brand, survivor, outsider), 404, "customer.not_found")
    assert_error(await merge(client, rival, outsider, survivor), 404, "customer.not_found")
    response = await merge(client, brand, survivor, source, headers=brand.cashier)
    assert response.status_code == 403
    await client.delete(f"/api/v1/customers/{source['id']}", headers=brand.owner)
    assert_error(await merge(client, brand, survivor, source), 409, "customer.deleted")
    assert (await read(client, brand, survivor))["phones"] == survivor["phones"]


async def test_a_merged_profile_cannot_be_merged_again(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    other = await create_customer(client, brand)
    await merge(client, brand, survivor, source)
    assert_error(await merge(client, brand, other, source), 409, "customer.merged")


async def test_profiles_of_two_sign_in_accounts_are_not_merged(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    assert (await promote(client, db, brand, source)).status_code == 200
    assert_error(await merge(client, brand, survivor, source), 409, "merge.source_has_account")
    assert (await promote(client, db, brand, survivor)).status_code == 200
    assert_error(await merge(client, brand, survivor, source), 409, "merge.different_accounts")


async def test_a_signed_in_survivor_absorbs_a_captured_profile(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    assert (await promote(client, db, brand, survivor)).status_code == 200
    assert (await merge(client, brand, survivor, source)).status_code == 200


async def test_more_than_five_phones_together_are_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor = await create_customer(client, brand, phones=[vn_phone() for _ in range(3)])
    source = await create_customer(client, brand, phones=[vn_phone() for _ in range(3)])
    assert_error(await merge(client, brand, survivor, source), 422, "merge.too_many_contacts")


async def test_a_retried_merge_with_its_key_answers_the_same(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    headers = {**brand.owner, "Idempotency-Key": "merge-binh-1"}
    first = await merge(client, brand, survivor, source, headers=headers)
    again = await merge(client, brand, survivor, source, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"


# ---------------------------------------------------------------- undo


async def test_an_undo_gives_the_source_back_its_orders_contacts_tags_and_consents(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    order = await open_order(client, brand, customer_id=source["id"])
    await create_tag(client, brand, "VIP")
    await put_tags(client, brand, source, ["VIP"])
    await put_consent(client, brand, source, "marketing_sms")
    await merge(client, brand, survivor, source, fields={"name": "source"})

    response = await undo(client, brand, survivor, source)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["source"]["deleted_at"], body["source"]["merged_into"]) == (None, None)
    assert body["source"]["phones"] == source["phones"]
    assert body["source"]["emails"] == source["emails"]
    assert body["customer"]["phones"] == survivor["phones"]
    assert body["customer"]["name"] == survivor["name"]
    assert body["merge"]["undone_at"] is not None
    assert await _orders_of(client, brand, source) == {order["id"]}
    assert await _orders_of(client, brand, survivor) == set()
    assert await tag_names(client, brand, source) == ["VIP"]
    assert await tag_names(client, brand, survivor) == []
    sms = current(await read_consents(client, brand, survivor), "marketing_sms")
    assert (sms["status"], sms["method"]) == ("withdrawn", "merge_undone")
    assert (await _actions(client, brand, survivor))[0] == "customer.merge_undone"
    assert (await _actions(client, brand, source))[0] == "customer.unmerged"


async def test_an_undone_merge_cannot_be_undone_twice(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await merge(client, brand, survivor, source)
    assert (await undo(client, brand, survivor, source)).status_code == 200
    assert_error(await undo(client, brand, survivor, source), 404, "merge.not_found")


async def test_no_undo_once_a_moved_phone_left_the_survivor(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    merged = (await merge(client, brand, survivor, source)).json()["customer"]
    response = await client.patch(
        f"/api/v1/customers/{survivor['id']}",
        json={"phones": _numbers(survivor)},
        headers={**brand.owner, "If-Match": f'"{merged["version"]}"'},
    )
    assert response.status_code == 200, response.text
    refused = await undo(client, brand, survivor, source)
    assert_error(refused, 409, "merge.undo_contact_changed")
    assert refused.json()["error"]["details"]["value"] == _numbers(source)[0]
    assert (await read(client, brand, source))["merged_into"] == survivor["id"]


async def test_no_undo_once_a_moved_order_carries_someone_else(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    order = await open_order(client, brand, customer_id=source["id"])
    await merge(client, brand, survivor, source)
    await client.delete(f"/api/v1/orders/{order['id']}/customer", headers=brand.cashier)
    assert_error(await undo(client, brand, survivor, source), 409, "merge.undo_order_changed")


async def test_no_undo_after_thirty_days(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    merged = (await merge(client, brand, survivor, source)).json()["merge"]
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=brand.merchant_id)
        await session.execute(
            update(CustomerMerge)
            .where(CustomerMerge.merchant_id == brand.merchant_id)
            .values(merged_at=utcnow() - timedelta(days=30, seconds=1))
        )
    assert merged["undo_until"]
    assert_error(await undo(client, brand, survivor, source), 410, "merge.undo_expired")


async def test_merges_and_undos_are_counted_once_committed(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    def count(outcome: str) -> float:
        value = REGISTRY.get_sample_value("patronage_customer_merges_total", {"outcome": outcome})
        return value or 0.0

    merged, undone = count("merged"), count("undone")
    survivor, source = await duplicate_by_phone(client, brand)
    assert_error(await merge(client, brand, survivor, survivor), 422, "merge.same_customer")
    await merge(client, brand, survivor, source)
    await undo(client, brand, survivor, source)
    assert (count("merged") - merged, count("undone") - undone) == (1, 1)


async def test_undo_is_for_owners_of_the_brand(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    survivor, source = await duplicate_by_phone(client, brand)
    await merge(client, brand, survivor, source)
    assert (await undo(client, brand, survivor, source, headers=brand.cashier)).status_code == 403
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    refused = await client.post(
        merge_path(survivor, "/undo"), json={"source_id": source["id"]}, headers=rival.owner
    )
    assert_error(refused, 404, "customer.not_found")
