"""Bodies of the promotion endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.directory.schemas import CustomerOut


class PromotionIn(RequestSchema):
    channel: Literal["sms", "email"]


class PromotionStarted(ResponseSchema):
    challenge_id: uuid.UUID
    expires_at: datetime
    channel: Literal["sms", "email"]
    destination_masked: str


class PromotionVerifyIn(RequestSchema):
    challenge_id: uuid.UUID
    code: str = Field(pattern=r"^[0-9]{6}$")
    password: str | None = Field(None, min_length=1, max_length=256)


class AccountOut(ResponseSchema):
    id: uuid.UUID
    verified_phone: str | None
    verified_email: str | None
    locale: str
    has_password: bool


class PromotionOut(ResponseSchema):
    customer: CustomerOut
    user: AccountOut
    merged: bool
