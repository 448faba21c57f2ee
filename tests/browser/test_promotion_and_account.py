"""Promotion at the till with the code read from a real SMTP server, then the customer signs
in to their own account and sees their orders."""

from __future__ import annotations

import random
import re
import time

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CASHIER,
    PHONE,
    Server,
    assert_fits,
    new_page,
)
from tests.browser.pages import CheckoutPage, SignInPage
from tests.servers import SmtpRecorder


def code_sent_to(mail: SmtpRecorder, address: str, *, after: int) -> str:
    """The 6-digit code in the newest email to `address`."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for message in reversed(mail.messages[after:]):
            if address in str(message["To"]):
                body = message.get_body(preferencelist=("plain",))
                assert body is not None
                found = re.search(r"\b(\d{6})\b", body.get_content())
                assert found
                return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no email to {address}")


def _customer_with_a_sale(page: Page, name: str, email: str) -> None:
    """At the till: a new customer (from a number nobody has) on a completed sale."""
    phone = f"0978 {random.randint(100, 999)} {random.randint(100, 999)}"
    SignInPage(page).sign_in_by_keyboard(*CASHIER)
    checkout = CheckoutPage(page)
    checkout.start_order_by_keyboard()
    checkout.type_in_picker(phone)
    page.keyboard.press("Enter")
    page.keyboard.type(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Email", exact=True).press("Enter")
    expect(checkout.attached).to_contain_text(name)
    checkout.add_line_by_keyboard("TR-01", "Trà đào", 1, "45000")
    checkout.complete_by_keyboard()


def _send_a_sign_up_code(page: Page, mail: SmtpRecorder, name: str, email: str, radio: str) -> str:
    """From `name`'s profile, send her a sign-up code by email; the code she received."""
    page.goto("/app/customers?q=" + email)
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Send sign-up code").click()
    page.get_by_role("radio", name=re.compile(radio)).check()
    sent_before = len(mail.messages)
    page.get_by_role("button", name="Send code").click()
    return code_sent_to(mail, email, after=sent_before)


def test_a_cashier_promotes_a_customer_with_the_code_from_her_email(
    page: Page, mail: SmtpRecorder, server: Server, browser: Browser
) -> None:
    email = f"mai{random.randint(1, 10**9)}@example.com"
    _customer_with_a_sale(page, "Trương Thị Mai", email)
    code = _send_a_sign_up_code(page, mail, "Trương Thị Mai", email, "^Email: m•••@example.com")
    expect(page.get_by_role("status")).to_have_text("Code sent to m•••@example.com.")
    expect(page.get_by_text("Valid until")).to_be_visible()

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Confirm code").click()
    expect(page.get_by_text("Code: The code is not right. Attempts left: 4.")).to_be_visible()
    expect(page.get_by_text("4 attempts left.")).to_be_visible()
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("The customer now has a sign-in account.")
    expect(page.locator(".badge").first).to_have_text("has an account")

    customer = next(new_page(browser, server, viewport=PHONE))
    customer.goto("/app/account")
    expect(customer).to_have_url(re.compile("/app/account/sign-in"))
    customer.get_by_label("Phone or email").fill(email)
    sent_before = len(mail.messages)
    customer.get_by_role("button", name="Send code").click()
    customer.get_by_label("Code").fill(code_sent_to(mail, email, after=sent_before))
    customer.get_by_role("button", name="Sign in").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Hello")
    expect(customer.get_by_text("Cà Phê Sương Sớm (demo)").first).to_be_visible()
    expect(customer.get_by_role("cell", name="₫45,000")).to_be_visible()
    assert_fits(customer, "account")

    customer.get_by_label("Language of your messages").select_option("vi")
    customer.get_by_role("button", name="Save").click()
    expect(customer.get_by_role("heading", level=2, name="Đơn hàng của bạn")).to_be_visible()
    customer.get_by_role("button", name="Đăng xuất").click()
    expect(customer).to_have_url(re.compile("/app/account/sign-in"))


def test_a_customer_session_is_not_a_staff_session(cashier: Page) -> None:
    cashier.goto("/app/account")
    expect(cashier).to_have_url(re.compile("/app/account/sign-in"))


def test_a_customer_without_contact_on_record_is_told_in_words(cashier: Page) -> None:
    cashier.goto("/app/customers?q=5678")
    cashier.get_by_role("link", name="Nguyễn Thị Đào").click()
    cashier.get_by_role("link", name="Send sign-up code").click()
    expect(cashier.get_by_role("radio", name=re.compile("^SMS: "))).to_be_checked()
    expect(cashier.get_by_role("button", name="Send code")).to_be_enabled()


def test_a_weak_password_is_refused_without_using_up_the_code(
    page: Page, mail: SmtpRecorder
) -> None:
    email = f"vy{random.randint(1, 10**9)}@example.com"
    _customer_with_a_sale(page, "Lâm Tường Vy", email)
    code = _send_a_sign_up_code(page, mail, "Lâm Tường Vy", email, "^Email")
    page.get_by_label("Code").fill(code)
    page.get_by_label("A password for the customer").fill("123")
    page.get_by_role("button", name="Confirm code").click()
    expect(page.get_by_text("Password: The password is too weak")).to_be_visible()
    expect(page.get_by_label("A password for the customer")).to_be_focused()
    page.get_by_label("Code").fill(code)
    page.get_by_label("A password for the customer").fill("mua-tra-dao-moi-sang")
    page.get_by_role("button", name="Confirm code").click()
    expect(page.get_by_role("status")).to_have_text("The customer now has a sign-in account.")


def test_the_report_offers_the_last_week(owner: Page) -> None:
    owner.goto("/app/reports")
    owner.get_by_role("link", name="Last 7 days").click()
    expect(owner.get_by_role("img", name="New customers per day")).to_be_visible()
    assert owner.locator("details tbody tr").count() == 7
