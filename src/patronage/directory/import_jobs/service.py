"""Import jobs: an owner's upload is queued, a worker claims and runs it, the owner polls.

The job runs `importing.run_import`, the command line's own code path, a batch per
transaction; each batch's counts, rejected rows and position in the file are committed with
the batch, so a job a crashed worker left behind is taken over (once its lease runs out) and
resumes after its last committed batch. Rows committed without their progress (none should
be) would only be matched on the rerun: importing twice adds nothing.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import uuid
from contextlib import aclosing
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n, tenancy
from patronage.core.columns import new_id, utcnow
from patronage.core.db import Database
from patronage.core.errors import AppError
from patronage.core.tenancy import MerchantId
from patronage.directory import import_file, importing
from patronage.directory.consent import rules as consent_rules
from patronage.directory.import_file import SourceRow
from patronage.directory.import_jobs import repository as job_repository
from patronage.directory.import_jobs.errors import FILE_TOO_LARGE, GAVE_UP, NOT_FOUND
from patronage.directory.import_jobs.models import (
    DONE,
    FAILED,
    QUEUED,
    ImportJob,
    ImportJobFile,
    ImportJobReject,
)

log = logging.getLogger("patronage.imports")
MAX_ATTEMPTS = 3


class _ClaimLost(Exception):
    """Another worker took the job over (this one's lease ran out): stop, roll back."""


async def submit(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    content: bytes,
    filename: str,
    max_bytes: int,
    consent_wording: str | None,
    actor_id: uuid.UUID | None,
) -> ImportJob:
    """Queue a CSV for the worker after checking what can be checked at once: its size
    (413), its header and every row's encoding (422, as the command line), the consent
    wording."""
    if len(content) > max_bytes:
        raise AppError(FILE_TOO_LARGE, {"limit": max_bytes}, limit=max_bytes)
    if consent_wording is not None:
        consent_rules.check_wording_version(consent_wording)
    layout = import_file.read_layout(content)
    job = ImportJob(
        merchant_id=merchant_id, id=new_id(), filename=filename[:255] or "import.csv",
        size_bytes=len(content), header=layout.header, consent_wording=consent_wording,
        batch_size=importing.BATCH_SIZE,
        rows_total=sum(1 for _ in import_file.rows(content, layout)),
        created_by=actor_id,
    )  # fmt: skip
    job_repository.add(session, job)
    await session.flush()
    job_repository.add(
        session, ImportJobFile(merchant_id=merchant_id, job_id=job.id, content=content)
    )
    await session.flush()
    return job


async def get_job(session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID) -> ImportJob:
    """The brand's job; 404 `import.not_found` for a missing one or another brand's."""
    job = await job_repository.get(session, merchant_id, job_id)
    if job is None:
        raise AppError(NOT_FOUND)
    return job


async def rejects_csv(
    session: AsyncSession, merchant_id: MerchantId, job_id: uuid.UUID, lang: i18n.Lang
) -> str:
    """The job's refused rows as the command line's `--rejects` file writes them: `row`,
    the row's cells under the file's header, `reason` in `lang` (404 for another brand's)."""
    job = await get_job(session, merchant_id, job_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", *job.header, "reason"])
    for reject in await job_repository.rejects(session, merchant_id, job_id):
        writer.writerow([str(reject.row_number), *reject.cells, reject.reasons[lang]])
    return "\ufeff" + out.getvalue()


async def run_next(database: Database, worker_id: str, stop: asyncio.Event | None = None) -> int:
    """Claim the oldest waiting job of any brand and run it: 1 when one ran, 0 when none
    waited. `stop` set between two batches hands the job back to the queue."""
    now = utcnow()
    lease = timedelta(seconds=database.settings.import_lease_s)
    async with database.unit_of_work() as session:
        await tenancy.bind_worker(session)
        job = await job_repository.claim(
            session, worker_id=worker_id, now=now, lease_until=now + lease
        )
    if job is None:
        return 0
    merchant_id = tenancy.trusted_merchant_id(job.merchant_id)
    if job.attempts > MAX_ATTEMPTS:
        error = AppError(GAVE_UP, {"attempts": MAX_ATTEMPTS}, attempts=MAX_ATTEMPTS)
        await _finish(database, job, worker_id, error=error)
        return 1
    try:
        await _run(database, job, merchant_id, worker_id, stop)
    except _ClaimLost:
        log.warning("import job taken over by another worker", extra={"job_id": str(job.id)})
    return 1


async def _run(
    database: Database,
    job: ImportJob,
    merchant_id: MerchantId,
    worker_id: str,
    stop: asyncio.Event | None,
) -> None:
    async with database.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        content = await job_repository.file_content(session, merchant_id, job.id) or b""
    options = importing.Options(actor_id=job.created_by, consent_wording=job.consent_wording)
    lease = timedelta(seconds=database.settings.import_lease_s)

    async def after_batch(
        session: AsyncSession, batch: list[SourceRow], outcome: importing.BatchOutcome
    ) -> None:
        for rejected in outcome.rejected:
            job_repository.add(session, _reject_row(merchant_id, job.id, rejected))
        now = utcnow()
        values = {
            "last_row": batch[-1].number, "read": job.read + len(batch),
            "created": job.created + outcome.created, "matched": job.matched + outcome.matched,
            "rejected": job.rejected + len(outcome.rejected), "updated_at": now,
            "lease_until": now + lease,
        }  # fmt: skip
        if not await job_repository.record_progress(
            session, merchant_id, job.id, worker_id=worker_id, values=values
        ):
            raise _ClaimLost
        for name, value in values.items():
            setattr(job, name, value)

    try:
        layout = import_file.read_layout(content)
        rows = (r for r in import_file.rows(content, layout) if r.number > job.last_row)
        imported = importing.run_import(
            database.unit_of_work, merchant_id, rows, options=options,
            batch_size=job.batch_size, after_batch=after_batch,
            checkers=importing.checkers_for(job.rows_total - job.read),
        )  # fmt: skip
        async with aclosing(imported):
            async for _ in imported:
                if stop is not None and stop.is_set():
                    await _finish(database, job, worker_id, status=QUEUED)
                    return
    except AppError as exc:
        await _finish(database, job, worker_id, error=exc)
        return
    await _finish(database, job, worker_id, status=DONE)


def _reject_row(
    merchant_id: MerchantId, job_id: uuid.UUID, rejected: importing.Rejected
) -> ImportJobReject:
    return ImportJobReject(
        merchant_id=merchant_id, job_id=job_id, row_number=rejected.row.number,
        cells=rejected.row.cells,
        reasons={lang: importing.reason_text(rejected, lang) for lang in i18n.SUPPORTED},
    )  # fmt: skip


async def _finish(
    database: Database,
    job: ImportJob,
    worker_id: str,
    *,
    status: str = FAILED,
    error: AppError | None = None,
) -> None:
    """Record the job's end (done or failed), or hand it back to the queue (`queued`).
    A done job's file is deleted: only its counts and rejected rows are kept."""
    merchant_id = tenancy.trusted_merchant_id(job.merchant_id)
    now = utcnow()
    values: dict[str, object] = {"status": status, "updated_at": now, "lease_until": None}
    if status == QUEUED:
        values["claimed_by"] = None
    else:
        values["finished_at"] = now
    if error is not None:
        values |= {"error_code": error.code, "error_details": error.details}
    async with database.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        if not await job_repository.record_progress(
            session, merchant_id, job.id, worker_id=worker_id, values=values
        ):
            raise _ClaimLost
        if status == DONE:
            await job_repository.delete_file(session, merchant_id, job.id)
