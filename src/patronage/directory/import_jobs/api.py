"""Customer imports over HTTP (owners): upload a CSV, poll the job, download its rejects."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from patronage.core import i18n
from patronage.core.http import database
from patronage.core.schemas import error_responses
from patronage.directory.import_jobs import service as job_service
from patronage.directory.import_jobs.models import ImportJob
from patronage.directory.import_jobs.schemas import ImportJobOut
from patronage.identity.auth.dependencies import DbSession, Owner

UPLOAD_PATH = "/api/v1/customers/import"
# Room for the multipart envelope around the file itself, in the body-size limit.
MULTIPART_ALLOWANCE = 64 * 1024

router = APIRouter(prefix="/customers", tags=["customer imports"])
JobPath = "/imports/{job_id:uuid}"


def _out(job: ImportJob) -> ImportJobOut:
    message = (
        i18n.translate(job.error_code, **(job.error_details or {})) if job.error_code else None
    )
    return ImportJobOut.of(job, error_message=message)


@router.post(
    "/import",
    status_code=202,
    response_model=ImportJobOut,
    responses=error_responses(
        {
            413: "The file is larger than `PATRONAGE_IMPORT_MAX_BYTES` (`import.file_too_large`, "
            "`details.limit`).",
            422: "Not UTF-8 (`import.bad_file`), no `name` column (`import.name_column_missing`), "
            "unknown columns (`import.unknown_columns`), a bad `consent_wording` "
            "(`consent.wording_version_invalid`).",
        }
    ),
)
async def upload(
    request: Request,
    response: Response,
    owner: Owner,
    session: DbSession,
    file: Annotated[
        UploadFile, File(description="The CSV, as `patronage customers import` reads it.")
    ],
    consent_wording: Annotated[
        str | None,
        Form(
            max_length=64,
            description="Version of the consent wording the file's customers were shown; "
            "without it a row with a consent answer that would create a customer is rejected.",
        ),
    ] = None,
) -> ImportJobOut:
    """Queue a CSV of customers for the worker (owners); poll the job at `Location`."""
    limit = database(request).settings.import_max_bytes
    content = await file.read(limit + 1)
    job = await job_service.submit(
        session, owner.merchant_id, content=content, filename=file.filename or "",
        max_bytes=limit, consent_wording=consent_wording or None, actor_id=owner.user_id,
    )  # fmt: skip
    response.headers["Location"] = f"/api/v1/customers/imports/{job.id}"
    return _out(job)


@router.get(JobPath, response_model=ImportJobOut)
async def get_import(job_id: uuid.UUID, owner: Owner, session: DbSession) -> ImportJobOut:
    """An import's status, counts, progress and times (owners; 404 for another brand's)."""
    return _out(await job_service.get_job(session, owner.merchant_id, job_id))


@router.get(
    JobPath + "/rejects",
    response_class=Response,
    responses={200: {"description": "The refused rows.", "content": {"text/csv": {}}}},
)
async def download_rejects(job_id: uuid.UUID, owner: Owner, session: DbSession) -> Response:
    """The rows the import refused so far, as CSV with a BOM: `row`, the row's own cells,
    `reason` in the language of `Accept-Language` (owners)."""
    text = await job_service.rejects_csv(
        session, owner.merchant_id, job_id, i18n.current_lang.get()
    )
    return Response(
        text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job_id}-rejects.csv"'},
    )
