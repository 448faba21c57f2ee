"""An owner reviews a likely duplicate pair, merges it, and undoes the merge from the kept
profile; the pages fit a phone and a desktop in English and Vietnamese."""

from __future__ import annotations

import random

import httpx
from playwright.sync_api import Browser, Page, expect

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


def _duplicate_pair(server: Server, name: str) -> None:
    """Two profiles of `name` whose phones share their last seven digits (through the API)."""
    with httpx.Client(base_url=server.base_url) as api:
        signed = api.post(
            "/api/v1/auth/staff/sign-in", json={"email": OWNER[0], "password": OWNER[1]}
        )
        headers = {"Authorization": f"Bearer {signed.json()['token']}"}
        tail = f"{random.randrange(10_000_000):07d}"
        for prefix in ("098", "038"):
            created = api.post(
                "/api/v1/customers",
                json={"name": name, "phones": [f"{prefix}{tail}"],
                      "emails": [f"{prefix}{tail}@example.vn"]},
                headers=headers,
            )  # fmt: skip
            assert created.status_code == 201, created.text


def _review(page: Page, name: str) -> None:
    page.goto("/app/duplicates")
    pair = page.locator(".duplicate-pair").filter(has_text=name)
    pair.get_by_role("link", name=name).first.wait_for()
    pair.locator("a.button").click()


def test_an_owner_merges_a_duplicate_pair_and_undoes_it(browser: Browser, server: Server) -> None:
    name = f"Trần Văn Gộp {random.randint(1000, 9999)}"
    _duplicate_pair(server, name)
    for page in new_page(browser, server, viewport=WIDE):
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, *OWNER)
        _review(page, name)
        expect(page.get_by_role("heading", name="The profile kept")).to_be_visible()
        screenshot(page, "merge-preview")
        page.get_by_role("button", name=f"Merge {name} into {name}").click()
        expect(page.get_by_role("status")).to_have_text("Profiles merged.")
        expect(page.locator(".merge-undo")).to_contain_text("you can undo it until")
        expect(page.get_by_role("region", name="History")).to_contain_text(
            "Another profile merged into this one"
        )
        screenshot(page, "merge-survivor")
        page.get_by_role("button", name="Undo merge").click()
        expect(page.get_by_role("status")).to_have_text("Merge undone: this profile is back.")
        expect(page.locator("#merged-banner")).to_have_count(0)


def test_the_duplicate_pages_fit_a_phone_and_a_desktop_in_both_languages(
    browser: Browser, server: Server
) -> None:
    for lang, viewport in (("vi", NARROW), ("en", NARROW), ("vi", WIDE)):
        name = f"Lê Thị Trùng {random.randint(1000, 9999)}"
        _duplicate_pair(server, name)
        for page in new_page(browser, server, viewport=viewport):
            sign_in(page, *OWNER)
            if lang == "vi":
                page.goto("/app/language/vi?next=/app")
            width = viewport["width"]
            page.goto("/app/duplicates")
            expect(page.locator("body")).not_to_contain_text("web.duplicates")
            assert no_horizontal_scroll(page)
            screenshot(page, f"duplicates-{lang}")
            _review(page, name)
            expect(page.locator("body")).not_to_contain_text("web.merge")
            screenshot(page, f"merge-preview-{lang}")
            assert no_horizontal_scroll(page), f"{lang} {width}"
