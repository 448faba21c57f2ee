"""Retry rules of delivery: which failures are retried, and when; no I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_s: float
    max_s: float


def backoff_seconds(attempts: int, policy: RetryPolicy, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter after `attempts` failed deliveries (1, 2, …)."""
    ceiling = min(policy.max_s, policy.base_s * 2.0 ** max(0, attempts - 1))
    # Half fixed, half random: spreads retries of a burst without ever retrying at once.
    jitter: float = (rng or random).uniform(0, ceiling / 2)
    return ceiling / 2 + jitter


def next_attempt_at(
    now: datetime,
    attempts: int,
    policy: RetryPolicy,
    *,
    retry_after_s: float | None = None,
    rng: random.Random | None = None,
) -> datetime | None:
    """When to try again, or None when the message should be given up."""
    if attempts >= policy.max_attempts:
        return None
    delay = backoff_seconds(attempts, policy, rng)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, policy.max_s))
    return now + timedelta(seconds=delay)
