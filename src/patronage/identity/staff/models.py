"""Memberships: a staff user's role at one merchant."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, CommonColumns, MerchantScoped

OWNER = "owner"
CASHIER = "cashier"
ROLES = (OWNER, CASHIER)


class Membership(MerchantScoped, CommonColumns, Base):
    __tablename__ = "memberships"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16))
