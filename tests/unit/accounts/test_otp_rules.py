"""One-time code rules: codes, keyed digests, verdicts, send limits, masking."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from patronage.accounts.otp import rules
from patronage.accounts.otp.rules import ChallengeState, SendHistory, SendLimits, Verdict

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = b"k" * 32
CHALLENGE = uuid.UUID(int=7)
BRAND = uuid.UUID(int=42)
LIMITS = SendLimits(
    cooldown=timedelta(seconds=60),
    short_window=timedelta(minutes=10),
    short_max=5,
    day_window=timedelta(hours=24),
    day_max=10,
    address_window=timedelta(hours=1),
    address_max=3,
)


def _digest(code: str = "123456", **overrides: object) -> str:
    values: dict[str, object] = {
        "purpose": rules.PROMOTE,
        "destination": "dest",
        "merchant_id": BRAND,
        "challenge_id": CHALLENGE,
        "code": code,
    }
    values.update(overrides)
    return rules.code_digest(SECRET, **values)  # type: ignore[arg-type]


def _state(**overrides: object) -> ChallengeState:
    values: dict[str, object] = {
        "code_digest": _digest(),
        "expires_at": NOW + timedelta(minutes=5),
        "attempts": 0,
        "consumed_at": None,
    }
    values.update(overrides)
    return ChallengeState(**values)  # type: ignore[arg-type]


def _verdict(state: ChallengeState, code: str = "123456", now: datetime = NOW) -> Verdict:
    return rules.judge(state, _digest(code), now=now, max_attempts=5)


def test_codes_are_six_digits() -> None:
    codes = {rules.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150


def test_the_stored_digest_is_not_the_code() -> None:
    assert "123456" not in _digest()
    assert len(_digest()) == 64


def test_the_digest_binds_purpose_destination_brand_and_challenge() -> None:
    variants = [
        _digest(purpose=rules.SIGN_IN),
        _digest(destination="other"),
        _digest(merchant_id=uuid.UUID(int=43)),
        _digest(merchant_id=None),
        _digest(challenge_id=uuid.UUID(int=8)),
        rules.code_digest(
            b"x" * 32,
            purpose=rules.PROMOTE,
            destination="dest",
            merchant_id=BRAND,
            challenge_id=CHALLENGE,
            code="123456",
        ),
    ]
    assert _digest() not in variants


def test_the_right_code_is_accepted() -> None:
    assert _verdict(_state()) is Verdict.ACCEPTED


def test_a_wrong_code_is_wrong() -> None:
    assert _verdict(_state(), "654321") is Verdict.WRONG


def test_an_expired_code_is_expired_even_when_right() -> None:
    assert _verdict(_state(), now=NOW + timedelta(minutes=5)) is Verdict.EXPIRED


def test_a_used_code_is_refused() -> None:
    assert _verdict(_state(consumed_at=NOW)) is Verdict.USED


def test_a_challenge_with_five_wrong_guesses_is_dead_even_for_the_right_code() -> None:
    assert _verdict(_state(attempts=4)) is Verdict.ACCEPTED
    assert _verdict(_state(attempts=5)) is Verdict.DEAD


def test_attempts_left_never_goes_below_zero() -> None:
    assert rules.attempts_left(3, 5) == 2
    assert rules.attempts_left(7, 5) == 0


def test_no_history_allows_a_send() -> None:
    assert rules.send_retry_after(SendHistory([], []), LIMITS, NOW) is None


def test_the_cooldown_waits_out_sixty_seconds_after_the_same_send() -> None:
    last = NOW - timedelta(seconds=15)
    assert rules.send_retry_after(SendHistory([last], [last]), LIMITS, NOW) == 45


def test_another_purpose_or_brand_is_not_held_by_the_cooldown() -> None:
    other = NOW - timedelta(seconds=15)
    assert rules.send_retry_after(SendHistory([], [other]), LIMITS, NOW) is None


def test_a_sixth_send_in_ten_minutes_waits_for_the_oldest_to_leave_the_window() -> None:
    sends = [NOW - timedelta(minutes=m) for m in (1, 2, 3, 4, 8)]
    assert rules.send_retry_after(SendHistory([], sends), LIMITS, NOW) == 120


def test_an_eleventh_send_in_a_day_waits_for_the_day_window() -> None:
    sends = [NOW - timedelta(hours=h) for h in range(11, 21)]
    assert rules.send_retry_after(SendHistory([], sends), LIMITS, NOW) == 4 * 3600


def test_the_client_address_limit_applies_only_when_given() -> None:
    sends = [NOW - timedelta(minutes=m) for m in (10, 20, 30)]
    assert rules.send_retry_after(SendHistory([], [], sends), LIMITS, NOW) == 30 * 60
    assert rules.send_retry_after(SendHistory([], [], None), LIMITS, NOW) is None


@given(st.lists(st.integers(min_value=0, max_value=86_399), max_size=30))
def test_retry_after_is_positive_and_then_sending_is_allowed(ages: list[int]) -> None:
    sends = sorted((NOW - timedelta(seconds=a) for a in ages), reverse=True)
    history = SendHistory(sends[:1], sends[:10])
    wait = rules.send_retry_after(history, LIMITS, NOW)
    if wait is not None:
        assert wait >= 1
        assert rules.send_retry_after(history, LIMITS, NOW + timedelta(seconds=wait)) is None
