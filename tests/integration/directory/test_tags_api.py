"""Owners define a brand's tags; staff put them on customers, and every change of a
customer's tags enters its audit trail. Another brand's customer or tag is a 404."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.factories.tags import TAGS, create_tag, put_tags, tag_names, tags_path


async def _list(client: httpx.AsyncClient, brand: Brand) -> list[str]:
    response = await client.get(TAGS, headers=brand.cashier)
    assert response.status_code == 200, response.text
    return [t["name"] for t in response.json()["items"]]


async def test_an_owner_defines_tags_and_staff_list_them_by_name(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for name in ("VIP", "Khách sỉ", "đặt bánh"):
        await create_tag(client, brand, name)
    assert await _list(client, brand) == ["đặt bánh", "Khách sỉ", "VIP"]


async def test_a_name_is_trimmed_and_its_inner_spaces_collapsed(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    tag = await create_tag(client, brand, "  Khách   quen  ")
    assert tag["name"] == "Khách quen"


async def test_a_name_is_unique_in_the_brand_regardless_of_case(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    vip = await create_tag(client, brand, "VIP")
    again = await client.post(TAGS, json={"name": " vip "}, headers=brand.owner)
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "tag.name_taken" and error["details"]["tag_id"] == vip["id"]
    assert await _list(client, brand) == ["VIP"]


async def test_diacritics_make_different_names(client: httpx.AsyncClient, brand: Brand) -> None:
    await create_tag(client, brand, "Đào")
    await create_tag(client, brand, "Dao")
    assert sorted(await _list(client, brand)) == ["Dao", "Đào"]


async def test_another_brand_may_use_the_same_name(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    await create_tag(client, brand, "VIP")
    await create_tag(client, rival, "VIP")


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "VIP\u202e", "a\nb", "\u200b"])
async def test_a_bad_name_is_refused_in_both_languages(
    client: httpx.AsyncClient, brand: Brand, name: str
) -> None:
    answers = {
        lang: await client.post(TAGS, json={"name": name}, headers=brand.headers("owner", lang))
        for lang in ("en", "vi")
    }
    assert {a.status_code for a in answers.values()} == {422}
    assert {a.json()["error"]["code"] for a in answers.values()} == {"tag.name_invalid"}
    assert answers["en"].json()["error"]["message"] != answers["vi"].json()["error"]["message"]
    assert await _list(client, brand) == []


async def test_cashiers_may_not_define_rename_or_delete_tags(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    tag = await create_tag(client, brand)
    answers = [
        await client.post(TAGS, json={"name": "Mới"}, headers=brand.cashier),
        await client.patch(f"{TAGS}/{tag['id']}", json={"name": "Mới"}, headers=brand.cashier),
        await client.delete(f"{TAGS}/{tag['id']}", headers=brand.cashier),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert await _list(client, brand) == ["VIP"]


async def test_renaming_shows_the_new_name_on_every_customer(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    tag = await create_tag(client, brand, "VIP")
    await put_tags(client, brand, customer, [tag["id"]])
    renamed = await client.patch(
        f"{TAGS}/{tag['id']}", json={"name": "Khách VIP"}, headers=brand.owner
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["version"] == 2
    assert await tag_names(client, brand, customer) == ["Khách VIP"]


async def test_renaming_to_another_tags_name_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await create_tag(client, brand, "VIP")
    other = await create_tag(client, brand, "Mới")
    refused = await client.patch(f"{TAGS}/{other['id']}", json={"name": "vip"}, headers=brand.owner)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "tag.name_taken"
    case_only = await client.patch(
        f"{TAGS}/{other['id']}", json={"name": "MỚI"}, headers=brand.owner
    )
    assert case_only.status_code == 200 and case_only.json()["name"] == "MỚI"


async def test_deleting_a_tag_takes_it_off_customers_and_frees_its_name(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    tag = await create_tag(client, brand, "VIP")
    await put_tags(client, brand, customer, ["VIP"])
    deleted = await client.delete(f"{TAGS}/{tag['id']}", headers=brand.owner)
    assert deleted.status_code == 204
    assert await _list(client, brand) == []
    assert await tag_names(client, brand, customer) == []
    again = await client.delete(f"{TAGS}/{tag['id']}", headers=brand.owner)
    assert again.status_code == 404 and again.json()["error"]["code"] == "tag.not_found"
    await create_tag(client, brand, "VIP")


async def test_staff_set_a_customers_tags_by_id_or_by_name(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    vip = await create_tag(client, brand, "VIP")
    await create_tag(client, brand, "Khách sỉ")
    response = await put_tags(client, brand, customer, [vip["id"], "khách sỉ", "vip"])
    assert response.status_code == 200, response.text
    assert [t["name"] for t in response.json()["items"]] == ["Khách sỉ", "VIP"]
    assert await tag_names(client, brand, customer) == ["Khách sỉ", "VIP"]
    emptied = await put_tags(client, brand, customer, [])
    assert emptied.status_code == 200 and emptied.json()["items"] == []


async def test_a_change_of_tags_enters_the_audit_trail_and_a_repeat_adds_nothing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await create_tag(client, brand, "VIP")
    await create_tag(client, brand, "Mới")
    await put_tags(client, brand, customer, ["VIP"])
    await put_tags(client, brand, customer, ["VIP"])
    await put_tags(client, brand, customer, ["Mới"])
    events = await client.get(f"/api/v1/customers/{customer['id']}/events", headers=brand.owner)
    changes = [
        e["changes"] for e in events.json()["items"] if e["action"] == "customer.tags_changed"
    ]
    assert changes == [
        {"tags": {"old": ["VIP"], "new": ["Mới"]}},
        {"tags": {"old": [], "new": ["VIP"]}},
    ]


async def test_an_unknown_tag_is_404_and_nothing_is_written(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await create_tag(client, brand, "VIP")
    await put_tags(client, brand, customer, ["VIP"])
    response = await put_tags(client, brand, customer, ["VIP", "Không có"])
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "tag.not_found",
        "message": "No such tag.",
        "details": {"value": "Không có"},
    }
    assert await tag_names(client, brand, customer) == ["VIP"]


async def test_more_tags_than_a_customer_may_carry_are_refused(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    names = [f"Nhãn {i}" for i in range(21)]
    for name in names:
        await create_tag(client, brand, name)
    response = await put_tags(client, brand, customer, names)
    assert response.status_code == 422 and response.json()["error"]["code"] == "tag.too_many"
    assert await tag_names(client, brand, customer) == []


async def test_a_deleted_customers_tags_can_be_read_not_changed(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await create_tag(client, brand, "VIP")
    await put_tags(client, brand, customer, ["VIP"])
    await client.delete(f"/api/v1/customers/{customer['id']}", headers=brand.owner)
    refused = await put_tags(client, brand, customer, [])
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "customer.deleted"
    assert await tag_names(client, brand, customer) == ["VIP"]


async def test_a_rival_brand_gets_404_for_the_customer_and_the_tag_and_writes_nothing(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer: dict[str, Any]
) -> None:
    rival = await create_brand(client, db, name="Cà Phê Đối Thủ")
    tag = await create_tag(client, brand, "VIP")
    await put_tags(client, brand, customer, ["VIP"])
    rivals_customer = await create_customer(client, rival)
    for role in ("owner", "cashier"):
        headers = rival.headers(role)
        answers = [
            await client.get(tags_path(customer), headers=headers),
            await put_tags(client, brand, customer, [], headers=headers),
            await put_tags(client, rival, rivals_customer, [tag["id"]], headers=headers),
            await put_tags(client, rival, rivals_customer, ["VIP"], headers=headers),
        ]
        if role == "owner":
            answers += [
                await client.patch(f"{TAGS}/{tag['id']}", json={"name": "X"}, headers=headers),
                await client.delete(f"{TAGS}/{tag['id']}", headers=headers),
            ]
        for answer in answers:
            assert answer.status_code == 404, answer.text
            assert answer.json()["error"]["code"].endswith(".not_found")
    assert await tag_names(client, brand, customer) == ["VIP"]
    assert await _list(client, brand) == ["VIP"]
    assert await tag_names(client, rival, rivals_customer) == []


async def test_unknown_fields_are_refused(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    bad = await client.post(TAGS, json={"name": "VIP", "colour": "red"}, headers=brand.owner)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "request.invalid"
    not_a_list = await client.put(tags_path(customer), json={"tags": "VIP"}, headers=brand.cashier)
    assert not_a_list.status_code == 422
