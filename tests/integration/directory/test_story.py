"""The issue's acceptance story, as a new user would try it."""

from __future__ import annotations

import httpx

from tests.factories import Brand

CUSTOMERS = "/api/v1/customers"
DAO = {"name": "Nguyễn Thị Đào", "phones": ["0912 345 678"], "emails": ["dao@example.com"]}


async def test_a_cashier_finds_or_creates_dao_once_and_the_owner_manages_her(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    key = {**brand.cashier, "Idempotency-Key": "till-1-sale-1"}

    created = await client.post(CUSTOMERS, headers=key, json=DAO)
    assert created.status_code == 201
    dao = created.json()

    for typed in ("5678", "0912", "+8491234", "dao", "ĐÀO", "dao@ex"):
        found = await client.get(CUSTOMERS, headers=brand.cashier, params={"q": typed})
        assert [c["id"] for c in found.json()["items"]] == [dao["id"]], typed

    again = await client.post(
        CUSTOMERS, headers=brand.cashier, json={**DAO, "phones": ["+84 912-345-678"]}
    )
    assert again.status_code == 409
    assert again.json()["error"]["details"]["customer_id"] == dao["id"]

    replay = await client.post(CUSTOMERS, headers=key, json=DAO)
    assert (replay.status_code, replay.json()["id"]) == (201, dao["id"])

    path = f"{CUSTOMERS}/{dao['id']}"
    changed = await client.patch(
        path, headers={**brand.cashier, "If-Match": '"1"'}, json={"note": "Khách quen"}
    )
    stale = await client.patch(
        path, headers={**brand.cashier, "If-Match": '"1"'}, json={"note": "Ghi đè"}
    )
    assert (changed.status_code, stale.status_code) == (200, 412)

    assert (await client.delete(path, headers=brand.owner)).status_code == 204
    assert (await client.post(f"{path}/restore", headers=brand.owner)).status_code == 200

    assert (await client.get(path, headers=other_brand.owner)).status_code == 404
    for typed in ("5678", "dao", None):
        params = {"q": typed} if typed else {}
        assert (await client.get(CUSTOMERS, headers=other_brand.cashier, params=params)).json()[
            "items"
        ] == []
    theirs = await client.post(
        CUSTOMERS, headers=other_brand.cashier, json={**DAO, "name": "Đào", "emails": []}
    )
    assert theirs.status_code == 422  # brand B's default policy wants an email too
    theirs = await client.post(CUSTOMERS, headers=other_brand.cashier, json={**DAO, "name": "Đào"})
    assert theirs.status_code == 201
    assert theirs.json()["id"] != dao["id"]
