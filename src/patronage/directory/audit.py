"""A customer's audit trail: who changed what, when; written in the changing transaction."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.columns import new_id, utcnow
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import audit_repository
from patronage.directory.listing import AnyCustomer
from patronage.directory.models import CustomerEvent
from patronage.directory.search import parse_instant

CREATED, UPDATED = "customer.created", "customer.updated"
DELETED, RESTORED = "customer.deleted", "customer.restored"
ACCOUNT_CHANGED = "customer.account_changed"


async def record_event(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    changes: dict[str, Any],
    at: datetime | None = None,
) -> None:
    """Append an event to the customer's audit trail, in the caller's transaction."""
    audit_repository.add_event(
        session,
        CustomerEvent(
            merchant_id=merchant_id,
            id=new_id(),
            customer_id=customer_id,
            actor_id=actor_id,
            action=action,
            changes=changes,
            created_at=at or utcnow(),
        ),
    )


def snapshot(customer: AnyCustomer) -> dict[str, Any]:
    return {
        "name": customer.name,
        "phones": [c.value for c in customer.phones],
        "emails": [c.value for c in customer.emails],
        "birthday": customer.birthday.isoformat() if customer.birthday else None,
        "locale": customer.locale,
        "note": customer.note,
    }


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """`{field: {old, new}}` for every field whose value changed."""
    return {
        field: {"old": before.get(field), "new": value}
        for field, value in after.items()
        if before.get(field) != value and not (field not in before and value in (None, []))
    }


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


T = TypeVar("T", bound=_Identified)


async def newest_first(
    read: Callable[..., Awaitable[list[T]]],
    *,
    scope: str,
    limit: int,
    cursor: str | None,
    instant: Callable[[T], datetime],
) -> Page[T]:
    """A page of a trail read newest first (`read(before=, limit=)`, strictly before an
    (instant, id) position), after `cursor` of `scope`."""
    before = None
    if cursor is not None:
        before = paging.decode_cursor(cursor, scope=scope, parse=instant_and_id)
    rows = await read(before=before, limit=limit + 1)
    return paging.page_of(
        rows, limit, scope=scope, position=lambda row: [instant(row).isoformat(), row.id.hex]
    )


def instant_and_id(position: Any) -> tuple[datetime, uuid.UUID]:
    """A cursor's `[instant, id hex]` position (of a newest-first list); 422 when bad."""
    instant, row_id = position
    return parse_instant(instant), uuid.UUID(hex=row_id)
