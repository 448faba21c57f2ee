"""An import job, the file it reads, and the rows it refused."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from patronage.core.columns import Base, MerchantScoped, new_id, utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)


class ImportJob(MerchantScoped, Base):
    """One uploaded CSV being imported; its counts are committed with each batch."""

    __tablename__ = "import_jobs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int]
    # The file's header row as written: the reject file repeats it.
    header: Mapped[list[str]] = mapped_column(JSON)
    consent_wording: Mapped[str | None] = mapped_column(String(64), default=None)
    batch_size: Mapped[int]
    rows_total: Mapped[int]
    # The file row (header = 1) of the last committed batch's last row: a rerun resumes after it.
    last_row: Mapped[int] = mapped_column(default=1)
    read: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error_details: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportJobFile(MerchantScoped, Base):
    """The uploaded bytes, kept in the database until the job is done."""

    __tablename__ = "import_job_files"

    job_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        ForeignKeyConstraint(
            ["merchant_id", "job_id"], ["import_jobs.merchant_id", "import_jobs.id"]
        ),
    )


class ImportJobReject(MerchantScoped, Base):
    """A refused row: its number in the file, its cells, and the reason in each language."""

    __tablename__ = "import_job_rejects"

    job_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    row_number: Mapped[int] = mapped_column(primary_key=True)
    cells: Mapped[list[str]] = mapped_column(JSON)
    reasons: Mapped[dict[str, str]] = mapped_column(JSON)

    __table_args__ = (
        ForeignKeyConstraint(
            ["merchant_id", "job_id"], ["import_jobs.merchant_id", "import_jobs.id"]
        ),
    )
