"""Foundation: merchants, users, staff, sessions, idempotency, customers.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 22:11:29.788288
"""

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import allow_own_rows, enable_tenant_rls
from patronage.migrations.schema import (
    UTC,
    common_columns,
    merchant_fk,
    partial_unique_index,
    scoped_fk,
    search_text,
)

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "merchants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone_region", sa.String(length=2), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("contact_policy", sa.String(length=32), nullable=False),
        sa.Column("order_sequence", sa.Integer(), nullable=False),
        *common_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
    )
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", UTC, nullable=False),
        sa.Column("locked_until", UTC, nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttles")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("verified_phone", sa.String(length=20), nullable=True),
        sa.Column("verified_email", sa.String(length=254), nullable=True),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *common_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        partial_unique_index(
            batch_op,
            "uq_users_customer_verified_email",
            ["verified_email"],
            "kind = 'customer' AND status = 'active'",
        )
        partial_unique_index(
            batch_op,
            "uq_users_customer_verified_phone",
            ["verified_phone"],
            "kind = 'customer' AND status = 'active'",
        )
        partial_unique_index(batch_op, "uq_users_staff_email", ["email"], "kind = 'staff'")

    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_auth_sessions_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auth_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_auth_sessions_token_digest")),
    )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "customers",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_search", search_text(400), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("account_status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        *common_columns(),
        merchant_fk("customers"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_customers_user_id_users")),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_merchant_created", ["merchant_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_customers_user_id"), ["user_id"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.JSON(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        merchant_fk("idempotency_keys"),
        sa.PrimaryKeyConstraint("merchant_id", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            "ix_idempotency_keys_merchant_created", ["merchant_id", "created_at"], unique=False
        )

    op.create_table(
        "memberships",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        *common_columns(),
        merchant_fk("memberships"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_memberships_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("merchant_id", "user_id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False)

    op.create_table(
        "customer_contacts",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", search_text(254), nullable=False),
        sa.Column("display", sa.String(length=254), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("search_reversed", search_text(32), nullable=True),
        sa.Column("deleted_at", UTC, nullable=True),
        scoped_fk("customer_contacts", "customer_id", "customers"),
        merchant_fk("customer_contacts"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_contacts")),
    )
    with op.batch_alter_table("customer_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customer_contacts_customer", ["merchant_id", "customer_id"], unique=False
        )
        partial_unique_index(
            batch_op,
            "uq_customer_contacts_active_value",
            ["merchant_id", "kind", "value"],
            "deleted_at IS NULL",
        )

    for table in ("memberships", "customers", "customer_contacts", "idempotency_keys"):
        enable_tenant_rls(table)
    # A staff member signing in lists their own memberships before choosing a brand.
    allow_own_rows("memberships")


def downgrade() -> None:
    # Dropping a table drops its indexes and policies with it.
    for table in (
        "customer_contacts",
        "memberships",
        "idempotency_keys",
        "customers",
        "auth_sessions",
        "users",
        "sign_in_throttles",
        "merchants",
    ):
        op.drop_table(table)
