"""Queries of one-time code challenges (a global table, see the model)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.otp.models import OtpChallenge
from patronage.accounts.otp.rules import PROMOTE, SIGN_IN
from patronage.core import locks
from patronage.core.dialect import dialect_name
from patronage.core.tenancy import MerchantId


def add(session: AsyncSession, challenge: OtpChallenge) -> OtpChallenge:
    session.add(challenge)
    return challenge


async def lock_destination(
    session: AsyncSession, digest: str, client_digest: str | None = None
) -> None:
    """Serialise sends to one destination, and from one client address, until the
    transaction ends (the limits counted next stay exact under parallel requests).

    On PostgreSQL, row-level security then admits the challenges of every brand sent to this
    destination or asked from this client: the limits count them all, while the rest of
    other brands' challenges stay out of sight."""
    client_key = [f"otp.address:{client_digest}"] if client_digest else []
    await locks.serialise(session, f"otp.destination:{digest}", *client_key)
    if dialect_name(session) == "postgresql":
        await session.execute(
            text(
                "SELECT set_config('app.otp_destination', :key, true),"
                " set_config('app.otp_client', :client, true)"
            ),
            {"key": digest, "client": client_digest or ""},
        )


async def recent_sends_to(
    session: AsyncSession, digest: str, *, since: datetime, limit: int
) -> list[datetime]:
    """When codes went to a destination (any purpose, any brand), newest first."""
    return await _send_times(session, (OtpChallenge.destination_digest == digest,), since, limit)


async def recent_sends_for_purpose(
    session: AsyncSession,
    digest: str,
    *,
    purpose: str,
    merchant_id: uuid.UUID | None,
    since: datetime,
    limit: int,
) -> list[datetime]:
    """When codes went to a destination for one purpose at one brand (or none), newest first."""
    brand = (
        OtpChallenge.merchant_id.is_(None)
        if merchant_id is None
        else OtpChallenge.merchant_id == merchant_id
    )
    conditions = (OtpChallenge.destination_digest == digest, OtpChallenge.purpose == purpose, brand)
    return await _send_times(session, conditions, since, limit)


async def recent_sends_from_client(
    session: AsyncSession, client_digest: str, *, since: datetime, limit: int
) -> list[datetime]:
    """When codes were asked for from one client address, newest first."""
    return await _send_times(session, (OtpChallenge.client_digest == client_digest,), since, limit)


async def _send_times(
    session: AsyncSession, conditions: tuple[Any, ...], since: datetime, limit: int
) -> list[datetime]:
    result = await session.scalars(
        select(OtpChallenge.created_at)
        .where(*conditions, OtpChallenge.created_at > since)
        .order_by(OtpChallenge.created_at.desc())
        .limit(limit)
    )
    return list(result)


async def get_promotion_for_update(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    challenge_id: uuid.UUID,
) -> OtpChallenge | None:
    """A promotion challenge of this brand's customer, locked for this transaction."""
    return await _get_for_update(
        session,
        challenge_id,
        OtpChallenge.purpose == PROMOTE,
        OtpChallenge.merchant_id == merchant_id,
        OtpChallenge.customer_id == customer_id,
    )


async def get_sign_in_for_update(
    session: AsyncSession, challenge_id: uuid.UUID
) -> OtpChallenge | None:
    """A customer sign-in challenge, locked for this transaction."""
    return await _get_for_update(session, challenge_id, OtpChallenge.purpose == SIGN_IN)


async def _get_for_update(
    session: AsyncSession, challenge_id: uuid.UUID, *conditions: Any
) -> OtpChallenge | None:
    # FOR UPDATE makes a second verification of the same code wait, then see it used.
    result = await session.execute(
        select(OtpChallenge)
        .where(OtpChallenge.id == challenge_id, *conditions)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def reserve_attempt(
    session: AsyncSession, challenge_id: uuid.UUID, *, max_attempts: int
) -> int | None:
    """Count one guess before it is judged, in one conditional statement: the new count,
    or None when no guess is left (or the code was used). Parallel guesses stay exact."""
    result = await session.execute(
        update(OtpChallenge)
        .where(
            OtpChallenge.id == challenge_id,
            OtpChallenge.consumed_at.is_(None),
            OtpChallenge.attempts < max_attempts,
        )
        .values(attempts=OtpChallenge.attempts + 1)
        .returning(OtpChallenge.attempts),
        execution_options={"synchronize_session": False},
    )
    count = result.scalar_one_or_none()
    return int(count) if count is not None else None


async def consume(
    session: AsyncSession, challenge_id: uuid.UUID, *, now: datetime, max_attempts: int
) -> bool:
    """Use the challenge up (its right guess already counted); False if someone else did
    first (or it died meanwhile)."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(OtpChallenge)
        .where(
            OtpChallenge.id == challenge_id,
            OtpChallenge.consumed_at.is_(None),
            OtpChallenge.attempts <= max_attempts,
            OtpChallenge.expires_at > now,
        )
        .values(consumed_at=now),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


async def purge_created_before(session: AsyncSession, before: datetime) -> int:
    """Delete challenges old enough to matter to no limit any more."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        delete(OtpChallenge).where(OtpChallenge.created_at < before)
    )
    return result.rowcount


async def forget_destinations(
    session: AsyncSession,
    merchant_id: uuid.UUID | None,
    *,
    customer_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> None:
    """Challenges of the brand's customer (or, with no brand, the account's sign-in ones)
    keep only their keyed digest, not the plain phone or email."""
    if merchant_id is None:
        conditions = [OtpChallenge.merchant_id.is_(None), OtpChallenge.user_id == user_id]
    else:
        conditions = [
            OtpChallenge.merchant_id == merchant_id,
            OtpChallenge.customer_id == customer_id,
        ]
    await session.execute(
        update(OtpChallenge).where(*conditions).values(destination=None),
        execution_options={"synchronize_session": False},
    )
