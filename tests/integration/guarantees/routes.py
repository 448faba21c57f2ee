"""Every API route of the app, classified for the isolation matrix: who may call it, and
whether it names the victim's (brand A's) data or the caller's own."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from fastapi import FastAPI

from tests.factories import (
    Brand,
    unique_email,
)
from tests.factories.accounts import CUSTOMER_PASSWORD

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
    data_request_id: str = ""
    import_job_id: str = ""
    secrets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Call:
    path: str
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes, str]] | None = None  # a multipart upload


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


def on_customer(
    access: Access,
    suffix: str = "",
    body: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> Route:
    """A route on brand A's customer: `/api/v1/customers/{its id}{suffix}`."""
    return Route(
        access, Target.VICTIM, lambda v: Call(_customer_path(v, suffix), body, headers or {})
    )


def merging_victim(suffix: str) -> Route:
    """A merge route on brand A's customer, naming it again as the source."""
    return Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(_customer_path(v, suffix), {"source_id": v.customer["id"]}),
    )


def on_order(access: Access, suffix: str = "", body: dict[str, Any] | None = None) -> Route:
    """A route on brand A's order: `/api/v1/orders/{its id}{suffix}`."""
    return Route(access, Target.VICTIM, lambda v: Call(_order_path(v, suffix), body))


LINE = {"sku": "CF-01", "name": "Cà phê sữa đá", "quantity": 1, "unit_price": 29000}

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
    ("GET", "/api/v1/customers/duplicates"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/customers/duplicates")
    ),
    ("GET", "/api/v1/customers/{customer_id}/merge-preview"): Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(_customer_path(v, f"/merge-preview?source_id={v.customer['id']}")),
    ),
    ("POST", "/api/v1/customers/{customer_id}/merge"): merging_victim("/merge"),
    ("POST", "/api/v1/customers/{customer_id}/merge/undo"): merging_victim("/merge/undo"),
    ("POST", "/api/v1/customers/import"): Route(
        Access.OWNER,
        Target.OWN,
        lambda v: Call(
            "/api/v1/customers/import",
            files={
                "file": ("khach.csv", f"name,emails\nAn,{unique_email()}\n".encode(), "text/csv")
            },
        ),
    ),
    ("GET", "/api/v1/customers/imports/{job_id}"): Route(
        Access.OWNER, Target.VICTIM, lambda v: Call(f"/api/v1/customers/imports/{v.import_job_id}")
    ),
    ("GET", "/api/v1/customers/imports/{job_id}/rejects"): Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/customers/imports/{v.import_job_id}/rejects"),
    ),
    ("GET", "/api/v1/customers/{customer_id}"): on_customer(Access.STAFF),
    ("PATCH", "/api/v1/customers/{customer_id}"): on_customer(
        Access.STAFF, body={"note": "taken over"}, headers={"If-Match": '"1"'}
    ),
    ("DELETE", "/api/v1/customers/{customer_id}"): on_customer(Access.OWNER),
    ("POST", "/api/v1/customers/{customer_id}/restore"): on_customer(Access.OWNER, "/restore"),
    ("GET", "/api/v1/customers/{customer_id}/events"): on_customer(Access.STAFF, "/events"),
    ("GET", "/api/v1/customers/{customer_id}/consents"): on_customer(Access.STAFF, "/consents"),
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
    ("GET", "/api/v1/customers/{customer_id}/tags"): on_customer(Access.STAFF, "/tags"),
    ("PUT", "/api/v1/customers/{customer_id}/tags"): on_customer(
        Access.STAFF, "/tags", {"tags": []}
    ),
    ("PUT", "/api/v1/customers/{customer_id}/consents/{purpose}"): on_customer(
        Access.STAFF,
        "/consents/marketing_sms",
        {"status": "withdrawn", "method": "at_till", "wording_version": "2026-01-vi"},
    ),
    ("GET", "/api/v1/customers/{customer_id}/orders"): on_customer(Access.STAFF, "/orders"),
    ("POST", "/api/v1/customers/{customer_id}/data-requests"): on_customer(
        Access.STAFF, "/data-requests", {"kind": "access"}
    ),
    ("POST", "/api/v1/customers/{customer_id}/erase"): on_customer(
        Access.OWNER, "/erase", {"confirm": "ERASE"}
    ),
    ("GET", "/api/v1/data-requests"): Route(
        Access.OWNER, Target.OWN, lambda v: Call("/api/v1/data-requests")
    ),
    ("PATCH", "/api/v1/data-requests/{request_id}"): Route(
        Access.OWNER,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/data-requests/{v.data_request_id}", {"status": "in_progress"}),
    ),
    ("POST", "/api/v1/customers/{customer_id}/promotion"): on_customer(
        Access.STAFF, "/promotion", {"channel": "email"}
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
    ("GET", "/api/v1/me/export"): Route(
        Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me/export")
    ),
    # Without `merchant_id` the request goes to the caller's own brands only.
    ("POST", "/api/v1/me/requests"): Route(
        Access.CUSTOMER, Target.OWN, lambda v: Call("/api/v1/me/requests", {"kind": "access"})
    ),
    ("POST", "/api/v1/orders"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call("/api/v1/orders", {"lines": [LINE], "customer_id": v.customer["id"]}),
    ),
    ("GET", "/api/v1/orders"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(f"/api/v1/orders?customer_id={v.customer['id']}"),
    ),
    ("GET", "/api/v1/orders/{order_id}"): on_order(Access.STAFF),
    ("PATCH", "/api/v1/orders/{order_id}"): on_order(Access.STAFF, body={"note": "taken over"}),
    ("PUT", "/api/v1/orders/{order_id}/customer"): Route(
        Access.STAFF,
        Target.VICTIM,
        lambda v: Call(_order_path(v, "/customer"), {"customer_id": v.customer["id"]}),
    ),
    ("DELETE", "/api/v1/orders/{order_id}/customer"): on_order(Access.STAFF, "/customer"),
    ("POST", "/api/v1/orders/{order_id}/complete"): on_order(Access.STAFF, "/complete"),
    ("POST", "/api/v1/orders/{order_id}/void"): on_order(Access.STAFF, "/void"),
    ("GET", "/api/v1/orders/{order_id}/events"): on_order(Access.STAFF, "/events"),
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
