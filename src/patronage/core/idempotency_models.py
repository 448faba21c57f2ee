"""Stored outcomes of requests sent with an `Idempotency-Key`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, MerchantScoped, utcnow

RUNNING = "running"
DONE = "done"


class IdempotencyRecord(MerchantScoped, Base):
    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # `running` while the first request works; `done` once its answer is stored.
    state: Mapped[str] = mapped_column(String(8), default=RUNNING)
    response_status: Mapped[int | None] = mapped_column(default=None)
    response_body: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    # When the current attempt started: a `running` record this old was abandoned.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_idempotency_keys_merchant_created", "merchant_id", "created_at"),)
