"""The customer directory over HTTP: find or create at checkout, read, change, delete."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.errors import AppError
from patronage.core.http import database, json_response, model_response, read_query
from patronage.core.idempotency import Idempotency, Outcome
from patronage.core.schemas import error_responses
from patronage.directory import create_trip, search_trip
from patronage.directory import detail as customer_detail
from patronage.directory import service as customer_service
from patronage.directory.errors import PRECONDITION_REQUIRED
from patronage.directory.listing import AnyCustomer
from patronage.directory.models import Customer
from patronage.directory.schemas import (
    CustomerEventOut,
    CustomerEventPage,
    CustomerIn,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    CustomerStats,
    EmailIn,
    LookupQuery,
    PhoneIn,
    customer_json,
)
from patronage.directory.tags import service as tag_service
from patronage.identity.auth import trip_staff
from patronage.identity.auth.dependencies import (
    DbSession,
    Owner,
    StaffUser,
    bearer_token,
    create_once_as_staff,
    current_principal,
)
from patronage.identity.auth.errors import FORBIDDEN
from patronage.identity.auth.principal import Staff

router = APIRouter(prefix="/customers", tags=["customers"])

_STRONG_ETAG = re.compile(r'^"([0-9]{1,18})"$')
CustomerPath = "/{customer_id:uuid}"
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1024,
        description="The `ETag` of the version you read (strong comparison).",
    ),
]


def _location(customer: AnyCustomer) -> str:
    return f"/api/v1/customers/{customer.id}"


def _headers(customer: AnyCustomer) -> dict[str, str]:
    return {"ETag": customer_service.etag(customer)}


def _answer(customer: Customer, status: int = 200) -> Response:
    return model_response(CustomerOut.of(customer), status=status, headers=_headers(customer))


def parse_if_match(header: str | None, *, required: bool) -> Collection[int] | None:
    """The versions an `If-Match` header accepts; None for `*` or (when optional) absence."""
    if header is None or not header.strip():
        if required:
            raise AppError(PRECONDITION_REQUIRED)
        return None
    if header.strip() == "*":
        return None
    tags = (_STRONG_ETAG.match(part.strip()) for part in header.split(","))
    return [int(tag.group(1)) for tag in tags if tag]  # weak or malformed tags never match


def _contact_inputs(items: list[PhoneIn] | list[EmailIn]) -> list[customer_service.ContactInput]:
    return [
        customer_service.ContactInput(
            item.number if isinstance(item, PhoneIn) else item.address, item.primary
        )
        for item in items
    ]


@router.post(
    "",
    status_code=201,
    response_model=CustomerOut,
    responses=error_responses({409: "A phone or email belongs to another customer."}),
    openapi_extra=CustomerIn.openapi_body(),
)
async def create_customer(request: Request, idempotency: Idempotency) -> Response:
    """Create a customer (and its credential-less user); honours `Idempotency-Key`.

    The till's hot path: two round trips to the database (`directory.create_trip`)."""
    if idempotency.key is not None:
        return await create_once_as_staff(request, idempotency, CustomerIn, _create)
    engine = database(request).engine
    check = trip_staff.check_of(engine, bearer_token(request))
    body = await trip_staff.body_of(request, CustomerIn, engine, check)
    created = await create_trip.create(engine, check, body)
    request.state.principal = created.staff
    customer = created.customer
    headers = {**_headers(customer), "Location": _location(customer)}
    return json_response(customer_json(customer), status=201, headers=headers)


async def _create(session: AsyncSession, staff: Staff, body: CustomerIn) -> Outcome:
    """`POST /customers` through the session, for a request that may be a repeat."""
    customer = await customer_service.create_customer(
        session,
        staff.merchant_id,
        actor_id=staff.user_id,
        name=body.name,
        phones=_contact_inputs(body.phones),
        emails=_contact_inputs(body.emails),
        birthday=body.birthday,
        locale=body.locale,
        note=body.note,
        source=body.source,
    )
    headers = {**_headers(customer), "Location": _location(customer)}
    return Outcome.of(CustomerOut.of(customer), status=201, headers=headers)


@router.get(
    "",
    response_model=CustomerPage,
    openapi_extra={"parameters": LookupQuery.openapi_parameters()},
)
async def search_customers(request: Request) -> Response:
    """Find customers: best matches first; without `q`, the newest first.

    The till's hot path: one round trip to the database (`directory.search_trip`), the page
    encoded once from plain values."""
    engine, token = database(request).engine, bearer_token(request)
    try:
        params = read_query(request, LookupQuery)
    except RequestValidationError:
        await trip_staff.authenticate(engine, token)  # who asks is answered first
        raise
    if params.include_deleted or params.tag is not None:
        return await _search_in_session(request, params)
    found = await search_trip.search(
        engine, token, query=params.q, limit=params.limit, cursor=params.cursor
    )
    request.state.principal = found.staff
    items = [customer_json(c) for c in found.page.items]
    return json_response({"items": items, "next_cursor": found.page.next_cursor})


async def _search_in_session(request: Request, params: LookupQuery) -> Response:
    """The owner's listing with deleted customers, and lookups filtered by a tag: not the
    till's hot path, through the session."""
    async with database(request).unit_of_work() as session:
        principal = await current_principal(request, session)
        if not isinstance(principal, Staff):
            raise AppError(FORBIDDEN)
        if params.include_deleted and not principal.is_owner:
            raise AppError(FORBIDDEN)
        tag_id = None
        if params.tag is not None:
            tag_id = (await tag_service.resolve(session, principal.merchant_id, params.tag)).id
        page = await customer_service.search_customers(
            session,
            principal.merchant_id,
            query=params.q,
            limit=params.limit,
            cursor=params.cursor,
            include_deleted=params.include_deleted,
            tag_id=tag_id,
        )
    items = [customer_json(c) for c in page.items]
    return json_response({"items": items, "next_cursor": page.next_cursor})


@router.get(CustomerPath, response_model=CustomerOut)
async def get_customer(customer_id: uuid.UUID, staff: StaffUser, session: DbSession) -> Response:
    """A customer, with its version as a strong `ETag` and its order totals as `stats`."""
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    # Filled in by the orders feature, which registers with the directory.
    stats = await customer_detail.stats_of(session, staff.merchant_id, customer.id)
    shown = None if stats is None else CustomerStats.model_validate(stats)
    body = CustomerOut.of(customer, stats=shown)
    return model_response(body, headers=_headers(customer))


@router.patch(
    CustomerPath,
    response_model=CustomerOut,
    responses=error_responses(
        {
            412: "The customer changed since the `If-Match` version.",
            428: "`If-Match` is missing.",
        }
    ),
)
async def update_customer(
    customer_id: uuid.UUID,
    body: CustomerPatch,
    staff: StaffUser,
    session: DbSession,
    if_match: IfMatch = None,
) -> Response:
    """Change name, phones, emails, birthday, locale or note; needs `If-Match`."""
    expected = parse_if_match(if_match, required=True)
    customer = await customer_service.update_customer(
        session,
        staff.merchant_id,
        customer_id,
        actor_id=staff.user_id,
        expected_versions=expected,
        changes=_changes(body),
    )
    return _answer(customer)


def _changes(body: CustomerPatch) -> dict[str, Any]:
    changes = {field: getattr(body, field) for field in body.model_fields_set}
    for field in ("phones", "emails"):
        if field in changes:
            changes[field] = _contact_inputs(changes[field])
    return changes


@router.delete(CustomerPath, status_code=204, response_class=Response)
async def delete_customer(
    customer_id: uuid.UUID, owner: Owner, session: DbSession, if_match: IfMatch = None
) -> Response:
    """Soft-delete a customer (owners): it leaves lookups, its orders keep it."""
    await customer_service.delete_customer(
        session,
        owner.merchant_id,
        customer_id,
        actor_id=owner.user_id,
        expected_versions=parse_if_match(if_match, required=False),
    )
    return Response(status_code=204)


@router.post(CustomerPath + "/restore", response_model=CustomerOut)
async def restore_customer(
    customer_id: uuid.UUID, owner: Owner, session: DbSession, if_match: IfMatch = None
) -> Response:
    """Bring a deleted customer back (owners); 409 when its phone or email was taken."""
    customer = await customer_service.restore_customer(
        session,
        owner.merchant_id,
        customer_id,
        actor_id=owner.user_id,
        expected_versions=parse_if_match(if_match, required=False),
    )
    return _answer(customer)


@router.get(CustomerPath + "/events", response_model=CustomerEventPage)
async def list_customer_events(
    customer_id: uuid.UUID,
    staff: StaffUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> CustomerEventPage:
    """The customer's audit trail, newest first: who changed what, when, old → new."""
    page = await customer_service.list_events(
        session, staff.merchant_id, customer_id, limit=limit, cursor=cursor
    )
    return CustomerEventPage(
        items=[CustomerEventOut.model_validate(e) for e in page.items],
        next_cursor=page.next_cursor,
    )
