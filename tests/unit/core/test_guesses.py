from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from patronage.core.guesses import open_verdict

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class State:
    attempts: int
    expires_at: datetime


def test_a_right_guess_in_time_is_accepted() -> None:
    state = State(0, NOW + timedelta(minutes=1))
    assert open_verdict(state, matches=True, now=NOW, max_attempts=5) == "accepted"


def test_a_wrong_guess_in_time_is_wrong() -> None:
    state = State(0, NOW + timedelta(minutes=1))
    assert open_verdict(state, matches=False, now=NOW, max_attempts=5) == "wrong"


def test_a_guess_at_the_expiry_is_expired() -> None:
    assert open_verdict(State(0, NOW), matches=True, now=NOW, max_attempts=5) == "expired"


def test_too_many_guesses_kill_the_code_even_before_it_expires() -> None:
    state = State(5, NOW - timedelta(minutes=1))
    assert open_verdict(state, matches=True, now=NOW, max_attempts=5) == "dead"
