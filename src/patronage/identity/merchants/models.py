"""Merchants (brands): the tenants."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, CommonColumns, new_id

CONTACT_POLICIES = ("phone_and_email", "phone", "phone_or_email")


# Where a brand's customers' phone numbers are read unless it says otherwise.
DEFAULT_PHONE_REGION = "VN"


class Merchant(CommonColumns, Base):
    __tablename__ = "merchants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    phone_region: Mapped[str] = mapped_column(String(2), default=DEFAULT_PHONE_REGION)
    locale: Mapped[str] = mapped_column(String(2), default="vi")
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    # Which contacts a new customer needs; the PRD's default is one phone and one email.
    contact_policy: Mapped[str] = mapped_column(String(32), default="phone_and_email")
    order_sequence: Mapped[int] = mapped_column(default=0)
