"""Tag definitions of a brand, and which customers carry which tag."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import (
    Base,
    CommonColumns,
    MerchantScoped,
    new_id,
    partial_unique_index,
    same_merchant_reference,
    utcnow,
)


class CustomerTag(MerchantScoped, CommonColumns, Base):
    """A tag an owner defined (`VIP`, `Khách sỉ`); deleting it is a soft delete."""

    __tablename__ = "customer_tags"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(40))
    # `rules.name_key(name)`: what two names must not share among a brand's live tags.
    name_key: Mapped[str] = mapped_column(String(160))
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(default=None)

    __table_args__ = (
        partial_unique_index(
            "uq_customer_tags_active_name", "merchant_id", "name_key", where="deleted_at IS NULL"
        ),
    )


class CustomerTagLink(MerchantScoped, Base):
    """One tag on one customer."""

    __tablename__ = "customer_tag_links"

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tag_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(default=None)

    __table_args__ = (
        same_merchant_reference("customer_id", "customers"),
        ForeignKeyConstraint(
            ["merchant_id", "tag_id"], ["customer_tags.merchant_id", "customer_tags.id"]
        ),
        # The lookup's and the export's filter: a brand's customers with one tag.
        Index("ix_customer_tag_links_tag", "merchant_id", "tag_id", "customer_id"),
    )
