"""Customers: the brand-scoped profile, its phones and emails, name terms and audit events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from patronage.core.columns import (
    Base,
    CommonColumns,
    MerchantScoped,
    new_id,
    partial_unique_index,
    same_merchant_reference,
    utcnow,
)

PHONE = "phone"
EMAIL = "email"
CAPTURED, INVITED, ACTIVE = "captured", "invited", "active"
ACCOUNT_STATUSES = (CAPTURED, INVITED, ACTIVE)
SOURCES = ("checkout", "api", "web", "import")
LOCALES = ("en", "vi")


def search_text(length: int) -> TypeEngine[str]:
    """Text compared byte-wise: on PostgreSQL `COLLATE "C"`, so btree prefix ranges are
    answered in index order (SQLite compares bytes already)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class HasContacts:
    """The phones and emails of a customer, from its `contacts` (in position order)."""

    contacts: Sequence[Any]

    @property
    def phones(self) -> list[Any]:
        return [c for c in self.contacts if c.kind == PHONE]

    @property
    def emails(self) -> list[Any]:
        return [c for c in self.contacts if c.kind == EMAIL]

    @property
    def primary_phone(self) -> Any | None:
        return _primary(self.phones)

    @property
    def primary_email(self) -> Any | None:
        return _primary(self.emails)


def _primary(contacts: list[Any]) -> Any | None:
    return next((c for c in contacts if c.is_primary), contacts[0] if contacts else None)


class Customer(HasContacts, MerchantScoped, CommonColumns, Base):
    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    # `fold(name)`: lower-case ASCII without diacritics; what name lookups match.
    name_search: Mapped[str] = mapped_column(search_text(400))
    birthday: Mapped[date | None] = mapped_column(default=None)
    locale: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(String(2000), default=None)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    account_status: Mapped[str] = mapped_column(String(16), default=CAPTURED)
    source: Mapped[str] = mapped_column(String(16), default="api")
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # Set while the profile is merged into another (soft-deleted with it; `directory.merge`).
    merged_into: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # Set once its personal data was erased (`directory.erasure`): never restored after.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)
    erased_by: Mapped[uuid.UUID | None] = mapped_column(default=None)

    contacts: Mapped[list[CustomerContact]] = relationship(
        lazy="raise",
        order_by="CustomerContact.position",
        cascade="all, delete-orphan",
        primaryjoin="and_(Customer.merchant_id == foreign(CustomerContact.merchant_id), "
        "Customer.id == foreign(CustomerContact.customer_id))",
    )

    __table_args__ = (
        Index("ix_customers_merchant_created", "merchant_id", "created_at", "id"),
        Index("ix_customers_merchant_name_search", "merchant_id", "name_search", "id"),
    )


class CustomerContact(MerchantScoped, Base):
    """One phone (E.164) or email (lower-cased) of a customer."""

    __tablename__ = "customer_contacts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(8))
    # E.164 (`+84912345678`) or the lower-cased address: prefix lookups range over it.
    value: Mapped[str] = mapped_column(search_text(254))
    display: Mapped[str] = mapped_column(String(254))
    is_primary: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Phones only: the E.164 digits reversed, so trailing digits become a prefix range.
    search_reversed: Mapped[str | None] = mapped_column(search_text(32), default=None)
    # Mirrors the customer's soft delete so active contacts stay unique per brand.
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        partial_unique_index(
            "uq_customer_contacts_active_value",
            "merchant_id",
            "kind",
            "value",
            where="deleted_at IS NULL",
        ),
        Index("ix_customer_contacts_customer", "merchant_id", "customer_id"),
        Index("ix_customer_contacts_lookup", "merchant_id", "kind", "value", "customer_id"),
        Index("ix_customer_contacts_reversed", "merchant_id", "search_reversed", "customer_id"),
    )


class CustomerNameTerm(MerchantScoped, Base):
    """The folded name from its second word on (`thi dao`, `dao`): word-prefix lookups."""

    __tablename__ = "customer_name_terms"

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(search_text(400))

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        Index("ix_customer_name_terms_lookup", "merchant_id", "term", "customer_id"),
    )


class CustomerEvent(MerchantScoped, Base):
    """One entry of a profile's audit trail: who did what, when, old → new."""

    __tablename__ = "customer_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    action: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        Index("ix_customer_events_customer", "merchant_id", "customer_id", "created_at", "id"),
        Index("ix_customer_events_action", "merchant_id", "action", "created_at"),
    )
