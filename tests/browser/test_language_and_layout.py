"""Every page in Vietnamese and English, at the counter tablet's and a phone's size, with no
page-wide horizontal scrolling; switching language keeps the page's state."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    DESKTOP,
    OWNER,
    PHONE,
    Server,
    assert_fits,
    new_page,
    no_horizontal_scroll,
    screenshot,
)
from tests.browser.pages import CheckoutPage

PAGES = [
    ("checkout", "/app/checkout"),
    ("customers", "/app/customers?q=dao"),
    ("profile", "{dao}"),
    ("edit", "{dao}/edit"),
    ("promotion", "{dao}/promotion"),
    ("delete", "{dao}/delete"),
    ("report", "/app/reports"),
    ("staff", "/app/staff"),
    ("settings", "/app/settings"),
    ("not-found", "/app/nowhere"),
]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1024", "390"])
def vi_owner(request: pytest.FixtureRequest, browser: Browser, server: Server) -> Iterator[Page]:
    for page in new_page(browser, server, viewport=request.param, locale="vi-VN"):
        page.goto("/app/sign-in")
        page.get_by_label("Email").fill(OWNER[0])
        page.get_by_label("Mật khẩu").fill(OWNER[1])
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(re.compile("/app/checkout"))
        yield page


def _dao(page: Page) -> str:
    page.goto("/app/customers?q=5678")
    href = page.get_by_role("link", name="Nguyễn Thị Đào").get_attribute("href")
    assert href
    return href


def _untranslated(page: Page) -> list[str]:
    text = page.locator("body").inner_text()
    return re.findall(r"\bweb\.[a-z_.]+|\{[a-z_]+\}", text)


def test_every_page_speaks_vietnamese_and_fits_the_screen(vi_owner: Page) -> None:
    dao = _dao(vi_owner)
    width = vi_owner.viewport_size["width"] if vi_owner.viewport_size else 0
    for name, path in PAGES:
        vi_owner.goto(path.format(dao=dao))
        assert vi_owner.locator("html").get_attribute("lang") == "vi", name
        assert _untranslated(vi_owner) == [], name
        assert no_horizontal_scroll(vi_owner), f"{name} scrolls sideways at {width}px"
        expect(vi_owner.get_by_role("link", name="English")).to_be_visible()
        screenshot(vi_owner, f"vi-{name}")


def test_an_order_in_vietnamese_shows_money_the_vietnamese_way(vi_owner: Page) -> None:
    vi_owner.get_by_role("button", name="Đơn hàng mới").click()
    checkout = CheckoutPage(vi_owner)
    vi_owner.get_by_label("Mã hàng").focus()
    vi_owner.keyboard.type("CF-01")
    vi_owner.get_by_label("Tên hàng").fill("Cà phê")
    vi_owner.get_by_label("Đơn giá").fill("83000")
    vi_owner.get_by_role("button", name="Thêm", exact=True).click()
    expect(checkout.total).to_contain_text("83.000\u00a0₫")
    assert_fits(vi_owner, "vi-order")


def test_the_sign_in_page_follows_the_browsers_language(browser: Browser, server: Server) -> None:
    for page in new_page(browser, server, locale="vi-VN"):
        page.goto("/app/sign-in")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
        page.goto("/app/account/sign-in")
        expect(page.get_by_label("Số điện thoại hoặc email")).to_be_visible()


def test_switching_language_keeps_the_search_and_a_half_filled_form(owner: Page) -> None:
    owner.goto("/app/customers?q=dao")
    owner.get_by_label("Name", exact=True).fill("Đinh Văn Hải")
    owner.get_by_role("link", name="Tiếng Việt").click()
    expect(owner).to_have_url(re.compile(r"/app/customers\?q=dao"))
    expect(owner.get_by_label("Tìm khách hàng")).to_have_value("dao")
    expect(owner.get_by_label("Họ tên", exact=True)).to_have_value("Đinh Văn Hải")
    owner.get_by_role("link", name="English").click()
    expect(owner.get_by_label("Find customer")).to_have_value("dao")


def test_after_a_refused_form_the_language_link_returns_to_the_form(owner: Page) -> None:
    owner.goto("/app/customers")
    owner.get_by_label("Name", exact=True).fill("Mai Lan")
    owner.get_by_label("Phone", exact=True).fill("12")
    owner.get_by_role("button", name="Create customer").click()
    expect(owner.get_by_text(re.compile("^Phone: "))).to_be_visible()
    owner.get_by_role("link", name="Tiếng Việt").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Khách hàng")
    expect(owner.get_by_label("Họ tên", exact=True)).to_have_value("Mai Lan")


def test_an_expired_form_is_explained_in_the_chosen_language(page: Page) -> None:
    page.goto("/app/sign-in")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Tiếng Việt").click()
    page.locator("form[action='/app/checkout'] input[name=csrf]").evaluate("e => e.value = 'x'")
    page.get_by_role("button", name="Đơn hàng mới").click()
    expect(page.get_by_role("alert")).to_contain_text("Biểu mẫu đã hết hạn")
    expect(page.get_by_role("link", name="Thanh toán").first).to_be_visible()
