"""Bodies of the staff endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from patronage.core.schemas import RequestSchema, ResponseSchema


class StaffRoleIn(RequestSchema):
    role: Literal["owner", "cashier"]


class StaffOut(ResponseSchema):
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    created_at: datetime


class StaffList(ResponseSchema):
    items: list[StaffOut]
