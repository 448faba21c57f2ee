"""Sale orders, their lines and events.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import enable_tenant_rls
from patronage.migrations.schema import UTC, common_columns, merchant_fk, scoped_fk

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    op.create_table(
        "sale_orders",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("completed_at", UTC, nullable=True),
        sa.Column("voided_at", UTC, nullable=True),
        *common_columns(),
        scoped_fk("sale_orders", "customer_id", "customers"),
        merchant_fk("sale_orders"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name="pk_sale_orders"),
        sa.UniqueConstraint("merchant_id", "number", name="uq_sale_orders_merchant_number"),
    )
    with op.batch_alter_table("sale_orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sale_orders_customer_number", ["merchant_id", "customer_id", "number"]
        )
        batch_op.create_index("ix_sale_orders_status_number", ["merchant_id", "status", "number"])
        batch_op.create_index("ix_sale_orders_completed_at", ["merchant_id", "completed_at"])

    op.create_table(
        "sale_order_lines",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("line_total", sa.BigInteger(), nullable=False),
        scoped_fk("sale_order_lines", "order_id", "sale_orders"),
        merchant_fk("sale_order_lines"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name="pk_sale_order_lines"),
    )
    with op.batch_alter_table("sale_order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_sale_order_lines_order", ["merchant_id", "order_id", "position"])

    op.create_table(
        "sale_order_events",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("previous_customer_id", sa.Uuid(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        scoped_fk("sale_order_events", "order_id", "sale_orders"),
        merchant_fk("sale_order_events"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name="pk_sale_order_events"),
    )
    with op.batch_alter_table("sale_order_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sale_order_events_order", ["merchant_id", "order_id", "created_at", "seq"]
        )

    for table in ("sale_orders", "sale_order_lines", "sale_order_events"):
        enable_tenant_rls(table)


def downgrade() -> None:
    op.drop_table("sale_order_events")
    op.drop_table("sale_order_lines")
    op.drop_table("sale_orders")
