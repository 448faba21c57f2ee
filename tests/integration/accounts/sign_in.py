"""A customer asks for a one-time code and signs in with it: the calls the tests share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from patronage.accounts.otp.models import OtpChallenge
from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from tests.factories.accounts import client_from, latest_code

OTP = "/api/v1/auth/customer/otp"
SIGN_IN = "/api/v1/auth/customer/sign-in"


async def request_code(client: httpx.AsyncClient, destination: str) -> dict[str, str]:
    """Ask for a code sent to `destination`; the challenge as answered (202)."""
    response = await client.post(OTP, json={"destination": destination})
    assert response.status_code == 202, response.text
    return response.json()  # type: ignore[no-any-return]


async def sign_in_with_code(
    client: httpx.AsyncClient, challenge: dict[str, str], code: str
) -> httpx.Response:
    """Answer `challenge` with `code`."""
    return await client.post(
        SIGN_IN, json={"challenge_id": challenge["challenge_id"], "code": code}
    )


@dataclass(frozen=True)
class CodeSent:
    """A customer account's email, the challenge a code was sent for, and that code."""

    email: str
    challenge: dict[str, str]
    code: str

    async def sign_in(self, client: httpx.AsyncClient, code: str | None = None) -> httpx.Response:
        """Answer the challenge with `code` (the right one unless given)."""
        return await sign_in_with_code(client, self.challenge, self.code if code is None else code)


async def expire_challenge(db: Database, challenge_id: str) -> None:
    """Move the challenge's expiry a second into the past, as if its minutes had run out."""
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(
            update(OtpChallenge)
            .where(OtpChallenge.id == uuid.UUID(challenge_id))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )


async def customer_token(app: FastAPI, db: Database, email: str) -> dict[str, str]:
    """Sign the customer account with `email` in by a code; its bearer header."""
    async with client_from(app) as public:
        asked = await public.post("/api/v1/auth/customer/otp", json={"destination": email})
        signed_in = await public.post(
            "/api/v1/auth/customer/sign-in",
            json={
                "challenge_id": asked.json()["challenge_id"],
                "code": await latest_code(db, email),
            },
        )
    assert signed_in.status_code == 200, signed_in.text
    return {"Authorization": f"Bearer {signed_in.json()['token']}"}
