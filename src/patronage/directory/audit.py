"""A customer's audit trail: who changed what, when; written in the changing transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

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


async def list_events(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> Page[CustomerEvent]:
    """A customer's audit trail, newest first, a page at a time."""
    scope = paging.scope_of("events", customer_id)
    before = None
    if cursor is not None:
        before = paging.decode_cursor(cursor, scope=scope, parse=instant_and_id)
    events = await audit_repository.list_events(
        session, merchant_id, customer_id, before=before, limit=limit + 1
    )
    return paging.page_of(
        events, limit, scope=scope, position=lambda e: [e.created_at.isoformat(), e.id.hex]
    )


def instant_and_id(position: Any) -> tuple[datetime, uuid.UUID]:
    """A cursor's `[instant, id hex]` position (of a newest-first list); 422 when bad."""
    instant, row_id = position
    return parse_instant(instant), uuid.UUID(hex=row_id)
