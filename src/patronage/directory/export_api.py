"""The customer export over HTTP: a CSV or JSON Lines download, streamed (owners)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from patronage.core.columns import utcnow
from patronage.core.http import database
from patronage.directory import export as customer_export
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
) -> StreamingResponse:
    """Download the brand's customers (owners); streamed, a batch at a time."""
    batches = customer_export.batches(
        database(request).unit_of_work, owner.merchant_id, include_deleted=include_deleted
    )
    name = customer_export.filename(format, utcnow().date())
    return StreamingResponse(
        customer_export.encode(batches, format),
        media_type=customer_export.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
