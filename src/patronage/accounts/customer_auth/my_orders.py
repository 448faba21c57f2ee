"""A signed-in customer's own orders, across the brands where they have a profile."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.core import paging, tenancy
from patronage.core.paging import Page
from patronage.sale import service as order_service


@dataclass(frozen=True)
class MyOrder:
    merchant_id: uuid.UUID
    merchant_name: str
    view: order_service.OrderView


MyOrdersPage = Page[MyOrder]


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
    scope = paging.scope_of("my-orders", user_id, merchant_id)
    position = (
        None if cursor is None else paging.decode_cursor(cursor, scope=scope, parse=_position)
    )
    start, inner = _start(profiles, position)
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
            return MyOrdersPage(
                items, _encode(_Position(profile.customer_id, page.next_cursor), scope)
            )
        inner = None
        if len(items) >= limit and index + 1 < len(profiles):
            following = profiles[index + 1].customer_id
            return MyOrdersPage(items, _encode(_Position(following, None), scope))
    return MyOrdersPage(items, None)


def _start(
    profiles: list[account_service.Profile], position: _Position | None
) -> tuple[int, str | None]:
    if position is None:
        return 0, None
    for index, profile in enumerate(profiles):
        if profile.customer_id == position.customer_id:
            return index, position.inner
    raise paging.invalid_cursor()


def _encode(position: _Position, scope: str) -> str:
    return paging.encode_cursor([position.customer_id.hex, position.inner], scope=scope)


def _decode(cursor: str | None, scope: str) -> _Position | None:
    return None if cursor is None else paging.decode_cursor(cursor, scope=scope, parse=_position)


def _position(raw: Any) -> _Position:
    customer_id, inner = raw
    if inner is not None and not isinstance(inner, str):
        raise ValueError("inner cursor")
    return _Position(uuid.UUID(hex=customer_id), inner)
