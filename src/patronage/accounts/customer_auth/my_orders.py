"""A signed-in customer's own orders, across the brands where they have a profile."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.accounts.customer_auth.errors import CURSOR_INVALID
from patronage.core import tenancy
from patronage.core.errors import AppError
from patronage.sale import service as order_service


@dataclass(frozen=True)
class MyOrder:
    merchant_id: uuid.UUID
    merchant_name: str
    view: order_service.OrderView


@dataclass(frozen=True)
class MyOrdersPage:
    items: list[MyOrder]
    next_cursor: str | None


@dataclass(frozen=True)
class _Position:
    customer_id: uuid.UUID
    inner: str | None


async def list_my_orders(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    merchant_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: int = order_service.DEFAULT_PAGE_SIZE,
) -> MyOrdersPage:
    """Orders of each own profile in turn (oldest profile first), each brand's newest first."""
    limit = max(1, min(limit, order_service.MAX_PAGE_SIZE))
    me = await account_service.get_me(session, user_id)
    profiles = [p for p in me.profiles if merchant_id is None or p.merchant_id == merchant_id]
    start, inner = _start(profiles, _decode(cursor))
    items: list[MyOrder] = []
    for index in range(start, len(profiles)):
        profile = profiles[index]
        # The profile is the customer's own (read under RLS `own_rows`): it proves the brand.
        brand = tenancy.trusted_merchant_id(profile.merchant_id)
        await tenancy.bind(session, merchant_id=brand, user_id=user_id)
        page = await order_service.list_customer_orders(
            session, brand, profile.customer_id, cursor=inner, limit=limit - len(items)
        )
        items += [MyOrder(profile.merchant_id, profile.merchant_name, v) for v in page.items]
        if page.next_cursor:
            return MyOrdersPage(items, _encode(_Position(profile.customer_id, page.next_cursor)))
        inner = None
        if len(items) >= limit and index + 1 < len(profiles):
            following = profiles[index + 1].customer_id
            return MyOrdersPage(items, _encode(_Position(following, None)))
    return MyOrdersPage(items, None)


def _start(
    profiles: list[account_service.Profile], position: _Position | None
) -> tuple[int, str | None]:
    if position is None:
        return 0, None
    for index, profile in enumerate(profiles):
        if profile.customer_id == position.customer_id:
            return index, position.inner
    raise AppError(CURSOR_INVALID)


def _encode(position: _Position) -> str:
    raw = json.dumps({"p": str(position.customer_id), "c": position.inner}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> _Position | None:
    if cursor is None:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        inner = raw["c"]
        if inner is not None and not isinstance(inner, str):
            raise ValueError("inner cursor")
        return _Position(uuid.UUID(raw["p"]), inner)
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise AppError(CURSOR_INVALID) from exc
