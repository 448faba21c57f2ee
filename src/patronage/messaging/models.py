"""Outbox messages: written with what caused them, delivered later by the worker."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, new_id, utcnow

# pending → claimed (a worker holds a lease) → sending (handed to the sender) → sent | failed;
# a failed attempt that may be retried goes back to pending with a later next_attempt_at.
PENDING = "pending"
CLAIMED = "claimed"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
STATUSES = (PENDING, CLAIMED, SENDING, SENT, FAILED)


class OutboxMessage(Base):
    """One SMS or email; global so one worker delivers for every brand."""

    __tablename__ = "outbox_messages"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(8))
    destination: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(255), default="")
    # Bodies may carry a one-time code: wiped once the message is sent or given up.
    body_text: Mapped[str | None] = mapped_column(Text, default=None)
    body_html: Mapped[str | None] = mapped_column(Text, default=None)
    merchant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("merchants.id", ondelete="RESTRICT"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A claim: the worker holding it may deliver until then; afterwards it is abandoned.
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    # Not worth delivering afterwards (a code that has expired).
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        Index("ix_outbox_messages_finished_at", "finished_at"),
    )
