"""Row-level security on every table with a `merchant_id`: sessions, codes, the outbox.

Revision ID: 0006
Revises: 0005

These tables hold rows of a brand and rows of no brand (customer sessions, sign-in
codes and their messages), and some are read before any brand is bound. What each
binding admits beyond a brand's own rows:

- `auth_sessions`: before authentication (nothing bound) the token lookup and sign-in
  see and write sessions; once bound, only the brand's sessions and the user's own.
- `otp_challenges`: rows of no brand while no brand is bound (customer sign-in); the
  rows of every brand sent to the destination, or asked from the client address, that
  `otp.repository.lock_destination` named (send limits count across brands); the worker.
- `outbox_messages`: a request without a brand may queue a message of no brand but
  read none; only the worker (`tenancy.bind_worker`) reads across brands.
"""

from alembic import op

from patronage.migrations.rls import (
    CURRENT_USER,
    NO_MERCHANT,
    WORKER,
    disable_rls,
    enable_shared_rls,
    on_postgresql,
)

revision: str = "0006"
down_revision: str | None = "0005"

_NO_ONE = f"({NO_MERCHANT} AND {CURRENT_USER} IS NULL)"
_OWN_SESSION = f"{_NO_ONE} OR user_id = {CURRENT_USER}"
_BRANDLESS = f"(merchant_id IS NULL AND {NO_MERCHANT})"
_SAME_DESTINATION = (
    "destination_digest = current_setting('app.otp_destination', true)"
    " OR client_digest = NULLIF(current_setting('app.otp_client', true), '')"
)


def upgrade() -> None:
    enable_shared_rls("auth_sessions", using=_OWN_SESSION, check=_OWN_SESSION)
    enable_shared_rls(
        "otp_challenges",
        using=f"{_BRANDLESS} OR {WORKER} OR {_SAME_DESTINATION}",
        check=f"{_BRANDLESS} OR {WORKER}",
    )
    enable_shared_rls("outbox_messages", using=WORKER, check=WORKER)
    if on_postgresql():
        op.execute(
            f"CREATE POLICY queue_brandless ON outbox_messages FOR INSERT WITH CHECK {_BRANDLESS}"
        )


def downgrade() -> None:
    disable_rls("outbox_messages", "queue_brandless")
    disable_rls("otp_challenges")
    disable_rls("auth_sessions")
