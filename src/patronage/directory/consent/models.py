"""One consent record: a customer's answer for one purpose, with its evidence. Never updated."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, MerchantScoped, new_id, same_merchant_reference, utcnow


class CustomerConsent(MerchantScoped, Base):
    """`granted` or `withdrawn` for one purpose: when, how, by whom, after which wording.

    Rows are only ever added (PostgreSQL refuses UPDATE and DELETE by policy); the current
    state of a purpose is its row with the highest `sequence`.
    """

    __tablename__ = "customer_consents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    purpose: Mapped[str] = mapped_column(String(32))
    # 1, 2, 3… per customer and purpose: orders the history; unique, so two changes made at
    # the same moment cannot both claim to be the latest.
    sequence: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    wording_version: Mapped[str] = mapped_column(String(64))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        Index(
            "uq_customer_consents_sequence",
            "merchant_id",
            "customer_id",
            "purpose",
            "sequence",
            unique=True,
        ),
        Index("ix_customer_consents_purpose", "merchant_id", "purpose", "status", "customer_id"),
    )
