"""Bodies of the order endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator

from patronage.core.normalize import normalize_name
from patronage.core.schemas import RequestSchema, ResponseSchema
from patronage.core.text import clean_text, required_text
from patronage.directory.schemas import CustomerSummary
from patronage.directory.summary import CustomerSummary as Summary
from patronage.sale import rules
from patronage.sale.order_trip import OrderRecord
from patronage.sale.service import OrderPage, OrderView

OrderStatus = Literal["open", "completed", "voided"]

Quantity = Annotated[int, Field(strict=True, ge=1, le=rules.MAX_QUANTITY)]
Money = Annotated[int, Field(strict=True, ge=0, le=rules.MAX_UNIT_PRICE)]


class LineIn(RequestSchema):
    sku: str = Field(max_length=200)
    name: str = Field(max_length=1000)
    quantity: Quantity
    unit_price: Money

    @field_validator("sku")
    @classmethod
    def _clean_sku(cls, value: str) -> str:
        return clean_sku(value)

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        return normalize_name(value)

    def draft(self) -> rules.LineDraft:
        return rules.LineDraft(self.sku, self.name, self.quantity, self.unit_price)


Lines = Annotated[list[LineIn], Field(max_length=rules.MAX_LINES)]
Note = Annotated[str, Field(max_length=rules.NOTE_MAX)]


def clean_sku(raw: str) -> str:
    """1–64 visible characters under the free-text policy (`core.text`)."""
    return required_text(raw, kind="sku", max_length=rules.SKU_MAX)


def clean_note(raw: str | None) -> str | None:
    """Under the free-text policy, line breaks kept; nothing visible becomes no note."""
    if raw is None:
        return None
    return clean_text(raw, kind="note", max_length=rules.NOTE_MAX, multiline=True) or None


# An order's note, cleaned by `clean_note`.
CleanNote = Annotated[Note | None, AfterValidator(clean_note)]


class OrderIn(RequestSchema):
    lines: Lines = Field(default_factory=list)
    customer_id: uuid.UUID | None = None
    note: CleanNote = None


class OrderPatch(RequestSchema):
    """Only the fields sent change; `customer_id: null` detaches, `note: null` clears."""

    lines: Lines | None = None
    customer_id: uuid.UUID | None = None
    note: CleanNote = None

    @field_validator("lines")
    @classmethod
    def _lines_not_null(cls, value: list[LineIn] | None) -> list[LineIn] | None:
        if value is None:
            raise ValueError("lines must be a list (send [] to remove every line)")
        return value


class CustomerRef(RequestSchema):
    customer_id: uuid.UUID


class LineOut(ResponseSchema):
    sku: str
    name: str
    quantity: int
    unit_price: int
    line_total: int


class OrderOut(ResponseSchema):
    id: uuid.UUID
    number: int
    status: OrderStatus
    lines: list[LineOut]
    subtotal: int
    total: int
    currency: str
    note: str | None
    customer: CustomerSummary | None = None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    voided_at: datetime | None
    version: int


def order_out(view: OrderView) -> OrderOut:
    """The response shape of an order with its customer summary."""
    customer = None if view.customer is None else CustomerSummary.model_validate(view.customer)
    return OrderOut.model_validate(view.order).model_copy(update={"customer": customer})


def order_json(order: OrderRecord, customer: Summary | None) -> dict[str, Any]:
    """`order_out` of a checkout trip's order as plain values for a fast JSON encoder (a
    test holds the two equal, byte for byte)."""
    return {
        "id": order.id,
        "number": order.number,
        "status": order.status,
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.line_total,
            }
            for line in order.lines
        ],
        "subtotal": order.subtotal,
        "total": order.total,
        "currency": order.currency,
        "note": order.note,
        "customer": None if customer is None else summary_json(customer),
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "completed_at": order.completed_at,
        "voided_at": order.voided_at,
        "version": order.version,
    }


def summary_json(customer: Summary) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "phone": customer.phone,
        "phone_display": customer.phone_display,
        "email": customer.email,
        "account_status": customer.account_status,
        "deleted_at": customer.deleted_at,
    }


class OrderList(ResponseSchema):
    items: list[OrderOut]
    next_cursor: str | None


class OrderEventOut(ResponseSchema):
    id: uuid.UUID
    action: str
    actor_id: uuid.UUID | None
    actor_role: str | None
    customer_id: uuid.UUID | None
    previous_customer_id: uuid.UUID | None
    created_at: datetime


class OrderEventList(ResponseSchema):
    items: list[OrderEventOut]


def order_list(page: OrderPage) -> OrderList:
    return OrderList(items=[order_out(v) for v in page.items], next_cursor=page.next_cursor)
