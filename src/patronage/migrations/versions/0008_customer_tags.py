"""Customer tags: a brand's tag definitions and which customers carry them.

Revision ID: 0008
Revises: 0007

Both tables are brand-scoped under row-level security like the other scoped tables
(`tenant_isolation`); every key leads with `merchant_id`. A deleted tag is a soft delete, so
its name is unique only among the brand's live tags.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import enable_tenant_rls
from patronage.migrations.schema import UTC, common_columns, merchant_fk, scoped_fk

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_tags",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=160), nullable=False),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        *common_columns(),
        merchant_fk("customer_tags"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_tags")),
    )
    op.create_index(
        "uq_customer_tags_active_name",
        "customer_tags",
        ["merchant_id", "name_key"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "customer_tag_links",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tag_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        scoped_fk("customer_tag_links", "customer_id", "customers"),
        sa.ForeignKeyConstraint(
            ["merchant_id", "tag_id"],
            ["customer_tags.merchant_id", "customer_tags.id"],
            name=op.f("fk_customer_tag_links_merchant_id_customer_tags"),
        ),
        merchant_fk("customer_tag_links"),
        sa.PrimaryKeyConstraint(
            "merchant_id", "customer_id", "tag_id", name=op.f("pk_customer_tag_links")
        ),
    )
    op.create_index(
        "ix_customer_tag_links_tag",
        "customer_tag_links",
        ["merchant_id", "tag_id", "customer_id"],
    )
    enable_tenant_rls("customer_tags")
    enable_tenant_rls("customer_tag_links")


def downgrade() -> None:
    op.drop_index("ix_customer_tag_links_tag", table_name="customer_tag_links")
    op.drop_table("customer_tag_links")
    op.drop_index("uq_customer_tags_active_name", table_name="customer_tags")
    op.drop_table("customer_tags")
