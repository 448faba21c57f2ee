"""Soft delete and restore, and the audit trail of every change, paged with a cursor."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from patronage.core import paging
from tests.factories import Brand, create_customer
from tests.integration.answers import assert_error, invalid_fields
from tests.integration.directory.customers import CUSTOMERS, patch_customer


async def test_a_cashier_may_not_delete_or_restore(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    path = f"{CUSTOMERS}/{customer['id']}"
    assert (await client.delete(path, headers=brand.cashier)).status_code == 403
    assert (await client.post(f"{path}/restore", headers=brand.cashier)).status_code == 403


async def test_deleting_frees_the_contacts_and_hides_the_customer(
    client: httpx.AsyncClient, brand: Brand
) -> None:
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
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    await client.delete(f"{CUSTOMERS}/{customer['id']}", headers=brand.owner)
    response = await patch_customer(client, brand, customer, {"note": "x"}, etag='"2"')
    assert_error(response, 409, "customer.deleted")


async def test_restore_brings_the_customer_back(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    path = f"{CUSTOMERS}/{customer['id']}"
    await client.delete(path, headers=brand.owner)
    restored = await client.post(f"{path}/restore", headers=brand.owner)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    assert restored.json()["version"] == 3
    listed = await client.get(CUSTOMERS, headers=brand.cashier)
    assert [c["id"] for c in listed.json()["items"]] == [customer["id"]]


async def test_restore_is_409_when_a_contact_was_taken_meanwhile(
    client: httpx.AsyncClient, brand: Brand
) -> None:
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
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    path = f"{CUSTOMERS}/{customer['id']}"
    stale = await client.delete(path, headers={**brand.owner, "If-Match": '"5"'})
    assert stale.status_code == 412
    fresh = await client.delete(path, headers={**brand.owner, "If-Match": '"1"'})
    assert fresh.status_code == 204


async def test_every_change_is_in_the_audit_trail_newest_first(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    customer = await create_customer(client, brand, note="old note")
    path = f"{CUSTOMERS}/{customer['id']}"
    await patch_customer(client, brand, customer, {"note": "new note"})
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


async def test_the_audit_trail_pages_with_a_cursor(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    for version in (1, 2, 3):
        customer = (await patch_customer(client, brand, customer, {"note": f"v{version}"})).json()
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


@pytest.mark.parametrize("path", ["", "/{id}/events"])
async def test_a_signed_cursor_at_the_edge_of_time_is_422_not_500(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], path: str
) -> None:
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
    assert invalid_fields(response) == {"query.cursor": "cursor.invalid"}


async def test_a_foreign_cursor_on_the_audit_trail_is_422(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    response = await client.get(
        f"{CUSTOMERS}/{customer['id']}/events", headers=brand.cashier, params={"cursor": "bad"}
    )
    assert response.status_code == 422
    assert invalid_fields(response) == {"query.cursor": "cursor.invalid"}
