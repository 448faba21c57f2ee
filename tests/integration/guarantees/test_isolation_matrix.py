"""The isolation matrix: every API route of the app × every kind of intruder.

The routes come from the app's own route table, so a new route fails
`test_every_api_route_is_classified` until it is classified in `ROUTES` below.
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
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
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

API_PREFIX = "/api/"


class Access(Enum):
    PUBLIC = "anyone"
    PUBLIC_VALID_TOKEN = "anyone; a token, when sent, must be valid"
    SIGNED_IN = "any token"
    STAFF = "staff"
    OWNER = "owner"
    CUSTOMER = "customer"


class Target(Enum):
    VICTIM = "names brand A's ids"  # another brand's ids must be 404
    OWN = "the caller's own brand or account"


class Expect(Enum):
    NOT_FOUND = 404
    OWN = 200
    UNAUTHORISED = 401
    FORBIDDEN = 403
    PUBLIC = 0


ACTORS = [
    "other_owner",
    "other_cashier",
    "customer",
    "no_token",
    "expired_token",
    "revoked_token",
]


@dataclass
class Victim:
    """Brand A, what it holds, and every string that must never reach brand B."""

    brand: Brand
    customer: dict[str, Any]
    order: dict[str, Any]
    challenge_id: str
    cashier_id: str
    invitation_id: str
    tag_id: str = ""
    secrets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Call:
    path: str
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    access: Access
    target: Target
    call: Callable[[Victim], Call]
    public_status: int = 0  # the answer of a public route, whatever the token


def _customer_path(v: Victim, suffix: str = "") -> str:
    return f"/api/v1/customers/{v.customer['id']}{suffix}"


def _order_path(v: Victim, suffix: str = "") -> str:
    return f"/api/v1/orders/{v.order['id']}{suffix}"


_LINE = {"sku": "CF-01", "name": "Cà phê sữa đá", "quantity": 1, "unit_price": 29000}

# Every API route of the app, classified: who may call it and whose data it names.
ROUTES: dict[tuple[str, str], Route] = {
    ("POST", "/api/v1/auth/staff/sign-in"): Route(
        Access.PUBLIC,
        Target.OWN,
        lambda v: Call(
            "/api/v1/auth/staff/sign-in",
            {"email": v.brand.owner_email, "password": f"guess-{uuid.uuid4().hex}"},
        ),
        public_status=401,
    ),
    ("POST", "/api/v1/auth/sign-out"): Route(
        Access.SIGNED_IN, Target.OWN, lambda v: Call("/api/v1/auth/sign-out")
    ),
    ("GET", "/api/v1/staff"): Route(Access.OWNER, Target.OWN, lambda v: Call("/api/v1/staff")),
    ("PATCH", "/api/v1/staff/{user_id}"): Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/staff/{v.cashier_id}", {"role": "owner"}),
    ),
    ("DELETE", "/api/v1/staff/{user_id}"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(f"/api/v1/staff/{v.cashier_id}")
    ),
    ("GET", "/api/v1/staff/invitations"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/staff/invitations")
    ),
    ("POST", "/api/v1/staff/invitations"): Route(
        Access.OWNER,
        Target.OWN,
        lambda v: Call(
            "/api/v1/staff/invitations",
            {"email": unique_email("invited"), "name": "Lan", "role": "cashier"},
        ),
    ),
    ("DELETE", "/api/v1/staff/invitations/{invitation_id}"): Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/staff/invitations/{v.invitation_id}"),
    ),
    ("POST", "/api/v1/auth/staff/invitations/accept"): Route(
        Access.PUBLIC_VALID_TOKEN,
        Target.OWN,
        # Brand A's invitation, a guessed code: refused whoever asks, and nothing told.
        lambda v: Call(
            "/api/v1/auth/staff/invitations/accept",
            {
                "invitation_id": v.invitation_id,
                "code": "AAAAAAAAAA",
                "password": "a-long-staff-secret-4711",
            },
        ),
        public_status=422,
    ),
    ("GET", "/api/v1/merchant"): Route(
        Access.STAFF, Target.OWN, lambda v: Call("/api/v1/merchant")
    ),
    ("PATCH", "/api/v1/merchant"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/merchant", {"locale": "vi"})
    ),
    ("POST", "/api/v1/customers"): Route(
        Access.STAFF,
        Target.OWN,
        # Brand A's contacts are free at brand B: creating with them must reveal nothing of A.
        lambda v: Call(
            "/api/v1/customers",
            {
                "name": "Khách Mới",
                "phones": [v.customer["phones"][0]["number"]],
                "emails": [v.customer["emails"][0]["address"]],
            },
        ),
    ),
    ("GET", "/api/v1/customers"): Route(
        Access.STAFF,
        Target.OWN,
        lambda v: Call(f"/api/v1/customers?q={v.customer['phones'][0]['number'][-7:]}"),
    ),
    ("GET", "/api/v1/customers/export"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/customers/export?format=jsonl")
    ),
    ("GET", "/api/v1/customers/{customer_id}"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v))
    ),
    ("PATCH", "/api/v1/customers/{customer_id}"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(_customer_path(v), {"note": "taken over"}, {"If-Match": '"1"'}),
    ),
    ("DELETE", "/api/v1/customers/{customer_id}"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(_customer_path(v))
    ),
    ("POST", "/api/v1/customers/{customer_id}/restore"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(_customer_path(v, "/restore"))
    ),
    ("GET", "/api/v1/customers/{customer_id}/events"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v, "/events"))
    ),
    ("GET", "/api/v1/customers/{customer_id}/consents"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v, "/consents"))
    ),
    ("PUT", "/api/v1/customers/{customer_id}/consents/{purpose}"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(
            _customer_path(v, "/consents/marketing_sms"),
            {"status": "withdrawn", "method": "at_till", "wording_version": "2026-01-vi"},
        ),
    ),
    ("GET", "/api/v1/tags"): Route(Access.STAFF, Target.OWN, lambda v: Call("/api/v1/tags")),
    ("POST", "/api/v1/tags"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/tags", {"name": "Khách quen"})
    ),
    ("PATCH", "/api/v1/tags/{tag_id}"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(f"/api/v1/tags/{v.tag_id}", {"name": "X"})
    ),
    ("DELETE", "/api/v1/tags/{tag_id}"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(f"/api/v1/tags/{v.tag_id}")
    ),
    ("GET", "/api/v1/customers/{customer_id}/tags"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v, "/tags"))
    ),
    ("PUT", "/api/v1/customers/{customer_id}/tags"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v, "/tags"), {"tags": []})
    ),
    ("GET", "/api/v1/customers/{customer_id}/orders"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_customer_path(v, "/orders"))
    ),
    ("POST", "/api/v1/customers/{customer_id}/promotion"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(_customer_path(v, "/promotion"), {"channel": "email"}),
    ),
    ("POST", "/api/v1/customers/{customer_id}/promotion/verify"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(
            _customer_path(v, "/promotion/verify"),
            {"challenge_id": v.challenge_id, "code": "000000"},
        ),
    ),
    ("POST", "/api/v1/auth/customer/otp"): Route(
        Access.PUBLIC,
        Target.OWN,
        lambda v: Call(
            "/api/v1/auth/customer/otp", {"destination": v.customer["emails"][0]["address"]}
        ),
        public_status=202,
    ),
    ("POST", "/api/v1/auth/customer/sign-in"): Route(
        Access.PUBLIC,
        Target.OWN,
        lambda v: Call(
            "/api/v1/auth/customer/sign-in",
            {"destination": unique_email("nobody"), "password": "a-guessed-password"},
        ),
        public_status=401,
    ),
    ("GET", "/api/v1/me"): Route(Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me")),
    ("PUT", "/api/v1/me/password"): Route(
        Access.CUSTOMER,
        Target.OWN,
        lambda v: Call(
            "/api/v1/me/password",
            {"current_password": CUSTOMER_PASSWORD, "new_password": "Mười-hai-con-giáp-2026"},
        ),
    ),
    ("PATCH", "/api/v1/me"): Route(
        Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me", {"locale": "vi"})
    ),
    ("GET", "/api/v1/me/orders"): Route(
        Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me/orders")
    ),
    ("GET", "/api/v1/me/consents"): Route(
        Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me/consents")
    ),
    # Without `merchant_id` the answer applies to the caller's own brands only (naming
    # brand A's id is a 404: `tests/integration/accounts/test_my_consents.py`).
    ("PUT", "/api/v1/me/consents/{purpose}"): Route(
        Access.CUSTOMER,
        Target.OWN,
        lambda v: Call(
            "/api/v1/me/consents/marketing_sms",
            {"status": "withdrawn", "wording_version": "2026-01-vi"},
        ),
    ),
    ("POST", "/api/v1/orders"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call("/api/v1/orders", {"lines": [_LINE], "customer_id": v.customer["id"]}),
    ),
    ("GET", "/api/v1/orders"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/orders?customer_id={v.customer['id']}"),
    ),
    ("GET", "/api/v1/orders/{order_id}"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v))
    ),
    ("PATCH", "/api/v1/orders/{order_id}"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v), {"note": "taken over"})
    ),
    ("PUT", "/api/v1/orders/{order_id}/customer"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(_order_path(v, "/customer"), {"customer_id": v.customer["id"]}),
    ),
    ("DELETE", "/api/v1/orders/{order_id}/customer"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v, "/customer"))
    ),
    ("POST", "/api/v1/orders/{order_id}/complete"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v, "/complete"))
    ),
    ("POST", "/api/v1/orders/{order_id}/void"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v, "/void"))
    ),
    ("GET", "/api/v1/orders/{order_id}/events"): Route(
        Access.STAFF, Target.VICTIM, lambda v: Call(_order_path(v, "/events"))
    ),
    ("GET", "/api/v1/reports/customers"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/reports/customers")
    ),
}


def expected(route: Route, actor: str) -> Expect:
    """The class of answer one actor must get from one route."""
    stale = actor in ("expired_token", "revoked_token")
    if route.access is Access.PUBLIC or (route.access is Access.PUBLIC_VALID_TOKEN and not stale):
        return Expect.PUBLIC
    if route.access is Access.PUBLIC_VALID_TOKEN or actor == "no_token" or stale:
        return Expect.UNAUTHORISED
    if actor == "customer":
        return (
            Expect.OWN
            if route.access in (Access.CUSTOMER, Access.SIGNED_IN)
            else (Expect.FORBIDDEN)
        )
    if route.access is Access.CUSTOMER:
        return Expect.FORBIDDEN
    if route.access is Access.OWNER and actor == "other_cashier":
        return Expect.FORBIDDEN
    return Expect.NOT_FOUND if route.target is Target.VICTIM else Expect.OWN


def api_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path template) of every API route in the app's route table."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI ≥ 0.16x flattens lazily
    except ImportError:  # pragma: no cover - older FastAPI lists plain routes
        routes: list[Any] = list(app.routes)
    else:
        routes = list(iter_route_contexts(app.routes))
    found = set()
    for route in routes:
        path = getattr(route, "path", None) or ""
        if not path.startswith(API_PREFIX):
            continue
        template = re.sub(r"\{(\w+):\w+\}", r"{\1}", path)
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                found.add((method, template))
    return found


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
        json={"lines": [_LINE], "customer_id": customer["id"]},
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
    }
    return victim


async def _customer_token(client: httpx.AsyncClient, db: Database, brand: Brand) -> str:
    customer: dict[str, Any] = await create_customer(client, brand)
    promoted = await promote(client, db, brand, customer, password=CUSTOMER_PASSWORD)
    assert promoted.status_code == 200, promoted.text
    await client.post(
        "/api/v1/orders",
        json={"lines": [_LINE], "customer_id": customer["id"]},
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
                method, call.path, json=call.body, headers={**actor_headers, **call.headers}
            )
            problem = _check(response, expected(route, actor), route, call, victim)
            if problem:
                failures.append(f"{method} {template} as {actor}: {problem}")
        failures += await _unchanged(client, victim)
    print(f"isolation matrix: {len(ROUTES)} routes tried as {actor}")
    assert not failures, "\n".join(failures)
