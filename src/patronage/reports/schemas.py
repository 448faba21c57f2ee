"""The shape of the attribution report."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from patronage.reports.service import CustomerReport


class CreatedOnDay(BaseModel):
    date: date
    total: int
    by_source: dict[str, int]


class CustomersCreated(BaseModel):
    total: int
    by_source: dict[str, int] = Field(description="checkout, api, web, import")
    by_day: list[CreatedOnDay] = Field(description="Every day of the period, zeros included.")


class OrderAttribution(BaseModel):
    completed: int = Field(description="Orders completed in the period.")
    with_customer: int = Field(description="Of those, how many carry a customer.")
    attachment_rate: float = Field(description="with_customer / completed; 0 without orders.")


class PromotionFigures(BaseModel):
    started: int
    succeeded: int
    success_rate: float = Field(description="succeeded / started; 0 when none started.")


class CustomerReportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    time_zone: str
    customers_created: CustomersCreated
    orders: OrderAttribution
    promotion: PromotionFigures

    @classmethod
    def of(cls, report: CustomerReport) -> CustomerReportOut:
        """The response body of a computed report."""
        by_source = report.customers_by_source
        return cls(
            from_=report.period.first,
            to=report.period.last,
            time_zone=report.period.tz.key,
            customers_created=CustomersCreated(
                total=sum(by_source.values()),
                by_source=by_source,
                by_day=[
                    CreatedOnDay(date=d.day, total=d.total, by_source=d.by_source)
                    for d in report.days
                ],
            ),
            orders=OrderAttribution(
                completed=report.completed_orders,
                with_customer=report.orders_with_customer,
                attachment_rate=report.attachment_rate,
            ),
            promotion=PromotionFigures(
                started=report.promotions_started,
                succeeded=report.promotions_succeeded,
                success_rate=report.promotion_success_rate,
            ),
        )
