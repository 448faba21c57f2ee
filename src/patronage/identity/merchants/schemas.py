"""Bodies of the brand-settings endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

import phonenumbers
from pydantic import Field, field_validator

from patronage.core.normalize import normalize_time_zone
from patronage.core.schemas import RequestSchema, ResponseSchema

ContactPolicy = Literal["phone_and_email", "phone", "phone_or_email"]


class MerchantOut(ResponseSchema):
    id: uuid.UUID
    name: str
    phone_region: str
    locale: str
    currency: str
    time_zone: str
    contact_policy: str
    created_at: datetime
    updated_at: datetime
    version: int


class MerchantPatch(RequestSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    phone_region: str | None = Field(None, min_length=2, max_length=2)
    locale: Literal["en", "vi"] | None = None
    time_zone: str | None = Field(None, max_length=64)
    contact_policy: ContactPolicy | None = None

    @field_validator("phone_region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is not None and value.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("unknown phone region")
        return value.upper() if value else value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return normalize_time_zone(value) if value is not None else None
