"""Customer directory: lookup indexes, name terms, customer events.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import enable_tenant_rls
from patronage.migrations.schema import UTC, merchant_fk, scoped_fk, search_text

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    _lookup_indexes()
    op.create_table(
        "customer_name_terms",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("term", search_text(400), nullable=False),
        scoped_fk("customer_name_terms", "customer_id", "customers"),
        merchant_fk("customer_name_terms"),
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
        sa.Column("created_at", UTC, nullable=False),
        scoped_fk("customer_events", "customer_id", "customers"),
        merchant_fk("customer_events"),
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
