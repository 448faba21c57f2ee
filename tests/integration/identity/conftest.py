"""Identity fixtures: an invitation sent to a new email, with the code it carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, unique_email
from tests.factories.invitations import accept, invite, sent_code


@dataclass(frozen=True)
class SentInvitation:
    """An invitation to join `brand` as a cashier, sent to an email no one uses yet."""

    email: str
    id: str
    code: str

    async def accept(
        self, client: httpx.AsyncClient, code: str | None = None, **extra: Any
    ) -> httpx.Response:
        """The invitee accepts with `code` (the one in the email unless given)."""
        return await accept(client, self.id, self.code if code is None else code, **extra)


@pytest.fixture
async def invitation(client: httpx.AsyncClient, db: Database, brand: Brand) -> SentInvitation:
    """The owner of `brand` invited a new email; the code is the one in the email."""
    email = unique_email()
    invited = await invite(client, brand, email)
    return SentInvitation(email, invited["id"], await sent_code(db, email))
