"""Request and response bodies of authentication."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from patronage.core.schemas import SIGN_IN_KEY_PATTERN, RequestSchema, ResponseSchema


class StaffSignIn(RequestSchema):
    email: str = Field(min_length=3, max_length=254, pattern=SIGN_IN_KEY_PATTERN)
    password: str = Field(min_length=1, max_length=256)
    merchant_id: uuid.UUID | None = None


class TokenOut(ResponseSchema):
    token: str
    token_type: str = "bearer"
    expires_at: datetime
    user_id: uuid.UUID
    merchant_id: uuid.UUID | None = None
    role: str | None = None
