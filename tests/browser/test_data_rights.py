"""A customer downloads their data and asks a brand to erase it from their account page; the
owner sees the request in the queue with its due date, erases the customer after typing the
confirmation word, and the profile keeps only markers while its orders stay."""

from __future__ import annotations

import json
import random
import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    NARROW,
    OWNER,
    WIDE,
    Server,
    assert_fits,
    new_page,
    screenshot,
    sign_in,
)
from tests.browser.test_promotion_and_account import (
    _customer_with_a_sale,
    _send_a_sign_up_code,
    code_sent_to,
)
from tests.servers import SmtpRecorder


def _signed_up_customer(page: Page, mail: SmtpRecorder, name: str, email: str) -> None:
    """At the till: a new customer on a sale, who confirms a sign-up code by email."""
    _customer_with_a_sale(page, name, email)
    code = _send_a_sign_up_code(page, mail, name, email, "^Email")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm code").click()
    expect(page.get_by_role("status")).to_have_text("The customer now has a sign-in account.")


def _customer_signs_in(customer: Page, mail: SmtpRecorder, email: str) -> None:
    customer.goto("/app/account/sign-in")
    customer.get_by_label("Phone or email").fill(email)
    sent_before = len(mail.messages)
    customer.get_by_role("button", name="Send code").click()
    customer.get_by_label("Code").fill(code_sent_to(mail, email, after=sent_before))
    customer.get_by_role("button", name="Sign in").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_a_customer_downloads_her_data_and_the_owner_erases_it_on_request(
    browser: Browser, server: Server, mail: SmtpRecorder
) -> None:
    tag = random.randint(1, 10**9)
    name, email = f"Phan Thị Xóa {tag}", f"xoa{tag}@example.com"
    for till in new_page(browser, server, viewport=WIDE):
        _signed_up_customer(till, mail, name, email)

    for customer in new_page(browser, server, viewport=WIDE):
        _customer_signs_in(customer, mail, email)
        card = customer.get_by_role("region", name="Your data")
        with customer.expect_download() as download:
            card.get_by_role("link", name="Download my data").click()
        copy = json.loads(download.value.path().read_text(encoding="utf-8"))
        assert copy["brands"][0]["profile"]["name"] == name
        assert len(copy["brands"][0]["orders"]) == 1
        card.get_by_label("Request", exact=True).select_option(label="Erase the data")
        card.get_by_label("Details (optional)").fill("Xin xóa toàn bộ dữ liệu của tôi")
        card.get_by_role("button", name="Send request").click()
        expect(customer.get_by_role("status")).to_contain_text("Request sent.")
        row = customer.get_by_role("region", name="Your data").get_by_role("row").nth(1)
        expect(row).to_contain_text("Erase the data")
        expect(row).to_contain_text("Open")
        screenshot(customer, "data-rights-account")

    for owner in new_page(browser, server, viewport=WIDE):
        sign_in(owner, *OWNER)
        owner.get_by_role("link", name="Data requests").click()
        row = owner.locator("tr.request", has_text=name)
        expect(row).to_contain_text("Erase the data")
        expect(row).to_contain_text("by the customer")
        screenshot(owner, "data-rights-queue")
        row.get_by_role("button", name="Start").click()
        expect(owner.get_by_role("status")).to_have_text("Request updated.")
        owner.locator("tr.request", has_text=name).get_by_role(
            "link", name="Erase personal data"
        ).click()
        expect(owner.get_by_role("heading", level=1)).to_have_text(f"Erase {name}'s personal data?")
        owner.get_by_label("Type ERASE to confirm").fill("erase")
        owner.get_by_role("button", name="Erase for good").click()
        expect(owner.get_by_role("alert")).to_contain_text("type the customer's id or the word")
        screenshot(owner, "data-rights-erase-refused")
        owner.get_by_label("Type ERASE to confirm").fill("ERASE")
        owner.get_by_role("button", name="Erase for good").click()
        expect(owner.get_by_role("status")).to_contain_text("personal data was erased")
        expect(owner.get_by_role("heading", level=1)).to_have_text("[erased]")
        expect(owner.locator("#erased-banner")).to_be_visible()
        expect(owner.get_by_role("region", name="Orders").get_by_role("row")).to_have_count(2)
        expect(owner.get_by_text(email)).to_have_count(0)
        screenshot(owner, "data-rights-erased-profile")
        owner.goto("/app/data-requests?status=done")
        expect(owner.locator("tr.request").first).to_contain_text("Done")


def test_the_queue_and_the_account_card_fit_a_phone_in_vietnamese(
    browser: Browser, server: Server, mail: SmtpRecorder
) -> None:
    tag = random.randint(1, 10**9)
    name, email = f"Đỗ Văn Hỏi {tag}", f"hoi{tag}@example.com"
    for till in new_page(browser, server, viewport=WIDE):
        _signed_up_customer(till, mail, name, email)
    for customer in new_page(browser, server, viewport=NARROW):
        _customer_signs_in(customer, mail, email)
        customer.get_by_role("button", name="Send request").click()
        expect(customer.get_by_role("status")).to_contain_text("Request sent.")
        assert_fits(customer, "data-rights-account")
    for owner in new_page(browser, server, viewport=NARROW, locale="vi-VN"):
        owner.goto("/app/sign-in")
        owner.get_by_label("Email").fill(OWNER[0])
        owner.get_by_label("Mật khẩu").fill(OWNER[1])
        owner.get_by_role("button", name="Đăng nhập").click()
        owner.goto("/app/data-requests")
        expect(owner.get_by_role("heading", level=1)).to_have_text("Yêu cầu dữ liệu")
        expect(owner.locator("tr.request", has_text=name)).to_contain_text("Bản sao dữ liệu")
        expect(owner.get_by_text(re.compile("Quá hạn|Hạn"))).not_to_have_count(0)
        assert_fits(owner, "data-rights-queue-vi")
