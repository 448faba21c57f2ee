"""A person's data rights: the brand's queue of data requests, and erased profiles.

Revision ID: 0010
Revises: 0009

`data_requests` is brand-scoped under row-level security (`tenant_isolation`), every key
leading with `merchant_id`; the worker binding (`app.worker`) may also *read* it, so the
scrape of `/metrics` counts the requests past their deadline across brands (policy
`worker_reads`, SELECT only). `customers` gains `erased_at` and `erased_by`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import WORKER, enable_tenant_rls, on_postgresql
from patronage.migrations.schema import UTC, common_columns, merchant_fk, scoped_fk

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("erased_at", UTC, nullable=True))
    op.add_column("customers", sa.Column("erased_by", sa.Uuid(), nullable=True))
    op.create_table(
        "data_requests",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("details", sa.String(length=2000), nullable=True),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("resolution", sa.String(length=2000), nullable=True),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        *common_columns(),
        scoped_fk("data_requests", "customer_id", "customers"),
        merchant_fk("data_requests"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_data_requests")),
    )
    op.create_index(
        "ix_data_requests_status_due",
        "data_requests",
        ["merchant_id", "status", "due_at", "id"],
    )
    op.create_index(
        "ix_data_requests_customer", "data_requests", ["merchant_id", "customer_id", "created_at"]
    )
    op.create_index("ix_data_requests_due", "data_requests", ["status", "due_at"])
    enable_tenant_rls("data_requests")
    if on_postgresql():
        op.execute(f"CREATE POLICY worker_reads ON data_requests FOR SELECT USING ({WORKER})")


def downgrade() -> None:
    op.drop_index("ix_data_requests_due", table_name="data_requests")
    op.drop_index("ix_data_requests_customer", table_name="data_requests")
    op.drop_index("ix_data_requests_status_due", table_name="data_requests")
    op.drop_table("data_requests")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("erased_by")
        batch_op.drop_column("erased_at")
