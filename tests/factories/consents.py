"""Consent factories: record an answer through the API, read a customer's consents."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Brand

WORDING = "2026-01-vi"


def consents_path(customer: dict[str, Any], purpose: str | None = None) -> str:
    path = f"/api/v1/customers/{customer['id']}/consents"
    return f"{path}/{purpose}" if purpose else path


async def put_consent(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    purpose: str = "marketing_sms",
    *,
    status: str = "granted",
    method: str = "at_till",
    wording_version: str = WORDING,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Staff record an answer (the brand's cashier unless `headers` say otherwise)."""
    body = {"status": status, "method": method, "wording_version": wording_version}
    return await client.put(
        consents_path(customer, purpose), json=body, headers=headers or brand.cashier
    )


async def read_consents(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> dict[str, Any]:
    """The customer's current answers and history, as the brand's owner sees them."""
    response = await client.get(consents_path(customer), headers=brand.owner)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def current(consents: dict[str, Any], purpose: str) -> dict[str, Any]:
    return next(c for c in consents["current"] if c["purpose"] == purpose)
