"""The attribution report: who was captured, how many sales carry a customer, promotions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import utcnow
from patronage.core.tenancy import MerchantId
from patronage.directory import figures as customer_figures
from patronage.identity.merchants import service as merchant_service
from patronage.reports.period import Period, period, rate
from patronage.sale import figures as order_figures

PROMOTION_STARTED = "promotion.started"
PROMOTION_SUCCEEDED = "promotion.succeeded"


@dataclass(frozen=True)
class DayCount:
    day: date
    by_source: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_source.values())


@dataclass(frozen=True)
class CustomerReport:
    period: Period
    days: list[DayCount]
    completed_orders: int
    orders_with_customer: int
    promotions_started: int
    promotions_succeeded: int

    @property
    def customers_by_source(self) -> dict[str, int]:
        return {s: sum(d.by_source[s] for d in self.days) for s in customer_figures.SOURCES}

    @property
    def attachment_rate(self) -> float:
        return rate(self.orders_with_customer, self.completed_orders)

    @property
    def promotion_success_rate(self) -> float:
        return rate(self.promotions_succeeded, self.promotions_started)


async def customer_report(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
) -> CustomerReport:
    """Customers created per day and source, attachment rate and promotion rate of a period."""
    merchant = await merchant_service.get_merchant(session, merchant_id)
    days = period(first_day, last_day, ZoneInfo(merchant.time_zone), now=utcnow())
    orders = await order_figures.attachment_counts(
        session, merchant_id, start=days.start, end=days.end
    )
    promotions = await customer_figures.event_counts(
        session,
        merchant_id,
        actions=[PROMOTION_STARTED, PROMOTION_SUCCEEDED],
        start=days.start,
        end=days.end,
    )
    return CustomerReport(
        period=days,
        days=await _created_per_day(session, merchant_id, days),
        completed_orders=orders.completed,
        orders_with_customer=orders.with_customer,
        promotions_started=promotions.get(PROMOTION_STARTED, 0),
        promotions_succeeded=promotions.get(PROMOTION_SUCCEEDED, 0),
    )


async def _created_per_day(
    session: AsyncSession, merchant_id: MerchantId, days: Period
) -> list[DayCount]:
    """Every day of the period, with zeros, so a chart needs no gap-filling."""
    counts = await customer_figures.creation_counts(
        session, merchant_id, start=days.start, end=days.end, tz=days.tz.key
    )
    per_day: dict[date, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(customer_figures.SOURCES, 0)
    )
    for day, source, count in counts:
        per_day[day][source] = per_day[day].get(source, 0) + count
    return [DayCount(day, per_day[day]) for day in days.days()]
