"""Passwords and tokens."""

from __future__ import annotations

import pytest

from patronage.core import security
from patronage.core.settings import Settings

FAST = Settings(argon2_time_cost=1, argon2_memory_cost_kib=1024)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "password.too_short"),
        ("password123", "password.too_common"),
        ("aaaaaaaaaaaa", "password.too_common"),
        ("lan@example.com", "password.too_common"),
        ("Cà phê sữa đá 2026", None),
    ],
)
def test_weak_passwords_are_named(password: str, reason: str | None) -> None:
    assert security.password_weakness(password, min_length=10, email="lan@example.com") == reason


async def test_a_password_verifies_against_its_own_hash_only() -> None:
    hashed = await security.hash_password("Cà phê sữa đá 2026", FAST)
    assert hashed.startswith("$argon2id$")
    assert await security.verify_password(hashed, "Cà phê sữa đá 2026", FAST)
    assert not await security.verify_password(hashed, "something else", FAST)


async def test_a_missing_hash_never_verifies() -> None:
    assert not await security.verify_password(None, "anything", FAST)


def test_tokens_are_random_and_stored_only_as_keyed_digests() -> None:
    first, second = security.new_token(), security.new_token()
    assert first != second and len(first) >= 40
    digest = security.token_digest(first, FAST)
    assert first not in digest and len(digest) == 64
    other_key = Settings(secret_key="x" * 40)  # type: ignore[arg-type]
    assert security.token_digest(first, other_key) != digest
