"""The cashier's checkout picker: find a customer, or create them once."""

from __future__ import annotations

import random

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import CASHIER, OWNER, Server, sign_in


def _new_phone() -> str:
    return f"0912 {random.randint(100, 999)} {random.randint(100, 999)}"


def _create(page: Page, name: str, phone: str, email: str) -> None:
    page.goto("/app/customers")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Phone", exact=True).fill(phone)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name="Create customer").click()


def test_a_cashier_creates_a_customer_and_finds_her_by_name_or_last_digits(page: Page) -> None:
    phone = _new_phone()
    sign_in(page, *CASHIER)
    _create(page, "Nguyễn Thị Đào", phone, f"dao{random.randint(1, 10**9)}@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Đào")
    for query in ("nguyen thi dao", phone[-4:]):
        page.goto("/app/customers")
        page.get_by_label("Find customer").fill(query)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("link", name="Nguyễn Thị Đào").first).to_be_visible()


def test_a_taken_phone_offers_the_existing_customer(page: Page) -> None:
    phone = _new_phone()
    sign_in(page, *CASHIER)
    _create(page, "Trần Văn Bình", phone, f"binh{random.randint(1, 10**9)}@example.com")
    _create(page, "Bình Trần", phone.replace(" ", "-"), f"b{random.randint(1, 10**9)}@example.com")
    expect(page.get_by_role("alert")).to_contain_text("Trần Văn Bình")
    page.get_by_role("link", name="Open Trần Văn Bình instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trần Văn Bình")


def test_the_owner_deletes_and_restores_a_customer(page: Page) -> None:
    sign_in(page, *OWNER)
    _create(page, "Lê Thị Hồng", _new_phone(), f"hong{random.randint(1, 10**9)}@example.com")
    page.get_by_role("button", name="Delete customer").click()
    expect(page.get_by_role("status")).to_contain_text("This customer was deleted")
    page.get_by_role("button", name="Restore customer").click()
    expect(page.get_by_role("status")).to_have_count(0)


def test_a_cashier_is_not_offered_deletion(page: Page) -> None:
    sign_in(page, *CASHIER)
    _create(page, "Phạm Minh Khoa", _new_phone(), f"khoa{random.randint(1, 10**9)}@example.com")
    expect(page.get_by_role("button", name="Delete customer")).to_have_count(0)


def test_a_profile_shows_the_customers_orders(page: Page, server: Server) -> None:
    sign_in(page, *CASHIER)
    _create(page, "Võ Thanh Tâm", _new_phone(), f"tam{random.randint(1, 10**9)}@example.com")
    customer_id = page.url.rsplit("/", 1)[-1]
    _complete_order_for(server, customer_id, unit_price=45_000)
    page.reload()
    expect(page.get_by_text("1 completed orders, 45,000 VND in all")).to_be_visible()
    expect(page.get_by_role("cell", name="completed")).to_be_visible()


def _complete_order_for(server: Server, customer_id: str, *, unit_price: int) -> None:
    """Ring up an order through the API, as the till would."""
    with httpx.Client(base_url=server.base_url) as api:
        token = api.post(
            "/api/v1/auth/staff/sign-in", json={"email": CASHIER[0], "password": CASHIER[1]}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        line = {"sku": "CF-01", "name": "Cà phê sữa", "quantity": 1, "unit_price": unit_price}
        order = api.post(
            "/api/v1/orders", headers=auth, json={"lines": [line], "customer_id": customer_id}
        ).json()
        api.post(f"/api/v1/orders/{order['id']}/complete", headers=auth).raise_for_status()
