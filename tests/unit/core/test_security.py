"""Passwords and tokens."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from patronage.core import i18n, security
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


async def test_by_default_a_hash_costs_3_passes_over_64_mib() -> None:
    """What production runs; the tests hash at the cheapest cost (FAST, make_settings)."""
    hashed = await security.hash_password("Cà phê sữa đá 2026", Settings())
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,")


async def test_a_missing_hash_never_verifies() -> None:
    assert not await security.verify_password(None, "anything", FAST)


def test_tokens_are_random_and_stored_only_as_keyed_digests() -> None:
    first, second = security.new_token(), security.new_token()
    assert first != second and len(first) >= 40
    digest = security.token_digest(first, FAST)
    assert first not in digest and len(digest) == 64
    other_key = Settings(secret_key="x" * 40)  # type: ignore[arg-type]
    assert security.token_digest(first, other_key) != digest


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Password1!", "password.too_common"),
        ("Qwertyuiop1", "password.too_common"),
        ("zxcvbnm,./12", "password.keyboard_pattern"),
        ("abcdefghijklmn", "password.sequence"),
    ],
)
def test_guessable_passwords_are_refused_by_the_estimator(password: str, reason: str) -> None:
    assert security.password_weakness(password, min_length=10) == reason


def test_a_refused_password_names_its_reason_in_the_callers_language() -> None:
    token = i18n.current_lang.set("vi")
    try:
        details = security.weakness_details("password.too_common")
    finally:
        i18n.current_lang.reset(token)
    assert details == {"reason": "password.too_common", "hint": "Mật khẩu này quá dễ đoán."}


async def test_no_more_password_hashes_run_at_once_than_the_setting_allows() -> None:
    settings = Settings(argon2_time_cost=1, argon2_memory_cost_kib=1024, argon2_max_concurrency=2)
    running, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    await asyncio.gather(*(security.run_bounded(work, settings) for _ in range(8)))
    assert most == 2
