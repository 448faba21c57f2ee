"""Configuration from `PATRONAGE_*` environment variables and an optional `.env` file."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from patronage.core.proxies import parse_networks

DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    """Every knob of the service; defaults run the embedded SQLite setup."""

    # A refused value is never echoed: it may be a secret (or hold one, like a URL).
    model_config = SettingsConfigDict(
        env_prefix="PATRONAGE_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/patronage.db"
    # PostgreSQL: the app logs in (`database_url`) as a role that is no superuser, owns no
    # table and does not bypass row-level security; migrations use this owner/admin
    # connection (unset: `database_url`, fine for SQLite and a one-role development set-up).
    database_admin_url: str | None = None
    database_pool_size: int = Field(10, ge=1, le=200)
    database_connect_timeout_s: int = Field(5, ge=1, le=120)
    database_statement_timeout_ms: int = Field(5000, ge=100, le=600_000)
    database_ping_after_idle_s: float = Field(10.0, ge=0, le=3600)
    # The app reaches PostgreSQL through a transaction pooler (PgBouncer `pool_mode =
    # transaction`): no server-side prepared statements, no startup options.
    database_transaction_pooler: bool = False

    secret_key: SecretStr = SecretStr(DEV_SECRET)
    otp_secret: SecretStr = SecretStr(DEV_SECRET)

    staff_session_ttl_hours: int = Field(12, ge=1, le=24 * 30)
    customer_session_ttl_days: int = Field(30, ge=1, le=365)
    sign_in_max_failures: int = Field(5, ge=1, le=100)
    sign_in_window_s: int = Field(900, ge=10)
    sign_in_first_delay_s: float = Field(1.0, gt=0, le=3600)
    sign_in_max_delay_s: int = Field(900, ge=1)
    sign_in_max_failures_per_address: int = Field(30, ge=1)
    # An address over its limit still lets accounts that signed in from it this recently try.
    sign_in_known_address_days: int = Field(30, ge=0, le=365)
    invitation_ttl_hours: int = Field(72, ge=1, le=24 * 30)
    invitation_max_attempts: int = Field(5, ge=1, le=20)
    invitation_max_per_day: int = Field(50, ge=1)
    password_min_length: int = Field(10, ge=8, le=128)
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_cost_kib: int = Field(65536, ge=1024)
    # Password hashes computed at once per process: each takes the memory cost above.
    argon2_max_concurrency: int = Field(4, ge=1, le=64)

    # Proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For and
    # X-Forwarded-Proto are believed; see `patronage.core.proxies`.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # `/metrics` answers only `Authorization: Bearer <this>`; unset, it is 404.
    metrics_token: SecretStr | None = None

    max_body_bytes: int = Field(1024 * 1024, ge=1024)
    idempotency_ttl_hours: int = Field(72, ge=72)
    # A key still *running* after this long belongs to a crashed process: its retry takes over.
    idempotency_stale_after_s: int = Field(60, ge=1)

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "Patronage <no-reply@patronage.local>"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    sms_webhook_url: str | None = None
    sms_webhook_secret: SecretStr | None = None

    # One-time codes, the outbox and its worker (promotion and customer sign-in).
    otp_sms_ttl_s: int = Field(300, ge=30, le=3600)
    otp_email_ttl_s: int = Field(600, ge=30, le=86_400)
    otp_max_attempts: int = Field(5, ge=1, le=20)
    otp_cooldown_s: int = Field(60, ge=0, le=3600)
    otp_max_per_destination_short: int = Field(5, ge=1)
    otp_short_window_s: int = Field(600, ge=60)
    otp_max_per_destination_day: int = Field(10, ge=1)
    otp_day_window_s: int = Field(86_400, ge=3600)
    otp_max_per_address: int = Field(20, ge=1)
    otp_address_window_s: int = Field(3600, ge=60)
    otp_phone_region: str = Field("VN", min_length=2, max_length=2)
    smtp_tls: bool = False
    smtp_timeout_s: float = Field(15.0, gt=0, le=300)
    sms_webhook_timeout_s: float = Field(10.0, gt=0, le=300)
    outbox_max_attempts: int = Field(8, ge=1, le=100)
    outbox_backoff_base_s: float = Field(5.0, ge=0, le=3600)
    outbox_backoff_max_s: float = Field(900.0, ge=0, le=86_400)
    outbox_lease_s: int = Field(120, ge=10, le=3600)
    outbox_batch_size: int = Field(20, ge=1, le=500)
    outbox_retention_days: int = Field(30, ge=1)
    worker_poll_interval_s: float = Field(2.0, gt=0, le=300)
    # Customer imports run by the worker: the largest CSV an owner may upload, and how long
    # a worker holds a job between two committed batches before another may take it over.
    import_max_bytes: int = Field(32 * 1024 * 1024, ge=1024)
    import_lease_s: int = Field(300, ge=5, le=86_400)
    # Deliver the outbox inside `serve` too (unset: only in development, so `make run` shows codes).
    worker_in_process: bool | None = None

    log_level: str = "INFO"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_proxies(cls, value: list[str]) -> list[str]:
        try:
            parse_networks(value)
        except ValueError as exc:
            raise ValueError("list addresses or CIDR blocks, separated by commas") from exc
        return value

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env == "production":
            for name in ("secret_key", "otp_secret"):
                value = getattr(self, name).get_secret_value()
                if value == DEV_SECRET or len(value) < 32:
                    raise ValueError(
                        f"PATRONAGE_{name.upper()} must be set to a random value of at least "
                        "32 characters in production"
                    )
        return self

    @property
    def async_database_url(self) -> str:
        """The URL with an async driver, whatever form the operator wrote it in."""
        return to_async_url(self.database_url)

    @property
    def runs_worker_in_process(self) -> bool:
        """Whether the API process also delivers the outbox."""
        if self.worker_in_process is None:
            return self.env == "development"
        return self.worker_in_process

    @property
    def migration_database_url(self) -> str:
        """Where `db upgrade` connects: the admin URL, else the app's."""
        return self.database_admin_url or self.database_url

    @property
    def database_app_role(self) -> str:
        """The role the app logs in as (PostgreSQL): the user named in `database_url`."""
        return make_url(to_async_url(self.database_url)).username or ""

    @property
    def is_postgres(self) -> bool:
        return self.async_database_url.startswith("postgresql")


def to_async_url(url: str) -> str:
    """Map plain `postgresql://` / `sqlite://` URLs to their async drivers."""
    for plain, driver in (
        ("postgresql://", "postgresql+psycopg://"),
        ("postgres://", "postgresql+psycopg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


def describe_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Which settings were refused and why, without the values (they may be secrets)."""
    return [
        {
            "setting": "PATRONAGE_" + "_".join(str(p) for p in e["loc"]).upper()
            if e["loc"]
            else "",
            "problem": e["msg"],
        }
        for e in exc.errors(include_input=False, include_url=False)
    ]


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
