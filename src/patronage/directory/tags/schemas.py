"""Bodies of the tag endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.directory.tags import rules

# Checked by the service (`rules`), so a bad name gets its own code: `tag.name_invalid`.
_NAME = (
    f"1–{rules.NAME_MAX} characters after trimming; unique in the brand regardless of case "
    "(diacritics count: `Đào` and `Dao` are two tags)."
)


class TagIn(RequestSchema):
    """A tag to define, or a tag's new name."""

    name: str = Field(max_length=200, description=_NAME)


class TagOut(ResponseSchema):
    id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime
    version: int


class TagList(ResponseSchema):
    items: list[TagOut] = Field(description="By name.")


class CustomerTagsIn(RequestSchema):
    """Every tag the customer carries from now on, each by its id or its name."""

    tags: list[Annotated[str, Field(max_length=200)]] = Field(
        max_length=100,
        description=f"Tag ids or names (case-insensitive); at most {rules.PER_CUSTOMER_MAX} "
        "different tags; `[]` takes every tag off.",
    )


class CustomerTagsOut(ResponseSchema):
    customer_id: uuid.UUID
    items: list[TagOut] = Field(description="By name.")
