"""Settings refuse development secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from patronage.core.settings import Settings, to_async_url


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="PATRONAGE_SECRET_KEY"):
        Settings(env="production")


def test_production_accepts_real_secrets() -> None:
    settings = Settings(env="production", secret_key="s" * 40, otp_secret="o" * 40)  # type: ignore[arg-type]
    assert settings.env == "production"


def test_development_runs_on_the_defaults() -> None:
    assert Settings(env="development").async_database_url.startswith("sqlite+aiosqlite")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_plain_urls_get_async_drivers(url: str, expected: str) -> None:
    assert to_async_url(url) == expected
