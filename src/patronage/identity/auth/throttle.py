"""Rules for counting failed sign-ins and locking a key for a while; no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from patronage.identity.auth.models import SignInThrottle


@dataclass(frozen=True)
class Limits:
    max_failures: int
    window: timedelta
    lockout: timedelta


def register_failure(row: SignInThrottle, limits: Limits, now: datetime) -> None:
    """Count one failure; lock the key once the window holds too many."""
    if now - row.window_started_at > limits.window:
        row.failures = 0
        row.window_started_at = now
    row.failures += 1
    if row.failures >= limits.max_failures:
        row.locked_until = now + limits.lockout
        row.failures = 0
        row.window_started_at = now


def retry_after_seconds(rows: list[SignInThrottle], now: datetime) -> int | None:
    """Seconds until every locked key opens again, or None if none is locked."""
    waits = [(r.locked_until - now).total_seconds() for r in rows if r.locked_until]
    return max(1, math.ceil(max(waits))) if waits else None


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"
