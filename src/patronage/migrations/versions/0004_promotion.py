"""One-time codes, outbox messages, customer sign-in.

Revision ID: 0004
Revises: 0003

Both tables are global (no row-level security): sign-in codes belong to no brand, send
limits count per destination across brands, and one worker delivers for every brand.
Promotion rows carry their brand in a nullable `merchant_id`.
"""

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import allow_own_rows, on_postgresql
from patronage.migrations.schema import UTC, merchant_fk, scoped_fk

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    op.create_table(
        "otp_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("destination_digest", sa.String(length=64), nullable=False),
        sa.Column("destination", sa.String(length=254), nullable=True),
        sa.Column("merchant_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_digest", sa.String(length=64), nullable=True),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("consumed_at", UTC, nullable=True),
        scoped_fk("otp_challenges", "customer_id", "customers"),
        merchant_fk("otp_challenges"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_otp_challenges_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_otp_challenges")),
    )
    op.create_index(
        "ix_otp_challenges_destination", "otp_challenges", ["destination_digest", "created_at"]
    )
    op.create_index("ix_otp_challenges_client", "otp_challenges", ["client_digest", "created_at"])
    op.create_index("ix_otp_challenges_created_at", "otp_challenges", ["created_at"])

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("destination", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("merchant_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("lease_until", UTC, nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("expires_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("finished_at", UTC, nullable=True),
        merchant_fk("outbox_messages"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index("ix_outbox_messages_due", "outbox_messages", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_messages_finished_at", "outbox_messages", ["finished_at"])

    # A signed-in customer reads their own profiles at every brand (GET /me).
    allow_own_rows("customers")


def downgrade() -> None:
    if on_postgresql():
        op.execute("DROP POLICY IF EXISTS own_rows ON customers")
    op.drop_index("ix_outbox_messages_finished_at", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_due", table_name="outbox_messages")
    op.drop_table("outbox_messages")
    op.drop_index("ix_otp_challenges_created_at", table_name="otp_challenges")
    op.drop_index("ix_otp_challenges_client", table_name="otp_challenges")
    op.drop_index("ix_otp_challenges_destination", table_name="otp_challenges")
    op.drop_table("otp_challenges")
