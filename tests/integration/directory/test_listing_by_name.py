"""Listing a brand's customers in the order of their names (the web list's "by name")."""

from __future__ import annotations

import httpx

from patronage.core.db import Database
from patronage.directory import service as customer_service
from patronage.directory.search import SearchPage
from tests.factories import Brand, acting_for, create_customer


async def _by_name(db: Database, brand: Brand, cursor: str | None, limit: int = 2) -> SearchPage:
    async with acting_for(db, brand) as (session, merchant_id):
        return await customer_service.list_by_name(
            session, merchant_id, limit=limit, cursor=cursor, include_deleted=False
        )


async def test_customers_come_in_folded_name_order_a_page_at_a_time(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    for name in ("Nguyễn Văn An", "Đào Thị Bích", "Bùi Minh Châu", "Lê Hoa"):
        await create_customer(client, brand, name=name)
    first = await _by_name(db, brand, None)
    second = await _by_name(db, brand, first.next_cursor)
    names = [c.name for c in first.items + second.items]
    assert names == ["Bùi Minh Châu", "Đào Thị Bích", "Lê Hoa", "Nguyễn Văn An"]
    assert second.next_cursor is None


async def test_another_brands_customers_are_not_listed(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    await create_customer(client, other_brand, name="Trần Khác")
    assert (await _by_name(db, brand, None, limit=10)).items == []
