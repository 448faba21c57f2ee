"""Who is calling: produced only by authentication."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from patronage.core.tenancy import MerchantId


@dataclass(frozen=True)
class Principal:
    session_id: uuid.UUID
    user_id: uuid.UUID
    kind: str


@dataclass(frozen=True)
class Staff(Principal):
    """A staff session acts for exactly one merchant, in one role."""

    merchant_id: MerchantId
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


@dataclass(frozen=True)
class CustomerAccount(Principal):
    """A promoted customer, signed in to their own account."""
