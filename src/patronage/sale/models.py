"""Sale orders, their lines, and the events that record who attached, completed or voided."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from patronage.core.columns import (
    Base,
    CommonColumns,
    MerchantScoped,
    new_id,
    same_merchant_reference,
    utcnow,
)

OPEN = "open"
COMPLETED = "completed"
VOIDED = "voided"
STATUSES = (OPEN, COMPLETED, VOIDED)

# Order events, by action.
CREATED = "order.created"
ORDER_COMPLETED = "order.completed"
ORDER_VOIDED = "order.voided"
CUSTOMER_ATTACHED = "customer.attached"
CUSTOMER_DETACHED = "customer.detached"
# An owner attached a customer to a completed order that had none (a receipt claimed later).
CUSTOMER_ATTACHED_LATE = "customer.attached_after_completion"
# The order's customer was merged into another profile (the order follows), or that undone.
CUSTOMER_MERGED = "customer.merged"
CUSTOMER_UNMERGED = "customer.merge_undone"


class SaleOrder(MerchantScoped, CommonColumns, Base):
    __tablename__ = "sale_orders"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Per brand, from `merchants.order_sequence`: 1, 2, 3… and the newest-first sort key.
    number: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    currency: Mapped[str] = mapped_column(String(3))
    # Integer minor units (VND has none); computed from the lines, never taken from a client.
    subtotal: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str | None] = mapped_column(String(2000), default=None)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    voided_at: Mapped[datetime | None] = mapped_column(default=None)

    lines: Mapped[list[SaleOrderLine]] = relationship(
        lazy="raise",
        order_by="SaleOrderLine.position",
        cascade="all, delete-orphan",
        primaryjoin="and_(SaleOrder.merchant_id == foreign(SaleOrderLine.merchant_id), "
        "SaleOrder.id == foreign(SaleOrderLine.order_id))",
    )

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        UniqueConstraint("merchant_id", "number", name="uq_sale_orders_merchant_number"),
        Index("ix_sale_orders_customer_number", "merchant_id", "customer_id", "number"),
        Index("ix_sale_orders_status_number", "merchant_id", "status", "number"),
        Index("ix_sale_orders_completed_at", "merchant_id", "completed_at"),
    )


class SaleOrderLine(MerchantScoped, Base):
    """One line of an order; the whole list is replaced when the order's lines change."""

    __tablename__ = "sale_order_lines"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID]
    position: Mapped[int]
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]
    unit_price: Mapped[int] = mapped_column(BigInteger)
    line_total: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        same_merchant_reference("order_id", "sale_orders"),
        Index("ix_sale_order_lines_order", "merchant_id", "order_id", "position"),
    )


class SaleOrderEvent(MerchantScoped, Base):
    """Who did what to an order, and when; never changed once written."""

    __tablename__ = "sale_order_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(48))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_role: Mapped[str | None] = mapped_column(String(16), default=None)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    previous_customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Orders the events written by one change (same `created_at`): created, then attached.
    seq: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        same_merchant_reference("order_id", "sale_orders"),
        Index("ix_sale_order_events_order", "merchant_id", "order_id", "created_at", "seq"),
    )
