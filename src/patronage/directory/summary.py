"""A customer as an order, a report or a list row shows it: the read model other features get."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from patronage.directory.listing import AnyCustomer


@dataclass(frozen=True)
class CustomerSummary:
    id: uuid.UUID
    name: str
    phone: str | None  # the primary phone, E.164
    phone_display: str | None
    email: str | None  # the primary email
    account_status: str
    deleted_at: datetime | None
    merged_into: uuid.UUID | None = None  # not shown: what refusing a merged profile names

    @classmethod
    def of(cls, customer: AnyCustomer) -> CustomerSummary:
        """The summary of a customer whose contacts are loaded."""
        phone, email = customer.primary_phone, customer.primary_email
        return cls(
            id=customer.id,
            name=customer.name,
            phone=phone.value if phone else None,
            phone_display=phone.display if phone else None,
            email=email.value if email else None,
            account_status=customer.account_status,
            deleted_at=customer.deleted_at,
            merged_into=customer.merged_into,
        )
