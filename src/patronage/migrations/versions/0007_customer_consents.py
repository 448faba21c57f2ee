"""Marketing consent with evidence: an append-only history per customer and purpose.

Revision ID: 0007
Revises: 0006

`customer_consents` is brand-scoped under row-level security like the other scoped tables
(`tenant_isolation`), and on PostgreSQL also `append_only`: the app's role can add and read
records, never change or remove one, so the evidence cannot be rewritten after the fact.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import patronage.core.columns
from patronage.migrations.rls import append_only, enable_tenant_rls

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = patronage.core.columns.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "customer_consents",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("wording_version", sa.String(length=64), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id", "customer_id"],
            ["customers.merchant_id", "customers.id"],
            name=op.f("fk_customer_consents_merchant_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_customer_consents_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_consents")),
    )
    op.create_index(
        "uq_customer_consents_sequence",
        "customer_consents",
        ["merchant_id", "customer_id", "purpose", "sequence"],
        unique=True,
    )
    op.create_index(
        "ix_customer_consents_purpose",
        "customer_consents",
        ["merchant_id", "purpose", "status", "customer_id"],
    )
    enable_tenant_rls("customer_consents")
    append_only("customer_consents")


def downgrade() -> None:
    op.drop_index("ix_customer_consents_purpose", table_name="customer_consents")
    op.drop_index("uq_customer_consents_sequence", table_name="customer_consents")
    op.drop_table("customer_consents")
