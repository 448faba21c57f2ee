"""Signing in to the web UI."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import OWNER, sign_in


def test_the_owner_signs_in_to_the_checkout_of_the_brand(page: Page) -> None:
    sign_in(page, *OWNER)
    expect(page).to_have_url("/app/checkout")
    expect(page.locator(".topbar .brand")).to_contain_text("Cà Phê Sương Sớm")
    expect(page.get_by_text("Signed in as owner")).to_be_visible()


def test_a_wrong_password_shows_why_on_the_form(page: Page) -> None:
    sign_in(page, OWNER[0], "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")
    expect(page.get_by_label("Email")).to_have_value(OWNER[0])


def test_the_interface_speaks_vietnamese_on_request(page: Page) -> None:
    page.goto("/app/sign-in")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Email hoặc mật khẩu không đúng.")


def test_signing_out_returns_to_the_sign_in_page(page: Page) -> None:
    sign_in(page, *OWNER)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/app/sign-in")
    page.goto("/app")
    expect(page).to_have_url("/app/sign-in")


def test_a_page_asked_for_signed_out_opens_after_signing_in(page: Page) -> None:
    page.goto("/app/customers?q=dao")
    expect(page).to_have_url(re.compile(r"/app/sign-in\?next="))
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/app/customers?q=dao")


def test_a_next_page_elsewhere_is_ignored(page: Page) -> None:
    page.goto("/app/sign-in?next=https://example.org/")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/app/checkout")


def test_a_missing_page_says_so_and_offers_a_way_on(page: Page) -> None:
    sign_in(page, *OWNER)
    page.goto("/app/nowhere")
    expect(page.get_by_role("alert")).to_contain_text("There is no such page")
    page.get_by_role("link", name="Checkout").first.click()
    expect(page).to_have_url("/app/checkout")
