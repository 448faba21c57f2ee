"""Customer merges: a brand's duplicate profiles merged into one, reversibly.

Revision ID: 0009
Revises: 0008

`customers.merged_into` names the surviving profile of a merged (soft-deleted) one.
`customer_merges` records each merge and what it moved, so an owner can undo it; it is
brand-scoped under row-level security like the other scoped tables (`tenant_isolation`), and
every key leads with `merchant_id`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import enable_tenant_rls
from patronage.migrations.schema import UTC, merchant_fk

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _customer_fk(column: str, name: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["merchant_id", column], ["customers.merchant_id", "customers.id"], name=name
    )


def upgrade() -> None:
    op.add_column("customers", sa.Column("merged_into", sa.Uuid(), nullable=True))
    op.create_table(
        "customer_merges",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("merged_at", UTC, nullable=False),
        sa.Column("merged_by", sa.Uuid(), nullable=True),
        sa.Column("undone_at", UTC, nullable=True),
        sa.Column("undone_by", sa.Uuid(), nullable=True),
        sa.Column("moved", sa.JSON(), nullable=False),
        _customer_fk("survivor_id", "fk_customer_merges_survivor"),
        _customer_fk("source_id", "fk_customer_merges_source"),
        merchant_fk("customer_merges"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_merges")),
    )
    op.create_index(
        "ix_customer_merges_survivor",
        "customer_merges",
        ["merchant_id", "survivor_id", "merged_at"],
    )
    op.create_index(
        "ix_customer_merges_source", "customer_merges", ["merchant_id", "source_id", "merged_at"]
    )
    enable_tenant_rls("customer_merges")


def downgrade() -> None:
    op.drop_index("ix_customer_merges_source", table_name="customer_merges")
    op.drop_index("ix_customer_merges_survivor", table_name="customer_merges")
    op.drop_table("customer_merges")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("merged_into")
