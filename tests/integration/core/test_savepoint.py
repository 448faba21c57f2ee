"""A step of a unit of work undone on its own (what a refused web form relies on)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.db import Database, savepoint
from patronage.core.errors import VALIDATION, AppError
from patronage.directory import service as customer_service
from tests.factories import Brand, acting_for, unique_email, vn_phone


async def _names(db: Database, merchant_id: tenancy.MerchantId) -> set[str]:
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        page = await customer_service.search_customers(
            session, merchant_id, query=None, limit=10, cursor=None, include_deleted=False
        )
        return {c.name for c in page.items}


async def _create(session: AsyncSession, merchant_id: tenancy.MerchantId, name: str) -> None:
    await customer_service.create_customer(
        session,
        merchant_id,
        actor_id=None,
        name=name,
        phones=[vn_phone()],
        emails=[unique_email("c")],
    )


@pytest.mark.parametrize("keep", [False, True], ids=["undone", "kept"])
async def test_a_refused_step_is_undone_alone_unless_it_keeps_its_work(
    client: httpx.AsyncClient, db: Database, brand: Brand, keep: bool
) -> None:
    async with acting_for(db, brand) as (session, merchant_id):
        await _create(session, merchant_id, "Trước Bước")
        with pytest.raises(AppError):
            async with savepoint(session):
                await _create(session, merchant_id, "Trong Bước")
                raise AppError(VALIDATION, keep_work=keep)
        await _create(session, merchant_id, "Sau Bước")
    expected = {"Trước Bước", "Sau Bước"} | ({"Trong Bước"} if keep else set())
    assert await _names(db, merchant_id) == expected
