"""One-time code challenges: a global table (sign-in codes belong to no brand)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, new_id, same_merchant_reference, utcnow


class OtpChallenge(Base):
    """A code sent (or, for an unknown sign-in destination, pretended sent) once."""

    __tablename__ = "otp_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    purpose: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    # Limits count by this keyed digest; the plain destination is kept only when a code
    # was really sent (promotion needs it to mark the contact verified).
    destination_digest: Mapped[str] = mapped_column(String(64))
    destination: Mapped[str | None] = mapped_column(String(254), default=None)
    # Set for promotions (the brand that asked); NULL for customer sign-in.
    merchant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("merchants.id", ondelete="RESTRICT"), default=None
    )
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # The account a sign-in code opens; NULL when the destination is unknown (a decoy).
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    client_digest: Mapped[str | None] = mapped_column(String(64), default=None)
    code_digest: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    consumed_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        Index("ix_otp_challenges_destination", "destination_digest", "created_at"),
        Index("ix_otp_challenges_client", "client_digest", "created_at"),
        Index("ix_otp_challenges_created_at", "created_at"),
    )
