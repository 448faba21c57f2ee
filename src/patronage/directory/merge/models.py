"""One merge of a brand's customer into another: what moved, so an owner can undo it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, MerchantScoped, new_id, utcnow


class CustomerMerge(MerchantScoped, Base):
    """`source_id` merged into `survivor_id`: when, by whom, and what moved (`moved`).

    `moved` holds what an undo puts back: the survivor's fields before the merge, the ids of
    the moved orders, the moved contacts' values, the tags and consent records involved.
    """

    __tablename__ = "customer_merges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    survivor_id: Mapped[uuid.UUID]
    source_id: Mapped[uuid.UUID]
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)
    undone_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        ForeignKeyConstraint(
            ["merchant_id", "survivor_id"],
            ["customers.merchant_id", "customers.id"],
            name="fk_customer_merges_survivor",
        ),
        ForeignKeyConstraint(
            ["merchant_id", "source_id"],
            ["customers.merchant_id", "customers.id"],
            name="fk_customer_merges_source",
        ),
        # The surviving profile's merges (its undo), newest first.
        Index("ix_customer_merges_survivor", "merchant_id", "survivor_id", "merged_at"),
        # The merge that absorbed a source (its `merged_into`, refusing a second merge).
        Index("ix_customer_merges_source", "merchant_id", "source_id", "merged_at"),
    )
