"""Helpers for staff invitations: invite, read the code the invitee was sent, accept."""

from __future__ import annotations

import re
from typing import Any

import httpx

from patronage.core.db import Database
from tests.factories import Brand
from tests.factories.accounts import code_in_latest_message

INVITATIONS = "/api/v1/staff/invitations"
ACCEPT = "/api/v1/auth/staff/invitations/accept"
_CODE = re.compile(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b")


async def invite(
    client: httpx.AsyncClient, brand: Brand, email: str, *, role: str = "cashier", **extra: Any
) -> dict[str, Any]:
    """Invite `email` to `brand` as its owner; the invitation as answered (202)."""
    body = {"email": email, "name": "Trần Văn Bình", "role": role, **extra}
    response = await client.post(INVITATIONS, headers=brand.owner, json=body)
    assert response.status_code == 202, response.text
    return dict(response.json())


async def sent_code(db: Database, email: str) -> str:
    """The code in the newest invitation emailed to `email`."""
    return await code_in_latest_message(db, email, _CODE)


async def accept(
    client: httpx.AsyncClient,
    invitation_id: str,
    code: str,
    *,
    password: str | None = None,
    token: str | None = None,
) -> httpx.Response:
    body: dict[str, str] = {"invitation_id": invitation_id, "code": code}
    if password is not None:
        body["password"] = password
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(ACCEPT, json=body, headers=headers)
