"""Queries of outbox messages (a global table: the worker serves every brand)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.redaction import MARKER
from patronage.messaging.models import (
    CLAIMED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    OutboxMessage,
)

_WIPED: dict[str, Any] = {"body_text": None, "body_html": None}


def add(session: AsyncSession, message: OutboxMessage) -> OutboxMessage:
    session.add(message)
    return message


async def get(session: AsyncSession, message_id: uuid.UUID) -> OutboxMessage | None:
    return await session.get(OutboxMessage, message_id)


async def claim_due(
    session: AsyncSession, *, worker_id: str, now: datetime, lease_until: datetime, limit: int
) -> list[OutboxMessage]:
    """Atomically take up to `limit` due messages; concurrent workers never share one."""
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
        # PostgreSQL skips rows another worker is claiming; SQLite's single writer
        # already serialises this statement (the clause is not emitted there).
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due), OutboxMessage.status == PENDING)
        .values(status=CLAIMED, claimed_by=worker_id, lease_until=lease_until)
        .returning(OutboxMessage),
        execution_options={"synchronize_session": False, "populate_existing": True},
    )
    return sorted(claimed, key=lambda m: m.next_attempt_at)


async def _transition(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    worker_id: str,
    from_status: str,
    values: dict[str, Any],
) -> bool:
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.claimed_by == worker_id,
            OutboxMessage.status == from_status,
        )
        .values(**values),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


async def mark_sending(
    session: AsyncSession, message_id: uuid.UUID, *, worker_id: str, now: datetime
) -> bool:
    """Record that delivery starts (from here on a crash must not lead to a resend)."""
    return await _transition(
        session,
        message_id,
        worker_id=worker_id,
        from_status=CLAIMED,
        values={"status": SENDING, "attempts": OutboxMessage.attempts + 1},
    )


async def mark_sent(
    session: AsyncSession, message_id: uuid.UUID, *, worker_id: str, now: datetime
) -> bool:
    values = {"status": SENT, "sent_at": now, "finished_at": now, "last_error": None, **_WIPED}
    return await _transition(
        session, message_id, worker_id=worker_id, from_status=SENDING, values=values
    )


async def mark_retry(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    worker_id: str,
    error: str,
    next_attempt_at: datetime,
) -> bool:
    values = {
        "status": PENDING,
        "next_attempt_at": next_attempt_at,
        "last_error": error,
        "lease_until": None,
        "claimed_by": None,
    }
    return await _transition(
        session, message_id, worker_id=worker_id, from_status=SENDING, values=values
    )


async def mark_failed(
    session: AsyncSession, message_id: uuid.UUID, *, worker_id: str, error: str, now: datetime
) -> bool:
    values = {"status": FAILED, "last_error": error, "finished_at": now, **_WIPED}
    return await _transition(
        session, message_id, worker_id=worker_id, from_status=SENDING, values=values
    )


async def release(session: AsyncSession, message_id: uuid.UUID, *, worker_id: str) -> bool:
    """Give back a claimed message that was never handed to a sender."""
    values = {"status": PENDING, "lease_until": None, "claimed_by": None}
    return await _transition(
        session, message_id, worker_id=worker_id, from_status=CLAIMED, values=values
    )


async def release_stale_claims(session: AsyncSession, now: datetime) -> int:
    """Claims whose worker vanished before sending: safe to deliver again."""
    return await _bulk(
        session,
        (OutboxMessage.status == CLAIMED, OutboxMessage.lease_until < now),
        {"status": PENDING, "lease_until": None, "claimed_by": None},
    )


async def fail_abandoned_sends(session: AsyncSession, now: datetime) -> int:
    """Sends whose worker vanished mid-delivery: the outcome is unknown, so never resend."""
    return await _bulk(
        session,
        (OutboxMessage.status == SENDING, OutboxMessage.lease_until < now),
        {
            "status": FAILED,
            "last_error": "outcome unknown: the worker stopped while sending",
            "finished_at": now,
            **_WIPED,
        },
    )


async def fail_expired(session: AsyncSession, now: datetime) -> int:
    """Pending messages no longer worth delivering (their code has expired)."""
    return await _bulk(
        session,
        (OutboxMessage.status == PENDING, OutboxMessage.expires_at <= now),
        {"status": FAILED, "last_error": "expired before delivery", "finished_at": now, **_WIPED},
    )


async def _bulk(session: AsyncSession, conditions: tuple[Any, ...], values: dict[str, Any]) -> int:
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(OutboxMessage).where(*conditions).values(**values),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount


async def purge_finished(session: AsyncSession, before: datetime) -> int:
    """Delete messages finished (sent or failed) before `before`."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        delete(OutboxMessage).where(
            OutboxMessage.status.in_((SENT, FAILED)), OutboxMessage.finished_at < before
        )
    )
    return result.rowcount


async def forget_destinations(
    session: AsyncSession, merchant_id: uuid.UUID | None, destinations: list[str]
) -> None:
    """Messages of the brand (`None`: of no brand) to any of `destinations` keep no trace
    of them: the destination is marked and the bodies are wiped."""
    owner = (
        OutboxMessage.merchant_id.is_(None)
        if merchant_id is None
        else OutboxMessage.merchant_id == merchant_id
    )
    await session.execute(
        update(OutboxMessage)
        .where(owner, OutboxMessage.destination.in_(destinations))
        .values(destination=MARKER, body_text=None, body_html=None),
        execution_options={"synchronize_session": False},
    )
