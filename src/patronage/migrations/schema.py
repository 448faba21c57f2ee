"""Column and constraint blocks that several migrations declare, defined once.

Each helper returns exactly what the migrations wrote out by hand before, so the schema
they build is unchanged (compare `pg_dump --schema-only` and `sqlite3 .schema`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

from patronage.core.columns import UTCDateTime

UTC = UTCDateTime(timezone=True)


def search_text(length: int) -> sa.types.TypeEngine[str]:
    """Byte-wise compared text (`COLLATE "C"` on PostgreSQL) for prefix-range lookups."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def common_columns() -> list[sa.Column[object]]:
    """`created_at`, `updated_at`, `deleted_at`, `created_by`, `updated_by`, `version`."""
    return [
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("deleted_at", UTC, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def merchant_fk(table: str) -> sa.ForeignKeyConstraint:
    """`merchant_id` → `merchants.id`: a brand with rows cannot be deleted."""
    return sa.ForeignKeyConstraint(
        ["merchant_id"],
        ["merchants.id"],
        name=op.f(f"fk_{table}_merchant_id_merchants"),
        ondelete="RESTRICT",
    )


def scoped_fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """(`merchant_id`, `column`) → the brand's row of `target` (customers, sale orders)."""
    return sa.ForeignKeyConstraint(
        ["merchant_id", column],
        [f"{target}.merchant_id", f"{target}.id"],
        name=op.f(f"fk_{table}_merchant_id_{target}"),
    )


def partial_unique_index(
    batch_op: BatchOperations, name: str, columns: list[str], where: str
) -> None:
    """A unique index over the rows matching `where`, on PostgreSQL and SQLite alike."""
    batch_op.create_index(
        name,
        columns,
        unique=True,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )
