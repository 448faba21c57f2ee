"""The customer pages over HTTP, on both databases: edits never overwrite, owners only delete."""

from __future__ import annotations

import re

import httpx

from patronage.core.db import Database
from tests.factories import PASSWORD, Brand, create_brand, create_customer


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found
    return found.group(1)


async def _sign_in(client: httpx.AsyncClient, email: str) -> str:
    form = await client.get("/app/sign-in")
    data = {"csrf": _csrf(form.text), "email": email, "password": PASSWORD}
    assert (await client.post("/app/sign-in", data=data)).status_code == 303
    return _csrf((await client.get("/app/checkout")).text)


def _edit(csrf: str, version: int, note: str) -> dict[str, str | list[str]]:
    return {"csrf": csrf, "version": str(version), "name": "Lý Thu Hà", "note": note,
            "phones": [], "emails": []}  # fmt: skip


async def test_a_stale_edit_changes_nothing(client: httpx.AsyncClient, brand: Brand) -> None:
    customer = await create_customer(client, brand, name="Lý Thu Hà")
    csrf = await _sign_in(client, brand.cashier_email)
    path = f"/app/customers/{customer['id']}/edit"
    form = _edit(csrf, 1, "first")
    form["phones"] = [p["display"] for p in customer["phones"]]  # type: ignore[index]
    form["emails"] = [e["address"] for e in customer["emails"]]  # type: ignore[index]
    assert (await client.post(path, data=form)).status_code == 303
    stale = await client.post(path, data={**form, "note": "second"})
    assert stale.status_code == 412
    assert "Someone else changed this customer" in stale.text
    api = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.cashier)
    assert api.json()["note"] == "first" and api.json()["version"] == 2


async def test_a_cashier_may_not_delete(client: httpx.AsyncClient, db: Database) -> None:
    brand: Brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    csrf = await _sign_in(client, brand.cashier_email)
    refused = await client.post(f"/app/customers/{customer['id']}/delete", data={"csrf": csrf})
    assert refused.status_code == 403
    api = await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.cashier)
    assert api.json()["deleted_at"] is None


async def test_a_restore_whose_phone_was_taken_is_explained_on_the_profile(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    first = await create_customer(client, brand, name="Phan Văn Lộc")
    phone = first["phones"][0]["number"]  # type: ignore[index]
    csrf = await _sign_in(client, brand.owner_email)
    deleted = await client.post(f"/app/customers/{first['id']}/delete", data={"csrf": csrf})
    assert deleted.status_code == 303
    await create_customer(client, brand, name="Phan Lộc", phones=[phone])
    refused = await client.post(f"/app/customers/{first['id']}/restore", data={"csrf": csrf})
    assert refused.status_code == 409
    assert "Phan Lộc" in refused.text and "<h1>Phan Văn Lộc</h1>" in refused.text
    api = await client.get(f"/api/v1/customers/{first['id']}", headers=brand.owner)
    assert api.json()["deleted_at"] is not None
