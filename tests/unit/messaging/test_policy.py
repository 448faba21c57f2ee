"""When a failed delivery is retried."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from patronage.messaging.policy import RetryPolicy, backoff_seconds, next_attempt_at

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=4, base_s=10, max_s=60)


def test_backoff_doubles_between_half_and_all_of_its_ceiling() -> None:
    rng = random.Random(1)
    for attempts, ceiling in ((1, 10), (2, 20), (3, 40), (4, 60), (9, 60)):
        delay = backoff_seconds(attempts, POLICY, rng)
        assert ceiling / 2 <= delay <= ceiling


def test_a_retry_is_scheduled_in_the_future() -> None:
    retry = next_attempt_at(NOW, 1, POLICY)
    assert retry is not None
    assert NOW + timedelta(seconds=5) <= retry <= NOW + timedelta(seconds=10)


def test_the_last_attempt_gives_up() -> None:
    assert next_attempt_at(NOW, 4, POLICY) is None


def test_a_gateways_retry_after_is_honoured_up_to_the_cap() -> None:
    assert next_attempt_at(NOW, 1, POLICY, retry_after_s=30) == NOW + timedelta(seconds=30)
    assert next_attempt_at(NOW, 1, POLICY, retry_after_s=3600) == NOW + timedelta(seconds=60)
