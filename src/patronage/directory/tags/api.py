"""Owners define a brand's tags; staff read them and set a customer's tags."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from patronage.core.schemas import error_responses
from patronage.directory.tags import service as tag_service
from patronage.directory.tags.models import CustomerTag
from patronage.directory.tags.schemas import (
    CustomerTagsIn,
    CustomerTagsOut,
    TagIn,
    TagList,
    TagOut,
)
from patronage.identity.auth.dependencies import DbSession, Owner, StaffUser

router = APIRouter(tags=["tags"])
TagPath = "/tags/{tag_id:uuid}"
_NAME_ERRORS = {
    409: "Another tag of the brand has this name, in any case (`tag.name_taken`, with "
    "`details.tag_id`), or the brand has its maximum of tags (`tag.limit_reached`).",
    422: "An empty or too long name, or one with control characters (`tag.name_invalid`).",
}


def _items(tags: list[CustomerTag]) -> list[TagOut]:
    return [TagOut.model_validate(t) for t in tags]


@router.get("/tags", response_model=TagList)
async def list_tags(staff: StaffUser, session: DbSession) -> TagList:
    """The brand's tags, by name."""
    return TagList(items=_items(await tag_service.list_tags(session, staff.merchant_id)))


@router.post(
    "/tags", status_code=201, response_model=TagOut, responses=error_responses(_NAME_ERRORS)
)
async def create_tag(body: TagIn, owner: Owner, session: DbSession) -> TagOut:
    """Define a tag (owners)."""
    tag = await tag_service.create_tag(
        session, owner.merchant_id, name=body.name, actor_id=owner.user_id
    )
    return TagOut.model_validate(tag)


@router.patch(TagPath, response_model=TagOut, responses=error_responses(_NAME_ERRORS))
async def rename_tag(tag_id: uuid.UUID, body: TagIn, owner: Owner, session: DbSession) -> TagOut:
    """Rename a tag (owners): every customer carrying it shows the new name."""
    tag = await tag_service.rename_tag(
        session, owner.merchant_id, tag_id, name=body.name, actor_id=owner.user_id
    )
    return TagOut.model_validate(tag)


@router.delete(TagPath, status_code=204, response_class=Response)
async def delete_tag(tag_id: uuid.UUID, owner: Owner, session: DbSession) -> Response:
    """Delete a tag (owners): it leaves every customer and filter; its name is free again."""
    await tag_service.delete_tag(session, owner.merchant_id, tag_id, actor_id=owner.user_id)
    return Response(status_code=204)


@router.get("/customers/{customer_id:uuid}/tags", response_model=CustomerTagsOut)
async def get_customer_tags(
    customer_id: uuid.UUID, staff: StaffUser, session: DbSession
) -> CustomerTagsOut:
    """The tags the customer carries, by name."""
    tags = await tag_service.customer_tags(session, staff.merchant_id, customer_id)
    return CustomerTagsOut(customer_id=customer_id, items=_items(tags))


@router.put(
    "/customers/{customer_id:uuid}/tags",
    response_model=CustomerTagsOut,
    responses=error_responses(
        {
            404: "No such customer (`customer.not_found`) or tag (`tag.not_found`, "
            "`details.value` naming it) in the brand; nothing is written.",
            409: "The customer is deleted (`customer.deleted`).",
            422: "More tags than a customer may carry (`tag.too_many`).",
        }
    ),
)
async def put_customer_tags(
    customer_id: uuid.UUID, body: CustomerTagsIn, staff: StaffUser, session: DbSession
) -> CustomerTagsOut:
    """Replace the customer's tags with `tags` (ids or names); recorded in the audit trail."""
    tags = await tag_service.set_customer_tags(
        session, staff.merchant_id, customer_id, body.tags, actor_id=staff.user_id
    )
    return CustomerTagsOut(customer_id=customer_id, items=_items(tags))
