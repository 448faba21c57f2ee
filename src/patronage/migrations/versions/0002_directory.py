"""Customer directory: lookup indexes, name terms, customer events.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import patronage.core.columns
from patronage.migrations.rls import enable_tenant_rls

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def search_text(length: int) -> sa.types.TypeEngine[str]:
    """Byte-wise compared text (`COLLATE "C"` on PostgreSQL) for prefix-range lookups."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade() -> None:
    _lookup_indexes()
    op.create_table(
        "customer_name_terms",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("term", search_text(400), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id", "customer_id"],
            ["customers.merchant_id", "customers.id"],
            name=op.f("fk_customer_name_terms_merchant_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_customer_name_terms_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "merchant_id", "customer_id", "position", name=op.f("pk_customer_name_terms")
        ),
    )
    op.create_index(
        "ix_customer_name_terms_lookup",
        "customer_name_terms",
        ["merchant_id", "term", "customer_id"],
    )
    op.create_table(
        "customer_events",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", patronage.core.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id", "customer_id"],
            ["customers.merchant_id", "customers.id"],
            name=op.f("fk_customer_events_merchant_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_customer_events_merchant_id_merchants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_customer_events")),
    )
    op.create_index(
        "ix_customer_events_customer",
        "customer_events",
        ["merchant_id", "customer_id", "created_at", "id"],
    )
    op.create_index(
        "ix_customer_events_action", "customer_events", ["merchant_id", "action", "created_at"]
    )
    for table in ("customer_name_terms", "customer_events"):
        enable_tenant_rls(table)


def _lookup_indexes() -> None:
    # Every lookup is a range over one of these, read in index order and cut at the
    # page size: the cost follows the page, not the brand's size.
    op.create_index(
        "ix_customers_merchant_name_search", "customers", ["merchant_id", "name_search", "id"]
    )
    op.create_index(
        "ix_customer_contacts_lookup",
        "customer_contacts",
        ["merchant_id", "kind", "value", "customer_id"],
    )
    op.create_index(
        "ix_customer_contacts_reversed",
        "customer_contacts",
        ["merchant_id", "search_reversed", "customer_id"],
    )


def downgrade() -> None:
    op.drop_table("customer_events")
    op.drop_table("customer_name_terms")
    op.drop_index("ix_customer_contacts_reversed", table_name="customer_contacts")
    op.drop_index("ix_customer_contacts_lookup", table_name="customer_contacts")
    op.drop_index("ix_customers_merchant_name_search", table_name="customers")
