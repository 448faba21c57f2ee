"""Invitation codes and verdicts; no I/O."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from patronage.core import guesses

# No 0/O, 1/I/L: a code read from an email and typed by hand.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"
    UNAVAILABLE = "unavailable"
    DEAD = "dead"


@dataclass(frozen=True)
class InvitationState:
    """What a verdict depends on; `attempts` counts the guesses made before this one."""

    expires_at: datetime
    attempts: int
    accepted_at: datetime | None
    revoked_at: datetime | None


def new_code() -> str:
    """Ten characters from the system's CSPRNG (about 50 bits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """`ABCDE-FGHJK`: easier to read and type."""
    return f"{code[:5]}-{code[5:]}"


def canonical_code(typed: str) -> str:
    """The code as typed, without spaces or dashes, upper-cased."""
    return "".join(ch for ch in typed.upper() if ch not in " -")


def digest_input(invitation_id: uuid.UUID, code: str) -> str:
    """What is keyed-hashed for storage: the code bound to its invitation."""
    return f"staff-invitation\x1f{invitation_id}\x1f{canonical_code(code)}"


def judge(state: InvitationState, *, matches: bool, now: datetime, max_attempts: int) -> Verdict:
    """Decide a guess at an invitation."""
    if state.accepted_at is not None or state.revoked_at is not None:
        return Verdict.UNAVAILABLE
    return Verdict(guesses.open_verdict(state, matches=matches, now=now, max_attempts=max_attempts))
