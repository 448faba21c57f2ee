"""The data rights pages answer refusals in words, never a server error: a cashier may not
erase, a mistyped confirmation erases nothing, a forged id names nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand
from tests.factories.data_requests import file_at_till
from tests.integration.web.test_customer_pages import _sign_in


async def test_a_cashier_may_not_erase(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    csrf = await _sign_in(client, brand.cashier_email)
    refused = await client.post(
        f"/app/customers/{customer['id']}/erase", data={"csrf": csrf, "confirm": "ERASE"}
    )
    assert refused.status_code == 403


async def test_a_wrong_word_is_explained_and_erases_nothing(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    csrf = await _sign_in(client, brand.owner_email)
    page = await client.post(
        f"/app/customers/{customer['id']}/erase", data={"csrf": csrf, "confirm": "xoá"}
    )
    assert page.status_code == 422
    assert "type the customer&#39;s id or the word ERASE" in page.text
    profile = await client.get(f"/app/customers/{customer['id']}")
    assert customer["name"] in profile.text


async def test_a_forged_request_id_is_not_found(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    csrf = await _sign_in(client, brand.owner_email)
    page = await client.post(
        f"/app/customers/{customer['id']}/erase",
        data={"csrf": csrf, "confirm": "ERASE", "request_id": "not-an-id"},
    )
    assert page.status_code == 404


async def test_the_owner_sees_the_queue_and_refusing_needs_a_reason(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    filed = await file_at_till(client, brand, customer, "access", details="Xin bản sao")
    csrf = await _sign_in(client, brand.owner_email)
    queue = await client.get("/app/data-requests")
    assert "Xin bản sao" in queue.text
    bare = await client.post(
        f"/app/data-requests/{filed['id']}", data={"csrf": csrf, "status": "refused"}
    )
    assert (bare.status_code, "Give the reason for refusing" in bare.text) == (422, True)
