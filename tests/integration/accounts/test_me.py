"""A signed-in customer's own account (`/me`), closed to staff tokens and closing staff routes."""

from __future__ import annotations

import httpx

from patronage.core.db import Database
from tests.factories import Brand
from tests.factories.accounts import (
    create_account,
    latest_code,
    unique_customer_email,
)
from tests.integration.accounts.sign_in import (
    request_code,
    sign_in_with_code,
)


async def _customer_token(public: httpx.AsyncClient, db: Database, **account: str) -> str:
    email = unique_customer_email()
    await create_account(db, email=email, **account)
    challenge = await request_code(public, email)
    response = await sign_in_with_code(public, challenge, await latest_code(db, email))
    return str(response.json()["token"])


async def test_a_customer_may_change_their_language(
    public: httpx.AsyncClient, db: Database
) -> None:
    headers = {"Authorization": f"Bearer {await _customer_token(public, db)}"}
    changed = await public.patch("/api/v1/me", headers=headers, json={"locale": "vi"})
    assert changed.status_code == 200 and changed.json()["locale"] == "vi"
    assert (await public.get("/api/v1/me", headers=headers)).json()["locale"] == "vi"
    bad = await public.patch("/api/v1/me", headers=headers, json={"locale": "fr"})
    assert bad.status_code == 422
    other = await public.patch("/api/v1/me", headers=headers, json={"name": "x"})
    assert other.status_code == 422


async def test_a_customer_token_is_refused_on_staff_endpoints(
    public: httpx.AsyncClient, db: Database
) -> None:
    headers = {"Authorization": f"Bearer {await _customer_token(public, db)}"}
    for path in ("/api/v1/staff", "/api/v1/merchant"):
        response = await public.get(path, headers=headers)
        assert response.status_code == 403, path


async def test_a_staff_token_is_refused_on_me(client: httpx.AsyncClient, brand: Brand) -> None:
    assert (await client.get("/api/v1/me", headers=brand.cashier)).status_code == 403
    assert (await client.get("/api/v1/me")).status_code == 401
