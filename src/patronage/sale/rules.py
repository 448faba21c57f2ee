"""The rules of an order, without I/O: totals, and which changes its status allows."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from patronage.core.errors import AppError
from patronage.directory.errors import DELETED as CUSTOMER_DELETED
from patronage.directory.errors import MERGED as CUSTOMER_MERGED
from patronage.directory.errors import NOT_FOUND as CUSTOMER_NOT_FOUND
from patronage.directory.summary import CustomerSummary
from patronage.sale.errors import ORDER_CLOSED, ORDER_EMPTY, ORDER_TOO_LARGE, STATUS_VI
from patronage.sale.models import (
    COMPLETED,
    CUSTOMER_ATTACHED,
    CUSTOMER_ATTACHED_LATE,
    CUSTOMER_DETACHED,
    OPEN,
)

MAX_LINES = 500
MAX_QUANTITY = 10_000
MAX_UNIT_PRICE = 10**12
# An order's total, in minor units (10^15: ten trillion dollars, or a quadrillion đồng).
# Lines alone could reach 5·10^18; with the cap, 9,000 orders at the cap still fit a
# signed 64-bit sum (and sums are computed exactly anyway: `repository.customer_totals`).
MAX_ORDER_TOTAL = 10**15
NOTE_MAX = 2000
SKU_MAX = 64


@dataclass(frozen=True)
class LineDraft:
    """A line as the client described it, already validated."""

    sku: str
    name: str
    quantity: int
    unit_price: int

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Totals:
    subtotal: int
    total: int


def compute_totals(lines: Sequence[LineDraft]) -> Totals:
    """Sum the lines; with no taxes or discounts yet, the total is the subtotal.
    Over `MAX_ORDER_TOTAL`, 422 `order.total_too_large`."""
    subtotal = sum(line.line_total for line in lines)
    if subtotal > MAX_ORDER_TOTAL:
        raise AppError(ORDER_TOO_LARGE, {"max_total": MAX_ORDER_TOTAL}, max_total=MAX_ORDER_TOTAL)
    return Totals(subtotal=subtotal, total=subtotal)


class CustomerChange(enum.Enum):
    NONE = "none"
    ATTACH = "attach"
    DETACH = "detach"
    ATTACH_LATE = "attach_late"


def ensure_open(status: str) -> None:
    """Lines, note and status change only while the order is open (409 `order.closed`)."""
    if status != OPEN:
        raise closed_error(status)


def customer_change(
    *,
    status: str,
    current: uuid.UUID | None,
    requested: uuid.UUID | None,
    by_owner: bool,
) -> CustomerChange:
    """What setting the order's customer to `requested` means, or 409 if not allowed.

    Attach, replace and detach while open; after completion only an owner may attach
    a customer to an order that has none. Asking for what is already there changes nothing.
    """
    if requested == current:
        return CustomerChange.NONE
    if status == OPEN:
        return CustomerChange.DETACH if requested is None else CustomerChange.ATTACH
    if status == COMPLETED and current is None and by_owner:
        return CustomerChange.ATTACH_LATE
    raise closed_error(status)


@dataclass(frozen=True)
class Event:
    """An order event about to be written: what happened, to which customer."""

    action: str
    customer_id: uuid.UUID | None = None
    previous_customer_id: uuid.UUID | None = None


_EVENT_OF_CHANGE = {
    CustomerChange.ATTACH: CUSTOMER_ATTACHED,
    CustomerChange.ATTACH_LATE: CUSTOMER_ATTACHED_LATE,
}


def customer_events(
    change: CustomerChange, previous: uuid.UUID | None, requested: uuid.UUID | None
) -> list[Event]:
    """The events that record a change of the order's customer."""
    if change is CustomerChange.NONE:
        return []
    if change is CustomerChange.DETACH:
        return [Event(CUSTOMER_DETACHED, previous)]
    return [Event(_EVENT_OF_CHANGE[change], requested, previous)]


def ensure_attachable(
    customers: Mapping[uuid.UUID, CustomerSummary], customer_id: uuid.UUID
) -> None:
    """Only a customer of the brand (404 `customer.not_found`), not merged into another
    (409 `customer.merged`, naming the survivor, which `customers` holds too) and not
    deleted (409 `customer.deleted`) can be put on an order."""
    customer = customers.get(customer_id)
    if customer is None:
        raise AppError(CUSTOMER_NOT_FOUND)
    if customer.merged_into is not None:
        survivor = customers.get(customer.merged_into)
        name = survivor.name if survivor else ""
        details = {"customer_id": str(customer_id), "merged_into": str(customer.merged_into)}
        raise AppError(CUSTOMER_MERGED, {**details, "name": name}, name=name)
    if customer.deleted_at is not None:
        raise AppError(CUSTOMER_DELETED, {"customer_id": str(customer_id)})


def ensure_completable(status: str, line_count: int) -> None:
    """Only an open order with at least one line can be completed."""
    ensure_open(status)
    if line_count == 0:
        raise AppError(ORDER_EMPTY)


def closed_error(status: str) -> AppError:
    return AppError(
        ORDER_CLOSED, {"status": status}, state=status, state_vi=STATUS_VI.get(status, status)
    )
