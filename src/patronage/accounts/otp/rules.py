"""One-time code rules: generation, keyed digests, verdicts and send limits; no I/O."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from patronage.core import guesses

CODE_DIGITS = 6
PROMOTE = "promote"
SIGN_IN = "sign_in"
PURPOSES = (PROMOTE, SIGN_IN)


class Verdict(StrEnum):
    """What a guess at a challenge amounts to."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    DEAD = "dead"


@dataclass(frozen=True)
class ChallengeState:
    """The parts of a stored challenge a verdict depends on."""

    code_digest: str
    expires_at: datetime
    attempts: int
    consumed_at: datetime | None


@dataclass(frozen=True)
class SendLimits:
    cooldown: timedelta
    short_window: timedelta
    short_max: int
    day_window: timedelta
    day_max: int
    address_window: timedelta
    address_max: int


@dataclass(frozen=True)
class SendHistory:
    """Recent sends: newest first, each list already limited to its window."""

    same_purpose: Sequence[datetime]
    destination: Sequence[datetime]
    address: Sequence[datetime] | None = None


def new_code() -> str:
    """Six random digits from the system's CSPRNG."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _hmac(secret: bytes, *parts: str) -> str:
    return hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def destination_digest(secret: bytes, channel: str, destination: str) -> str:
    """A keyed digest of a phone or email: what limits count by, without storing it."""
    return _hmac(secret, "destination", channel, destination)


def address_digest(secret: bytes, address: str) -> str:
    """A keyed digest of a client address (limits of the public endpoint)."""
    return _hmac(secret, "address", address)


def code_digest(
    secret: bytes,
    *,
    purpose: str,
    destination: str,
    merchant_id: uuid.UUID | None,
    challenge_id: uuid.UUID,
    code: str,
) -> str:
    """What is stored for a code: an HMAC over purpose, destination, brand and challenge."""
    brand = str(merchant_id) if merchant_id else "-"
    return _hmac(secret, "code", purpose, destination, brand, str(challenge_id), code)


def judge(
    state: ChallengeState, candidate_digest: str, *, now: datetime, max_attempts: int
) -> Verdict:
    """Decide a guess; the comparison takes constant time whatever the code."""
    matches = hmac.compare_digest(state.code_digest, candidate_digest)
    if state.consumed_at is not None:
        return Verdict.USED
    return Verdict(guesses.open_verdict(state, matches=matches, now=now, max_attempts=max_attempts))


def attempts_left(attempts: int, max_attempts: int) -> int:
    return max(0, max_attempts - attempts)


def send_retry_after(history: SendHistory, limits: SendLimits, now: datetime) -> int | None:
    """Seconds until another code may be sent, or None when one may be sent now."""
    waits = [
        _wait(history.same_purpose, 1, limits.cooldown, now),
        _wait(history.destination, limits.short_max, limits.short_window, now),
        _wait(history.destination, limits.day_max, limits.day_window, now),
    ]
    if history.address is not None:
        waits.append(_wait(history.address, limits.address_max, limits.address_window, now))
    due = [w for w in waits if w is not None]
    return max(due) if due else None


def _wait(
    newest_first: Sequence[datetime], maximum: int, window: timedelta, now: datetime
) -> int | None:
    # With `maximum` sends inside the window, the oldest of them must leave it first.
    recent = [t for t in newest_first if now - t < window]
    if maximum <= 0 or len(recent) < maximum:
        return None
    seconds = (recent[maximum - 1] + window - now).total_seconds()
    return max(1, math.ceil(seconds))
