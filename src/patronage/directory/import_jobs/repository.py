"""Queries of import jobs: for one merchant, except the worker's claim (every brand's)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.directory.import_jobs.models import (
    QUEUED,
    RUNNING,
    ImportJob,
    ImportJobFile,
    ImportJobReject,
)


def add(session: AsyncSession, row: ImportJob | ImportJobFile | ImportJobReject) -> None:
    session.add(row)


async def get(
    session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID
) -> ImportJob | None:
    query = select(ImportJob).where(ImportJob.merchant_id == merchant_id, ImportJob.id == job_id)
    return (await session.execute(query)).scalar_one_or_none()


async def claim(
    session: AsyncSession, *, worker_id: str, now: datetime, lease_until: datetime
) -> ImportJob | None:
    """Take the oldest job that is queued or whose worker's lease ran out (it crashed);
    concurrent workers never take the same one. Acts as the worker: every brand's jobs."""
    claimable = or_(
        ImportJob.status == QUEUED, (ImportJob.status == RUNNING) & (ImportJob.lease_until < now)
    )
    oldest = (
        select(ImportJob.id)
        .where(claimable)
        .order_by(ImportJob.created_at)
        .limit(1)
        # PostgreSQL skips a job another worker is claiming; SQLite's single writer
        # already serialises this statement (the clause is not emitted there).
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(ImportJob)
        # `=` a scalar subquery: PostgreSQL runs it once (an `IN` may rescan it per row).
        .where(ImportJob.id == oldest.scalar_subquery(), claimable)
        .values(
            status=RUNNING,
            claimed_by=worker_id,
            lease_until=lease_until,
            attempts=ImportJob.attempts + 1,
            updated_at=now,
            started_at=func.coalesce(ImportJob.started_at, now),
        )
        .returning(ImportJob),
        execution_options={"synchronize_session": False, "populate_existing": True},
    )
    return claimed.one_or_none()


async def record_progress(
    session: AsyncSession,
    merchant_id: MerchantId,
    job_id: uuid.UUID,
    *,
    worker_id: str,
    values: dict[str, Any],
) -> bool:
    """Change the job while `worker_id` still holds it; False when another took it over."""
    result = await session.execute(
        update(ImportJob)
        .where(
            ImportJob.merchant_id == merchant_id,
            ImportJob.id == job_id,
            ImportJob.claimed_by == worker_id,
            ImportJob.status == RUNNING,
        )
        .values(**values),
        execution_options={"synchronize_session": False},
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def file_content(
    session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID
) -> bytes | None:
    query = select(ImportJobFile.content).where(
        ImportJobFile.merchant_id == merchant_id, ImportJobFile.job_id == job_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def delete_file(session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID) -> None:
    await session.execute(
        delete(ImportJobFile).where(
            ImportJobFile.merchant_id == merchant_id, ImportJobFile.job_id == job_id
        )
    )


async def rejects(
    session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID
) -> list[ImportJobReject]:
    """The job's refused rows in file order."""
    query = (
        select(ImportJobReject)
        .where(ImportJobReject.merchant_id == merchant_id, ImportJobReject.job_id == job_id)
        .order_by(ImportJobReject.row_number)
    )
    return list((await session.execute(query)).scalars())
