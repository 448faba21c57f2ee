"""Bodies of the consent endpoints (staff's and the customer's own)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from patronage.core.schemas import RequestSchema, ResponseSchema

# Checked by the service (`rules`), so a wrong value gets its own code: `consent.*_invalid`.
_STATUS = "`granted` or `withdrawn`."
_METHOD = "How the customer answered: `at_till`, `web`, `sms_keyword` or `import`."
_WORDING = "The version of the wording the customer was shown, e.g. `2026-01-vi`."


class ConsentIn(RequestSchema):
    """Staff record a customer's answer."""

    status: str = Field(max_length=32, description=_STATUS)
    method: str = Field(max_length=32, description=_METHOD)
    wording_version: str = Field(max_length=200, description=_WORDING)


class MyConsentIn(RequestSchema):
    """The signed-in customer answers for themselves (recorded as `self_service`)."""

    status: str = Field(max_length=32, description=_STATUS)
    wording_version: str = Field(max_length=200, description=_WORDING)
    merchant_id: uuid.UUID | None = Field(
        default=None,
        description="Only the profile at this brand (one of `GET /me`'s `profiles`); "
        "without it, every brand where the customer has a profile.",
    )


class ConsentStateOut(ResponseSchema):
    """A purpose's current answer; `status` is `not_recorded` (and the rest null) until one
    is recorded."""

    purpose: str
    status: str
    method: str | None
    wording_version: str | None
    actor_kind: str | None = Field(description="`staff` or `customer`.")
    actor_id: uuid.UUID | None
    recorded_at: datetime | None


class ConsentRecordOut(ResponseSchema):
    """One entry of the history: an answer with its evidence, as recorded (never changed)."""

    id: uuid.UUID
    purpose: str
    sequence: int
    status: str
    method: str
    wording_version: str
    actor_kind: str
    actor_id: uuid.UUID | None
    recorded_at: datetime


class CustomerConsentsOut(ResponseSchema):
    customer_id: uuid.UUID
    current: list[ConsentStateOut] = Field(description="Every purpose, in a fixed order.")
    history: list[ConsentRecordOut] = Field(description="Every record, newest first.")
    next_cursor: str | None


class BrandConsentsOut(ResponseSchema):
    """The customer's answers at one brand."""

    merchant_id: uuid.UUID
    merchant_name: str
    customer_id: uuid.UUID
    current: list[ConsentStateOut]


class MyConsentsOut(ResponseSchema):
    items: list[BrandConsentsOut]
