"""A report's period: days in the brand's zone, their UTC bounds, and bad ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from patronage.core.errors import AppError
from patronage.reports.period import period, rate

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # already the 26th in Saigon


def test_a_day_in_saigon_starts_at_17_utc_the_day_before() -> None:
    day = period(date(2026, 11, 1), date(2026, 11, 1), SAIGON, now=NOW)
    assert day.start == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    assert day.end == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)


def test_by_default_the_last_30_days_up_to_today_in_the_brand_zone() -> None:
    default = period(None, None, SAIGON, now=NOW)
    assert default.last == date(2026, 11, 26)
    assert default.first == date(2026, 10, 28)
    assert len(list(default.days())) == 30


def test_a_daylight_saving_day_is_23_hours_long() -> None:
    day = period(date(2026, 3, 8), date(2026, 3, 8), ZoneInfo("America/New_York"), now=NOW)
    assert (day.end - day.start).total_seconds() == 23 * 3600


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (date(2026, 11, 2), date(2026, 11, 1), "report.range_invalid"),
        (date(2025, 1, 1), date(2026, 11, 1), "report.range_too_long"),
        (date(1, 1, 1), date(1, 1, 2), "report.date_out_of_range"),
        (date(9999, 12, 30), date(9999, 12, 31), "report.date_out_of_range"),
    ],
)
def test_bad_ranges_are_refused(first: date, last: date, code: str) -> None:
    with pytest.raises(AppError) as caught:
        period(first, last, ZoneInfo("Pacific/Kiritimati"), now=NOW)
    assert caught.value.code == code


def test_a_leap_year_fits_in_one_report() -> None:
    assert len(list(period(date(2028, 1, 1), date(2028, 12, 31), SAIGON, now=NOW).days())) == 366


def test_rates_are_zero_without_a_denominator() -> None:
    assert rate(0, 0) == 0.0
    assert rate(2, 3) == 0.6667
