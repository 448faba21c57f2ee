"""A signed-in customer's copy of their data, at once, across the brands where they have a
profile: the profile, consents with their evidence, tags, orders, the audit trail and their
data requests (Law 91/2025/QH15 Art. 4: a person may see and get a copy of their data)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.accounts.data_rights import service as request_service
from patronage.accounts.data_rights.models import DataRequest
from patronage.core import tenancy
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import service as customer_service
from patronage.directory.consent import service as consent_service
from patronage.directory.tags import service as tag_service
from patronage.sale import service as order_service

T = TypeVar("T")


@dataclass(frozen=True)
class BrandData:
    profile: account_service.Profile
    customer: customer_service.Customer
    consents: list[consent_service.ConsentState]
    consent_history: list[Any]
    tags: list[Any]
    orders: list[order_service.OrderView]
    events: list[Any]
    requests: list[DataRequest]


@dataclass(frozen=True)
class MyData:
    me: account_service.Me
    brands: list[BrandData]


async def export_my_data(session: AsyncSession, user_id: uuid.UUID) -> MyData:
    """Everything each brand keeps about the signed-in customer, read brand by brand."""
    me = await account_service.get_me(session, user_id)
    brands = []
    for profile in me.profiles:
        # The profile is the customer's own (read under RLS `own_rows`): it proves the brand.
        brand = tenancy.trusted_merchant_id(profile.merchant_id)
        await tenancy.bind(session, merchant_id=brand, user_id=user_id)
        brands.append(await _brand_data(session, brand, profile))
    return MyData(me, brands)


async def _brand_data(
    session: AsyncSession, brand: MerchantId, profile: account_service.Profile
) -> BrandData:
    customer_id = profile.customer_id
    return BrandData(
        profile=profile,
        customer=await customer_service.get_customer(session, brand, customer_id),
        consents=await consent_service.current_consents(session, brand, customer_id),
        consent_history=await _every(
            lambda c: consent_service.consent_history(session, brand, customer_id, cursor=c)
        ),
        tags=list(await tag_service.customer_tags(session, brand, customer_id)),
        orders=await _every(
            lambda c: order_service.list_customer_orders(
                session, brand, customer_id, cursor=c, limit=order_service.MAX_PAGE_SIZE
            )
        ),
        events=await _every(
            lambda c: customer_service.list_events(session, brand, customer_id, limit=100, cursor=c)
        ),
        requests=await request_service.requests_of_customer(session, brand, customer_id),
    )


async def _every(read: Callable[[str | None], Awaitable[Page[T]]]) -> list[T]:
    """Every item of a paged list, page after page."""
    items: list[T] = []
    cursor = None
    while True:
        page = await read(cursor)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor
