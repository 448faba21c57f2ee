"""Bodies of the invitation endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from patronage.core.normalize import EMAIL_MAX, normalize_email, normalize_name
from patronage.core.schemas import RequestSchema, ResponseSchema


class InvitationIn(RequestSchema):
    email: Annotated[
        str, Field(min_length=3, max_length=EMAIL_MAX), AfterValidator(normalize_email)
    ]
    name: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(normalize_name)]
    role: Literal["owner", "cashier"]
    locale: Literal["en", "vi"] | None = Field(
        None, description="The invitation's language when the email has no account yet."
    )


class InvitationOut(ResponseSchema):
    id: uuid.UUID
    email: str
    name: str
    role: str
    created_at: datetime
    expires_at: datetime


class InvitationList(ResponseSchema):
    items: list[InvitationOut]


class AcceptIn(RequestSchema):
    invitation_id: uuid.UUID
    code: str = Field(min_length=1, max_length=32)
    password: str | None = Field(None, min_length=1, max_length=256)


class AcceptedOut(ResponseSchema):
    merchant_id: uuid.UUID
    user_id: uuid.UUID
    role: str
