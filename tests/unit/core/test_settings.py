"""Settings refuse development secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from patronage.cli import app
from patronage.core.settings import Settings, describe_errors, get_settings, to_async_url


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


REFUSED_SECRET = "a-31-character-secret-refused!!"


def test_a_refused_secret_is_not_echoed_in_the_error() -> None:
    assert len(REFUSED_SECRET) == 31
    with pytest.raises(ValidationError) as caught:
        Settings(env="production", secret_key="s" * 40, otp_secret=REFUSED_SECRET)  # type: ignore[arg-type]
    assert "PATRONAGE_OTP_SECRET" in str(caught.value)
    assert REFUSED_SECRET not in str(caught.value)
    assert REFUSED_SECRET not in repr(describe_errors(caught.value))


def test_the_command_line_names_a_refused_secret_without_printing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATRONAGE_ENV", "production")
    monkeypatch.setenv("PATRONAGE_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PATRONAGE_OTP_SECRET", REFUSED_SECRET)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "upgrade"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "settings.invalid" in result.stderr
    assert "PATRONAGE_OTP_SECRET" in result.stderr
    assert REFUSED_SECRET not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
