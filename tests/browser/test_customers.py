"""Customer management: search and pages, create, profile, edit without overwriting someone
else's change, and the owners' delete and restore."""

from __future__ import annotations

import random
import re

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CASHIER,
    OWNER,
    PHONE,
    Server,
    assert_fits,
    new_page,
    screenshot,
    sign_in,
)
from tests.browser.pages import CustomerPage


def _phone() -> str:
    return f"0916 {random.randint(100, 999)} {random.randint(100, 999)}"


def _email(stem: str) -> str:
    return f"{stem}{random.randint(1, 10**9)}@example.com"


def _create(page: Page, name: str, phone: str, email: str) -> str:
    page.goto("/app/customers")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Phone", exact=True).fill(phone)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return page.url.split("?")[0].rsplit("/", 1)[-1]


def test_the_list_pages_forward_and_back(cashier: Page) -> None:
    cashier.goto("/app/customers")
    first = cashier.get_by_role("row").nth(1).inner_text()
    cashier.get_by_role("link", name="Next →").click()
    expect(cashier.get_by_role("row").nth(1)).not_to_have_text(first)
    cashier.get_by_role("link", name="Next →").click()
    cashier.get_by_role("link", name="← Previous").click()
    cashier.get_by_role("link", name="← Previous").click()
    expect(cashier.get_by_role("row").nth(1)).to_have_text(first)
    expect(cashier.get_by_role("link", name="← Previous")).to_have_count(0)


def test_sorting_by_name_lists_customers_alphabetically(cashier: Page) -> None:
    cashier.goto("/app/customers")
    cashier.get_by_label("Sort").select_option("name")
    cashier.get_by_role("button", name="Search").click()
    names = cashier.locator("tbody td:first-child a").all_inner_texts()
    assert names[0].startswith("Bùi")  # folded: "bui" comes before "dang", "nguyen", …


def test_a_search_that_finds_nobody_prefills_the_new_customer(cashier: Page) -> None:
    cashier.goto("/app/customers")
    cashier.get_by_label("Find customer").fill("0977 000 111")
    cashier.get_by_label("Find customer").press("Enter")
    expect(cashier.get_by_text("No customer matches “0977 000 111”")).to_be_visible()
    expect(cashier.get_by_label("Phone", exact=True)).to_have_value("0977 000 111")


def test_a_bad_phone_is_named_next_to_its_field_and_focused(cashier: Page) -> None:
    cashier.goto("/app/customers")
    cashier.get_by_label("Name", exact=True).fill("Trịnh Văn Nam")
    cashier.get_by_label("Phone", exact=True).fill("12")
    cashier.get_by_label("Email", exact=True).fill(_email("nam"))
    cashier.get_by_role("button", name="Create customer").click()
    expect(cashier.get_by_text(re.compile("^Phone: "))).to_be_visible()
    expect(cashier.get_by_label("Phone", exact=True)).to_be_focused()
    expect(cashier.get_by_label("Name", exact=True)).to_have_value("Trịnh Văn Nam")


def test_the_profile_shows_language_note_lines_orders_and_one_order_singular(
    cashier: Page, server: Server
) -> None:
    customer_id = _create(cashier, "Võ Thanh Tâm", _phone(), _email("tam"))
    _complete_order_for(server, customer_id, unit_price=45_000)
    cashier.get_by_role("link", name="Edit").click()
    cashier.get_by_label("Note").fill("Thích trà.\nKhông đường.")
    cashier.get_by_label("Language").select_option("en")
    cashier.get_by_role("button", name="Save").click()
    expect(cashier.get_by_role("status")).to_have_text("Changes saved.")
    expect(cashier.get_by_text("1 completed order", exact=True)).to_be_visible()
    expect(cashier.locator("dd", has_text="English")).to_be_visible()
    note = cashier.locator("dd.note")
    assert note.inner_text() == "Thích trà.\nKhông đường."
    cashier.get_by_role("link", name=re.compile(r"Order #\d+")).first.click()
    expect(cashier.get_by_role("heading", level=1)).to_contain_text("Order #")
    expect(cashier.get_by_text("₫45,000").first).to_be_visible()


def test_an_edit_over_someone_elses_change_is_refused_and_offers_a_reload(
    browser: Browser, server: Server, cashier: Page
) -> None:
    customer_id = _create(cashier, "Lý Thu Hà", _phone(), _email("ha"))
    cashier.goto(f"/app/customers/{customer_id}/edit")
    other = next(new_page(browser, server))
    sign_in(other, *OWNER)
    other.goto(f"/app/customers/{customer_id}/edit")
    other.get_by_label("Note").fill("Changed first by the owner")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_role("status")).to_have_text("Changes saved.")
    cashier.get_by_label("Note").fill("Mine")
    cashier.get_by_role("button", name="Save").click()
    expect(cashier.get_by_role("alert")).to_contain_text("Someone else changed this customer")
    expect(cashier.get_by_label("Note")).to_have_value("Mine")
    cashier.get_by_role("link", name="Reload the latest version").click()
    expect(cashier.get_by_label("Note")).to_have_value("Changed first by the owner")


def test_the_owner_deletes_after_confirming_and_restores(owner: Page) -> None:
    _create(owner, "Lê Thị Hồng", _phone(), _email("hong"))
    owner.get_by_role("link", name="Delete customer").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Delete Lê Thị Hồng?")
    owner.get_by_role("button", name="Yes, delete").click()
    expect(owner.get_by_role("status")).to_have_text("Customer deleted.")
    banner = owner.locator("#deleted-banner")
    expect(banner).to_contain_text("This customer was deleted on")
    owner.get_by_role("button", name="Restore customer").click()
    expect(owner.get_by_role("status")).to_have_text("Customer restored.")
    expect(banner).to_have_count(0)


def test_the_deleted_banner_shows_the_brands_wall_clock(owner: Page) -> None:
    _create(owner, "Đỗ Minh Quân", _phone(), _email("quan"))
    owner.get_by_role("link", name="Delete customer").click()
    owner.get_by_role("button", name="Yes, delete").click()
    shown = owner.locator("#deleted-banner").inner_text()
    history = owner.locator(".history li").first.inner_text()
    stamp = re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", shown)
    assert stamp and stamp.group(0) in history  # the same local time as the audit trail


def test_a_restore_whose_phone_was_taken_says_so_on_the_profile(page: Page) -> None:
    phone = _phone()
    sign_in(page, *OWNER)
    first = _create(page, "Phan Văn Lộc", phone, _email("loc"))
    page.get_by_role("link", name="Delete customer").click()
    page.get_by_role("button", name="Yes, delete").click()
    _create(page, "Phan Lộc", phone, _email("loc2"))
    page.goto(f"/app/customers/{first}")
    page.get_by_role("button", name="Restore customer").click()
    expect(page.get_by_role("alert")).to_contain_text("Phan Lộc")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phan Văn Lộc")


def test_a_cashier_sees_no_delete_and_cannot_post_one(cashier: Page) -> None:
    customer_id = _create(cashier, "Phạm Minh Khoa", _phone(), _email("khoa"))
    expect(cashier.get_by_role("link", name="Delete customer")).to_have_count(0)
    expect(cashier.get_by_label("Include deleted")).to_have_count(0)
    csrf = cashier.locator("input[name=csrf]").first.get_attribute("value")
    answer = cashier.request.post(
        f"/app/customers/{customer_id}/delete", form={"csrf": csrf or ""}, max_redirects=0
    )
    assert answer.status == 403
    cashier.goto(f"/app/customers/{customer_id}/delete")
    expect(cashier.get_by_role("alert")).to_have_text("You are not allowed to do this.")
    expect(cashier.get_by_role("link", name="Customers").first).to_be_visible()


def test_the_owner_finds_deleted_customers_only_when_asked(owner: Page) -> None:
    _create(owner, "Hồ Thị Xuân", _phone(), _email("xuan"))
    owner.get_by_role("link", name="Delete customer").click()
    owner.get_by_role("button", name="Yes, delete").click()
    owner.goto("/app/customers?q=ho+thi+xuan")
    expect(owner.get_by_role("link", name="Hồ Thị Xuân")).to_have_count(0)
    owner.get_by_label("Include deleted").check()
    owner.get_by_role("button", name="Search").click()
    expect(owner.get_by_role("link", name="Hồ Thị Xuân")).to_be_visible()


def test_the_profile_fits_a_phone_screen(browser: Browser, server: Server) -> None:
    phone_page = next(new_page(browser, server, viewport=PHONE))
    sign_in(phone_page, *CASHIER)
    CustomerPage(phone_page).open("5678", "Nguyễn Thị Đào")
    assert_fits(phone_page, "profile")
    phone_page.goto("/app/customers")
    assert_fits(phone_page, "customers")


def test_the_profile_at_the_counter(cashier: Page) -> None:
    CustomerPage(cashier).open("5678", "Nguyễn Thị Đào")
    assert_fits(cashier, "profile")
    cashier.goto("/app/customers")
    screenshot(cashier, "customers")


def _complete_order_for(server: Server, customer_id: str, *, unit_price: int) -> None:
    """Ring up an order through the API, as another till would."""
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
