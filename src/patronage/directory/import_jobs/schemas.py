"""Bodies of the import job endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from patronage.core.schemas import ResponseSchema
from patronage.directory.import_jobs.models import ImportJob


class ImportErrorOut(ResponseSchema):
    code: str
    message: str
    details: dict[str, Any]


class ImportJobOut(ResponseSchema):
    """An import's state: poll it until `status` is `done` or `failed`."""

    id: uuid.UUID
    status: Literal["queued", "running", "done", "failed"]
    filename: str
    size_bytes: int
    consent_wording: str | None
    rows_total: int = Field(description="Data rows in the file (blank rows not counted).")
    read: int = Field(description="Rows imported so far (blank rows are skipped).")
    created: int
    matched: int
    rejected: int
    progress: float = Field(description="0 to 1: the share of the file's rows worked through.")
    error: ImportErrorOut | None = Field(description="Why a `failed` import stopped.")
    rejects_url: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: ImportJob, *, error_message: str | None) -> ImportJobOut:
        worked = job.read / max(job.rows_total, 1)
        done = 1.0 if job.status == "done" else min(worked, 1.0)
        error = None
        if job.error_code is not None:
            error = ImportErrorOut(
                code=job.error_code, message=error_message or "", details=job.error_details or {}
            )
        return cls(
            id=job.id, status=job.status, filename=job.filename,
            size_bytes=job.size_bytes, consent_wording=job.consent_wording,
            rows_total=job.rows_total, read=job.read, created=job.created, matched=job.matched,
            rejected=job.rejected, progress=round(done, 4), error=error,
            rejects_url=f"/api/v1/customers/imports/{job.id}/rejects",
            created_at=job.created_at, updated_at=job.updated_at, started_at=job.started_at,
            finished_at=job.finished_at,
        )  # fmt: skip
