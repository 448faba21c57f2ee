"""A guess at a code still open, the rule one-time codes and invitations share; no I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Guessed(Protocol):
    """What the verdict depends on; `attempts` counts the guesses made before this one."""

    @property
    def attempts(self) -> int: ...

    @property
    def expires_at(self) -> datetime: ...


def open_verdict(state: Guessed, *, matches: bool, now: datetime, max_attempts: int) -> str:
    """`dead` after `max_attempts` guesses, then `expired` once past `expires_at`, then
    `accepted` or `wrong`."""
    if state.attempts >= max_attempts:
        return "dead"
    if now >= state.expires_at:
        return "expired"
    return "accepted" if matches else "wrong"
