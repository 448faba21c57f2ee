"""Passwords (argon2, off the event loop), opaque tokens stored as keyed hashes."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from patronage.core import i18n
from patronage.core.settings import Settings, get_settings

# A valid hash of a random password: verifying against it costs the same time as a
# real check, so an unknown email answers as slowly as a wrong password.
_DUMMY_PASSWORD = secrets.token_urlsafe(16)
_COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "12345678",
        "123456789",
        "1234567890",
        "qwertyuiop",
        "iloveyou",
        "11111111",
        "00000000",
        "matkhau123",
        "password123",
        "abc123456",
        "123123123",
        "admin12345",
        "qwerty123",
        "welcome123",
        "letmein123",
    }
)


@lru_cache(maxsize=8)
def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def _current_hasher(settings: Settings | None = None) -> PasswordHasher:
    s = settings or get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_cost_kib)


T = TypeVar("T")
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


async def run_bounded(work: Callable[[], T], settings: Settings | None) -> T:
    """Run one argon2 computation in a worker thread, at most `argon2_max_concurrency` at
    once per process: a burst of sign-ins waits instead of taking memory for each."""
    limit = (settings or get_settings()).argon2_max_concurrency
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None or limiter.total_tokens != limit:
        limiter = _limiters[loop] = CapacityLimiter(limit)
    return await anyio.to_thread.run_sync(work, limiter=limiter)


async def hash_password(password: str, settings: Settings | None = None) -> str:
    """An argon2id hash, computed in a worker thread."""
    hasher = _current_hasher(settings)
    return await run_bounded(lambda: hasher.hash(password), settings)


async def verify_password(
    password_hash: str | None, password: str, settings: Settings | None = None
) -> bool:
    """Constant-cost check; a missing hash still costs one verification."""
    hasher = _current_hasher(settings)
    target = password_hash or await _dummy_hash(hasher, settings)

    def _verify() -> bool:
        try:
            return hasher.verify(target, password)
        except (VerificationError, InvalidHashError):
            return False

    ok = await run_bounded(_verify, settings)
    return ok and password_hash is not None


_dummy_hashes: dict[int, str] = {}


async def _dummy_hash(hasher: PasswordHasher, settings: Settings | None) -> str:
    key = id(hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = await run_bounded(lambda: hasher.hash(_DUMMY_PASSWORD), settings)
    return _dummy_hashes[key]


def password_weakness(password: str, *, min_length: int, email: str | None = None) -> str | None:
    """Why a password is too weak (a message key), or None when it is acceptable."""
    if len(password) < min_length:
        return "password.too_short"
    if len(password) > 256:
        return "password.too_long"
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS or len(set(password)) < 4:
        return "password.too_common"
    if email and lowered == email.lower():
        return "password.too_common"
    return _estimated_weakness(password, email)


# zxcvbn's score: 3 resists an offline attack on a slow hash (~10^10 guesses).
MIN_STRENGTH = 3
ESTIMATOR_MAX_LENGTH = 72  # zxcvbn's own limit; the head of a longer password is judged
# The pattern that makes a password guessable, as zxcvbn names it → our reason.
_PATTERN_REASONS = {
    "dictionary": "password.too_common",
    "spatial": "password.keyboard_pattern",
    "repeat": "password.repeated",
    "sequence": "password.sequence",
    "date": "password.dates",
    "regex": "password.dates",  # zxcvbn's only regex is a recent year
}


def weakness_details(reason: str) -> dict[str, str]:
    """The details of a refused password: the reason's code and its message."""
    return {"reason": reason, "hint": i18n.translate(f"field.{reason}")}


def _estimated_weakness(password: str, email: str | None) -> str | None:
    """Judge the password with zxcvbn (dictionaries, keyboard walks, l33t, dates…)."""
    hints = [email, *(email or "").split("@")] if email else []
    result = zxcvbn(password[:ESTIMATOR_MAX_LENGTH], user_inputs=hints)
    if result["score"] >= MIN_STRENGTH:
        return None
    matches = sorted(result["sequence"], key=lambda m: len(m["token"]), reverse=True)
    for match in matches:
        reason = _PATTERN_REASONS.get(match["pattern"])
        if reason:
            return reason
    return "password.guessable"


def new_token() -> str:
    """A fresh opaque bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str, settings: Settings | None = None) -> str:
    """What is stored for a token: an HMAC keyed by the secret key, never the token."""
    key = (settings or get_settings()).secret_key.get_secret_value().encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
