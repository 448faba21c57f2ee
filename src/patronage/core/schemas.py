"""The base of every request and response schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RequestSchema(BaseModel):
    """Request bodies: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


class ResponseSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)
