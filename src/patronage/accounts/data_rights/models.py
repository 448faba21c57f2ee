"""A data request: what a person asked a brand to do with their data, and its answer."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import (
    Base,
    CommonColumns,
    MerchantScoped,
    new_id,
    same_merchant_reference,
)


class DataRequest(MerchantScoped, CommonColumns, Base):
    """One request of one customer profile at one brand, with its legal deadline.

    `created_at` is when it was filed, `created_by` who filed it (the customer's user id or
    the staff member's); `resolved_*` who closed it, when, and why when refused.
    """

    __tablename__ = "data_requests"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    details: Mapped[str | None] = mapped_column(String(2000), default=None)
    due_at: Mapped[datetime]
    resolution: Mapped[str | None] = mapped_column(String(2000), default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        Index("ix_data_requests_status_due", "merchant_id", "status", "due_at", "id"),
        Index("ix_data_requests_customer", "merchant_id", "customer_id", "created_at"),
        # The overdue count of `/metrics` reads every brand's pending requests by deadline.
        Index("ix_data_requests_due", "status", "due_at"),
    )
