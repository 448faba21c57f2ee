"""Counting sign-in attempts with a growing delay per key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from patronage.identity.auth.throttle import Limits, State, delay_after, reserve, retry_after

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LIMITS = Limits(free_failures=3, window=timedelta(minutes=15), max_delay=timedelta(minutes=10))


def _fresh() -> State:
    return State(failures=0, last_attempt_at=NOW, locked_until=None)


def _after(attempts: int) -> State:
    state = _fresh()
    for _ in range(attempts):
        reservation = reserve(state, LIMITS, state.locked_until or NOW)
        assert reservation.allowed and reservation.state
        state = reservation.state
    return state


def test_attempts_below_the_free_count_never_wait() -> None:
    assert _after(2).locked_until is None


def test_the_attempt_that_uses_the_free_count_makes_the_next_wait_one_second() -> None:
    assert _after(3).locked_until == NOW + timedelta(seconds=1)


def test_each_further_failure_doubles_the_wait() -> None:
    assert [delay_after(n, LIMITS) for n in (3, 4, 5, 6)] == [
        timedelta(seconds=s) for s in (1, 2, 4, 8)
    ]


def test_the_wait_is_capped() -> None:
    assert delay_after(1000, LIMITS) == LIMITS.max_delay


def test_an_attempt_while_waiting_is_refused_with_the_seconds_left() -> None:
    state = State(failures=5, last_attempt_at=NOW, locked_until=NOW + timedelta(seconds=4))
    refused = reserve(state, LIMITS, NOW + timedelta(milliseconds=500))
    assert not refused.allowed
    assert refused.retry_after == 4


def test_a_quiet_window_forgets_the_run_of_failures() -> None:
    state = State(failures=5, last_attempt_at=NOW, locked_until=NOW + timedelta(seconds=4))
    later = NOW + timedelta(seconds=4) + LIMITS.window + timedelta(seconds=1)
    reservation = reserve(state, LIMITS, later)
    assert reservation.state is not None and reservation.state.failures == 1


def test_no_wait_means_no_retry_after() -> None:
    assert retry_after(_fresh(), NOW) is None
