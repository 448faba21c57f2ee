"""Foundation: merchants, users, staff, sessions, idempotency, customers.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 22:11:29.788288
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import patronage.core.columns
from patronage.migrations.rls import allow_own_rows, enable_tenant_rls

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def search_text(length: int) -> sa.types.TypeEngine[str]:
    """Byte-wise compared text (`COLLATE "C"` on PostgreSQL) for prefix-range lookups."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


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
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
    )
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column(
            "window_started_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("locked_until", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
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
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            "uq_users_customer_verified_email",
            ["verified_email"],
            unique=True,
            postgresql_where=sa.text("kind = 'customer' AND status = 'active'"),
            sqlite_where=sa.text("kind = 'customer' AND status = 'active'"),
        )
        batch_op.create_index(
            "uq_users_customer_verified_phone",
            ["verified_phone"],
            unique=True,
            postgresql_where=sa.text("kind = 'customer' AND status = 'active'"),
            sqlite_where=sa.text("kind = 'customer' AND status = 'active'"),
        )
        batch_op.create_index(
            "uq_users_staff_email",
            ["email"],
            unique=True,
            postgresql_where=sa.text("kind = 'staff'"),
            sqlite_where=sa.text("kind = 'staff'"),
        )

    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("merchant_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
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
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_customers_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
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
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_idempotency_keys_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
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
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_memberships_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
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
        sa.Column("deleted_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["merchant_id", "customer_id"],
            ["customers.merchant_id", "customers.id"],
            name=op.f("fk_customer_contacts_merchant_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_customer_contacts_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_contacts")),
    )
    with op.batch_alter_table("customer_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customer_contacts_customer", ["merchant_id", "customer_id"], unique=False
        )
        batch_op.create_index(
            "uq_customer_contacts_active_value",
            ["merchant_id", "kind", "value"],
            unique=True,
            postgresql_where=sa.text("deleted_at IS NULL"),
            sqlite_where=sa.text("deleted_at IS NULL"),
        )

    for table in ("memberships", "customers", "customer_contacts", "idempotency_keys"):
        enable_tenant_rls(table)
    # A staff member signing in lists their own memberships before choosing a brand.
    allow_own_rows("memberships")


def downgrade() -> None:
    with op.batch_alter_table("customer_contacts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_customer_contacts_active_value",
            postgresql_where=sa.text("deleted_at IS NULL"),
            sqlite_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index("ix_customer_contacts_customer")

    op.drop_table("customer_contacts")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_keys_merchant_created")

    op.drop_table("idempotency_keys")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_user_id"))
        batch_op.drop_index("ix_customers_merchant_created")

    op.drop_table("customers")
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_sessions_user_id"))

    op.drop_table("auth_sessions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_users_staff_email",
            postgresql_where=sa.text("kind = 'staff'"),
            sqlite_where=sa.text("kind = 'staff'"),
        )
        batch_op.drop_index(
            "uq_users_customer_verified_phone",
            postgresql_where=sa.text("kind = 'customer' AND status = 'active'"),
            sqlite_where=sa.text("kind = 'customer' AND status = 'active'"),
        )
        batch_op.drop_index(
            "uq_users_customer_verified_email",
            postgresql_where=sa.text("kind = 'customer' AND status = 'active'"),
            sqlite_where=sa.text("kind = 'customer' AND status = 'active'"),
        )

    op.drop_table("users")
    op.drop_table("sign_in_throttles")
    op.drop_table("merchants")
