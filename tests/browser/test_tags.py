"""Owners define tags on the tag page; staff put them on a customer's profile as chips and
take them off again; both pages fit a phone and a desktop in English and Vietnamese."""

from __future__ import annotations

import random

from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    NARROW,
    OWNER,
    WIDE,
    Server,
    new_page,
    no_horizontal_scroll,
    screenshot,
    sign_in,
)
from tests.browser.pages import CustomerPage, TagAdmin, TagChips


def test_an_owner_defines_a_tag_and_staff_add_and_remove_it_as_a_chip(
    browser: Browser, server: Server
) -> None:
    suffix = random.randint(1000, 9999)
    vip, wholesale = f"VIP {suffix}", f"Khách sỉ {suffix}"
    for page in new_page(browser, server, viewport=WIDE):
        sign_in(page, *OWNER)
        admin = TagAdmin(page)
        admin.open()
        admin.create(vip)
        expect(page.get_by_role("status")).to_have_text("Tag added.")
        admin.create(wholesale)
        admin.create(vip.lower())
        expect(page.get_by_role("alert")).to_contain_text("already has a tag named")
        screenshot(page, "tags-chips-admin")

        CustomerPage(page).open("5678", "Nguyễn Thị Đào")
        chips = TagChips(page)
        chips.add(vip)
        expect(page.get_by_role("status")).to_have_text("Tags saved.")
        chips.add(wholesale)
        expect(chips.chips.filter(has_text=vip)).to_have_count(1)
        expect(chips.chips.filter(has_text=wholesale)).to_have_count(1)
        expect(page.get_by_role("region", name="History")).to_contain_text("Tags changed")
        screenshot(page, "tags-chips-profile")

        chips.remove(vip)
        expect(chips.chips.filter(has_text=vip)).to_have_count(0)
        expect(chips.chips.filter(has_text=wholesale)).to_have_count(1)


def test_the_tag_pages_fit_a_phone_and_a_desktop_in_both_languages(
    browser: Browser, server: Server
) -> None:
    for lang in ("en", "vi"):
        for viewport in (NARROW, WIDE):
            for page in new_page(browser, server, viewport=viewport):
                sign_in(page, *OWNER)
                if lang == "vi":
                    page.goto("/app/language/vi?next=/app")
                width, name = viewport["width"], f"Khách quen {lang} {viewport['width']}"
                TagAdmin(page).open()
                TagAdmin(page).create(name)
                expect(page.locator("body")).not_to_contain_text("web.tags")
                assert no_horizontal_scroll(page)
                screenshot(page, f"tags-admin-{lang}-{width}")
                page.goto("/app/customers?q=5678")
                page.get_by_role("link", name="Nguyễn Thị Đào").first.click()
                TagChips(page).add(name)
                expect(TagChips(page).chips.filter(has_text=name)).to_have_count(1)
                expect(TagChips(page).card).not_to_contain_text("web.tags")
                assert no_horizontal_scroll(page)
                screenshot(page, f"tags-profile-{lang}-{width}")
