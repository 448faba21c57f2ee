"""Counting failed sign-ins and locking a key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from patronage.identity.auth.models import SignInThrottle
from patronage.identity.auth.throttle import Limits, register_failure, retry_after_seconds

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LIMITS = Limits(max_failures=3, window=timedelta(minutes=15), lockout=timedelta(minutes=10))


def _row() -> SignInThrottle:
    return SignInThrottle(key="account:a@b.vn", failures=0, window_started_at=NOW)


def test_failures_below_the_limit_do_not_lock() -> None:
    row = _row()
    register_failure(row, LIMITS, NOW)
    register_failure(row, LIMITS, NOW)
    assert row.locked_until is None


def test_reaching_the_limit_locks_for_the_lockout() -> None:
    row = _row()
    for _ in range(3):
        register_failure(row, LIMITS, NOW)
    assert row.locked_until == NOW + LIMITS.lockout
    assert retry_after_seconds([row], NOW) == 600


def test_failures_outside_the_window_start_a_new_count() -> None:
    row = _row()
    register_failure(row, LIMITS, NOW)
    register_failure(row, LIMITS, NOW)
    register_failure(row, LIMITS, NOW + timedelta(minutes=16))
    assert row.failures == 1
    assert row.locked_until is None


def test_no_lock_means_no_retry_after() -> None:
    assert retry_after_seconds([], NOW) is None
