"""Bodies of the staff endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from patronage.core.schemas import RequestSchema, ResponseSchema


class StaffIn(RequestSchema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)
    role: Literal["owner", "cashier"]


class StaffOut(ResponseSchema):
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    created_at: datetime


class StaffList(ResponseSchema):
    items: list[StaffOut]
