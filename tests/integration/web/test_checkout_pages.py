"""The checkout's pages over HTTP, on both databases: a refused step leaves nothing behind."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD, Brand, create_customer, vn_phone


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found
    return found.group(1)


async def _signed_in_order(client: httpx.AsyncClient, brand: Brand) -> tuple[str, str]:
    """Sign in at /app as the cashier and open an order: (order path, csrf)."""
    form = await client.get("/app/sign-in")
    signed = await client.post(
        "/app/sign-in",
        data={"csrf": _csrf(form.text), "email": brand.cashier_email, "password": PASSWORD},
    )
    assert signed.status_code == 303, signed.text
    till = await client.get("/app/checkout")
    csrf = _csrf(till.text)
    opened = await client.post("/app/checkout", data={"csrf": csrf})
    assert opened.status_code == 303
    return opened.headers["location"], csrf


async def test_a_taken_phone_creates_nobody_and_attaches_nobody(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    phone = vn_phone()
    holder = await create_customer(client, brand, name="Nguyễn Thị Đào", phones=[phone])
    order, csrf = await _signed_in_order(client, brand)
    refused = await client.post(
        f"{order}/customers",
        data={"csrf": csrf, "name": "Người Mới", "phone": phone, "email": "moi@example.com"},
    )
    assert refused.status_code == 409
    assert "Use this customer" in refused.text and str(holder["id"]) in refused.text
    found = await client.get("/api/v1/customers", headers=brand.cashier, params={"q": "nguoi moi"})
    assert found.json()["items"] == []
    order_id = order.rsplit("/", 1)[-1]
    shown = await client.get(f"/api/v1/orders/{order_id}", headers=brand.cashier)
    assert shown.json()["customer"] is None


async def test_a_new_customer_is_created_and_attached_in_one_step(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    order, csrf = await _signed_in_order(client, brand)
    created = await client.post(
        f"{order}/customers",
        data={"csrf": csrf, "name": "Bùi Thị Hạnh", "phone": vn_phone(), "email": "h@example.com"},
    )
    assert created.status_code == 303
    order_id = order.rsplit("/", 1)[-1]
    shown = (await client.get(f"/api/v1/orders/{order_id}", headers=brand.cashier)).json()
    assert shown["customer"]["name"] == "Bùi Thị Hạnh"


async def test_a_form_without_its_token_is_refused(client: httpx.AsyncClient, brand: Brand) -> None:
    order, _ = await _signed_in_order(client, brand)
    refused = await client.post(f"{order}/lines", data={"csrf": "nope", "sku": "A"})
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
