"""The owner's staff page: invite someone, see and withdraw the invitation, change a role."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import CASHIER, OWNER, no_horizontal_scroll


def _sign_in_as_owner(page: Page) -> None:
    page.goto("/app/sign-in")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()
    page.goto("/app/staff")


def test_an_owner_invites_someone_then_withdraws_the_invitation(page: Page) -> None:
    _sign_in_as_owner(page)
    email = f"lan-{uuid.uuid4().hex[:8]}@example.com"
    page.get_by_label("Name", exact=True).fill("Trần Thị Lan")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_have_text("Invitation sent.")
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text("cashier")
    assert no_horizontal_scroll(page)
    row.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_have_text("Invitation withdrawn.")
    expect(page.get_by_role("row").filter(has_text=email)).to_have_count(0)


def test_an_invitation_to_a_member_is_refused_in_words(page: Page) -> None:
    _sign_in_as_owner(page)
    page.get_by_label("Name", exact=True).fill("Thu ngân")
    page.get_by_label("Email", exact=True).fill(CASHIER[0])
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value(CASHIER[0])


def test_an_owner_changes_a_cashiers_role_and_back(page: Page) -> None:
    _sign_in_as_owner(page)
    row = page.get_by_role("row").filter(has_text=CASHIER[0])
    row.get_by_role("combobox").select_option("owner")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status")).to_have_text("Role changed.")
    row = page.get_by_role("row").filter(has_text=CASHIER[0])
    expect(row.get_by_role("combobox")).to_have_value("owner")
    row.get_by_role("combobox").select_option("cashier")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status")).to_have_text("Role changed.")
