"""A report's period: calendar days in the brand's time zone, and their instants in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from patronage.core.errors import AppError
from patronage.reports.errors import DATE_OUT_OF_RANGE, RANGE_INVALID, RANGE_TOO_LONG

DEFAULT_DAYS = 30
MAX_DAYS = 366
# Far enough for any real report; near enough that no zone's midnight leaves datetime's range.
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)


@dataclass(frozen=True)
class Period:
    """The days `first`…`last` (both included) as the brand's calendar has them."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        """Midnight starting `first` in the brand's zone, in UTC."""
        return _midnight(self.first, self.tz)

    @property
    def end(self) -> datetime:
        """Midnight after `last` in the brand's zone, in UTC (exclusive)."""
        return _midnight(self.last + timedelta(days=1), self.tz)

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)


def period(first: date | None, last: date | None, tz: ZoneInfo, *, now: datetime) -> Period:
    """The asked-for days; by default the last 30 days up to today in the brand's zone."""
    last = last or now.astimezone(tz).date()
    _ensure_in_range(last)  # before counting back from it: `to=0001-01-01` would overflow
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    _ensure_in_range(first)
    if first > last:
        raise AppError(RANGE_INVALID, {"from": first.isoformat(), "to": last.isoformat()})
    if (last - first).days + 1 > MAX_DAYS:
        raise AppError(RANGE_TOO_LONG, {"max_days": MAX_DAYS}, max_days=MAX_DAYS)
    return Period(first, last, tz)


def _ensure_in_range(day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise AppError(DATE_OUT_OF_RANGE, earliest=EARLIEST.isoformat(), latest=LATEST.isoformat())


def rate(part: int, whole: int) -> float:
    """`part / whole` to four places; 0 when there is nothing to divide."""
    return round(part / whole, 4) if whole else 0.0


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
