"""Sending one-time codes (within limits) and verifying them exactly once."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.otp import messages, rules
from patronage.accounts.otp import repository as otp_repository
from patronage.accounts.otp.errors import (
    DEAD,
    EXPIRED,
    NOT_FOUND,
    TOO_MANY_SENDS,
    USED,
    WRONG_CODE,
    WrongCode,
)
from patronage.accounts.otp.models import OtpChallenge
from patronage.core import tenancy
from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.messaging import channels
from patronage.messaging import service as outbox_service


@dataclass(frozen=True)
class IssuedChallenge:
    """What may be told about a sent code: never the code."""

    id: uuid.UUID
    channel: str
    expires_at: datetime
    destination_masked: str


@dataclass(frozen=True)
class Recipient:
    """Who a code goes to and how to address them."""

    channel: str
    destination: str
    locale: str
    brand_name: str | None = None


def _secret(settings: Settings) -> bytes:
    return settings.otp_secret.get_secret_value().encode()


def ttl(settings: Settings, channel: str) -> timedelta:
    """How long a code sent over `channel` stays valid."""
    seconds = settings.otp_sms_ttl_s if channel == channels.SMS else settings.otp_email_ttl_s
    return timedelta(seconds=seconds)


def limits(settings: Settings) -> rules.SendLimits:
    """The send limits, from settings."""
    return rules.SendLimits(
        cooldown=timedelta(seconds=settings.otp_cooldown_s),
        short_window=timedelta(seconds=settings.otp_short_window_s),
        short_max=settings.otp_max_per_destination_short,
        day_window=timedelta(seconds=settings.otp_day_window_s),
        day_max=settings.otp_max_per_destination_day,
        address_window=timedelta(seconds=settings.otp_address_window_s),
        address_max=settings.otp_max_per_address,
    )


async def send_code(
    session: AsyncSession,
    settings: Settings,
    recipient: Recipient,
    *,
    purpose: str,
    merchant_id: MerchantId | None = None,
    customer_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    client_address: str | None = None,
    deliver: bool = True,
) -> IssuedChallenge:
    """Create a challenge and queue its message; `deliver=False` makes an identical decoy."""
    now, secret = utcnow(), _secret(settings)
    digest = rules.destination_digest(secret, recipient.channel, recipient.destination)
    client = rules.address_digest(secret, client_address) if client_address else None
    await otp_repository.lock_destination(session, digest, client)
    await _enforce_limits(session, settings, digest, purpose, merchant_id, client, now)
    challenge = OtpChallenge(
        id=new_id(),
        purpose=purpose,
        channel=recipient.channel,
        destination_digest=digest,
        destination=recipient.destination if deliver else None,
        merchant_id=merchant_id,
        customer_id=customer_id,
        user_id=user_id,
        client_digest=client,
        created_at=now,
        expires_at=now + ttl(settings, recipient.channel),
    )
    # A decoy's digest covers a value no six-digit code can equal: it never verifies.
    code = rules.new_code() if deliver else secrets.token_hex(16)
    challenge.code_digest = _digest(secret, challenge, code)
    otp_repository.add(session, challenge)
    await session.flush()
    if deliver:
        await _queue_message(session, settings, challenge, recipient, code)
    masked = channels.mask_destination(recipient.channel, recipient.destination)
    return IssuedChallenge(challenge.id, challenge.channel, challenge.expires_at, masked)


def _digest(secret: bytes, challenge: OtpChallenge, code: str) -> str:
    return rules.code_digest(
        secret,
        purpose=challenge.purpose,
        destination=challenge.destination_digest,
        merchant_id=challenge.merchant_id,
        challenge_id=challenge.id,
        code=code,
    )


async def _enforce_limits(
    session: AsyncSession,
    settings: Settings,
    digest: str,
    purpose: str,
    merchant_id: MerchantId | None,
    client: str | None,
    now: datetime,
) -> None:
    rule = limits(settings)
    history = rules.SendHistory(
        same_purpose=await otp_repository.recent_sends_for_purpose(
            session,
            digest,
            purpose=purpose,
            merchant_id=merchant_id,
            since=now - rule.cooldown,
            limit=1,
        ),
        destination=await otp_repository.recent_sends_to(
            session, digest, since=now - rule.day_window, limit=rule.day_max
        ),
        address=None
        if client is None
        else await otp_repository.recent_sends_from_client(
            session, client, since=now - rule.address_window, limit=rule.address_max
        ),
    )
    wait = rules.send_retry_after(history, rule, now)
    if wait is not None:
        raise AppError(TOO_MANY_SENDS, headers={"Retry-After": str(wait)}, retry_after=wait)


async def _queue_message(
    session: AsyncSession,
    settings: Settings,
    challenge: OtpChallenge,
    recipient: Recipient,
    code: str,
) -> None:
    minutes = int(ttl(settings, recipient.channel).total_seconds() // 60)
    rendered = messages.render(
        purpose=challenge.purpose,
        channel=recipient.channel,
        locale=recipient.locale,
        code=code,
        minutes=minutes,
        brand=recipient.brand_name,
    )
    await outbox_service.enqueue(
        session,
        channel=recipient.channel,
        destination=recipient.destination,
        locale=recipient.locale,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        merchant_id=challenge.merchant_id,
        expires_at=challenge.expires_at,
    )


async def verify_promotion_code(
    session: AsyncSession,
    settings: Settings,
    merchant_id: MerchantId,
    *,
    customer_id: uuid.UUID,
    challenge_id: uuid.UUID,
    code: str,
) -> OtpChallenge:
    """Use up a promotion code of this brand's customer; the challenge when it was right."""
    challenge = await otp_repository.get_promotion_for_update(
        session, merchant_id, customer_id, challenge_id
    )
    return await _verify(session, settings, challenge, code)


async def verify_sign_in_code(
    session: AsyncSession, settings: Settings, *, challenge_id: uuid.UUID, code: str
) -> OtpChallenge:
    """Use up a customer sign-in code; the challenge when it was right."""
    challenge = await otp_repository.get_sign_in_for_update(session, challenge_id)
    return await _verify(session, settings, challenge, code)


async def _verify(
    session: AsyncSession, settings: Settings, challenge: OtpChallenge | None, code: str
) -> OtpChallenge:
    if challenge is None:
        raise AppError(NOT_FOUND)
    now, maximum = utcnow(), settings.otp_max_attempts
    reserved = await otp_repository.reserve_attempt(session, challenge.id, max_attempts=maximum)
    if reserved is None:
        # No guess left, or used meanwhile: never judged.
        await session.refresh(challenge)
        raise AppError(USED if challenge.consumed_at is not None else DEAD)
    state = rules.ChallengeState(
        challenge.code_digest, challenge.expires_at, reserved - 1, challenge.consumed_at
    )
    verdict = rules.judge(
        state, _digest(_secret(settings), challenge, code), now=now, max_attempts=maximum
    )
    if verdict is rules.Verdict.WRONG:
        left = rules.attempts_left(reserved, maximum)
        raise WrongCode(WRONG_CODE, {"attempts_left": left}, attempts_left=left)
    refusal = {rules.Verdict.EXPIRED: EXPIRED, rules.Verdict.USED: USED, rules.Verdict.DEAD: DEAD}
    if verdict in refusal:
        raise AppError(refusal[verdict])
    if not await otp_repository.consume(session, challenge.id, now=now, max_attempts=maximum):
        raise AppError(USED)
    return challenge


async def purge(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Delete challenges no limit looks at any more."""
    horizon = max(
        settings.otp_day_window_s, settings.otp_address_window_s, settings.otp_email_ttl_s
    )
    return await otp_repository.purge_created_before(
        session, now - timedelta(seconds=horizon) - timedelta(days=1)
    )


async def forget_destinations(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    account_id: uuid.UUID | None = None,
) -> None:
    """Erasure: the customer's promotion codes, and the erased account's sign-in codes (of
    no brand, reached as the worker), keep no plain phone or email."""
    await otp_repository.forget_destinations(session, merchant_id, customer_id=customer_id)
    if account_id is not None:
        async with tenancy.as_worker(session):
            await otp_repository.forget_destinations(session, None, user_id=account_id)
