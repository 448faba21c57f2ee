"""The checkout, by keyboard alone: find or create the customer, attach, ring up, complete."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CASHIER,
    DESKTOP,
    OWNER,
    PHONE,
    Server,
    assert_fits,
    new_page,
    no_horizontal_scroll,
)
from tests.browser.pages import CheckoutPage, SignInPage


def _number() -> str:
    return f"0983 {random.randint(100, 999)} {random.randint(100, 999)}"


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1024", "390"])
def till(request: pytest.FixtureRequest, browser: Browser, server: Server) -> Iterator[Page]:
    yield from new_page(browser, server, viewport=request.param)


def _signed_in_order(page: Page) -> CheckoutPage:
    SignInPage(page).sign_in_by_keyboard(*CASHIER)
    checkout = CheckoutPage(page)
    checkout.start_order_by_keyboard()
    return checkout


def test_a_cashier_finds_dao_attaches_her_rings_up_and_completes_by_keyboard(till: Page) -> None:
    checkout = _signed_in_order(till)
    checkout.type_in_picker("dao")
    checkout.choose_option("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("0912 345 678")
    expect(checkout.attached).to_contain_text("completed order")
    checkout.add_line_by_keyboard("CF-01", "Cà phê sữa đá", 2, "29000")
    expect(checkout.total).to_contain_text("₫58,000")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")
    assert_fits(till, "checkout")
    checkout.complete_by_keyboard()
    expect(till.get_by_role("status")).to_contain_text("completed: ₫58,000")
    expect(till.get_by_role("status")).to_contain_text("Nguyễn Thị Đào")
    expect(till.get_by_role("button", name="New order")).to_be_focused()


def test_the_last_four_digits_find_dao(page: Page) -> None:
    checkout = _signed_in_order(page)
    checkout.type_in_picker("5678")
    expect(checkout.options.first).to_contain_text("Nguyễn Thị Đào")
    checkout.choose_option("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")


def test_a_number_nobody_has_creates_the_customer_prefilled_and_attaches_them(
    till: Page,
) -> None:
    number = _number()
    checkout = _signed_in_order(till)
    checkout.type_in_picker(number)
    expect(checkout.options).to_have_count(1)
    expect(checkout.options.first).to_contain_text("New customer")
    till.keyboard.press("Enter")
    expect(till.get_by_label("Phone", exact=True)).to_have_value(number)
    expect(till.get_by_label("Name", exact=True)).to_be_focused()
    till.keyboard.type("Hoàng Minh Tuấn")
    till.keyboard.press("Tab")
    till.keyboard.press("Tab")
    till.keyboard.type(f"tuan{random.randint(1, 10**9)}@example.com")
    till.keyboard.press("Enter")
    expect(checkout.attached).to_contain_text("Hoàng Minh Tuấn")
    expect(checkout.attached).to_contain_text("0 completed orders")
    assert no_horizontal_scroll(till)


def test_a_taken_phone_offers_the_existing_customer_to_use(page: Page) -> None:
    checkout = _signed_in_order(page)
    checkout.type_in_picker("Lan Anh Mới")
    checkout.choose_option("New customer")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Lan Anh Mới")
    page.get_by_label("Phone", exact=True).fill("+84 912-345-678")
    page.get_by_label("Email", exact=True).fill(f"lan{random.randint(1, 10**9)}@example.com")
    page.get_by_label("Email", exact=True).press("Enter")
    expect(page.get_by_text("Phone: This phone number already belongs")).to_be_visible()
    use = page.get_by_role("button", name="Use this customer")
    expect(use).to_be_focused()
    page.keyboard.press("Enter")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")


def test_lines_change_and_go_and_the_total_follows(page: Page) -> None:
    checkout = _signed_in_order(page)
    page.get_by_label("SKU").focus()
    checkout.add_line_by_keyboard("BM-01", "Bánh mì thịt", 1, "25.000")
    checkout.add_line_by_keyboard("TR-01", "Trà đào", 1, "45000")
    expect(checkout.total).to_contain_text("₫70,000")
    page.get_by_label("Quantity of Bánh mì thịt").fill("3")
    page.get_by_label("Quantity of Bánh mì thịt").press("Enter")
    expect(checkout.total).to_contain_text("₫120,000")
    page.get_by_role("button", name="Remove Trà đào").click()
    expect(checkout.total).to_contain_text("₫75,000")


def test_a_bad_price_is_refused_next_to_its_field(page: Page) -> None:
    checkout = _signed_in_order(page)
    page.get_by_label("SKU").focus()
    checkout.add_line_by_keyboard("CF-01", "Cà phê", 1, "abc")
    expect(page.get_by_label("Price")).to_be_focused()
    expect(page.get_by_text("Price: Expected a whole number.")).to_be_visible()


def test_the_customer_can_be_taken_off_and_replaced(page: Page) -> None:
    checkout = _signed_in_order(page)
    checkout.type_in_picker("5678")
    checkout.choose_option("Nguyễn Thị Đào")
    page.get_by_role("button", name="Remove from order").click()
    expect(checkout.attached).to_have_count(0)
    checkout.type_in_picker("dao")
    checkout.choose_option("Đào Văn Tú")
    expect(checkout.attached).to_contain_text("Đào Văn Tú")
    checkout.picker.focus()
    checkout.type_in_picker("5678")
    checkout.choose_option("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")


def test_escape_closes_the_options(page: Page) -> None:
    checkout = _signed_in_order(page)
    checkout.type_in_picker("dao")
    expect(checkout.picker).to_have_attribute("aria-expanded", "true")
    expect(checkout.picker).to_have_attribute("aria-controls", "picker-list")
    expect(page.get_by_role("status")).to_contain_text("customers found")
    page.keyboard.press("ArrowDown")
    active = checkout.picker.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(checkout.picker).to_have_attribute("aria-expanded", "false")


@pytest.fixture
def pg_page(browser: Browser, pg_server: Server) -> Iterator[Page]:
    yield from new_page(browser, pg_server)


def test_on_postgresql_a_cashier_sells_then_creates_a_customer_found_by_digits(
    pg_page: Page,
) -> None:
    checkout = _signed_in_order(pg_page)
    checkout.type_in_picker("dao")
    checkout.choose_option("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")
    checkout.add_line_by_keyboard("CF-01", "Cà phê sữa đá", 1, "29000")
    expect(checkout.total).to_contain_text("₫29,000")
    checkout.complete_by_keyboard()
    expect(pg_page.get_by_role("status")).to_contain_text("completed: ₫29,000")
    pg_page.keyboard.press("Enter")
    number = _number()
    checkout.type_in_picker(number)
    pg_page.keyboard.press("Enter")
    pg_page.keyboard.type("Bùi Thị Hạnh")
    pg_page.get_by_label("Email", exact=True).fill(f"hanh{random.randint(1, 10**9)}@example.com")
    pg_page.get_by_label("Email", exact=True).press("Enter")
    expect(checkout.attached).to_contain_text("Bùi Thị Hạnh")
    checkout.picker.focus()
    checkout.type_in_picker(number[-4:])
    # Another demo customer may end in the same four digits: she is among the options.
    expect(checkout.options.filter(has_text="Bùi Thị Hạnh")).to_have_count(1)


def test_the_owner_attaches_a_customer_to_a_completed_sale_that_had_none(page: Page) -> None:
    SignInPage(page).sign_in_by_keyboard(*OWNER)
    checkout = CheckoutPage(page)
    checkout.start_order_by_keyboard()
    page.get_by_label("SKU").focus()
    checkout.add_line_by_keyboard("CF-02", "Cà phê đen", 1, "25000")
    order_url = page.url.split("?")[0]
    checkout.complete_by_keyboard()
    page.goto(order_url)
    expect(page.get_by_text("you can still attach")).to_be_visible()
    checkout.picker.focus()
    checkout.type_in_picker("5678")
    checkout.choose_option("Nguyễn Thị Đào")
    expect(checkout.attached).to_contain_text("Nguyễn Thị Đào")
    expect(page.get_by_role("button", name="Remove from order")).to_have_count(0)


def test_removing_a_line_from_a_stale_screen_changes_nothing(
    page: Page, browser: Browser, server: Server
) -> None:
    checkout = _signed_in_order(page)
    page.get_by_label("SKU").focus()
    checkout.add_line_by_keyboard("CF-01", "Cà phê", 1, "29000")
    other = next(new_page(browser, server))
    SignInPage(other).sign_in_by_keyboard(*CASHIER)  # a second till
    expect(other).to_have_url("/app/checkout")
    other.goto(page.url)
    CheckoutPage(other).add_line_by_keyboard("BM-01", "Bánh mì", 1, "25000")
    page.get_by_role("button", name="Remove Cà phê").click()
    expect(page.get_by_role("alert")).to_contain_text("changed on another screen")
    expect(checkout.total).to_contain_text("₫54,000")
