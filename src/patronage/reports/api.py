"""Reports for the brand's owner."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from patronage.identity.auth.dependencies import DbSession, Owner
from patronage.reports import service as report_service
from patronage.reports.schemas import CustomerReportOut

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/customers", response_model=CustomerReportOut, response_model_by_alias=True)
async def customer_report(
    owner: Owner,
    session: DbSession,
    first_day: Annotated[date | None, Query(alias="from")] = None,
    last_day: Annotated[date | None, Query(alias="to")] = None,
) -> CustomerReportOut:
    """Customers created per day and source, order-attachment rate, promotion success rate.

    Days are the brand's (its `time_zone`); both ends are included; by default the last
    30 days up to today.
    """
    report = await report_service.customer_report(
        session, owner.merchant_id, first_day=first_day, last_day=last_day
    )
    return CustomerReportOut.of(report)
