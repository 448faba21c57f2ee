"""Users: a person's global identity, staff or customer."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, CommonColumns, new_id, partial_unique_index
from patronage.identity.users.kinds import ACTIVE


class User(CommonColumns, Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    # Staff sign in with this (lower-cased); customers with verified contacts below.
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    verified_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    verified_email: Mapped[str | None] = mapped_column(String(254), default=None)
    locale: Mapped[str] = mapped_column(String(2), default="en")
    # `retired`: a captured customer User left unused after its profile joined an account.
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)

    __table_args__ = (
        partial_unique_index("uq_users_staff_email", "email", where="kind = 'staff'"),
        partial_unique_index(
            "uq_users_customer_verified_phone",
            "verified_phone",
            where="kind = 'customer' AND status = 'active'",
        ),
        partial_unique_index(
            "uq_users_customer_verified_email",
            "verified_email",
            where="kind = 'customer' AND status = 'active'",
        ),
    )
