"""How the web UI writes money, times, counts and rates, and reads what a cashier types."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from patronage.core import i18n
from patronage.web import formats
from patronage.web.chart import _nice
from patronage.web.checkout import parse_amount, prefill
from patronage.web.render import safe_next


@pytest.fixture
def vi() -> Iterator[None]:
    token = i18n.current_lang.set("vi")
    yield
    i18n.current_lang.reset(token)


def test_money_in_english_puts_the_dong_sign_first() -> None:
    assert formats.money(83_000, "VND", "en") == "₫83,000"


def test_money_in_vietnamese_groups_with_dots_and_ends_with_the_dong_sign() -> None:
    assert formats.money(1_581_000, "VND", "vi") == "1.581.000\u00a0₫"


def test_money_with_minor_units_shows_them() -> None:
    assert formats.money(1_250, "USD", "en") == "$12.50"


def test_one_completed_order_is_singular_and_two_are_plural() -> None:
    assert formats.plural("web.completed_orders", 1) == "1 completed order"
    assert formats.plural("web.completed_orders", 2) == "2 completed orders"


def test_an_instant_is_shown_in_the_brands_time_zone() -> None:
    instant = datetime(2026, 11, 25, 9, 12, tzinfo=UTC)
    assert formats.local_time(instant, "Asia/Ho_Chi_Minh") == "2026-11-25 16:12"


def test_vietnamese_dates_read_day_first(vi: None) -> None:
    instant = datetime(2026, 11, 25, 9, 12, tzinfo=UTC)
    assert formats.local_time(instant, "Asia/Ho_Chi_Minh") == "25/11/2026 16:12"
    assert formats.local_date(date(1990, 5, 31)) == "31/05/1990"


def test_a_rate_is_a_percentage_with_the_languages_decimal_mark(vi: None) -> None:
    assert formats.percent(0.775) == "77,5%"
    assert formats.percent(1.0) == "100%"


def test_a_language_is_named_as_its_speakers_write_it() -> None:
    assert formats.language_name("vi") == "Tiếng Việt"


@pytest.mark.parametrize(
    ("typed", "fields"),
    [
        ("0912 345 678", {"phone": "0912 345 678"}),
        ("+84 912-345-678", {"phone": "+84 912-345-678"}),
        ("dao@ex", {"email": "dao@ex"}),
        ("nguyen  thi dao", {"name": "nguyen thi dao"}),
        ("12", {"name": "12"}),
        ("  ", {}),
    ],
)
def test_what_was_typed_prefills_the_new_customer(typed: str, fields: dict[str, str]) -> None:
    assert prefill(typed) == fields


@pytest.mark.parametrize(
    ("typed", "amount"), [("29000", 29000), ("29.000", 29000), ("29,000 ₫", 29000)]
)
def test_a_price_typed_at_the_till_is_read_as_a_whole_amount(typed: str, amount: int) -> None:
    assert parse_amount(typed) == amount


def test_a_price_that_is_not_a_number_is_left_for_validation_to_refuse() -> None:
    assert parse_amount("abc") == "abc"


@pytest.mark.parametrize(("top", "axis"), [(0, 4), (3, 4), (5, 8), (10, 12), (17, 20), (99, 120)])
def test_the_charts_axis_has_four_even_steps(top: int, axis: int) -> None:
    assert _nice(top) == axis


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/app/customers?q=dao", "/app/customers?q=dao"),
        ("https://example.org/", "/app"),
        ("//example.org/app", "/app"),
        ("/api/v1/customers", "/app"),
    ],
)
def test_only_local_pages_are_returned_to(target: str, safe: str) -> None:
    assert safe_next(target) == safe
