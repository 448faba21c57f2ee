"""At the till, staff read the marketing wording to the customer and record their answer per
channel on the profile; a withdrawal is recorded the same way, and both stay in the history."""

from __future__ import annotations

import random
import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CASHIER,
    NARROW,
    WIDE,
    Server,
    new_page,
    no_horizontal_scroll,
    screenshot,
    sign_in,
)
from tests.browser.pages import ConsentPanel
from tests.browser.test_promotion_and_account import code_sent_to
from tests.servers import SmtpRecorder


def _new_customer(page: Page, name: str, *, email: str | None = None) -> None:
    page.goto("/app/customers")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Phone", exact=True).fill(
        f"0916 {random.randint(100, 999)} {random.randint(100, 999)}"
    )
    page.get_by_label("Email", exact=True).fill(
        email or f"consent{random.randint(1, 10**9)}@example.com"
    )
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_the_cashier_records_and_withdraws_sms_consent_with_the_wording_shown(
    browser: Browser, server: Server
) -> None:
    for page in new_page(browser, server, viewport=WIDE):
        sign_in(page, *CASHIER)
        _new_customer(page, "Trần Văn Đồng Ý")
        consent = ConsentPanel(page)
        expect(consent.status("marketing_sms")).to_have_text("Not asked")
        expect(
            consent.item("marketing_sms").get_by_text("Wording shown (version 2026-01-")
        ).to_be_visible()
        expect(consent.item("marketing_sms").locator("blockquote")).to_contain_text("SMS")

        consent.record("SMS")
        expect(page.get_by_role("status")).to_have_text("Consent recorded.")
        expect(consent.status("marketing_sms")).to_have_text("Granted")
        expect(consent.item("marketing_sms")).to_contain_text("at the till")
        expect(consent.status("marketing_email")).to_have_text("Not asked")
        screenshot(page, "consent-profile-granted")

        consent.withdraw("SMS")
        expect(consent.status("marketing_sms")).to_have_text("Withdrawn")
        history = page.get_by_role("region", name="History")
        expect(history.get_by_text("Consent changed")).to_have_count(2)
        expect(history).to_contain_text("Granted → Withdrawn")


def _sign_in_as_cashier(page: Page, lang: str) -> None:
    if lang == "en":
        sign_in(page, *CASHIER)
        return
    page.goto("/app/sign-in")
    page.get_by_label("Email").fill(CASHIER[0])
    page.get_by_label("Mật khẩu").fill(CASHIER[1])
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_consent_card_fits_a_phone_in_both_languages(browser: Browser, server: Server) -> None:
    for lang, locale in (("en", "en-US"), ("vi", "vi-VN")):
        for page in new_page(browser, server, viewport=NARROW, locale=locale):
            _sign_in_as_cashier(page, lang)
            page.goto("/app/customers?q=5678")
            page.get_by_role("link", name="Nguyễn Thị Đào").first.click()
            consent = ConsentPanel(page)
            expect(consent.status("marketing_zalo")).to_be_visible()
            expect(consent.card).not_to_contain_text("web.consent")
            assert no_horizontal_scroll(page)
            screenshot(page, f"consent-profile-{lang}")


def test_a_customer_agrees_and_withdraws_on_their_own_account_page(
    browser: Browser, server: Server, mail: SmtpRecorder
) -> None:
    email = f"tu{random.randint(1, 10**9)}@example.com"
    for page in new_page(browser, server, viewport=WIDE):
        sign_in(page, *CASHIER)
        _new_customer(page, "Lê Văn Tự", email=email)
        page.get_by_role("link", name="Send sign-up code").click()
        page.get_by_role("radio", name=re.compile("^Email")).check()
        sent_before = len(mail.messages)
        page.get_by_role("button", name="Send code").click()
        page.get_by_label("Code").fill(code_sent_to(mail, email, after=sent_before))
        page.get_by_role("button", name="Confirm code").click()
        expect(page.get_by_role("status")).to_have_text("The customer now has a sign-in account.")
    for viewport, name in ((NARROW, "consent-account"), (WIDE, "consent-account")):
        for customer in new_page(browser, server, viewport=viewport):
            customer.goto("/app/account/sign-in")
            customer.get_by_label("Phone or email").fill(email)
            sent_before = len(mail.messages)
            customer.get_by_role("button", name="Send code").click()
            customer.get_by_label("Code").fill(code_sent_to(mail, email, after=sent_before))
            customer.get_by_role("button", name="Sign in").click()
            brand = "Cà Phê Sương Sớm (demo)"
            customer.get_by_role("button", name=f"I agree: {brand}, Email").click()
            expect(customer.get_by_role("status")).to_have_text("Consent recorded.")
            item = customer.locator("#consent-heading ~ ul li[data-purpose='marketing_email']")
            expect(item).to_contain_text("Granted")
            expect(item).to_contain_text("by the customer")
            assert no_horizontal_scroll(customer)
            screenshot(customer, name)
            customer.get_by_role("button", name=f"Withdraw: {brand}, Email").click()
            expect(item).to_contain_text("Withdrawn")
