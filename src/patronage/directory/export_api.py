"""The customer export over HTTP: a CSV or JSON Lines download, streamed (owners)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from patronage.core.columns import utcnow
from patronage.core.http import database
from patronage.directory import export as customer_export
from patronage.directory.consent import rules as consent_rules
from patronage.identity.auth.dependencies import Owner

router = APIRouter(prefix="/customers", tags=["customers"])


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The brand's customers, one per line, in creation order.",
            "content": {"text/csv": {}, "application/x-ndjson": {}},
        }
    },
)
async def export_customers(
    request: Request,
    owner: Owner,
    format: Annotated[customer_export.Format, Query(description="`csv` or `jsonl`.")] = "csv",
    include_deleted: Annotated[bool, Query(description="Soft-deleted customers too.")] = False,
    consent: Annotated[
        str | None,
        Query(
            max_length=64,
            description="Only customers whose current answer for this purpose "
            "(`marketing_sms`, `marketing_email`, `marketing_zalo`) is `granted`.",
        ),
    ] = None,
    tag: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only customers carrying this tag (its id or its name, any case); "
            "404 `tag.not_found` for a tag the brand does not have.",
        ),
    ] = None,
) -> StreamingResponse:
    """Download the brand's customers (owners); streamed, a batch at a time."""
    if consent is not None:
        consent_rules.check_purpose(consent)  # refused before the download starts
    unit_of_work = database(request).unit_of_work
    tag_id = None
    if tag is not None:
        tag_id = await customer_export.tag_filter(unit_of_work, owner.merchant_id, tag)
    batches = customer_export.batches(
        unit_of_work,
        owner.merchant_id,
        include_deleted=include_deleted,
        consent=consent,
        tag_id=tag_id,
    )
    name = customer_export.filename(format, utcnow().date())
    return StreamingResponse(
        customer_export.encode(batches, format),
        media_type=customer_export.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
