"""The isolation matrix: every API route of the app × every kind of intruder.

The routes come from the app's own route table, so a new route fails
`test_every_api_route_is_classified` until it is classified in `routes.ROUTES`.
Each cell is a real request against real data of two brands: brand A (the victim, with a
customer, an order and a pending promotion) and brand B (the intruders' brand, with its own
customer account). Answers are checked by class:

- `NOT_FOUND`: 404 with a `*.not_found` code, exactly as for a missing id;
- `OWN`: 2xx, and nothing of brand A in the body (ids, contacts, names, emails);
- `UNAUTHORISED` / `FORBIDDEN`: 401 / 403 with the envelope;
- `PUBLIC`: the route's own documented answer, whatever token is sent.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from patronage.core import security, tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.identity.auth.models import AuthSession
from tests.factories import (
    PASSWORD,
    Brand,
    create_brand,
    create_customer,
    sign_in,
    unique_email,
)
from tests.factories.accounts import CUSTOMER_PASSWORD, client_from, promote
from tests.integration.guarantees.routes import (
    ACTORS,
    LINE,
    ROUTES,
    Access,
    Call,
    Expect,
    Route,
    Victim,
    api_operations,
    expected,
)


def test_every_api_route_is_classified(app: FastAPI) -> None:
    operations = api_operations(app)
    unclassified = sorted(operations - ROUTES.keys())
    stale = sorted(ROUTES.keys() - operations)
    assert not unclassified, f"classify these routes in the isolation matrix: {unclassified}"
    assert not stale, f"these classified routes no longer exist: {stale}"


async def _victim(client: httpx.AsyncClient, db: Database) -> Victim:
    brand = await create_brand(client, db, name="Cà Phê Nạn Nhân")
    marker = uuid.uuid4().hex[:8]
    customer: dict[str, Any] = await create_customer(
        client, brand, emails=[unique_email(f"victim-{marker}")], name=f"Vương Thị Nạn {marker}"
    )
    order = await client.post(
        "/api/v1/orders",
        json={"lines": [LINE], "customer_id": customer["id"]},
        headers=brand.cashier,
    )
    assert order.status_code == 201, order.text
    started = await client.post(
        f"/api/v1/customers/{customer['id']}/promotion",
        json={"channel": "email"},
        headers=brand.cashier,
    )
    assert started.status_code == 202, started.text
    customer = (await client.get(f"/api/v1/customers/{customer['id']}", headers=brand.owner)).json()
    staff = (await client.get("/api/v1/staff", headers=brand.owner)).json()["items"]
    cashier_id = next(m["user_id"] for m in staff if m["role"] == "cashier")
    invited = await client.post(
        "/api/v1/staff/invitations",
        json={"email": unique_email(f"victim-invitee-{marker}"), "name": "Mai", "role": "cashier"},
        headers=brand.owner,
    )
    assert invited.status_code == 202, invited.text
    challenge_id = started.json()["challenge_id"]
    victim = Victim(brand, customer, order.json(), challenge_id, cashier_id, invited.json()["id"])
    tag = await client.post("/api/v1/tags", json={"name": f"Tag {marker}"}, headers=brand.owner)
    assert tag.status_code == 201, tag.text
    victim.tag_id = tag.json()["id"]
    tagged = await client.put(
        f"/api/v1/customers/{customer['id']}/tags", json={"tags": [victim.tag_id]},
        headers=brand.cashier,
    )  # fmt: skip
    assert tagged.status_code == 200, tagged.text
    filed = await client.post(
        f"/api/v1/customers/{customer['id']}/data-requests",
        json={"kind": "correct", "details": f"Sửa tên {marker}"},
        headers=brand.cashier,
    )
    assert filed.status_code == 201, filed.text
    victim.data_request_id = filed.json()["id"]
    files = {"file": ("khach.csv", f"name,emails\nAn {marker},{unique_email()}\n".encode())}
    imported = await client.post("/api/v1/customers/import", files=files, headers=brand.owner)
    assert imported.status_code == 202, imported.text
    victim.import_job_id = imported.json()["id"]
    victim.secrets = {
        str(brand.merchant_id),
        brand.owner_email,
        brand.cashier_email,
        customer["id"],
        customer["user_id"],
        customer["name"],
        customer["phones"][0]["number"],
        customer["emails"][0]["address"],
        order.json()["id"],
        victim.challenge_id,
        cashier_id,
        victim.invitation_id,
        victim.tag_id,
        f"Tag {marker}",
        victim.data_request_id,
        f"Sửa tên {marker}",
        victim.import_job_id,
    }
    return victim


async def _customer_token(client: httpx.AsyncClient, db: Database, brand: Brand) -> str:
    customer: dict[str, Any] = await create_customer(client, brand)
    promoted = await promote(client, db, brand, customer, password=CUSTOMER_PASSWORD)
    assert promoted.status_code == 200, promoted.text
    await client.post(
        "/api/v1/orders",
        json={"lines": [LINE], "customer_id": customer["id"]},
        headers=brand.cashier,
    )
    signed_in = await client.post(
        "/api/v1/auth/customer/sign-in",
        json={"destination": customer["emails"][0]["address"], "password": CUSTOMER_PASSWORD},
    )
    assert signed_in.status_code == 200, signed_in.text
    return str(signed_in.json()["token"])


async def _expired_token(client: httpx.AsyncClient, db: Database, brand: Brand) -> str:
    body = {"email": brand.owner_email, "password": PASSWORD, "merchant_id": str(brand.merchant_id)}
    signed_in = (await client.post("/api/v1/auth/staff/sign-in", json=body)).json()
    token = signed_in["token"]
    async with db.unit_of_work() as session:  # acting as that owner, whatever the policy keys on
        await tenancy.bind(
            session,
            merchant_id=tenancy.trusted_merchant_id(brand.merchant_id),
            user_id=uuid.UUID(signed_in["user_id"]),
        )
        expired = await session.execute(
            update(AuthSession)
            .where(
                AuthSession.merchant_id == brand.merchant_id,
                AuthSession.token_digest == security.token_digest(token, db.settings),
            )
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        assert expired.rowcount == 1  # type: ignore[attr-defined]
    return str(token)


async def _revoked_token(client: httpx.AsyncClient, brand: Brand) -> str:
    token = await sign_in(client, brand.owner_email, merchant_id=brand.merchant_id)
    out = await client.post("/api/v1/auth/sign-out", headers=_bearer(token))
    assert out.status_code == 204, out.text
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _intruders(
    client: httpx.AsyncClient, db: Database, victim: Victim, actor: str
) -> tuple[dict[str, str], Callable[[], Any]]:
    """The actor's headers, and how to get it a fresh token (for routes that spend one)."""
    if actor in ("other_owner", "other_cashier"):
        brand_b = await create_brand(client, db, name="Cà Phê Đối Thủ")
        role = "owner" if actor == "other_owner" else "cashier"
        email = brand_b.owner_email if role == "owner" else brand_b.cashier_email

        async def fresh_staff() -> dict[str, str]:
            return _bearer(await sign_in(client, email, merchant_id=brand_b.merchant_id))

        return brand_b.headers(role), fresh_staff
    if actor == "customer":
        brand_b = await create_brand(client, db, name="Cà Phê Đối Thủ")
        token = await _customer_token(client, db, brand_b)

        async def fresh_customer() -> dict[str, str]:
            return _bearer(await _customer_token(client, db, brand_b))

        return _bearer(token), fresh_customer
    if actor == "expired_token":
        token = await _expired_token(client, db, victim.brand)
    elif actor == "revoked_token":
        token = await _revoked_token(client, victim.brand)
    else:
        token = ""
    headers = _bearer(token) if token else {}

    async def same() -> dict[str, str]:
        return headers

    return headers, same


def _check(
    response: httpx.Response, expect: Expect, route: Route, call: Call, victim: Victim
) -> str | None:
    """What is wrong with one cell's answer (None when it is of the expected class)."""
    status, text = response.status_code, response.text
    sent = call.path + json.dumps(call.body, ensure_ascii=False)  # echoing it is no leak
    leaked = sorted(s for s in victim.secrets if s in text and s not in sent)
    if expect is Expect.PUBLIC:
        ok = status == route.public_status
    elif expect is Expect.OWN:
        ok = 200 <= status < 300
    else:
        ok = status == expect.value
    if ok and status >= 400:
        code = response.json().get("error", {}).get("code", "")
        ok = code.endswith(".not_found") if expect is Expect.NOT_FOUND else bool(code)
    if not ok:
        return f"expected {expect.name}, got {status} {text[:200]}"
    if leaked:
        return f"leaks brand A's {leaked}"
    return None


async def _unchanged(client: httpx.AsyncClient, victim: Victim) -> list[str]:
    """Brand A's customer and order, as brand A sees them after the intrusions."""
    customer = await client.get(
        f"/api/v1/customers/{victim.customer['id']}", headers=victim.brand.owner
    )
    order = await client.get(f"/api/v1/orders/{victim.order['id']}", headers=victim.brand.owner)
    problems = []
    if customer.json().get("version") != victim.customer["version"]:
        problems.append(f"brand A's customer changed: {customer.text[:200]}")
    if order.json().get("version") != victim.order["version"]:
        problems.append(f"brand A's order changed: {order.text[:200]}")
    tags = await client.get(
        f"/api/v1/customers/{victim.customer['id']}/tags", headers=victim.brand.owner
    )
    if [t["id"] for t in tags.json().get("items", [])] != [victim.tag_id]:
        problems.append(f"brand A's customer's tags changed: {tags.text[:200]}")
    return problems


@pytest.mark.parametrize("actor", ACTORS)
async def test_no_actor_reaches_another_brands_data_on_any_route(
    app: FastAPI, db: Database, actor: str
) -> None:
    async with client_from(app) as client:
        victim = await _victim(client, db)
        headers, fresh = await _intruders(client, db, victim, actor)
        failures = []
        for (method, template), route in sorted(ROUTES.items()):
            call = route.call(victim)
            spends_token = route.access is Access.SIGNED_IN and template.endswith("sign-out")
            actor_headers = await fresh() if spends_token else headers
            response = await client.request(
                method, call.path, json=call.body, files=call.files,
                headers={**actor_headers, **call.headers},
            )  # fmt: skip
            problem = _check(response, expected(route, actor), route, call, victim)
            if problem:
                failures.append(f"{method} {template} as {actor}: {problem}")
        failures += await _unchanged(client, victim)
    print(f"isolation matrix: {len(ROUTES)} routes tried as {actor}")
    assert not failures, "\n".join(failures)
