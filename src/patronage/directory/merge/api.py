"""Duplicate profiles over HTTP (owners): list likely pairs, preview, merge, undo."""

from __future__ import annotations

import uuid
from typing import Annotated, get_args

from fastapi import APIRouter, Query, Response

from patronage.core.errors import invalid_fields
from patronage.core.http import model_response
from patronage.core.idempotency import Idempotency, Outcome
from patronage.core.schemas import error_responses
from patronage.directory.merge import duplicates, rules
from patronage.directory.merge import service as merge_service
from patronage.directory.merge.rules import Side
from patronage.directory.merge.schemas import (
    DuplicatePage,
    DuplicatePairOut,
    MergeIn,
    MergeOut,
    MergePreviewOut,
    MergeResultOut,
    UndoIn,
)
from patronage.directory.schemas import CustomerOut
from patronage.identity.auth.dependencies import DbSession, Owner

router = APIRouter(prefix="/customers", tags=["duplicates"])
CustomerPath = "/{customer_id:uuid}"

_REFUSALS = {
    404: "No such customer in the brand (`customer.not_found`), either of the two.",
    409: "A profile is deleted (`customer.deleted`) or merged already (`customer.merged`, "
    "naming the survivor in `details.merged_into`); the two are linked to different sign-in "
    "accounts (`merge.different_accounts`); the profile merged away has one "
    "(`merge.source_has_account`).",
    422: "Merging a profile into itself (`merge.same_customer`); more than five phones or "
    "emails together (`merge.too_many_contacts`); a bad `fields` choice.",
}
_UNDO_REFUSALS = {
    404: "No such customer (`customer.not_found`), or no merge of `source_id` into it to undo "
    "(`merge.not_found`).",
    409: "It cannot be undone faithfully: a moved contact was removed or given to another "
    "customer (`merge.undo_contact_changed`), a moved order carries another customer "
    "(`merge.undo_order_changed`), the survivor was deleted or merged "
    "(`merge.undo_survivor_deleted`).",
    410: f"The merge is older than {rules.UNDO_DAYS} days (`merge.undo_expired`).",
}


@router.get("/duplicates", response_model=DuplicatePage)
async def list_duplicates(
    owner: Owner,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> Response:
    """Likely duplicate pairs of the brand's active customers, each with its reasons."""
    page = await duplicates.list_duplicates(session, owner.merchant_id, limit=limit, cursor=cursor)
    items = [
        DuplicatePairOut(
            customers=[CustomerOut.of(p.first), CustomerOut.of(p.second)],
            reasons=p.reasons,
        )
        for p in page.items
    ]
    return model_response(DuplicatePage(items=items, next_cursor=page.next_cursor))


@router.get(
    CustomerPath + "/merge-preview",
    response_model=MergePreviewOut,
    responses=error_responses(_REFUSALS),
)
async def preview_merge(
    customer_id: uuid.UUID,
    owner: Owner,
    session: DbSession,
    source_id: uuid.UUID,
    fields: Annotated[
        str,
        Query(
            max_length=200,
            description="Overrides as `field:side` pairs, comma-separated: "
            "`name:source,note:survivor`.",
        ),
    ] = "",
) -> Response:
    """The surviving profile field by field (which value from which profile) and what
    would move; refused exactly as the merge would be."""
    preview = await merge_service.preview_merge(
        session, owner.merchant_id, customer_id, source_id=source_id, fields=_fields(fields)
    )
    return model_response(MergePreviewOut.of(preview))


def _fields(text: str) -> dict[str, Side]:
    """`name:source,note:survivor` as a choice per field; 422 naming `query.fields`."""
    chosen: dict[str, Side] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, _, side = part.partition(":")
        if field not in rules.FIELDS or side not in get_args(Side):
            raise invalid_fields(("query.fields", "merge.fields_invalid"))
        chosen[field] = side  # type: ignore[assignment]
    return chosen


@router.post(
    CustomerPath + "/merge", response_model=MergeResultOut, responses=error_responses(_REFUSALS)
)
async def merge(
    customer_id: uuid.UUID,
    body: MergeIn,
    owner: Owner,
    session: DbSession,
    idempotency: Idempotency,
) -> Response:
    """Merge `source_id` into this profile in one transaction; honours `Idempotency-Key`."""

    async def produce() -> Outcome:
        merged = await merge_service.merge_customers(
            session, owner.merchant_id, customer_id, source_id=body.source_id,
            fields={str(k): v for k, v in body.fields.items()}, actor_id=owner.user_id,
        )  # fmt: skip
        return Outcome.of(_result(merged), status=200)

    return await idempotency.run(session, owner.merchant_id, produce)


@router.post(
    CustomerPath + "/merge/undo",
    response_model=MergeResultOut,
    responses=error_responses(_UNDO_REFUSALS),
)
async def undo_merge(
    customer_id: uuid.UUID,
    body: UndoIn,
    owner: Owner,
    session: DbSession,
    idempotency: Idempotency,
) -> Response:
    """Undo the merge of `source_id` into this profile (within 30 days); honours
    `Idempotency-Key`."""

    async def produce() -> Outcome:
        undone = await merge_service.undo_merge(
            session, owner.merchant_id, customer_id, source_id=body.source_id,
            actor_id=owner.user_id,
        )  # fmt: skip
        return Outcome.of(_result(undone), status=200)

    return await idempotency.run(session, owner.merchant_id, produce)


def _result(merged: merge_service.Merged) -> MergeResultOut:
    return MergeResultOut(
        customer=CustomerOut.of(merged.survivor),
        source=CustomerOut.of(merged.source),
        merge=MergeOut.of(merged.merge),
    )
