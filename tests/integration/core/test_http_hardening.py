"""Browser-facing hardening: login CSRF, secure cookies behind TLS proxies, security
headers on every answer, and metrics only for the holder of the metrics token."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from patronage.app import create_app
from tests.factories import PASSWORD, Brand
from tests.factories.accounts import random_address
from tests.integration.answers import assert_error
from tests.integration.conftest import METRICS_AUTH, make_settings

SIGN_IN = "/app/sign-in"


@asynccontextmanager
async def client_with(
    database_url: str, *, peer: str = "127.0.0.1", **overrides: object
) -> AsyncIterator[httpx.AsyncClient]:
    """A client, calling from `peer`, of an app built with these settings."""
    app = create_app(make_settings(database_url, **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(peer, 50_000))
        async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as c:
            yield c


def _form_token(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, "the sign-in form carries a CSRF token"
    return match.group(1)


async def test_a_sign_in_post_without_the_forms_token_is_refused(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(SIGN_IN, data={"email": brand.owner_email, "password": PASSWORD})
    assert response.status_code == 403
    assert "patronage_session" not in response.headers.get("set-cookie", "")


async def test_a_sign_in_token_from_another_browser_is_refused(
    client: httpx.AsyncClient, brand: Brand, database_url: str
) -> None:
    attackers_token = _form_token(await client.get(SIGN_IN))
    async with client_with(database_url) as victims_browser:
        response = await victims_browser.post(
            SIGN_IN,
            data={"email": brand.owner_email, "password": PASSWORD, "csrf": attackers_token},
        )
    assert response.status_code == 403
    assert "patronage_session" not in response.headers.get("set-cookie", "")


async def test_the_sign_in_form_signs_in_with_its_own_token(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    token = _form_token(await client.get(SIGN_IN))
    response = await client.post(
        SIGN_IN, data={"email": brand.owner_email, "password": PASSWORD, "csrf": token}
    )
    assert response.status_code == 303
    assert "patronage_session=" in response.headers["set-cookie"]


async def _sign_in_cookie(client: httpx.AsyncClient, email: str, **headers: str) -> str:
    form = await client.get(SIGN_IN, headers=headers)
    # Sent by hand: over plain http the client keeps a `Secure` cookie to itself.
    nonce = form.headers["set-cookie"].split(";")[0]
    response = await client.post(
        SIGN_IN,
        data={"email": email, "password": PASSWORD, "csrf": _form_token(form)},
        headers={**headers, "Cookie": nonce},
    )
    assert response.status_code == 303
    return next(c for c in response.headers.get_list("set-cookie") if "patronage_session=" in c)


async def test_the_session_cookie_is_secure_behind_a_trusted_tls_proxy(
    client: httpx.AsyncClient, brand: Brand, database_url: str
) -> None:
    async with client_with(database_url, trusted_proxies=["127.0.0.1"]) as proxied:
        cookie = await _sign_in_cookie(proxied, brand.owner_email, **{"X-Forwarded-Proto": "https"})
    assert "secure" in cookie.lower()


async def test_an_untrusted_peer_cannot_claim_tls(
    client: httpx.AsyncClient, brand: Brand, database_url: str
) -> None:
    async with client_with(database_url, trusted_proxies=["10.0.0.0/8"]) as direct:
        cookie = await _sign_in_cookie(direct, brand.owner_email, **{"X-Forwarded-Proto": "https"})
    assert "secure" not in cookie.lower()


@pytest.mark.parametrize("path", ["/api/v1/staff", "/api/v1/nowhere", SIGN_IN, "/app"])
async def test_pages_and_api_answers_carry_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    headers = (await client.get(path)).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"


async def test_an_answer_carrying_a_token_is_not_stored(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    response = await client.post(
        "/api/v1/auth/staff/sign-in", json={"email": brand.owner_email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


async def test_static_files_may_be_cached(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/static/app.css")
    assert response.status_code == 200
    assert response.headers.get("cache-control") != "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_metrics_without_a_configured_token_do_not_exist(database_url: str) -> None:
    async with client_with(database_url, metrics_token=None) as c:
        response = await c.get("/metrics", headers=METRICS_AUTH)
    assert response.status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "test-metrics-token"])
async def test_metrics_refuse_anyone_without_the_token(
    client: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = await client.get("/metrics", headers=headers)
    assert_error(response, 401, "metrics.unauthorized")
    assert "patronage_http_requests_total" not in response.text


async def test_metrics_are_served_to_the_holder_of_the_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics", headers=METRICS_AUTH)
    assert response.status_code == 200
    assert "patronage_http_requests_total" in response.text


async def _codes_asked(client: httpx.AsyncClient, forwarded_for: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        response = await client.post(
            "/api/v1/auth/customer/otp",
            json={"destination": f"{uuid.uuid4().hex[:10]}@example.com"},
            headers={"X-Forwarded-For": forwarded_for},
        )
        statuses.append(response.status_code)
    return statuses


async def test_per_address_limits_count_the_client_a_trusted_proxy_names(
    database_url: str,
) -> None:
    proxy, client, other = random_address(), random_address(), random_address()
    async with client_with(
        database_url, peer=proxy, trusted_proxies=[proxy], otp_max_per_address=2
    ) as proxied:
        assert await _codes_asked(proxied, client, 3) == [202, 202, 429]
        assert await _codes_asked(proxied, other, 1) == [202]


async def test_an_untrusted_peer_cannot_pick_its_address(database_url: str) -> None:
    peer = random_address()
    async with client_with(database_url, peer=peer, otp_max_per_address=2) as direct:
        assert await _codes_asked(direct, random_address(), 2) == [202, 202]
        assert await _codes_asked(direct, random_address(), 1) == [429]
