"""Writing messages to the outbox, and the steps a worker takes to deliver them."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.messaging import repository as outbox_repository
from patronage.messaging.models import OutboxMessage
from patronage.messaging.policy import RetryPolicy, next_attempt_at
from patronage.messaging.senders import DeliveryError, Outgoing

SENT = "sent"
RETRY = "retry"
FAILED = "failed"
LOST = "lost"


@dataclass(frozen=True)
class Claimed:
    """A message this worker holds a lease on."""

    message: Outgoing
    attempts: int
    lease_until: datetime


@dataclass(frozen=True)
class Housekeeping:
    released: int
    abandoned: int
    expired: int
    purged: int


async def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    destination: str,
    locale: str,
    subject: str,
    text: str,
    html: str | None = None,
    merchant_id: uuid.UUID | None = None,
    expires_at: datetime | None = None,
) -> uuid.UUID:
    """Add a message to deliver, in the caller's transaction (it is sent only if that commits)."""
    message = outbox_repository.add(
        session,
        OutboxMessage(
            channel=channel,
            destination=destination,
            locale=locale,
            subject=subject[:255],
            body_text=text,
            body_html=html,
            merchant_id=merchant_id,
            expires_at=expires_at,
        ),
    )
    await session.flush()
    return message.id


async def housekeeping(session: AsyncSession, settings: Settings, now: datetime) -> Housekeeping:
    """Recover from vanished workers, give up expired messages, purge old ones."""
    retention = timedelta(days=settings.outbox_retention_days)
    return Housekeeping(
        released=await outbox_repository.release_stale_claims(session, now),
        abandoned=await outbox_repository.fail_abandoned_sends(session, now),
        expired=await outbox_repository.fail_expired(session, now),
        purged=await outbox_repository.purge_finished(session, now - retention),
    )


async def claim(
    session: AsyncSession, settings: Settings, *, worker_id: str, now: datetime
) -> list[Claimed]:
    """Take a batch of due messages for this worker."""
    lease_until = now + timedelta(seconds=settings.outbox_lease_s)
    rows = await outbox_repository.claim_due(
        session,
        worker_id=worker_id,
        now=now,
        lease_until=lease_until,
        limit=settings.outbox_batch_size,
    )
    return [Claimed(_outgoing(row), row.attempts, lease_until) for row in rows]


def _outgoing(row: OutboxMessage) -> Outgoing:
    return Outgoing(
        id=row.id,
        channel=row.channel,
        destination=row.destination,
        locale=row.locale,
        subject=row.subject,
        text=row.body_text or "",
        html=row.body_html,
    )


async def start_sending(
    session: AsyncSession, claimed: Claimed, *, worker_id: str, now: datetime
) -> bool:
    """Mark the hand-over to the sender; False when the lease is gone (then don't send)."""
    if now >= claimed.lease_until:
        await outbox_repository.release(session, claimed.message.id, worker_id=worker_id)
        return False
    return await outbox_repository.mark_sending(
        session, claimed.message.id, worker_id=worker_id, now=now
    )


async def record_outcome(
    session: AsyncSession,
    settings: Settings,
    claimed: Claimed,
    *,
    worker_id: str,
    error: DeliveryError | None,
    now: datetime,
) -> str:
    """Mark a delivery sent, scheduled for a retry, or failed; `lost` if the lease was lost."""
    message_id = claimed.message.id
    if error is None:
        done = await outbox_repository.mark_sent(session, message_id, worker_id=worker_id, now=now)
        return SENT if done else LOST
    policy = RetryPolicy(
        settings.outbox_max_attempts, settings.outbox_backoff_base_s, settings.outbox_backoff_max_s
    )
    attempts = claimed.attempts + 1
    retry_at = (
        None
        if error.permanent
        else next_attempt_at(now, attempts, policy, retry_after_s=error.retry_after_s)
    )
    if retry_at is None:
        done = await outbox_repository.mark_failed(
            session, message_id, worker_id=worker_id, error=error.reason, now=now
        )
        return FAILED if done else LOST
    done = await outbox_repository.mark_retry(
        session, message_id, worker_id=worker_id, error=error.reason, next_attempt_at=retry_at
    )
    return RETRY if done else LOST


async def forget_destinations(
    session: AsyncSession,
    merchant_id: MerchantId,
    destinations: Collection[str],
    *,
    also_brandless: bool = False,
) -> None:
    """Erasure: the brand's messages to these phones and emails, and with `also_brandless`
    the sign-in messages of no brand (reached as the worker), forget them."""
    if not destinations:
        return
    wanted = sorted(destinations)
    await outbox_repository.forget_destinations(session, merchant_id, wanted)
    if also_brandless:
        async with tenancy.as_worker(session):
            await outbox_repository.forget_destinations(session, None, wanted)
