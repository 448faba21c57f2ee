"""Data requests, erasure, and the customer's own copy of their data over HTTP."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from patronage.accounts.data_rights import export as data_export
from patronage.accounts.data_rights import rules
from patronage.accounts.data_rights import service as request_service
from patronage.accounts.data_rights.schemas import (
    DataRequestIn,
    DataRequestOut,
    DataRequestPage,
    DataRequestPatch,
    EraseIn,
    ErasureOut,
    MyDataOut,
    MyDataRequestIn,
    MyDataRequestList,
    MyDataRequestOut,
)
from patronage.core.columns import utcnow
from patronage.core.schemas import error_responses
from patronage.identity.auth.dependencies import CustomerUser, DbSession, Owner, StaffUser

router = APIRouter(tags=["data requests"])
me_router = APIRouter(prefix="/me", tags=["me"])

_FILE_ERRORS = error_responses(
    {
        409: "The customer's data was erased (`customer.erased`).",
        422: "An unknown kind (`data_request.kind_invalid`) or unreadable details "
        "(`data_request.text_invalid`).",
    }
)


@router.post(
    "/customers/{customer_id:uuid}/data-requests",
    status_code=201,
    response_model=DataRequestOut,
    responses=_FILE_ERRORS,
)
async def file_for_customer(
    customer_id: uuid.UUID, body: DataRequestIn, staff: StaffUser, session: DbSession
) -> DataRequestOut:
    """Staff file a request for a walk-in customer at the till (`channel: at_till`)."""
    request = await request_service.file_request(
        session, staff.merchant_id, customer_id, kind=body.kind, details=body.details,
        channel=rules.AT_TILL, actor_id=staff.user_id,
    )  # fmt: skip
    return DataRequestOut.of(request, utcnow())


@router.get(
    "/data-requests",
    response_model=DataRequestPage,
    responses=error_responses({422: "An unknown status (`data_request.status_invalid`)."}),
)
async def list_data_requests(
    owner: Owner,
    session: DbSession,
    status: Annotated[
        str | None,
        Query(max_length=32, description="Only this status; without it, `open` and `in_progress`."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = request_service.QUEUE_PAGE,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> DataRequestPage:
    """The brand's queue of data requests, the nearest legal deadline first."""
    page = await request_service.list_queue(
        session, owner.merchant_id, status=status, limit=limit, cursor=cursor
    )
    now = utcnow()
    return DataRequestPage(
        items=[DataRequestOut.of(r, now) for r in page.items], next_cursor=page.next_cursor
    )


@router.patch(
    "/data-requests/{request_id:uuid}",
    response_model=DataRequestOut,
    responses=error_responses(
        {
            409: "Not a step the request may take (`data_request.invalid_transition`), or "
            "an erasure request marked done without erasing (`data_request.erase_by_erasing`).",
            422: "An unknown status, or refusing without a reason "
            "(`data_request.reason_required`).",
        }
    ),
)
async def change_data_request(
    request_id: uuid.UUID, body: DataRequestPatch, owner: Owner, session: DbSession
) -> DataRequestOut:
    """Move a request on: `open` → `in_progress` → `done`, or `refused` with a reason."""
    request = await request_service.change_status(
        session, owner.merchant_id, request_id, status=body.status, reason=body.reason,
        actor_id=owner.user_id,
    )  # fmt: skip
    return DataRequestOut.of(request, utcnow())


@router.post(
    "/customers/{customer_id:uuid}/erase",
    response_model=ErasureOut,
    responses=error_responses(
        {
            409: "Already erased (`customer.erased`), or `request_id` is not a pending "
            "erasure request of this customer (`erasure.request_mismatch`).",
            422: "The confirmation is neither the customer's id nor `ERASE` "
            "(`erasure.confirmation_mismatch`).",
        }
    ),
)
async def erase_customer(
    customer_id: uuid.UUID, body: EraseIn, owner: Owner, session: DbSession
) -> ErasureOut:
    """Irreversibly replace the customer's personal data by markers, everywhere it is kept;
    the id, orders and totals stay."""
    erased = await request_service.erase_customer(
        session, owner.merchant_id, customer_id, confirm=body.confirm,
        request_id=body.request_id, actor_id=owner.user_id,
    )  # fmt: skip
    return ErasureOut.model_validate(erased)


@me_router.post(
    "/requests",
    status_code=201,
    response_model=MyDataRequestList,
    responses=error_responses(
        {
            404: "No profile at `merchant_id` (`data_request.brand_not_found`).",
            422: "An unknown kind (`data_request.kind_invalid`).",
        }
    ),
)
async def file_my_request(
    body: MyDataRequestIn, customer: CustomerUser, session: DbSession
) -> MyDataRequestList:
    """File a request at `merchant_id`, or at every brand where the customer has a profile."""
    filed = await request_service.file_my_requests(
        session, customer.user_id, kind=body.kind, details=body.details,
        merchant_id=body.merchant_id,
    )  # fmt: skip
    now = utcnow()
    return MyDataRequestList(
        items=[
            MyDataRequestOut(
                **DataRequestOut.of(r, now).model_dump(), merchant_name=p.merchant_name
            )
            for p, r in filed
        ]
    )


@me_router.get(
    "/export",
    response_model=MyDataOut,
    responses={200: {"description": "A download: `my-data-YYYY-MM-DD.json`."}},
)
async def export_my_data(customer: CustomerUser, session: DbSession) -> Response:
    """The customer's copy of their data at every brand, as a JSON download, at once."""
    data = await data_export.export_my_data(session, customer.user_id)
    body = MyDataOut.of(data)
    filename = f"my-data-{body.exported_at.date().isoformat()}.json"
    return Response(
        json.dumps(body.model_dump(mode="json"), ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
