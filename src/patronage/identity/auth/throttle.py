"""Sign-in throttling rules: a growing delay per key; no I/O.

Each attempt is counted (reserved) before its password is judged, as if it failed; a
successful sign-in resets its account's count and gives its address the attempt back.
An address over its limit still lets an account that signed in successfully from it lately
try (behind a shop's NAT, one client's failures must not lock the others out).
After `free_failures` counted attempts in a row, the next one must wait `first_delay`
(1 s by default), then twice that, four times, … up to `max_delay`; a run of failures is
forgotten after `window` of quiet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limits:
    free_failures: int
    window: timedelta
    max_delay: timedelta
    first_delay: timedelta = timedelta(seconds=1)


@dataclass(frozen=True)
class State:
    """A key's count of failures in a row, when the last was counted, and until when the
    next attempt must wait."""

    failures: int
    last_attempt_at: datetime
    locked_until: datetime | None


@dataclass(frozen=True)
class Reservation:
    """An attempt allowed (with the state to store), or refused for `retry_after` seconds."""

    allowed: bool
    state: State | None = None
    retry_after: int | None = None


def reserve(state: State, limits: Limits, now: datetime) -> Reservation:
    """Count one attempt now, or refuse it while the key must still wait."""
    wait = retry_after(state, now)
    if wait is not None:
        return Reservation(False, retry_after=wait)
    failures = 0 if _forgotten(state, limits, now) else state.failures
    failures += 1
    delay = delay_after(failures, limits)
    locked_until = now + delay if delay else None
    return Reservation(True, State(failures, now, locked_until))


def delay_after(failures: int, limits: Limits) -> timedelta | None:
    """How long the next attempt waits after `failures` in a row (None: no wait)."""
    extra = failures - limits.free_failures
    if extra < 0:
        return None
    # Past 2^30 times the first delay any cap applies; do not build a huge number.
    factor: int = 2 ** min(extra, 30)
    return min(limits.first_delay * factor, limits.max_delay)


def retry_after(state: State, now: datetime) -> int | None:
    """Seconds until the key may try again, or None when it may now."""
    if state.locked_until is None or state.locked_until <= now:
        return None
    return max(1, math.ceil((state.locked_until - now).total_seconds()))


def _forgotten(state: State, limits: Limits, now: datetime) -> bool:
    quiet_since = state.locked_until or state.last_attempt_at
    return now - quiet_since > limits.window


def recently_seen(state: State | None, now: datetime, within: timedelta) -> bool:
    """Whether a `known_key` row records a successful sign-in within `within`."""
    return state is not None and now - state.last_attempt_at <= within


def known_key(account: str, address: str) -> str:
    """The key recording that `account` signed in successfully from `address`."""
    return f"known:{address}|{account.strip().lower()}"


def account_key(account: str) -> str:
    return f"account:{account.strip().lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"
