"""Customer import jobs: the uploaded file, the job's progress, the rows it refused.

Revision ID: 0011
Revises: 0010

Brand-scoped tables under row-level security, every key leading with `merchant_id`. The
worker (`tenancy.bind_worker`) also sees every brand's jobs, to claim them; it runs each
one bound to the job's brand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from patronage.migrations.rls import WORKER, disable_rls, enable_shared_rls, enable_tenant_rls
from patronage.migrations.schema import UTC, merchant_fk

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _job_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["merchant_id", "job_id"],
        ["import_jobs.merchant_id", "import_jobs.id"],
        name=op.f(f"fk_{table}_merchant_id_import_jobs"),
    )


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("consent_wording", sa.String(length=64), nullable=True),
        sa.Column("batch_size", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("last_row", sa.Integer(), nullable=False),
        sa.Column("read", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error_details", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("lease_until", UTC, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("started_at", UTC, nullable=True),
        sa.Column("finished_at", UTC, nullable=True),
        merchant_fk("import_jobs"),
        sa.PrimaryKeyConstraint("merchant_id", "id", name=op.f("pk_import_jobs")),
    )
    op.create_table(
        "import_job_files",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _job_fk("import_job_files"),
        merchant_fk("import_job_files"),
        sa.PrimaryKeyConstraint("merchant_id", "job_id", name=op.f("pk_import_job_files")),
    )
    op.create_table(
        "import_job_rejects",
        sa.Column("merchant_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        _job_fk("import_job_rejects"),
        merchant_fk("import_job_rejects"),
        sa.PrimaryKeyConstraint(
            "merchant_id", "job_id", "row_number", name=op.f("pk_import_job_rejects")
        ),
    )
    # The worker claims queued jobs of every brand; a brand sees only its own.
    enable_shared_rls("import_jobs", using=WORKER, check=WORKER)
    enable_tenant_rls("import_job_files")
    enable_tenant_rls("import_job_rejects")


def downgrade() -> None:
    disable_rls("import_jobs")
    op.drop_table("import_job_rejects")
    op.drop_table("import_job_files")
    op.drop_table("import_jobs")
