"""Page objects: what a person sees and does on each screen, by keyboard where it matters."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def tab_to(page: Page, name: str, *, limit: int = 40) -> None:
    """Press Tab until the focused element's accessible text contains `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(); })()"
        )
        if name in label:
            return
    raise AssertionError(f"no focusable element named {name!r} within {limit} tabs")


class SignInPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_in_by_keyboard(self, email: str, password: str) -> None:
        self.page.goto("/app/sign-in")
        expect(self.page.get_by_label("Email")).to_be_focused()
        self.page.keyboard.type(email)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(password)
        self.page.keyboard.press("Enter")


class CheckoutPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def picker(self) -> Locator:
        return self.page.get_by_role("combobox")

    @property
    def options(self) -> Locator:
        return self.page.get_by_role("listbox").get_by_role("option")

    @property
    def attached(self) -> Locator:
        return self.page.locator("#attached-customer")

    @property
    def total(self) -> Locator:
        return self.page.locator("#order-total")

    def start_order_by_keyboard(self) -> None:
        expect(self.page.get_by_role("button", name="New order")).to_be_focused()
        self.page.keyboard.press("Enter")
        expect(self.picker).to_be_focused()

    def type_in_picker(self, text: str) -> None:
        expect(self.picker).to_be_focused()
        self.page.keyboard.type(text)
        expect(self.page.get_by_role("listbox")).to_be_visible()
        # The options are those of everything typed, not of a first few keys (a slow answer).
        typed = " ".join(self.picker.input_value().split())
        expect(self.page.locator("#picker-option-new")).to_contain_text(typed)

    def choose_option(self, text: str, *, limit: int = 12) -> None:
        """Arrow down until the active option holds `text`, then Enter."""
        expect(self.options.filter(has_text=text).first).to_be_visible()
        for _ in range(limit):
            self.page.keyboard.press("ArrowDown")
            active = self.picker.get_attribute("aria-activedescendant")
            if active and text in self.page.locator(f"#{active}").inner_text():
                self.page.keyboard.press("Enter")
                return
        raise AssertionError(f"no option {text!r}")

    def add_line_by_keyboard(self, sku: str, name: str, quantity: int, price: str) -> None:
        expect(self.page.get_by_label("SKU")).to_be_focused()
        self.page.keyboard.type(sku)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(name)
        self.page.keyboard.press("Tab")
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.type(str(quantity))
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(price)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def complete_by_keyboard(self) -> None:
        tab_to(self.page, "Complete sale")
        self.page.keyboard.press("Enter")
        expect(self.page).to_have_url(re.compile(r"/app/checkout\?closed="))


class CustomerPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, query: str, name: str) -> None:
        self.page.goto("/app/customers")
        self.page.get_by_label("Find customer").fill(query)
        self.page.get_by_label("Find customer").press("Enter")
        self.page.get_by_role("link", name=name).first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(name)


class ConsentPanel:
    """The marketing-consent card of a customer's profile: staff record answers at the till."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def card(self) -> Locator:
        return self.page.get_by_role("region", name=re.compile("Marketing consent|Đồng ý"))

    def status(self, purpose: str) -> Locator:
        return self.page.get_by_test_id(f"consent-status-{purpose}")

    def item(self, purpose: str) -> Locator:
        return self.card.locator(f"li[data-purpose='{purpose}']")

    def record(self, channel: str) -> None:
        self.page.get_by_role("button", name=f"Record consent: {channel}").click()

    def withdraw(self, channel: str) -> None:
        self.page.get_by_role("button", name=f"Withdraw: {channel}").click()


class TagChips:
    """The tags card of a customer's profile: chips staff add and remove."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def card(self) -> Locator:
        return self.page.get_by_role("region", name=re.compile("^(Tags|Nhãn)$"))

    @property
    def chips(self) -> Locator:
        return self.page.get_by_test_id("customer-tags").locator("li.chip")

    def add(self, name: str) -> None:
        self.card.get_by_role("combobox").select_option(label=name)
        self.card.get_by_role("button", name=re.compile("^(Add|Gắn)$")).click()

    def remove(self, name: str) -> None:
        self.page.get_by_role(
            "button", name=re.compile(f"^(Remove tag|Gỡ nhãn) {re.escape(name)}$")
        ).click()


class TagAdmin:
    """The owners' tag page (`/app/tags`)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> None:
        self.page.goto("/app/tags")

    def create(self, name: str) -> None:
        self.page.locator("#new-tag").fill(name)
        self.page.locator("form.tag-create button").click()
