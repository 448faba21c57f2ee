"""Bodies of the data request, erasure and own-data endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from patronage.accounts.customer_auth.schemas import MeOut, me_out
from patronage.accounts.data_rights import rules
from patronage.accounts.data_rights.export import MyData
from patronage.accounts.data_rights.models import DataRequest
from patronage.core.columns import utcnow
from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.directory.consent.schemas import ConsentRecordOut, ConsentStateOut
from patronage.directory.schemas import CustomerEventOut, CustomerOut
from patronage.directory.tags.schemas import TagOut
from patronage.sale.schemas import OrderOut, order_out

# Checked by the service (`rules`), so a wrong value gets its own code.
_KIND = "`access`, `correct`, `erase` or `withdraw_consent`."
_DETAILS = "What the person asks, in their words (up to 2,000 characters)."


class DataRequestIn(RequestSchema):
    """Staff file a request for a customer at the till."""

    kind: str = Field(max_length=32, description=_KIND)
    details: str | None = Field(default=None, max_length=4000, description=_DETAILS)


class MyDataRequestIn(DataRequestIn):
    """The signed-in customer files a request."""

    merchant_id: uuid.UUID | None = Field(
        default=None,
        description="Only at this brand (one of `GET /me`'s `profiles`); without it, one "
        "request at every brand where the customer has a profile.",
    )


class DataRequestPatch(RequestSchema):
    status: str = Field(max_length=32, description="`in_progress`, `done` or `refused`.")
    reason: str | None = Field(
        default=None, max_length=4000, description="Why it was refused (required to refuse)."
    )


class EraseIn(RequestSchema):
    confirm: str = Field(
        max_length=100, description="The customer's id, or the word `ERASE`, typed to confirm."
    )
    request_id: uuid.UUID | None = Field(
        default=None, description="The erasure request this answers; it is closed as `done`."
    )


class DataRequestOut(ResponseSchema):
    id: uuid.UUID
    merchant_id: uuid.UUID
    customer_id: uuid.UUID
    kind: str
    status: str = Field(description="`open`, `in_progress`, `done` or `refused`.")
    channel: str = Field(description="`self_service` (the customer) or `at_till` (staff).")
    details: str | None
    due_at: datetime = Field(description="The legal deadline: 10 days, 20 for `erase`.")
    overdue: bool = Field(description="Still open or in progress after `due_at`.")
    resolution: str | None
    resolved_at: datetime | None
    resolved_by: uuid.UUID | None
    created_at: datetime
    created_by: uuid.UUID | None
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, request: DataRequest, now: datetime) -> DataRequestOut:
        fields: dict[str, Any] = {
            name: getattr(request, name) for name in cls.model_fields if name != "overdue"
        }
        return cls(**fields, overdue=rules.is_overdue(request.status, request.due_at, now))


class DataRequestPage(ResponseSchema):
    items: list[DataRequestOut] = Field(description="The nearest deadline first.")
    next_cursor: str | None


class MyDataRequestOut(DataRequestOut):
    merchant_name: str


class MyDataRequestList(ResponseSchema):
    items: list[MyDataRequestOut] = Field(description="One per brand the request went to.")


class ErasureOut(ResponseSchema):
    customer_id: uuid.UUID
    erased_at: datetime
    erased_by: uuid.UUID | None
    request_id: uuid.UUID | None
    account_erased: bool = Field(
        description="The person had no profile left: their sign-in account was erased too "
        "and its sessions ended."
    )


class BrandDataOut(ResponseSchema):
    """Everything one brand keeps about the person."""

    merchant_id: uuid.UUID
    merchant_name: str
    profile: CustomerOut
    consents: list[ConsentStateOut]
    consent_history: list[ConsentRecordOut] = Field(description="Every answer, newest first.")
    tags: list[TagOut]
    orders: list[OrderOut] = Field(description="Newest first.")
    events: list[CustomerEventOut] = Field(description="The profile's audit trail.")
    requests: list[DataRequestOut]


class MyDataOut(ResponseSchema):
    """A signed-in customer's copy of their data, at every brand where they have a profile."""

    exported_at: datetime
    account: MeOut
    brands: list[BrandDataOut]

    @classmethod
    def of(cls, data: MyData) -> MyDataOut:
        """The export's JSON shape (the API's and the web's download)."""
        now = utcnow()
        return cls(
            exported_at=now,
            account=me_out(data.me),
            brands=[
                BrandDataOut(
                    merchant_id=b.profile.merchant_id,
                    merchant_name=b.profile.merchant_name,
                    profile=CustomerOut.of(b.customer),
                    consents=[ConsentStateOut.model_validate(s) for s in b.consents],
                    consent_history=[ConsentRecordOut.model_validate(r) for r in b.consent_history],
                    tags=[TagOut.model_validate(t) for t in b.tags],
                    orders=[order_out(v) for v in b.orders],
                    events=[CustomerEventOut.model_validate(e) for e in b.events],
                    requests=[DataRequestOut.of(r, now) for r in b.requests],
                )
                for b in data.brands
            ],
        )
