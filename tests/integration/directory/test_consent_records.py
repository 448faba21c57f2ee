"""Consent records are evidence: PostgreSQL itself refuses to change or remove one."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import delete, select, update

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.directory.consent.models import CustomerConsent
from tests.factories import create_brand, create_customer
from tests.factories.consents import put_consent

pytestmark = pytest.mark.postgres_only


async def test_the_apps_role_can_neither_update_nor_delete_a_record(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    customer = await create_customer(client, brand)
    await put_consent(client, brand, customer, status="granted")
    merchant_id = tenancy.trusted_merchant_id(brand.merchant_id)
    customer_id = uuid.UUID(str(customer["id"]))
    scope = (CustomerConsent.merchant_id == merchant_id, CustomerConsent.customer_id == customer_id)
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        changed = await session.execute(
            update(CustomerConsent).where(*scope).values(status="withdrawn")
        )
        removed = await session.execute(delete(CustomerConsent).where(*scope))
        assert (changed.rowcount, removed.rowcount) == (0, 0)  # type: ignore[attr-defined]
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        statuses = (await session.execute(select(CustomerConsent.status).where(*scope))).scalars()
        assert list(statuses) == ["granted"]
