"""Customers: the brand-scoped profile, and its phones and emails."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from patronage.core.columns import Base, CommonColumns, MerchantScoped, new_id

PHONE = "phone"
EMAIL = "email"
ACCOUNT_STATUSES = ("captured", "invited", "active")
SOURCES = ("checkout", "api", "web", "import")


class Customer(MerchantScoped, CommonColumns, Base):
    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    # `fold(name)`: lower-case, no diacritics; what name lookups match.
    name_search: Mapped[str] = mapped_column(String(400))
    birthday: Mapped[date | None] = mapped_column(default=None)
    locale: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(String(2000), default=None)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    account_status: Mapped[str] = mapped_column(String(16), default="captured")
    source: Mapped[str] = mapped_column(String(16), default="api")

    contacts: Mapped[list[CustomerContact]] = relationship(
        lazy="raise",
        order_by="CustomerContact.position",
        cascade="all, delete-orphan",
        primaryjoin="and_(Customer.merchant_id == foreign(CustomerContact.merchant_id), "
        "Customer.id == foreign(CustomerContact.customer_id))",
    )

    __table_args__ = (Index("ix_customers_merchant_created", "merchant_id", "created_at", "id"),)

    @property
    def phones(self) -> list[CustomerContact]:
        return [c for c in self.contacts if c.kind == PHONE and c.deleted_at is None]

    @property
    def emails(self) -> list[CustomerContact]:
        return [c for c in self.contacts if c.kind == EMAIL and c.deleted_at is None]


class CustomerContact(MerchantScoped, Base):
    """One phone (E.164) or email (lower-cased) of a customer."""

    __tablename__ = "customer_contacts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(254))
    display: Mapped[str] = mapped_column(String(254))
    is_primary: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Phones: digits without `+` (prefix lookups) and reversed (trailing-digit lookups).
    search_value: Mapped[str] = mapped_column(String(254))
    search_reversed: Mapped[str] = mapped_column(String(254))
    # Mirrors the customer's soft delete so active contacts stay unique per brand.
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        ForeignKeyConstraint(
            ["merchant_id", "customer_id"], ["customers.merchant_id", "customers.id"]
        ),
        Index(
            "uq_customer_contacts_active_value",
            "merchant_id",
            "kind",
            "value",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        Index("ix_customer_contacts_customer", "merchant_id", "customer_id"),
    )
