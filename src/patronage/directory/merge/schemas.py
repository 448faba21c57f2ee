"""Bodies of the duplicate and merge endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.directory.merge import rules
from patronage.directory.merge.models import CustomerMerge
from patronage.directory.merge.rules import Side
from patronage.directory.merge.service import Preview
from patronage.directory.schemas import CustomerOut

FieldName = Literal["name", "birthday", "locale", "note"]
_FIELDS = (
    "Which profile each of `name`, `birthday`, `locale`, `note` comes from: `survivor` or "
    "`source`. A field not named keeps the survivor's value, or takes the source's where the "
    "survivor has none."
)


class MergeIn(RequestSchema):
    """The profile to merge into this one, and which of its fields to keep."""

    source_id: uuid.UUID = Field(description="The profile merged away (soft-deleted).")
    fields: dict[FieldName, Side] = Field(default_factory=dict, description=_FIELDS)


class UndoIn(RequestSchema):
    """The profile whose merge into this one to undo."""

    source_id: uuid.UUID


class FieldChoiceOut(ResponseSchema):
    field: FieldName
    value: Any = Field(description="What the surviving profile will hold.")
    from_: Side = Field(serialization_alias="from")
    survivor: Any
    source: Any


class PreviewPhoneOut(ResponseSchema):
    number: str
    display: str
    primary: bool
    from_: Side = Field(serialization_alias="from")


class PreviewEmailOut(ResponseSchema):
    address: str
    primary: bool
    from_: Side = Field(serialization_alias="from")


class CarriedConsentOut(ResponseSchema):
    purpose: str
    status: str = Field(description="The source's answer, copied to the survivor.")
    previous_status: str | None = Field(description="The survivor's answer until now.")


class MergePreviewOut(ResponseSchema):
    survivor_id: uuid.UUID
    source_id: uuid.UUID
    fields: list[FieldChoiceOut]
    phones: list[PreviewPhoneOut] = Field(description="The survivor's first; its primary stays.")
    emails: list[PreviewEmailOut]
    orders: int = Field(description="How many orders move to the survivor.")
    tags: list[str] = Field(description="The source's tags, which the survivor will carry.")
    consents: list[CarriedConsentOut] = Field(
        description="Answers of the source newer than the survivor's, recorded on the survivor "
        "as new records with method `merge`."
    )

    @classmethod
    def of(cls, preview: Preview) -> MergePreviewOut:
        contacts = preview.contacts
        return cls(
            survivor_id=preview.survivor.id,
            source_id=preview.source.id,
            fields=[
                FieldChoiceOut(
                    field=c.field, value=c.value, from_=c.side, survivor=c.survivor, source=c.source
                )
                for c in preview.fields
            ],
            phones=[
                PreviewPhoneOut(
                    number=c.value,
                    display=c.display,
                    primary=c.is_primary and side == rules.SURVIVOR,
                    from_=side,
                )
                for c, side in contacts
                if c.kind == "phone"
            ],
            emails=[
                PreviewEmailOut(
                    address=c.value, primary=c.is_primary and side == rules.SURVIVOR, from_=side
                )
                for c, side in contacts
                if c.kind == "email"
            ],
            orders=preview.order_count,
            tags=preview.tags,
            consents=[
                CarriedConsentOut(
                    purpose=c.purpose, status=c.status, previous_status=c.previous_status
                )
                for c in preview.consents
            ],
        )


class MergeOut(ResponseSchema):
    id: uuid.UUID
    survivor_id: uuid.UUID
    source_id: uuid.UUID
    merged_at: datetime
    merged_by: uuid.UUID | None
    undo_until: datetime = Field(description=f"Merged at + {rules.UNDO_DAYS} days.")
    undone_at: datetime | None
    undone_by: uuid.UUID | None
    orders: int = Field(description="How many orders moved.")

    @classmethod
    def of(cls, merge: CustomerMerge) -> MergeOut:
        return cls(
            id=merge.id,
            survivor_id=merge.survivor_id,
            source_id=merge.source_id,
            merged_at=merge.merged_at,
            merged_by=merge.merged_by,
            undo_until=rules.undo_deadline(merge.merged_at),
            undone_at=merge.undone_at,
            undone_by=merge.undone_by,
            orders=len(merge.moved.get("orders", [])),
        )


class MergeResultOut(ResponseSchema):
    customer: CustomerOut = Field(description="The surviving profile.")
    source: CustomerOut = Field(description="The merged-away profile (deleted, `merged_into`).")
    merge: MergeOut


class DuplicatePairOut(ResponseSchema):
    customers: list[CustomerOut] = Field(description="The two profiles.")
    reasons: list[Literal["name_and_phone_suffix", "name_and_email_local_part"]]


class DuplicatePage(ResponseSchema):
    items: list[DuplicatePairOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
