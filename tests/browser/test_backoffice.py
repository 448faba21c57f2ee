"""The owners' back office: the report with its chart, staff, brand settings; and signing in
when one works for several brands."""

from __future__ import annotations

import json
import random

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    OWNER,
    PHONE,
    Server,
    assert_fits,
    new_page,
    run_cli,
    sign_in,
)


def test_the_owner_reads_the_report_with_its_chart_and_rates(owner: Page) -> None:
    owner.get_by_role("link", name="Report").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Customer report")
    chart = owner.get_by_role("img", name="New customers per day")
    expect(chart).to_be_visible()
    assert owner.locator("svg rect").count() > 5
    expect(owner.get_by_text("Sales with a customer")).to_be_visible()
    expect(owner.locator(".stats strong").nth(2)).to_contain_text("%")
    assert_fits(owner, "report")


def test_the_report_fits_a_phone(browser: Browser, server: Server) -> None:
    phone = next(new_page(browser, server, viewport=PHONE))
    sign_in(phone, *OWNER)
    phone.goto("/app/reports")
    expect(phone.get_by_role("img", name="New customers per day")).to_be_visible()
    assert_fits(phone, "report")


def test_a_backwards_period_is_explained(owner: Page) -> None:
    owner.goto("/app/reports?from=2026-11-30&to=2026-11-01")
    expect(owner.get_by_role("alert")).to_contain_text("must be on or before")
    expect(owner.get_by_label("From")).to_have_value("2026-11-30")


def test_a_cashier_has_no_back_office(cashier: Page) -> None:
    expect(cashier.get_by_role("link", name="Report")).to_have_count(0)
    cashier.goto("/app/reports")
    expect(cashier.get_by_role("alert")).to_have_text("You are not allowed to do this.")
    cashier.goto("/app/settings")
    expect(cashier.get_by_role("alert")).to_have_text("You are not allowed to do this.")


def test_the_owner_sees_the_staff_and_their_roles(owner: Page) -> None:
    owner.get_by_role("link", name="Staff").click()
    row = owner.get_by_role("row", name="cashier@example.com")
    expect(row).to_contain_text("cashier")


def test_the_owner_changes_the_contact_policy(owner: Page) -> None:
    owner.get_by_role("link", name="Settings").click()
    owner.get_by_label("A new customer needs").select_option("phone_or_email")
    owner.get_by_role("button", name="Save").click()
    expect(owner.get_by_role("status")).to_have_text("Changes saved.")
    expect(owner.get_by_label("A new customer needs")).to_have_value("phone_or_email")
    owner.get_by_label("A new customer needs").select_option("phone_and_email")
    owner.get_by_role("button", name="Save").click()
    expect(owner.get_by_label("Time zone")).to_have_value("Asia/Ho_Chi_Minh")


def _cli(server: Server, *args: str) -> dict[str, str]:
    return dict(json.loads(run_cli(server.env, *args).strip().splitlines()[-1]))


def test_an_owner_of_two_brands_chooses_one_from_a_list(page: Page, server: Server) -> None:
    email, password = f"chu{random.randint(1, 10**9)}@example.com", "hai-thuong-hieu-2026"
    first = _cli(server, "merchant", "create", "--name", "Bánh Mì Phố",
                 "--owner-email", email, "--owner-password", password)  # fmt: skip
    second = _cli(server, "merchant", "create", "--name", "Trà Sữa Đêm",
                  "--owner-email", f"x{email}", "--owner-password", password)  # fmt: skip
    _cli(server, "staff", "add", "--merchant", second["merchant_id"], "--email", email,
         "--password", password, "--role", "owner")  # fmt: skip
    assert first["merchant_id"] != second["merchant_id"]
    sign_in(page, email, password)
    expect(page.get_by_role("alert")).to_contain_text("choose one")
    page.get_by_label("Brand").select_option(label="Trà Sữa Đêm")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".topbar .brand")).to_have_text("Trà Sữa Đêm")
